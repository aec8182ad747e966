"""Point 2 of #11: export, report and backup write through one writer — never onto the database or
its own files, never through a link, never half-written, never onto a device, FIFO or folder."""

from __future__ import annotations

import os
import resource
import signal
import stat
import subprocess
import sys

import pytest
from helpers import NOW, everything, file_hash, run

WRITERS = [("export",), ("export", "--format", "csv"), ("export", "--format", "tlfb"), ("report",),
           ("report", "--format", "html"), ("backup",), ("demo", "handout")]


@pytest.fixture
def logged(db_path):
    assert run("dose", "2g", "Red", "--note", "keep", now=NOW).exit_code == 0
    return db_path


def _refused(args, message, db_path):
    before, shown = everything(), file_hash(db_path)
    result = run(*args, now=NOW)
    assert result.exit_code == 2, (args, result.output)
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, (args, result.stderr)
    assert message in result.stderr, (args, result.stderr)
    assert everything() == before and file_hash(db_path) == shown, args
    return result


@pytest.mark.parametrize("writer", WRITERS)
def test_the_database_and_its_own_files_are_never_a_target(writer, logged, tmp_path):
    db = logged
    backup = db.parent / f"{db.name}.pre-v2-from-v1-20261127T120000.bak"
    backup.write_bytes(b"old copy")
    wal = db.parent / f"{db.name}-wal"
    wal.write_bytes(b"") if not wal.exists() else None
    symlink = tmp_path / "link.db"
    symlink.symlink_to(db)
    hardlink = tmp_path / "hard.db"
    os.link(db, hardlink)
    targets = [db, wal, db.parent / f"{db.name}-shm", db.parent / f"{db.name}-journal", backup, symlink, hardlink]
    for target in targets:
        kept = target.read_bytes() if target.exists() else None
        _refused((*writer, "-o", str(target), "--force"), "the database or one of its own files", db)
        assert (target.read_bytes() if target.exists() else None) == kept, target
    assert symlink.is_symlink()


@pytest.mark.parametrize("writer", WRITERS)
def test_a_link_at_the_target_is_replaced_not_followed(writer, logged, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("not yours")
    victim.chmod(0o644)
    link = tmp_path / "out.file"
    link.symlink_to(victim)
    _refused((*writer, "-o", str(link)), "already exists", logged)
    dangling = tmp_path / "dangling.file"
    dangling.symlink_to(tmp_path / "created-through-link")
    _refused((*writer, "-o", str(dangling)), "already exists", logged)
    assert not (tmp_path / "created-through-link").exists()
    for target in (link, dangling):
        result = run(*writer, "-o", str(target), "--force", now=NOW)
        assert result.exit_code == 0, result.output
        assert not target.is_symlink() and target.is_file()
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert victim.read_text() == "not yours" and stat.S_IMODE(victim.stat().st_mode) == 0o644
    assert not (tmp_path / "created-through-link").exists()


@pytest.mark.parametrize("writer", WRITERS)
def test_an_existing_file_keeps_nothing_of_its_mode_and_needs_force(writer, logged, tmp_path):
    target = tmp_path / "out.file"
    target.write_text("previous")
    target.chmod(0o644)
    _refused((*writer, "-o", str(target)), "--force", logged)
    assert target.read_text() == "previous"
    assert run(*writer, "-o", str(target), "--force", now=NOW).exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600 and target.read_text(errors="replace") != "previous"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temporary left


@pytest.mark.parametrize("writer", WRITERS)
def test_special_targets_are_refused_before_anything_is_opened(writer, db_path, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    folder = tmp_path / "folder"
    folder.mkdir()
    to_device = tmp_path / "null-link"
    to_device.symlink_to("/dev/null")
    to_stdout = tmp_path / "stdout-link"  # what /dev/stdout is: a link into /proc
    to_stdout.symlink_to("/proc/self/fd/1")
    for target, word in ((fifo, "pipe"), (folder, "folder"), (to_device, "device"), (to_stdout, "/proc"),
                         (tmp_path / "missing" / "x.out", "does not exist")):
        result = run(*writer, "-o", str(target), "--force", now=NOW)
        assert result.exit_code == 2, (target, result.output)
        assert result.stderr.startswith("error: ") and word in result.stderr, (target, result.stderr)
        assert not db_path.exists(), target  # refused before the database was even created
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert to_device.is_symlink() and to_stdout.is_symlink() and not (tmp_path / "missing").exists()


@pytest.mark.parametrize("target", ["/dev/null", "/dev/stdout", "/dev/zero", "/proc/self/fd/1"])
def test_system_device_paths_are_refused(target, logged, tmp_path):
    # Run unprivileged, so that even a regression could not replace the machine's /dev entries.
    env = {**os.environ, "KRATOMLOG_DB": str(logged), "KRATOMLOG_NOW": str(NOW)}
    os.chmod(tmp_path, 0o755)
    for folder in (logged.parent,):
        os.chmod(folder, 0o777)
    os.chmod(logged, 0o644)
    before = os.lstat(target)
    for writer in WRITERS:
        result = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                                 sys.executable, "-m", "kratomlog", *writer, "-o", target, "--force"],
                                env=env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 2, (writer, target, result.stdout, result.stderr)
        assert result.stderr.startswith("error: ") and ("/dev" in result.stderr or "/proc" in result.stderr)
    after = os.lstat(target)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)


@pytest.mark.parametrize("writer", [("export",), ("report",), ("report", "--format", "html")])
def test_dash_is_standard_output(writer, logged, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(*writer, "-o", "-", now=NOW)
    assert result.exit_code == 0 and result.stdout == run(*writer, now=NOW).stdout
    assert not (tmp_path / "-").exists()


def test_backup_to_standard_output_is_refused(logged, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _refused(("backup", "-o", "-"), "standard output", logged)
    assert not (tmp_path / "-").exists()


def _dead_pid() -> int:
    pid = 4_000_000
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except OSError:
            pass
        pid -= 1


@pytest.mark.parametrize("writer", WRITERS)
def test_temporaries_of_a_killed_write_are_swept_by_the_next(writer, logged, tmp_path):
    target = tmp_path / "e.json"
    dead = tmp_path / f".e.json.{_dead_pid()}.0123456789abcdef.kltmp"
    dead.write_text("half")
    journal = tmp_path / f"{dead.name}-journal"
    journal.write_text("half")
    legacy = tmp_path / ".e.json.ab_cd12x.tmp"  # kratomlog 0.1.0's name
    legacy.write_text("half")
    alive = tmp_path / f".e.json.{os.getpid()}.0123456789abcdee.kltmp"  # a write still running
    alive.write_text("in progress")
    other = tmp_path / ".other.json.1.0123456789abcdef.kltmp"
    other.write_text("not this target's")
    assert run(*writer, "-o", str(target), now=NOW).exit_code == 0
    assert not dead.exists() and not journal.exists() and not legacy.exists()
    assert alive.exists() and other.exists()


def _limited(args, env, limit):
    """Run kratomlog in a subprocess whose files may grow to `limit` bytes (a full disk, in effect)."""
    def setup():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([sys.executable, "-m", "kratomlog", *args], env=env, capture_output=True, text=True,
                          preexec_fn=setup, timeout=60)


@pytest.mark.parametrize("writer", [("export",), ("backup",)])
def test_a_failed_write_leaves_nothing_that_looks_complete(writer, logged, tmp_path):
    for i in range(30):
        assert run("dose", "1g", "Red", "--note", "n" * 1500, "--at", f"{i + 1}h ago", now=NOW).exit_code == 0
    import sqlite3

    conn = sqlite3.connect(logged)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # so opening it writes nothing but the -shm
    conn.close()
    env = {**os.environ, "KRATOMLOG_DB": str(logged), "KRATOMLOG_NOW": str(NOW)}
    out = tmp_path / "out"
    out.mkdir()
    target = out / "out.file"
    target.write_text("previous")
    result = _limited([*writer, "-o", str(target), "--force"], env, 40000)  # the output is larger
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.startswith("error: could not write") and result.stderr.count("\n") == 1, result.stderr
    assert "nothing was written" in result.stderr and ("space" in result.stderr or "full" in result.stderr)
    assert target.read_text() == "previous"
    assert sorted(p.name for p in out.iterdir()) == ["out.file"], list(out.iterdir())

