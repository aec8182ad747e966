"""Opening files safely: refusals leave files byte-for-byte untouched; new files are private;
migrations keep every row behind an online backup; rows written by the fast path read back through the
models and the other way round (the whole schema is compared in test_schema.py)."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from helpers import NOW, file_hash, rows, run
from kratomlog.errors import DatabaseProblem
from kratomlog.store.database import APPLICATION_ID, open_database
from kratomlog.store.migrations import LATEST, MIGRATIONS, names

FIXTURES = Path(__file__).parent / "fixtures"


def make_v1(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.executescript((FIXTURES / "schema_v1.sql").read_text())
    conn.close()
    return path


def refused(path: Path, message: str) -> None:
    before = file_hash(path)
    result = run("--db", str(path), "dose", "1g", "Red", now=NOW)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert "Traceback" not in result.output
    assert file_hash(path) == before
    assert not Path(str(path) + "-wal").exists()


def test_text_file_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("my private notes\n" * 50)
    refused(path, "is not a SQLite database")


def test_binary_garbage_is_refused_untouched(tmp_path):
    path = tmp_path / "blob.db"
    path.write_bytes(bytes(range(256)) * 20)
    refused(path, "is not a SQLite database")


def test_another_programs_sqlite_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('someone')")
    conn.commit()
    conn.close()
    refused(path, "of another program")


def test_truncated_database_is_refused_untouched(tmp_path):
    source = make_v1(tmp_path / "full.db")
    data = source.read_bytes()
    path = tmp_path / "truncated.db"
    path.write_bytes(data[: len(data) // 2])
    refused(path, "truncated")


def test_database_from_a_newer_kratomlog_is_refused_untouched(tmp_path):
    path = tmp_path / "newer.db"
    open_database(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()
    refused(path, "newer kratomlog")


def test_empty_file_is_adopted_as_a_new_database(tmp_path):
    path = tmp_path / "empty.db"
    path.touch()
    assert run("--db", str(path), "dose", "1g", "Red", now=NOW).exit_code == 0
    assert len(rows("dose", path)) == 1


def test_folder_instead_of_file_is_refused(tmp_path):
    result = run("--db", str(tmp_path), "status", now=NOW)
    assert result.exit_code == 1 and "is a folder" in result.stderr


def test_new_database_is_private_with_wal_and_our_application_id(db_path):
    assert run("dose", "1g", "Red", now=NOW).exit_code == 0
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
    assert [r[0] for r in conn.execute("SELECT name FROM _migrations ORDER BY name")] == sorted(names())
    conn.close()


def test_existing_folder_permissions_are_left_alone(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    assert run("--db", str(folder / "k.db"), "dose", "1g", "Red", now=NOW).exit_code == 0
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755


def test_upgrade_from_first_schema_keeps_every_row_and_leaves_a_backup(tmp_path):
    path = make_v1(tmp_path / "old.db")
    before = {t: rows(t, path) for t in ("strain", "dose", "rating", "no_use_day", "setting", "change_log")}
    result = run("--db", str(path), "list", "--json", now=NOW)
    assert result.exit_code == 0, result.output
    after = {t: rows(t, path) for t in before}
    # later migrations append columns (each new one NULL for old rows): the old columns are kept as they were
    assert {t: [r[: len(b[0])] for r in after[t]] if b else after[t] for t, b in before.items()} == before
    assert all(value is None for t, b in before.items() if b for r in after[t] for value in r[len(b[0]):])
    backups = list(tmp_path.glob("old.db.pre-v*-from-v1-*.bak"))
    assert len(backups) == 1
    assert stat.S_IMODE(backups[0].stat().st_mode) == 0o600
    assert {t: rows(t, backups[0]) for t in before} == before
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
    conn.close()
    assert '"day_starts_at": "04:00"' in run("--db", str(path), "config", "show", "--json").stdout
    assert run("--db", str(path), "dose", "1g", now=NOW).exit_code == 0


def test_failed_migration_rolls_back_and_is_reported(tmp_path, monkeypatch):
    from kratomlog.store import database

    path = make_v1(tmp_path / "old.db")
    def m999_broken(conn):
        conn.execute("CREATE TABLE extra (x INTEGER)")
        conn.execute("CREATE TABLE dose (x INTEGER)")

    broken = list(MIGRATIONS) + [m999_broken]
    monkeypatch.setattr(database, "MIGRATIONS", broken)
    monkeypatch.setattr(database, "LATEST", len(broken))
    with pytest.raises(DatabaseProblem, match="m999_broken failed and was rolled back"):
        open_database(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'extra'").fetchone()[0] == 0
    conn.close()


def test_fast_path_rows_read_back_identically_through_sqlmodel(db_path):
    from sqlmodel import Session, select

    from kratomlog.store.model_rows import engine_for
    from kratomlog.store.schema import Dose, Rating, Strain

    run("dose", "3.5g", "Red Bali", "--reason", "stress", "--note", "ü note", now=NOW)
    run("stress", "6", "--craving", "3", now=NOW)
    raw_dose = rows("dose")[0]
    with Session(engine_for(db_path)) as session:
        dose = session.exec(select(Dose)).one()
        assert tuple(dose.model_dump()[c] for c in (
            "id", "uuid", "at", "amount", "unit", "grams", "strain_id", "mitragynine_pct", "mitragynine_mg",
            "mitragynine_estimated", "reasons", "note", "source_id", "created_at", "seven_oh_mg", "batch_id",
            "utc_offset", "zone")) == raw_dose
        assert raw_dose[-2:] == (0, "UTC")  # logged in UTC (the tests' zone): its offset and name
        assert session.exec(select(Rating)).one().stress == 6
        strain = session.exec(select(Strain)).one()
        # and the other way round: written through the ORM, read by the fast path
        session.add(Dose(uuid="u-orm", at=NOW - 60, amount=2.0, unit="g", grams=2.0, strain_id=strain.id,
                         mitragynine_pct=1.5, mitragynine_mg=30.0, mitragynine_estimated=1, reasons="pain",
                         note=None, created_at=NOW))
        session.commit()
    import json

    listed = json.loads(run("list", "--json", "--kind", "dose", now=NOW).stdout)
    orm_dose = next(d for d in listed if d["at"] == "2026-11-27T11:59:00+00:00")
    assert (orm_dose["grams"], orm_dose["strain"], orm_dose["reasons"], orm_dose["mitragynine_estimated"]) == (
        2.0, "Red Bali", ["pain"], True)
