"""The registry of import formats (`core.formats`): `import` detects from it, `--format` takes its
names and aliases, its help and messages list it, and a new format is one module and one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from helpers import NOW, everything, rows, run
from kratomlog.core import formats
from kratomlog.core.formats.base import Head, ImportFormat
from kratomlog.core.invalid import Invalid

BUILT_IN = ("kratomlog", "herbal-csv", "herbal-json", "psychonautwiki")

SAMPLES = {  # one small file of each built-in format
    "kratomlog": '{"format": "kratomlog", "version": 2, "doses": []}',
    "herbal-csv": "\ufeffdate,time,iso_timestamp,strain_code,strain_name,amount_g,notes\r\n"
                  "2025-03-01,08:30,2025-03-01T08:30:00.000,RB,Red Bali,3.0,\r\n",
    "herbal-json": '{"version": 1, "strains": [{"id": 1, "name": "Red Bali"}], '
                   '"dosages": [{"id": 7, "strainId": 1, "amount": 2.5, "timestamp": "2025-03-01T08:30:00.000"}]}',
    "psychonautwiki": json.dumps({"experiences": [{"title": "x", "ingestions": [
        {"substanceName": "Kratom", "time": 1740817800000, "creationDate": 1740817800000, "dose": 3, "units": "g"}]}],
        "substanceCompanions": []}),
}


def test_the_registry_lists_the_built_in_formats_in_order():
    assert formats.names() == BUILT_IN
    assert len({f.title for f in formats.FORMATS}) == len(BUILT_IN)


@pytest.mark.parametrize("name", BUILT_IN)
def test_each_built_in_format_detects_its_own_sample_and_no_other(name):
    found = [f.name for f in formats.FORMATS if f.detect("x", Head(SAMPLES[name], "x"))]
    assert found == [name]
    assert formats.detect("x", Head(SAMPLES[name], "x")).name == name


@pytest.mark.parametrize(("alias", "name"), [("pwj", "psychonautwiki"), ("KratomTracker-CSV", "herbal-csv"),
                                             (" kratomlog-json ", "kratomlog"), ("herbal-json", "herbal-json")])
def test_names_and_aliases_find_their_format(alias, name):
    assert formats.by_name(alias).name == name


def test_an_unknown_name_or_a_taken_one_is_refused():
    with pytest.raises(Invalid, match="unknown import format 'excel'; formats are kratomlog, herbal-csv, herbal-json, psychonautwiki"):
        formats.by_name("excel")

    class Clash(ImportFormat):
        name, aliases, title, described = "tally", ("pwj",), "T", "Ts"

    with pytest.raises(ValueError, match="'pwj' is taken"):
        formats.register(Clash())
    assert formats.names() == BUILT_IN


def test_detection_says_what_is_wrong_with_a_file_no_format_knows():
    with pytest.raises(Invalid, match=r"^f\.txt is not a format kratomlog knows; it imports kratomlog JSON exports, "
                                      r"Herbal Tracker\+ CSV exports, Herbal Tracker\+ JSON backups and "
                                      r"PsychonautWiki Journal exports \(or give --format\)$"):
        formats.detect("f.txt", Head("hello\n", "f.txt"))
    with pytest.raises(Invalid, match="starts like JSON but is not valid JSON"):
        formats.detect("f.json", Head("[1, 2", "f.json"))


def test_the_format_help_and_the_command_help_come_from_the_registry():
    result = run("import", "--help", env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "kratomlog, herbal-csv, herbal-json or psychonautwiki (default: detected from the content)." in result.stdout
    assert formats.described() in result.stdout


@pytest.mark.parametrize("name", BUILT_IN[1:])
def test_each_format_named_by_its_alias_imports_and_the_report_gives_its_title(tmp_path, name):
    source = tmp_path / "file"
    source.write_text(SAMPLES[name], encoding="utf-8")
    found = formats.by_name(name)
    result = run("import", str(source), "--format", (found.aliases or (name,))[0], now=NOW)
    assert result.exit_code == 0, result.output
    assert f"Imported from {source} ({found.title}):" in result.stdout
    assert len(rows("dose")) == 1


def test_an_unknown_format_is_refused_before_anything_is_read_or_written(tmp_path):
    run("stress", "3", now=NOW)
    before = everything()
    result = run("import", str(tmp_path / "missing"), "--format", "tally", now=NOW)
    assert result.exit_code == 2
    assert result.stderr.strip() == ("error: unknown import format 'tally'; formats are kratomlog, herbal-csv, "
                                     "herbal-json, psychonautwiki")
    assert everything() == before


# A new format: this module, and the one line `formats.register(Tally())` in the runner below.
DUMMY = '''
"""A tally sheet: a first line "TALLY 1", then one dose a line: ISO time, grams, strain."""
from kratomlog.core.formats.base import Entries, EntryDose, ImportFormat
from kratomlog.core.herbal import Skipped


class Tally(ImportFormat):
    name = "tally"
    title = "tally sheet"
    described = "tally sheets"

    def detect(self, path, head):
        return head.first_line.strip() == "TALLY 1"

    def parse(self, head, *, tz, now):
        from datetime import datetime
        doses, skipped = [], []
        for number, line in enumerate(head.text.splitlines()[1:], start=2):
            at, grams, strain = line.split(",")
            if float(grams) <= 0:
                skipped.append(Skipped(f"line {number}", "its amount is not above 0"))
                continue
            instant = int(datetime.fromisoformat(at).timestamp())
            doses.append(EntryDose(f"line {number}", instant, float(grams), strain, source_id=f"tally:{number}"))
        return Entries("tally", tuple(doses), skipped=tuple(skipped))
'''

RUNNER = '''
import json, sys
sys.path.insert(0, sys.argv[1])
from kratomlog.core import formats
from tally import Tally
formats.register(Tally())
from typer.testing import CliRunner
from kratomlog.cli.app import build_app
results = []
for args in json.loads(sys.argv[2]):
    result = CliRunner().invoke(build_app(), args, env={"COLUMNS": "200", "KRATOMLOG_NOW": sys.argv[3]})
    results.append([result.exit_code, result.stdout, result.stderr])
print(json.dumps(results))
'''


def test_a_new_format_is_one_module_and_one_line_then_detected_listed_and_imported(tmp_path):
    (tmp_path / "tally.py").write_text(textwrap.dedent(DUMMY))
    sheet = tmp_path / "sheet.txt"
    sheet.write_text("TALLY 1\n2026-11-01T08:00:00+00:00,3.5,Red Bali\n2026-11-01T12:00:00+00:00,0,Red Bali\n")
    db = tmp_path / "t.db"
    calls = [
        ["import", "--help"],
        ["--db", str(db), "import", str(sheet)],
        ["--db", str(db), "import", str(sheet), "--format", "tally", "--json"],
        ["--db", str(db), "import", str(tmp_path / "tally.py")],
        ["--db", str(db), "undo"],
    ]
    env = {**os.environ, "TZ": "UTC"}
    done = subprocess.run([sys.executable, "-c", RUNNER, str(tmp_path), json.dumps(calls), str(NOW)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    help_, first, again, unknown, undo = json.loads(done.stdout)
    assert "kratomlog, herbal-csv, herbal-json, psychonautwiki or tally (default: detected from the content)" in help_[1]
    assert "PsychonautWiki Journal exports and tally sheets" in help_[1]
    assert first[0] == 0, first
    assert f"Imported from {sheet} (tally sheet):" in first[1]
    assert "doses: 1 added" in first[1] and "strains: 1 added (new: Red Bali)" in first[1]
    assert "line 3: its amount is not above 0" in first[1]
    assert again[0] == 0 and json.loads(again[1])["already_present"]["doses"] == 1
    assert json.loads(again[1])["added"]["doses"] == 0
    assert unknown[0] == 2 and "it imports kratomlog JSON exports, Herbal Tracker+ CSV exports, Herbal Tracker+ " \
                               "JSON backups, PsychonautWiki Journal exports and tally sheets" in unknown[2]
    assert undo[0] == 0
    assert rows("dose", db) == [] and rows("strain", db) == []
