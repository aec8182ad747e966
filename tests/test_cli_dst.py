"""Local days across DST (America/New_York): skipped and repeated times, 23/25-hour days, day_starts_at."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from helpers import everything, run


def epoch(text: str) -> int:
    return int(datetime.fromisoformat(text).astimezone(timezone.utc).timestamp())


@pytest.fixture(autouse=True)
def new_york(tz):
    tz("America/New_York")


def test_skipped_local_time_is_refused_naming_both_offsets():
    now = epoch("2026-03-08T12:00:00-04:00")
    run("dose", "1g", "Red", "--at", "2026-03-07 10:00", now=now)
    before = everything()
    result = run("dose", "1g", "--at", "2026-03-08 02:30", now=now)
    assert result.exit_code == 2
    assert "-05:00" in result.stderr and "-04:00" in result.stderr
    assert everything() == before


def test_repeated_local_time_is_refused_and_an_offset_resolves_it():
    now = epoch("2026-11-01T12:00:00-05:00")
    run("dose", "1g", "Red", "--at", "2026-10-31 10:00", now=now)
    result = run("dose", "1g", "--at", "2026-11-01 01:30", now=now)
    assert result.exit_code == 2 and "twice" in result.stderr
    assert run("dose", "1g", "--at", "2026-11-01T01:30-04:00", now=now).exit_code == 0
    assert run("dose", "1g", "--at", "2026-11-01T01:30-05:00", now=now).exit_code == 0
    ats = [e["at"] for e in json.loads(run("list", "--json", "--kind", "dose", now=now).stdout)]
    assert ats[:2] == ["2026-11-01T01:30:00-05:00", "2026-11-01T01:30:00-04:00"]


def test_three_days_ago_across_the_change_is_exactly_72_hours():
    now = epoch("2026-11-02T12:00:00-05:00")
    run("dose", "1g", "Red", "--at", "3d ago", now=now)
    (entry,) = json.loads(run("list", "--json", now=now).stdout)
    assert entry["at"] == "2026-10-30T13:00:00-04:00"


def test_today_on_the_25_hour_day_counts_doses_from_midnight_to_midnight():
    now = epoch("2026-11-01T23:30:00-05:00")
    run("dose", "1g", "Red", "--at", "2026-11-01T00:10-04:00", now=now)  # first minute of the long day
    run("dose", "2g", "--at", "2026-11-01T23:20-05:00", now=now)
    run("dose", "4g", "--at", "2026-10-31 23:50", now=now)  # the day before
    assert json.loads(run("status", "--json", now=now).stdout)["today_g"] == 3.0


def test_day_starts_at_with_dst():
    run("config", "set", "day_starts_at", "04:00")
    now = epoch("2026-11-01T12:00:00-05:00")
    run("dose", "1g", "Red", "--at", "2026-11-01T03:30-05:00", now=now)  # before 04:00: still Oct 31
    run("dose", "2g", "--at", "2026-11-01 04:30", now=now)
    assert json.loads(run("status", "--json", now=now).stdout)["today_g"] == 2.0
