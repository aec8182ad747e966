"""The logging commands and `status` stay light: run through the real entry point
(`kratomlog.cli.fast.main`) in a fresh interpreter, their plain forms import neither Typer, Click nor
Rich, nor SQLModel/SQLAlchemy/pydantic/plotext/matplotlib, nor the standard library's heavier modules (json only
for `--json`) — the signal nudge after each write included. Anything else falls through to Typer."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import NOW

HEAVY = (
    "typer", "click", "rich", "sqlmodel", "sqlalchemy", "pydantic", "plotext", "platformdirs", "pathlib",
    "matplotlib", "numpy", "dataclasses", "uuid", "decimal", "statistics", "json",
    # typing costs ~2 ms: record types come from core.records, annotations stay strings (PEP 563).
    "typing",
)
SRC = str(Path(__file__).resolve().parents[1] / "src")
SCRIPT = """
import sys
from kratomlog.cli.fast import main
code = 0
try:
    main()
except SystemExit as end:
    code = end.code
sys.stdout.flush()
loaded = sorted(m for m in %r if m in sys.modules)
sys.__stderr__.write("\\nRESULT " + repr({"exit": code, "heavy": loaded}) + "\\n")
""" % (HEAVY,)


def _run(db: Path | None, *args: str, env_extra: dict | None = None) -> tuple[dict, str]:
    env = dict(os.environ, KRATOMLOG_NOW=str(NOW), PYTHONPATH=SRC)
    env.pop("KRATOMLOG_DB", None)
    if db is not None:
        env["KRATOMLOG_DB"] = str(db)
    env.update(env_extra or {})
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, *args], env=env, capture_output=True, text=True, timeout=60
    )
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("RESULT "), done.stderr
    import ast

    return ast.literal_eval(last[len("RESULT "):]), done.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("dose", "6g", "Red Bali"),  # 6 g makes the nudge announce high-dose: the printing path runs too
        ("dose", "1g", "--at", "2h ago", "-r", "stress", "--reason=sleep", "--note", "n", "--yes"),
        ("--debug", "dose", "1g"),  # the latest dose's strain, a global option first
        ("stress", "4", "--craving", "2"),
        ("no-use", "--on", "2026-11-01"),
        ("other", "alcohol", "--amount", "2 drinks"),  # announces combination
        ("status",),
        ("status", "--format", "{since} {today_g}g"),
        ("again", "--yes"),
        ("again", "--at", "30m ago"),
        ("today",),
        ("dose", "2g", "--stress", "5", "--craving", "3", "--at", "10m ago"),
        ("--version",),
    ],
)
def test_plain_forms_import_nothing_heavy(db_path, args):
    _run(db_path, "dose", "6g", "Red Bali", "--at", "1h ago")
    found, _ = _run(db_path, *args)
    assert found == {"exit": 0, "heavy": []}


def test_a_dose_during_a_taper_imports_nothing_heavy(db_path):
    """With a plan in force the dose line ends with the taper part (store.taper_store, core.taper)."""
    _run(db_path, "dose", "6g", "Red Bali", "--at", "3d ago")
    from helpers import run

    assert run("taper", "start", "--from", "8g", "--step", "10%", "--every", "7d", now=NOW).exit_code == 0
    found, stdout = _run(db_path, "dose", "1g", "Red Bali")
    assert found == {"exit": 0, "heavy": []}
    assert "taper:" in stdout


def test_today_json_imports_json_only(db_path):
    _run(db_path, "dose", "2g", "Red Bali", "--at", "1h ago")
    found, stdout = _run(db_path, "today", "--json")
    assert found == {"exit": 0, "heavy": ["json"]}
    assert json.loads(stdout)["totals"]["doses"] == 1


def test_status_json_imports_json_only(db_path):
    _run(db_path, "dose", "2g", "Red Bali", "--at", "1h ago")
    found, stdout = _run(db_path, "status", "--json")
    assert found == {"exit": 0, "heavy": ["json"]}
    assert json.loads(stdout)["today_doses"] == 1


def test_default_database_location_needs_no_platformdirs(tmp_path):
    """With neither --db nor KRATOMLOG_DB, the user data folder is found without platformdirs."""
    home = {"HOME": str(tmp_path), "XDG_DATA_HOME": ""}
    _run(None, "dose", "3g", "Red Bali", env_extra=home)  # creating the file loads SQLModel, once
    found, _ = _run(None, "dose", "2g", "Red Bali", env_extra=home)
    assert found == {"exit": 0, "heavy": []}
    assert (tmp_path / ".local" / "share" / "kratomlog" / "kratomlog.db").exists()


def test_a_bad_input_error_stays_on_the_fast_path(db_path):
    found, _ = _run(db_path, "stress", "11")
    assert found == {"exit": 2, "heavy": []}


@pytest.mark.parametrize(
    "args",
    [
        ("dose", "--help"),
        ("dose",),  # missing amount: Typer's usage error
        ("stress", "4", "--bogus"),
        ("status", "--json=yes"),
        ("--db", "", "status"),
        ("dose", "1g", "--at"),
        ("week",),
    ],
)
def test_anything_else_falls_through_to_typer(db_path, args):
    found, _ = _run(db_path, *args)
    assert "typer" in found["heavy"]
