"""Reads behind the warning signals and insights, and the `announced_signal` bookkeeping.

Plain sqlite3 over only the windows the rule registry asks for (`core.signals.reads_needed`: each
input as many days back as the widest rule declares, plus a day's margin for a day-start offset or a
DST hour). This runs after every logging command, so when every rule's usual window provably
suffices (`usual_read_enough`), doses are read for that shorter window only.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from kratomlog.core import days
from kratomlog.core.entries import Dose, NoUseDay, OtherSubstance, Questionnaire, Rating
from kratomlog.core.settings import Settings
from kratomlog.core.signals import (
    Reads,
    Rule,
    SignalInput,
    SignalResult,
    evaluate,
    reads_needed,
    usual_read_enough,
)
from kratomlog.store.batches import batch_certificates
from kratomlog.store.entries_read import first_entry_at
from kratomlog.store.valid_rows import valid

MARGIN_DAYS = 1  # a day-start offset or a DST hour never cuts a declared window short


def _reasons(text: str | None) -> tuple[str, ...]:
    return tuple(r for r in (text or "").split(",") if r)


def read_doses(conn: sqlite3.Connection, start: int, end: int | None = None) -> tuple[Dose, ...]:
    """Doses with `start <= at` (and `at < end`), oldest first, with the strain's name and form."""
    sql = (
        "SELECT d.id, d.at, d.grams, s.name, s.form, d.reasons, d.mitragynine_mg, d.mitragynine_pct, d.batch_id, "
        "d.utc_offset "
        f"FROM {valid('dose')} d LEFT JOIN strain s ON s.id = d.strain_id WHERE d.at >= ?"
    )
    params: tuple = (start,)
    if end is not None:
        sql += " AND d.at < ?"
        params = (start, end)
    rows = conn.execute(sql + " ORDER BY d.at, d.id", params).fetchall()
    return tuple(
        Dose(at=at, grams=grams, strain=name, form=form, reasons=_reasons(reasons), mitragynine_mg=mg, id=i,
             mitragynine_pct=pct, batch_id=batch_id, utc_offset=offset)
        for i, at, grams, name, form, reasons, mg, pct, batch_id, offset in rows
    )


def read_ratings(conn: sqlite3.Connection, start: int, end: int) -> tuple[Rating, ...]:
    rows = conn.execute(
        f"SELECT id, at, stress, craving, pain, utc_offset FROM {valid('rating')} WHERE at >= ? AND at < ? ORDER BY at, id",
        (start, end),
    ).fetchall()
    return tuple(Rating(at=at, stress=s, craving=c, pain=p, id=i, utc_offset=o) for i, at, s, c, p, o in rows)


def read_no_use_days(conn: sqlite3.Connection, first: date, *, earliest: bool = True) -> tuple[NoUseDay, ...]:
    """No-use days from `first` on, plus (with `earliest`) the earliest one ever (it may mark the
    first recorded day)."""
    sql = f"SELECT id, day FROM {valid('no_use_day')} WHERE day >= ?"
    if earliest:
        sql += f" UNION SELECT id, day FROM (SELECT id, day FROM {valid('no_use_day')} ORDER BY day LIMIT 1)"
    rows = conn.execute(sql + " ORDER BY 2", (first.isoformat(),)).fetchall()
    return tuple(NoUseDay(day=date.fromisoformat(day), id=i) for i, day in rows)


def signal_input(
    conn: sqlite3.Connection, now: int, settings: Settings, *, full: bool = False, rules: Sequence[Rule] | None = None
) -> SignalInput:
    """The rules' input: every input read as far back as the registry's rules declare. Doses are
    read for the usual window first when the registry has one and it provably gives the same results
    (a regular user's case, and the hot path's); `full` skips that shortcut."""
    need = reads_needed(rules)
    if need.doses_usually is not None and not full:
        first = days.today(now, settings) - timedelta(days=need.doses_usually)
        data = read_signal_input(conn, now, settings, need, dose_days=need.doses_usually)
        if usual_read_enough(data, first, rules):
            return data
    return read_signal_input(conn, now, settings, need)


def _since(now: int, settings: Settings, back: int) -> int:
    """The first instant of the local day `back` (+ margin) days before today."""
    return days.day_start(days.today(now, settings) - timedelta(days=back + MARGIN_DAYS), settings)


def read_signal_input(
    conn: sqlite3.Connection, now: int, settings: Settings, reads: Reads, *, dose_days: int | None = None
) -> SignalInput:
    """Each input for the days `reads` names (doses for `dose_days` instead, when given)."""
    dose_days = reads.doses if dose_days is None else dose_days
    questionnaires = ()
    if reads.questionnaires:
        questionnaires = tuple(
            Questionnaire(at=at, instrument=inst, total=total, hours_since_dose=h, id=i)
            for i, at, inst, total, h in conn.execute(
                f"SELECT id, at, instrument, total, hours_since_dose FROM {valid('questionnaire')} WHERE at >= ? "
                "AND total IS NOT NULL ORDER BY at, id",  # a partial check-in has no total: never a signal
                (_since(now, settings, reads.questionnaires),),
            )
        )
    others = ()
    if reads.others:
        others = tuple(
            OtherSubstance(at=at, substance=s, amount=a, id=i)
            for i, at, s, a in conn.execute(
                f"SELECT id, at, substance, amount FROM {valid('other_substance')} WHERE at >= ? ORDER BY at, id",
                (_since(now, settings, reads.others),),
            )
        )
    no_use: tuple[NoUseDay, ...] = ()
    if reads.no_use_days or reads.record_start:
        first = days.today(now, settings) - timedelta(days=reads.no_use_days + MARGIN_DAYS)
        no_use = read_no_use_days(conn, first, earliest=reads.record_start)
    first_dose = None
    if reads.record_start:
        first_dose = conn.execute(f"SELECT min(at) FROM {valid('dose')}").fetchone()[0]
    return SignalInput(
        now=now,
        settings=settings,
        doses=read_doses(conn, _since(now, settings, dose_days)) if dose_days else (),
        questionnaires=questionnaires,
        others=others,
        no_use_days=no_use,
        first_entry_at=first_entry_at(conn) if reads.record_start else None,
        ratings=read_ratings(conn, _since(now, settings, reads.ratings), now + 1) if reads.ratings else (),
        first_dose_at=first_dose,
        batches=batch_certificates(conn) if reads.batches else (),
    )


def signal_window(now: int, settings: Settings) -> tuple[int, int]:
    """The instants the signals read at most: from the widest look-back of any input on."""
    need = reads_needed(None)
    widest = max(need.doses, need.ratings, need.questionnaires, need.others, need.no_use_days)
    return _since(now, settings, widest), 2**62


def evaluate_signals(conn: sqlite3.Connection, now: int, settings: Settings) -> list[SignalResult]:
    return evaluate(signal_input(conn, now, settings))


def current_signals(db, now: int) -> list[SignalResult]:
    """Every rule's result now, with the database's own settings (`week`'s summary line)."""
    from kratomlog.store.settings_store import load_settings

    return evaluate_signals(db.conn, now, load_settings(db))


def announced(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT signal_id FROM announced_signal")}


def record_announcements(conn: sqlite3.Connection, now: int, fresh: list[str], forget: set[str]) -> None:
    """Inside the caller's transaction: remember `fresh` ids as announced, forget `forget` ids."""
    conn.executemany(
        "INSERT INTO announced_signal (signal_id, announced_at) VALUES (?, ?) "
        "ON CONFLICT(signal_id) DO UPDATE SET announced_at = excluded.announced_at",
        [(signal_id, now) for signal_id in fresh],
    )
    conn.executemany("DELETE FROM announced_signal WHERE signal_id = ?", [(s,) for s in sorted(forget)])
