"""Taper plans as kept in `taper_plan` + `taper_change`, and the logged data a plan is compared with.

Owns: starting, holding, adjusting and stopping a plan (each one transaction; a refusal writes
nothing), marking a plan "finished" once its floor day has passed (done by the next taper write;
reads work it out for themselves), grams and logged days per local day over a window (summed in
SQL), the SOWS totals and craving the "consider holding" heuristic needs, the light
`remaining_on` used by `dose`, and `allowances_for` for the week and trends charts.

Imports only sqlite3, the stdlib and `kratomlog.core`; the dose line reaches `remaining_on` through
`store.taper_today`, which skips this module when no plan can cover the day.
"""

from __future__ import annotations

import sqlite3

from datetime import date, timedelta

from kratomlog.core.records import NamedTuple

from kratomlog.core.days import day_range, day_start, today as today_of
from kratomlog.core.invalid import Invalid
from kratomlog.core.settings import Settings
from kratomlog.core.taper import (
    Change,
    Plan,
    PlanSpec,
    Step,
    TaperStatus,
    allowances,
    check_change_applies,
    covered_allowance,
    floor_day,
    hold_suggestion,
    remaining,
    start_amount,
    state_on,
    step_number,
    taper_status,
    validate_spec,
)
from kratomlog.store.taper_cover import MAY_COVER
from kratomlog.store.valid_rows import valid


def _recorder(conn: sqlite3.Connection, now: int):
    from kratomlog.store.model_rows import cold_recorder  # SQLModel: taper plans are a cold path

    return cold_recorder(conn, now)


_PLAN_COLUMNS = (
    "id, started_on, start_g, step_value, step_percent, every_days, floor_g, compound, rounding_g, status, ended_on"
)
_CHANGE_COLUMNS = "plan_id, day, kind, hold_days, step_value, step_percent, every_days, compound"


class DailyUse(NamedTuple):
    """Per local day: grams (days with a dose, and deliberate no-use days as 0) and the days with
    anything logged (a dose, a rating or a no-use day)."""

    grams: dict[date, float]
    logged: set[date]


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _change(row: tuple) -> Change:
    _, day, kind, hold_days, step_value, step_percent, every_days, compound = row
    return Change(
        day=date.fromisoformat(day),
        kind=kind,
        hold_days=hold_days,
        step=None if step_value is None else Step(step_value, bool(step_percent)),
        every_days=every_days,
        compound=None if compound is None else bool(compound),
    )


def _plans(conn: sqlite3.Connection, where: str = "1", params: tuple | dict = ()) -> list[Plan]:
    rows = conn.execute(f"SELECT {_PLAN_COLUMNS} FROM taper_plan WHERE {where} ORDER BY id", params).fetchall()
    if not rows:
        return []
    ids = [r[0] for r in rows]
    changes: dict[int, list[Change]] = {i: [] for i in ids}
    marks = ", ".join("?" for _ in ids)
    for row in conn.execute(
        f"SELECT {_CHANGE_COLUMNS} FROM taper_change WHERE plan_id IN ({marks}) ORDER BY id", ids
    ):
        changes[row[0]].append(_change(row))
    plans = []
    for r in rows:
        spec = PlanSpec(
            start_day=date.fromisoformat(r[1]),
            start_g=r[2],
            step=Step(r[3], bool(r[4])),
            every_days=r[5],
            floor_g=r[6],
            compound=bool(r[7]),
            rounding_g=r[8],
        )
        plans.append(Plan(r[0], spec, tuple(changes[r[0]]), r[9], _day(r[10])))
    return plans


def all_plans(conn: sqlite3.Connection) -> list[Plan]:
    """Every plan, oldest first."""
    return _plans(conn)


def current_plan(conn: sqlite3.Connection, today: date) -> Plan | None:
    """The plan in force today: stored as active and its floor day not yet passed."""
    found = _plans(conn, "status = 'active'")
    for plan in reversed(found):
        if state_on(plan, plan.periods(), today) == "active":
            return plan
    return None


def latest_plan(conn: sqlite3.Connection) -> Plan | None:
    found = _plans(conn, "id = (SELECT max(id) FROM taper_plan)")
    return found[0] if found else None


def _settle(conn: sqlite3.Connection, today: date) -> None:
    """Store "finished" on active plans whose floor day has passed (inside a write transaction)."""
    for plan in _plans(conn, "status = 'active'"):
        periods = plan.periods()
        if state_on(plan, periods, today) == "finished":
            conn.execute(
                "UPDATE taper_plan SET status = 'finished', ended_on = ? WHERE id = ?",
                ((floor_day(periods) + timedelta(days=1)).isoformat(), plan.id),
            )


# --- logged data over a window ----------------------------------------------------------------


def _windows(first: date, last: date, settings: Settings) -> str:
    days = []
    day = first
    while day <= last:
        start, end = day_range(day, settings)
        days.append([day.isoformat(), start, end])
        day += timedelta(days=1)
    import json  # only when a plan is written (the dose line during a taper never needs it)

    return json.dumps(days)


_DAYS_CTE = (
    "WITH days(day, s, e) AS (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), "
    "json_extract(value, '$[2]') FROM json_each(?)) "
)


def daily_use(conn: sqlite3.Connection, first: date, last: date, settings: Settings) -> DailyUse:
    """Grams and logged days for the local days `first`..`last` inclusive (DST-safe day bounds)."""
    grams: dict[date, float] = {}
    logged: set[date] = set()
    if last < first:
        return DailyUse(grams, logged)
    rows = conn.execute(
        _DAYS_CTE
        + f"SELECT day, (SELECT sum(grams) FROM {valid('dose')} WHERE at >= s AND at < e), "
        f"EXISTS (SELECT 1 FROM {valid('rating')} WHERE at >= s AND at < e), "
        f"EXISTS (SELECT 1 FROM {valid('no_use_day')} n WHERE n.day = days.day) FROM days",
        (_windows(first, last, settings),),
    ).fetchall()
    for text, total, rated, no_use in rows:
        day = date.fromisoformat(text)
        if total is not None:
            grams[day] = round(total, 6)
        elif no_use:
            grams[day] = 0.0
        if total is not None or rated or no_use:
            logged.add(day)
    return DailyUse(grams, logged)


def craving_by_day(conn: sqlite3.Connection, first: date, last: date, settings: Settings) -> dict[date, float]:
    rows = conn.execute(
        _DAYS_CTE + f"SELECT day, (SELECT avg(craving) FROM {valid('rating')} WHERE at >= s AND at < e AND craving IS NOT NULL) "
        "FROM days",
        (_windows(first, last, settings),),
    ).fetchall()
    return {date.fromisoformat(day): mean for day, mean in rows if mean is not None}


def sows_around(conn: sqlite3.Connection, since: int, until: int) -> tuple[list[int], int | None]:
    """SOWS-16 totals taken in [since, until), oldest first, and the latest one before `since`."""
    during = [
        row[0]
        for row in conn.execute(
            f"SELECT total FROM {valid('questionnaire')} WHERE instrument = 'sows' AND total IS NOT NULL AND at >= ? AND at < ? "
            "ORDER BY at, id",
            (since, until),
        )
    ]
    before = conn.execute(
        f"SELECT total FROM {valid('questionnaire')} WHERE instrument = 'sows' AND total IS NOT NULL AND at < ? "
        "ORDER BY at DESC, id DESC LIMIT 1",
        (since,),
    ).fetchone()
    return during, None if before is None else before[0]


def suggestion_for(
    conn: sqlite3.Connection, step_start: date, today: date, now: int, settings: Settings
) -> str | None:
    """The "consider holding" heuristic (EVIDENCE.md §6) for the step that began on `step_start`."""
    during, before = sows_around(conn, day_start(step_start, settings), now + 1)
    craving = craving_by_day(conn, today - timedelta(days=5), today, settings)
    return hold_suggestion(during, before, craving, today)


def plan_status(conn: sqlite3.Connection, plan: Plan, now: int, settings: Settings) -> tuple[TaperStatus, DailyUse]:
    """Where the active `plan` stands today, and the logged data since it started (for the chart)."""
    today = today_of(now, settings)
    periods = plan.periods()
    use = daily_use(conn, plan.spec.start_day, today, settings)
    step_start = periods[(step_number(periods, today) or 1) - 1].start
    suggestion = suggestion_for(conn, step_start, today, now, settings)
    return taper_status(periods, today, use.grams, use.logged, suggestion), use


# --- writes -----------------------------------------------------------------------------------


def start_from_recent(conn: sqlite3.Connection, today: date, settings: Settings) -> tuple[float, int]:
    """The default starting amount: mean grams a day over the last 14 finished days with data
    (days with a dose or a deliberate no-use day), and how many such days there were."""
    use = daily_use(conn, today - timedelta(days=14), today - timedelta(days=1), settings)
    finished = [today - timedelta(days=n) for n in range(14, 0, -1)]
    return start_amount(use.grams, finished), sum(1 for d in finished if d in use.grams)


def use_days_before(conn: sqlite3.Connection, today: date, settings: Settings, window: int) -> int:
    """How many of the `window` finished days before `today` had a dose."""
    use = daily_use(conn, today - timedelta(days=window), today - timedelta(days=1), settings)
    return sum(1 for grams in use.grams.values() if grams > 0)


def _refuse_second(conn: sqlite3.Connection, today: date) -> None:
    plan = current_plan(conn, today)
    if plan is not None:
        raise Invalid(
            f"a taper plan is already active (started {plan.spec.start_day}); change it with "
            "'kratomlog taper hold' or 'kratomlog taper adjust', or end it with 'kratomlog taper stop' first"
        )


def start_plan(db, *, now: int, settings: Settings, spec: PlanSpec) -> Plan:
    """Keep a new plan starting today. Refuses a second active plan and a plan that cannot run."""
    validate_spec(spec)
    today = today_of(now, settings)
    with db.write() as conn:
        _settle(conn, today)
        _refuse_second(conn, today)
        plan = Plan(0, spec)
        plan.periods()  # refuses a plan that would run too long before anything is written
        plan_id = _recorder(conn, now).add(
            "taper",
            {
                "started_on": spec.start_day.isoformat(),
                "start_g": spec.start_g,
                "step_value": spec.step.value,
                "step_percent": int(spec.step.percent),
                "every_days": spec.every_days,
                "floor_g": spec.floor_g,
                "compound": int(spec.compound),
                "rounding_g": spec.rounding_g,
                "status": "active",
            },
        )
        return Plan(plan_id, spec)


def _require_active(conn: sqlite3.Connection, today: date, verb: str) -> Plan:
    plan = current_plan(conn, today)
    if plan is None:
        raise Invalid(f"there is no active taper plan to {verb}; start one with 'kratomlog taper start --step 10% --every 7d'")
    return plan


def add_change(db, *, now: int, settings: Settings, change: Change) -> tuple[Plan, Plan]:
    """Record a hold or an adjust dated today on the active plan; returns (before, after)."""
    today = today_of(now, settings)
    if change.day != today:
        raise ValueError("changes are dated today")
    with db.write() as conn:
        _settle(conn, today)
        before = _require_active(conn, today, change.kind)
        check_change_applies(before.periods(), today, change.kind)
        after = Plan(before.id, before.spec, before.changes + (change,), before.status, before.ended_on)
        after.periods()  # validates the change and refuses a plan that would run too long
        _recorder(conn, now).add(
            "taper-change",
            {
                "plan_id": before.id,
                "day": change.day.isoformat(),
                "kind": change.kind,
                "hold_days": change.hold_days,
                "step_value": None if change.step is None else change.step.value,
                "step_percent": None if change.step is None else int(change.step.percent),
                "every_days": change.every_days,
                "compound": None if change.compound is None else int(change.compound),
            },
        )
    return before, after


def stop_plan(db, *, now: int, settings: Settings) -> Plan:
    """Stop the active plan today: today and later days are no longer under it."""
    today = today_of(now, settings)
    with db.write() as conn:
        _settle(conn, today)
        plan = _require_active(conn, today, "stop")
        _recorder(conn, now).edit("taper", plan.id, {"status": "stopped", "ended_on": today.isoformat()})
    return Plan(plan.id, plan.spec, plan.changes, "stopped", today)


# --- light reads for other commands -----------------------------------------------------------


def allowance_on(conn: sqlite3.Connection, day: date) -> float | None:
    """The allowance on `day` under the plan in force then, or None. Cheap: one small query."""
    for plan in reversed(_plans(conn, MAY_COVER, {"day": day.isoformat()})):
        allowance = covered_allowance(plan, plan.periods(), day)
        if allowance is not None:
            return allowance
    return None


def against_allowance(allowance: float, used: float) -> tuple[float, float, float, float]:
    """(allowance, used, left, over) in grams."""
    used = round(used, 2)
    left, over = remaining(allowance, used)
    return allowance, used, left, over


def remaining_on(conn: sqlite3.Connection, day: date, settings: Settings) -> tuple[float, float, float, float] | None:
    """(allowance, used, left, over) in grams for `day` under the plan in force then, or None."""
    allowance = allowance_on(conn, day)
    if allowance is None:
        return None
    start, end = day_range(day, settings)
    used = conn.execute(f"SELECT coalesce(sum(grams), 0) FROM {valid('dose')} WHERE at >= ? AND at < ?", (start, end)).fetchone()[0]
    return against_allowance(allowance, used)


def remaining_today(conn: sqlite3.Connection, now: int, settings: Settings) -> tuple[float, float, float, float] | None:
    return remaining_on(conn, today_of(now, settings), settings)


def allowances_for(db, days: list[date]) -> list[float | None]:
    """The allowance on each day under the plan in force that day (None where no plan was): for the
    allowance line of `week` and `trends`. Future days of an active plan show what is planned."""
    return allowances([(plan, plan.periods()) for plan in all_plans(db.conn)], days)
