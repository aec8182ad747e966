"""`edit oN`: other-substance entries (substance, amount, time, note), logged for undo; options of
other kinds are refused in one line that names the ones that apply, and bad input writes nothing."""

from __future__ import annotations

import pytest

from helpers import NOW, db_file, everything, rows, run
from kratomlog.store.changes import Recorder
from kratomlog.store.database import open_database


def add_other(substance: str = "alcohol", amount: str | None = "2 beers", at: int = NOW - 3600) -> None:
    db = open_database(db_file())
    try:
        with db.write() as conn:
            Recorder(conn, NOW).add("other", {"at": at, "substance": substance, "amount": amount, "note": None})
    finally:
        db.close()


def other(entry_id: int = 1) -> dict:
    names = ("id", "uuid", "at", "substance", "amount", "note", "created_at")
    return [dict(zip(names, r)) for r in rows("other_substance") if r[0] == entry_id][0]


def test_edit_other_substance_amount_at_note_and_undo():
    add_other()
    result = run("edit", "o1", "--substance", "Sleep aid", "--amount", " 10  mg ", "--at", "2h ago",
                 "--note", "to sleep", now=NOW)
    assert result.exit_code == 0, result.stderr
    row = other()
    assert (row["substance"], row["amount"], row["at"], row["note"]) == ("sleep-aid", "10 mg", NOW - 7200, "to sleep")
    assert result.stdout.strip() == "Updated o1: sleep-aid (10 mg) at 2026-11-27 10:00"
    assert run("undo", now=NOW).exit_code == 0
    row = other()
    assert (row["substance"], row["amount"], row["at"], row["note"]) == ("alcohol", "2 beers", NOW - 3600, None)


def test_edit_other_empty_amount_clears_it():
    add_other()
    assert run("edit", "o1", "--amount", "", now=NOW).exit_code == 0
    assert other()["amount"] is None


@pytest.mark.parametrize(
    "args, message",
    [
        (("--substance", "coffee"), "unknown substance 'coffee'; substances are alcohol, benzodiazepine"),
        (("--amount", "x" * 101), "--amount can be at most 100 characters; got 101"),
        (("--scores", "1,2"), "--scores does not apply to o1; for this entry use --substance, --amount, --at, --note"),
        (("--strain", "Red", "--reason", "stress"), "--strain, --reason does not apply to o1"),
        ((), "nothing to change for o1; give one of --substance, --amount, --at, --note"),
        (("--at", "tomorrow"), "times look like"),
    ],
)
def test_edit_other_bad_input_writes_nothing(args, message):
    add_other()
    before = everything()
    result = run("edit", "o1", *args, now=NOW)
    assert result.exit_code == 2, result.stdout
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert everything() == before


def test_edit_missing_other_entry():
    add_other()
    before = everything()
    result = run("edit", "o7", "--substance", "alcohol", now=NOW)
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: there is no entry o7; see 'kratomlog list'"
    assert everything() == before
