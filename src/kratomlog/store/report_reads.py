"""Reads behind `report`, each over the report's period only (plain sqlite3, indexed on `at`): grams
per product with its form and lab-tested flag, the latest check-in of each instrument by the
period's end (with the DSM-5 answers), other substances by name, and the notes when consented."""

from __future__ import annotations

import sqlite3

from kratomlog.core.report import Taken
from kratomlog.store.valid_rows import valid

def products(conn: sqlite3.Connection, start: int, end: int) -> list[tuple]:
    """(name, form, lab_tested, grams) per product dosed in [start, end); name None for no strain."""
    return conn.execute(
        f"SELECT s.name, s.form, s.lab_tested, sum(d.grams) FROM {valid('dose')} d LEFT JOIN strain s ON s.id = d.strain_id "
        "WHERE d.at >= ? AND d.at < ? GROUP BY d.strain_id",
        (start, end),
    ).fetchall()


def latest_taken(conn: sqlite3.Connection, end: int) -> dict[str, Taken]:
    """The latest complete check-in of each instrument before `end`, with the change since the complete
    one before it (a partial check-in has no total; the SOWS points show it as partial)."""
    from kratomlog.core.instruments import INSTRUMENTS

    found: dict[str, Taken] = {}
    for instrument in INSTRUMENTS:
        rows = conn.execute(
            f"SELECT id, at, total FROM {valid('questionnaire')} WHERE instrument = ? AND at < ? AND total IS NOT NULL "
            "ORDER BY at DESC, id DESC LIMIT 2",
            (instrument, end),
        ).fetchall()
        if not rows:
            continue
        qid, at, total = rows[0]
        change = total - rows[1][2] if len(rows) > 1 else None
        items = dict(conn.execute(
            "SELECT key, answer FROM questionnaire_item WHERE questionnaire_id = ? ORDER BY rowid", (qid,)
        ).fetchall())
        found[instrument] = Taken(instrument, at, total, change, items)
    return found


def sows_points(conn: sqlite3.Connection, start: int, end: int) -> list[tuple[int, int | None, int]]:
    """(at, total, items answered) of every SOWS check-in in [start, end), oldest first."""
    return conn.execute(
        "SELECT q.at, q.total, (SELECT count(*) FROM questionnaire_item i WHERE i.questionnaire_id = q.id) "
        f"FROM {valid('questionnaire')} q WHERE q.instrument = 'sows' AND q.at >= ? AND q.at < ? ORDER BY q.at, q.id",
        (start, end),
    ).fetchall()


def other_substances(conn: sqlite3.Connection, start: int, end: int) -> list[tuple[str, int]]:
    """(substance, times logged) in [start, end), most often first."""
    return conn.execute(
        f"SELECT substance, count(*) FROM {valid('other_substance')} WHERE at >= ? AND at < ? GROUP BY substance "
        "ORDER BY count(*) DESC, substance",
        (start, end),
    ).fetchall()


def other_entry_instants(conn: sqlite3.Connection, start: int, end: int) -> list[int]:
    """Instants of the period's entries that the day summaries do not count: questionnaires other
    than SOWS, and other substances."""
    return [at for (at,) in conn.execute(
        f"SELECT at FROM {valid('questionnaire')} WHERE instrument != 'sows' AND at >= ? AND at < ? "
        f"UNION ALL SELECT at FROM {valid('other_substance')} WHERE at >= ? AND at < ?",
        (start, end, start, end),
    )]
