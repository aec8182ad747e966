"""The weekly bucketing's integer arithmetic (core.weekly: an entry's day and clock hour without a
datetime per entry) gives exactly what the datetime forms give: the day of the wall clock where it
was logged (or of the zone's day boundaries), and `wall_time(at, offset).hour`, in zones with DST
(also a 30-minute one), with a day start inside a DST gap, for entries with and without a stored
UTC offset."""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, datetime, time, timedelta, timezone

from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from kratomlog.core.clock import local_offset_seconds, to_local, wall_time
from kratomlog.core.days import day_start
from kratomlog.core.settings import Settings
from kratomlog.core.weekly import _Buckets, summarize_trends

ZONES = ("UTC", "America/New_York", "Europe/London", "Asia/Kolkata", "Australia/Lord_Howe", "America/St_Johns")
DAY_STARTS = (time(0, 0), time(2, 30), time(4, 0), time(23, 45))
FIRST = date(2025, 12, 29)  # a Monday; 56 days later is past the spring DST changes of 2026
DAYS = 7 * 20
SPAN_START = int(datetime(2025, 12, 20, tzinfo=timezone.utc).timestamp())
SPAN_END = int(datetime(2026, 5, 30, tzinfo=timezone.utc).timestamp())
PINNED = [HealthCheck.function_scoped_fixture]  # the `tz` fixture pins a zone per example and restores it after


def _reference_index(buckets: _Buckets, at: int, utc_offset: int | None, settings: Settings) -> int:
    """The datetime form the arithmetic replaced."""
    if utc_offset is None:
        if at < buckets.bounds[0] or at >= buckets.bounds[-1]:
            return -1
        return bisect_right(buckets.bounds, at) - 1
    start = timedelta(hours=settings.day_starts_at.hour, minutes=settings.day_starts_at.minute)
    wall = datetime(1970, 1, 1) + timedelta(seconds=at + utc_offset * 60)
    i = ((wall - start).date() - buckets.first).days
    return i if 0 <= i < buckets.count else -1


entries = st.lists(
    st.tuples(st.integers(SPAN_START, SPAN_END), st.one_of(st.none(), st.integers(-720, 840))),
    min_size=1, max_size=40,
)


@hsettings(max_examples=60, deadline=None, suppress_health_check=PINNED)
@given(zone=st.sampled_from(ZONES), day_starts=st.sampled_from(DAY_STARTS), found=entries)
def test_day_and_hour_arithmetic_match_the_datetime_forms(tz, zone, day_starts, found):
    tz(zone)
    settings = Settings(day_starts_at=day_starts)
    buckets = _Buckets(FIRST, DAYS, settings)
    for at, offset in found:
        i = buckets.locate(at, offset)
        assert i == _reference_index(buckets, at, offset, settings)
        if i >= 0:
            assert buckets.hour(at, offset, i) == wall_time(at, offset).hour


def test_hour_on_the_days_clocks_change_is_read_one_by_one(tz):
    tz("America/New_York")
    settings = Settings()
    buckets = _Buckets(date(2026, 3, 2), 14, settings)
    spring = (date(2026, 3, 8) - buckets.first).days  # 23 hours long
    assert buckets.zone_offset(spring) is None
    assert buckets.zone_offset(spring - 1) == -5 * 3600 and buckets.zone_offset(spring + 1) == -4 * 3600
    start = day_start(date(2026, 3, 8), settings)
    for minutes in range(0, 23 * 60, 7):
        at = start + minutes * 60
        assert buckets.hour(at, None, spring) == wall_time(at, None).hour


@hsettings(max_examples=25, deadline=None, suppress_health_check=PINNED)
@given(zone=st.sampled_from(ZONES), found=entries)
def test_trends_hours_count_each_dose_at_its_wall_clock_hour(tz, zone, found):
    tz(zone)
    settings = Settings()
    now = int(datetime(2026, 6, 3, 12, tzinfo=timezone.utc).timestamp())
    doses = [(at, 1.0, "x", None, offset) for at, offset in found]
    report = summarize_trends(date(2026, 6, 1), 26, now, settings, doses, [], [], [], date(2025, 1, 1))
    buckets = _Buckets(date(2026, 6, 1) - timedelta(days=7 * 25), 7 * 26, settings)
    expected = [0] * 24
    for at, offset in found:
        if _reference_index(buckets, at, offset, settings) >= 0 and at <= now:
            expected[wall_time(at, offset).hour] += 1
    assert report.hours == expected


@hsettings(max_examples=40, deadline=None, suppress_health_check=PINNED)
@given(zone=st.sampled_from(ZONES), at=st.integers(946684800, 4102444799))
def test_local_offset_is_the_offset_to_local_applies(tz, zone, at):
    tz(zone)
    assert local_offset_seconds(at) == to_local(at).utcoffset().total_seconds()
