"""Purchases: add one (logged for undo), read them back as core records for stock and spend, and
the doses stock draws on. Plain sqlite3 aggregates; no ORM objects on these reads."""

from __future__ import annotations

import sqlite3

from kratomlog.core import days
from kratomlog.core.potency import potency
from kratomlog.core.settings import Settings
from kratomlog.core.stock import AVERAGE_DAYS, Purchase, Used, mean_grams_per_day
from kratomlog.store.changes import Recorder
from kratomlog.store.valid_rows import valid

_SELECT = (
    "SELECT p.id, p.at, s.name, p.grams, p.amount, p.unit, b.code, p.price, p.currency, p.vendor, "
    f"b.mitragynine_pct, s.mitragynine_pct, s.form FROM {valid('purchase')} p JOIN strain s ON s.id = p.strain_id "
    "LEFT JOIN batch b ON b.id = p.batch_id"
)


def _purchase(row: tuple) -> Purchase:
    (i, at, strain, grams, amount, unit, code, price, currency, vendor, batch_pct, strain_pct, form) = row
    label = batch_pct if batch_pct is not None else strain_pct
    estimate = potency(1.0, form, label)
    return Purchase(at=at, strain=strain, grams=grams, amount=amount, unit=unit, batch=code, price=price,
                    currency=currency, vendor=vendor, mitragynine_pct=estimate.pct,
                    pct_estimated=estimate.estimated, id=i)


def add(recorder: Recorder, values: dict) -> int:
    return recorder.add("purchase", {k: v for k, v in values.items() if v is not None})


def all_purchases(conn: sqlite3.Connection, since: int | None = None) -> list[Purchase]:
    where, params = ("WHERE p.at >= ?", (since,)) if since is not None else ("", ())
    return [_purchase(r) for r in conn.execute(f"{_SELECT} {where} ORDER BY p.at, p.id", params)]


def has_purchases(conn: sqlite3.Connection) -> bool:
    return conn.execute(f"SELECT 1 FROM {valid('purchase')} LIMIT 1").fetchone() is not None


def last_currency(conn: sqlite3.Connection) -> str | None:
    """The currency of the most recent priced purchase (the default for the next one)."""
    row = conn.execute(f"SELECT currency FROM {valid('purchase')} WHERE currency IS NOT NULL ORDER BY at DESC, id DESC LIMIT 1"
                       ).fetchone()
    return row[0] if row else None


def used_since(conn: sqlite3.Connection, start: int) -> list[Used]:
    """Doses from `start` on, as stock sees them (strain name, batch code)."""
    rows = conn.execute(
        f"SELECT d.at, d.grams, s.name, b.code FROM {valid('dose')} d LEFT JOIN strain s ON s.id = d.strain_id "
        "LEFT JOIN batch b ON b.id = d.batch_id WHERE d.at >= ? ORDER BY d.at, d.id", (start,)).fetchall()
    return [Used(at, grams, name, code) for at, grams, name, code in rows]


def grams_per_day(conn: sqlite3.Connection, now: int, settings: Settings, count: int = AVERAGE_DAYS) -> float:
    """Mean grams a day over the last `count` finished days (days without use count as 0)."""
    window = days.last_finished_days(now, count, settings)
    rows = conn.execute(f"SELECT at, grams FROM {valid('dose')} WHERE at >= ? AND at < ?",
                        days.days_range(window[0], window[-1], settings)).fetchall()
    return mean_grams_per_day([Used(at, grams, None) for at, grams in rows], now, settings, count)
