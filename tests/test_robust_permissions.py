"""Private by default, whatever the user's umask: every file kratomlog creates (database, its WAL and
shared-memory files, demo database, backup, export, report) is 0600, and every folder it creates is
0700; folders that already existed keep their mode."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from helpers import NOW, run
from kratomlog.store.database import open_database


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def careless_umask():
    """The most permissive umask: nothing but kratomlog itself keeps the files private."""
    before = os.umask(0)
    yield
    os.umask(before)


def test_default_location_in_a_fresh_home(tmp_path, monkeypatch):
    monkeypatch.delenv("KRATOMLOG_DB")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / ".local" / "share"))
    outside = mode(tmp_path)
    result = run("dose", "1g", "Red", now=NOW)
    assert result.exit_code == 0, result.output
    where = json.loads(run("where", "--json").stdout)
    path = tmp_path / "home" / ".local" / "share" / "kratomlog" / "kratomlog.db"
    assert where["database"] == str(path) and where["exists"] is True
    assert mode(path) == 0o600
    for folder in (path.parent, path.parent.parent, path.parent.parent.parent, tmp_path / "home"):
        assert mode(folder) == 0o700, folder
    assert mode(tmp_path) == outside  # a folder kratomlog did not create keeps its mode


def test_nested_missing_folders_are_all_private(tmp_path, monkeypatch):
    path = tmp_path / "a" / "b" / "c" / "k.db"
    monkeypatch.setenv("KRATOMLOG_DB", str(path))
    assert run("stress", "4", now=NOW).exit_code == 0
    assert mode(path) == 0o600
    assert [mode(p) for p in (path.parent, path.parent.parent, path.parent.parent.parent)] == [0o700] * 3


def test_wal_and_shared_memory_files_are_private_too(tmp_path):
    path = tmp_path / "fresh" / "k.db"
    db = open_database(path)
    try:
        with db.write() as conn:
            conn.execute("INSERT INTO setting (key, value) VALUES ('x', 'y')")
        wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
        assert wal.exists() and shm.exists()
        assert (mode(path), mode(wal), mode(shm)) == (0o600, 0o600, 0o600)
    finally:
        db.close()


def test_demo_database_and_its_folder(tmp_path, monkeypatch):
    folder = tmp_path / "fresh"
    monkeypatch.setenv("KRATOMLOG_DB", str(folder / "kratomlog.db"))
    result = run("demo", "--weeks", "6", "--no-show", now=NOW)
    assert result.exit_code == 0, result.output
    assert mode(folder / "demo.db") == 0o600
    assert mode(folder) == 0o700
    assert not (folder / "kratomlog.db").exists()


def test_backup_into_missing_folders_is_refused(db_path, tmp_path):
    # #11: a missing folder is refused by export, report and backup alike (backup used to create it).
    assert run("dose", "1g", "Red", now=NOW).exit_code == 0
    dest = tmp_path / "backups" / "2026" / "x.db"
    result = run("backup", "-o", str(dest), now=NOW)
    assert result.exit_code == 2 and "does not exist" in result.stderr
    assert not (tmp_path / "backups").exists()
    dest.parent.mkdir(parents=True)
    assert run("backup", "-o", str(dest), now=NOW).exit_code == 0
    assert mode(dest) == 0o600


def test_backup_into_an_existing_folder_leaves_the_folder_alone_and_overwrites_privately(db_path, tmp_path):
    assert run("dose", "1g", "Red", now=NOW).exit_code == 0
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    dest = shared / "x.db"
    dest.write_text("old")
    dest.chmod(0o644)
    assert run("backup", "-o", str(dest), "--force", now=NOW).exit_code == 0
    assert mode(dest) == 0o600
    assert mode(shared) == 0o755


def test_export_and_report_files_are_private(db_path, tmp_path):
    assert run("dose", "1g", "Red", now=NOW).exit_code == 0
    exported = tmp_path / "out.json"
    exported.write_text("old")
    exported.chmod(0o644)
    assert run("export", "-o", str(exported), "--force", now=NOW).exit_code == 0
    assert mode(exported) == 0o600
    csv = tmp_path / "out.csv"
    assert run("export", "--format", "csv", "-o", str(csv), now=NOW).exit_code == 0
    assert mode(csv) == 0o600
    report = tmp_path / "week.html"
    assert run("report", "--format", "html", "-o", str(report), now=NOW).exit_code == 0
    assert mode(report) == 0o600
