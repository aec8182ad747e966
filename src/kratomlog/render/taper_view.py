"""Texts of the `taper` commands: the plan summary at start, the status screen with its chart (the
plan as a step line, actual grams as bars), and the history list. Plain strings, except the chart,
which is plotext text (imported only when drawn). Wording is calm: an allowance is a budget to
compare with, and going over it is noted, never judged."""

from __future__ import annotations

from datetime import date
from typing import Sequence

from kratomlog.core.taper import (
    GUIDANCE,
    Change,
    Period,
    Plan,
    TaperStatus,
    current_rule,
    describe_step,
    floor_day,
    last_day,
    state_on,
    step_number,
)
from kratomlog.render.lines import grams_text


def day_text(day: date) -> str:
    return day.strftime("%a %Y-%m-%d")


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def rule_text(plan: Plan, *, current: bool = False) -> str:
    """The plan's pace as started, or with `current` as adjusted so far."""
    spec = plan.spec
    step, every, compound = current_rule(plan) if current else (spec.step, spec.every_days, spec.compound)
    return (
        f"{describe_step(step, compound)} every {_days(every)}, "
        f"rounded down to {grams_text(spec.rounding_g)}, floor {grams_text(spec.floor_g)}"
    )


def allowance_path(periods: Sequence[Period], shown: int = 6) -> str:
    values = [grams_text(p.allowance_g) for p in periods]
    if len(values) > shown + 1:
        values = values[: shown - 1] + ["…"] + values[-1:]
    return " → ".join(values)


def start_lines(plan: Plan, periods: Sequence[Period], from_recent: int | None) -> list[str]:
    """What `taper start` prints: the plan, then the guidance of EVIDENCE.md §5."""
    spec = plan.spec
    lines = [f"Taper plan started {day_text(spec.start_day)}."]
    if from_recent is not None:
        lines.append(
            f"Starting amount: {spec.start_g:.2f} g a day — your mean over the last 14 finished days "
            f"({_days(from_recent)} with data)."
        )
    else:
        lines.append(f"Starting amount: {grams_text(spec.start_g)} a day.")
    lines.append(f"Steps: {rule_text(plan)}.")
    lines.append(
        f"Allowance a day: {allowance_path(periods)} ({len(periods)} step{'s' if len(periods) != 1 else ''}; "
        f"the floor is reached on "
        f"{day_text(floor_day(periods))})."
    )
    if len(periods) > 1:
        lines.append(f"Next step on {day_text(periods[1].start)}: {grams_text(periods[1].allowance_g)} a day.")
    lines.append("")
    lines.append("About tapering (EVIDENCE.md §5):")
    lines.extend(f"  • {line}" for line in GUIDANCE)
    lines.append("")
    lines.append(
        "See how it goes with 'kratomlog taper status'; 'taper hold --for 7d' stays on a step longer, "
        "'taper adjust --step 5%' makes it gentler, 'taper stop' ends it."
    )
    return lines


def status_lines(status: TaperStatus, rule: str) -> list[str]:
    """The text part of `taper status` (the chart and suggestion are printed after it)."""
    lines = [f"Taper plan started {day_text(status.started)} · {rule}", ""]
    used = f"Today: {grams_text(status.used_today_g)} used of {grams_text(status.allowance_g)}"
    if status.over_g > 0:
        used += f" · {grams_text(status.over_g)} over today's allowance"
    else:
        used += f" · {grams_text(status.remaining_g)} left"
    lines.append(used)
    step = f"Step {status.step} of {status.steps}: {grams_text(status.allowance_g)} a day since {day_text(status.step_start)}"
    if status.next_step_on is None:
        step += " — the floor; the plan finishes after today"
    else:
        when = "tomorrow" if status.days_to_next == 1 else f"in {_days(status.days_to_next or 0)}"
        step += f"; next step {when} ({day_text(status.next_step_on)}): {grams_text(status.next_allowance_g or 0)} a day"
    lines.append(step)
    if status.next_step_on is not None:
        floor = status.periods[-1].allowance_g
        lines.append(f"The floor of {grams_text(floor)} is reached on {day_text(status.ends_on)}.")
    lines.append(adherence_line(status))
    return lines


def hold_line(plan: Plan, today: date, days: int) -> str:
    periods = plan.periods()
    index = (step_number(periods, today) or 1) - 1
    upcoming = periods[index + 1]
    return (
        f"Holding at {grams_text(periods[index].allowance_g)} a day for {_days(days)} more: the next step is "
        f"now on {day_text(upcoming.start)} ({grams_text(upcoming.allowance_g)} a day), and the floor is "
        f"reached on {day_text(floor_day(periods))}."
    )


def adjust_line(plan: Plan, today: date) -> str:
    periods = plan.periods()
    index = (step_number(periods, today) or 1) - 1
    return (
        f"Adjusted from the next step ({day_text(periods[index + 1].start)}) on: "
        f"{allowance_path(periods[index:])} a day; the floor is reached on {day_text(floor_day(periods))}."
    )


def adherence_line(status: TaperStatus) -> str:
    a = status.adherence
    if a.days == 0:
        return "Adherence: no finished day yet — it is counted from tomorrow."
    above = a.days - a.within - a.not_logged
    return (
        f"Finished days so far: {a.days} — {a.within} within the allowance, {above} above it, "
        f"{a.not_logged} not logged."
    )


def finished_line(plan: Plan, today: date) -> str:
    periods = plan.periods()
    state = state_on(plan, periods, today)
    last = last_day(plan, periods)
    if state == "finished":
        return (
            f"No active taper plan. Your plan started {day_text(plan.spec.start_day)} reached its floor of "
            f"{grams_text(periods[-1].allowance_g)} on {day_text(floor_day(periods))} and is finished."
        )
    if last is None:
        return f"No active taper plan. The plan started {day_text(plan.spec.start_day)} was stopped the same day."
    return f"No active taper plan. The plan started {day_text(plan.spec.start_day)} was stopped after {day_text(last)}."


def change_text(change: Change) -> str:
    if change.kind == "hold":
        return f"{change.day}: held {_days(change.hold_days or 0)}"
    parts = []
    if change.step is not None:
        parts.append(f"step {describe_step(change.step, bool(change.compound))}")
    if change.every_days is not None:
        parts.append(f"every {_days(change.every_days)}")
    if change.compound is not None:
        parts.append("compounding" if change.compound else "not compounding")
    return f"{change.day}: adjusted to {', '.join(parts)} from the next step"


def history_lines(plans: Sequence[Plan], today: date) -> list[str]:
    """Newest first: each plan with its rule, how it stands, and its holds and adjustments."""
    lines: list[str] = []
    for plan in reversed(plans):
        periods = plan.periods()
        state = state_on(plan, periods, today)
        last = last_day(plan, periods)
        if state == "active":
            where = f"active, floor on {day_text(floor_day(periods))}"
        elif state == "finished":
            where = f"finished (floor reached {day_text(floor_day(periods))})"
        else:
            where = "stopped the day it started" if last is None else f"stopped (last day {day_text(last)})"
        lines.append(
            f"Plan {plan.id} · started {day_text(plan.spec.start_day)} from {grams_text(plan.spec.start_g)} · "
            f"{where}"
        )
        lines.append(f"  started as {rule_text(plan)}")
        lines.extend(f"  {change_text(c)}" for c in plan.changes)
    return lines
