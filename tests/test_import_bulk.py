"""An import is written in bulk: each table's rows in one `executemany`, the whole import one undo
group that holds one reference per table (its first and last id), never a copy of each row; `undo`
still takes all of it back, and nothing else."""

from __future__ import annotations

import json
import sqlite3

import pytest

from helpers import NOW, db_file, everything, rows, run
from kratomlog.store import bulk_import
from kratomlog.store.changes import Recorder

HEADER = "date,time,iso_timestamp,strain_code,strain_name,amount_g,notes"


def ok(*args, now=NOW):
    result = run(*args, now=now)
    assert result.exit_code == 0, result.output
    return result


def change_log(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT group_id, action, kind, entry_id, before, after, undone FROM change_log ORDER BY id").fetchall()
    finally:
        conn.close()


@pytest.fixture
def export(tmp_path):
    """A kratomlog export with rows in most tables (two strains, doses, ratings, a questionnaire,
    another substance, a no-use day, a taper plan with a hold, a batch, a certificate, a purchase)."""
    ok("strain", "add", "Red Bali", "--mitragynine", "1.6")
    ok("strain", "add", "Green Malay")
    ok("batch", "add", "Red Bali", "RB-1")
    ok("coa", "add", "Red Bali", "RB-1", "--lab", "Acme", "--tested", "2026-11-02", "--lead", "0.3")
    ok("buy", "Red Bali", "50g", "--price", "20", "--currency", "EUR", "--on", "2026-11-20")
    for hours in (30, 26, 5):
        ok("dose", "3g", "Red Bali", "--at", f"{hours}h ago")
    ok("dose", "2g", "Green Malay", "--at", "50h ago")
    ok("stress", "4", "--at", "3h ago")
    ok("stress", "6", "--craving", "3", "--at", "2h ago")
    ok("withdrawal", "--scores", "1,1,0,0,1,0,0,1,1,1,1,0,0,1,0,2")
    ok("other", "alcohol", "--amount", "1 beer", "--at", "1h ago")
    ok("no-use", "--on", "2026-11-10")
    ok("taper", "start", "--step", "10%", "--every", "7d", "--from", "8g")
    path = tmp_path / "mine.json"
    ok("export", "-o", str(path))
    return path


def test_the_import_is_one_group_with_one_reference_per_table(tmp_path, export):
    target = tmp_path / "other.db"
    ok("--db", str(target), "import", str(export))
    log = change_log(target)
    written = {kind: rows(table, target) for kind, table in (
        ("strain", "strain"), ("batch", "batch"), ("dose", "dose"), ("certificate", "certificate"),
        ("purchase", "purchase"), ("stress", "rating"), ("questionnaire", "questionnaire"), ("other", "other_substance"),
        ("no-use", "no_use_day"), ("taper", "taper_plan"))}
    assert {kind for _, _, kind, *_ in log} == {k for k, found in written.items() if found}
    assert len(log) == len({kind for _, _, kind, *_ in log})  # one row per table, not one per entry
    assert {group for group, *_ in log} == {1}
    for _, action, kind, first, before, after, undone in log:
        ids = [r[0] for r in written[kind]]
        assert (action, before, undone) == ("add", None, 0)
        assert (first, json.loads(after)) == (ids[0], {"_through": ids[-1]})  # a reference, no copy
    assert len(written["dose"]) == 4 and len(written["stress"]) == 2


def test_each_table_is_one_executemany_and_no_row_goes_through_the_recorder(tmp_path, export, monkeypatch):
    calls: list[str] = []
    real = bulk_import.BulkAdd._insert_many

    def counted(self, table, values):
        calls.append(table)
        return real(self, table, values)

    def refuse(*args, **kwargs):
        raise AssertionError("an import row went through Recorder.add")

    monkeypatch.setattr(bulk_import.BulkAdd, "_insert_many", counted)
    monkeypatch.setattr(Recorder, "add", refuse)
    ok("--db", str(tmp_path / "other.db"), "import", str(export))
    assert sorted(calls) == sorted(set(calls))  # each table once
    assert {"strain", "dose", "rating", "questionnaire", "questionnaire_item", "other_substance", "no_use_day",
            "taper_plan", "batch", "certificate", "purchase"} <= set(calls)


def test_undo_takes_back_the_whole_import_and_only_it(tmp_path, export):
    target = tmp_path / "other.db"
    ok("--db", str(target), "stress", "2", "--at", "20h ago")
    before = everything(target)
    ok("--db", str(target), "import", str(export))
    ok("--db", str(target), "stress", "7")
    assert ok("--db", str(target), "undo").stdout.startswith("Undid logging s")  # the later rating only
    undone = ok("--db", str(target), "undo").stdout
    assert undone.startswith("Undid 15 changes made by one command: ")  # every row the import added
    assert "4 added dose entries" in undone and "2 added strain entries" in undone
    after = everything(target)
    for table in ("strain", "dose", "rating", "questionnaire", "questionnaire_item", "other_substance", "no_use_day",
                  "taper_plan", "taper_change", "batch", "certificate", "purchase"):
        assert after[table] == before[table], table
    assert ok("--db", str(target), "undo").stdout.startswith("Undid logging s1")  # then the rating before it


def test_deleting_an_imported_row_forever_keeps_the_undo_of_the_rest(tmp_path, export):
    target = tmp_path / "other.db"
    ok("--db", str(target), "import", str(export))
    first_dose = rows("dose", target)[0][0]
    ok("--db", str(target), "delete", f"d{first_dose}", "--forever", "--yes")
    assert len(rows("dose", target)) == 3
    ok("--db", str(target), "undo")
    assert rows("dose", target) == [] and rows("strain", target) == []


def test_an_import_of_another_app_is_bulk_too(tmp_path):
    source = tmp_path / "herbal.csv"
    source.write_text("\ufeff" + "\r\n".join((
        HEADER,
        "2025-03-01,08:30,2025-03-01T08:30:00.000,RB,Red Bali,3.0,",
        "2025-03-02,08:30,2025-03-02T08:30:00.000,GM,Green Malay,2.0,",
        "2025-03-03,08:30,2025-03-03T08:30:00.000,RB,Red Bali,2.5,",
    )) + "\r\n", encoding="utf-8")
    ok("import", str(source))
    log = change_log(db_file())
    assert [(kind, json.loads(after)) for _, _, kind, _, _, after, _ in log] == [
        ("strain", {"_through": 2}), ("dose", {"_through": 3})]
    conn = sqlite3.connect(db_file())
    assert conn.execute("SELECT count(*) FROM dose WHERE utc_offset IS NULL OR uuid IS NULL").fetchone() == (0,)
    conn.close()  # each row stamped with where it was logged and given its uuid, like any entry
    ok("undo")
    assert rows("dose") == [] and rows("strain") == []
