"""Reading everything exportable out of the database as plain rows (one query per table, no ORM),
for `core.export_format` to turn into the JSON document or the CSV. `announced_signal` and
`change_log` are the tool's own bookkeeping, not data, and are never exported; of the settings
only those that shape the data (`core.settings.KEYS`) are, with their effective values."""

from __future__ import annotations

import sqlite3

from kratomlog.core.export_format import Rows
from kratomlog.store.database import Database
from kratomlog.store.settings_store import shown_settings

_QUERIES = {
    "strains": "SELECT id, uuid, name, vendor, batch, form, mitragynine_pct, capsule_grams, lab_tested, note, "
    "archived, created_at FROM strain ORDER BY id",
    "doses": "SELECT d.id, d.uuid, d.at, d.amount, d.unit, d.grams, s.name AS strain, b.code AS batch, "
    "d.mitragynine_pct, d.mitragynine_mg, d.mitragynine_estimated, d.reasons, d.note, d.source_id, d.created_at "
    "FROM dose d LEFT JOIN strain s ON s.id = d.strain_id LEFT JOIN batch b ON b.id = d.batch_id ORDER BY d.at, d.id",
    "batches": "SELECT b.id, b.uuid, s.name AS strain, b.code, b.bought_on, b.vendor, b.mitragynine_pct, "
    "b.seven_oh_mg_per_g, b.seven_oh_mg_per_unit, b.in_use, b.note, b.created_at "
    "FROM batch b JOIN strain s ON s.id = b.strain_id ORDER BY b.id",
    "certificates": "SELECT c.id, c.uuid, s.name AS strain, b.code AS batch, c.lab, c.tested_on, c.source, "
    "c.mitragynine_pct, c.seven_oh_pct, c.lead, c.arsenic, c.cadmium, c.mercury, c.salmonella, c.e_coli, "
    "c.yeast_mould, c.file_name, c.file_sha256, c.note, c.created_at FROM certificate c "
    "JOIN batch b ON b.id = c.batch_id JOIN strain s ON s.id = b.strain_id ORDER BY c.id",
    "purchases": "SELECT p.id, p.uuid, p.at, s.name AS strain, b.code AS batch, p.amount, p.unit, p.grams, p.price, "
    "p.currency, p.vendor, p.note, p.created_at FROM purchase p JOIN strain s ON s.id = p.strain_id "
    "LEFT JOIN batch b ON b.id = p.batch_id ORDER BY p.at, p.id",
    "ratings": "SELECT id, uuid, at, stress, craving, pain, note, created_at FROM rating ORDER BY at, id",
    "no_use_days": "SELECT id, uuid, day, note, created_at FROM no_use_day ORDER BY day, id",
    "questionnaires": "SELECT id, uuid, at, instrument, total, hours_since_dose, note, created_at "
    "FROM questionnaire ORDER BY at, id",
    "other_substances": "SELECT id, uuid, at, substance, amount, note, created_at FROM other_substance "
    "ORDER BY at, id",
    "taper_plans": "SELECT id, uuid, started_on, start_g, step_value, step_percent, every_days, floor_g, compound, "
    "rounding_g, status, ended_on, created_at FROM taper_plan ORDER BY id",
}


def _dicts(conn: sqlite3.Connection, sql: str) -> list[dict]:
    cursor = conn.execute(sql)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row)) for row in cursor]


def read_rows(db: Database) -> Rows:
    """Everything exportable, read in one read transaction so the parts agree with each other."""
    conn = db.conn
    conn.execute("BEGIN")
    try:
        sections = {section: _dicts(conn, sql) for section, sql in _QUERIES.items()}
        items: dict[int, dict[str, int]] = {}
        for qid, key, answer in conn.execute(
            "SELECT questionnaire_id, key, answer FROM questionnaire_item ORDER BY questionnaire_id, rowid"
        ):
            items.setdefault(qid, {})[key] = answer
        for row in sections["questionnaires"]:
            row["items"] = items.get(row["id"], {})
        changes: dict[int, list[dict]] = {}
        for change in _dicts(
            conn,
            "SELECT id, plan_id, uuid, day, kind, hold_days, step_value, step_percent, every_days, compound, "
            "created_at FROM taper_change ORDER BY plan_id, id",
        ):
            changes.setdefault(change["plan_id"], []).append(change)
        for plan in sections["taper_plans"]:
            plan["changes"] = changes.get(plan["id"], [])
        settings = shown_settings(db)
    finally:
        conn.execute("COMMIT")
    return Rows(settings=settings, sections=sections)
