"""Travel (issue 13, point 8): each entry records the UTC offset and zone it was logged in; days and
times of day are those of the place it was logged, in review and in the signals; `list` marks
entries logged in another zone; `export` carries the offset; entries stored without one use the
zone in force. Pinned to two zones: home in New York, a trip to Los Angeles (3 hours behind)."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from helpers import db_file, run

HOME, TRIP = "America/New_York", "America/Los_Angeles"
NOW = int(datetime(2026, 11, 25, 12, tzinfo=ZoneInfo(HOME)).timestamp())  # Wed 25 Nov 2026, noon at home


def ok(*args, now=NOW):
    result = run(*args, now=now)
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return result.stdout


def as_json(*args):
    return json.loads(ok(*args, "--json"))


@pytest.fixture
def trip(tz):
    """Sat 21 Nov at home: 4 doses, 15.5 g. Fri 20 Nov in Los Angeles: a 22:30 dose of 2 g (01:30
    Saturday in New York)."""
    tz(HOME)
    ok("strain", "add", "Red Bali")
    for hour, grams in ((8, "4.5g"), (12, "4g"), (16, "3.5g"), (20, "3.5g")):
        ok("dose", grams, "Red Bali", "--at", f"2026-11-21 {hour:02d}:00")
    ok("dose", "3g", "Red Bali", "--at", "2026-11-20 08:00")
    tz(TRIP)
    ok("dose", "2g", "Red Bali", "--at", "2026-11-20 22:30")
    ok("stress", "7", "--at", "2026-11-20 22:40")
    return tz


def day(report, iso):
    return next(d for d in report["days"] if d["date"] == iso)


@pytest.mark.parametrize("viewed_in", [HOME, TRIP])
def test_days_are_those_of_the_place_each_entry_was_logged_wherever_viewed(trip, viewed_in):
    trip(viewed_in)
    week = as_json("week", "--of", "2026-11-20")
    saturday, friday = day(week, "2026-11-21"), day(week, "2026-11-20")
    assert (saturday["doses"], saturday["grams"], saturday["first_dose"]) == (4, 15.5, "08:00")
    assert (friday["doses"], friday["grams"], friday["first_dose"], friday["mean_stress"]) == (2, 5.0, "08:00", 7.0)
    hours = as_json("trends", "--weeks", "2")["hours"]
    assert hours[22] == 1 and hours[1] == 0 and hours[19] == 0  # 22:30 where it was logged


def test_the_entry_stores_its_offset_and_zone(trip):
    rows = {e["id"]: e for e in as_json("list", "-n", "0")}
    assert (rows["d6"]["utc_offset"], rows["d6"]["zone"], rows["d6"]["at"]) == (-480, TRIP, "2026-11-20T22:30:00-08:00")
    assert (rows["d1"]["utc_offset"], rows["d1"]["zone"], rows["d1"]["at"]) == (-300, HOME, "2026-11-21T08:00:00-05:00")
    assert rows["s1"]["utc_offset"] == -480


def test_list_marks_entries_logged_in_another_zone(trip):
    trip(HOME)
    lines = ok("list", "-n", "0").splitlines()
    la = next(line for line in lines if " d6 " in line)
    home = next(line for line in lines if " d1 " in line)
    assert "Fri 2026-11-20 22:30 UTC-08:00" in la
    assert "Sat 2026-11-21 08:00" in home and "UTC" not in home
    trip(TRIP)  # in Los Angeles it is the home entries that came from elsewhere
    lines = ok("list", "-n", "0").splitlines()
    assert "UTC-08:00" not in next(line for line in lines if " d6 " in line)
    assert "Sat 2026-11-21 08:00 UTC-05:00" in next(line for line in lines if " d1 " in line)


def test_export_carries_the_offset_and_import_keeps_it(trip, tmp_path):
    trip(HOME)
    document = json.loads(ok("export", "--format", "json"))
    la = next(d for d in document["doses"] if d["at"].startswith("2026-11-20T22:30"))
    assert (la["at"], la["utc_offset"], la["zone"]) == ("2026-11-20T22:30:00-08:00", -480, TRIP)
    csv_text = ok("export", "--format", "csv")
    assert ",2026-11-20T22:30:00-08:00,2026-11-20," in csv_text
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(document))
    fresh = tmp_path / "fresh.db"
    result = run("--db", str(fresh), "import", str(path), now=NOW)
    assert result.exit_code == 0, result.output
    again = json.loads(run("--db", str(fresh), "list", "-n", "0", "--json", now=NOW).stdout)
    assert [(e["at"], e.get("utc_offset"), e.get("zone")) for e in again] == [
        (e["at"], e.get("utc_offset"), e.get("zone")) for e in as_json("list", "-n", "0")]


def test_an_entry_stored_without_an_offset_uses_the_zone_in_force(tz):
    import sqlite3

    tz(HOME)
    ok("dose", "2g", "Red Bali", "--new", "--at", "2026-11-20 22:30")
    conn = sqlite3.connect(db_file())
    conn.execute("UPDATE dose SET utc_offset = NULL, zone = NULL")  # as before this version
    conn.commit()
    conn.close()
    assert day(as_json("week", "--of", "2026-11-20"), "2026-11-20")["first_dose"] == "22:30"
    tz(TRIP)  # three hours behind: the same instant is 19:30 there
    assert day(as_json("week", "--of", "2026-11-20"), "2026-11-20")["first_dose"] == "19:30"
    assert "UTC-" not in ok("list")


def _signals(doses, with_offsets: bool) -> dict:
    """Write doses straight to the store, as (New York wall time, offset) pairs, and read signals at home."""
    from kratomlog.store.changes import Recorder
    from kratomlog.store.database import open_database

    db = open_database(db_file())
    with db.write() as conn:
        recorder = Recorder(conn, NOW)
        strain = recorder.add("strain", {"name": "Red Bali", "name_key": "redbali", "form": "powder"})
        for at, offset in doses:
            values = {"at": at, "amount": 2.0, "unit": "g", "grams": 2.0, "strain_id": strain,
                      "mitragynine_pct": 1.5, "mitragynine_mg": 30.0, "mitragynine_estimated": 1, "reasons": ""}
            values.update({"utc_offset": offset, "zone": None} if with_offsets
                          else {"utc_offset": None, "zone": None})
            recorder.add("dose", values)
    db.close()
    return {r["id"]: r for r in as_json("signals")}


@pytest.mark.parametrize("with_offsets,expected", [(True, "clear"), (False, "active")])
def test_a_late_dose_on_a_trip_is_not_the_next_days_first_dose_at_home(tz, with_offsets, expected):
    """60 days: the older 30 at home (09:00 and 21:00), the last 30 in Los Angeles (09:00 and 22:30
    there). Read at home without offsets, 22:30 in LA is 01:30 the next day — 'the first dose of the
    day' — and earlier-first-dose fires; with each entry's offset it stays 09:00, as the diary had it."""
    tz(HOME)
    home, trip_zone = ZoneInfo(HOME), ZoneInfo(TRIP)
    doses = []
    for back in range(60, 0, -1):
        when = datetime.fromtimestamp(NOW, home).date().toordinal() - back
        d = datetime.fromordinal(when)
        zone, late = (home, (21, 0)) if back > 30 else (trip_zone, (22, 30))
        for hh, mm in ((9, 0), late):
            wall = d.replace(hour=hh, minute=mm, tzinfo=zone)
            doses.append((int(wall.timestamp()), int(wall.utcoffset().total_seconds() // 60)))
    found = _signals(doses, with_offsets)["earlier-first-dose"]
    assert found["status"] == expected, found["message"]
