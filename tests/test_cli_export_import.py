"""`export` and `import` of kratomlog's own formats end to end: the JSON document, the CSV, file
handling, validation before writing, idempotent re-import, dry run, undo, and the round trip."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from kratomlog.core.vocab import FORMS, REASONS
from kratomlog.core.instruments import INSTRUMENTS, score
from kratomlog.core.names import fold
from kratomlog.core.settings import UNITS
from kratomlog.store.changes import Recorder
from kratomlog.store.database import open_database
from helpers import NOW, db_file, everything, rows, run

DSM_ITEMS = {
    "more_than_intended": 1, "cut_down": 0, "time_spent": 0, "craving": 1, "obligations": 0,
    "relationships": 0, "gave_up": 0, "hazardous": 0, "despite_problems": 0, "tolerance": 1, "withdrawal": 0,
}


def ok(*args, now=NOW, input=None):
    result = run(*args, now=now, input=input)
    assert result.exit_code == 0, result.stderr + result.stdout
    return result


def refused(*args, message: str, now=NOW):
    result = run(*args, now=now)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert result.stderr.startswith("error: ") and message in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    return result


def seed() -> None:
    """A small life: a strain, a dose, a rating, a no-use day (through the CLI), and a questionnaire,
    an other substance and a taper plan with a hold (written as their own commands would)."""
    ok("strain", "add", "Red Bali", "--mitragynine", "1.6", "--vendor", "Leaf & Co")
    ok("dose", "3.5g", "Red Bali", "--at", "2026-11-27 06:30", "-r", "stress", "-r", "pain", "--note", "=SUM(A1), \"x\"")
    ok("stress", "6", "--craving", "3", "--at", "2026-11-26 21:00")
    ok("no-use", "--on", "2026-11-20")
    db = open_database(db_file())
    with db.write() as conn:
        recorder = Recorder(conn, NOW)
        recorder.add("questionnaire", {"at": NOW - 7200, "instrument": "dsm5", "total": 3, "hours_since_dose": 2.5},
                     [{"key": k, "answer": v} for k, v in DSM_ITEMS.items()])
        recorder.add("other", {"at": NOW - 3600, "substance": "alcohol", "amount": "+2 beers"})
        plan = conn.execute(
            "INSERT INTO taper_plan (uuid, started_on, start_g, step_value, step_percent, every_days, floor_g, compound, "
            "rounding_g, status, created_at) VALUES ('t-1', '2026-11-01', 6.0, 10, 1, 7, 0, 0, 0.25, 'active', ?)",
            (NOW - 86400 * 26,),
        ).lastrowid
        conn.execute(
            "INSERT INTO taper_change (uuid, plan_id, day, kind, hold_days, created_at) VALUES ('c-1', ?, '2026-11-15', 'hold', 3, ?)",
            (plan, NOW - 86400 * 12),
        )
    db.close()


def export_json(*extra: str) -> dict:
    return json.loads(ok("export", *extra).stdout)


def without_time(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k != "exported_at"}


# --- export --------------------------------------------------------------------------------------


def test_export_json_is_the_documented_document(tz):
    tz("America/New_York")
    seed()
    doc = export_json()
    assert list(doc) == ["format", "version", "exported_at", "demo", "settings", "strains", "batches", "doses",
                         "ratings", "no_use_days", "questionnaires", "other_substances", "taper_plans", "certificates",
                         "purchases"]
    assert doc["demo"] is False
    assert doc["format"] == "kratomlog" and doc["version"] == 2
    assert doc["exported_at"] == "2026-11-27T07:00:00-05:00"  # NOW is 12:00 UTC
    assert doc["settings"] == {"default_unit": "g", "day_starts_at": "00:00", "week_starts": "monday"}
    (strain,) = doc["strains"]
    assert {k: strain[k] for k in ("name", "vendor", "form", "mitragynine_pct", "lab_tested", "archived")} == {
        "name": "Red Bali", "vendor": "Leaf & Co", "form": "powder", "mitragynine_pct": 1.6, "lab_tested": False,
        "archived": False,
    }
    (dose,) = doc["doses"]
    assert dose["at"] == "2026-11-27T06:30:00-05:00"
    assert (dose["amount"], dose["unit"], dose["grams"], dose["strain"]) == (3.5, "g", 3.5, "Red Bali")
    assert (dose["mitragynine_pct"], dose["mitragynine_mg"], dose["mitragynine_estimated"]) == (1.6, 56.0, False)
    assert dose["reasons"] == ["stress", "pain"] and dose["note"] == '=SUM(A1), "x"'  # JSON keeps text as is
    assert dose["uuid"] == rows("dose")[0][1]
    assert doc["ratings"][0]["at"] == "2026-11-26T21:00:00-05:00" and doc["ratings"][0]["craving"] == 3
    assert doc["no_use_days"][0]["day"] == "2026-11-20"
    (check,) = doc["questionnaires"]
    assert check["instrument"] == "dsm5" and check["total"] == 3 and check["items"] == DSM_ITEMS
    assert check["hours_since_dose"] == 2.5 and check["at"] == "2026-11-27T05:00:00-05:00"
    assert doc["other_substances"][0]["amount"] == "+2 beers"
    (plan,) = doc["taper_plans"]
    assert plan["uuid"] == "t-1" and plan["step_percent"] is True and plan["compound"] is False
    assert plan["changes"] == [{
        "uuid": "c-1", "day": "2026-11-15", "kind": "hold", "hold_days": 3, "step_value": None, "step_percent": None,
        "every_days": None, "compound": None, "created_at": "2026-11-15T07:00:00-05:00",
    }]


def test_export_csv_one_row_per_entry_in_time_order_and_spreadsheet_safe(tz):
    tz("America/New_York")
    seed()
    text = ok("export", "--format", "csv").stdout_bytes.decode("utf-8")
    assert text.count("\r\n") == 6 and "\n" not in text.replace("\r\n", "")
    records = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [(r["kind"], r["id"]) for r in records] == [
        ("no-use", "n1"), ("stress", "s1"), ("questionnaire", "q1"), ("other", "o1"), ("dose", "d1"),
    ]
    no_use, rating, check, other, dose = records
    assert no_use["day"] == "2026-11-20" and no_use["at"] == ""
    assert rating["stress"] == "6" and rating["day"] == "2026-11-26"
    assert check["items"].startswith("more_than_intended=1 cut_down=0") and check["total"] == "3"
    assert other["other_amount"] == "'+2 beers" and other["substance"] == "alcohol"
    assert dose["note"] == "'=SUM(A1), \"x\"" and dose["reasons"] == "stress pain" and dose["grams"] == "3.5"


def test_export_to_a_file_is_private_and_never_overwrites_without_force(tmp_path):
    seed()
    target = tmp_path / "mydata.json"
    result = ok("export", "--format", "json", "-o", str(target))
    assert "Exported 1 strain, 1 dose, 1 stress rating, 1 no-use day, 1 questionnaire" in result.stdout
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert json.loads(target.read_text())["doses"][0]["grams"] == 3.5
    target.write_text("keep me")
    before = everything()
    refused("export", "-o", str(target), message="already exists; add --force to overwrite it")
    assert target.read_text() == "keep me" and everything() == before
    os.chmod(target, 0o644)
    ok("export", "-f", "csv", "-o", str(target), "--force")
    assert target.read_text().startswith("kind,id,uuid,at,")
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temporary left


def test_export_refuses_bad_options_before_anything(tmp_path):
    refused("export", "--format", "xml", message="unknown export format 'xml'; formats are json")
    refused("export", "-o", str(tmp_path), message="is a folder")
    refused("export", "-o", str(tmp_path / "missing" / "x.json"), message="there is no folder")
    assert not db_file().exists()


# --- import of a kratomlog export ---------------------------------------------------------------


def test_import_into_an_empty_database_then_again_adds_nothing(tmp_path, tz):
    tz("Europe/Berlin")
    seed()
    source = tmp_path / "mydata.json"
    ok("export", "-o", str(source))
    first = export_json()
    target = tmp_path / "other.db"
    result = ok("--db", str(target), "import", str(source))
    assert "strains: 1 added (new: Red Bali)" in result.stdout
    for line in ("doses: 1 added", "stress ratings: 1 added", "no-use days: 1 added", "questionnaires: 1 added",
                 "other substances: 1 added", "taper plans: 1 added", "taper plan changes: 1 added", "settings: 3 added"):
        assert line in result.stdout
    assert without_time(json.loads(ok("--db", str(target), "export").stdout)) == without_time(first)
    before = everything(target)
    again = ok("--db", str(target), "import", str(source))
    assert "doses: 0 added, 1 already here" in again.stdout
    assert "nothing new: everything in the file is already here" in again.stdout
    assert everything(target) == before


def test_dry_run_reports_the_same_counts_and_writes_nothing(tmp_path):
    seed()
    source = tmp_path / "mydata.json"
    ok("export", "-o", str(source))
    target = tmp_path / "other.db"
    ok("--db", str(target), "config", "show")  # create the file
    before = everything(target)
    dry = json.loads(ok("--db", str(target), "import", str(source), "--dry-run", "--json").stdout)
    assert everything(target) == before
    real = json.loads(ok("--db", str(target), "import", str(source), "--json").stdout)
    assert dry["dry_run"] is True and real["dry_run"] is False
    assert dry["added"] == real["added"] == {
        "strains": 1, "doses": 1, "ratings": 1, "no_use_days": 1, "questionnaires": 1, "other_substances": 1,
        "taper_plans": 1, "taper_changes": 1, "settings": 3, "batches": 0, "certificates": 0, "purchases": 0,
    }


def test_import_reports_bad_rows_and_imports_the_rest(tmp_path):
    seed()
    doc = export_json()
    good = doc["doses"][0]
    doc["doses"] = [
        {**good, "uuid": "new-1", "at": "2026-11-27T05:00:00+00:00"},
        {**good, "uuid": "new-2", "grams": -3},
        {**good, "uuid": "new-3", "strain": "Green Malay"},
        {**good, "uuid": "new-4", "at": "2026-11-27T05:00:00"},
    ]
    doc["ratings"][0]["stress"] = 11
    source = tmp_path / "edited.json"
    source.write_text(json.dumps(doc))
    target = tmp_path / "other.db"
    result = ok("--db", str(target), "import", str(source))
    assert "doses: 1 added" in result.stdout and "Skipped 4 rows:" in result.stdout
    assert "  dose 2: grams: out of range: -3" in result.stdout
    assert "  dose 3: its strain 'Green Malay' is not among the file's strains" in result.stdout
    assert "  dose 4: at: '2026-11-27T05:00:00' has no UTC offset (e.g. -05:00 or Z)" in result.stdout
    assert "  rating 1: stress: needs a whole number 0–10; got 11" in result.stdout
    assert [r[1] for r in rows("dose", target)] == ["new-1"]
    assert rows("rating", target) == []


def test_import_maps_strains_by_name_keeps_settings_and_refuses_a_second_active_taper(tmp_path):
    seed()
    source = tmp_path / "mydata.json"
    ok("export", "-o", str(source))
    target = tmp_path / "other.db"
    ok("--db", str(target), "strain", "add", "red  bali", "--form", "tea")
    ok("--db", str(target), "config", "set", "day_starts_at", "04:00")
    db = open_database(target)
    with db.write() as conn:
        conn.execute("INSERT INTO taper_plan (uuid, started_on, start_g, step_value, step_percent, every_days, "
                     "created_at) VALUES ('mine', '2026-11-10', 4, 0.5, 0, 5, 0)")
    db.close()
    result = ok("--db", str(target), "import", str(source))
    assert "strains: 0 added, 1 already here" in result.stdout
    assert "Note: strain 'Red Bali' was already here (same name); its doses use it" in result.stdout
    assert "Note: kept your setting day_starts_at = 04:00 (the file has 00:00)" in result.stdout
    assert "taper plan 1: a taper plan is already active here (started 2026-11-10); only one can be" in result.stdout
    (strain,) = rows("strain", target)
    (dose,) = rows("dose", target)
    assert dose[6] == strain[0]  # strain_id → the existing 'red bali'
    assert rows("setting", target) == [("day_starts_at", "04:00"), ("default_unit", "g"), ("week_starts", "monday")]
    assert [r[1] for r in rows("taper_plan", target)] == ["mine"] and rows("taper_change", target) == []


def test_undo_takes_back_an_import_as_one_step(tmp_path):
    seed()
    source = tmp_path / "mydata.json"
    ok("export", "-o", str(source))
    target = tmp_path / "other.db"
    ok("--db", str(target), "stress", "2")
    result = ok("--db", str(target), "import", str(source))
    assert "To take this import back: kratomlog undo (imported settings stay)" in result.stdout
    assert len(rows("dose", target)) == 1 and len(rows("rating", target)) == 2 and len(rows("taper_change", target)) == 1
    ok("--db", str(target), "undo")
    for table in ("strain", "dose", "no_use_day", "questionnaire", "questionnaire_item", "other_substance",
                  "taper_plan", "taper_change"):
        assert rows(table, target) == [], table
    assert len(rows("rating", target)) == 1  # the rating logged before the import stays


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"format": "kratomlog", "version": 1, "doses": [', "starts like JSON but is not valid JSON"),
        ('{"format": "kratomlog", "version": 3, "doses": []}', "kratomlog export version 3 is not supported"),
        ('{"format": "kratomlog", "version": 1, "doses": {}}', 'not a kratomlog export: "doses" must be a list'),
        ('{"format": "kratomlog", "version": 1, "doses": [{"uuid": "x"}]}', "holds nothing importable: its one row was skipped (first: dose 1: has no 'at')"),
        ('{"format": "kratomlog", "version": 1}', "holds nothing to import"),
        ("kind,id,uuid,at,day\r\ndose,d1,x,,\r\n", "kratomlog CSV is for spreadsheets and cannot be imported; import the JSON export"),
        ("hello, world\n", "is not a format kratomlog knows"),
        ("", "is not a format kratomlog knows"),
    ],
)
def test_a_file_that_cannot_be_imported_writes_nothing(tmp_path, content, message):
    ok("stress", "4")
    source = tmp_path / "bad.json"
    source.write_text(content)
    before = everything()
    refused("import", str(source), message=message)
    assert everything() == before


def test_unreadable_input_and_bad_options_are_refused(tmp_path):
    ok("stress", "4")
    before = everything()
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    refused("import", str(binary), message="is not UTF-8 text")
    refused("import", str(tmp_path / "missing.json"), message="no such file")
    refused("import", str(tmp_path), message="is a folder, not a file to import")
    refused("import", str(binary), "--format", "excel", message="unknown import format 'excel'")
    refused("import", str(binary), "--tz", "Mars/Olympus", message="unknown time zone 'Mars/Olympus'")
    assert everything() == before


def test_import_reads_standard_input(tmp_path):
    seed()
    target = tmp_path / "other.db"
    result = ok("--db", str(target), "import", "-", input=ok("export").stdout)
    assert "Imported from - (kratomlog export):" in result.stdout and "other substances: 1 added" in result.stdout
    assert len(rows("other_substance", target)) == 1


# --- round trip ----------------------------------------------------------------------------------

_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
_opt_text = st.none() | _text
_instant = st.integers(946684800, 1893456000)  # 2000 … 2030
_day = st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 1, 1))
_grams = st.floats(min_value=0.001, max_value=500, allow_nan=False, allow_infinity=False)
_dose_grams = st.floats(min_value=0.001, max_value=250, allow_nan=False, allow_infinity=False)  # #11: at most 250 g a dose


@st.composite
def histories(draw):
    names = draw(st.lists(st.text("abcXY Z-=+", min_size=1, max_size=8).map(lambda s: " ".join(s.split()))
                          .filter(bool), max_size=3, unique_by=fold))
    strains = [
        {"name": name, "name_key": fold(name), "form": draw(st.sampled_from(FORMS)),
         "vendor": draw(_opt_text), "batch": draw(_opt_text),
         "mitragynine_pct": draw(st.none() | st.floats(min_value=0.01, max_value=100)),
         "capsule_grams": draw(st.none() | st.floats(min_value=0.01, max_value=5)),
         "lab_tested": draw(st.integers(0, 1)), "archived": draw(st.integers(0, 1)), "note": draw(_opt_text),
         "created_at": draw(_instant)}
        for name in names
    ]
    doses = [
        {"at": draw(_instant), "amount": draw(_grams), "unit": draw(st.sampled_from(UNITS)), "grams": draw(_dose_grams),
         "strain": draw(st.none() | st.sampled_from(names)) if names else None,
         "mitragynine_pct": draw(st.none() | st.floats(min_value=0.01, max_value=100)),
         "mitragynine_mg": draw(st.none() | st.floats(min_value=0, max_value=1e5)),
         "mitragynine_estimated": draw(st.integers(0, 1)),
         "reasons": ",".join(draw(st.lists(st.sampled_from(REASONS), unique=True, max_size=3))),
         "note": draw(_opt_text), "source_id": draw(st.none() | _text.filter(str.strip).map(lambda s: "herbal:" + s)),
         "created_at": draw(_instant)}
        for _ in range(draw(st.integers(0, 4)))
    ]
    ratings = [
        {"at": draw(_instant), "stress": draw(st.integers(0, 10)), "craving": draw(st.none() | st.integers(0, 10)),
         "pain": draw(st.none() | st.integers(0, 10)), "note": draw(_opt_text), "created_at": draw(_instant)}
        for _ in range(draw(st.integers(0, 3)))
    ]
    days = draw(st.lists(_day, unique=True, max_size=2))
    no_use = [{"day": d.isoformat(), "note": draw(_opt_text), "created_at": draw(_instant)} for d in days]
    checks = []
    for _ in range(draw(st.integers(0, 2))):
        instrument = INSTRUMENTS[draw(st.sampled_from(sorted(INSTRUMENTS)))]
        items = {k: draw(st.integers(instrument.low, instrument.high)) for k in instrument.keys}
        checks.append({"at": draw(_instant), "instrument": instrument.id, "total": score(instrument, items),
                       "hours_since_dose": draw(st.none() | st.floats(min_value=0, max_value=1000)),
                       "note": draw(_opt_text), "created_at": draw(_instant), "items": items})
    others = [
        {"at": draw(_instant), "substance": draw(_text.filter(str.strip)), "amount": draw(_opt_text),
         "note": draw(_opt_text), "created_at": draw(_instant)}
        for _ in range(draw(st.integers(0, 2)))
    ]
    plans = []
    for number in range(draw(st.integers(0, 2))):
        changes = [
            {"day": draw(_day).isoformat(), "kind": draw(st.sampled_from(("hold", "adjust"))),
             "hold_days": draw(st.none() | st.integers(1, 30)), "step_value": draw(st.none() | _grams),
             "step_percent": draw(st.none() | st.integers(0, 1)), "every_days": draw(st.none() | st.integers(1, 30)),
             "compound": draw(st.none() | st.integers(0, 1)), "created_at": draw(_instant)}
            for _ in range(draw(st.integers(0, 2)))
        ]
        plans.append({"started_on": draw(_day).isoformat(), "start_g": draw(_grams), "step_value": draw(_grams),
                      "step_percent": draw(st.integers(0, 1)), "every_days": draw(st.integers(1, 30)),
                      "floor_g": draw(st.floats(min_value=0, max_value=10)), "compound": draw(st.integers(0, 1)),
                      "rounding_g": draw(st.sampled_from((0.25, 0.1, 0.5))),
                      "status": "active" if number == 0 and draw(st.booleans()) else draw(st.sampled_from(("finished", "stopped"))),
                      "ended_on": draw(st.none() | _day.map(lambda d: d.isoformat())),
                      "created_at": draw(_instant), "changes": changes})
    settings = {"day_starts_at": draw(st.sampled_from(("00:00", "04:30"))), "week_starts": draw(st.sampled_from(("monday", "sunday")))}
    return strains, doses, ratings, no_use, checks, others, plans, settings


def write_history(path: Path, history) -> None:
    strains, doses, ratings, no_use, checks, others, plans, settings = history
    db = open_database(path)
    with db.write() as conn:
        recorder = Recorder(conn, NOW)
        ids = {s["name"]: recorder.add("strain", s) for s in strains}
        for dose in doses:
            values = {k: v for k, v in dose.items() if k != "strain"}
            recorder.add("dose", {**values, "strain_id": ids.get(dose["strain"])})
        for rating in ratings:
            recorder.add("stress", rating)
        for day in no_use:
            recorder.add("no-use", day)
        for check in checks:
            values = {k: v for k, v in check.items() if k != "items"}
            recorder.add("questionnaire", values, [{"key": k, "answer": v} for k, v in check["items"].items()])
        for other in others:
            recorder.add("other", other)
        for plan in plans:
            values = {k: v for k, v in plan.items() if k != "changes"}
            plan_id = conn.execute(
                f"INSERT INTO taper_plan (uuid, {', '.join(values)}) VALUES (lower(hex(randomblob(16))), "
                f"{', '.join('?' for _ in values)})", list(values.values())).lastrowid
            for change in plan["changes"]:
                conn.execute(
                    f"INSERT INTO taper_change (uuid, plan_id, {', '.join(change)}) VALUES (lower(hex(randomblob(16))), ?, "
                    f"{', '.join('?' for _ in change)})", [plan_id, *change.values()])
        for key, value in settings.items():
            conn.execute("INSERT INTO setting (key, value) VALUES (?, ?)", (key, value))
    db.close()


@pytest.mark.slow  # property test over whole histories
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=histories())
def test_round_trip_export_import_export_is_the_same_document(tz, history):
    tz("America/New_York")  # DST: repeated and skipped local hours must survive
    with tempfile.TemporaryDirectory() as folder:
        first, second = Path(folder) / "a.db", Path(folder) / "b.db"
        write_history(first, history)
        exported = ok("--db", str(first), "export").stdout
        source = Path(folder) / "export.json"
        source.write_text(exported, encoding="utf-8")
        result = ok("--db", str(second), "import", str(source))
        assert "Skipped" not in result.stdout, result.stdout
        again = json.loads(ok("--db", str(second), "export", now=NOW + 99).stdout)
        assert without_time(again) == without_time(json.loads(exported))
        before = everything(second)
        assert "nothing new" in ok("--db", str(second), "import", str(source)).stdout
        assert everything(second) == before


def test_round_trip_of_a_generated_demo_person(tmp_path, tz):
    """The demo writer (another path into the database) round-trips too: taper plans, holds, checks."""
    from kratomlog.core.demo import generate
    from kratomlog.store.bulk_write import replace_with

    tz("America/New_York")
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    db = open_database(first)
    counts = replace_with(db, generate("tapering", 8, date(2026, 11, 27), seed=3), now=NOW, mark_demo=True)
    db.close()
    source = tmp_path / "demo.json"
    ok("--db", str(first), "export", "-o", str(source))
    exported = json.loads(source.read_text())
    assert "demo_database" not in exported["settings"]  # the demo marker is bookkeeping, not data
    assert len(exported["doses"]) == counts["doses"] and exported["taper_plans"][0]["changes"]
    assert exported["demo"] is True
    ok("--db", str(second), "import", str(source), "--allow-demo")
    again = json.loads(ok("--db", str(second), "export").stdout)
    assert again.pop("demo") is False  # the marker belongs to a database, not to the rows
    exported.pop("demo")
    assert without_time(again) == without_time(exported)
    assert rows("setting", second) == [("default_unit", "g"), ("day_starts_at", "00:00"), ("week_starts", "monday")]
