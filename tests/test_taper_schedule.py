"""Taper schedule maths: parsing, hand-computed schedules, holds and adjusts, properties, adherence,
starting amount and the "consider holding" heuristic."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kratomlog.core.invalid import Invalid
from kratomlog.core.taper import (
    GUIDANCE,
    Adherence,
    Change,
    Period,
    PlanSpec,
    Step,
    adherence,
    allowance_on,
    hold_suggestion,
    parse_every,
    parse_grams,
    parse_step,
    schedule,
    start_amount,
    step_number,
    validate_spec,
)

MON = date(2026, 1, 5)


def d(n: int) -> date:
    return MON + timedelta(days=n)


def allowances(periods: list[Period]) -> list[float]:
    return [p.allowance_g for p in periods]


# --- parsing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("10%", Step(10, True)),
        (" 5 % ", Step(5, True)),
        ("2.5%", Step(2.5, True)),
        ("0.5g", Step(0.5, False)),
        ("0.5 g", Step(0.5, False)),
        ("250mg", Step(0.25, False)),
        ("3G", Step(3, False)),
    ],
)
def test_parse_step_accepts(text, expected):
    assert parse_step(text) == expected


@pytest.mark.parametrize("text", ["0", "0%", "0g", "-10%", "-0.5g", "100%", "150%", "10", "ten%", "", "5%g", "nan%"])
def test_parse_step_refuses(text):
    with pytest.raises(Invalid, match="--step takes a percentage like 10% or grams like 0.5g"):
        parse_step(text)


@pytest.mark.parametrize(
    "text, days", [("7d", 7), ("7", 7), ("5 days", 5), ("1d", 1), ("1w", 7), ("2w", 14), ("3 weeks", 21)]
)
def test_parse_every_accepts(text, days):
    assert parse_every(text) == days


@pytest.mark.parametrize("text", ["0d", "0", "0w", "-7d", "-1w", "7x", "w", "1.5w", "400d", ""])
def test_parse_every_refuses(text):
    with pytest.raises(Invalid, match="--every takes days like 7d or weeks like 1w"):
        parse_every(text)


@pytest.mark.parametrize("text, grams", [("12g", 12.0), ("12", 12.0), ("12 g", 12.0), ("0", 0.0), ("2.5g", 2.5), ("500mg", 0.5)])
def test_parse_grams_accepts(text, grams):
    assert parse_grams(text) == grams


@pytest.mark.parametrize("text", ["-1g", "abc", "12kg", "inf", "nan", "1e3", ""])
def test_parse_grams_refuses(text):
    with pytest.raises(Invalid, match="--floor takes grams like 12g or 12"):
        parse_grams(text, option="--floor")


# --- validation --------------------------------------------------------------------------------


def test_floor_above_start_is_refused_with_both_amounts():
    with pytest.raises(Invalid, match=r"^--floor 15g is above the starting 12g$"):
        validate_spec(PlanSpec(MON, 12, Step(10, True), 7, floor_g=15))


def test_floor_equal_to_start_is_refused():
    with pytest.raises(Invalid, match="--floor 12g is not below the starting 12g"):
        schedule(PlanSpec(MON, 12, Step(10, True), 7, floor_g=12))


@pytest.mark.parametrize(
    "spec, message",
    [
        (PlanSpec(MON, 0, Step(10, True), 7), "starting amount must be above 0g"),
        (PlanSpec(MON, 12, Step(0, True), 7), "step must be above 0"),
        (PlanSpec(MON, 12, Step(0, False), 7), "step must be above 0"),
        (PlanSpec(MON, 12, Step(100, True), 7), "below 100%"),
        (PlanSpec(MON, 12, Step(10, True), 0), "must last 1–365 days"),
        (PlanSpec(MON, 12, Step(10, True), 7, floor_g=-1), "--floor must be 0g or more"),
        (PlanSpec(MON, 12, Step(10, True), 7, rounding_g=0), "rounding must be at least"),
    ],
)
def test_bad_specs_are_refused(spec, message):
    with pytest.raises(Invalid, match=message):
        validate_spec(spec)


@pytest.mark.parametrize(
    "change, message",
    [
        (Change(d(-1), "hold", hold_days=3), "before the plan starts on 2026-01-05"),
        (Change(d(3), "hold"), "a hold lasts 1–365 days"),
        (Change(d(3), "hold", hold_days=0), "a hold lasts 1–365 days"),
        (Change(d(3), "adjust"), "an adjust needs a new --step, --every or compound"),
        (Change(d(3), "adjust", step=Step(120, True)), "below 100%"),
        (Change(d(3), "adjust", every_days=0), "must last 1–365 days"),
        (Change(d(3), "pause", hold_days=3), "a change is a hold or an adjust"),
    ],
)
def test_bad_changes_are_refused(change, message):
    with pytest.raises(Invalid, match=message):
        schedule(PlanSpec(MON, 12, Step(10, True), 7), [change])


# --- hand-computed schedules -----------------------------------------------------------------


def test_ten_percent_weekly_from_12g_is_ten_equal_steps_rounded_down():
    periods = schedule(PlanSpec(MON, 12, Step(10, True), 7))
    # targets 12 − k·1.2: 10.8, 9.6, 8.4, 7.2, 6.0, 4.8, 3.6, 2.4, 1.2, 0 → down to 0.25 g
    assert allowances(periods) == [12, 10.75, 9.5, 8.25, 7.0, 6.0, 4.75, 3.5, 2.25, 1.0, 0]
    assert periods[0] == Period(date(2026, 1, 5), date(2026, 1, 11), 12)
    assert periods[1] == Period(date(2026, 1, 12), date(2026, 1, 18), 10.75)
    assert periods[-2] == Period(date(2026, 3, 9), date(2026, 3, 15), 1.0)
    assert periods[-1] == Period(date(2026, 3, 16), date(2026, 3, 16), 0)  # the floor period


def test_half_gram_every_five_days_from_12g_to_zero():
    periods = schedule(PlanSpec(MON, 12, parse_step("0.5g"), parse_every("5d"), floor_g=parse_grams("0")))
    assert allowances(periods) == [12 - 0.5 * k for k in range(25)]
    assert len(periods) == 25
    assert periods[1] == Period(d(5), d(9), 11.5)
    assert periods[-1] == Period(d(120), d(120), 0)


def test_compound_ten_percent_of_the_current_allowance_down_to_2g():
    periods = schedule(PlanSpec(MON, 12, Step(10, True), 7, floor_g=2, compound=True))
    # 12·0.9=10.8→10.75; 9.675→9.5; 8.55→8.5; 7.65→7.5; 6.75; 6.075→6; 5.4→5.25; 4.725→4.5;
    # 4.05→4; 3.6→3.5; 3.15→3; 2.7→2.5; 2.25; 2.025→2 (the floor)
    assert allowances(periods) == [12, 10.75, 9.5, 8.5, 7.5, 6.75, 6.0, 5.25, 4.5, 4.0, 3.5, 3.0, 2.5, 2.25, 2]
    assert periods[-1] == Period(d(14 * 7), d(14 * 7), 2)


def test_compound_still_reaches_zero_because_each_step_drops_at_least_the_rounding_unit():
    periods = schedule(PlanSpec(MON, 2, Step(10, True), 1, compound=True))
    # 1.8→1.75; 1.575→1.5; 1.35→1.25; 1.125→1; 0.9→0.75; 0.675→0.5; 0.45→0.25; 0.225→0
    assert allowances(periods) == [2, 1.75, 1.5, 1.25, 1.0, 0.75, 0.5, 0.25, 0]


def test_floor_of_2g_ends_the_ten_percent_plan_early():
    periods = schedule(PlanSpec(MON, 12, Step(10, True), 7, floor_g=2))
    assert allowances(periods) == [12, 10.75, 9.5, 8.25, 7.0, 6.0, 4.75, 3.5, 2.25, 2]


def test_a_floor_that_is_not_a_multiple_is_kept():
    periods = schedule(PlanSpec(MON, 12, Step(10, True), 7, floor_g=2.1))
    assert allowances(periods)[-2:] == [2.25, 2.1]


def test_a_small_percentage_never_stalls():
    periods = schedule(PlanSpec(MON, 2, Step(1, True), 1))
    # 1% of 2 g is 0.02 g, less than the rounding unit: each step still drops 0.25 g
    assert allowances(periods) == [2, 1.75, 1.5, 1.25, 1.0, 0.75, 0.5, 0.25, 0]


def test_start_is_rounded_down_and_percent_is_of_the_unrounded_start():
    periods = schedule(PlanSpec(MON, 12.4, Step(10, True), 7))
    # 12.4 → 12.25; targets 12.4 − k·1.24: 11.16→11, 9.92→9.75, 8.68→8.5
    assert allowances(periods)[:4] == [12.25, 11.0, 9.75, 8.5]


def test_a_start_that_rounds_down_to_the_floor_is_a_single_floor_period():
    assert schedule(PlanSpec(MON, 0.2, Step(10, True), 7)) == [Period(MON, MON, 0)]


# --- holds and adjusts -----------------------------------------------------------------------


def test_hold_lengthens_the_step_in_force_and_shifts_every_later_step():
    plain = schedule(PlanSpec(MON, 12, Step(10, True), 7))
    held = schedule(PlanSpec(MON, 12, Step(10, True), 7), [Change(date(2026, 1, 14), "hold", hold_days=3)])
    assert allowances(held) == allowances(plain)
    assert held[0] == plain[0]
    assert held[1] == Period(date(2026, 1, 12), date(2026, 1, 21), 10.75)
    assert held[2] == Period(date(2026, 1, 22), date(2026, 1, 28), 9.5)
    assert held[-1].start == plain[-1].start + timedelta(days=3)


def test_two_holds_in_one_step_add_up_and_a_hold_on_the_extended_days_counts():
    changes = [Change(d(2), "hold", hold_days=3), Change(d(8), "hold", hold_days=2)]  # d(8) is in the extension
    periods = schedule(PlanSpec(MON, 12, Step(10, True), 7), changes)
    assert periods[0] == Period(d(0), d(11), 12)
    assert periods[1].start == d(12)


def test_changes_apply_in_date_order_whatever_order_they_are_given():
    spec = PlanSpec(MON, 12, Step(10, True), 7)
    a = [Change(d(20), "hold", hold_days=4), Change(d(2), "adjust", step=Step(1, False))]
    assert schedule(spec, a) == schedule(spec, list(reversed(a)))


def test_adjust_applies_from_the_next_boundary_counted_from_the_allowance_in_force():
    spec = PlanSpec(MON, 12, Step(10, True), 7)
    changes = [Change(date(2026, 1, 14), "adjust", step=Step(0.5, False), every_days=3)]
    periods = schedule(spec, changes)
    assert periods[1] == Period(date(2026, 1, 12), date(2026, 1, 18), 10.75)  # keeps its length
    assert periods[2] == Period(date(2026, 1, 19), date(2026, 1, 21), 10.25)
    assert periods[3] == Period(date(2026, 1, 22), date(2026, 1, 24), 9.75)
    assert allowances(periods)[1:] == [10.75 - 0.5 * k for k in range(22)] + [0]


def test_adjust_to_a_percentage_stays_a_percentage_of_the_plan_start():
    spec = PlanSpec(MON, 12, Step(1, False), 7)
    periods = schedule(spec, [Change(d(0), "adjust", step=Step(5, True))])
    # from 12: 5% of 12 = 0.6 → 11.4→11.25, 10.8→10.75, 10.2→10
    assert allowances(periods)[:4] == [12, 11.25, 10.75, 10.0]


def test_adjust_to_compound_keeps_the_step_and_only_changes_compounding():
    spec = PlanSpec(MON, 12, Step(10, True), 7)
    periods = schedule(spec, [Change(d(7), "adjust", compound=True)])
    # in force on d(7): 10.75; then 10.75·0.9=9.675→9.5, 8.55→8.5
    assert allowances(periods)[:4] == [12, 10.75, 9.5, 8.5]
    assert all(p.end - p.start == timedelta(days=6) for p in periods[:-1])


def test_hold_and_adjust_on_the_same_day():
    spec = PlanSpec(MON, 12, Step(10, True), 7)
    changes = [Change(d(9), "hold", hold_days=3), Change(d(9), "adjust", step=Step(0.5, False), every_days=3)]
    periods = schedule(spec, changes)
    assert periods[1] == Period(d(7), d(16), 10.75)
    assert periods[2] == Period(d(17), d(19), 10.25)


def test_changes_on_or_after_the_floor_day_are_ignored():
    spec = PlanSpec(MON, 12, Step(10, True), 7)
    plain = schedule(spec)
    floor_day = plain[-1].start
    late = [Change(floor_day, "hold", hold_days=5), Change(floor_day + timedelta(days=9), "adjust", every_days=2)]
    assert schedule(spec, late) == plain


# --- lookups ---------------------------------------------------------------------------------


def test_allowance_on_and_step_number():
    periods = schedule(PlanSpec(MON, 12, Step(10, True), 7))
    assert allowance_on(periods, d(-1)) is None
    assert step_number(periods, d(-1)) is None
    assert (allowance_on(periods, d(0)), step_number(periods, d(0))) == (12, 1)
    assert (allowance_on(periods, d(6)), step_number(periods, d(6))) == (12, 1)
    assert (allowance_on(periods, d(7)), step_number(periods, d(7))) == (10.75, 2)
    assert (allowance_on(periods, d(70)), step_number(periods, d(70))) == (0, 11)
    assert (allowance_on(periods, d(400)), step_number(periods, d(400))) == (0, 11)
    assert allowance_on([], d(0)) is None and step_number([], d(0)) is None


# --- properties ------------------------------------------------------------------------------

UNITS = (0.25, 0.5, 0.1, 1.0)


@st.composite
def specs(draw):
    unit = draw(st.sampled_from(UNITS))
    start = draw(st.floats(min_value=0.5, max_value=60, allow_nan=False))
    if draw(st.booleans()):
        step = Step(draw(st.floats(min_value=0.5, max_value=60)), True)
    else:
        step = Step(draw(st.floats(min_value=0.05, max_value=5)), False)
    floor = draw(st.one_of(st.just(0.0), st.floats(min_value=0, max_value=start * 0.99)))
    return PlanSpec(
        start_day=d(draw(st.integers(0, 60))),
        start_g=start,
        step=step,
        every_days=draw(st.integers(1, 30)),
        floor_g=floor,
        compound=draw(st.booleans()),
        rounding_g=unit,
    )


@st.composite
def changes_for(draw, spec):
    out = []
    for _ in range(draw(st.integers(0, 4))):
        day = spec.start_day + timedelta(days=draw(st.integers(0, 200)))
        if draw(st.booleans()):
            out.append(Change(day, "hold", hold_days=draw(st.integers(1, 20))))
        else:
            step = draw(st.one_of(st.none(), st.builds(Step, st.floats(1, 50), st.just(True)),
                                  st.builds(Step, st.floats(0.05, 3), st.just(False))))
            every = draw(st.one_of(st.none(), st.integers(1, 21)))
            compound = draw(st.one_of(st.none(), st.booleans()))
            if step is None and every is None and compound is None:
                every = 3
            out.append(Change(day, "adjust", step=step, every_days=every, compound=compound))
    return out


def is_multiple(value: float, unit: float) -> bool:
    n = value / unit
    return math.isclose(n, round(n), abs_tol=1e-6)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_schedule_properties(data):
    spec = data.draw(specs())
    changes = data.draw(changes_for(spec))
    periods = schedule(spec, changes)
    values = allowances(periods)

    assert all(b < a for a, b in zip(values, values[1:]))  # strictly decreasing, never increasing
    assert values[-1] == spec.floor_g
    for v in values[:-1]:
        assert is_multiple(v, spec.rounding_g) and v > spec.floor_g
    for a, b in zip(values[:-2], values[1:-1]):
        assert a - b >= spec.rounding_g - 1e-6  # every step before the floor drops ≥ the unit
    assert periods[0].start == spec.start_day
    for p, q in zip(periods, periods[1:]):
        assert q.start == p.end + timedelta(days=1)
        assert p.end >= p.start
    assert periods[-1].end == periods[-1].start


@settings(max_examples=200, deadline=None)
@given(spec=specs(), hold_at=st.lists(st.tuples(st.integers(0, 10_000), st.integers(1, 20)), max_size=4))
def test_end_date_is_steps_times_every_plus_holds(spec, hold_at):
    plain = schedule(spec)
    steps = len(plain) - 1
    assert plain[-1].start == spec.start_day + timedelta(days=steps * spec.every_days)
    if steps == 0:
        return
    # holds dated before the plain floor day always apply (holds only push the floor later)
    span = steps * spec.every_days
    holds = [Change(spec.start_day + timedelta(days=off % span), "hold", hold_days=n) for off, n in hold_at]
    held = schedule(spec, holds)
    assert allowances(held) == allowances(plain)
    assert held[-1].start == plain[-1].start + timedelta(days=sum(n for _, n in hold_at))


@settings(max_examples=200, deadline=None)
@given(start=st.floats(0.5, 60), pct=st.floats(0.5, 60), unit=st.sampled_from(UNITS))
def test_percent_of_start_needs_at_most_100_over_p_steps(start, pct, unit):
    periods = schedule(PlanSpec(MON, start, Step(pct, True), 7, rounding_g=unit))
    assert len(periods) - 1 <= math.ceil(100 / pct)


@settings(max_examples=100, deadline=None)
@given(spec=specs(), offset=st.integers(-5, 2000))
def test_lookups_agree_with_the_periods(spec, offset):
    periods = schedule(spec)
    day = spec.start_day + timedelta(days=offset)
    n = step_number(periods, day)
    if offset < 0:
        assert n is None and allowance_on(periods, day) is None
        return
    p = periods[n - 1]
    assert p.start <= day and (day <= p.end or n == len(periods))
    assert allowance_on(periods, day) == p.allowance_g


# --- starting amount -------------------------------------------------------------------------


def test_start_amount_is_the_mean_over_days_with_data():
    days = [d(n) for n in range(14)]
    grams = {d(n): g for n, g in zip(range(0, 14, 2), [10, 12, 14, 8, 0, 11, 9])}  # 7 days, one no-use
    assert start_amount(grams, days) == pytest.approx(64 / 7)


def test_start_amount_uses_only_the_last_14_finished_days():
    days = [d(n) for n in range(20)]
    grams = {day: 100.0 for day in days[:6]} | {day: 6.0 for day in days[6:]}
    assert start_amount(grams, days) == 6.0


def test_start_amount_needs_seven_days_of_data():
    days = [d(n) for n in range(14)]
    with pytest.raises(Invalid, match=r"^needs 7 days of data in the last 14, has 3; or give --from 12g$"):
        start_amount({d(1): 5, d(2): 6, d(13): 4}, days)


def test_start_amount_with_no_use_at_all_asks_for_from():
    days = [d(n) for n in range(14)]
    with pytest.raises(Invalid, match="give --from 12g"):
        start_amount({day: 0.0 for day in days}, days)


# --- adherence -------------------------------------------------------------------------------


def test_adherence_counts_finished_days_only_and_never_counts_unlogged_as_within():
    periods = schedule(PlanSpec(MON, 12, Step(10, True), 7))
    grams = {d(0): 12.0, d(1): 12.1, d(2): 11.0, d(7): 10.75, d(8): 11.0, d(9): 20.0}
    logged = set(grams) | {d(3)}  # d(3): only a rating or a no-use day → 0 g, within
    result = adherence(periods, grams, logged, today=d(10))  # d(0)..d(9) are finished
    # within: d0 (=12), d2, d3, d7 (=10.75); over: d1, d8, d9; not logged: d4, d5, d6
    assert result == Adherence(days=10, within=4, not_logged=3)


def test_adherence_today_and_future_are_not_counted():
    periods = schedule(PlanSpec(MON, 12, Step(10, True), 7))
    assert adherence(periods, {d(0): 1.0}, {d(0)}, today=d(0)) == Adherence(0, 0, 0)
    assert adherence(periods, {}, set(), today=d(-3)) == Adherence(0, 0, 0)
    assert adherence([], {}, set(), today=d(5)) == Adherence(0, 0, 0)


def test_adherence_after_the_floor_compares_with_the_floor():
    periods = schedule(PlanSpec(MON, 1, Step(0.5, False), 1, floor_g=0.5))  # 1 g on d0, floor 0.5 from d1
    grams = {d(0): 1.0, d(1): 0.5, d(5): 0.75}
    assert adherence(periods, grams, set(grams), today=d(6)) == Adherence(6, 2, 3)


# --- hold suggestion -------------------------------------------------------------------------


def test_no_suggestion_without_a_rise():
    assert hold_suggestion([], None, {}, d(10)) is None
    assert hold_suggestion([12, 15], 12, {}, d(10)) is None  # +3
    assert hold_suggestion([20], None, {}, d(10)) is None  # nothing to compare with


def test_sows_rise_of_four_since_the_step_began_suggests_holding():
    text = hold_suggestion([9, 14], 10, {}, d(10))
    assert text is not None
    assert "rose by 4" in text and "(heuristic)" in text and "consider holding" in text


def test_sows_rise_uses_the_first_score_in_the_step_without_a_baseline():
    assert hold_suggestion([6, 10], None, {}, d(10)) is not None
    assert hold_suggestion([6, 9], None, {}, d(10)) is None


def test_craving_rise_of_two_points_over_three_days_suggests_holding():
    today = d(10)
    craving = {today - timedelta(days=n): v for n, v in enumerate([6, 5, 6, 4, 3, 4])}
    # last 3 days 17/3 ≈ 5.67, 3 before 11/3 ≈ 3.67 → +2.0
    text = hold_suggestion([], None, craving, today)
    assert text is not None and "Craving over the last 3 days" in text and "2.0 points" in text and "(heuristic)" in text
    craving[today] = 5  # +1.67
    assert hold_suggestion([], None, craving, today) is None


def test_craving_needs_two_rated_days_in_each_window():
    today = d(10)
    assert hold_suggestion([], None, {today: 9, today - timedelta(days=4): 1}, today) is None


def test_guidance_names_its_sources_and_labels_heuristics():
    text = " ".join(GUIDANCE)
    assert "HHS 2019" in text and "Kiyokawa" in text
    assert "10% of the original dose per month" in text and "10% per week" in text
    assert "heuristics" in text and "0.25 g" in text and "5–7 days" in text
    assert "slowing down" in text and "former dose after a break" in text
