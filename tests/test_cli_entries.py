"""`list`, `edit`, `delete`, `undo`: ids, JSON shape, and reverting exactly."""

from __future__ import annotations

import json

import pytest

from helpers import NOW, everything, rows, run


def listed(*args):
    result = run("list", "--json", *args, now=NOW)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def logged():
    run("dose", "3g", "Red", "--at", "5h ago", "--reason", "stress", now=NOW)
    run("stress", "6", "--craving", "3", "--at", "4h ago", now=NOW)
    run("dose", "2g", "--at", "1h ago", now=NOW)
    run("no-use", "--on", "2026-11-20", now=NOW)


def test_list_newest_first_with_short_ids(logged):
    entries = listed()
    assert [e["id"] for e in entries] == ["d2", "s1", "d1", "n1"]
    assert entries[1] == {
        "id": "s1", "kind": "stress", "at": "2026-11-27T08:00:00+00:00",
        "stress": 6, "craving": 3, "pain": None, "note": None, "utc_offset": 0, "zone": "UTC",
    }
    assert set(entries[0]) >= {
        "amount", "unit", "grams", "mitragynine_pct", "mitragynine_mg", "mitragynine_estimated", "strain", "reasons", "note",
    }


def test_list_filters(logged):
    assert [e["id"] for e in listed("--kind", "dose")] == ["d2", "d1"]
    assert [e["id"] for e in listed("--since", "4h ago")] == ["d2", "s1"]
    assert [e["id"] for e in listed("--until", "2026-11-20")] == ["n1"]
    assert [e["id"] for e in listed("-n", "1")] == ["d2"]


def test_list_table_output(logged):
    result = run("list", now=NOW)
    assert result.exit_code == 0
    assert "d2" in result.stdout and "n1" in result.stdout


def test_list_empty_is_friendly():
    result = run("list", now=NOW)
    assert result.exit_code == 0
    assert result.stdout.startswith("Nothing is logged yet. Start with: kratomlog dose")  # not "in that range"
    run("dose", "3g", "Red", "--at", "3d ago", now=NOW)
    result = run("list", "--since", "yesterday", now=NOW)
    assert result.stdout.strip() == "Nothing logged in that range yet."


@pytest.mark.parametrize(
    "args, message",
    [
        (["list", "--kind", "beer"], "unknown kind"),
        (["list", "--since", "soon"], ""),
        (["list", "-n", "-1"], "-n takes"),
        (["list", "--since", "2026-11-25", "--until", "2026-11-20"], "before --until"),
    ],
)
def test_list_bad_input(logged, args, message):
    result = run(*args, now=NOW)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and message in result.stderr


def test_edit_dose_amount_recomputes_grams_and_mg(logged):
    result = run("edit", "d1", "--amount", "4g", now=NOW)
    assert result.exit_code == 0, result.output
    assert "Updated d1" in result.stdout
    dose = next(e for e in listed() if e["id"] == "d1")
    assert (dose["amount"], dose["grams"], dose["mitragynine_mg"]) == (4.0, 4.0, 60.0)


def test_edit_moves_time_and_reasons(logged):
    assert run("edit", "d1", "--at", "2026-11-26 09:00", "--reason", "pain", "--reason", "sleep", now=NOW).exit_code == 0
    dose = next(e for e in listed() if e["id"] == "d1")
    assert dose["at"] == "2026-11-26T09:00:00+00:00"
    assert dose["reasons"] == ["pain", "sleep"]


def test_edit_rating_and_no_use(logged):
    assert run("edit", "s1", "--stress", "2", "--pain", "5", now=NOW).exit_code == 0
    rating = next(e for e in listed() if e["id"] == "s1")
    assert (rating["stress"], rating["craving"], rating["pain"]) == (2, 3, 5)
    assert run("edit", "n1", "--on", "2026-11-21", now=NOW).exit_code == 0
    assert next(e for e in listed() if e["id"] == "n1")["day"] == "2026-11-21"


@pytest.mark.parametrize(
    "args, message",
    [
        (["edit", "x9", "--note", "hi"], "is not an entry id"),
        (["edit", "d99", "--note", "hi"], "there is no entry d99"),
        (["edit", "d1"], "nothing to change"),
        (["edit", "d1", "--stress", "3"], "--stress does not apply"),
        (["edit", "s1", "--amount", "3g"], "--amount does not apply"),
        (["edit", "s1", "--stress", "11"], "0 to 10"),
        (["edit", "d1", "--amount", "lots"], "amounts look like"),
        (["edit", "d1", "--at", "2026-11-22 09:00"], "no-use day"),
        (["edit", "n1", "--on", "today"], "has 2 doses"),
    ],
)
def test_edit_bad_input_writes_nothing(logged, args, message):
    run("no-use", "--on", "2026-11-22", now=NOW)
    before = everything()
    result = run(*args, now=NOW)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert everything() == before


def test_delete_asks_and_declining_keeps_the_entry(logged):
    result = run("delete", "s1", input="n\n", now=NOW)
    assert result.exit_code == 0
    assert "Nothing deleted" in result.stdout
    assert len(rows("rating")) == 1
    result = run("delete", "s1", input="y\n", now=NOW)
    assert result.exit_code == 0
    assert rows("rating") == []


def test_delete_without_an_answer_deletes_nothing(logged):
    assert run("delete", "d1", now=NOW).exit_code == 0
    assert len(rows("dose")) == 2


def test_delete_unknown_id(logged):
    before = everything()
    result = run("delete", "d42", "--yes", now=NOW)
    assert result.exit_code == 2 and "there is no entry d42" in result.stderr
    assert everything() == before


def test_undo_walks_back_and_restores_ids(logged):
    original = listed()
    assert run("edit", "d1", "--amount", "9g", now=NOW).exit_code == 0
    assert run("delete", "d1", "--yes", now=NOW).exit_code == 0
    result = run("undo", now=NOW)
    assert "deletion of d1" in result.stdout
    assert any(e["id"] == "d1" and e["grams"] == 9.0 for e in listed())
    result = run("undo", now=NOW)
    assert "edit of d1" in result.stdout
    assert listed() == original


def test_undo_of_a_dose_that_created_a_strain_removes_both():
    run("dose", "2g", "Brand New", now=NOW)
    assert len(rows("strain")) == 1
    result = run("undo", now=NOW)
    assert "logging d1" in result.stdout
    assert rows("dose") == [] and rows("strain") == []
    assert "Nothing to undo" in run("undo", now=NOW).stdout


def test_ids_are_never_reused_after_delete():
    run("dose", "2g", "Red", now=NOW)
    run("delete", "d1", "--yes", now=NOW)
    run("dose", "2g", "Red", now=NOW)
    assert [e["id"] for e in listed()] == ["d2"]
