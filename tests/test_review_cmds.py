"""`week` and `trends` end to end: JSON numbers against hand-computed fixtures, DST and day_starts_at,
edits moving buckets, empty cases, bad input, and charts within the terminal width."""

import json
import re
import subprocess
import sys
from datetime import datetime

import pytest

from helpers import NOW, db_file, everything, run
from kratomlog.core.clock import from_local
from kratomlog.store.changes import Recorder
from kratomlog.store.database import open_database

ANSI = re.compile(r"\x1b\[")


def ok(*args, now=NOW, env=None):
    result = run(*args, now=now, env=env)
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return result


def as_json(*args, now=NOW):
    return json.loads(ok(*args, "--json", now=now).stdout)


def add_sows(at: int, total: int) -> None:
    """No `withdrawal` command on this branch yet: write the questionnaire as the store would."""
    db = open_database(db_file())
    with db.write() as conn:
        Recorder(conn, NOW).add("questionnaire", {"at": at, "instrument": "sows", "total": total})
    db.close()


def at(y, m, d, hh, mm=0):
    return from_local(datetime(y, m, d, hh, mm))


def fixture_weeks():
    """NOW is Fri 27 Nov 2026 12:00 (UTC). First entry Tue 10 Nov; the week of Mon 16 Nov is finished."""
    ok("dose", "2g", "Red Bali", "--at", "2026-11-10 09:00")
    ok("stress", "6", "--craving", "4", "--at", "2026-11-10 10:00")
    ok("dose", "3g", "--at", "2026-11-12 08:00")
    ok("dose", "3g", "Red Bali", "--at", "2026-11-16 08:30")
    ok("dose", "2g", "--at", "2026-11-16 20:00")
    ok("stress", "5", "--craving", "3", "--at", "2026-11-16 09:00")
    ok("stress", "7", "--pain", "4", "--at", "2026-11-16 21:00")
    ok("no-use", "--on", "2026-11-17")
    ok("dose", "4g", "Green", "--at", "2026-11-18 07:15")
    add_sows(at(2026, 11, 18, 10), 12)
    add_sows(at(2026, 11, 18, 19), 8)  # the day's last SOWS is the one shown
    ok("dose", "1g", "--at", "2026-11-20 09:00")
    ok("stress", "3", "--craving", "1", "--at", "2026-11-21 18:00")


def day(date, doses=0, grams=0.0, mg=0.0, first=None, stress=None, craving=None, pain=None, sows=None, no_use=False):
    return {
        "date": date, "doses": doses, "grams": grams, "mitragynine_mg": mg, "first_dose": first,
        "mean_stress": stress, "mean_craving": craving, "mean_pain": pain, "sows": sows, "no_use": no_use,
        "seven_oh_mg": None,  # no 7-OH product in these weeks
    }


NULL_DAY = dict.fromkeys(("doses", "grams", "mitragynine_mg", "first_dose", "mean_stress", "mean_craving",
                          "mean_pain", "sows", "seven_oh_mg"))
THIS_WEEK = {  # Mon 16 – Sun 22 Nov
    "days_used": 3, "doses": 4, "grams": 10.0, "mean_grams_per_use_day": 3.33,
    "mean_grams_per_day": 1.43,  # 10 g / 7 days
    "mean_stress": 5.0, "mean_craving": 2.0, "mean_pain": 4.0,  # ratings (5, 7, 3), cravings (3, 1), pain (4)
}
WEEK_BEFORE = {  # Mon 9 – Sun 15 Nov; Mon 9 precedes the first entry, so 6 days count
    "days_used": 2, "doses": 2, "grams": 5.0, "mean_grams_per_use_day": 2.5, "mean_grams_per_day": 0.83,
    "mean_stress": 6.0, "mean_craving": 4.0, "mean_pain": None,
}


def test_week_json_numbers_by_hand():
    fixture_weeks()
    j = as_json("week", "--of", "2026-11-18")
    assert (j["start"], j["end"], j["in_progress"]) == ("2026-11-16", "2026-11-22", False)
    assert j["days"] == [
        day("2026-11-16", 2, 5.0, 75.0, "08:30", 6.0, 3.0, 4.0),  # leaf default 1.5%: 75 mg
        day("2026-11-17", no_use=True),
        day("2026-11-18", 1, 4.0, 60.0, "07:15", sows=8),
        day("2026-11-19"),
        day("2026-11-20", 1, 1.0, 15.0, "09:00"),
        day("2026-11-21", stress=3.0, craving=1.0),
        day("2026-11-22"),
    ]
    assert j["totals"] == THIS_WEEK
    assert j["previous"] == WEEK_BEFORE
    assert j["strains"] == [
        {"strain": "Green", "grams": 5.0, "share": 0.5},
        {"strain": "Red Bali", "grams": 5.0, "share": 0.5},
    ]
    # the week of the first entry: null before it, zeros after it
    j = as_json("week", "--of", "2026-11-09")
    assert {k: j["days"][0][k] for k in NULL_DAY} == NULL_DAY
    assert j["days"][1]["doses"] == 1 and j["days"][2] == day("2026-11-11")
    assert set(j["previous"].values()) == {None}


def test_current_week_in_progress_compares_finished_days_with_same_days_last_week():
    fixture_weeks()
    ok("dose", "2.5g", "Green", "--at", "2026-11-24 08:00")
    ok("dose", "4g", "--at", "2026-11-27 08:00")  # today (Friday): shown, not compared
    ok("stress", "9", "--at", "2026-11-27 08:30")
    j = as_json("week")
    assert (j["start"], j["end"], j["in_progress"], j["compared_days"]) == ("2026-11-23", "2026-11-29", True, 4)
    assert j["days"][4] == day("2026-11-27", 1, 4.0, 60.0, "08:00", 9.0)
    assert j["days"][5] == {"date": "2026-11-28", **NULL_DAY, "no_use": False}  # not begun: null
    assert j["totals"] == {
        "days_used": 1, "doses": 1, "grams": 2.5, "mean_grams_per_use_day": 2.5, "mean_grams_per_day": 0.63,
        "mean_stress": None, "mean_craving": None, "mean_pain": None,
    }
    # Mon 16 – Thu 19 of last week (not Fri 20, not Sat 21)
    assert j["previous"] == {
        "days_used": 2, "doses": 3, "grams": 9.0, "mean_grams_per_use_day": 4.5, "mean_grams_per_day": 2.25,
        "mean_stress": 6.0, "mean_craving": 3.0, "mean_pain": 4.0,
    }
    text = ok("week", "--no-chart").stdout
    assert "in progress" in text and "Fri 27 Nov (today)" in text
    assert "Comparing the 4 finished days of this week with the same days last week." in text
    assert re.search(r"grams\s+2\.5\s+9\.0\s+↓ −6\.5", text)


def test_trends_json_numbers_by_hand():
    fixture_weeks()
    ok("dose", "2.5g", "Green", "--at", "2026-11-24 08:00")
    ok("dose", "4g", "--at", "2026-11-27 08:00")
    j = as_json("trends", "--weeks", "3")
    weeks = j["weeks"]
    assert [(w["start"], w["end"], w["in_progress"]) for w in weeks] == [
        ("2026-11-09", "2026-11-15", False), ("2026-11-16", "2026-11-22", False), ("2026-11-23", "2026-11-29", True),
    ]
    keys = list(THIS_WEEK)
    assert {k: weeks[0][k] for k in keys} == WEEK_BEFORE
    assert {k: weeks[1][k] for k in keys} == THIS_WEEK
    assert (weeks[2]["doses"], weeks[2]["grams"], weeks[2]["mean_grams_per_day"]) == (1, 2.5, 0.63)  # 2.5 / 4 = 0.625, half up
    hours = [0] * 24
    for h in (9, 8, 8, 20, 7, 9, 8, 8):  # every dose's local clock hour, today's included
        hours[h] += 1
    assert j["hours"] == hours
    assert j["sows"] == [{"date": "2026-11-18", "total": 8}]
    assert len(as_json("trends")["weeks"]) == 12
    assert as_json("trends", "-w", "520")["weeks"][0]["start"] == "2016-12-12"  # 23 Nov 2026 − 519 × 7 days


def test_dst_week_and_dose_at_0130_with_day_starting_at_0400(tz):
    tz("America/New_York")  # clocks go back on Sun 1 Nov 2026 at 02:00
    now = at(2026, 11, 10, 12)
    ok("config", "set", "day_starts_at", "04:00", now=now)
    ok("dose", "2g", "A", "--at", "2026-10-27 01:30", now=now)  # Tue 01:30 → Mon 26 Oct
    ok("dose", "1g", "--at", "2026-10-26 03:59", now=now)  # Mon 03:59 → Sun 25 Oct, the week before
    ok("dose", "3g", "--at", "2026-11-01 04:30", now=now)  # Sun 1 Nov, a 25-hour day
    ok("dose", "1.5g", "--at", "2026-11-02 03:30", now=now)  # Mon 2 Nov 03:30 EST → still Sun 1 Nov
    ok("stress", "4", "--at", "2026-11-02T01:30:00-05:00", now=now)  # the second 01:30 → Sun 1 Nov
    ok("dose", "5g", "--at", "2026-11-02 04:00", now=now)  # Mon 2 Nov: the next week
    j = as_json("week", "--of", "2026-10-29", now=now)
    assert (j["start"], j["end"]) == ("2026-10-26", "2026-11-01")
    assert [d["doses"] for d in j["days"]] == [1, 0, 0, 0, 0, 0, 2]
    assert j["days"][0]["first_dose"] == "01:30" and j["days"][0]["grams"] == 2.0
    sunday = j["days"][6]
    assert (sunday["grams"], sunday["first_dose"], sunday["mean_stress"]) == (4.5, "04:30", 4.0)
    assert j["totals"]["grams"] == 6.5 and j["totals"]["mean_grams_per_day"] == 0.93  # 6.5 / 7
    assert j["previous"]["grams"] == 1.0 and j["previous"]["days_used"] == 1  # Sun 25 Oct only
    assert as_json("week", "--of", "2026-11-02", now=now)["days"][0]["grams"] == 5.0


def test_week_starting_sunday():
    ok("config", "set", "week_starts", "sunday")
    ok("dose", "2g", "A", "--at", "2026-11-22 09:00")  # a Sunday
    j = as_json("week", "--of", "2026-11-25")
    assert (j["start"], j["end"], j["days"][0]["grams"]) == ("2026-11-22", "2026-11-28", 2.0)


def test_an_edited_time_moves_the_dose_to_another_day():
    ok("stress", "4", "--at", "2026-11-02 09:00")  # the first entry
    ok("dose", "3g", "A", "--at", "2026-11-16 09:00")
    assert [d["doses"] for d in as_json("week", "--of", "2026-11-16")["days"][:2]] == [1, 0]
    ok("edit", "d1", "--at", "2026-11-17 21:00")
    days = as_json("week", "--of", "2026-11-16")["days"]
    assert [d["doses"] for d in days[:2]] == [0, 1] and days[1]["first_dose"] == "21:00"
    ok("edit", "d1", "--at", "2026-11-10 09:00")  # into the week before
    j = as_json("week", "--of", "2026-11-16")
    assert j["totals"]["doses"] == 0 and j["previous"]["doses"] == 1


def test_empty_database_says_so_in_one_line():
    for command in (("week",), ("trends",)):
        result = ok(*command)
        assert result.stdout.strip().splitlines() == [
            "Nothing logged yet — log a dose or a stress rating and it will show here."
        ]
    j = as_json("week")
    assert len(j["days"]) == 7 and all(d["doses"] is None for d in j["days"])
    assert set(j["totals"].values()) == {None} and set(j["previous"].values()) == {None}
    t = as_json("trends")
    assert len(t["weeks"]) == 12 and all(w["grams"] is None for w in t["weeks"]) and t["weeks"][-1]["in_progress"]


def test_empty_week_says_so_in_one_line():
    ok("dose", "3g", "A", "--at", "2026-11-03 09:00")
    result = ok("week", "--of", "2026-11-18")
    assert result.stdout.strip() == "Nothing logged in the week Mon 16 Nov – Sun 22 Nov 2026."
    assert as_json("week", "--of", "2026-11-18")["totals"]["grams"] == 0.0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("week", "--of", "2027-01-04"), "error: 2027-01-04 has not started yet (today is 2026-11-27); pick today or earlier"),
        (("week", "--of", "last tuesday"), "error: cannot read the day 'last tuesday'"),
        (("week", "--of", "2026-02-30", "--json"), "error: 2026-02-30 is not a date"),
        (("trends", "--weeks", "0"), "error: --weeks takes a whole number from 1 to 520; got '0'"),
        (("trends", "--weeks", "521"), "error: --weeks takes a whole number from 1 to 520; got '521'"),
        (("trends", "-w", "2.5", "--json"), "error: --weeks takes a whole number from 1 to 520; got '2.5'"),
        (("trends", "--weeks", "twelve"), "error: --weeks takes a whole number from 1 to 520; got 'twelve'"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(args, message):
    ok("dose", "3g", "A", "--at", "2026-11-16 09:00")
    before = everything()
    result = run(*args, now=NOW)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(message) and len(result.stderr.strip().splitlines()) == 1
    assert everything() == before


@pytest.mark.parametrize("width", [80, 132])
def test_screens_fit_the_terminal_width_and_use_it(width):
    fixture_weeks()
    env = {"COLUMNS": str(width)}
    text = ok("week", "--of", "2026-11-16", env=env).stdout
    lines = text.splitlines()
    assert not ANSI.search(text)  # not a terminal: no colour
    assert max(len(line) for line in lines) <= width
    chart = [line for line in lines if line.lstrip().startswith(("┌", "└"))]
    assert len(chart) == 2 and all(len(line) >= width - 4 for line in chart)
    assert "█ grams per day (left, g) · ● mean stress 0-10 (right)" in text
    assert "Strains: Green 50% (5.0 g) · Red Bali 50% (5.0 g)" in text
    assert "no-use day" in text and "↑ +5.0" in text  # grams 10.0 against 5.0
    text = ok("trends", "--weeks", "520", env=env).stdout
    assert max(len(line) for line in text.splitlines()) <= width
    for title in ("grams per day, weekly mean (g)", "doses per day, weekly mean", "weekly mean rating (0-10)",
                  "SOWS-16 totals", "doses by hour of day",
                  "Strain shares of grams (finished days)"):
        assert title in text
    assert "The 517 weeks before your first entry (10 Nov 2026) are left out." in text
    assert "09 Nov 2026" in text and "07 Dec 2026" not in text


def test_no_chart_prints_tables_only():
    fixture_weeks()
    week = ok("week", "--of", "2026-11-16", "--no-chart").stdout
    assert "█" not in week and "Last week" in week and "Strains:" in week
    trends = ok("trends", "--no-chart").stdout
    assert "┌" not in trends and "Week of" in trends and "16 Nov 2026" in trends and "23 Nov 2026 *" in trends


def test_review_module_is_cheap_to_import():
    code = (
        "import sys, kratomlog.cli.review_cmds; "
        "print([m for m in ('plotext', 'sqlmodel', 'sqlalchemy', 'rich.table') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_hour_histogram_counts_are_whole_numbers_not_scientific():
    from kratomlog.render.charts import axis, chart_bars

    assert axis(1540, 10, whole=True).ticks == [0, 500, 1000, 1500, 2000]
    assert axis(7.7, 10, whole=True).ticks == [0, 2, 4, 6, 8]
    assert axis(3, 10, whole=True).ticks == [0, 1, 2, 3]  # never a tick at 0.5 dose
    text = chart_bars("doses by hour of day", [f"{h:02d}" for h in range(24)], [1400] * 12 + [0] * 12,
                      width=80, color=False)
    assert "e3" not in text and "1000┤" in text
