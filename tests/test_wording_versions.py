"""Issue #12 point 2: each check-in records the wording version it was asked with; answers stored
under 0.1.0's wording (version 1) stay readable with their old keys, from an old file or an old
export; partial check-ins travel through export and import without a total."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from helpers import NOW, run

FIXTURES = Path(__file__).parent / "fixtures"


def ok(*args: str):
    result = run(*args, now=NOW)
    assert result.exit_code == 0, result.stderr + result.stdout
    return result


def test_a_file_from_before_wording_versions_reads_as_version_1(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript((FIXTURES / "schema_v3.sql").read_text())
    conn.close()
    history = json.loads(ok("--db", str(path), "check", "history", "--json").stdout)
    assert history and all(h["version"] == 1 for h in history)
    assert all(h["complete"] and h["answered"] == len(h["items"]) for h in history)


def test_new_check_ins_record_the_current_wording_version():
    ok("withdrawal", "--scores", ",".join(["1"] * 16))
    ok("check", "dsm", "--scores", "n,n,n,y,n,n,n,n,n,y,y")
    ok("check", "pss", "--scores", "3,2,3,1,1,3,2,1,3,2")
    assert [h["version"] for h in json.loads(ok("check", "history", "--json").stdout)] == [2, 2, 2]


def test_an_old_export_without_versions_imports_as_version_1(tmp_path):
    ok("withdrawal", "--scores", ",".join(["1"] * 16))
    ok("withdrawal", "--item", "restless=3")
    doc = json.loads(ok("export").stdout)
    partial = doc["questionnaires"][-1]
    assert (partial["total"], partial["complete"], partial["answered"], partial["version"]) == (None, False, 1, 2)
    for q in doc["questionnaires"]:
        del q["version"], q["complete"], q["answered"]  # as 0.1.0 wrote them
    del doc["demo"]
    source = tmp_path / "old.json"
    source.write_text(json.dumps(doc))
    other = tmp_path / "other.db"
    assert run("--db", str(other), "import", str(source), now=NOW).exit_code == 0
    history = json.loads(run("--db", str(other), "check", "history", "--json", now=NOW).stdout)
    assert [(h["version"], h["total"], h["answered"]) for h in history] == [(1, None, 1), (1, 16, 16)]


def test_a_version_newer_than_known_is_skipped_with_its_reason(tmp_path):
    ok("withdrawal", "--scores", ",".join(["1"] * 16))
    doc = json.loads(ok("export").stdout)
    doc["questionnaires"][0]["version"] = 9
    source = tmp_path / "new.json"
    source.write_text(json.dumps(doc))
    other = tmp_path / "other.db"
    result = run("--db", str(other), "import", str(source), "--json", now=NOW)
    report = json.loads(result.stdout)
    assert "version 9 is newer than this kratomlog knows (2)" in json.dumps(report)
