"""The reads behind `batch list`, `coa show`, `stock`, `spend`, the spend line of week/trends and the
report's product section: plain values built from plain sqlite3 queries."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from kratomlog.core import days

from kratomlog.core.batches import batch_json
from kratomlog.core.certificates import batch_status, certificate_json
from kratomlog.core.settings import Settings
from kratomlog.core.spend import SpendReport, summarize, totals_between
from kratomlog.core.stock import StockRow, stock
from kratomlog.store import batches as batch_store
from kratomlog.store import purchases as purchase_store
from kratomlog.store.strains import Strain
from kratomlog.store.valid_rows import valid


def _dose_counts(conn: sqlite3.Connection) -> dict[int, int]:
    return dict(conn.execute("SELECT batch_id, count(*) FROM dose WHERE batch_id IS NOT NULL GROUP BY batch_id"))


def batch_rows(conn: sqlite3.Connection, now: int, settings: Settings, strain: Strain | None = None) -> list[dict]:
    """batch_json for every batch (of one strain), with its dose count and certificate status."""
    found = batch_store.of_strain(conn, strain.id) if strain else batch_store.all_batches(conn)
    certs = batch_store.certificates_by_batch(conn)
    counts = _dose_counts(conn)
    per_day = purchase_store.grams_per_day(conn, now, settings)
    return [batch_json(b, counts.get(b.id, 0), batch_status(certs.get(b.id, []), per_day), len(certs.get(b.id, [])))
            for b in found]


def certificate_rows(conn: sqlite3.Connection, batch_id: int, now: int, settings: Settings) -> tuple[list[dict], float]:
    per_day = purchase_store.grams_per_day(conn, now, settings)
    return [certificate_json(c, per_day) for c in batch_store.certificates(conn, batch_id)], per_day


def batches_used(conn: sqlite3.Connection, start: int, end: int, now: int, settings: Settings
                 ) -> dict[str, list[tuple[str, str]]]:
    """Strain name → [(batch code, certificate status)] for the batches dosed in [start, end)."""
    rows = conn.execute(
        f"SELECT DISTINCT s.name, b.id, b.code FROM {valid('dose')} d JOIN batch b ON b.id = d.batch_id "
        "JOIN strain s ON s.id = d.strain_id WHERE d.at >= ? AND d.at < ? ORDER BY s.name, b.id", (start, end)
    ).fetchall()
    if not rows:
        return {}
    certs = batch_store.certificates_by_batch(conn)
    per_day = purchase_store.grams_per_day(conn, now, settings)
    found: dict[str, list[tuple[str, str]]] = {}
    for name, batch_id, code in rows:
        found.setdefault(name, []).append((code, batch_status(certs.get(batch_id, []), per_day)))
    return found


def stock_rows(conn: sqlite3.Connection, now: int, settings: Settings) -> list[StockRow]:
    purchases = purchase_store.all_purchases(conn)
    if not purchases:
        return []
    first = min(p.at for p in purchases)
    return stock(purchases, purchase_store.used_since(conn, first), now, settings)


def spend_report(conn: sqlite3.Connection, now: int, settings: Settings, weeks: int) -> SpendReport:
    return summarize(purchase_store.all_purchases(conn), now, settings, weeks)


def week_spend(conn: sqlite3.Connection, first: date, settings: Settings) -> dict | None:
    """`{"week": totals, "previous": totals}` for the week starting `first` and the one before;
    None when there are no purchases at all (then week shows no spend line)."""
    if not purchase_store.has_purchases(conn):
        return None
    purchases = purchase_store.all_purchases(conn, since=days.day_start(first - timedelta(days=7), settings))
    this = days.days_range(first, first + timedelta(days=6), settings)
    before = days.days_range(first - timedelta(days=7), first - timedelta(days=1), settings)
    return {"week": totals_between(purchases, *this), "previous": totals_between(purchases, *before)}


def weeks_spend(conn: sqlite3.Connection, starts: list[date], settings: Settings) -> list[dict] | None:
    """`[{"start", "totals"}]`, one per week of `trends`; None when there are no purchases at all."""
    if not purchase_store.has_purchases(conn) or not starts:
        return None
    purchases = purchase_store.all_purchases(conn, since=days.day_start(min(starts), settings))
    return [{"start": s.isoformat(), "totals": totals_between(purchases, *days.days_range(s, s + timedelta(days=6), settings))}
            for s in starts]
