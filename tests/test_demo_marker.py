"""Issue #12 point 7: demo output is marked where it lands — the export document (`"demo": true`)
and its CSV; importing a demo export into a real database needs --allow-demo; the DEMO banner
follows the database's own marker, not the --demo flag."""

from __future__ import annotations

import csv
import io
import json

from helpers import NOW, everything, run


def ok(*args: str):
    result = run(*args, now=NOW)
    assert result.exit_code == 0, result.stderr + result.stdout
    return result


def build_demo():
    ok("demo", "--today", "2026-11-27", "--no-show", "--scenario", "steady")


def test_demo_export_json_and_csv_carry_the_marker():
    build_demo()
    doc = json.loads(ok("--demo", "export").stdout)
    assert doc["demo"] is True
    table = list(csv.DictReader(io.StringIO(ok("--demo", "export", "--format", "csv").stdout)))
    assert table and all(row["demo"] == "true" for row in table)
    ok("dose", "2g", "Mine")
    real = json.loads(ok("export").stdout)
    assert real["demo"] is False
    real_csv = list(csv.DictReader(io.StringIO(ok("export", "--format", "csv").stdout)))
    assert real_csv and all(row["demo"] == "" for row in real_csv)


def test_importing_a_demo_export_into_a_real_database_is_refused_unless_allowed(tmp_path):
    build_demo()
    source = tmp_path / "demo.json"
    ok("--demo", "export", "-o", str(source))
    ok("dose", "2g", "Mine")
    before = everything()
    result = run("import", str(source), now=NOW)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "export of a demo database" in lines[0]
    assert "--allow-demo" in lines[0]
    assert everything() == before
    dry = run("import", str(source), "--dry-run", now=NOW)  # a dry run says the same
    assert dry.exit_code == 2 and everything() == before
    ok("import", str(source), "--allow-demo")
    assert len(everything()["dose"]) > len(before["dose"])


def test_a_demo_export_goes_back_into_a_demo_database_without_the_flag(tmp_path):
    build_demo()
    source = tmp_path / "demo.json"
    ok("--demo", "export", "-o", str(source))
    result = run("--demo", "import", str(source), now=NOW)
    assert result.exit_code == 0, result.stderr


def test_a_real_export_imports_without_the_flag(tmp_path):
    ok("dose", "2g", "Mine")
    source = tmp_path / "mine.json"
    ok("export", "-o", str(source))
    other = tmp_path / "other.db"
    assert run("--db", str(other), "import", str(source), now=NOW).exit_code == 0


def test_banner_follows_the_database_marker_not_the_flag(db_path):
    # a real database that happens to be called demo.db: --demo opens it, but it is not a demo
    db_path.parent.mkdir(parents=True, exist_ok=True)
    real = db_path.parent / "demo.db"
    assert run("--db", str(real), "dose", "2g", "Mine", now=NOW).exit_code == 0
    result = run("--demo", "status", now=NOW)
    assert result.exit_code == 0 and "DEMO" not in result.stderr
    # a demo database opened by path, without --demo, still gets the banner
    real.unlink()
    for side in db_path.parent.glob("demo.db-*"):
        side.unlink()
    build_demo()
    result = run("--db", str(real), "status", now=NOW)
    assert result.exit_code == 0 and "DEMO — synthetic data" in result.stderr
