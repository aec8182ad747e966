"""`kratomlog export | head -1`: when the reader stops early, kratomlog stops quietly (exit 0, nothing
on stderr) — not `error: Broken pipe`, not Python's 'Exception ignored' at exit."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from helpers import NOW, run

pytestmark = pytest.mark.slow  # pipes between processes: excluded by `pytest -m "not slow"`

# Plain echo (export, list), Rich (week, trends, info) and a write followed by output (demo).
COMMANDS = [
    ("--demo", "export"),
    ("--demo", "export", "--format", "csv"),
    ("--demo", "list", "-n", "2000"),
    ("--demo", "list", "--json", "-n", "2000"),
    ("--demo", "week"),
    ("--demo", "trends", "--weeks", "30"),
    ("--demo", "check", "history"),
    ("info",),
    ("demo", "--weeks", "30", "--seed", "2", "--today", "2026-11-20"),
]


@pytest.fixture
def demo_db(db_path):
    result = run("demo", "--weeks", "30", "--seed", "1", "--today", "2026-11-20", "--no-show", now=NOW)
    assert result.exit_code == 0, result.output
    return db_path.parent / "demo.db"


def start(args: tuple[str, ...], stdout) -> subprocess.Popen:
    env = {**os.environ, "KRATOMLOG_NOW": str(NOW), "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.Popen([sys.executable, "-m", "kratomlog", *args], stdout=stdout, stderr=subprocess.PIPE, env=env)


def test_a_reader_that_closes_before_the_first_byte(demo_db):
    """Deterministic: the pipe has no reader at all by the time kratomlog writes (`kratomlog … | true`)."""
    procs = []
    for args in COMMANDS:
        read_end, write_end = os.pipe()
        os.close(read_end)
        procs.append((args, start(args, write_end)))
        os.close(write_end)
    for args, proc in procs:
        _, stderr = proc.communicate(timeout=60)
        stderr = stderr.decode()
        assert "Broken pipe" not in stderr and "Traceback" not in stderr and "Exception" not in stderr, (args, stderr)
        assert proc.returncode == 0, (args, proc.returncode, stderr)
        # Only the DEMO banner may appear, and only where a demo database is in use.
        assert stderr.replace("DEMO — synthetic data in a demo database, not a real person's record\n", "") == "", (args, stderr)


def test_a_reader_that_takes_a_few_bytes_and_leaves(demo_db):
    """`kratomlog export | head -c 10`: whenever the reader leaves, the output stops without a word."""
    procs = [(args, start(args, subprocess.PIPE)) for args in COMMANDS]
    for args, proc in procs:
        assert len(proc.stdout.read(10)) == 10, args
        proc.stdout.close()
        stderr = proc.stderr.read().decode()
        proc.wait(timeout=60)
        assert "Broken pipe" not in stderr and "Traceback" not in stderr and "Exception" not in stderr, (args, stderr)
        assert proc.returncode == 0, (args, proc.returncode, stderr)


def test_in_process_the_edge_turns_a_broken_pipe_into_a_quiet_exit(monkeypatch, demo_db):
    import typer

    def broken(*args, **kwargs):
        raise BrokenPipeError(32, "Broken pipe")

    from kratomlog.cli import edge

    monkeypatch.setattr(typer, "echo", broken)
    monkeypatch.setattr(edge, "_write", broken)  # out() and err() write through it, not typer.echo
    result = run("--demo", "export", now=NOW)
    assert result.exit_code == 0
    assert result.output == ""
