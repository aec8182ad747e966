"""`kratomlog import` of PsychonautWiki Journal exports end to end, on files built to the format."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from helpers import NOW, everything, rows, run
from pwj import custom_unit, experience, export, ingestion, text

NY = ZoneInfo("America/New_York")


def ms(wall: str, zone=NY) -> int:
    return int(datetime.fromisoformat(wall).replace(tzinfo=zone).timestamp() * 1000)


def ok(*args: str):
    result = run(*args, now=NOW)
    assert result.exit_code == 0, result.stderr + result.stdout
    return result


def write(tmp_path, document, name="Journal 2026-11-27.json"):
    path = tmp_path / name
    path.write_text(text(document), encoding="utf-8")
    return str(path)


@pytest.fixture
def journal(tmp_path):
    document = export(
        experience(
            ingestion(time_ms=ms("2026-11-20 08:00"), dose=3, units="g", notes="morning"),
            ingestion(substance="Ketum", time_ms=ms("2026-11-20 14:00"), dose=2, customUnitId=1),
            ingestion(time_ms=ms("2026-11-20 15:00"), dose=None),
            ingestion(time_ms=ms("2026-11-20 16:00"), dose=4, consumerName="Alex"),
            ingestion(substance="Alprazolam", time_ms=ms("2026-11-20 21:00"), dose=0.5, units="mg"),
            ingestion(substance="Caffeine", time_ms=ms("2026-11-20 07:00"), dose=100, units="mg"),
            title="Friday",
        ),
        custom_units=[custom_unit(unit_id=1, name="Maeng Da capsule", dose=0.6)],
    )
    return write(tmp_path, document)


def test_the_format_is_detected_and_kratom_and_depressants_are_imported(journal):
    result = ok("import", journal)
    assert "PsychonautWiki Journal export" in result.stdout
    assert "doses: 2 added" in result.stdout
    assert "other substances: 1 added" in result.stdout
    assert "unknown amount" in result.stdout  # the null dose is listed with its reason
    assert "logged for someone else" in result.stdout
    assert "Caffeine 1" in result.stdout
    listed = json.loads(ok("list", "--json").stdout)
    doses = sorted((e for e in listed if e["kind"] == "dose"), key=lambda e: e["at"])
    assert [(d["grams"], d["strain"]) for d in doses] == [(3.0, "PsychonautWiki: Kratom"), (1.2, "Maeng Da capsule")]
    assert doses[0]["note"] == "morning; Friday"
    (other,) = [e for e in listed if e["kind"] == "other"]
    assert other["substance"] == "benzodiazepine" and other["amount"] == "0.5 mg"


def test_the_imported_depressant_feeds_the_combination_signal(tmp_path):
    ok("dose", "2g", "Red Bali", "--at", "2026-11-26 20:00")
    document = export(experience(ingestion(substance="Pregabalin", time_ms=ms("2026-11-26 22:00", ZoneInfo("UTC")), dose=75, units="mg")))
    ok("import", write(tmp_path, document))
    signals = {s["id"]: s for s in json.loads(ok("signals", "--json").stdout)}
    assert signals["combination"]["status"] == "active"


def test_a_second_import_adds_nothing_and_undo_takes_the_first_back(journal):
    ok("import", journal)
    before = everything()
    again = json.loads(ok("import", journal, "--json").stdout)
    assert sum(again["added"].values()) == 0
    assert again["already_present"]["doses"] == 2 and again["already_present"]["other_substances"] == 1
    assert everything() == before
    ok("undo")
    assert rows("dose") == [] and rows("other_substance") == [] and rows("strain") == []


def test_dry_run_writes_nothing(journal):
    before = everything()
    result = ok("import", journal, "--dry-run")
    assert "Dry run: nothing was written" in result.stdout and "doses: 2 to add" in result.stdout
    assert everything() == before


def test_instants_in_milliseconds_are_kept_across_a_dst_change(tmp_path, tz):
    tz("America/New_York")  # clocks went back at 02:00 on 2026-11-01
    first = int(datetime(2026, 11, 1, 5, 30, tzinfo=ZoneInfo("UTC")).timestamp() * 1000)  # 01:30 EDT
    second = first + 3600 * 1000  # 01:30 EST, one hour later
    document = export(experience(ingestion(time_ms=first, creationDate=1), ingestion(time_ms=second, creationDate=2)))
    ok("import", write(tmp_path, document))
    ats = sorted(e["at"] for e in json.loads(ok("list", "--json").stdout))
    assert ats == ["2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00"]


def test_a_file_with_no_kratom_at_all_imports_nothing_and_says_so(tmp_path):
    path = write(tmp_path, export(experience(ingestion(substance="Caffeine", dose=100, units="mg"))))
    result = run("import", path, now=NOW)
    assert result.exit_code == 2
    assert "holds nothing kratomlog imports" in result.stderr
    assert "no kratom ingestion" in result.stderr and "Caffeine 1" in result.stderr
    assert everything() == {table: [] for table in everything()}


def test_format_can_be_forced_and_a_wrong_file_is_refused(tmp_path, journal):
    assert ok("import", journal, "--format", "psychonautwiki", "--dry-run")
    path = tmp_path / "other.json"
    path.write_text('{"dosages": []}')
    before = everything()
    result = run("import", str(path), "--format", "psychonautwiki", now=NOW)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "not a PsychonautWiki Journal export" in result.stderr
    assert everything() == before


def test_hostile_text_in_the_file_is_stored_as_data(tmp_path):
    hostile = "[bold]x[/bold] <script>alert(1)</script>"
    document = export(experience(ingestion(notes=hostile), title="[link=javascript:alert(1)]t[/link]"))
    ok("import", write(tmp_path, document))
    (dose,) = [e for e in json.loads(ok("list", "--json").stdout) if e["kind"] == "dose"]
    assert dose["note"] == hostile + "; [link=javascript:alert(1)]t[/link]"
