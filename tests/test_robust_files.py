"""A database path that points at something else — a text file, binary garbage, a truncated
database, another program's SQLite file, a database from a newer kratomlog — is refused by every
command the same way: one `error: …` line, exit 1, the file byte-for-byte untouched, and no file
created beside it. An empty file is adopted as a new database (or refused), never a traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from helpers import NOW, file_hash, rows, run
from kratomlog.store.database import open_database
from kratomlog.store.migrations import LATEST


def text_file(path: Path) -> None:
    path.write_text("shopping list\nmilk\n" * 100)


def garbage(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 40)


def truncated(path: Path) -> None:
    whole = path.with_name("whole.db")
    db = open_database(whole)
    with db.write() as conn:
        conn.executemany("INSERT INTO setting (key, value) VALUES (?, ?)", [(f"k{i}", "v" * 500) for i in range(200)])
    db.close()
    data = whole.read_bytes()
    whole.unlink()
    path.write_bytes(data[: len(data) // 2])


def foreign(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('someone', '555')")
    conn.commit()
    conn.close()


def foreign_empty_schema_other_app_id(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1234")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("DROP TABLE t")
    conn.commit()
    conn.close()


def newer(path: Path) -> None:
    open_database(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()


KINDS = {
    "text": (text_file, "is not a SQLite database"),
    "garbage": (garbage, "is not a SQLite database"),
    "truncated": (truncated, "truncated"),
    "foreign": (foreign, "of another program"),
    "other-app-id": (foreign_empty_schema_other_app_id, "of another program"),
    "newer": (newer, "newer kratomlog"),
}


def an_export(tmp_path: Path) -> Path:
    source = tmp_path / "elsewhere" / "source.db"
    assert run("--db", str(source), "dose", "2g", "Red", now=NOW).exit_code == 0
    target = tmp_path / "elsewhere" / "data.json"
    assert run("--db", str(source), "export", "-o", str(target), now=NOW).exit_code == 0
    return target


# Each is run as `kratomlog --db PATH …`; {out} is a file that must not appear, {export} a valid import file.
COMMANDS = [
    ["status"], ["status", "--json"], ["list"], ["list", "--json"], ["week"], ["week", "--json"],
    ["trends", "--json"], ["signals"], ["insights"], ["report"], ["check", "history"], ["strain", "list"],
    ["taper", "status"], ["config", "show"], ["export"], ["export", "--format", "csv", "-o", "{out}"],
    ["import", "{export}"], ["import", "{export}", "--dry-run"], ["wipe", "--yes"], ["backup", "-o", "{out}"],
    ["dose", "2g", "Red"], ["stress", "5"], ["no-use", "--on", "yesterday"], ["other", "alcohol"],
    ["withdrawal", "--scores", "0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0"], ["check", "pss", "--scores", "1,1,1,1,1,1,1,1,1,1"],
    ["edit", "d1", "--amount", "3g"], ["delete", "d1", "--yes"], ["undo"], ["strain", "add", "Green"],
    ["config", "set", "week_starts", "sunday"], ["taper", "start", "--from", "4g", "--step", "10%", "--every", "7d"],
]


def listing(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


@pytest.mark.slow  # every command on every kind of bad file
@pytest.mark.parametrize("kind", KINDS)
def test_every_command_refuses_the_file_and_leaves_it_untouched(tmp_path, kind):
    make, message = KINDS[kind]
    export = an_export(tmp_path)
    folder = tmp_path / "hostile"
    folder.mkdir()
    path = folder / "kratomlog.db"
    make(path)
    before, files = file_hash(path), listing(folder)
    for template in COMMANDS:
        args = [a.format(out=folder / "out.file", export=export) for a in template]
        result = run("--db", str(path), *args, now=NOW)
        shown = " ".join(args)
        assert result.exit_code == 1, (shown, result.output)
        assert result.stdout == "", shown
        assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, (shown, result.stderr)
        assert message in result.stderr and ("left it untouched" in result.stderr or "left untouched" in result.stderr), (shown, result.stderr)
        assert "Traceback" not in result.output
        assert file_hash(path) == before, shown
        assert listing(folder) == files, shown  # no -wal, -shm, backup or output file beside it


@pytest.mark.parametrize("kind", KINDS)
def test_demo_and_the_demo_flag_refuse_such_a_file_named_demo_db(tmp_path, kind):
    make, message = KINDS[kind]
    folder = tmp_path / "hostile"
    folder.mkdir()
    path = folder / "demo.db"
    make(path)
    before, files = file_hash(path), listing(folder)
    real = folder / "kratomlog.db"
    for args in (["demo", "--weeks", "6"], ["demo", "--no-show"], ["--demo", "status"], ["--demo", "week"], ["--demo", "wipe", "--yes"]):
        result = run("--db", str(real), *args, now=NOW)
        assert result.exit_code == 1, (args, result.output)
        assert result.stderr.startswith("error: ") and message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.output
        assert file_hash(path) == before
        assert listing(folder) == files


EMPTY_OK = [c for c in COMMANDS if c[0] not in ("edit", "delete")] + [["demo", "--weeks", "6", "--no-show"]]


@pytest.mark.parametrize("args", EMPTY_OK, ids=lambda a: " ".join(a))
def test_an_empty_file_is_adopted_as_a_new_database(tmp_path, args):
    export = an_export(tmp_path)
    folder = tmp_path / "empty"
    folder.mkdir()
    path = folder / ("demo.db" if args[0] == "demo" else "kratomlog.db")
    path.touch()
    args = [a.format(out=folder / "out.file", export=export) for a in args]
    result = run("--db", str(folder / "kratomlog.db"), *args, now=NOW)
    assert result.exit_code == 0, (args, result.output)
    assert "Traceback" not in result.output and "error" not in result.stderr
    if args[0] == "wipe":
        assert not path.exists()
    else:
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
        conn.close()


@pytest.mark.parametrize("args", [["edit", "d1", "--amount", "3g"], ["delete", "d1", "--yes"]])
def test_an_empty_file_adopted_has_no_entry_to_change(tmp_path, args):
    path = tmp_path / "empty.db"
    path.touch()
    result = run("--db", str(path), *args, now=NOW)
    assert result.exit_code == 2 and result.stderr.startswith("error: ") and "d1" in result.stderr
    assert rows("dose", path) == []


def damaged(path: Path, *, schema: bool) -> None:
    """A kratomlog database whose header is fine but whose pages are overwritten: those of the
    schema (refused on opening), or only those holding the ratings (found when they are read)."""
    db = open_database(path)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    first_data_page = 2 if schema else db.one("PRAGMA page_count")[0] + 1
    with db.write() as conn:
        conn.executemany(
            "INSERT INTO rating (uuid, at, stress, created_at) VALUES (?, ?, 5, ?)",
            [(f"u{i}", NOW - i * 60, NOW) for i in range(3000)],
        )
    page_size = db.one("PRAGMA page_size")[0]
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = bytearray(path.read_bytes())
    for start in range(page_size * (first_data_page - 1), len(data), page_size):
        data[start : start + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("schema", [True, False], ids=["schema-pages", "data-pages"])
def test_a_damaged_database_is_one_line_and_exit_1(tmp_path, schema):
    path = tmp_path / "damaged.db"
    damaged(path, schema=schema)
    before = file_hash(path)
    for args in (["list"], ["status"], ["week"], ["trends", "--json"], ["export"], ["stress", "5"], ["list", "--kind", "stress"]):
        result = run("--db", str(path), *args, now=NOW)
        assert result.exit_code == 1, (args, result.output)
        assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, (args, result.stderr)
        assert "malformed" in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.output
    assert file_hash(path) == before


@pytest.mark.parametrize("value", ["", "  "])
def test_an_empty_db_option_is_refused_not_taken_for_the_default(db_path, value):
    """`kratomlog --db "$UNSET_VARIABLE" dose …` must not quietly write to the real database."""
    for args in (["dose", "1g", "Red"], ["status"], ["wipe", "--yes"], ["demo", "--weeks", "6", "--no-show"]):
        result = run("--db", value, *args, now=NOW)
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr.startswith("error: ") and "--db" in result.stderr and "empty" in result.stderr
    assert not db_path.parent.exists()


@pytest.mark.parametrize("args", [
    ["export", "--force", "-o"], ["export", "--format", "csv", "--force", "-o"], ["backup", "--force", "-o"],
    ["report", "--force", "-o"], ["export", "-o"], ["backup", "-o"],
], ids=" ".join)
def test_an_output_that_is_not_a_regular_file_is_refused_even_with_force(tmp_path, db_path, args):
    """--force used to replace a named pipe (or, for root, /dev/null) with a file; report blocked on the pipe."""
    import os
    import stat as st_mode

    assert run("dose", "1g", "Red", now=NOW).exit_code == 0
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    before = rows("dose")
    result = run(*args, str(pipe), now=NOW)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ") and "not a regular file" in result.stderr
    assert st_mode.S_ISFIFO(pipe.stat().st_mode)
    assert rows("dose") == before
