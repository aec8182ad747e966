"""`kratomlog import` of Herbal Tracker+ (formerly KratomTracker) files end to end: the CSV export
and the JSON backup, on small files written here."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from helpers import NOW, everything, rows, run

HEADER = "date,time,iso_timestamp,strain_code,strain_name,amount_g,notes"


def utc(*args: int) -> int:
    return int(datetime(*args, tzinfo=timezone.utc).timestamp())


def csv_file(tmp_path, *lines: str, name: str = "herbal_tracker_plus_export_20261101_090000.csv"):
    path = tmp_path / name
    path.write_bytes(("\ufeff" + "\r\n".join((HEADER, *lines)) + "\r\n").encode("utf-8"))
    return path


def ok(*args: str):
    result = run(*args, now=NOW)
    assert result.exit_code == 0, result.stderr + result.stdout
    return result


def doses() -> list[dict]:
    """Every stored dose with its strain's name and form."""
    strains = {r[0]: (r[2], r[6]) for r in rows("strain")}
    keys = ("id", "uuid", "at", "amount", "unit", "grams", "strain_id", "mitragynine_pct", "mitragynine_mg",
            "mitragynine_estimated", "reasons", "note", "source_id", "created_at")
    out = []
    for row in rows("dose"):
        dose = dict(zip(keys, row))
        dose["strain"], dose["form"] = strains[dose["strain_id"]]
        out.append(dose)
    return out


CSV_ROWS = (
    '2025-03-01,08:30,2025-03-01T08:30:00.000,RB,Red Bali,3.0,"calm, then ""sleepy"""',
    '2025-03-01,14:05,2025-03-01T19:05:00.000Z,RB,Red Bali,2.50,"line one\r\nline two"',
    "2025-03-02,09:00,2025-03-02T09:00:00.000,???,Unknown strain,1.75,'=not a formula",
    "2025-03-02,10:00,,GM,'-Green Minus,2,",
    "2025-03-02,11:00,2025-03-02T11:00:00.000,RB,Red Bali,lots,",
    "2025-03-02,12:00,2025-03-02T12:00:00.000,RB,Red Bali",
)


def test_csv_export_is_imported_with_its_quirks(tmp_path, tz):
    tz("America/New_York")
    ok("strain", "add", "Red Bali", "--mitragynine", "2.0")
    path = csv_file(tmp_path, *CSV_ROWS)
    result = ok("import", str(path))
    assert f"Imported from {path} (Herbal Tracker+ CSV export):" in result.stdout
    assert "strains: 2 added (new: Unknown strain, -Green Minus)" in result.stdout
    assert "doses: 4 added" in result.stdout
    assert "Skipped 2 rows:\n  line 7: bad amount 'lots' (needs a number of grams above 0)\n" \
           "  line 8: expected 7 fields, found 5\n" in result.stdout
    stored = doses()
    assert [(d["at"], d["strain"], d["grams"], d["note"]) for d in stored] == [
        (utc(2025, 3, 1, 13, 30), "Red Bali", 3.0, 'calm, then "sleepy"'),  # 08:30 EST
        (utc(2025, 3, 1, 19, 5), "Red Bali", 2.5, "line one\r\nline two"),  # Z: UTC as given
        (utc(2025, 3, 2, 14, 0), "Unknown strain", 1.75, "=not a formula"),  # the ' prefix removed
        (utc(2025, 3, 2, 15, 0), "-Green Minus", 2.0, None),  # no iso_timestamp: date + time
    ]
    first, _, unknown, _ = stored
    assert (first["unit"], first["amount"], first["source_id"], first["reasons"]) == ("g", 3.0, None, "")
    assert (first["mitragynine_pct"], first["mitragynine_mg"], first["mitragynine_estimated"]) == (2.0, 60.0, 0)
    assert (unknown["form"], unknown["mitragynine_pct"], unknown["mitragynine_mg"], unknown["mitragynine_estimated"]) == (
        "powder", 1.5, 26.2, 1)  # 1.75 g × 1.5% = 26.25 mg, rounded to 26.2 (leaf default, an estimate)


def test_csv_re_import_adds_nothing_and_another_zone_moves_only_local_times(tmp_path):
    path = csv_file(tmp_path, *CSV_ROWS[:4])
    ok("import", str(path))
    before = everything()
    again = ok("import", str(path))
    assert "doses: 0 added, 4 already here" in again.stdout and "nothing new" in again.stdout
    assert everything() == before
    tokyo = ok("import", str(path), "--tz", "Asia/Tokyo", "--dry-run")
    assert "doses: 3 to add, 1 already here" in tokyo.stdout  # only the Z row is the same instant
    assert everything() == before


def test_csv_doses_on_a_no_use_day_are_imported_with_a_note(tmp_path):
    ok("no-use", "--on", "2025-03-01")
    result = ok("import", str(csv_file(tmp_path, *CSV_ROWS[:3])))
    assert "doses: 3 added" in result.stdout
    assert "Note: 1 day(s) you recorded as no-use days have imported doses: 2025-03-01 " in result.stdout


def test_csv_dose_already_logged_by_hand_is_not_doubled(tmp_path):
    ok("dose", "3g", "Red Bali", "--at", "2025-03-01 08:30")
    result = ok("import", str(csv_file(tmp_path, CSV_ROWS[0])))
    assert "doses: 0 added, 1 already here" in result.stdout
    assert len(rows("dose")) == 1


BACKUP = {
    "version": 1,
    "createdAt": "2025-03-05T10:00:00.000",
    "userName": "Alex Example",
    "settings": {"theme": "dark"},
    "strains": [
        {"id": "s1", "name": "Red Bali", "code": "RB"},
        {"id": "s2", "name": "", "code": "???"},
        {"id": "s3", "name": "Never Used", "code": "NU"},
    ],
    "dosages": [
        {"id": "a1", "strainId": "s1", "amount": 3.0, "timestamp": "2025-03-01T08:30:00.000", "notes": "morning"},
        {"id": "a2", "strainId": "s2", "amount": 2.5, "timestamp": "2025-03-01T23:30:00.000Z", "notes": ""},
        {"id": "a3", "strainId": "gone", "amount": 2.0, "timestamp": "2025-03-02T10:00:00.000", "notes": ""},
        {"id": "a4", "amount": 2.0, "timestamp": "2025-03-02T11:00:00.000"},
        {"id": "a1", "strainId": "s1", "amount": 9.0, "timestamp": "2025-03-02T12:00:00.000", "notes": ""},
    ],
}


def test_json_backup_with_orphaned_dosages_and_re_import(tmp_path, tz):
    tz("Europe/Berlin")
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(BACKUP), encoding="utf-8")
    result = ok("import", str(path))
    assert "(Herbal Tracker+ JSON backup)" in result.stdout
    assert "strains: 2 added (new: Red Bali, Unknown strain)" in result.stdout  # unused 'Never Used' is not created
    assert "doses: 2 added" in result.stdout
    for line in (
        "  dosage 3: strain id 'gone' is not among the file's strains",
        "  dosage 4: missing strain id",
        "  dosage 5: repeats the dosage id of dosage 1",
    ):
        assert line in result.stdout
    assert [(d["source_id"], d["strain"], d["at"], d["note"]) for d in doses()] == [
        ("herbal:a1", "Red Bali", utc(2025, 3, 1, 7, 30), "morning"),  # 08:30 CET
        ("herbal:a2", "Unknown strain", utc(2025, 3, 1, 23, 30), None),
    ]
    assert "Alex" not in repr(everything()) and "dark" not in repr(everything())
    before = everything()
    assert "doses: 0 added, 2 already here" in ok("import", str(path)).stdout
    assert everything() == before
    ok("undo")  # nothing was added the second time, so undo takes back the first import
    assert rows("dose") == [] and rows("strain") == []


def test_bare_list_goes_under_one_strain_and_the_report_says_so(tmp_path):
    path = tmp_path / "dosages.json"
    path.write_text("\ufeff" + json.dumps([
        {"id": 7, "amount": 2.25, "timestamp": "2025-03-01T08:30:00.000", "notes": "x"},
        {"id": 8, "amount": -1, "timestamp": "2025-03-01T09:30:00.000"},
    ]), encoding="utf-8")
    result = ok("import", str(path), "--json")
    report = json.loads(result.stdout)
    assert report["format"] == "herbal-json" and report["added"]["doses"] == 1
    assert report["new_strains"] == ["Herbal Tracker+ import"]
    assert report["skipped"] == [{"row": "dosage 2", "reason": "amount must be above 0 g (got -1)"}]
    assert any('under the strain "Herbal Tracker+ import"' in note for note in report["notes"])
    (dose,) = doses()
    assert (dose["strain"], dose["source_id"], dose["grams"]) == ("Herbal Tracker+ import", "herbal:7", 2.25)


def test_format_can_be_forced_and_must_then_fit(tmp_path):
    path = tmp_path / "renamed.txt"
    path.write_text(json.dumps(BACKUP), encoding="utf-8")
    assert "doses: 2 to add" in ok("import", str(path), "--format", "herbal-json", "--dry-run").stdout
    result = run("import", str(path), "--format", "herbal-csv", now=NOW)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: not a Herbal Tracker+ CSV export: the first line must be date,time,")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("\ufeff" + HEADER + "\r\n", "holds nothing to import"),
        (HEADER + '\r\n2025-03-01,08:30,x,RB,Red Bali,0,\r\n2025-03-01,08:30,"y\r\n', "holds nothing importable: all 2 rows were skipped (first: line 2: amount must be above 0 g"),
        ('{"version": 2, "dosages": []}', "Herbal Tracker+ backup version 2 is not supported; version 1 is"),
        ('{"version": 1, "strains": "x", "dosages": []}', 'not a Herbal Tracker+ backup: "strains" must be a list'),
        ('{"version": 1, "dosages": [{"id": 1, "strainId": "s", "amount": 1, "timestamp": "2025-03-01T08:30:00"', "starts like JSON but is not valid JSON"),
        ('{"version": 1, "dosages": [{"id": 1, "amount": 2, "timestamp": "2025-03-01T08:30:00"}]}', "holds nothing importable: its one row was skipped (first: dosage 1: missing strain id)"),
        ("date;time;amount\r\n2025-03-01;08:30;3\r\n", "is not a format kratomlog knows"),
    ],
)
def test_a_malformed_herbal_file_writes_nothing(tmp_path, content, message):
    ok("dose", "3g", "Red Bali")
    path = tmp_path / "export.file"
    path.write_text(content, encoding="utf-8")
    before = everything()
    result = run("import", str(path), now=NOW)
    assert result.exit_code == 2, result.stdout
    assert result.stderr.startswith("error: ") and message in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1
    assert everything() == before
