"""The two roads to the same tables agree: rows written in plain SQL (the logging path) read back
identically through the models (Core statements and the SQLModel ORM), and rows written through the
models (the cold paths) read back identically through plain SQL and the logging commands."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import CompileError

from helpers import NOW, everything, rows, run
from kratomlog.store.changes import SQL_ROWS
from kratomlog.store.database import open_database
from kratomlog.store.model_rows import MODEL_ROWS, ModelRows

FIXTURES = Path(__file__).parent / "fixtures"


def ok(*args, now=NOW):
    result = run(*args, now=now)
    assert result.exit_code == 0, result.stderr + result.stdout
    return result


def sample_rows(tmp_path) -> dict[str, list[dict]]:
    """A row for every table: the newest frozen fixture, migrated to today's schema."""
    from test_schema import build, fixture_versions

    path = build(fixture_versions()[-1], tmp_path / "sample.db")
    open_database(path).close()
    conn = sqlite3.connect(path)
    out = {}
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '_migrations'"):
        cursor = conn.execute(f"SELECT * FROM {table} ORDER BY rowid")
        names = [c[0] for c in cursor.description]
        out[table] = [dict(zip(names, r)) for r in cursor]
    conn.close()
    return out


# Parents before children, so foreign keys hold with enforcement on.
ORDER = ("setting", "strain", "batch", "dose", "certificate", "purchase", "rating", "no_use_day", "change_log", "questionnaire", "questionnaire_item",
         "other_substance", "taper_plan", "taper_change", "announced_signal")


def test_every_table_reads_back_identically_whichever_road_wrote_it(tmp_path):
    sample = sample_rows(tmp_path)
    assert set(sample) == set(ORDER)
    by_sql, by_models = open_database(tmp_path / "sql.db"), open_database(tmp_path / "models.db")
    for db, road in ((by_sql, SQL_ROWS), (by_models, MODEL_ROWS)):
        with db.write() as conn:
            conn.execute("DELETE FROM setting")
            for table in ORDER:
                for row in sample[table]:
                    road.insert(conn, table, row)
    assert everything(by_sql.path) == everything(by_models.path)
    for table in ORDER:
        key = "questionnaire_id" if table == "questionnaire_item" else ("key" if table == "setting" else None)
        for row in sample[table]:
            column = key or ("signal_id" if table == "announced_signal" else "id")
            # written in SQL, read through the models — and the other way round
            assert MODEL_ROWS.select(by_sql.conn, table, column, row[column]) == SQL_ROWS.select(by_models.conn, table, column, row[column])
            assert row in MODEL_ROWS.select(by_sql.conn, table, column, row[column])
    by_sql.close()
    by_models.close()


def test_a_column_the_models_do_not_declare_is_refused_before_anything_is_written(fresh_db):
    before = everything(fresh_db.path)
    with pytest.raises(CompileError, match="bogus"):
        with fresh_db.write() as conn:
            ModelRows().insert(conn, "rating", {"uuid": "u", "at": 1, "stress": 3, "created_at": 1, "bogus": 1})
    assert everything(fresh_db.path) == before


def test_model_defaults_apply_as_the_database_defaults_do(fresh_db):
    with fresh_db.write() as conn:
        MODEL_ROWS.insert(conn, "strain", {"uuid": "a", "name": "A", "name_key": "a", "created_at": 1})
        SQL_ROWS.insert(conn, "strain", {"uuid": "b", "name": "B", "name_key": "b", "created_at": 1})
    by_models, by_sql = rows("strain", fresh_db.path)
    assert by_models[4:] == by_sql[4:] and by_sql[6] == "powder"  # form powder, lab_tested 0, archived 0, …


def test_cold_commands_write_through_the_models(monkeypatch):
    calls = []
    for name in ("insert", "update", "delete"):
        original = getattr(ModelRows, name)

        def spy(self, conn, table, *args, _original=original, _name=name):
            calls.append((_name, table))
            return _original(self, conn, table, *args)

        monkeypatch.setattr(ModelRows, name, spy)
    ok("strain", "add", "Red Bali", "--mitragynine", "1.6")
    ok("strain", "edit", "Red Bali", "--vendor", "Leaf")
    ok("strain", "archive", "Red Bali")
    ok("strain", "unarchive", "Red Bali")
    assert [c for c in calls if c[1] == "strain"] == [("insert", "strain")] + [("update", "strain")] * 3
    ok("dose", "3g", "Red Bali")  # the logging path: plain SQL
    assert ("insert", "dose") not in calls
    ok("edit", "d1", "--amount", "4g")
    ok("taper", "start", "--from", "6g", "--step", "1g", "--every", "3d")
    ok("delete", "d1", "--yes")
    assert {("update", "dose"), ("insert", "taper_plan"), ("delete", "dose")} <= set(calls)


def test_cold_writes_read_back_through_the_logging_path_and_the_orm(db_path):
    from sqlmodel import Session, select

    from kratomlog.store.model_rows import engine_for
    from kratomlog.store.schema import Dose, Strain

    ok("strain", "add", "Green Maeng Da", "--mitragynine", "1.8", "--vendor", "Leaf & Co")  # models
    ok("dose", "2g", "Green Maeng Da", "--reason", "pain", "--at", "08:00")  # plain SQL, reads the strain
    ok("edit", "d1", "--amount", "3g", "--note", "ü edited")  # models
    listed = json.loads(ok("list", "--json", "--kind", "dose").stdout)  # plain SQL read
    assert [(d["grams"], d["strain"], d["note"], d["mitragynine_mg"]) for d in listed] == [(3.0, "Green Maeng Da", "ü edited", 54.0)]
    engine = engine_for(db_path)
    with Session(engine) as session:
        dose = session.exec(select(Dose)).one()
        strain = session.exec(select(Strain)).one()
        raw_dose, raw_strain = rows("dose")[0], rows("strain")[0]
        assert tuple(dose.model_dump()[c] for c in Dose.__table__.columns.keys()) == raw_dose
        assert tuple(strain.model_dump()[c] for c in Strain.__table__.columns.keys()) == raw_strain
    engine.dispose()
