"""A shortened strain name (a whole word of an existing name, or its start) is refused with
"did you mean …?" unless --new — it used to create a new strain silently."""

from __future__ import annotations

import pytest

from helpers import NOW, everything, rows, run
from kratomlog.core.names import meant_names, shortenings_of


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Red", ["Red Bali", "Red Maeng Da"]),
        ("Bali", ["Red Bali"]),
        ("bali", ["Red Bali"]),
        ("red b", ["Red Bali"]),
        ("Maeng  Da", ["Green Maeng Da", "Red Maeng Da"]),
        ("Green", ["Green Maeng Da"]),
        ("Bal", []),  # the start of a later word is not a shortening
        ("Red Bali", []),  # the same name is not a shortening of itself
        ("Yellow", []),
        ("", []),
    ],
)
def test_shortenings(name, expected):
    assert shortenings_of(name, ["Red Bali", "Green Maeng Da", "Red Maeng Da"]) == expected


def test_meant_names_lists_shortenings_then_typos_once():
    assert meant_names("Red", ["Red Bali", "Rex"]) == ["Red Bali", "Rex"]
    assert meant_names("Red Bal", ["Red Bali"]) == ["Red Bali"]


@pytest.mark.parametrize("typed", ["Red", "Bali", "bali"])
def test_dose_with_a_shortened_name_is_refused_and_writes_nothing(typed):
    run("dose", "2g", "Red Bali", "--at", "2h ago", now=NOW)
    before = everything()
    result = run("dose", "1g", typed, now=NOW)
    assert result.exit_code == 2
    assert result.stderr == f"error: no strain named {typed!r}; did you mean 'Red Bali'? Add --new to create {typed!r} anyway\n"
    assert everything() == before


def test_two_matches_are_both_named():
    run("strain", "add", "Red Bali")
    run("strain", "add", "Red Maeng Da")
    result = run("dose", "1g", "Red", now=NOW)
    assert result.exit_code == 2
    assert "did you mean 'Red Bali' or 'Red Maeng Da'?" in result.stderr


def test_new_creates_the_short_name_anyway():
    run("dose", "2g", "Red Bali", "--at", "2h ago", now=NOW)
    result = run("dose", "1g", "Red", "--new", now=NOW)
    assert result.exit_code == 0, result.output
    assert "New strain 'Red' created" in result.stdout
    assert sorted(r[2] for r in rows("strain")) == ["Red", "Red Bali"]


def test_edit_to_a_shortened_strain_is_refused_too():
    run("dose", "2g", "Red Bali", "--at", "2h ago", now=NOW)
    run("dose", "2g", "Green", "--at", "1h ago", now=NOW)
    before = everything()
    result = run("edit", "d2", "--strain", "Bali", now=NOW)
    assert result.exit_code == 2
    assert "did you mean 'Red Bali'?" in result.stderr
    assert everything() == before


def test_strain_add_of_a_shortened_name_needs_new():
    run("strain", "add", "Red Bali")
    before = everything()
    result = run("strain", "add", "Bali")
    assert result.exit_code == 2
    assert "did you mean 'Red Bali'?" in result.stderr
    assert everything() == before
    assert run("strain", "add", "Bali", "--new").exit_code == 0
