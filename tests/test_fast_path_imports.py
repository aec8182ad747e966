"""The logging commands and `status` stay light: run through `build_app(name)` in a fresh
interpreter, they import no SQLModel/SQLAlchemy/pydantic/plotext/matplotlib and no Rich console or table —
the signal nudge after each write included."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import NOW

HEAVY = ("sqlmodel", "sqlalchemy", "pydantic", "plotext", "rich.console", "rich.table", "matplotlib", "numpy")
SRC = str(Path(__file__).resolve().parents[1] / "src")
SCRIPT = """
import json, sys
from kratomlog.cli.app import build_app
args = sys.argv[1:]
try:
    build_app(args[0])(args, prog_name="kratomlog")
except SystemExit as end:
    code = end.code
print(json.dumps({"exit": code, "heavy": [m for m in %r if m in sys.modules]}))
""" % (HEAVY,)


def _run(db: Path, *args: str) -> dict:
    env = dict(os.environ, KRATOMLOG_DB=str(db), KRATOMLOG_NOW=str(NOW), PYTHONPATH=SRC)
    done = subprocess.run([sys.executable, "-c", SCRIPT, *args], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "args",
    [
        ("dose", "6g", "Red Bali"),  # 6 g makes the nudge announce high-dose: the printing path runs too
        ("stress", "4", "--craving", "2"),
        ("no-use", "--on", "yesterday"),
        ("other", "alcohol", "--amount", "2 drinks"),  # announces combination
        ("status",),
    ],
)
def test_hot_commands_import_nothing_heavy(fresh_db, db_path, args):
    if args[0] != "dose":
        _run(db_path, "dose", "6g", "Red Bali", "--at", "1h ago")
    found = _run(db_path, *args)
    assert found == {"exit": 0, "heavy": []}
