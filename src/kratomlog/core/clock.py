"""The one encoder/decoder between stored instants (INTEGER UTC epoch seconds) and local time.

Local time is the system's zone (honours `TZ`). Converting a local wall-clock time to an instant
refuses times that a DST change skips or repeats, naming the two possible offsets.
"""

from __future__ import annotations

import math
import time
from datetime import datetime, timedelta, timezone

from kratomlog.core.invalid import Invalid


def to_local(ts: int) -> datetime:
    """An instant as an aware datetime in the local zone."""
    return datetime.fromtimestamp(ts, tz=timezone.utc).astimezone()


def to_local_naive(ts: int) -> datetime:
    """An instant as the local wall-clock time (naive)."""
    return to_local(ts).replace(tzinfo=None)


def offset_minutes(ts: int) -> int:
    """The local zone's UTC offset at an instant, in minutes east of UTC (-480 in Los Angeles in winter)."""
    offset = to_local(ts).utcoffset()
    return int(offset.total_seconds() // 60) if offset is not None else 0


def local_offset_seconds(ts: int) -> int:
    """The local zone's UTC offset at an instant, in seconds east of UTC: the offset `to_local`
    applies (`astimezone()` takes it from the same `localtime` call), about four times faster."""
    return time.localtime(ts).tm_gmtoff


def wall_seconds(ts: int, utc_offset: int) -> int:
    """The wall-clock time of an instant at a stored UTC offset (minutes), as whole seconds since
    1970-01-01 00:00 on that wall clock: `wall_time` as a number, for bucketing many entries."""
    return ts + utc_offset * 60


def wall_time(ts: int, utc_offset: int | None) -> datetime:
    """The wall-clock time (naive) of an instant where it was logged: at its stored UTC offset, or,
    for an entry stored without one, in the zone in force."""
    if utc_offset is None:
        return to_local_naive(ts)
    return datetime(1970, 1, 1) + timedelta(seconds=wall_seconds(ts, utc_offset))


def iso_at(ts: int, utc_offset: int | None) -> str:
    """ISO 8601 of an instant at its own offset (where it was logged), or local time without one."""
    if utc_offset is None:
        return to_local(ts).isoformat(timespec="seconds")
    zone = timezone(timedelta(minutes=utc_offset))
    return datetime.fromtimestamp(ts, tz=zone).isoformat(timespec="seconds")


def offset_text(utc_offset: int) -> str:
    """UTC-08:00, UTC+05:30."""
    return "UTC" + _offset_text(timedelta(minutes=utc_offset))


def iso_local(ts: int | None) -> str | None:
    """Local ISO 8601 with offset, to the second: 2026-11-20T08:00:00-05:00."""
    if ts is None:
        return None
    return to_local(ts).isoformat(timespec="seconds")


def show_local(ts: int) -> str:
    """Short human form of an instant in local time: 2026-11-20 08:00."""
    return to_local(ts).strftime("%Y-%m-%d %H:%M")


def _offset_text(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def from_local(wall: datetime) -> int:
    """The instant of a naive local wall-clock time; refuses skipped and repeated times."""
    wall = wall.replace(tzinfo=None, microsecond=0)
    first = instant_of(wall.replace(fold=0))
    second = instant_of(wall.replace(fold=1))
    if first == second:
        return first
    # In time order: fold=0 reads the wall time with the offset in force before the change.
    offsets = list(dict.fromkeys(
        _offset_text(wall - datetime.fromtimestamp(ts, tz=timezone.utc).replace(tzinfo=None))
        for ts in (first, second)
    ))
    shown = wall.strftime("%Y-%m-%d %H:%M")
    if to_local_naive(first) == wall and to_local_naive(second) == wall:
        raise Invalid(
            f"{shown} happens twice here (clocks go back): offsets {' and '.join(offsets)}; "
            f"give it with an offset, e.g. {wall.strftime('%Y-%m-%dT%H:%M')}{offsets[0]}"
        )
    raise Invalid(
        f"{shown} does not exist here (clocks go forward), between offsets {' and '.join(offsets)}; "
        "give a time outside the gap"
    )


def from_local_lenient(wall: datetime, *, later: bool = False) -> int:
    """Like from_local, but resolves skipped/repeated times to the earlier reading (for boundaries),
    or to the later one with `later`."""
    return instant_of(wall.replace(tzinfo=None, fold=1 if later else 0))


def instant_of(moment: datetime) -> int:
    """The stored instant (whole epoch seconds, fractions dropped toward the past) of an aware
    datetime, or of a naive one read as local wall-clock time. Every instant kratomlog stores is
    made here or by the functions above."""
    return math.floor(moment.timestamp())


def elapsed_words(seconds: int) -> str:
    """How long ago, for a sentence: "40 s", "1 min", "3 h 5 min", "2 days"."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 86400:
        hours, minutes = divmod(seconds // 60, 60)
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days = seconds // 86400
    return f"{days} day{'s' if days != 1 else ''}"
