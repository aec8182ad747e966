"""The SQLModel models are the schema: a fresh file is exactly `SQLModel.metadata`; a file at every
earlier version (frozen SQL fixtures) migrates to the very same schema, keeping every row; the
table-rebuild helper keeps rows, ids, counters, indexes and triggers, and a failure leaves the file
as it was; vocabularies are checked in core, not by the database."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import NOW, everything, run
from schema_shape import shape, shape_of
from kratomlog.errors import DatabaseProblem
from kratomlog.store.database import open_database
from kratomlog.store.migrations import LATEST, MIGRATIONS, names
from kratomlog.store.rebuild import rebuild_table

FIXTURES = Path(__file__).parent / "fixtures"
SRC = str(Path(__file__).resolve().parents[1] / "src")


def fixture_versions() -> list[int]:
    return sorted(int(m.group(1)) for p in FIXTURES.glob("schema_v*.sql") if (m := re.fullmatch(r"schema_v(\d+)\.sql", p.name)))


def build(version: int, path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.executescript((FIXTURES / f"schema_v{version}.sql").read_text())
    conn.close()
    path.chmod(0o600)  # as kratomlog creates it: a database others can read is refused (#11)
    return path


def all_rows(path: Path) -> dict[str, tuple[list[str], list[tuple]]]:
    conn = sqlite3.connect(path)
    try:
        tables = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        out = {}
        for table in tables:
            columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
            out[table] = (columns, conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall())
        return out
    finally:
        conn.close()


def fresh(tmp_path: Path) -> Path:
    path = tmp_path / "fresh.db"
    open_database(path).close()
    return path


def test_there_is_a_frozen_fixture_for_every_earlier_version_with_rows_in_every_table(tmp_path):
    assert fixture_versions() == list(range(1, LATEST)), (
        "freeze the schema each migration starts from: .venv/bin/python tests/fixtures/freeze.py"
    )
    for version in fixture_versions():
        path = build(version, tmp_path / f"v{version}.db")
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA user_version").fetchone()[0] == version
        assert [n for (n,) in conn.execute("SELECT name FROM _migrations ORDER BY rowid")] == names()[:version]
        conn.close()
        empty = [table for table, (_, rows) in all_rows(path).items() if not rows]
        assert empty == [], f"schema_v{version}.sql: add a row to {empty}"


@pytest.mark.parametrize("version", range(1, LATEST))
def test_every_earlier_version_migrates_to_the_fresh_schema_keeping_every_row(tmp_path, version):
    path = build(version, tmp_path / "old.db")
    before = all_rows(path)
    result = run("--db", str(path), "list", "--json", now=NOW)
    assert result.exit_code == 0, result.output

    assert shape_of(path) == shape_of(fresh(tmp_path))
    after = all_rows(path)
    for table, (columns, rows) in before.items():
        if table == "_migrations":
            continue
        if table == "sqlite_sequence":  # the highest id ever handed out, per table: kept
            assert dict(after[table][1]).items() >= dict(rows).items()
            continue
        kept_columns, _ = after[table]
        conn = sqlite3.connect(path)
        projected = conn.execute(
            f'SELECT {", ".join(chr(34) + c + chr(34) for c in columns)} FROM "{table}" ORDER BY rowid'
        ).fetchall()
        conn.close()
        assert projected == rows, table
        assert set(columns) <= set(kept_columns), table
    assert [n for n, _ in after["_migrations"][1]] == names()
    assert after["_migrations"][1][:version] == before["_migrations"][1]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    backups = list(tmp_path.glob(f"old.db.pre-v{LATEST}-from-v{version}-*.bak"))
    assert len(backups) == 1 and all_rows(backups[0]) == before
    # and the migrated file keeps working: a new dose continues after the highest id ever given
    assert run("--db", str(path), "dose", "1g", now=NOW).exit_code == 0
    seq = dict(before.get("sqlite_sequence", ([], []))[1]).get("dose", 0)
    assert max(r[0] for r in all_rows(path)["dose"][1]) == seq + 1


def test_a_fresh_file_is_exactly_the_sqlmodel_metadata(tmp_path):
    """Built here by SQLAlchemy's own `metadata.create_all`, not by the program's code path."""
    from sqlalchemy import create_engine
    from sqlmodel import SQLModel

    import kratomlog.store.schema  # noqa: F401 — registers the models

    by_sqlalchemy = tmp_path / "sa.db"
    engine = create_engine(f"sqlite:///{by_sqlalchemy}")
    SQLModel.metadata.create_all(engine)
    engine.dispose()
    expected = shape_of(by_sqlalchemy)
    conn = sqlite3.connect(fresh(tmp_path))
    assert conn.execute("SELECT name FROM _migrations ORDER BY rowid").fetchall() == [(n,) for n in names()]
    conn.execute("DROP TABLE _migrations")  # the migration runner's bookkeeping, not a model
    assert shape(conn) == expected
    conn.close()
    assert set(expected["tables"]) == set(SQLModel.metadata.tables)


@pytest.mark.parametrize(
    "change",
    [
        "UPDATE sqlite_master SET sql = replace(sql, 'CHECK (amount > 0)', 'CHECK (amount >= 0)') WHERE name = 'dose'",
        "UPDATE sqlite_master SET sql = replace(sql, 'DEFAULT 0 NOT NULL', 'DEFAULT 1 NOT NULL') WHERE name = 'strain'",
        "UPDATE sqlite_master SET sql = replace(sql, 'TEXT DEFAULT ''powder'' NOT NULL', 'TEXT DEFAULT ''powder''') WHERE name = 'strain'",
        "UPDATE sqlite_master SET sql = replace(sql, 'REAL,', 'NUMERIC,') WHERE name = 'dose'",
        "UPDATE sqlite_master SET sql = replace(sql, ' ON DELETE CASCADE', '') WHERE name = 'taper_change'",
        "UPDATE sqlite_master SET sql = replace(sql, 'WHERE source_id IS NOT NULL', '') WHERE name = 'dose_source_id'",
        "UPDATE sqlite_master SET sql = replace(sql, ' AUTOINCREMENT', '') WHERE name = 'rating'",
    ],
    ids=["check", "default", "not-null", "type", "on-delete", "partial-index", "autoincrement"],
)
def test_the_comparison_sees_every_kind_of_difference(tmp_path, change):
    a, b = fresh(tmp_path), tmp_path / "b.db"
    open_database(b).close()
    conn = sqlite3.connect(b)
    conn.execute("PRAGMA writable_schema = ON")
    assert conn.execute(change).rowcount == 1
    conn.commit()
    conn.close()
    assert shape_of(a) != shape_of(b)


def test_the_comparison_sees_a_lost_unique_an_added_index_and_trigger(tmp_path):
    from kratomlog.store.migrations import M003_TABLES

    a, b = fresh(tmp_path), tmp_path / "b.db"
    open_database(b).close()
    conn = sqlite3.connect(b, isolation_level=None)
    conn.execute("BEGIN")
    rebuild_table(conn, "no_use_day", M003_TABLES["no_use_day"].replace(",\n    UNIQUE (day)", ""))
    conn.execute("COMMIT")
    assert shape_of(a) != shape(conn)
    rebuild_table(conn, "no_use_day", M003_TABLES["no_use_day"])
    assert shape_of(a) == shape(conn)  # ...and the helper puts it back
    conn.execute("CREATE INDEX rating_note ON rating(note)")
    first = shape(conn)
    conn.execute("CREATE TRIGGER t AFTER INSERT ON rating BEGIN SELECT 1; END")
    assert shape_of(a) != first != shape(conn)
    conn.close()


def test_opening_an_existing_file_imports_no_sqlmodel(tmp_path):
    path = fresh(tmp_path)
    code = (
        "import sys; from kratomlog.store.database import open_database; "
        f"open_database({str(path)!r}).close(); "
        "print([m for m in ('sqlmodel', 'sqlalchemy', 'pydantic') if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={"PYTHONPATH": SRC})
    assert done.stdout.strip() == "[]", done.stderr


# --- the rebuild helper ------------------------------------------------------------------------


def _scratch() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT, kind TEXT CHECK (kind IN ('a','b')), old TEXT)")
    conn.execute("CREATE INDEX parent_name ON parent(name)")
    conn.execute("CREATE TABLE log (what TEXT)")
    conn.execute("CREATE TRIGGER parent_added AFTER INSERT ON parent BEGIN INSERT INTO log VALUES (new.kind); END")
    conn.execute("CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id) ON DELETE CASCADE)")
    conn.execute("INSERT INTO parent (name, kind, old) VALUES ('x', 'a', 'gone'), ('y', 'b', 'gone'), ('z', 'a', 'gone')")
    conn.execute("DELETE FROM parent WHERE name = 'z'")  # the counter stays at 3
    conn.execute("INSERT INTO child (parent_id) VALUES (1), (2)")
    conn.execute("PRAGMA foreign_keys = OFF")
    return conn


NEW_PARENT = (
    "CREATE TABLE parent (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT NOT NULL, kind TEXT, "
    "added TEXT NOT NULL DEFAULT 'then')"
)


def test_rebuild_keeps_rows_ids_counter_indexes_triggers_and_foreign_keys():
    conn = _scratch()
    conn.execute("BEGIN")
    rebuild_table(conn, "parent", NEW_PARENT, rename={"name": "label"}, drop=["old"],
                  indexes=["CREATE INDEX parent_label ON parent(label)"])
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.execute("COMMIT")
    conn.execute("PRAGMA foreign_keys = ON")
    assert conn.execute("SELECT * FROM parent").fetchall() == [(1, "x", "a", "then"), (2, "y", "b", "then")]
    conn.execute("INSERT INTO parent (label, kind) VALUES ('w', 'c')")  # the CHECK is gone
    assert conn.execute("SELECT id FROM parent WHERE label = 'w'").fetchone() == (4,)  # id 3 is never reused
    assert conn.execute("SELECT what FROM log").fetchall() == [("a",), ("b",), ("a",), ("c",)]  # trigger kept
    assert [r[1] for r in conn.execute("PRAGMA index_list(parent)")] == ["parent_label"]
    conn.execute("DELETE FROM parent WHERE id = 1")  # the child's foreign key still points here
    assert conn.execute("SELECT parent_id FROM child").fetchall() == [(2,)]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"create_sql": "CREATE TABLE other (id INTEGER)"}, "must be 'CREATE TABLE parent"),
        ({"create_sql": NEW_PARENT, "drop": ["nope"]}, "no column(s) nope"),
        ({"create_sql": NEW_PARENT}, "have no place in the new shape"),
    ],
)
def test_rebuild_refuses_what_would_lose_data(kwargs, message):
    conn = _scratch()
    with pytest.raises(ValueError, match=re.escape(message)):
        rebuild_table(conn, "parent", **kwargs)


def test_a_failing_migration_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    from kratomlog.store import database

    path = build(LATEST - 1, tmp_path / "old.db")
    before = all_rows(path)
    before_shape = shape_of(path)

    def m999_breaks_a_foreign_key(conn):
        rebuild_table(conn, "strain", conn.execute("SELECT sql FROM sqlite_master WHERE name = 'strain'").fetchone()[0]
                      .replace('"strain"', "strain"))
        conn.execute("DELETE FROM strain")  # doses point at strains: foreign_key_check must refuse

    steps = list(MIGRATIONS)
    steps.insert(LATEST - 1, m999_breaks_a_foreign_key)
    monkeypatch.setattr(database, "MIGRATIONS", steps)
    monkeypatch.setattr(database, "LATEST", len(steps))
    with pytest.raises(DatabaseProblem, match="m999_breaks_a_foreign_key failed and was rolled back: .*foreign key"):
        open_database(path)
    assert all_rows(path) == before and shape_of(path) == before_shape


# --- vocabularies live in core -------------------------------------------------------------------


def test_the_database_accepts_a_new_vocabulary_word_and_core_refuses_an_unknown_one(db_path):
    assert run("strain", "add", "Red Bali", now=NOW).exit_code == 0
    db = open_database(db_path)
    with db.write() as conn:  # a future form or instrument needs no table rebuild
        conn.execute("UPDATE strain SET form = 'resin'")
        conn.execute(
            "INSERT INTO questionnaire (uuid, at, instrument, total, created_at) VALUES ('u', 1, 'cows', 0, 1)"
        )
        conn.execute("ROLLBACK")
        conn.execute("BEGIN")
    db.close()
    before = everything(db_path)
    result = run("strain", "add", "Green", "--form", "resin", now=NOW)
    assert result.exit_code == 2 and result.stderr.startswith("error: unknown form 'resin'")
    assert everything(db_path) == before


def test_an_import_with_an_unknown_vocabulary_word_is_skipped_by_core(tmp_path, db_path):
    """The database would now store any word; core's import check skips and counts the row."""
    import json as jsonlib

    assert run("strain", "add", "Red Bali", now=NOW).exit_code == 0
    assert run("withdrawal", "--scores", ",".join(["1"] * 16), now=NOW).exit_code == 0
    document = jsonlib.loads(run("export", now=NOW).stdout)
    target = tmp_path / "other.db"
    for section, field, word in (("strains", "form", "resin"), ("questionnaires", "instrument", "cows")):
        changed = jsonlib.loads(jsonlib.dumps(document))
        changed[section][0][field] = word
        source = tmp_path / f"{section}.json"
        source.write_text(jsonlib.dumps(changed))
        result = run("--db", str(target), "import", str(source), now=NOW)
        assert result.exit_code == 0, result.output
        assert "Skipped 1 row" in result.stdout and f"got {word!r}" in result.stdout
        assert not any(word in map(str, row) for table in everything(target).values() for row in table)


def test_parse_form_is_the_one_check_of_the_form_vocabulary():
    from kratomlog.core.invalid import Invalid
    from kratomlog.core.vocab import FORMS, parse_form

    assert [parse_form(f" {f.upper()} ") for f in FORMS] == list(FORMS)
    with pytest.raises(Invalid, match="unknown form 'resin'; forms are powder, capsule"):
        parse_form("resin")
