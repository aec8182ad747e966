"""The month calendar behind `calendar`: every day of the months shown with its status — a day with
doses (`use`, with a level of grams), a deliberate no-use day (`no-use`), a day with no record of
use either way (`not-logged`: unknown, never taken as a day without use; EVIDENCE.md §7), a day
before the first entry (`no-data`) or one still to come (`future`). Pure: plain tuples in."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Iterable

from kratomlog.core.records import NamedTuple

from kratomlog.core.days import local_day
from kratomlog.core.settings import Settings

MAX_MONTHS = 24
STATUSES = ("use", "no-use", "not-logged", "no-data", "future")
LEVELS = 4  # grams on use days in quarters of the highest day shown (relative, like a contribution graph)


class CalendarDay(NamedTuple):
    day: date
    status: str
    doses: int | None  # None on no-data and future days
    grams: float | None
    level: int  # 1–LEVELS on use days, else 0


def first_months(today: date, months: int) -> list[date]:
    """The first day of each of the `months` months ending with today's month, oldest first."""
    firsts = [today.replace(day=1)]
    while len(firsts) < months:
        firsts.insert(0, (firsts[0] - timedelta(days=1)).replace(day=1))
    return firsts


def month_end(first: date) -> date:
    return ((first + timedelta(days=32)).replace(day=1)) - timedelta(days=1)


def level_bounds(grams: list[float]) -> tuple[float, ...]:
    """The upper bounds of levels 1..LEVELS: quarters of the highest day's grams (empty: no use day)."""
    if not grams:
        return ()
    highest = max(grams)
    return tuple(highest * q / LEVELS for q in range(1, LEVELS + 1))


def level(grams: float, bounds: tuple[float, ...]) -> int:
    return min(LEVELS, 1 + sum(1 for bound in bounds[:-1] if grams > bound))


def calendar_days(
    first: date,
    last: date,
    today: date,
    doses: Iterable[tuple],  # (at, grams, …) as store.weekly_reads gives them
    no_use_days: Iterable[date],
    first_entry_day: date | None,
    settings: Settings,
) -> tuple[list[CalendarDay], tuple[float, ...]]:
    """Every day from `first` to `last` inclusive, and the level bounds used."""
    per_day: dict[date, list[float]] = {}
    for at, grams, *_ in doses:
        per_day.setdefault(local_day(at, settings), []).append(grams)
    bounds = level_bounds([sum(g) for d, g in per_day.items() if first <= d <= min(last, today)])
    no_use = set(no_use_days)
    found = []
    day = first
    while day <= last:
        grams = per_day.get(day)
        if day > today:
            found.append(CalendarDay(day, "future", None, None, 0))
        elif grams:
            total = sum(grams)
            found.append(CalendarDay(day, "use", len(grams), total, level(total, bounds)))
        elif day in no_use:
            found.append(CalendarDay(day, "no-use", 0, 0.0, 0))
        elif first_entry_day is None or day < first_entry_day:
            found.append(CalendarDay(day, "no-data", None, None, 0))
        else:
            found.append(CalendarDay(day, "not-logged", 0, 0.0, 0))
        day += timedelta(days=1)
    return found, bounds
