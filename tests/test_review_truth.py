"""A review that reads true (issue 13, points 5 and 6): totals and strain shares over the same days,
today's partial figures apart and labelled; one half-up rounding rule for what is shown, stored
values never rounded, --json rounded to 2 decimals as documented."""

from __future__ import annotations

import json
import re

import pytest

from helpers import NOW, everything, rows, run
from kratomlog.core.numbers import fixed, number_text, round_half_up, rounded_json

SUNDAY = NOW + 2 * 86400  # Sun 2026-11-29 12:00 UTC: the week in progress has 6 finished days


def ok(*args, now=SUNDAY):
    result = run(*args, now=now, env={"COLUMNS": "120"})
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return result


def as_json(*args, now=SUNDAY):
    return json.loads(ok(*args, "--json", now=now).stdout)


def log_week():
    """Mon–Sat: 2 g Red Bali each morning; Sat also 3 g Green; today (Sun) 4.5 g Green + 2 g Red Bali."""
    for day in range(23, 29):
        ok("dose", "2g", "Red Bali", "--new", "--at", f"2026-11-{day} 08:00")
    ok("dose", "3g", "Green", "--new", "--at", "2026-11-28 18:00")
    ok("dose", "4.5g", "Green", "--at", "2026-11-29 09:00")
    ok("dose", "2g", "Red Bali", "--at", "2026-11-29 10:00")


# --- point 5 -------------------------------------------------------------------------------------


def test_week_json_strains_cover_the_same_days_as_the_totals_and_today_comes_apart():
    log_week()
    j = as_json("week")
    assert j["compared_days"] == 6 and j["totals"]["grams"] == 15.0
    assert sum(s["grams"] for s in j["strains"]) == j["totals"]["grams"]
    assert j["strains"] == [{"strain": "Red Bali", "grams": 12.0, "share": 0.8},
                            {"strain": "Green", "grams": 3.0, "share": 0.2}]
    assert j["today"] == {"date": "2026-11-29", "doses": 2, "grams": 6.5,
                          "strains": [{"strain": "Green", "grams": 4.5, "share": 0.69},
                                      {"strain": "Red Bali", "grams": 2.0, "share": 0.31}]}
    past = as_json("week", "--of", "2026-11-16")
    assert past["today"] is None


def test_week_screen_shows_the_strains_of_the_totals_days_and_today_labelled_apart():
    log_week()
    text = ok("week", "--no-chart").stdout
    assert re.search(r"grams\s+15\.0\s", text)
    assert "Strains over the 6 finished days: Red Bali 80% (12.0 g) · Green 20% (3.0 g)" in text
    assert "Today so far (partial, not in the totals): 2 doses · 6.5 g — Green 4.5 g · Red Bali 2.0 g" in text
    assert "21.5" not in text  # never a total that mixes today in


def test_trends_one_week_agrees_with_week():
    log_week()
    j = as_json("trends", "--weeks", "1")
    (w,) = j["weeks"]
    assert w["grams"] == 15.0 and sum(s["grams"] for s in j["strains"]) == 15.0
    assert j["today"]["grams"] == 6.5 and j["today"]["doses"] == 2
    text = ok("trends", "--weeks", "1").stdout
    assert "Strain shares of grams (finished days)" in text and "80% 12.0 g" in text
    assert "Today so far (partial, not in the totals): 2 doses · 6.5 g" in text
    text = ok("trends", "--weeks", "1", "--no-chart").stdout
    assert "Strains (finished days): Red Bali 80% (12.0 g) · Green 20% (3.0 g)" in text


def test_first_day_of_a_week_shows_only_today_apart():
    ok("dose", "2g", "Red Bali", "--new", "--at", "2026-11-22 08:00")
    ok("dose", "3g", "Red Bali", "--at", "2026-11-23 08:00")
    monday = NOW - 4 * 86400 + 3600  # Mon 23 Nov 09:00
    text = ok("week", "--no-chart", now=monday).stdout
    assert "Strains over" not in text and "Strains: none logged" not in text
    assert "Today so far (partial, not in the totals): 1 dose · 3.0 g — Red Bali 3.0 g" in text


# --- point 6 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,places,expected",
    [(11.25, 1, "11.3"), (164.5, 0, "165"), (193.5, 0, "194"), (0.125, 2, "0.13"), (1.005, 2, "1.01"),
     (2.675, 2, "2.68"), (-2.5, 0, "-3"), (0.05, 1, "0.1"), (9.995, 2, "10.00"), (-0.04, 1, "0.0")],
)
def test_one_rounding_rule_half_up_on_the_written_decimal(value, places, expected):
    assert fixed(value, places) == expected
    assert round_half_up(value, places) == float(expected)


def test_number_text_and_json_rounding():
    assert number_text(11.25) == "11.25" and number_text(2.0) == "2" and number_text(0.125) == "0.13"
    assert rounded_json({"a": [4.571428571428571, 1, True, None, "x"], "b": 0.625}) == {
        "a": [4.57, 1, True, None, "x"], "b": 0.63}


def test_tablespoon_line_shows_the_grams_it_stores_and_adds():
    result = ok("dose", "1.5 tbsp", "Red Bali", "--new", now=NOW)
    assert "1.5 tbsp (≈11.25 g, estimate)" in result.stdout
    assert "today 11.25 g in 1 dose" in result.stdout
    (dose,) = rows("dose")
    assert 11.25 in dose  # stored exactly, never rounded
    j = as_json("list", now=NOW)
    assert j[0]["grams"] == 11.25
    assert ok("status", now=NOW).stdout.count("11.25 g") == 1


def test_tables_round_half_up_not_half_even():
    ok("strain", "add", "Lab", "--form", "powder", "--mitragynine", "1.4", now=NOW)
    ok("dose", "11.75g", "Lab", "--at", "2026-11-24 08:00", now=NOW)  # 164.5 mg
    ok("dose", "13.75g", "Lab", "--at", "2026-11-25 08:00", "--yes", now=NOW)  # 192.5 mg
    j = as_json("week", now=NOW)
    assert [d["mitragynine_mg"] for d in j["days"][1:3]] == [164.5, 192.5]
    text = ok("week", "--no-chart", now=NOW).stdout
    tue = next(line for line in text.splitlines() if line.startswith("Tue 24 Nov"))
    wed = next(line for line in text.splitlines() if line.startswith("Wed 25 Nov"))
    assert re.search(r"11\.8\s+165\s", tue)  # 11.75 → 11.8, 164.5 → 165 (half-even gave 164)
    assert re.search(r"13\.8\s+193\s", wed)  # 13.75 → 13.8, 192.5 → 193 (half-even gave 192)


def test_signals_json_numbers_have_at_most_two_decimals():
    ok("strain", "add", "Red Bali", now=NOW)
    for day in range(20, 27):
        for hour in (7, 11, 15, 19):
            ok("dose", "1g", "Red Bali", "--at", f"2026-11-{day} {hour:02d}:00", now=NOW)
    ok("dose", "1g", "--at", "2026-11-26 21:00", now=NOW)  # 29 doses in 7 days: 4.142857…
    found = {r["id"]: r for r in as_json("signals", now=NOW)}
    assert found["frequency"]["value"] == 4.14
    for r in found.values():
        for key in ("value", "threshold"):
            if isinstance(r[key], float):
                assert round_half_up(r[key], 2) == r[key], (r["id"], key, r[key])


def test_nothing_written_by_a_read_with_bad_input():
    log_week()
    before = everything()
    result = run("week", "--of", "someday", now=SUNDAY)
    assert result.exit_code == 2 and result.stderr.startswith("error: ")
    assert everything() == before
