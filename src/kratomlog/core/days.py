"""Local days and weeks: a day starts at `day_starts_at`, a week on `week_starts`.

A "finished day" is any day before today (an unfinished day is not a light day).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from kratomlog.core.clock import from_local_lenient, to_local_naive, wall_time
from kratomlog.core.settings import Settings


def _start_offset(settings: Settings) -> timedelta:
    return timedelta(hours=settings.day_starts_at.hour, minutes=settings.day_starts_at.minute)


def local_day(ts: int, settings: Settings) -> date:
    """The day an instant belongs to (a dose at 01:30 with day_starts_at 04:00 is the day before)."""
    return (to_local_naive(ts) - _start_offset(settings)).date()


def entry_day(ts: int, utc_offset: int | None, settings: Settings) -> date:
    """The day of an entry as a diary kept where it was logged: its wall-clock time at its own UTC
    offset (the zone in force for an entry stored without one), counted from `day_starts_at`."""
    if utc_offset is None:
        return local_day(ts, settings)
    return (wall_time(ts, utc_offset) - _start_offset(settings)).date()


def day_start(day: date, settings: Settings) -> int:
    """The instant a day begins."""
    return from_local_lenient(datetime.combine(day, settings.day_starts_at))


def day_range(day: date, settings: Settings) -> tuple[int, int]:
    """[start, end) instants of a day; 23 or 25 hours long across a DST change."""
    return day_start(day, settings), day_start(day + timedelta(days=1), settings)


def days_range(first: date, last: date, settings: Settings) -> tuple[int, int]:
    """[start, end) instants covering the days first..last inclusive."""
    return day_start(first, settings), day_start(last + timedelta(days=1), settings)


def today(now: int, settings: Settings) -> date:
    return local_day(now, settings)


def week_start(day: date, settings: Settings) -> date:
    """The first day of the week containing `day`."""
    first_weekday = 0 if settings.week_starts == "monday" else 6
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


def last_finished_days(now: int, count: int, settings: Settings) -> list[date]:
    """The `count` finished days before today, oldest first."""
    current = today(now, settings)
    return [current - timedelta(days=n) for n in range(count, 0, -1)]
