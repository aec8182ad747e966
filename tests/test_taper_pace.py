"""Issue #12 point 7: `taper start` says so (heuristic, EVIDENCE §5) when a plan steps down faster
than the guidance for the person's own history — after daily use about 10% of the starting amount a
month, after shorter use about 10% a week — and never blocks the plan."""

from __future__ import annotations

from datetime import date

import pytest

from helpers import NOW, rows, run
from kratomlog.core.taper import DAILY_USE_DAYS, PlanSpec, pace_warning, parse_step, schedule
from seed import Seed, at


def spec(step: str, every: int, start_g: float = 6.0) -> PlanSpec:
    return PlanSpec(date(2026, 11, 27), start_g, parse_step(step), every, 0.0)


@pytest.mark.parametrize(("step", "every", "daily", "warned"), [
    ("10%", 7, True, True),     # 40% in the first month: 4× the long-term guidance
    ("10%", 30, True, False),   # the guidance itself
    ("10%", 28, True, False),   # one step in 30 days
    ("5%", 14, True, False),    # 10% in 30 days (days 14 and 28)
    ("10%", 14, True, True),    # 20% in 30 days
    ("10%", 7, False, False),   # after shorter use, 10% a week is the guidance
    ("20%", 7, False, True),
    ("1g", 7, False, True),     # 1 g of 6 g ≈ 17% a week
    ("0.5g", 7, False, False),  # 8% a week
])
def test_pace_against_the_guidance_for_the_history(step, every, daily, warned):
    plan = spec(step, every)
    use_days = DAILY_USE_DAYS if daily else DAILY_USE_DAYS - 1
    found = pace_warning(plan, schedule(plan), use_days)
    assert (found is not None) is warned
    if found:
        assert found.startswith("Heads-up (heuristic)") and "HHS 2019" in found
        assert ("a month" in found) is daily and ("a week" in found) is (not daily)


def test_the_warning_names_the_numbers():
    plan = spec("10%", 7)
    text = pace_warning(plan, schedule(plan), 27)
    assert "42% below its starting amount 30 days in" in text  # 6 → 3.5 g: 40%, allowances rounded down
    assert "use on 27 of the last 28 finished days" in text and "after months of daily use" in text


def _daily_user(days: int = 28):
    seed = Seed()
    for back in range(1, days + 1):
        seed.dose(at(back, 9), grams=3.0)
        seed.dose(at(back, 18), grams=3.0)
    seed.close()


def test_taper_start_warns_a_daily_user_about_10_percent_a_week_but_keeps_the_plan():
    _daily_user()
    result = run("taper", "start", "--step", "10%", "--every", "7d", now=NOW)
    assert result.exit_code == 0, result.output
    assert "Heads-up (heuristic): this plan is 42% below its starting amount 30 days in" in result.stdout
    assert "use on 28 of the last 28 finished days" in result.stdout
    assert len(rows("taper_plan")) == 1  # never blocked


def test_taper_start_at_the_guidance_pace_says_nothing_extra():
    _daily_user()
    result = run("taper", "start", "--step", "10%", "--every", "30d", now=NOW)
    assert result.exit_code == 0, result.output
    assert "Heads-up" not in result.stdout


def test_taper_start_after_shorter_use_compares_with_10_percent_a_week():
    _daily_user(days=10)
    ok = run("taper", "start", "--step", "10%", "--every", "7d", now=NOW)
    assert ok.exit_code == 0 and "Heads-up" not in ok.stdout
