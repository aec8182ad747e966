"""Reads behind the warning signals and insights, and the `announced_signal` bookkeeping.

Plain sqlite3 over only the windows the rules need (this runs after every logging command, so it
must stay fast on a ten-year database): doses with their strain's form for the last `SHORT_DAYS`
when that provably changes no result, else for the last `LOOKBACK_DAYS`; SOWS and DSM-5
questionnaires of the last 365 days; other substances of the last 8 days; no-use days in the
lookback (plus the earliest one ever, which can be the first recorded day).
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from kratomlog.core import days
from kratomlog.core.entries import Dose, NoUseDay, OtherSubstance, Questionnaire, Rating
from kratomlog.core.settings import Settings
from kratomlog.core.signals import DAY, LOOKBACK_DAYS, SignalInput, SignalResult, evaluate, summary_line
from kratomlog.store.entries_read import first_entry_at

QUESTIONNAIRE_DAYS = 365
SHORT_DAYS = 62  # whole days: the 60 finished days of the two 30-day windows, and a margin
OTHERS_DAYS = 8


def _reasons(text: str | None) -> tuple[str, ...]:
    return tuple(r for r in (text or "").split(",") if r)


def read_doses(conn: sqlite3.Connection, start: int, end: int | None = None) -> tuple[Dose, ...]:
    """Doses with `start <= at` (and `at < end`), oldest first, with the strain's name and form."""
    sql = (
        "SELECT d.id, d.at, d.grams, s.name, s.form, d.reasons, d.mitragynine_mg, d.mitragynine_pct "
        "FROM dose d LEFT JOIN strain s ON s.id = d.strain_id WHERE d.at >= ?"
    )
    params: tuple = (start,)
    if end is not None:
        sql += " AND d.at < ?"
        params = (start, end)
    rows = conn.execute(sql + " ORDER BY d.at, d.id", params).fetchall()
    return tuple(
        Dose(at=at, grams=grams, strain=name, form=form, reasons=_reasons(reasons), mitragynine_mg=mg, id=i,
             mitragynine_pct=pct)
        for i, at, grams, name, form, reasons, mg, pct in rows
    )


def read_ratings(conn: sqlite3.Connection, start: int, end: int) -> tuple[Rating, ...]:
    rows = conn.execute(
        "SELECT id, at, stress, craving, pain FROM rating WHERE at >= ? AND at < ? ORDER BY at, id", (start, end)
    ).fetchall()
    return tuple(Rating(at=at, stress=s, craving=c, pain=p, id=i) for i, at, s, c, p in rows)


def read_no_use_days(conn: sqlite3.Connection, first: date) -> tuple[NoUseDay, ...]:
    """No-use days from `first` on, plus the earliest one ever (it may mark the first recorded day)."""
    rows = conn.execute(
        "SELECT id, day FROM no_use_day WHERE day >= ? "
        "UNION SELECT id, day FROM (SELECT id, day FROM no_use_day ORDER BY day LIMIT 1) ORDER BY 2",
        (first.isoformat(),),
    ).fetchall()
    return tuple(NoUseDay(day=date.fromisoformat(day), id=i) for i, day in rows)


def _short_read_suffices(data: SignalInput, short_first: date) -> bool:
    """Whether doses from `short_first` on give every rule the same result as the full lookback.

    Every rule but `after-break` looks back at most 60 finished days. `after-break` looks at returns
    whose first dose lies in the last 7 days (so on today − 8 or later, allowing a DST hour) and at
    the 14 use-days before each: with 14 use-days between `short_first` and today − 8, those are the
    same days in either read.
    """
    edge = days.today(data.now, data.settings) - timedelta(days=8)
    return sum(1 for day in data.by_day if short_first <= day < edge) >= 14


def signal_input(conn: sqlite3.Connection, now: int, settings: Settings, *, full: bool = False) -> SignalInput:
    """The rules' input. Doses are read for the last SHORT_DAYS whole days when that provably gives
    the same results (a regular user's case, and the hot path's), else for LOOKBACK_DAYS."""
    short_first = days.today(now, settings) - timedelta(days=SHORT_DAYS)
    if not full:
        data = _signal_input(conn, now, settings, days.day_start(short_first, settings))
        if _short_read_suffices(data, short_first):
            return data
    # One extra day keeps a day-start offset or a DST hour from cutting the lookback short.
    return _signal_input(conn, now, settings, now - (LOOKBACK_DAYS + 1) * DAY)


def _signal_input(conn: sqlite3.Connection, now: int, settings: Settings, dose_from: int) -> SignalInput:
    q_rows = conn.execute(
        "SELECT id, at, instrument, total, hours_since_dose FROM questionnaire "
        "WHERE at >= ? AND instrument IN ('sows', 'dsm5') ORDER BY at, id",
        (now - (QUESTIONNAIRE_DAYS + 1) * DAY,),
    ).fetchall()
    o_rows = conn.execute(
        "SELECT id, at, substance, amount FROM other_substance WHERE at >= ? ORDER BY at, id",
        (now - (OTHERS_DAYS + 1) * DAY,),
    ).fetchall()
    return SignalInput(
        now=now,
        settings=settings,
        doses=read_doses(conn, dose_from),
        questionnaires=tuple(
            Questionnaire(at=at, instrument=inst, total=total, hours_since_dose=h, id=i)
            for i, at, inst, total, h in q_rows
        ),
        others=tuple(OtherSubstance(at=at, substance=s, amount=a, id=i) for i, at, s, a in o_rows),
        no_use_days=read_no_use_days(conn, days.today(now, settings) - timedelta(days=LOOKBACK_DAYS + 1)),
        first_entry_at=first_entry_at(conn),
    )


def evaluate_signals(conn: sqlite3.Connection, now: int, settings: Settings) -> list[SignalResult]:
    return evaluate(signal_input(conn, now, settings))


def signal_summary(db, now: int) -> str:
    """The panel's one-line summary, e.g. for `week`: 'Warning signals: 1 active (escalation) · …'."""
    from kratomlog.store.settings_store import load_settings

    results = evaluate_signals(db.conn, now, load_settings(db))
    return f"Warning signals: {summary_line(results)} — see 'kratomlog signals'"


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
