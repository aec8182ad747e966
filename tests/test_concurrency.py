"""Concurrent writers: every `dose` lands, and no 'database is locked' reaches anyone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import rows

pytestmark = pytest.mark.slow  # eight processes at once: excluded by `pytest -m "not slow"`

WORKER = r"""
import io, sys, contextlib
from kratomlog.cli.app import main
failures = 0
for i in range(int(sys.argv[1])):
    sys.argv = ["kratomlog", "dose", "1g", "Red", "--yes"]  # --yes: 200 identical doses in a second are not repeats here
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            main()
    except SystemExit as done:
        if done.code not in (0, None):
            failures += 1
            print("FAILED", done.code, err.getvalue(), file=sys.__stderr__)
print(failures)
"""


def run_workers(db: Path, workers: int, each: int) -> list[subprocess.CompletedProcess]:
    env = {**os.environ, "KRATOMLOG_DB": str(db)}
    procs = [
        subprocess.Popen([sys.executable, "-c", WORKER, str(each)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(workers)
    ]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
    return results


def test_eight_processes_of_25_doses_all_land(db_path):
    results = run_workers(db_path, 8, 25)
    for result in results:
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "0", result.stderr
        assert "locked" not in result.stderr
    assert len(rows("dose")) == 200
    assert len(rows("strain")) == 1
