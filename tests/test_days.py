from datetime import date, datetime, time

import pytest

from kratomlog.core.clock import from_local, iso_local, to_local_naive
from kratomlog.core.days import day_range, last_finished_days, local_day, week_start
from kratomlog.core.invalid import Invalid
from kratomlog.core.settings import Settings


def test_day_starts_at_moves_early_morning_to_previous_day(tz):
    tz("America/New_York")
    s = Settings(day_starts_at=time(4, 0))
    ts = from_local(datetime(2026, 11, 20, 1, 30))
    assert local_day(ts, s) == date(2026, 11, 19)
    assert local_day(ts, Settings()) == date(2026, 11, 20)


def test_dst_days_are_23_and_25_hours(tz):
    tz("America/New_York")
    s = Settings()
    start, end = day_range(date(2026, 3, 8), s)
    assert end - start == 23 * 3600
    start, end = day_range(date(2026, 11, 1), s)
    assert end - start == 25 * 3600


def test_skipped_and_repeated_local_times_are_refused_naming_offsets(tz):
    tz("America/New_York")
    with pytest.raises(Invalid, match="-05:00 and -04:00|-04:00 and -05:00"):
        from_local(datetime(2026, 3, 8, 2, 30))
    with pytest.raises(Invalid, match="twice"):
        from_local(datetime(2026, 11, 1, 1, 30))


def test_iso_local_has_offset(tz):
    tz("America/New_York")
    ts = from_local(datetime(2026, 11, 20, 8, 0))
    assert iso_local(ts) == "2026-11-20T08:00:00-05:00"
    assert to_local_naive(ts) == datetime(2026, 11, 20, 8, 0)


def test_week_start_monday_and_sunday():
    d = date(2026, 11, 27)  # a Friday
    assert week_start(d, Settings()) == date(2026, 11, 23)
    assert week_start(d, Settings(week_starts="sunday")) == date(2026, 11, 22)


def test_last_finished_days_exclude_today():
    now = int(datetime(2026, 11, 27, 12, 0).timestamp())
    days = last_finished_days(now, 3, Settings())
    assert days == [date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 26)]
