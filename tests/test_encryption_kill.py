"""`encrypt` and `decrypt` killed at any moment (SIGKILL) leave one intact database at the path: the
old one or the new one, with every row."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from secrets_fixtures import PASSPHRASE, passphrase_file  # noqa: F401 — fixtures
from helpers import NOW, db_file, run

pytestmark = pytest.mark.slow  # kills processes: excluded by `pytest -m "not slow"`

pytest.importorskip("sqlcipher3")

DELAYS = (0.05, 0.2, 0.36, 0.6)




def rows_in(path) -> int:
    """The doses in the database at path, read as plain SQLite or, failing that, with the passphrase."""
    from kratomlog.store.cipher import derive_key, file_salt, looks_encrypted
    from kratomlog.store.database import open_database

    key = derive_key(PASSPHRASE, file_salt(path)) if looks_encrypted(path) else None
    db = open_database(path, create=False, key=key)
    try:
        assert db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return db.conn.execute("SELECT count(*) FROM dose").fetchone()[0]
    finally:
        db.close()


def killed_after(args: list[str], delay: float) -> int:
    env = {**os.environ, "KRATOMLOG_NOW": str(NOW), "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen([sys.executable, "-m", "kratomlog", *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    return proc.wait(timeout=60)


@pytest.mark.parametrize("delay", DELAYS)
def test_a_killed_encrypt_or_decrypt_leaves_one_intact_database(passphrase_file, delay):
    for n in range(30):
        assert run("dose", "1g", "Green", "--at", f"2026-11-{1 + n // 3:02d} {8 + n % 3}:00", now=NOW).exit_code == 0
    path = db_file()
    for command in ("encrypt", "decrypt", "encrypt"):
        killed_after([command], delay)
        assert rows_in(path) == 30
        # whatever state it was left in, the next command finishes the job or refuses cleanly
        finished = run(command, now=NOW)
        assert finished.exit_code in (0, 2), finished.stderr
        assert rows_in(path) == 30
    leftovers = [p.name for p in path.parent.iterdir() if p.name.startswith(f".{path.name}")]
    assert leftovers == []
