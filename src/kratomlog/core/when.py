"""Times and days as a person types them (`--at`, `--on`, `--of`, `--since`, `--until`).

Wall-clock forms go through `clock.from_local`, so a local time that a DST change skips or repeats
is refused, naming both offsets. Elapsed durations (`3d ago`) are measured on instants (DST-safe).
Anything ambiguous or partial is refused with one line saying what is accepted — never guessed.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

from kratomlog.core.clock import from_local, from_local_lenient, instant_of, show_local, to_local_naive
from kratomlog.core.days import day_start, today as settings_today
from kratomlog.core.invalid import Invalid
from kratomlog.core.settings import Settings

FUTURE_SLACK = 5 * 60  # seconds ahead of now still accepted (clock drift, typing time)
_YEAR_2000 = 946_684_800  # 2000-01-01T00:00:00Z
_LAST_YEAR = 2999  # keeps date arithmetic (the day after, offsets) far from datetime's year-9999 limit

WEEKDAYS: dict[str, int] = {
    "mon": 0, "monday": 0,
    "tue": 1, "tues": 1, "tuesday": 1,
    "wed": 2, "weds": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3,
    "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5,
    "sun": 6, "sunday": 6,
}  # fmt: skip

# Duration unit words → seconds, in the only order they may appear (largest first).
_DURATION_UNITS: tuple[tuple[tuple[str, ...], int], ...] = (
    (("d", "day", "days"), 86_400),
    (("h", "hr", "hrs", "hour", "hours"), 3_600),
    (("m", "min", "mins", "minute", "minutes"), 60),
    (("s", "sec", "secs", "second", "seconds"), 1),
)
_DURATION = re.compile(
    "".join(
        rf"(?:([0-9]{{1,12}}) ?(?:{'|'.join(words)}) ?)?" for words, _ in _DURATION_UNITS
    )
    + "ago",
    re.ASCII,
)
_CLOCK = re.compile(r"([0-9]{1,2}):([0-9]{2})", re.ASCII)
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)
_DATE_TIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[t ]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?"
    r" ?(z|[+-][0-9]{2}:?[0-9]{2})?",
    re.ASCII,
)
# A 12-hour clock word, after `_join_meridiem` has glued "9 pm" / "9 p.m." into "9pm".
_TWELVE_HOUR = re.compile(r"([0-9]{1,2})(?::([0-9]{2}))?([ap])m", re.ASCII)
_MERIDIEM = re.compile(r"([0-9]) ?([ap])\.?m\.?(?![a-z])", re.ASCII)
# Phrases people say instead of a time, with the time to say instead (never guessed for them).
VAGUE_TIMES: dict[str, str] = {
    "last night": "yesterday 23:00",
    "tonight": "21:00",
    "this morning": "08:00",
    "this afternoon": "15:00",
    "this evening": "19:00",
    "yesterday morning": "yesterday 08:00",
    "yesterday afternoon": "yesterday 15:00",
    "yesterday evening": "yesterday 19:00",
    "yesterday night": "yesterday 23:00",
    "earlier": "40m ago",
    "just now": "now",
    "a while ago": "1h ago",
}

WHEN_ACCEPTED = (
    "times look like now, 21:30, 9pm, 9:30pm, yesterday 21:30, mon 08:00, 2026-11-20 08:00, "
    "2026-11-20T08:00-05:00, 40m ago, 1h30m ago, 3d ago"
)
DAY_ACCEPTED = "days look like today, yesterday, mon, 2026-11-20, 3d ago"
BOUND_ACCEPTED = (
    "bounds look like a day (today, yesterday, mon, 2026-11-20) or a time "
    "(now, 21:30, 9pm, yesterday 21:30, 2026-11-20 08:00, 2026-11-20T08:00-05:00, 40m ago, 3d ago)"
)
_DAYS_AGO = re.compile(r"([0-9]{1,5}) ?(?:d|days?) ago", re.ASCII)


def _normal(text: str) -> str:
    return " ".join(text.split()).lower()


def _join_meridiem(text: str) -> str:
    """"9 pm", "9 p.m." and "9p.m." → "9pm", so a 12-hour time is one word."""
    return _MERIDIEM.sub(r"\1\2m", text)


def _clock_word(word: str) -> time | None:
    """A clock time from one word: 24-hour `21:30`, or 12-hour `9pm`, `9:30pm`, `12am` (= 00:00)."""
    if match := _CLOCK.fullmatch(word):
        return _clock(*match.groups())
    if match := _TWELVE_HOUR.fullmatch(word):
        hour_text, minutes, half = match.groups()
        hour = int(hour_text)
        if not 1 <= hour <= 12 or int(minutes or 0) > 59:
            raise Invalid(
                f"{word} is not a 12-hour time; use 1–12 with am/pm (8pm, 8:30am) or the 24-hour clock (20:00)"
            )
        return time(hour % 12 + (12 if half == "p" else 0), int(minutes or 0))
    return None


def _clock(hh: str, mm: str, ss: str | None = None) -> time:
    try:
        return time(int(hh), int(mm), int(ss or 0))
    except ValueError:
        shown = f"{hh}:{mm}" + (f":{ss}" if ss else "")
        raise Invalid(f"{shown} is not a clock time; use 24-hour HH:MM from 00:00 to 23:59") from None


def _date(yyyy: str, mm: str, dd: str) -> date:
    try:
        day = date(int(yyyy), int(mm), int(dd))
    except ValueError:
        raise Invalid(f"{yyyy}-{mm}-{dd} is not a date; use YYYY-MM-DD, e.g. 2026-11-20") from None
    if day.year < 2000:
        raise Invalid(f"{day.isoformat()} is before 2000; kratomlog takes dates from 2000-01-01")
    if day.year > _LAST_YEAR:
        raise Invalid(f"{day.isoformat()} is too far ahead; kratomlog takes dates up to {_LAST_YEAR}-12-31")
    return day


def _most_recent(weekday: int, current: date) -> date:
    """The latest date on or before `current` that falls on `weekday`."""
    return current - timedelta(days=(current.weekday() - weekday) % 7)


def _offset(text: str) -> timezone:
    if text == "z":
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 23 or minutes > 59:
        raise Invalid(f"offset {text.upper()} is not valid; use ±HH:MM from -23:59 to +23:59, or Z")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _ago(match: re.Match[str], now: int) -> int:
    seconds = sum(int(n) * size for n, (_, size) in zip(match.groups(), _DURATION_UNITS) if n)
    instant = now - seconds
    if instant < _YEAR_2000 - 86_400 or to_local_naive(instant).year < 2000:
        raise Invalid("that is before 2000; kratomlog takes times from 2000-01-01")
    return instant


def _not_future(instant: int, now: int, text: str, hint: str | None) -> int:
    if instant > now + FUTURE_SLACK:
        tail = f"did you mean {hint}?" if hint else f"it is now {show_local(now)}"
        raise Invalid(f"{text} is in the future; {tail}")
    return instant


def _instant(text: str, now: int, *, allow_future: bool, accepted: str) -> int:
    """Every instant form; `text` is already normalised."""
    if text == "now":
        return now
    text = _join_meridiem(text)
    calendar_today = to_local_naive(now).date()
    words = text.split(" ")

    if (match := _DURATION.fullmatch(text)) and any(match.groups()):
        return _ago(match, now)

    if len(words) == 1 or (len(words) == 2 and words[0] == "today"):
        clock = _clock_word(words[-1])
        if clock is not None:
            instant = from_local(datetime.combine(calendar_today, clock))
            if allow_future:
                return instant
            return _not_future(instant, now, text, f"yesterday {words[-1]}")

    if len(words) == 2 and (words[0] == "yesterday" or words[0] in WEEKDAYS):
        clock = _clock_word(words[1])
        if clock is not None:
            if words[0] == "yesterday":
                return from_local(datetime.combine(calendar_today - timedelta(days=1), clock))
            day = _most_recent(WEEKDAYS[words[0]], calendar_today)
            # Decide the day leniently: a candidate that is in the future is never the answer,
            # even when its wall time falls in a DST gap.
            if from_local_lenient(datetime.combine(day, clock)) > now + FUTURE_SLACK:
                day -= timedelta(days=7)
            return from_local(datetime.combine(day, clock))

    if match := _DATE_TIME.fullmatch(text):
        yyyy, mo, dd, hh, mi, ss, offset = match.groups()
        wall = datetime.combine(_date(yyyy, mo, dd), _clock(hh, mi, ss))
        if offset is None:
            instant = from_local(wall)
        else:
            instant = instant_of(wall.replace(tzinfo=_offset(offset)))
        if allow_future:
            return instant
        return _not_future(instant, now, text, None)

    _refuse_partial(text, accepted)
    raise Invalid(f"cannot read the time {text!r}; {accepted}")


def _refuse_partial(text: str, accepted: str) -> None:
    """Specific messages for forms that are close to valid but incomplete or ambiguous."""
    if text in ("today", "yesterday") or text in WEEKDAYS:
        raise Invalid(f"{text!r} alone is a day, not a time; add a clock time, e.g. {text} 21:30")
    if _DATE.fullmatch(text):
        raise Invalid(f"{text!r} alone is a day, not a time; add a clock time, e.g. {text} 08:00")
    if text in VAGUE_TIMES:
        raise Invalid(f"{text!r} is too vague to store; say a time: {VAGUE_TIMES[text]}")
    if _DURATION.fullmatch(f"{text} ago"):
        raise Invalid(f"{text!r}: an elapsed time ends in ago, e.g. {text} ago; {accepted}")
    if re.fullmatch(r"[0-9]{1,2}", text, re.ASCII):
        raise Invalid(f"{text!r} is not a time: a clock time needs minutes ({text}:00); {accepted}")


def parse_when(text: str, now: int) -> int:
    """An instant (UTC epoch seconds) for `--at`; more than 5 minutes ahead of `now` is refused."""
    return _instant(_normal(text), now, allow_future=False, accepted=WHEN_ACCEPTED)


def _day_form(text: str, current: date) -> date | None:
    """A bare day (today, yesterday, weekday, YYYY-MM-DD) relative to `current`; None if not one."""
    if text == "today":
        return current
    if text == "yesterday":
        return current - timedelta(days=1)
    if text in WEEKDAYS:
        return _most_recent(WEEKDAYS[text], current)
    if match := _DATE.fullmatch(text):
        return _date(*match.groups())
    return None


def parse_day(text: str, now: int, settings: Settings) -> date:
    """A local day for `--on`/`--of`: today, yesterday, mon…, YYYY-MM-DD, or `Nd ago`."""
    cleaned = _normal(text)
    current = settings_today(now, settings)
    day = _day_form(cleaned, current)
    if day is None and (match := _DAYS_AGO.fullmatch(cleaned)):
        day = current - timedelta(days=int(match.group(1)))
        if day.year < 2000:
            raise Invalid("that day is before 2000; kratomlog takes dates from 2000-01-01")
    if day is None:
        raise Invalid(f"cannot read the day {text.strip()!r}; {DAY_ACCEPTED}")
    if day > current:
        raise Invalid(
            f"{day.isoformat()} has not started yet (today is {current.isoformat()}); "
            "pick today or earlier"
        )
    return day


def parse_bound(text: str, now: int, settings: Settings, *, end: bool) -> int:
    """An instant bounding a range (`--since`, `--until`); the caller keeps `since <= t < until`.

    A bare day means its start (end=False) or the start of the next day (end=True). Any other time
    is read as by parse_when, plus 1 s when end=True so the instant itself is included. Future
    bounds are allowed. `3d ago` here is an instant (exactly 72 h before now), not a day.
    """
    cleaned = _normal(text)
    day = _day_form(cleaned, settings_today(now, settings))
    if day is not None:
        return day_start(day + timedelta(days=1) if end else day, settings)
    instant = _instant(cleaned, now, allow_future=True, accepted=BOUND_ACCEPTED)
    return instant + 1 if end else instant


_DURATION_ALONE = re.compile(
    "".join(rf"(?:([0-9]{{1,6}}) ?(?:{'|'.join(words)}) ?)?" for words, _ in _DURATION_UNITS), re.ASCII
)


def parse_duration(text: str, *, option: str, longest: int) -> int:
    """A length of time such as `8h`, `90m`, `1h30m` or `2d`, in seconds, from 1 s to `longest`."""
    match = _DURATION_ALONE.fullmatch(_normal(text))
    seconds = sum(int(n) * size for n, (_, size) in zip(match.groups(), _DURATION_UNITS) if n) if match else 0
    if not seconds:
        raise Invalid(f"{option} takes a length of time such as 8h, 90m, 1h30m or 2d; got {text!r}")
    if seconds > longest:
        raise Invalid(f"{option} can be at most {longest // 3600} hours; got {text!r}")
    return seconds


WEEK_WORDS = {"this week": 0, "last week": 7, "previous week": 7, "prev": 7}


def parse_week_day(text: str, now: int, settings: Settings) -> date:
    """A day naming a week for `week --of`: `this week`, `last week`, or any day parse_day reads."""
    cleaned = _normal(text)
    if cleaned in WEEK_WORDS:
        return settings_today(now, settings) - timedelta(days=WEEK_WORDS[cleaned])
    try:
        return parse_day(text, now, settings)
    except Invalid as error:
        raise Invalid(f"{error} (or this week, last week)") from None
