"""`kratomlog dose`: what is stored, what is echoed, and every refusal writing nothing."""

from __future__ import annotations

import json

import pytest

from helpers import NOW, everything, rows, run


def dose_rows():
    return rows("dose")


def test_dose_with_new_strain_is_stored_and_echoed():
    result = run("dose", "3.5g", "Red Bali", "--at", "40m ago", "--reason", "stress", "--note", "after work", now=NOW)
    assert result.exit_code == 0, result.output
    assert "New strain 'Red Bali' created" in result.stdout
    assert "Logged d1: 3.5 g of Red Bali at Fri 2026-11-27 11:20" in result.stdout
    assert "≈52.5 mg mitragynine (estimate: 1.5% leaf default)" in result.stdout
    assert "today 3.5 g in 1 dose" in result.stdout
    listed = json.loads(run("list", "--json", now=NOW).stdout)
    assert listed[0]["id"] == "d1"
    assert listed[0]["at"] == "2026-11-27T11:20:00+00:00"
    assert listed[0]["grams"] == 3.5
    assert listed[0]["reasons"] == ["stress"]
    assert listed[0]["note"] == "after work"
    assert listed[0]["mitragynine_estimated"] is True


def test_two_token_amount_and_unquoted_strain():
    assert run("dose", "3.5", "g", "Red", "Bali", now=NOW).exit_code == 0
    (strain,) = rows("strain")
    assert strain[2] == "Red Bali"
    assert dose_rows()[0][3:6] == (3.5, "g", 3.5)


def test_label_mitragynine_is_kept_per_dose():
    run("strain", "add", "Green", "--mitragynine", "2.0")
    run("dose", "2g", "Green", "--at", "1h ago", now=NOW)
    run("strain", "edit", "Green", "--mitragynine", "1.0")
    run("dose", "2g", "Green", now=NOW)
    listed = json.loads(run("list", "--json", now=NOW).stdout)
    assert [(d["mitragynine_pct"], d["mitragynine_mg"]) for d in reversed(listed)] == [(2.0, 40.0), (1.0, 20.0)]


def test_extract_without_label_has_no_estimate():
    run("strain", "add", "Ext", "--form", "extract")
    result = run("dose", "0.5g", "Ext", now=NOW)
    assert "mitragynine not estimated" in result.stdout
    assert json.loads(run("list", "--json", now=NOW).stdout)[0]["mitragynine_mg"] is None


def test_strain_omitted_uses_latest_dose_by_time():
    run("dose", "2g", "Old", "--at", "2h ago", now=NOW)
    run("dose", "2g", "Newer", "--at", "1h ago", now=NOW)
    run("dose", "2g", "Old", "--at", "3h ago", now=NOW)
    result = run("dose", "1g", now=NOW)
    assert "Strain: Newer (the strain of your latest dose)" in result.stdout


def test_capsules_use_strain_capsule_size():
    run("strain", "add", "Gold", "--form", "capsule", "--capsule-grams", "0.5")
    result = run("dose", "2caps", "Gold", now=NOW)
    assert result.exit_code == 0
    assert "2 caps = 1 g" in result.stdout
    assert dose_rows()[0][3:6] == (2.0, "caps", 1.0)


def test_teaspoon_is_an_estimate():
    result = run("dose", "1tsp", "Red", now=NOW)
    assert result.exit_code == 0
    assert "estimate" in result.stdout
    assert dose_rows()[0][5] == 2.5


def test_archived_strain_usable_by_name_but_never_default():
    run("dose", "2g", "Red", "--at", "1h ago", now=NOW)
    run("dose", "2g", "Green", now=NOW)
    run("strain", "archive", "Green")
    result = run("dose", "1g", now=NOW)
    assert "Strain: Red" in result.stdout
    result = run("dose", "1g", "green", now=NOW)
    assert result.exit_code == 0
    assert "is archived" in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["dose", "abc", "Red"], "amounts look like"),
        (["dose", "0g", "Red"], "0"),
        (["dose", "-3g", "Red"], ""),
        (["dose", "nan", "Red"], ""),
        (["dose", "3,5g", "Red"], "dot"),
        (["dose", "3g", "Red", "--at", "tomorrow"], ""),
        (["dose", "3g", "Red", "--at", "13:30"], "did you mean yesterday 13:30"),
        (["dose", "3g", "Red", "--at", "1999-12-31 10:00"], "2000"),
        (["dose", "3g", "Red", "--reason", "boredom"], "reasons are stress, pain"),
        (["dose", "30g", "Red"], "add --yes"),
        (["dose", "2caps", "Red"], "capsule"),
    ],
)
def test_bad_dose_input_exits_2_and_writes_nothing(args, message):
    run("dose", "1g", "Red", "--at", "3h ago", now=NOW)
    before = everything()
    result = run(*args, now=NOW)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ")
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert everything() == before


def test_first_dose_without_strain_asks_for_one():
    result = run("dose", "3g", now=NOW)
    assert result.exit_code == 2
    assert "which strain?" in result.stderr
    assert rows("dose") == []


def test_near_duplicate_strain_needs_new():
    run("dose", "2g", "Red Bali", now=NOW)
    before = everything()
    result = run("dose", "2g", "Red Bally", now=NOW)
    assert result.exit_code == 2
    assert "did you mean 'Red Bali'?" in result.stderr
    assert everything() == before
    assert run("dose", "2g", "Red Bally", "--new", now=NOW).exit_code == 0
    assert len(rows("strain")) == 2


def test_same_name_ignoring_case_and_spacing_is_the_same_strain():
    run("dose", "2g", "Red Bali", now=NOW)
    run("dose", "2.5g", "red  BALI", now=NOW)
    assert len(rows("strain")) == 1
    assert len(rows("dose")) == 2


def test_big_dose_with_yes_is_stored():
    assert run("dose", "30g", "Red", "--yes", now=NOW).exit_code == 0
    assert dose_rows()[0][5] == 30.0


def test_dose_on_no_use_day_needs_yes():
    run("dose", "1g", "Red", "--at", "2d ago", now=NOW)
    run("no-use", "--on", "yesterday", now=NOW)
    before = everything()
    result = run("dose", "1g", "--at", "yesterday 10:00", now=NOW)
    assert result.exit_code == 2
    assert "no-use day" in result.stderr
    assert everything() == before
    assert run("dose", "1g", "--at", "yesterday 10:00", "--yes", now=NOW).exit_code == 0


def test_default_unit_applies_to_bare_numbers():
    run("config", "set", "default_unit", "mg")
    run("dose", "500", "Red", now=NOW)
    assert dose_rows()[0][3:6] == (500.0, "mg", 0.5)
