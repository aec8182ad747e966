"""The taper store and the kept-plan helpers of core.taper: which days a plan covers, the allowance
line for week/trends (`allowances_for`), grams per local day across DST, and the dose fast path
staying light while a plan runs."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from helpers import NOW, db_file, run
from kratomlog.core.invalid import Invalid
from kratomlog.core.settings import Settings
from kratomlog.core.taper import (
    Change,
    Period,
    Plan,
    PlanSpec,
    Step,
    chart_window,
    covered_allowance,
    current_rule,
    floor_day,
    last_day,
    parse_hold,
    remaining,
    state_on,
    taper_status,
)
from kratomlog.store.database import open_database
from kratomlog.store.taper_store import allowances_for, daily_use, remaining_today

DAY = 86400
NOV = date(2026, 11, 1)


def nov(n: int) -> date:
    return date(2026, 11, n)


SPEC = PlanSpec(nov(18), 6, Step(1, False), 3, floor_g=2)  # 6,5,4,3 over 3 days each; floor 2 on Nov 30


def test_an_active_plan_covers_its_start_to_its_floor_day():
    plan = Plan(1, SPEC)
    periods = plan.periods()
    assert last_day(plan, periods) == nov(30)
    assert [covered_allowance(plan, periods, nov(n)) for n in (17, 18, 24, 29, 30)] == [None, 6, 4, 3, 2]
    assert covered_allowance(plan, periods, date(2026, 12, 1)) is None
    assert (state_on(plan, periods, nov(30)), state_on(plan, periods, date(2026, 12, 1))) == ("active", "finished")


def test_a_stopped_plan_covers_the_days_before_it_was_stopped():
    plan = Plan(1, SPEC, status="stopped", ended_on=nov(24))
    periods = plan.periods()
    assert last_day(plan, periods) == nov(23)
    assert covered_allowance(plan, periods, nov(23)) == 5 and covered_allowance(plan, periods, nov(24)) is None
    same_day = Plan(1, SPEC, status="stopped", ended_on=nov(18))
    assert last_day(same_day, same_day.periods()) is None
    assert covered_allowance(same_day, same_day.periods(), nov(18)) is None


def test_current_rule_follows_adjusts_in_date_order():
    plan = Plan(1, SPEC, (Change(nov(25), "adjust", every_days=5), Change(nov(20), "adjust", step=Step(5, True), compound=True)))
    assert current_rule(plan) == (Step(5, True), 5, True)
    assert current_rule(Plan(1, SPEC, (Change(nov(20), "hold", hold_days=3),))) == (Step(1, False), 3, False)


def test_chart_window_is_the_whole_plan_or_eight_weeks_around_today():
    periods = [Period(nov(1), nov(20), 5), Period(nov(21), nov(21), 0)]
    assert chart_window(periods, nov(5)) == (nov(1), nov(21))
    long = [Period(NOV, NOV + timedelta(days=99), 5), Period(NOV + timedelta(days=100), NOV + timedelta(days=100), 0)]
    assert chart_window(long, nov(3)) == (NOV, NOV + timedelta(days=55))
    today = NOV + timedelta(days=50)
    assert chart_window(long, today) == (today - timedelta(days=27), today + timedelta(days=28))
    assert chart_window(long, NOV + timedelta(days=100)) == (NOV + timedelta(days=45), NOV + timedelta(days=100))


def test_remaining_splits_into_left_and_over():
    assert remaining(6, 4.75) == (1.25, 0.0)
    assert remaining(6, 6) == (0.0, 0.0)
    assert remaining(6, 6.5) == (0.0, 0.5)
    assert remaining(0.3, 0.1) == (0.2, 0.0)  # no float noise


@pytest.mark.parametrize("text, days", [("7d", 7), ("3", 3), ("1w", 7)])
def test_parse_hold(text, days):
    assert parse_hold(text) == days


@pytest.mark.parametrize("text", ["0d", "-1d", "400d", "soon", ""])
def test_parse_hold_refuses(text):
    with pytest.raises(Invalid, match="--for takes days like 7d or weeks like 1w"):
        parse_hold(text)


def ok(*args: str, now: int = NOW):
    result = run(*args, now=now)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def test_allowances_for_days_under_past_and_present_plans():
    # plan 1: Nov 10, 4 g down 1 g every 2 days, stopped on Nov 13; plan 2 from Nov 27 (12 g, 0.5 g / 5 d)
    ok("taper", "start", "--from", "4g", "--step", "1g", "--every", "2d", now=NOW - 17 * DAY)
    ok("taper", "stop", now=NOW - 14 * DAY)
    ok("taper", "start", "--from", "12g", "--step", "0.5g", "--every", "5d")
    db = open_database(db_file())
    days = [nov(n) for n in (9, 10, 11, 12, 13, 26, 27, 30)] + [date(2026, 12, 2), date(2027, 3, 27), date(2027, 3, 28)]
    assert allowances_for(db, days) == [None, 4, 4, 3, None, None, 12, 12, 11.5, 0, None]


def test_remaining_today_reads_the_active_plan():
    db = open_database(db_file())
    assert remaining_today(db.conn, NOW, Settings()) is None
    ok("taper", "start", "--from", "6g", "--step", "1g", "--every", "3d")
    ok("dose", "1.75g", "Red Bali")
    db = open_database(db_file())
    assert remaining_today(db.conn, NOW, Settings()) == (6, 1.75, 4.25, 0.0)


def test_daily_use_counts_grams_on_local_days_across_a_dst_change(tz):
    tz("America/New_York")  # clocks went back on Sun 2026-11-01 at 02:00
    now = 1796000000  # Sun 2026-11-29 18:53 in New York
    ok("dose", "2g", "Red Bali", "--at", "2026-11-01 23:30", now=now)  # 04:30 UTC on Nov 2
    ok("dose", "3g", "--at", "2026-11-01 00:30", now=now)
    ok("dose", "1g", "--at", "2026-10-31 23:59", now=now)
    ok("stress", "4", "--at", "2026-11-02 08:00", now=now)
    db = open_database(db_file())
    use = daily_use(db.conn, date(2026, 10, 31), date(2026, 11, 3), Settings())
    assert use.grams == {date(2026, 10, 31): 1.0, date(2026, 11, 1): 5.0}
    assert use.logged == {date(2026, 10, 31), date(2026, 11, 1), date(2026, 11, 2)}


def test_dose_during_a_plan_stays_off_rich_sqlmodel_and_plotext(tmp_path):
    ok("taper", "start", "--from", "6g", "--step", "1g", "--every", "3d")
    ok("dose", "1g", "Red Bali", "--at", "1h ago")  # not a repeat of the dose below
    probe = (
        "import sys\n"
        "sys.argv = ['kratomlog', 'dose', '1g']\n"
        "from kratomlog.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('rich', 'sqlmodel', 'sqlalchemy', 'plotext', 'pydantic'))\n"
        "print('HEAVY', heavy)\n"
    )
    env = dict(os.environ, KRATOMLOG_NOW=str(NOW), PYTHONPATH=str(Path(__file__).parents[1] / "src"))
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60)
    assert "taper: 4 g left of 6 g today" in done.stdout, done.stderr
    assert "HEAVY []" in done.stdout



@hsettings(max_examples=100, deadline=None)
@given(
    offset=st.integers(0, 40),
    stop_after=st.one_of(st.none(), st.integers(0, 40)),
    used=st.floats(0, 20, allow_nan=False),
)
def test_kept_plan_properties(offset, stop_after, used):
    ended = None if stop_after is None else SPEC.start_day + timedelta(days=stop_after)
    plan = Plan(1, SPEC, status="active" if ended is None else "stopped", ended_on=ended)
    periods = plan.periods()
    day = SPEC.start_day + timedelta(days=offset)
    covered = covered_allowance(plan, periods, day)
    last = min(floor_day(periods), ended - timedelta(days=1)) if ended else floor_day(periods)
    assert (covered is not None) == (day <= last)
    if day <= floor_day(periods):
        status = taper_status(periods, day, {day: used}, {day}, None)
        assert status.remaining_g - status.over_g == pytest.approx(status.allowance_g - round(used, 2), abs=0.011)
        assert min(status.remaining_g, status.over_g) == 0
        assert status.adherence.days == offset
        assert periods[status.step - 1].start <= day


def test_status_on_a_day_before_the_start_shows_the_first_step():
    periods = Plan(1, SPEC).periods()
    status = taper_status(periods, nov(17), {nov(17): 2.0}, {nov(17)})
    assert (status.step, status.allowance_g, status.remaining_g, status.next_step_on) == (1, 6, 4.0, nov(21))
    assert status.adherence.days == 0
