"""`render.plotext_import.load()` imports plotext without its documentation browser, self-test and
image support, leaves nothing replaced behind it, and draws exactly the charts a full `import
plotext` draws (each case runs in a fresh interpreter, as the import happens once per process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = str(Path(__file__).resolve().parents[1] / "src")

CHARTS = """
import json, sys
from datetime import date
if sys.argv[1] == "full":
    import plotext  # the whole package first: load() then returns it as it is
from kratomlog.render import charts
days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
grams = [3.5, None, 7.25, 0.0, 12.0, 1.0, None]
stress = [4.0, 5.5, None, 2.0, 8.0, None, 10.0]
drawn = [
    charts.chart_week(days, grams, stress, width=80, color=False, allowance=[8.0] * 7),
    charts.chart_week(days, grams, stress, width=60, color=True),
    charts.chart_lines("craving", [f"w{i}" for i in range(30)], {"a": [i % 7 for i in range(30)], "b": [None, 2.0] * 15},
                       width=100, color=False, scale=10),
    charts.chart_bars("doses by hour", [f"{h:02d}" for h in range(24)], [float(h % 5) for h in range(24)], width=80, color=True),
    charts.chart_plan([date(2026, 11, d) for d in range(1, 29)], [10.0 - d * 0.25 for d in range(28)],
                      [None if d % 6 == 0 else 9.0 - d * 0.2 for d in range(28)], width=80, color=False),
]
left = [name for name in ("plotext._doc.doc", "plotext._tests.run", "PIL", "unittest") if name in sys.modules]
print(json.dumps({"charts": drawn, "loaded": left, "doc_is_none": sys.modules["plotext"].doc is None}))
"""


def _draw(how: str) -> dict:
    env = dict(os.environ, PYTHONPATH=SRC)
    done = subprocess.run([sys.executable, "-c", CHARTS, how], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_light_import_draws_the_same_charts_as_full_plotext():
    light, full = _draw("light"), _draw("full")
    assert light["charts"] == full["charts"]
    assert all(chart.strip() for chart in light["charts"])


def test_light_import_leaves_out_the_documentation_self_test_and_image_support():
    light = _draw("light")
    assert light["loaded"] == []  # neither the documentation, the self-test, unittest nor Pillow
    assert light["doc_is_none"]
    full = _draw("full")
    assert "plotext._doc.doc" in full["loaded"] and not full["doc_is_none"]  # the stand-in is not a no-op


def test_nothing_stays_replaced_after_the_light_import():
    script = """
import importlib.util, sys
from kratomlog.render.plotext_import import LEFT_OUT, HIDDEN, load
plt = load()
assert load() is plt
for name in (*LEFT_OUT, *HIDDEN):
    assert name not in sys.modules, name
import plotext._doc.doc as real_doc  # the real module is still importable after the import
assert real_doc.docs is not None
if importlib.util.find_spec("PIL") is not None:
    import PIL.Image  # Pillow was hidden only during plotext's import
print("ok")
"""
    env = dict(os.environ, PYTHONPATH=SRC)
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_an_already_imported_optional_package_is_left_alone():
    pytest.importorskip("PIL")
    script = """
import sys
import PIL.Image
from kratomlog.render.plotext_import import load
plt = load()
from plotext._settings import system
assert system.Image is sys.modules["PIL.Image"]  # plotext got the real Pillow, not a hidden one
print("ok")
"""
    env = dict(os.environ, PYTHONPATH=SRC)
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
