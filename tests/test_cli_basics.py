"""stress, no-use, status, config, where, strain, --version: normal use and every bad-input path."""

from __future__ import annotations

import json

import pytest

from helpers import NOW, everything, rows, run
from kratomlog import __version__


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"kratomlog {__version__}"


def test_stress_rating_is_stored():
    result = run("stress", "6", "--craving", "3", "--pain", "2", "--note", "busy", now=NOW)
    assert result.exit_code == 0
    assert result.stdout.strip() == "Logged s1: stress 6, craving 3, pain 2 at Fri 2026-11-27 12:00"
    assert rows("rating")[0][2:7] == (NOW, 6, 3, 2, "busy")


@pytest.mark.parametrize(
    "args, message",
    [
        (["stress", "11"], "0 to 10"),
        (["stress", "-1"], "negative numbers are not accepted here"),
        (["stress", "5.5"], "whole number"),
        (["stress", "5", "--craving", "x"], "--craving"),
        (["stress", "5", "--at", "in 2h"], ""),
    ],
)
def test_stress_bad_input(args, message):
    before = everything()
    result = run(*args, now=NOW)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert everything() == before


def test_no_use_day_and_its_refusals():
    assert run("no-use", "--on", "yesterday", now=NOW).stdout.startswith("Recorded n1: Thu 2026-11-26")
    before = everything()
    again = run("no-use", "--on", "2026-11-26", now=NOW)
    assert again.exit_code == 2 and "already recorded as a no-use day (n1)" in again.stderr
    run("dose", "1g", "Red", now=NOW)
    before = everything()
    with_dose = run("no-use", now=NOW)
    assert with_dose.exit_code == 2 and "has 1 dose logged" in with_dose.stderr
    future = run("no-use", "--on", "2026-12-01", now=NOW)
    assert future.exit_code == 2
    assert everything() == before


def test_status_line_and_json():
    assert "no doses logged yet" in run("status", now=NOW).stdout
    run("dose", "3g", "Red", "--at", "3h 16m ago", now=NOW)
    run("dose", "2.5g", "--at", "10:00", now=NOW)
    run("dose", "1g", "--at", "yesterday 23:00", now=NOW)
    run("stress", "6", "--craving", "2", now=NOW)
    result = run("status", now=NOW)
    assert result.stdout.strip() == "2h 0m since last dose · today 5.5 g in 2 doses · stress 6, craving 2"
    data = json.loads(run("status", "--json", now=NOW).stdout)
    assert data == {
        "last_dose_at": "2026-11-27T10:00:00+00:00",
        "since_last_dose_s": 7200,
        "today_g": 5.5,
        "today_doses": 2,
        "last_stress": 6,
        "last_craving": 2,
    }


def test_config_show_set_and_refusals():
    assert json.loads(run("config", "show", "--json").stdout) == {
        "default_unit": "g", "day_starts_at": "00:00", "week_starts": "monday",
    }
    assert run("config", "set", "day_starts_at", "04:00").stdout.strip() == "day_starts_at = 04:00"
    assert run("config", "set", "week_starts", "Sunday").exit_code == 0
    assert "week_starts = sunday" in run("config", "show").stdout
    before = everything()
    for key, value, message in [
        ("day_starts_at", "25:00", "HH:MM"),
        ("week_starts", "friday", "monday or sunday"),
        ("default_unit", "oz", "default_unit must be"),
        ("colour", "red", "unknown setting"),
    ]:
        result = run("config", "set", key, value)
        assert result.exit_code == 2 and message in result.stderr
    assert everything() == before


def test_day_starts_at_moves_late_night_doses_to_the_day_before():
    run("config", "set", "day_starts_at", "04:00")
    run("dose", "2g", "Red", "--at", "01:30", now=NOW)
    result = run("status", "--json", now=NOW)
    assert json.loads(result.stdout)["today_doses"] == 0


def test_where_reports_the_database(db_path):
    result = run("where")
    assert result.stdout.strip().startswith(str(db_path))
    assert json.loads(run("where", "--json").stdout)["database"] == str(db_path)
    assert not db_path.exists()
    other = db_path.parent / "other.db"
    assert run("--db", str(other), "where").stdout.strip().startswith(str(other))
    assert run("--demo", "where").stdout.strip().startswith(str(db_path.parent / "demo.db"))


def test_strain_add_list_edit_archive():
    assert run("strain", "add", "Red Bali", "--vendor", "Leaf & Co", "--batch", "RB-0425", "--form", "powder",
               "--mitragynine", "1.6", "--lab-tested").exit_code == 0
    assert run("strain", "add", "Green", "--form", "capsule", "--capsule-grams", "0.5").exit_code == 0
    assert run("strain", "edit", "green", "--name", "Green Malay", "--note", "new bag").exit_code == 0
    assert run("strain", "archive", "Green Malay").exit_code == 0
    active = json.loads(run("strain", "list", "--json").stdout)
    assert [s["name"] for s in active] == ["Red Bali"]
    assert active[0] == {
        "name": "Red Bali", "vendor": "Leaf & Co", "batch": "RB-0425", "form": "powder", "mitragynine_pct": 1.6,
        "capsule_grams": None, "lab_tested": True, "note": None, "archived": False,
        "seven_oh_mg_per_g": None, "seven_oh_mg_per_unit": None, "unit_name": None, "unit_grams": None,
    }
    everything_listed = json.loads(run("strain", "list", "--all", "--json").stdout)
    assert [(s["name"], s["archived"]) for s in everything_listed] == [("Green Malay", True), ("Red Bali", False)]
    assert run("strain", "unarchive", "Green Malay").exit_code == 0
    assert len(json.loads(run("strain", "list", "--json").stdout)) == 2
    assert "Red Bali" in run("strain", "list").stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["strain", "add", "red  bali"], "already exists"),
        (["strain", "add", "Red Baly"], "did you mean 'Red Bali'"),
        (["strain", "add", "X", "--form", "liquid"], "forms are powder"),
        (["strain", "add", "X", "--mitragynine", "150"], "at most 100"),
        (["strain", "add", "X", "--capsule-grams", "0"], "capsule"),
        (["strain", "add", "   "], "cannot be empty"),
        (["strain", "edit", "Nope", "--vendor", "v"], "no strain named 'Nope'"),
        (["strain", "edit", "Red Bali"], "nothing to change"),
        (["strain", "archive", "Nope"], "no strain named"),
    ],
)
def test_strain_bad_input(args, message):
    run("strain", "add", "Red Bali")
    before = everything()
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert everything() == before
