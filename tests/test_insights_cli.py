"""`kratomlog insights` end to end on crafted data with hand-computed means."""

from __future__ import annotations

import json

import pytest

from helpers import NOW, everything, run
from kratomlog.core.days import local_day
from kratomlog.core.settings import Settings
from seed import Seed, at


def crafted() -> None:
    """Days 1–5 before today: a dose at 09:00 and stress 6, 6, 7, 7, 8 at 20:00 (mean 6.8).
    Days 6–10: marked no-use, stress 2, 3, 3, 4, 3 (mean 3.0). Outside the 10-day window: day 11 and today."""
    seed = Seed()
    for day, stress, reason in zip(range(1, 6), (6, 6, 7, 7, 8), ("stress", "stress", "stress", "", "")):
        seed.dose(at(day, 9), reasons=reason)
        seed.rating(at(day, 20), stress)
    for day, stress in zip(range(6, 11), (2, 3, 3, 4, 3)):
        seed.rating(at(day, 20), stress)
        seed.no_use(local_day(at(day, 20), Settings()))
    seed.rating(at(11, 20), 10)
    seed.dose(at(0, 9))
    seed.rating(at(0, 10), 10)
    seed.close()


def insights_json(*args: str) -> dict:
    result = run("insights", *args, "--json", now=NOW)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_stress_on_days_with_and_without_use():
    crafted()
    found = insights_json("--days", "10")
    assert (found["first_day"], found["last_day"], found["days"]) == ("2026-11-17", "2026-11-26", 10)
    by_id = {i["id"]: i for i in found["insights"]}
    assert list(by_id) == ["use-days-stress", "use-days-craving", "stress-around-dose", "reasons",
                           "craving-before-dose"]
    assert all(list(i) == ["id", "title", "status", "text", "numbers"] for i in found["insights"])
    stress = by_id["use-days-stress"]
    assert stress["status"] == "ok"
    n = stress["numbers"]
    assert (n["n_use"], n["n_no_use"]) == (5, 5)
    assert n["mean_use"] == pytest.approx(6.8) and n["mean_no_use"] == pytest.approx(3.0)
    assert n["difference"] == pytest.approx(3.8)
    # Welch: variances 0.7 and 0.5, se = √0.24 ≈ 0.490, df ≈ 7.78, t ≈ 2.319 → ±1.136
    assert n["ci_low"] == pytest.approx(2.664, abs=0.01) and n["ci_high"] == pytest.approx(4.936, abs=0.01)
    assert stress["text"].startswith("On days you used, your stress averaged 6.8 (n=5); on deliberate no-use "
                                     "days, 3.0 (n=5); difference 3.8 (95% CI 2.7 to 4.9).")
    assert "not proof of cause" in stress["text"]


def test_reasons_and_missing_data_say_what_is_missing():
    crafted()
    by_id = {i["id"]: i for i in insights_json("--days", "10")["insights"]}
    assert by_id["reasons"]["text"] == ("Of 5 doses: stress 60% (3), no reason given 40% (2). "
                                        "A dose with several reasons counts once for each.")
    assert by_id["use-days-craving"]["status"] == "insufficient-data"
    assert by_id["use-days-craving"]["text"] == ("Needs 5 days with use with a craving rating; has 0; needs 5 "
                                                 "deliberate no-use days with a craving rating; has 0.")
    assert by_id["stress-around-dose"]["text"] == ("Needs 5 doses with a stress rating in the 2 h before and "
                                                   "another 1–4 h after; has 0.")


def test_a_shorter_window_lacks_days_without_use():
    crafted()
    by_id = {i["id"]: i for i in insights_json("--days", "7")["insights"]}
    stress = by_id["use-days-stress"]
    assert stress["status"] == "insufficient-data"
    assert stress["numbers"] == {"n_use": 5, "n_no_use": 2, "n_left_out": 0}
    assert stress["text"] == "Needs 5 deliberate no-use days with a stress rating; has 2."


def test_unmarked_days_are_left_out_end_to_end():
    seed = Seed()
    for day in range(1, 6):
        seed.dose(at(day, 9))
        seed.rating(at(day, 20), 6)
    for day in range(6, 12):  # ratings, but no dose and no no-use mark
        seed.rating(at(day, 20), 2)
    seed.close()
    stress = {i["id"]: i for i in insights_json("--days", "11")["insights"]}["use-days-stress"]
    assert stress["status"] == "insufficient-data"
    assert stress["numbers"] == {"n_use": 5, "n_no_use": 0, "n_left_out": 6}
    assert "6 days with stress ratings but no record of use either way were left out" in stress["text"]


def test_screen_text():
    crafted()
    result = run("insights", "--days", "10", now=NOW)
    assert result.exit_code == 0, result.stderr
    assert "Insights · finished days 2026-11-17 to 2026-11-26 (10 days)" in result.stdout
    assert "Not enough data yet. Needs 5 days with use with a craving rating" in result.stdout
    assert "they do not show what causes what" in " ".join(result.stdout.split())


def test_default_window_is_90_days():
    found = insights_json()
    assert (found["first_day"], found["last_day"], found["days"]) == ("2026-08-29", "2026-11-26", 90)


@pytest.mark.parametrize("days", ["0", "3651", "-5"])
def test_bad_window_writes_nothing(days):
    crafted()
    before = everything()
    result = run("insights", "--days", days, now=NOW)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: --days takes a whole number of days from 1 to 3650; got {days}"
    assert everything() == before


def test_non_numeric_window_is_a_usage_error():
    result = run("insights", "--days", "many", now=NOW)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
