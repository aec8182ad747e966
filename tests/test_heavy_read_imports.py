"""The review commands load only what they draw, in a fresh interpreter through the real entry point:
no ORM (SQLModel/SQLAlchemy/pydantic) nor matplotlib for any of them; plotext only where a chart is
drawn, and then without its documentation browser, self-test or Pillow (render.plotext_import)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import NOW

WATCHED = ("sqlmodel", "sqlalchemy", "pydantic", "matplotlib", "plotext", "plotext._doc.doc", "PIL", "unittest")
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
sys.__stderr__.write("\\nRESULT " + repr({"exit": code, "loaded": sorted(m for m in %r if m in sys.modules)}) + "\\n")
""" % (WATCHED,)


def _run(db: Path, *args: str) -> dict:
    env = dict(os.environ, KRATOMLOG_NOW=str(NOW), PYTHONPATH=SRC, KRATOMLOG_DB=str(db), NO_COLOR="1", COLUMNS="100")
    done = subprocess.run([sys.executable, "-c", SCRIPT, *args], env=env, capture_output=True, text=True, timeout=60)
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("RESULT "), done.stderr
    return ast.literal_eval(last[len("RESULT "):])


@pytest.fixture(scope="module")
def logged(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("reads") / "k.db"
    for args in (("dose", "3g", "Red Bali", "--at", "26h ago"), ("stress", "5", "--at", "25h ago"),
                 ("dose", "2g", "Red Bali", "--at", "2h ago"), ("taper", "start", "--step", "10%", "--every", "7d", "--from", "10g")):
        assert _run(db, *args)["exit"] == 0
    return db


@pytest.mark.parametrize("args", [("week",), ("trends", "--weeks", "520"), ("taper", "status")])
def test_a_chart_loads_plotext_without_its_unused_parts(logged, args):
    found = _run(logged, *args)
    assert found == {"exit": 0, "loaded": ["plotext"]}


@pytest.mark.parametrize("args", [("week", "--json"), ("week", "--no-chart"), ("trends", "--json"),
                                  ("taper", "status", "--json"), ("signals",), ("insights",)])
def test_no_chart_no_plotext(logged, args):
    found = _run(logged, *args)
    assert found == {"exit": 0, "loaded": []}
