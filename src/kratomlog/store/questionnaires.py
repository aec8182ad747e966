"""Questionnaires in the database: saving one itemised (every answered item, the total — NULL for a
partial check-in —, the wording version asked and, for SOWS, the hours since the last dose at that
moment), re-answering one, the previous complete total of the same instrument, and the history with
the change since the previous complete one."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from kratomlog.core.invalid import Invalid
from kratomlog.core.shortids import missing_text
from kratomlog.store.changes import Recorder
from kratomlog.store.database import SQLITE_MAX_INTEGER, Database
from kratomlog.store.valid_rows import valid

_CHUNK = 500  # ids per IN (…) query, well under SQLite's bound-parameter limit


@dataclass(frozen=True)
class Saved:
    id: int
    at: int
    instrument: str
    total: int | None
    hours_since_dose: float | None
    previous_total: int | None


@dataclass(frozen=True)
class HistoryRow:
    id: int
    at: int
    instrument: str
    total: int | None  # None: partial
    change: int | None
    hours_since_dose: float | None
    items: dict[str, int]
    note: str | None
    version: int = 1

    @property
    def complete(self) -> bool:
        return self.total is not None

    @property
    def answered(self) -> int:
        return len(self.items)


def hours_since_dose(conn: sqlite3.Connection, at: int) -> float | None:
    """Hours from the latest dose at or before `at` to `at` (2 decimals); None when there is none."""
    row = conn.execute(f"SELECT max(at) FROM {valid('dose')} WHERE at <= ?", (at,)).fetchone()
    if row is None or row[0] is None:
        return None
    return round((at - row[0]) / 3600, 2)


def previous_total(conn: sqlite3.Connection, instrument: str, at: int, entry_id: int) -> int | None:
    """The total of the same instrument's complete check-in just before this one (by time, then id)."""
    row = conn.execute(
        f"SELECT total FROM {valid('questionnaire')} WHERE instrument = ? AND id != ? AND total IS NOT NULL "
        "AND (at < ? OR (at = ? AND id < ?)) "
        "ORDER BY at DESC, id DESC LIMIT 1",
        (instrument, entry_id, at, at, entry_id),
    ).fetchone()
    return row[0] if row else None


def _children(answers: dict[str, int]) -> list[dict]:
    return [{"key": key, "answer": value} for key, value in answers.items()]


def _gap(conn: sqlite3.Connection, instrument: str, at: int) -> float | None:
    from kratomlog.core.instruments import INSTRUMENTS

    return hours_since_dose(conn, at) if INSTRUMENTS[instrument].tracks_dose_gap else None


def add_questionnaire(
    db: Database, *, now: int, instrument: str, answers: dict[str, int], total: int | None, at: int,
    note: str | None, version: int = 1,
) -> Saved:
    """Save one questionnaire (answers already validated, in item order; `total` None when partial)
    with the wording version it was asked with, in one transaction."""
    with db.write() as conn:
        gap = _gap(conn, instrument, at)
        entry_id = Recorder(conn, now).add(
            "questionnaire",
            {"at": at, "instrument": instrument, "total": total, "hours_since_dose": gap, "note": note,
             "version": version},
            children=_children(answers),
        )
        before = previous_total(conn, instrument, at, entry_id)
    return Saved(entry_id, at, instrument, total, gap, before)


@dataclass(frozen=True)
class Current:
    id: int
    at: int
    instrument: str
    answers: dict[str, int]


def current(conn: sqlite3.Connection, entry_id: int, label: str) -> Current:
    """The stored questionnaire `entry_id` with its answers, or Invalid naming `label`."""
    row = conn.execute("SELECT id, at, instrument FROM questionnaire WHERE id = ?", (entry_id,)).fetchone()
    if row is None:
        raise Invalid(missing_text(label))
    answers = dict(
        conn.execute(
            "SELECT key, answer FROM questionnaire_item WHERE questionnaire_id = ? ORDER BY rowid", (entry_id,)
        ).fetchall()
    )
    return Current(row[0], row[1], row[2], answers)


def edit_questionnaire(
    db: Database,
    *,
    now: int,
    entry_id: int,
    label: str,
    answers: dict[str, int] | None = None,
    total: int | None = None,
    at: int | None = None,
    note: str | None = None,
    note_given: bool = False,
    version: int | None = None,
) -> Saved:
    """Re-answer (all items replaced, total recomputed by the caller: None while partial), move, or
    re-note one questionnaire; `version` when every item was asked again in the current wording."""
    with db.write() as conn:
        found = current(conn, entry_id, label)
        changes: dict = {}
        if answers is not None:
            changes["total"] = total
        if version is not None:
            changes["version"] = version
        if at is not None:
            changes["at"] = at
            changes["hours_since_dose"] = _gap(conn, found.instrument, at)
        if note_given:
            changes["note"] = note
        from kratomlog.store.model_rows import cold_recorder

        cold_recorder(conn, now).edit(
            "questionnaire", entry_id, changes, children=_children(answers) if answers is not None else None
        )
        row = conn.execute("SELECT at, total, hours_since_dose FROM questionnaire WHERE id = ?", (entry_id,)).fetchone()
        before = previous_total(conn, found.instrument, row[0], entry_id)
    return Saved(entry_id, row[0], found.instrument, row[1], row[2], before)


def history(conn: sqlite3.Connection, *, instrument: str | None = None, limit: int | None = None) -> list[HistoryRow]:
    """Questionnaires newest first, each with the change since the previous complete one of its
    instrument (partial ones have no total and no change, and are skipped by the comparison)."""
    sql = (
        "SELECT id, at, instrument, total, change, hours_since_dose, note, version FROM ("
        " SELECT id, at, instrument, total, hours_since_dose, note, version,"
        " total - lag(total) OVER (PARTITION BY instrument, total IS NULL ORDER BY at, id) AS change"
        f" FROM {valid('questionnaire')}"
        ") WHERE ? IS NULL OR instrument = ? ORDER BY at DESC, id DESC"
    )
    params: list = [instrument, instrument]
    if limit:
        sql += " LIMIT ?"
        params.append(min(int(limit), SQLITE_MAX_INTEGER))  # a larger number means all of them
    rows = conn.execute(sql, params).fetchall()
    items: dict[int, dict[str, int]] = {r[0]: {} for r in rows}
    ids = list(items)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ", ".join("?" for _ in chunk)
        for qid, key, answer in conn.execute(
            f"SELECT questionnaire_id, key, answer FROM questionnaire_item WHERE questionnaire_id IN ({marks}) "
            "ORDER BY rowid",
            chunk,
        ):
            items[qid][key] = answer
    return [HistoryRow(r[0], r[1], r[2], r[3], r[4], r[5], items[r[0]], r[6], r[7]) for r in rows]
