"""Taper schedule maths: a plan is a daily allowance in grams per step, planned against actual.

Owns parsing of the `taper` options (`--step`, `--every`, `--from`, `--floor`), the schedule with its
holds and adjustments, the starting amount from recent use, adherence, the "consider holding"
heuristic and the guidance lines shown when a plan starts; and, for a kept plan (`Plan`), which days
it covers, whether it is active, finished or stopped, and where it stands today (`TaperStatus`). Sources: EVIDENCE.md §5 (Tapering) and
the last paragraph of §6. Nothing here blocks or scolds: an allowance is a budget to compare with.

Schedule rules (documented choices):
- A percentage step is of the plan's starting amount (`start_g`), so 10% means ten equal steps;
  with `compound=True` it is of the allowance in force. A gram step is a fixed amount.
- Allowances are rounded down to multiples of `rounding_g`, never below the floor (a floor that is
  not a multiple is kept as it is), and each step lowers the allowance by at least `rounding_g`, so
  a small percentage never stalls. The first allowance is the starting amount rounded down.
- Each step lasts `every_days`. The last period is the floor: it starts on the day the floor is
  reached and has `end == start`; the floor stays in force on every later day.
- A hold dated D makes the step in force on D last `hold_days` longer; later steps shift with it.
- An adjust dated D takes effect at the next step boundary: the step in force on D keeps its length,
  and later steps follow the new rule (step, every, compound — whatever the change gives) counted
  from the allowance in force on D.
- Changes apply in date order; a change dated on or after the day the floor is reached has nothing
  left to change and is ignored; a change before the plan starts is refused.

The records are named tuples, not dataclasses: `week`, `trends` and `taper status` import this
module, and a dataclass costs about half a millisecond to define.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from kratomlog.core.records import NamedTuple

from kratomlog.core.invalid import Invalid
from kratomlog.core.numbers import fixed

MAX_EVERY_DAYS = 365
MAX_PERIODS = 2000
MIN_ROUNDING_G = 0.01
_EPS = 1e-6  # grams: float tolerance for "within the allowance" and for rounding

GUIDANCE: tuple[str, ...] = (
    "There is no formal kratom tapering guideline (Kiyokawa et al. 2023).",
    "Opioid tapering guidance (HHS 2019) suggests reducing by about 10% of the original dose per "
    "month after long-term use, or about 10% per week after shorter use.",
    "The same guidance suggests slowing down if withdrawal symptoms appear — a hold is always fine.",
    "Returning to a former dose after a break raises risk, because tolerance drops (HHS 2019).",
    "Community schedules (5%, or 0.25 g, every 5–7 days) are heuristics, not evidence.",
    "The pace is your choice; any plan you pick is accepted, and you can hold or adjust it at any time.",
)

_STEP_HELP = "--step takes a percentage like 10% or grams like 0.5g"
_EVERY_HELP = f"--every takes days like 7d or weeks like 1w (1–{MAX_EVERY_DAYS} days)"
_NUMBER = r"(\d+(?:\.\d+)?|\.\d+)"


class Step(NamedTuple):
    """A reduction per step: `Step(10, True)` is 10%, `Step(0.5, False)` is 0.5 g."""

    value: float
    percent: bool


class PlanSpec(NamedTuple):
    start_day: date
    start_g: float
    step: Step
    every_days: int
    floor_g: float = 0.0
    compound: bool = False
    rounding_g: float = 0.25


class Change(NamedTuple):
    """A hold (`hold_days`) or an adjust (any of `step`, `every_days`, `compound`) dated `day`."""

    day: date
    kind: str  # "hold" | "adjust"
    hold_days: int | None = None
    step: Step | None = None
    every_days: int | None = None
    compound: bool | None = None


class Period(NamedTuple):
    """Days `start`..`end` inclusive at `allowance_g` a day. The last period is the floor: `end ==
    start` is the day the floor is reached, and the floor holds on every day after it too."""

    start: date
    end: date
    allowance_g: float


class Adherence(NamedTuple):
    """Finished plan days (up to yesterday): how many, how many within the allowance, and how many
    had nothing logged (those are never counted as within)."""

    days: int
    within: int
    not_logged: int


def _fmt(grams: float) -> str:
    return f"{grams:g}g"


def _check_step(step: Step) -> None:
    if not math.isfinite(step.value) or step.value <= 0:
        raise Invalid(f"a step must be above 0; {_STEP_HELP}")
    if step.percent and step.value >= 100:
        raise Invalid(f"a percentage step must be below 100% (got {step.value:g}%); {_STEP_HELP}")


def _check_every(days: int) -> None:
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_EVERY_DAYS:
        raise Invalid(f"a step must last 1–{MAX_EVERY_DAYS} days (got {days}); {_EVERY_HELP}")


def parse_step(text: str) -> Step:
    """`10%` → Step(10, True); `0.5g`, `0.5 g`, `500mg` → Step(0.5, False)."""
    m = re.fullmatch(_NUMBER + r"\s*(%|g|mg)", text.strip().lower())
    if m is None:
        raise Invalid(f"cannot read {text!r}; {_STEP_HELP}")
    value, unit = float(m.group(1)), m.group(2)
    step = Step(value, True) if unit == "%" else Step(value / 1000 if unit == "mg" else value, False)
    _check_step(step)
    return step


def parse_every(text: str) -> int:
    """`7d`, `7`, `7 days` → 7; `1w`, `2 weeks` → 7, 14."""
    m = re.fullmatch(r"(\d+)\s*(d|days?|w|wks?|weeks?)?", text.strip().lower())
    if m is None:
        raise Invalid(f"cannot read {text!r}; {_EVERY_HELP}")
    days = int(m.group(1)) * (7 if (m.group(2) or "d").startswith("w") else 1)
    _check_every(days)
    return days


def parse_grams(text: str, *, option: str = "an amount") -> float:
    """`12g`, `12 g`, `12`, `500mg` → grams (zero or more) for `--from` and `--floor`."""
    m = re.fullmatch(_NUMBER + r"\s*(g|mg)?", text.strip().lower())
    if m is None:
        raise Invalid(f"cannot read {text!r}; {option} takes grams like 12g or 12")
    grams = float(m.group(1))
    return grams / 1000 if m.group(2) == "mg" else grams


def validate_spec(spec: PlanSpec) -> None:
    """Refuse a plan that cannot run: no starting amount, a floor at or above it, a zero step…"""
    if not math.isfinite(spec.start_g) or spec.start_g <= 0:
        raise Invalid(f"the starting amount must be above 0g (got {spec.start_g:g}); give --from 12g")
    if not math.isfinite(spec.floor_g) or spec.floor_g < 0:
        raise Invalid(f"--floor must be 0g or more (got {spec.floor_g:g})")
    if spec.floor_g > spec.start_g:
        raise Invalid(f"--floor {_fmt(spec.floor_g)} is above the starting {_fmt(spec.start_g)}")
    if spec.floor_g == spec.start_g:
        raise Invalid(f"--floor {_fmt(spec.floor_g)} is not below the starting {_fmt(spec.start_g)}")
    if not math.isfinite(spec.rounding_g) or spec.rounding_g < MIN_ROUNDING_G:
        raise Invalid(f"rounding must be at least {MIN_ROUNDING_G:g}g (got {spec.rounding_g:g})")
    _check_step(spec.step)
    _check_every(spec.every_days)


def round_down(grams: float, unit: float) -> float:
    """Down to a multiple of `unit` (tolerant of float noise just below a multiple)."""
    return round(math.floor(grams / unit + 1e-9) * unit, 9)


def _check_change(change: Change, start_day: date) -> None:
    if change.day < start_day:
        raise Invalid(f"a {change.kind} on {change.day} is before the plan starts on {start_day}")
    if change.kind == "hold":
        days = change.hold_days
        if days is None or isinstance(days, bool) or not 1 <= days <= MAX_EVERY_DAYS:
            raise Invalid(f"a hold lasts 1–{MAX_EVERY_DAYS} days, like 3d (got {change.hold_days})")
    elif change.kind == "adjust":
        if change.step is None and change.every_days is None and change.compound is None:
            raise Invalid("an adjust needs a new --step, --every or compound setting")
        if change.step is not None:
            _check_step(change.step)
        if change.every_days is not None:
            _check_every(change.every_days)
    else:
        raise Invalid(f"a change is a hold or an adjust (got {change.kind!r})")


def schedule(spec: PlanSpec, changes: Sequence[Change] = ()) -> list[Period]:
    """The plan's periods in order, contiguous, ending with the one-day floor period."""
    validate_spec(spec)
    for change in changes:
        _check_change(change, spec.start_day)
    pending = sorted(changes, key=lambda c: c.day)  # stable: same-day changes keep their order

    unit, floor = spec.rounding_g, float(spec.floor_g)
    step, every, compound = spec.step, spec.every_days, spec.compound
    base, k = spec.start_g, 0  # the current rule counts k steps from `base`
    allowance = max(floor, round_down(spec.start_g, unit))
    start = spec.start_day
    periods: list[Period] = []
    i = 0
    while allowance > floor:
        if len(periods) >= MAX_PERIODS:
            raise Invalid(f"this plan would take more than {MAX_PERIODS} steps; choose a larger step")
        end = start + timedelta(days=every - 1)
        next_rule = None
        while i < len(pending) and pending[i].day <= end:
            change = pending[i]
            if change.kind == "hold":
                end += timedelta(days=change.hold_days)
            else:
                prev = next_rule or (step, every, compound)
                next_rule = (
                    change.step or prev[0],
                    change.every_days or prev[1],
                    prev[2] if change.compound is None else change.compound,
                )
            i += 1
        periods.append(Period(start, end, allowance))
        if next_rule is not None:
            (step, every, compound), base, k = next_rule, allowance, 0
        k += 1
        if step.percent and compound:
            target = allowance * (1 - step.value / 100)
        elif step.percent:
            target = base - k * spec.start_g * step.value / 100
        else:
            target = base - k * step.value
        allowance = max(floor, min(round_down(target, unit), round(allowance - unit, 9)))
        start = end + timedelta(days=1)
    periods.append(Period(start, start, floor))
    return periods


def _index(periods: Sequence[Period], day: date) -> int | None:
    if not periods or day < periods[0].start:
        return None
    return bisect_right([p.start for p in periods], day) - 1


def allowance_on(periods: Sequence[Period], day: date) -> float | None:
    """The allowance on `day`: None before the plan starts, the floor after its last period."""
    index = _index(periods, day)
    return None if index is None else periods[index].allowance_g


def step_number(periods: Sequence[Period], day: date) -> int | None:
    """Which step `day` falls in, counted from 1 (the floor period and every day after it are the
    last step); None before the plan starts."""
    index = _index(periods, day)
    return None if index is None else index + 1


def start_amount(daily_grams: Mapping[date, float], finished_days: list[date]) -> float:
    """Mean grams a day over the last 14 finished days that have data (a day missing from
    `daily_grams` is unknown, not zero; a deliberate no-use day should be given as 0)."""
    window = sorted(finished_days)[-14:]
    values = [daily_grams[d] for d in window if d in daily_grams]
    if len(values) < 7:
        raise Invalid(f"needs 7 days of data in the last 14, has {len(values)}; or give --from 12g")
    mean = sum(values) / len(values)
    if mean <= 0:
        raise Invalid("no use logged in the last 14 days; give --from 12g to start from an amount")
    return mean


def adherence(
    periods: Sequence[Period],
    daily_grams: Mapping[date, float],
    logged_days: set[date],
    today: date,
) -> Adherence:
    """Compare finished plan days (plan start .. yesterday) with their allowance. A day is logged if
    it is in `logged_days` (doses, a deliberate no-use day or any rating) or has grams."""
    if not periods:
        return Adherence(0, 0, 0)
    days = within = not_logged = 0
    day = periods[0].start
    while day < today:
        days += 1
        if day not in logged_days and day not in daily_grams:
            not_logged += 1
        elif daily_grams.get(day, 0.0) <= allowance_on(periods, day) + _EPS:
            within += 1
        day += timedelta(days=1)
    return Adherence(days, within, not_logged)


def _mean_over(values: Mapping[date, float], days: list[date]) -> float | None:
    got = [values[d] for d in days if d in values]
    return sum(got) / len(got) if len(got) >= 2 else None


# Taper pace against the guidance (EVIDENCE.md §5, §7; heuristic). Use on at least DAILY_USE_DAYS of
# the last PACE_WINDOW_DAYS finished days counts as daily use: after months of it, the guidance is
# about 10% of the starting amount a month; after shorter use, about 10% a week.
PACE_WINDOW_DAYS = 28
DAILY_USE_DAYS = 24
GUIDED_STEP_PCT = 10.0
_MONTH, _WEEK = 30, 7


def _drop_pct(spec: PlanSpec, periods: Sequence[Period], days_in: int) -> float:
    """How far below the starting amount the plan is `days_in` days after it starts, in percent."""
    allowance = allowance_on(periods, spec.start_day + timedelta(days=days_in))
    return 0.0 if allowance is None or spec.start_g <= 0 else (1 - allowance / spec.start_g) * 100


def pace_warning(spec: PlanSpec, periods: Sequence[Period], use_days: int, window_days: int = PACE_WINDOW_DAYS) -> str | None:
    """A calm note when the plan steps down faster than the guidance for the person's own history
    (`use_days` of the last `window_days` finished days had a dose), or None. Never blocks a plan."""
    daily = use_days >= DAILY_USE_DAYS
    span, per = (_MONTH, "a month") if daily else (_WEEK, "a week")
    drop = _drop_pct(spec, periods, span)
    # Allowances are rounded down to `rounding_g`: a plan at the guided pace may sit one rounding below it.
    if drop <= GUIDED_STEP_PCT + 100 * spec.rounding_g / spec.start_g + 1e-9:
        return None
    history = (f"Your records show use on {use_days} of the last {window_days} finished days; after months of "
               "daily use" if daily else
               f"Your records show use on {use_days} of the last {window_days} finished days; even after "
               "shorter use")
    return (
        f"Heads-up (heuristic): this plan is {drop:.0f}% below its starting amount {span} days in. {history}, "
        f"opioid tapering guidance (HHS 2019; there is no kratom guideline) suggests about "
        f"{GUIDED_STEP_PCT:.0f}% of the starting amount {per} — slower than this plan. The pace is your choice; "
        f"'kratomlog taper adjust' can make it gentler at any time."
    )


def hold_suggestion(
    sows_since_step_start: Sequence[int],
    step_start_sows: int | None,
    craving_by_day: Mapping[date, float],
    today: date,
) -> str | None:
    """A gentle "consider holding" sentence (heuristic, EVIDENCE.md §6), or None.

    SOWS: the latest total since the step began is ≥ 4 above `step_start_sows` (the latest total
    before the step began; without one, the first total since it began). Craving: the mean daily
    craving over the 3 days ending today is ≥ 2 points above the 3 days before; each window needs
    ratings on at least 2 of its days (that minimum is itself a heuristic)."""
    reasons: list[str] = []
    scores = list(sows_since_step_start)
    baseline = step_start_sows if step_start_sows is not None else (scores[0] if len(scores) >= 2 else None)
    if scores and baseline is not None and scores[-1] - baseline >= 4:
        reasons.append(f"your withdrawal score (SOWS) rose by {scores[-1] - baseline} since this step began")
    recent = _mean_over(craving_by_day, [today - timedelta(days=n) for n in range(3)])
    before = _mean_over(craving_by_day, [today - timedelta(days=n) for n in range(3, 6)])
    # 1e-9: a rise of exactly 2 points must not be lost to float noise
    if recent is not None and before is not None and recent - before >= 2 - 1e-9:
        rise = recent - before
        reasons.append(f"craving over the last 3 days averaged {fixed(rise, 1)} points above the 3 days before")
    if not reasons:
        return None
    sentence = " and ".join(reasons)
    return (
        f"{sentence[0].upper()}{sentence[1:]}. You might consider holding at the current amount for a "
        "few days before the next step — slowing down when withdrawal appears is what opioid "
        "guidance suggests (HHS 2019). (heuristic)"
    )


# --- a kept plan and its status --------------------------------------------------------------
#
# A kept plan is in force from its start day to its last day, inclusive. Its last day is the floor
# day (the first day at the floor) unless it was stopped earlier. `ended_on` is the first day it was
# no longer in force: the day it was stopped, or the day after the floor day once that has passed
# (the plan is then "finished"). Days after the last day have no allowance.

_HOLD_HELP = f"--for takes days like 7d or weeks like 1w (1–{MAX_EVERY_DAYS} days)"


def parse_hold(text: str) -> int:
    """`--for` of a hold: `7d`, `7`, `1w` → days."""
    try:
        return parse_every(text)
    except Invalid:
        raise Invalid(f"cannot use {text!r}; {_HOLD_HELP}") from None


class Plan(NamedTuple):
    """A plan as kept: its spec, its changes in the order they were made, and how it stands."""

    id: int
    spec: PlanSpec
    changes: tuple[Change, ...] = ()
    status: str = "active"  # as stored: active | finished | stopped
    ended_on: date | None = None

    def periods(self) -> list[Period]:
        return schedule(self.spec, self.changes)


def floor_day(periods: Sequence[Period]) -> date:
    return periods[-1].start


def last_day(plan: Plan, periods: Sequence[Period]) -> date | None:
    """The last day the plan is (or was) in force; None when it was stopped on its first day."""
    last = floor_day(periods)
    if plan.ended_on is not None:
        last = min(last, plan.ended_on - timedelta(days=1))
    return last if last >= plan.spec.start_day else None


def state_on(plan: Plan, periods: Sequence[Period], today: date) -> str:
    """active, finished (its floor day has passed, whether or not that is stored yet) or stopped."""
    if plan.status != "active":
        return plan.status
    return "finished" if today > floor_day(periods) else "active"


def covered_allowance(plan: Plan, periods: Sequence[Period], day: date) -> float | None:
    """The allowance on `day` if the plan was in force that day, else None."""
    last = last_day(plan, periods)
    if last is None or not plan.spec.start_day <= day <= last:
        return None
    return allowance_on(periods, day)


def allowances(plans: Sequence[tuple[Plan, Sequence[Period]]], days: Sequence[date]) -> list[float | None]:
    """The allowance on each of `days` under the latest of `plans` (oldest first, each with its
    periods) that covers the day, None where none does: `covered_allowance` for many days, with each
    plan's last day and step starts worked out once instead of once a day."""
    prepared = []
    for plan, periods in plans:
        last = last_day(plan, periods)
        if last is not None and periods:
            prepared.append((plan.spec.start_day, last, [p.start for p in periods], periods))
    prepared.reverse()
    found: list[float | None] = []
    for day in days:
        value = None
        for first, last, starts, periods in prepared:
            if first <= day <= last and day >= starts[0]:
                value = periods[bisect_right(starts, day) - 1].allowance_g
                break
        found.append(value)
    return found


def check_change_applies(periods: Sequence[Period], day: date, kind: str) -> None:
    """A hold or adjust on or after the floor day would change nothing: say so instead."""
    if day >= floor_day(periods):
        raise Invalid(
            f"the plan reached its floor of {_fmt(periods[-1].allowance_g)} on {floor_day(periods)}; "
            f"there is no later step for {'an' if kind == 'adjust' else 'a'} {kind} to change"
        )


def current_rule(plan: Plan) -> tuple[Step, int, bool]:
    """(step, every_days, compound) after every adjust so far — the pace from the next step on."""
    step, every, compound = plan.spec.step, plan.spec.every_days, plan.spec.compound
    for change in sorted(plan.changes, key=lambda c: c.day):
        if change.kind == "adjust":
            step = change.step or step
            every = change.every_days or every
            compound = compound if change.compound is None else change.compound
    return step, every, compound


def describe_step(step: Step, compound: bool = False) -> str:
    if not step.percent:
        return f"{step.value:g} g"
    return f"{step.value:g}% of the {'current allowance' if compound else 'starting amount'}"


class TaperStatus(NamedTuple):
    """Where an active plan stands today."""

    started: date
    step: int  # counted from 1
    steps: int
    allowance_g: float
    used_today_g: float
    remaining_g: float  # never below 0; see `over_g`
    over_g: float
    step_start: date
    next_step_on: date | None  # None on the floor step
    next_allowance_g: float | None
    days_to_next: int | None
    ends_on: date  # the floor day
    periods: tuple[Period, ...]
    adherence: Adherence
    suggestion: str | None

    def as_json(self) -> dict:
        return {
            "active": True,
            "started": self.started.isoformat(),
            "step": self.step,
            "steps": self.steps,
            "allowance_g": self.allowance_g,
            "used_today_g": self.used_today_g,
            "remaining_g": self.remaining_g,
            "over_g": self.over_g,
            "next_step_on": None if self.next_step_on is None else self.next_step_on.isoformat(),
            "ends_on": self.ends_on.isoformat(),
            "plan": [
                {"start": p.start.isoformat(), "end": p.end.isoformat(), "allowance_g": p.allowance_g}
                for p in self.periods
            ],
            "adherence": {
                "days": self.adherence.days,
                "within": self.adherence.within,
                "not_logged": self.adherence.not_logged,
            },
            "suggestion": self.suggestion,
        }


NO_PLAN_JSON: dict = {
    "active": False,
    "started": None,
    "step": None,
    "steps": None,
    "allowance_g": None,
    "used_today_g": None,
    "remaining_g": None,
    "over_g": None,
    "next_step_on": None,
    "ends_on": None,
    "plan": None,
    "adherence": None,
    "suggestion": None,
}


def remaining(allowance_g: float, used_g: float) -> tuple[float, float]:
    """(left, over) in grams, each ≥ 0, rounded to 0.01 g."""
    diff = round(allowance_g - used_g, 2)
    return (max(diff, 0.0), max(-diff, 0.0))


def taper_status(
    periods: Sequence[Period],
    today: date,
    daily_grams: Mapping[date, float],
    logged_days: set[date],
    suggestion: str | None = None,
) -> TaperStatus:
    """Today's place in the plan. A day before the start (possible only after a change of time
    zone) is shown as the first step."""
    index = _index(periods, today) or 0
    current = periods[index]
    used = round(daily_grams.get(today, 0.0), 2)
    left, over = remaining(current.allowance_g, used)
    upcoming = periods[index + 1] if index + 1 < len(periods) else None
    return TaperStatus(
        started=periods[0].start,
        step=index + 1,
        steps=len(periods),
        allowance_g=current.allowance_g,
        used_today_g=used,
        remaining_g=left,
        over_g=over,
        step_start=current.start,
        next_step_on=None if upcoming is None else upcoming.start,
        next_allowance_g=None if upcoming is None else upcoming.allowance_g,
        days_to_next=None if upcoming is None else (upcoming.start - today).days,
        ends_on=floor_day(periods),
        periods=tuple(periods),
        adherence=adherence(periods, daily_grams, logged_days, today),
        suggestion=suggestion,
    )


def chart_window(periods: Sequence[Period], today: date, max_days: int = 56) -> tuple[date, date]:
    """The days a status chart shows: the whole plan (start to floor day) when it fits in
    `max_days`, else `max_days` days with today about half-way, kept inside the plan."""
    first, last = periods[0].start, floor_day(periods)
    if (last - first).days + 1 <= max_days:
        return first, last
    start = max(first, today - timedelta(days=max_days // 2 - 1))
    end = min(last, start + timedelta(days=max_days - 1))
    return end - timedelta(days=max_days - 1), end


def plan_json(plan: Plan, today: date) -> dict:
    """A kept plan for `taper history --json` (keys follow the table's column names)."""
    periods = plan.periods()
    last = last_day(plan, periods)
    return {
        "id": plan.id,
        "status": state_on(plan, periods, today),
        "started_on": plan.spec.start_day.isoformat(),
        "start_g": plan.spec.start_g,
        "step_value": plan.spec.step.value,
        "step_percent": plan.spec.step.percent,
        "every_days": plan.spec.every_days,
        "floor_g": plan.spec.floor_g,
        "compound": plan.spec.compound,
        "rounding_g": plan.spec.rounding_g,
        "ends_on": floor_day(periods).isoformat(),
        "last_day": None if last is None else last.isoformat(),
        "changes": [
            {
                "day": c.day.isoformat(),
                "kind": c.kind,
                "hold_days": c.hold_days,
                "step_value": None if c.step is None else c.step.value,
                "step_percent": None if c.step is None else c.step.percent,
                "every_days": c.every_days,
                "compound": c.compound,
            }
            for c in plan.changes
        ],
    }
