"""Killed mid-write (SIGKILL: no cleanup, no rollback by Python): the database stays intact and holds
either the whole import or demo rebuild, or none of it — never a part.

A probe connection watches for the moment the child holds SQLite's write lock (its `BEGIN IMMEDIATE`
has started), waits a chosen fraction of the write, then kills it."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from helpers import NOW, everything, run
from kratomlog.store.database import open_database

pytestmark = pytest.mark.slow  # kills processes: excluded by `pytest -m "not slow"`

DELAYS = (0.0, 0.02, 0.06, 0.15, 0.4)  # seconds after the write lock is first seen


def child(args: list[str]) -> subprocess.Popen:
    env = {**os.environ, "KRATOMLOG_NOW": str(NOW), "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.Popen([sys.executable, "-m", "kratomlog", *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def writing(probe: sqlite3.Connection) -> bool:
    """True while another connection holds the write lock (without waiting for it)."""
    try:
        probe.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        assert "locked" in str(error) or "busy" in str(error), error
        return True
    probe.execute("ROLLBACK")
    return False


def kill_while_writing(args: list[str], db: Path, delay: float) -> str:
    """Run kratomlog, SIGKILL it `delay` seconds into its write; 'killed' or 'finished' (if it ended first)."""
    proc = child(args)
    probe = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            if writing(probe):
                time.sleep(delay)
                proc.send_signal(signal.SIGKILL)
                break
            time.sleep(0.002)
    finally:
        probe.close()
    proc.wait(timeout=60)
    if proc.returncode == -signal.SIGKILL:
        return "killed"
    assert proc.returncode == 0, proc.stderr.read().decode()
    return "finished"


def copy(source: Path, dest: Path) -> None:
    dest.parent.mkdir()
    with sqlite3.connect(source) as a, sqlite3.connect(dest) as b:
        a.backup(b)
    a.close()
    b.close()


def intact(db: Path) -> None:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()


@pytest.fixture(scope="module")
def big_export(tmp_path_factory) -> Path:
    """A kratomlog export of three years of heavy daily use (≈ 5,000 doses, 2,000 ratings…)."""
    from kratomlog.core.demo import long_history
    from kratomlog.store.bulk_write import replace_with

    folder = tmp_path_factory.mktemp("big")
    source = folder / "source.db"
    db = open_database(source)
    replace_with(db, long_history(3, date(2026, 11, 27), 1), now=NOW, mark_demo=False)
    db.close()
    target = folder / "big.json"
    result = run("--db", str(source), "export", "--format", "json", "-o", str(target), now=NOW)
    assert result.exit_code == 0, result.output
    return target


def test_import_killed_midway_leaves_all_or_none(tmp_path, big_export):
    reference = tmp_path / "reference.db"
    assert run("--db", str(reference), "import", str(big_export), now=NOW).exit_code == 0
    imported = everything(reference)
    assert len(imported["dose"]) > 5000

    outcomes = []
    for number, delay in enumerate(DELAYS):
        db = tmp_path / f"target{number}.db"
        open_database(db).close()  # created and migrated, so the import is the child's only write
        before = everything(db)
        outcome = kill_while_writing(["--db", str(db), "import", str(big_export)], db, delay)
        intact(db)
        after = everything(db)
        assert after in (before, imported), f"a partial import after a kill at +{delay}s"
        outcomes.append((outcome, after == imported))
    # The test proves something only if at least one kill landed inside the write.
    assert ("killed", False) in outcomes, outcomes


def test_demo_rebuild_killed_midway_keeps_the_old_person_or_the_new(tmp_path):
    args = ["--weeks", "260", "--today", "2026-11-20", "--no-show"]
    reference = tmp_path / "reference" / "kratomlog.db"
    assert run("--db", str(reference), "demo", "--seed", "2", *args, now=NOW).exit_code == 0
    new = everything(reference.parent / "demo.db")

    first = tmp_path / "first" / "kratomlog.db"
    assert run("--db", str(first), "demo", "--seed", "1", *args, now=NOW).exit_code == 0
    old = everything(first.parent / "demo.db")
    assert old != new and len(old["dose"]) > 3000

    outcomes = []
    for number, delay in enumerate(DELAYS):
        real = tmp_path / f"person{number}" / "kratomlog.db"
        demo_db = real.parent / "demo.db"
        copy(first.parent / "demo.db", demo_db)
        outcome = kill_while_writing(["--db", str(real), "demo", "--seed", "2", *args], demo_db, delay)
        intact(demo_db)
        after = everything(demo_db)
        assert after in (old, new), f"a mix of two demo people after a kill at +{delay}s"
        outcomes.append((outcome, after == new))
        assert not real.exists()  # the real database is never created by demo
    assert ("killed", False) in outcomes, outcomes
