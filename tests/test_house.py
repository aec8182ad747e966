"""House rules a newcomer relies on: the quick test run exists and is documented."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_slow_marker_is_registered_strictly_and_the_readme_gives_both_runs():
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert any(m.startswith("slow:") for m in options["markers"])
    assert "--strict-markers" in options["addopts"]
    readme = (ROOT / "README.md").read_text()
    assert "\npytest   " in readme and '\npytest -m "not slow"' in readme
    assert (ROOT / ".ci" / "run").read_text().rstrip().endswith("&& pytest")  # CI runs everything


def test_fresh_db_is_the_tests_database_created_and_open(fresh_db, db_path):
    assert fresh_db.path == db_path and db_path.exists()
    assert fresh_db.one("SELECT count(*) FROM dose") == (0,)
