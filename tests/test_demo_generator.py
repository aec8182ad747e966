"""The demo-data generator: determinism, no future entries, realistic counts, and the EVIDENCE §6
quantities each scenario is built to produce — recomputed here from the raw data with core.days."""

from __future__ import annotations

import math
import random
import statistics
import time
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

import pytest

from kratomlog.core.clock import from_local, to_local_naive
from kratomlog.core.days import day_start, last_finished_days, local_day
from kratomlog.core.demo import (
    DSM5_ITEMS,
    PSS10_ITEMS,
    SCENARIO_BY_NAME,
    SCENARIOS,
    SOWS_ITEMS,
    DemoData,
    generate,
    long_history,
)
from kratomlog.core.vocab import CONCENTRATE_FORMS, DEPRESSANTS, LEAF_FORMS, REASONS, SUBSTANCES
from kratomlog.core.invalid import Invalid
from kratomlog.core.settings import Settings

S = Settings()
TODAY = date(2026, 11, 20)  # eight weeks back crosses the US DST change of 2026-11-01
DAY = 86400


def end_of(day: date) -> int:
    return day_start(day + timedelta(days=1), S) - 1


def by_day(data: DemoData) -> dict[date, list]:
    days = defaultdict(list)
    for dose in data.doses:
        days[local_day(dose.at, S)].append(dose)
    return days


def grams_per_day(data: DemoData, days: list[date]) -> float:
    per_day = by_day(data)
    return sum(d.grams for day in days for d in per_day.get(day, [])) / len(days)


def doses_per_day(data: DemoData, days: list[date]) -> float:
    per_day = by_day(data)
    return sum(len(per_day.get(day, [])) for day in days) / len(days)


def weeks_for(scenario: str, weeks: int = 8) -> int:
    """`weeks`, or the scenario's own minimum if that is more (restart compares two 30-day windows)."""
    return max(weeks, SCENARIO_BY_NAME[scenario].min_weeks)


def sows_totals(data: DemoData) -> list[tuple[int, int]]:
    return [(c.at, sum(c.items.values())) for c in data.checks if c.instrument == "sows"]


# --- basics -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_same_seed_same_data_and_global_random_is_untouched(scenario):
    random.seed(1)
    first = generate(scenario, weeks_for(scenario), TODAY, seed=42)
    random.seed(2)
    second = generate(scenario, weeks_for(scenario), TODAY, seed=42)
    assert first == second
    assert generate(scenario, weeks_for(scenario), TODAY, seed=43) != first


def test_different_scenarios_differ():
    assert generate("steady", 8, TODAY, 1).doses != generate("escalating", 8, TODAY, 1).doses


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_nothing_after_now(scenario, tz):
    tz("America/New_York")
    now = from_local(datetime(2026, 11, 20, 10, 0))
    data = generate(scenario, weeks_for(scenario), TODAY, seed=5, now=now)
    stamps = [r.at for r in (*data.doses, *data.ratings, *data.checks, *data.others)]
    assert stamps and max(stamps) <= now
    assert all(day < TODAY for day in data.no_use_days)
    full = generate(scenario, weeks_for(scenario), TODAY, seed=5)
    assert max(r.at for r in (*full.doses, *full.ratings)) <= end_of(TODAY)
    # the same person, only cut at now
    assert data.doses == tuple(d for d in full.doses if d.at <= now)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_records_are_well_formed(scenario):
    data = generate(scenario, weeks_for(scenario), TODAY, seed=3)
    seven_oh = [s for s in data.strains if s.form == "7-oh"]
    assert len(seven_oh) == (scenario == "seven-oh")
    leaf = [s for s in data.strains if s.form != "7-oh"]
    assert 3 <= len(leaf) <= 5
    capsules = [s for s in data.strains if s.form == "capsule"]
    assert len(capsules) == 1 and capsules[0].capsule_grams == 0.5
    assert all(s.form == "powder" and s.capsule_grams is None for s in leaf if s is not capsules[0])
    assert all(s.vendor and s.batch for s in data.strains)
    assert all(s.mitragynine_pct is None or 1.3 <= s.mitragynine_pct <= 1.9 for s in data.strains)
    names = {s.name for s in data.strains}
    assert len(names) == len(data.strains)
    capsule_size = {s.name: s.capsule_grams for s in data.strains}
    unit_size = {s.name: s.unit_grams for s in data.strains}
    for dose in data.doses:
        assert dose.strain in names
        assert set(dose.reasons) <= set(REASONS)
        expected = {"g": dose.amount, "caps": dose.amount * (capsule_size[dose.strain] or math.nan), "tsp": dose.amount * 2.5,
                    "tablet": dose.amount * (unit_size[dose.strain] or math.nan)}
        assert dose.grams == pytest.approx(expected[dose.unit])
        assert 6 * 60 <= to_local_naive(dose.at).hour * 60 + to_local_naive(dose.at).minute <= 23 * 60
    assert list(data.doses) == sorted(data.doses, key=lambda d: d.at)
    for rating in data.ratings:
        assert 0 <= rating.stress <= 10
        assert rating.craving is None or 0 <= rating.craving <= 10
        assert rating.pain is None or 0 <= rating.pain <= 10
    keys = {"sows": SOWS_ITEMS, "dsm5": DSM5_ITEMS, "pss10": PSS10_ITEMS}
    high = {"sows": 4, "dsm5": 1, "pss10": 4}
    for check in data.checks:
        assert tuple(check.items) == keys[check.instrument]
        assert all(0 <= v <= high[check.instrument] for v in check.items.values())
    assert {o.substance for o in data.others} <= set(SUBSTANCES)
    dose_days = set(by_day(data))
    assert not dose_days & set(data.no_use_days)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_counts_are_roughly_as_described(scenario):
    data = generate(scenario, 12, TODAY, seed=9)
    days = 12 * 7 + 1
    per_day = Counter(local_day(r.at, S) for r in data.ratings)
    assert len(per_day) == days and set(per_day.values()) <= {1, 2, 3}
    kinds = Counter(c.instrument for c in data.checks)
    assert 10 <= kinds["sows"] <= 15  # weekly-ish
    assert 2 <= kinds["pss10"] <= 4  # every ~4 weeks
    assert kinds["dsm5"] == 1
    assert any(o.substance == "stimulant" for o in data.others)
    assert data.no_use_days  # a few deliberate no-use days
    used = by_day(data)
    if scenario != "steady":
        doses_a_day = len(data.doses) / len(used)
        assert 2 <= doses_a_day <= 4.5
    assert sum(bool(d.note) for d in data.doses) >= 1
    assert sum(bool(d.reasons) for d in data.doses) >= 0.8 * len(data.doses)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: generate("chaotic", 8, TODAY, 1),
         "unknown demo scenario 'chaotic'; choose one of steady, escalating, tapering, seven-oh, restart"),
        (lambda: generate("restart", 8, TODAY, 1),
         "the restart scenario needs at least 9 weeks of history to show what it promises; got 8"),
        (lambda: generate("steady", 5, TODAY, 1), "demo weeks must be a whole number from 6 to 260; got 5"),
        (lambda: generate("steady", 261, TODAY, 1), "from 6 to 260; got 261"),
        (lambda: generate("steady", "8", TODAY, 1), "got '8'"),
        (lambda: generate("steady", 8, TODAY, 1, now=day_start(TODAY, S) - 1), "now must not be before the start of today"),
        (lambda: long_history(0, TODAY, 1), "history years must be a whole number from 1 to 30; got 0"),
    ],
)
def test_bad_arguments_are_invalid(call, message):
    with pytest.raises(Invalid, match=message.replace("(", r"\(").replace(")", r"\)")):
        call()


# --- steady: every §6 rule stays clear ---------------------------------------------------------------


def assert_no_signal(data: DemoData, now: int) -> None:
    per_day = by_day(data)
    forms = {s.name: s.form for s in data.strains}
    last7, last14 = last_finished_days(now, 7, S), last_finished_days(now, 14, S)
    window_29_35 = last_finished_days(now, 35, S)[:7]

    assert doses_per_day(data, last7) <= 3  # frequency
    recent = [d for d in data.doses if d.at > now - 7 * DAY]
    assert not any(d.grams >= 5 and forms[d.strain] in LEAF_FORMS for d in recent)  # high-dose
    assert sum(len(per_day.get(day, [])) for day in last7) < 22
    assert not all(per_day.get(day) for day in last14)  # daily-run
    old = grams_per_day(data, window_29_35)  # escalation
    assert old > 0 and grams_per_day(data, last7) > 0
    assert grams_per_day(data, last7) < 1.25 * old
    totals = sows_totals(data)  # withdrawal
    assert totals[-1][0] > now - 14 * DAY
    assert totals[-1][1] < 13 and totals[-1][1] - totals[-2][1] < 4
    relief = [d.at for d in data.doses if "withdrawal" in d.reasons]  # relief-use, any 7 days
    assert all(sum(a <= b < a + 7 * DAY for b in relief) < 2 for a in relief)
    dsm = [c for c in data.checks if c.instrument == "dsm5"]  # dsm-screen
    assert sum(dsm[-1].items.values()) <= 1
    assert not any(s.form in CONCENTRATE_FORMS for s in data.strains)  # concentrate
    for other in data.others:  # combination
        if other.substance in DEPRESSANTS and other.at > now - 7 * DAY:
            assert all(abs(d.at - other.at) > 12 * 3600 for d in data.doses)
    # after-break: the first dose after ≥ 3 days without use is below the median single dose of
    # the 14 use-days before the break — checked for every break, not only the last 7 days
    doses = data.doses
    for before, after in zip(doses, doses[1:]):
        if after.at - before.at >= 3 * DAY:
            use_days = sorted(day for day in per_day if day <= local_day(before.at, S))[-14:]
            if len(use_days) == 14:
                median = statistics.median(d.grams for day in use_days for d in per_day[day])
                assert after.grams < median
    # shortening-gaps and earlier-first-dose over the last 30 finished days and the 30 before
    sixty = last_finished_days(now, 60, S)
    windows = (sixty[30:], sixty[:30])
    qualifying = [[day for day in w if len(per_day.get(day, [])) >= 2] for w in windows]
    if all(len(q) >= 15 for q in qualifying):
        medians = [
            statistics.median(statistics.median(b.at - a.at for a, b in zip(per_day[d], per_day[d][1:])) for d in q)
            for q in qualifying
        ]
        assert not (medians[1] - medians[0] >= 1800 and medians[0] <= 0.9 * medians[1])
    first_minutes = [
        [to_local_naive(per_day[day][0].at).hour * 60 + to_local_naive(per_day[day][0].at).minute for day in w if per_day.get(day)]
        for w in windows
    ]
    if all(len(m) >= 15 for m in first_minutes):
        assert statistics.median(first_minutes[1]) - statistics.median(first_minutes[0]) < 30


@pytest.mark.parametrize("weeks", [6, 8, 12, 26])
@pytest.mark.parametrize("seed", range(8))
def test_steady_has_no_signal(weeks, seed, tz):
    tz("America/New_York")
    data = generate("steady", weeks, TODAY, seed)
    assert_no_signal(data, end_of(TODAY))
    morning = from_local(datetime(2026, 11, 20, 9, 0))
    assert_no_signal(generate("steady", weeks, TODAY, seed, now=morning), morning)


def test_steady_is_occasional_with_a_deliberate_break():
    data = generate("steady", 12, TODAY, 4)
    used = by_day(data)
    finished = last_finished_days(end_of(TODAY), 84, S)
    share = sum(day in used for day in finished) / len(finished)
    assert 0.5 <= share <= 0.8
    assert max(len(v) for v in used.values()) <= 2
    gaps = [b.at - a.at for a, b in zip(data.doses, data.doses[1:])]
    assert sum(g >= 3 * DAY for g in gaps) == 1
    runs, run = [], 0
    for day in finished:
        run = 0 if day in used else run + 1
        runs.append(run)
    assert max(runs) == 4  # the break: four logged no-use days
    assert sum(1 for day in data.no_use_days) >= 4


# --- escalating ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("weeks", [6, 8, 20])
@pytest.mark.parametrize("seed", range(6))
def test_escalating_triggers_frequency_and_escalation(weeks, seed, tz):
    tz("America/New_York")
    now = end_of(TODAY)
    data = generate("escalating", weeks, TODAY, seed)
    last7 = last_finished_days(now, 7, S)
    window_29_35 = last_finished_days(now, 35, S)[:7]
    assert doses_per_day(data, last7) > 3
    assert grams_per_day(data, last7) >= 1.25 * grams_per_day(data, window_29_35) > 0
    weekly = [grams_per_day(data, last_finished_days(now, 7 * k, S)[:7]) for k in range(6, 0, -1)]
    assert weekly == sorted(weekly), weekly  # more grams week by week over the final six weeks
    counts = [doses_per_day(data, last_finished_days(now, 7 * k, S)[:7]) for k in range(6, 0, -1)]
    assert counts[-1] > counts[0] + 1.5
    assert not any(s.form in CONCENTRATE_FORMS for s in data.strains)


# --- tapering -----------------------------------------------------------------------------------------


def allowance_by_hand(start: date, start_g: float, hold: tuple[date, int], day: date) -> float:
    """10% of the starting amount every 30 days, rounded down to 0.25 g; the hold lengthens the
    step it falls in (the rules of core/taper)."""
    offset = (day - start).days
    hold_step = (hold[0] - start).days // 30
    if offset >= (hold_step + 1) * 30:
        offset = max((hold_step + 1) * 30 - 1, offset - hold[1])
    step = offset // 30
    return math.floor((start_g - step * start_g / 10) / 0.25 + 1e-9) * 0.25


@pytest.mark.parametrize("weeks", [6, 8, 14])
@pytest.mark.parametrize("seed", range(4))
def test_tapering_follows_the_allowance_at_the_guidance_pace(seed, weeks, tz):
    tz("America/New_York")
    data = generate("tapering", weeks, TODAY, seed)
    (taper,) = data.tapers
    first_day = TODAY - timedelta(days=7 * weeks)
    assert taper.start_day == first_day + timedelta(days=28)  # after 4 weeks of daily use
    # EVIDENCE §5: after long-term use about 10% of the starting amount a month, not a week
    assert (taper.step, taper.every_days, taper.stopped_on, taper.finished) == ("10%", 30, None, False)
    baseline = [first_day + timedelta(days=n) for n in range(28)]
    assert all(by_day(data).get(day) for day in baseline)  # a daily user
    # so `taper start` itself finds the plan at the guided pace for that history: no warning
    from kratomlog.core.taper import PlanSpec, pace_warning, parse_step, schedule

    plan = PlanSpec(taper.start_day, taper.start_g, parse_step(taper.step), taper.every_days, taper.floor_g)
    assert pace_warning(plan, schedule(plan), use_days=28) is None
    faster = PlanSpec(taper.start_day, taper.start_g, parse_step("10%"), 7, taper.floor_g)  # 0.1.0's demo pace
    assert pace_warning(faster, schedule(faster), use_days=28) is not None
    assert taper.start_g == pytest.approx(grams_per_day(data, baseline[-14:]), abs=0.005)
    assert 0 < taper.floor_g < taper.start_g
    assert len(taper.holds) == 1 and taper.holds[0][1] == 7
    hold_day = taper.holds[0][0]
    assert taper.start_day < hold_day < TODAY

    per_day = by_day(data)
    plan_days = [taper.start_day + timedelta(days=n) for n in range((TODAY - taper.start_day).days)]
    within = 0
    for day in plan_days:
        allowance = max(taper.floor_g, allowance_by_hand(taper.start_day, taper.start_g, taper.holds[0], day))
        grams = sum(d.grams for d in per_day.get(day, []))
        assert grams <= allowance * 1.06 + 1e-9
        assert grams == 0 or grams >= 0.8 * allowance
        within += grams <= allowance + 1e-9
    assert within >= 0.7 * len(plan_days)  # over by up to 6% on about 12% of days
    # never more than 10% of the starting amount below it in any 30 days of the plan
    for day in plan_days[30:]:
        month_ago = day - timedelta(days=30)
        drop = allowance_by_hand(taper.start_day, taper.start_g, taper.holds[0], month_ago) - \
            allowance_by_hand(taper.start_day, taper.start_g, taper.holds[0], day)
        assert drop <= taper.start_g * 0.1 + 0.25
    # a rise of 4 in SOWS just before the hold (the "consider holding" heuristic)
    totals = sows_totals(data)
    before = [i for i, (at, _) in enumerate(totals) if local_day(at, S) == hold_day - timedelta(days=1)]
    assert before and totals[before[0]][1] - totals[before[0] - 1][1] == 4
    assert doses_per_day(data, last_finished_days(end_of(TODAY), 7, S)) <= 3


# --- long history -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def history():
    started = time.perf_counter()
    data = long_history(10, TODAY, seed=7)
    return data, time.perf_counter() - started


@pytest.mark.slow  # the decade dataset
def test_long_history_counts_and_speed(history):
    data, seconds = history
    assert seconds < 5
    kinds = Counter(c.instrument for c in data.checks)
    assert 19_000 <= len(data.doses) <= 25_000
    assert 6_000 <= len(data.ratings) <= 8_000
    assert 450 <= kinds["sows"] <= 560
    assert 100 <= kinds["pss10"] + kinds["dsm5"] <= 140 and kinds["dsm5"] == 10
    assert len(data.strains) >= 6
    assert {"stimulant", "alcohol"} <= {o.substance for o in data.others}
    assert len(data.tapers) == 2 and all(t.finished and t.stopped_on for t in data.tapers)
    assert {t.step for t in data.tapers} == {"10%", "0.5g"}
    assert max(d.at for d in data.doses) <= end_of(TODAY)
    assert min(d.at for d in data.doses) >= day_start(TODAY - timedelta(days=3650), S)
    assert long_history(10, TODAY, seed=7) == data
    assert long_history(2, TODAY, seed=8) != long_history(2, TODAY, seed=9)


@pytest.mark.slow  # the decade dataset
def test_long_history_tapers_lower_use(history):
    data, _ = history
    per_day = by_day(data)
    for taper in data.tapers:
        before = [taper.start_day - timedelta(days=n) for n in range(1, 15)]
        assert taper.start_g == pytest.approx(sum(d.grams for day in before for d in per_day.get(day, [])) / 14, abs=0.005)
        late = [taper.stopped_on - timedelta(days=n) for n in range(1, 8)]
        assert sum(d.grams for day in late for d in per_day.get(day, [])) / 7 <= max(taper.floor_g, 0) * 1.06 + 1e-9
