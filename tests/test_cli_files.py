"""`backup` and `wipe`."""

from __future__ import annotations

import sqlite3
import stat

from helpers import NOW, file_hash, rows, run


def test_backup_is_a_private_consistent_copy(db_path, tmp_path):
    run("dose", "2g", "Red", now=NOW)
    run("stress", "4", now=NOW)
    dest = tmp_path / "out" / "copy.db"
    missing = run("backup", "-o", str(dest), now=NOW)  # a missing folder is refused, not created
    assert missing.exit_code == 2 and "does not exist" in missing.stderr and not dest.parent.exists()
    dest.parent.mkdir()
    result = run("backup", "-o", str(dest), now=NOW)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    assert [p.name for p in dest.parent.iterdir()] == ["copy.db"]  # no temporary file left
    assert rows("dose", dest) == rows("dose") and rows("rating", dest) == rows("rating")
    assert sqlite3.connect(dest).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert run("--db", str(dest), "status", now=NOW).exit_code == 0


def test_backup_refuses_to_overwrite_without_force(tmp_path):
    run("dose", "2g", "Red", now=NOW)
    dest = tmp_path / "copy.db"
    dest.write_text("keep me")
    result = run("backup", "-o", str(dest), now=NOW)
    assert result.exit_code == 2 and "--force" in result.stderr
    assert dest.read_text() == "keep me"
    assert run("backup", "-o", str(dest), "--force", now=NOW).exit_code == 0
    assert len(rows("dose", dest)) == 1


def test_backup_without_a_database(tmp_path, db_path):
    result = run("backup", "-o", str(tmp_path / "x.db"), now=NOW)
    assert result.exit_code == 2 and "nothing to back up" in result.stderr
    assert not db_path.exists()


def test_wipe_needs_the_file_name(db_path):
    run("dose", "2g", "Red", now=NOW)
    result = run("wipe", input="yes\n", now=NOW)
    assert result.exit_code == 0 and "Nothing deleted" in result.stdout
    assert "kratomlog export --format json" in result.stderr
    assert db_path.exists()
    result = run("wipe", input=f"{db_path.name}\n", now=NOW)
    assert result.exit_code == 0
    assert not db_path.exists()
    assert not list(db_path.parent.glob(db_path.name + "*"))


def test_wipe_with_yes_removes_backups_too(db_path):
    run("dose", "2g", "Red", now=NOW)
    (db_path.parent / f"{db_path.name}.pre-v2-from-v1-20261127T120000.bak").write_bytes(b"x")
    assert run("wipe", "--yes", now=NOW).exit_code == 0
    assert list(db_path.parent.iterdir()) == []


def test_wipe_refuses_a_foreign_file(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("not a database")
    before = file_hash(path)
    result = run("--db", str(path), "wipe", "--yes", now=NOW)
    assert result.exit_code == 1
    assert file_hash(path) == before
