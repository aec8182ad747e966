"""`calendar`: every day of the months shown with its status and grams; deliberate no-use days and
days with nothing logged told apart; marks that work without colour."""

from __future__ import annotations

import json
from datetime import date

import pytest

from helpers import NOW, everything, run
from kratomlog.core.month_grid import calendar_days, first_months, level_bounds
from kratomlog.core.settings import Settings


def ok(*args, env=None):
    result = run(*args, now=NOW, env=env)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def logged():
    # NOW is Fri 2026-11-27 12:00 UTC
    ok("dose", "3g", "Red", "--at", "2026-11-20 08:00")
    ok("dose", "2g", "Red", "--at", "2026-11-20 18:00")
    ok("dose", "1g", "Red", "--at", "2026-11-25 09:00")
    ok("dose", "8g", "Red", "--at", "2026-11-26 09:00", "--yes")
    ok("no-use", "--on", "2026-11-22")
    ok("stress", "4", "--at", "2026-11-23 10:00")  # a rating is not a record of use either way


def test_json_has_one_object_a_day_with_its_status(logged):
    days = json.loads(ok("calendar", "--months", "1", "--json").stdout)
    assert len(days) == 30 and days[0]["date"] == "2026-11-01" and days[-1]["date"] == "2026-11-30"
    by_date = {d["date"]: d for d in days}
    assert by_date["2026-11-20"] == {"date": "2026-11-20", "status": "use", "doses": 2, "grams": 5.0}
    assert by_date["2026-11-22"] == {"date": "2026-11-22", "status": "no-use", "doses": 0, "grams": 0.0}
    assert by_date["2026-11-23"] == {"date": "2026-11-23", "status": "not-logged", "doses": 0, "grams": 0.0}
    assert by_date["2026-11-19"]["status"] == "no-data"  # before the first entry
    assert by_date["2026-11-28"] == {"date": "2026-11-28", "status": "future", "doses": None, "grams": None}
    assert by_date["2026-11-27"]["status"] == "not-logged"  # today, nothing yet
    three = json.loads(ok("calendar", "--json").stdout)
    assert three[0]["date"] == "2026-09-01" and len(three) == 30 + 31 + 30


def test_screen_marks_every_status_without_colour(logged):
    result = ok("calendar", "--months", "2", env={"NO_COLOR": "1", "COLUMNS": "80"})
    text = result.stdout
    assert "\x1b[" not in text
    assert "October 2026" in text and "November 2026" in text
    assert "Mo  Tu  We  Th  Fr  Sa  Su" in text
    assert "20▓" in text  # 5 g: above half of the highest day (8 g), up to three quarters
    assert "26█" in text  # 8 g, the highest
    assert "25░" in text  # 1 g, up to a quarter
    assert "░ ≤2  ▒ ≤4  ▓ ≤6  █ ≤8 grams a day (quarters of the highest day shown)" in text
    assert "22○" in text and "23·" in text
    assert "○ deliberate no-use day  · nothing logged (unknown, not a day without use)" in text
    assert "3 days with doses · 1 deliberate no-use day · 4 days not logged" in text
    assert all(len(line) <= 80 for line in text.splitlines())


def test_week_starts_sunday_moves_the_columns(logged):
    ok("config", "set", "week_starts", "sunday")
    text = ok("calendar", "--months", "1", env={"NO_COLOR": "1"}).stdout
    assert "Su  Mo  Tu  We  Th  Fr  Sa" in text
    assert " 1  " in text.splitlines()[2][:4]  # 1 November 2026 is a Sunday: first column


@pytest.mark.parametrize("months", ["0", "25", "x", "-1"])
def test_bad_months(months):
    before = everything()
    result = run("calendar", "--months", months, now=NOW)
    assert result.exit_code == 2
    assert "--months takes a whole number from 1 to 24" in result.stderr or "negative numbers" in result.stderr
    assert everything() == before


def test_empty_database_is_all_no_data():
    days = json.loads(ok("calendar", "--months", "1", "--json").stdout)
    assert {d["status"] for d in days} == {"no-data", "future"}


def test_months_and_levels():
    assert first_months(date(2026, 1, 15), 3) == [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1)]
    assert level_bounds([]) == ()
    assert level_bounds([1.0, 4.0, 3.0]) == (1.0, 2.0, 3.0, 4.0)
    days, bounds = calendar_days(date(2026, 11, 1), date(2026, 11, 3), date(2026, 11, 2),
                                 [(1793491200 + 3600, 2.0)], [], date(2026, 11, 1), Settings())
    assert [d.status for d in days] == ["use", "not-logged", "future"] and days[0].level == 4
