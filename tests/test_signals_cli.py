"""`kratomlog signals` end to end: the store reads the right windows, the panel groups by status,
--json keeps the fields of the rule table, and `current_signals` + `signals_line` give `week` its line."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from helpers import NOW, db_file, everything, run
from seed import Seed, at
from kratomlog.store.database import open_database
from kratomlog.core.signals import RULES, SignalResult
from kratomlog.render.lines import signals_line
from kratomlog.store.signal_reads import current_signals

KEYS = ["id", "status", "level", "message", "value", "threshold", "basis", "source"]


def signals_json(now: int = NOW) -> dict[str, dict]:
    result = run("signals", "--json", now=now)
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    assert all(list(r) == KEYS for r in found)
    return {r["id"]: r for r in found}


def escalation_data(recent_grams: float) -> None:
    seed = Seed()
    for day in range(29, 36):
        seed.dose(at(day), grams=2.0)
    for day in range(1, 8):
        seed.dose(at(day), grams=recent_grams)
    seed.close()


def test_empty_database_json_lists_every_rule():
    found = signals_json()
    assert list(found) == ["frequency", "high-dose", "daily-run", "escalation", "withdrawal", "relief-use",
                           "dsm-screen", "concentrate", "contaminant", "combination", "after-break", "shortening-gaps",
                           "earlier-first-dose"]
    assert found["frequency"] == {
        "id": "frequency", "status": "insufficient-data", "level": "caution",
        "message": "Needs 7 finished days since your first entry; has 0.", "value": None, "threshold": 3.0,
        "basis": "evidence+heuristic", "source": "Singh et al. 2014, 2019; Rogers et al. 2024; Smith et al. 2024",
    }
    assert found["combination"]["status"] == "clear"


def test_escalation_at_25_percent_is_active_and_today_is_excluded():
    escalation_data(2.5)  # 17.5 g against 14 g: exactly 25% more
    seed = Seed()
    seed.dose(at(0, 8), grams=10)  # today, unfinished: must not count
    seed.dose(at(0, 9), grams=10)
    seed.close()
    r = signals_json()["escalation"]
    assert r["status"] == "active" and r["level"] == "warning"
    assert r["value"] == pytest.approx(25.0) and r["threshold"] == 25.0
    assert r["message"] == ("You averaged 2.5 g a day over the last 7 finished days, up 25% from the 2 g a day of "
                            "finished days 29–35 before today (a rise of 25% or more).")


def test_escalation_just_below_is_clear():
    escalation_data(2.45)  # 17.15 g against 14 g: 22.5%
    r = signals_json()["escalation"]
    assert r["status"] == "clear" and r["value"] == pytest.approx(22.5)


def test_escalation_without_the_older_window_needs_data():
    seed = Seed()
    for day in range(1, 8):
        seed.dose(at(day))
    seed.close()
    r = signals_json()["escalation"]
    assert r["status"] == "insufficient-data"
    assert r["message"] == ("Needs use in both the last 7 finished days and finished days 29–35 before today; "
                            "has 7 and 0 days with use.")


def test_frequency_three_a_day_is_clear_and_one_more_is_active():
    seed = Seed()
    for day in range(1, 8):
        for hour in (8, 12, 16):
            seed.dose(at(day, hour), grams=1)
    seed.close()
    assert signals_json()["frequency"]["status"] == "clear"
    seed = Seed()
    seed.dose(at(3, 20), grams=1)
    seed.close()
    r = signals_json()["frequency"]
    assert r["status"] == "active" and r["value"] == 3.14  # 22 / 7, rounded to 2 decimals as documented


def test_windows_read_by_the_store():
    seed = Seed()
    seed.dose(at(7, 14))  # 7 days ago at 14:00: inside the last 7 × 24 h
    seed.other(at(7, 6), "alcohol")  # 8 h before it, itself just outside the 7 days
    seed.dose(at(29), strain="Seven", form="7-oh")  # a 7-OH product 29 days ago
    seed.questionnaire(at(1), "pss10", 30)  # not a withdrawal check
    seed.questionnaire(at(2), "sows", 13)
    seed.questionnaire(at(300), "dsm5", 4)
    seed.close()
    found = signals_json()
    assert found["combination"]["status"] == "active"
    assert found["concentrate"]["status"] == "active"
    assert found["concentrate"]["message"].startswith("You logged 1 dose of an extract, 7-OH product or product labelled above 3% "
                                                      "mitragynine in the last 30 days, the latest on 2026-10-29 (Seven)")
    assert found["withdrawal"]["status"] == "active" and found["withdrawal"]["value"] == 13.0
    assert (found["dsm-screen"]["status"], found["dsm-screen"]["level"]) == ("active", "caution")


def test_dsm_check_older_than_a_year_is_not_read():
    seed = Seed()
    seed.questionnaire(at(367), "dsm5", 6)
    seed.close()
    assert signals_json()["dsm-screen"]["status"] == "insufficient-data"


@pytest.mark.parametrize("recent, status, value", [((23, 45), "active", 35.0), ((23, 51), "clear", 29.0)])
def test_first_dose_across_midnight_is_compared_on_the_circle(recent, status, value):
    seed = Seed()
    for day in range(31, 61):
        seed.dose(at(day, 0, 20))  # older window: first (only) dose just after midnight
    for day in range(1, 31):
        seed.dose(at(day, *recent))  # recent window: just before midnight
    seed.close()
    r = signals_json()["earlier-first-dose"]
    assert (r["status"], r["value"]) == (status, value)
    if status == "active":
        assert r["message"] == ("Your first dose of the day was typically at 23:45 over the last 30 finished days "
                                "and at 00:20 over the 30 before (35 min earlier; 30 min or more).")


def test_daily_run_in_a_dst_week_groups_doses_by_local_day(tz):
    tz("America/New_York")  # clocks go back on Sun 2026-11-01
    zone = ZoneInfo("America/New_York")
    now = int(datetime(2026, 11, 5, 12, 0, tzinfo=zone).timestamp())
    seed = Seed()
    for day in range(22, 32):
        seed.dose(int(datetime(2026, 10, day, 21, 30, tzinfo=zone).timestamp()))
    for day in range(1, 5):
        seed.dose(int(datetime(2026, 11, day, 21, 30, tzinfo=zone).timestamp()))
    seed.close()
    # 21:30 local is after midnight UTC: grouping by UTC day would miss Oct 22 and count Nov 4 as today.
    found = signals_json(now)
    assert found["daily-run"]["status"] == "active"
    assert found["daily-run"]["message"] == "You used on each of the last 14 finished days."
    assert found["frequency"]["value"] == 1.0


def test_panel_groups_active_first_then_clear_then_missing():
    escalation_data(2.5)
    result = run("signals", now=NOW)
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "1 active (escalation) · 7 clear · 5 need more data" in text
    assert text.index("Active") < text.index("Clear") < text.index("Not enough data yet")
    active = text[text.index("Active"):text.index("Clear")]
    assert "! warning  Rising amount (escalation) · evidence+heuristic" in active
    assert "source: Smith et al. 2022" in active
    assert "Doses per day (frequency)" in text[text.index("Clear"):text.index("Not enough data yet")]
    assert "not a diagnosis" in text and "1-800-662-4357" in text
    assert "1-800-222-1222" in text and "local emergency number" in text
    assert "\x1b[" not in text  # no colour when not on a terminal


def test_signal_summary_for_week():
    escalation_data(2.5)
    db = open_database(db_file())
    try:
        results = current_signals(db, NOW)  # plain results from the store; the wording is render's
        assert all(isinstance(r, SignalResult) for r in results) and len(results) == len(RULES)
        assert signals_line(results) == ("Warning signals: 1 active (escalation) · 7 clear · 5 need more data "
                                         "— see 'kratomlog signals'")
    finally:
        db.close()


def test_signals_is_read_only_and_refuses_unknown_options():
    escalation_data(2.5)
    before = everything()
    assert run("signals", now=NOW).exit_code == 0
    assert run("signals", "--json", now=NOW).exit_code == 0
    assert everything() == before  # reading announces nothing
    bad = run("signals", "--days", "3", now=NOW)
    assert bad.exit_code == 2
    assert everything() == before


@pytest.mark.parametrize("minutes, shown", [(20, "20 min"), (59, "59 min"), (60, "1 h"), (150, "2.5 h")])
def test_combination_names_the_gap_in_minutes_under_an_hour(minutes, shown):
    seed = Seed()
    seed.dose(at(1, 9))
    seed.other(at(1, 9) + minutes * 60, "alcohol")
    seed.close()
    r = signals_json()["combination"]
    assert r["status"] == "active"
    assert r["message"].startswith(f"You logged alcohol {shown} from a dose on 2026-11-26;")
