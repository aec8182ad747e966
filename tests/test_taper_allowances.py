"""`core.taper.allowances` (the allowance line of `week`, `trends` and the report, for many days at
once) gives, day by day, what asking `covered_allowance` of each plan, latest first, gives: plans
that overlap, stop early, hold, or were stopped on their first day."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings as hsettings, strategies as st

from kratomlog.core.taper import Change, Plan, PlanSpec, Step, allowances, covered_allowance

START = date(2026, 1, 1)


def _reference(plans, days):
    found = []
    for day in days:
        value = None
        for plan, periods in reversed(plans):
            value = covered_allowance(plan, periods, day)
            if value is not None:
                break
        found.append(value)
    return found


plan_strategy = st.builds(
    lambda n, offset, start_g, pct, every, hold, status, end_after: (
        Plan(
            id=n,
            spec=PlanSpec(START + timedelta(days=offset), start_g, Step(pct, True), every),
            changes=(Change(START + timedelta(days=offset + hold), "hold", hold_days=every),) if hold else (),
            status=status,
            ended_on=None if status == "active" else START + timedelta(days=offset + end_after),
        )
    ),
    st.integers(1, 9), st.integers(0, 120), st.floats(2, 30), st.sampled_from((5.0, 10.0, 25.0)),
    st.integers(3, 14), st.integers(0, 20), st.sampled_from(("active", "stopped", "finished")), st.integers(0, 90),
)


@hsettings(max_examples=60, deadline=None)
@given(plans=st.lists(plan_strategy, max_size=3))
def test_many_days_at_once_match_each_day_asked_alone(plans):
    with_periods = [(plan, plan.periods()) for plan in plans]
    days = [START - timedelta(days=5) + timedelta(days=n) for n in range(400)]
    assert allowances(with_periods, days) == _reference(with_periods, days)


def test_no_plan_no_allowance():
    assert allowances([], [START, START + timedelta(days=1)]) == [None, None]
