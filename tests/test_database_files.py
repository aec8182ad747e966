"""Points 3 of #11: the database's own files — side files planted by another user, the pre-migration
backup's name, `--db` naming a device, FIFO or folder, and honest read-only / disk-full messages.
Ownership and permission cases run as the unprivileged user `nobody` (tests run as root)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from helpers import NOW, everything, file_hash, run

NOBODY = 65534
CAN_DROP = os.getuid() == 0 and shutil.which("setpriv") is not None
needs_root = pytest.mark.skipif(not CAN_DROP, reason="needs root and setpriv to act as another user")


def as_nobody(*args: str, db: Path, input: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "KRATOMLOG_DB": str(db), "KRATOMLOG_NOW": str(NOW), "HOME": str(db.parent)}
    return subprocess.run(
        ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", sys.executable, "-m", "kratomlog", *args],
        env=env, capture_output=True, text=True, input=input, timeout=60,
    )


@pytest.fixture
def shared():
    """A folder nobody owns (a shared folder, as seen by the user `nobody`)."""
    folder = Path(tempfile.mkdtemp(prefix="kl-shared-", dir="/tmp"))
    os.chmod(folder, 0o755)
    os.chown(folder, NOBODY, NOBODY)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _dump(path: Path) -> list:
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@needs_root
@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
@pytest.mark.parametrize("planted", ["other-owner", "world-writable", "symlink"])
def test_a_side_file_planted_by_someone_else_is_refused(shared, suffix, planted):
    db = shared / "kl.db"
    assert as_nobody("dose", "2g", "Red", "--note", "private", db=db).returncode == 0
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for side in ("-wal", "-shm"):
        Path(f"{db}{side}").unlink(missing_ok=True)
    before = _dump(db)
    side = Path(f"{db}{suffix}")
    if planted == "symlink":
        side.symlink_to(shared / "elsewhere")
        os.lchown(side, NOBODY, NOBODY)
    else:
        side.write_bytes(b"")
        os.chmod(side, 0o666)
        if planted == "world-writable":
            os.chown(side, NOBODY, NOBODY)  # the user's own file, but open to everyone
    for args in (("dose", "1g", "Red", "--note", "secret"), ("list",), ("export",)):
        result = as_nobody(*args, db=db)
        assert result.returncode == 1, (args, result.stdout, result.stderr)
        assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
        assert str(side) in result.stderr and "has not opened the database" in result.stderr
        assert result.stdout == ""
    if planted != "symlink":
        assert side.read_bytes() == b"" and not (shared / "elsewhere").exists()
    assert _dump(db) == before


@needs_root
def test_the_database_file_itself_must_be_private_and_the_users(shared):
    db = shared / "kl.db"
    assert as_nobody("dose", "2g", "Red", db=db).returncode == 0
    os.chmod(db, 0o644)
    result = as_nobody("list", db=db)
    assert result.returncode == 1 and "mode 0644" in result.stderr and "chmod 600" in result.stderr
    os.chown(db, 0, 0)  # someone else's database that we can read
    result = as_nobody("list", db=db)
    assert result.returncode == 1 and "belongs to another user" in result.stderr
    os.chown(db, NOBODY, NOBODY)
    os.chmod(db, 0o600)
    assert as_nobody("list", db=db).returncode == 0
    empty = shared / "touched.db"  # `touch touched.db` under umask 022: empty, so it is made private
    empty.write_bytes(b"")
    os.chmod(empty, 0o644)
    os.chown(empty, NOBODY, NOBODY)
    assert as_nobody("dose", "1g", "Red", db=empty).returncode == 0
    assert stat.S_IMODE(empty.stat().st_mode) == 0o600


@needs_root
def test_read_only_file_or_folder_reads_work_writes_say_so(shared):
    db = shared / "kl.db"
    assert as_nobody("dose", "2g", "Red", "--note", "kept", db=db).returncode == 0
    before = _dump(db)
    for file_mode, folder_mode in ((0o400, 0o755), (0o600, 0o555), (0o400, 0o555)):
        os.chmod(db, file_mode)
        os.chmod(shared, folder_mode)
        try:
            for args in (("list",), ("status",), ("week",), ("export",), ("signals",)):
                result = as_nobody(*args, db=db)
                assert result.returncode == 0, (oct(file_mode), oct(folder_mode), args, result.stderr)
            assert "kept" in as_nobody("list", db=db).stdout
            for args in (("dose", "1g", "Red"), ("stress", "3"), ("delete", "d1", "--yes")):
                result = as_nobody(*args, db=db)
                assert result.returncode == 1, (args, result.stdout, result.stderr)
                assert "is read-only" in result.stderr and result.stderr.count("\n") == 1, result.stderr
                assert "could not be read as a SQLite database" not in result.stderr
        finally:
            os.chmod(shared, 0o755)
            os.chmod(db, 0o600)
    assert _dump(db) == before


@pytest.mark.parametrize("target", ["/dev/null", "/dev/zero", "fifo", "folder", "null-link"])
def test_a_db_that_is_not_a_regular_file_is_refused_before_any_open(target, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    (tmp_path / "folder").mkdir()
    (tmp_path / "null-link").symlink_to("/dev/null")
    path = target if target.startswith("/") else str(tmp_path / target)
    listing = sorted(os.listdir(tmp_path))
    dev = sorted(os.listdir("/dev"))
    for args in (("dose", "2g", "Red"), ("list",), ("wipe", "--yes"), ("backup", "-o", str(tmp_path / "b.db"))):
        result = run("--db", path, *args, now=NOW)
        assert result.exit_code == 1, (args, result.output)
        assert result.stderr.startswith("error: ") and "not a database file" in result.stderr, result.stderr
        assert "migration" not in result.stderr
    assert sorted(os.listdir(tmp_path)) == listing
    assert sorted(os.listdir("/dev")) == dev  # no /dev/null-journal
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_new_database_in_dev_is_refused(tmp_path):
    result = run("--db", "/dev/kratomlog-test.db", "dose", "2g", "Red", now=NOW)
    assert result.exit_code == 1 and "/dev" in result.stderr
    assert not os.path.exists("/dev/kratomlog-test.db")


def test_the_pre_migration_backup_is_exclusive_private_and_unguessable(tmp_path):
    from kratomlog.store import database

    fixture = Path(__file__).parent / "fixtures" / "schema_v1.sql"
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    conn.executescript(fixture.read_text())
    conn.close()
    os.chmod(db, 0o600)
    # Every name the old scheme could choose in the next seconds, planted as links to a victim.
    victim = tmp_path / "victim"
    victim.write_text("not yours")
    import time

    for offset in range(-2, 30):
        stamp = time.strftime("%Y%m%dT%H%M%S", time.localtime(time.time() + offset))
        (tmp_path / f"old.db.pre-v{database.LATEST}-from-v1-{stamp}.bak").symlink_to(victim)
    result = run("--db", str(db), "list", now=NOW)
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "not yours"
    made = [p for p in tmp_path.glob("old.db.pre-v*.bak") if not p.is_symlink()]
    assert len(made) == 1 and stat.S_IMODE(made[0].stat().st_mode) == 0o600
    assert len(made[0].name.rsplit("-", 1)[1]) == len("0123456789abcdef.bak")
    assert sqlite3.connect(made[0]).execute("PRAGMA user_version").fetchone()[0] == 1
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    a, b = database.backup_path_for(db, 1), database.backup_path_for(db, 1)
    assert a != b
