"""Small helpers for CLI tests: run a command in-process, and read the database back."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from kratomlog.cli.app import build_app

# A fixed "now" for tests that need one: Fri 2026-11-27 12:00:00 UTC.
NOW = 1795780800

TABLES = (
    "strain", "dose", "rating", "no_use_day", "questionnaire", "questionnaire_item", "other_substance",
    "taper_plan", "taper_change", "announced_signal", "setting", "change_log", "batch", "certificate", "purchase",
)


def run(*args: str, input: str | None = None, now: int | None = None, env: dict | None = None):
    """Invoke kratomlog in-process; returns the click Result (exit_code, stdout, stderr, output)."""
    environment = dict(env or {})
    if now is not None:
        environment["KRATOMLOG_NOW"] = str(now)
    return CliRunner().invoke(build_app(), list(args), input=input, env=environment)


def db_file() -> Path:
    return Path(os.environ["KRATOMLOG_DB"])


def rows(table: str, path: Path | None = None) -> list[tuple]:
    path = path or db_file()
    if not path.exists():
        return []
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        conn.close()


def everything(path: Path | None = None) -> dict[str, list[tuple]]:
    """Every row of every table: compare before/after to prove nothing was written."""
    return {table: rows(table, path) for table in TABLES}


def file_hash(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def reset_cli_state() -> None:
    """The CLI's per-command state as a new process has it (tests that call the app in-process)."""
    from kratomlog.cli.edge import state

    state.db, state.demo, state.debug, state.no_pager = None, False, False, False
    state.opened.clear()


def capture(call, *, errors_as_result: bool = False) -> tuple[int | str, str, str]:
    """Run `call` (a road into the CLI) in-process from a fresh state: (exit code, stdout, stderr).
    With `errors_as_result`, an exception let through (as --debug does) becomes the result
    "raised Type: message", as Python would print it and exit 1."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    reset_cli_state()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = call()
        except SystemExit as end:
            code = end.code
        except Exception as error:
            if not errors_as_result:
                raise
            code = f"raised {type(error).__name__}: {error}"
    return (0 if code is None else code), out.getvalue(), err.getvalue()
