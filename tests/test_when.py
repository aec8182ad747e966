import calendar
from datetime import date, datetime, time

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from kratomlog.core.clock import to_local_naive
from kratomlog.core.invalid import Invalid
from kratomlog.core.settings import Settings
from kratomlog.core.when import parse_bound, parse_day, parse_when

WHEN_ACCEPTED = "times look like now, 21:30, 9pm, 9:30pm, yesterday 21:30, mon 08:00"


def utc(y, mo, d, h=0, mi=0, s=0) -> int:
    return calendar.timegm((y, mo, d, h, mi, s))


# Friday 2026-11-20 10:00 UTC (tests run in UTC unless they pin a zone).
NOW = utc(2026, 11, 20, 10, 0)
DEFAULT = Settings()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("now", NOW),
        ("  NOW ", NOW),
        ("9:05", utc(2026, 11, 20, 9, 5)),
        ("09:05", utc(2026, 11, 20, 9, 5)),
        ("00:00", utc(2026, 11, 20, 0, 0)),
        ("10:05", utc(2026, 11, 20, 10, 5)),  # exactly 5 minutes ahead is still accepted
        ("today 09:30", utc(2026, 11, 20, 9, 30)),
        ("yesterday 21:30", utc(2026, 11, 19, 21, 30)),
        ("Yesterday  23:59", utc(2026, 11, 19, 23, 59)),
        ("mon 08:00", utc(2026, 11, 16, 8, 0)),
        ("monday 08:00", utc(2026, 11, 16, 8, 0)),
        ("tue 08:00", utc(2026, 11, 17, 8, 0)),
        ("tues 08:00", utc(2026, 11, 17, 8, 0)),
        ("wednesday 7:15", utc(2026, 11, 18, 7, 15)),
        ("thurs 12:00", utc(2026, 11, 19, 12, 0)),
        ("sat 23:00", utc(2026, 11, 14, 23, 0)),
        ("sun 08:00", utc(2026, 11, 15, 8, 0)),
        ("fri 09:00", utc(2026, 11, 20, 9, 0)),  # today is Friday and 09:00 has passed
        ("FRI 10:04", utc(2026, 11, 20, 10, 4)),  # within the 5-minute slack
        ("fri 11:00", utc(2026, 11, 13, 11, 0)),  # later today → last Friday
        ("2026-11-20 08:00", utc(2026, 11, 20, 8, 0)),
        ("2026-11-20 8:00", utc(2026, 11, 20, 8, 0)),
        ("2026-11-20T08:00", utc(2026, 11, 20, 8, 0)),
        ("2026-11-20T08:00:30", utc(2026, 11, 20, 8, 0, 30)),
        ("2026-11-20T08:00:00Z", utc(2026, 11, 20, 8, 0)),
        ("2026-11-20t08:00z", utc(2026, 11, 20, 8, 0)),
        ("2026-11-20T03:00-05:00", utc(2026, 11, 20, 8, 0)),
        ("2026-11-20T08:00:00+05:30", utc(2026, 11, 20, 2, 30)),
        ("2026-11-20T08:00+0100", utc(2026, 11, 20, 7, 0)),
        ("2026-11-20T13:00:00+05:00", utc(2026, 11, 20, 8, 0)),
        ("40m ago", NOW - 40 * 60),
        ("45min ago", NOW - 45 * 60),
        ("5 minutes ago", NOW - 5 * 60),
        ("2h ago", NOW - 2 * 3600),
        ("2 hours ago", NOW - 2 * 3600),
        ("1h30m ago", NOW - 90 * 60),
        ("1h 30m ago", NOW - 90 * 60),
        ("3d ago", NOW - 72 * 3600),
        ("1 day ago", NOW - 86400),
        ("1d2h3m4s ago", NOW - (86400 + 2 * 3600 + 3 * 60 + 4)),
        ("90s ago", NOW - 90),
        ("0m ago", NOW),
        # the 12-hour clock (NOW is 10:00)
        ("9am", utc(2026, 11, 20, 9, 0)),
        ("9:30am", utc(2026, 11, 20, 9, 30)),
        ("9:30 AM", utc(2026, 11, 20, 9, 30)),
        ("9 a.m.", utc(2026, 11, 20, 9, 0)),
        ("12am", utc(2026, 11, 20, 0, 0)),  # midnight
        ("12:30am", utc(2026, 11, 20, 0, 30)),
        ("today 8am", utc(2026, 11, 20, 8, 0)),
        ("yesterday 9pm", utc(2026, 11, 19, 21, 0)),
        ("yesterday 12pm", utc(2026, 11, 19, 12, 0)),  # noon
        ("yesterday 8 p.m.", utc(2026, 11, 19, 20, 0)),
        ("mon 8am", utc(2026, 11, 16, 8, 0)),
        ("fri 11pm", utc(2026, 11, 13, 23, 0)),  # later today → last Friday
    ],
)
def test_accepted_times(text, expected):
    assert parse_when(text, NOW) == expected


@pytest.mark.parametrize(
    "text, message",
    [
        ("yesterday", "'yesterday' alone is a day, not a time; add a clock time, e.g. yesterday 21:30"),
        ("today", "'today' alone is a day, not a time"),
        ("mon", "'mon' alone is a day, not a time; add a clock time, e.g. mon 21:30"),
        ("2026-11-20", "'2026-11-20' alone is a day, not a time; add a clock time, e.g. 2026-11-20 08:00"),
        ("21", "'21' is not a time: a clock time needs minutes (21:00)"),
        ("8pm", "8pm is in the future; did you mean yesterday 8pm?"),
        ("8:30 PM", "8:30pm is in the future; did you mean yesterday 8:30pm?"),
        ("13pm", "13pm is not a 12-hour time; use 1–12 with am/pm (8pm, 8:30am) or the 24-hour clock (20:00)"),
        ("0am", "0am is not a 12-hour time"),
        ("yesterday 9:75pm", "9:75pm is not a 12-hour time"),
        ("20:00pm", "20:00pm is not a 12-hour time"),
        ("last night", "'last night' is too vague to store; say a time: yesterday 23:00"),
        ("this morning", "'this morning' is too vague to store; say a time: 08:00"),
        ("Tonight", "'tonight' is too vague to store; say a time: 21:00"),
        ("40m", "'40m': an elapsed time ends in ago, e.g. 40m ago"),
        ("1h30m", "an elapsed time ends in ago"),
        ("ago", "cannot read the time 'ago'"),
        ("40 ago", "cannot read the time '40 ago'"),
        ("30m1h ago", "cannot read the time"),
        ("in 2h", "cannot read the time"),
        ("tomorrow 08:00", "cannot read the time"),
        ("21:30 yesterday", "cannot read the time"),
        ("", "cannot read the time ''"),
        ("2026-11-20T08:00:00.5", "cannot read the time"),
        ("20261120T0800", "cannot read the time"),
        ("2026-11-20 08", "cannot read the time"),
        ("25:00", "25:00 is not a clock time; use 24-hour HH:MM from 00:00 to 23:59"),
        ("21:60", "21:60 is not a clock time"),
        ("yesterday 24:00", "24:00 is not a clock time"),
        ("2026-11-20T08:00:60", "08:00:60 is not a clock time"),
        ("2026-02-30 08:00", "2026-02-30 is not a date; use YYYY-MM-DD"),
        ("1999-12-31 23:59", "1999-12-31 is before 2000"),
        ("9999-12-31 23:59", "9999-12-31 is too far ahead; kratomlog takes dates up to 2999-12-31"),
        ("9999999d ago", "that is before 2000"),
        ("2026-11-20T08:00+24:00", "offset +24:00 is not valid"),
        ("2026-11-20T08:00+05:60", "offset +05:60 is not valid"),
        ("21:30", "21:30 is in the future; did you mean yesterday 21:30?"),
        ("10:06", "10:06 is in the future; did you mean yesterday 10:06?"),
        ("today 21:30", "today 21:30 is in the future; did you mean yesterday 21:30?"),
        ("2026-11-21 08:00", "2026-11-21 08:00 is in the future; it is now 2026-11-20 10:00"),
        ("2026-11-20T10:00-05:00", "is in the future"),
    ],
)
def test_refused_times(text, message):
    with pytest.raises(Invalid) as caught:
        parse_when(text, NOW)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_generic_refusal_lists_the_accepted_forms():
    with pytest.raises(Invalid, match=WHEN_ACCEPTED):
        parse_when("half past nine", NOW)


# --- DST (America/New_York: clocks go forward 2026-03-08 02:00, back 2026-11-01 02:00) ---


def test_skipped_local_time_is_refused_naming_both_offsets(tz):
    tz("America/New_York")
    now = utc(2026, 3, 9, 16, 0)  # Mon 2026-03-09 12:00 EDT
    for text in ("2026-03-08 02:30", "yesterday 02:30", "sun 02:30"):
        with pytest.raises(Invalid) as caught:
            parse_when(text, now)
        assert "2026-03-08 02:30 does not exist here" in str(caught.value)
        assert "-05:00" in str(caught.value) and "-04:00" in str(caught.value)


def test_repeated_local_time_is_refused_but_an_offset_resolves_it(tz):
    tz("America/New_York")
    now = utc(2026, 11, 2, 15, 0)
    with pytest.raises(Invalid) as caught:
        parse_when("2026-11-01 01:30", now)
    assert "happens twice" in str(caught.value)
    assert "-04:00" in str(caught.value) and "-05:00" in str(caught.value)
    assert parse_when("2026-11-01T01:30-04:00", now) == utc(2026, 11, 1, 5, 30)
    assert parse_when("2026-11-01T01:30-05:00", now) == utc(2026, 11, 1, 6, 30)


def test_days_ago_is_exactly_72_hours_across_dst(tz):
    tz("America/New_York")
    now = utc(2026, 3, 9, 16, 0)  # Mon 12:00 EDT; three days earlier was still EST
    ts = parse_when("3d ago", now)
    assert ts == now - 72 * 3600
    assert to_local_naive(ts) == datetime(2026, 3, 6, 11, 0)  # the wall clock moved by an hour


def test_weekday_in_the_week_of_a_dst_change(tz):
    tz("America/New_York")
    now = utc(2026, 3, 11, 16, 0)  # Wed 2026-03-11 12:00 EDT
    assert parse_when("mon 08:00", now) == utc(2026, 3, 9, 12, 0)  # 08:00 EDT
    assert parse_when("sun 08:00", now) == utc(2026, 3, 8, 12, 0)  # after the change: EDT
    assert parse_when("sun 01:00", now) == utc(2026, 3, 8, 6, 0)  # before the change: EST
    assert parse_when("sat 08:00", now) == utc(2026, 3, 7, 13, 0)  # 08:00 EST


def test_weekday_picks_last_week_when_todays_time_is_ahead_even_in_a_gap(tz):
    tz("America/New_York")
    now = utc(2026, 3, 8, 6, 0)  # Sun 2026-03-08 01:00 EST; today's 02:30 is ahead (and skipped)
    assert parse_when("sun 02:30", now) == utc(2026, 3, 1, 7, 30)


def test_clock_time_is_on_the_calendar_date_in_local_time(tz):
    tz("America/New_York")
    now = utc(2026, 11, 21, 3, 0)  # Fri 2026-11-20 22:00 EST, already Saturday in UTC
    assert parse_when("21:30", now) == utc(2026, 11, 21, 2, 30)
    assert parse_when("yesterday 21:30", now) == utc(2026, 11, 20, 2, 30)


# --- parse_day ---


@pytest.mark.parametrize(
    "text, expected",
    [
        ("today", date(2026, 11, 20)),
        ("Yesterday", date(2026, 11, 19)),
        ("fri", date(2026, 11, 20)),  # today counts when it is that weekday
        ("friday", date(2026, 11, 20)),
        ("thu", date(2026, 11, 19)),
        ("sat", date(2026, 11, 14)),
        ("mon", date(2026, 11, 16)),
        ("2026-11-01", date(2026, 11, 1)),
        ("2000-01-01", date(2000, 1, 1)),
        ("3d ago", date(2026, 11, 17)),
        ("3 days ago", date(2026, 11, 17)),
        ("1 day ago", date(2026, 11, 19)),
        ("0d ago", date(2026, 11, 20)),
    ],
)
def test_accepted_days(text, expected):
    assert parse_day(text, NOW, DEFAULT) == expected


@pytest.mark.parametrize(
    "text, message",
    [
        ("2026-11-21", "2026-11-21 has not started yet (today is 2026-11-20); pick today or earlier"),
        ("tomorrow", "cannot read the day 'tomorrow'; days look like today, yesterday, mon, 2026-11-20, 3d ago"),
        ("today 21:30", "cannot read the day"),
        ("2h ago", "cannot read the day"),
        ("now", "cannot read the day"),
        ("", "cannot read the day"),
        ("2026-13-01", "2026-13-01 is not a date"),
        ("1999-12-31", "1999-12-31 is before 2000"),
        ("99999d ago", "that day is before 2000"),
    ],
)
def test_refused_days(text, message):
    with pytest.raises(Invalid) as caught:
        parse_day(text, NOW, DEFAULT)
    assert message in str(caught.value)


def test_day_starts_at_keeps_early_morning_in_the_previous_day(tz):
    tz("America/New_York")
    late = Settings(day_starts_at=time(4, 0))
    now = utc(2026, 11, 21, 6, 30)  # Sat 2026-11-21 01:30 EST: still Friday's day
    assert parse_day("today", now, late) == date(2026, 11, 20)
    assert parse_day("yesterday", now, late) == date(2026, 11, 19)
    assert parse_day("fri", now, late) == date(2026, 11, 20)
    assert parse_day("sat", now, late) == date(2026, 11, 14)
    assert parse_day("1d ago", now, late) == date(2026, 11, 19)
    with pytest.raises(Invalid, match="2026-11-21 has not started yet"):
        parse_day("2026-11-21", now, late)
    # with the default midnight start the same instant is already Saturday
    assert parse_day("today", now, DEFAULT) == date(2026, 11, 21)


# --- parse_bound ---


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("today", utc(2026, 11, 20), utc(2026, 11, 21)),
        ("yesterday", utc(2026, 11, 19), utc(2026, 11, 20)),
        ("mon", utc(2026, 11, 16), utc(2026, 11, 17)),
        ("2026-11-01", utc(2026, 11, 1), utc(2026, 11, 2)),
        ("2026-12-31", utc(2026, 12, 31), utc(2027, 1, 1)),  # a range may end in the future
        ("now", NOW, NOW + 1),
        ("yesterday 21:30", utc(2026, 11, 19, 21, 30), utc(2026, 11, 19, 21, 30) + 1),
        ("21:30", utc(2026, 11, 20, 21, 30), utc(2026, 11, 20, 21, 30) + 1),  # future allowed
        ("2026-11-25 08:00", utc(2026, 11, 25, 8), utc(2026, 11, 25, 8) + 1),
        ("3d ago", NOW - 72 * 3600, NOW - 72 * 3600 + 1),  # an instant, not a day
    ],
)
def test_bounds(text, start, end):
    assert parse_bound(text, NOW, DEFAULT, end=False) == start
    assert parse_bound(text, NOW, DEFAULT, end=True) == end


def test_bounds_follow_day_starts_at_and_dst(tz):
    tz("America/New_York")
    now = utc(2026, 3, 20, 16, 0)
    assert parse_bound("2026-03-08", now, DEFAULT, end=False) == utc(2026, 3, 8, 5, 0)  # 00:00 EST
    assert parse_bound("2026-03-08", now, DEFAULT, end=True) == utc(2026, 3, 9, 4, 0)  # 00:00 EDT
    late = Settings(day_starts_at=time(4, 0))
    # 04:00 on 2026-03-08 is already after the change (EDT): a 24-hour day from 04:00 to 04:00
    assert parse_bound("2026-03-08", now, late, end=False) == utc(2026, 3, 8, 8, 0)
    assert parse_bound("2026-03-08", now, late, end=True) == utc(2026, 3, 9, 8, 0)  # 04:00 EDT


@pytest.mark.parametrize(
    "text, message",
    [
        ("last week", "cannot read the time 'last week'; bounds look like a day"),
        ("1999-12-31", "1999-12-31 is before 2000"),
        ("9999-12-31", "9999-12-31 is too far ahead"),
        ("9999-12-31T23:59-23:59", "9999-12-31 is too far ahead"),
        ("2026-03-08 02:30", "does not exist here"),
        ("last night", "say a time: yesterday 23:00"),
    ],
)
def test_refused_bounds(tz, text, message):
    tz("America/New_York")
    with pytest.raises(Invalid) as caught:
        parse_bound(text, NOW, DEFAULT, end=True)
    assert message in str(caught.value)


# --- properties ---

_pieces = st.sampled_from(
    ["now", "today", "yesterday", "mon", "tues", "ago", "d", "h", "m", "s", "min", "am", "pm",
     "t", "z", " ", ":", "-", "+", ".", "2026", "9999", "-12-", "31", "08:00", "99", "0", "1", "23:59"]
)
_texty = st.one_of(st.text(max_size=30), st.lists(_pieces, max_size=8).map("".join))


@hsettings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_texty)
def test_arbitrary_text_raises_only_invalid(tz, text):
    tz("America/New_York")
    for parse in (
        lambda: parse_when(text, NOW),
        lambda: parse_day(text, NOW, DEFAULT),
        lambda: parse_bound(text, NOW, DEFAULT, end=False),
        lambda: parse_bound(text, NOW, DEFAULT, end=True),
    ):
        try:
            parse()
        except Invalid as error:
            assert "\n" not in str(error)


@hsettings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    n=st.integers(min_value=0, max_value=3000),
    unit=st.sampled_from([("m", 60), ("h", 3600), ("d", 86400)]),
    space=st.booleans(),
    zone=st.sampled_from(["UTC", "America/New_York", "Australia/Lord_Howe"]),
)
def test_n_units_ago_is_exactly_n_units_before_now(tz, n, unit, space, zone):
    tz(zone)
    word, seconds = unit
    now = utc(2026, 3, 9, 16, 0)
    assert parse_when(f"{n}{' ' if space else ''}{word} ago", now) == now - n * seconds


def test_a_twelve_hour_bound_is_accepted():
    assert parse_bound("9pm", NOW, DEFAULT, end=False) == utc(2026, 11, 20, 21, 0)  # bounds may be ahead
