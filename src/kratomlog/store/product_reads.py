"""The reads behind `batch list`, `coa show`, `stock`, `spend`, the spend line of week/trends and the
report's product section: plain values built from plain sqlite3 queries."""

from __future__ import annotations

import sqlite3

from kratomlog.core.batches import batch_json
from kratomlog.core.certificates import batch_status, certificate_json
from kratomlog.core.settings import Settings
from kratomlog.core.spend import SpendReport, summarize, totals_between
from kratomlog.core.stock import StockRow, stock
from kratomlog.store import batches as batch_store
from kratomlog.store import purchases as purchase_store
from kratomlog.store.strains import Strain


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


def stock_rows(conn: sqlite3.Connection, now: int, settings: Settings) -> list[StockRow]:
    purchases = purchase_store.all_purchases(conn)
    if not purchases:
        return []
    first = min(p.at for p in purchases)
    return stock(purchases, purchase_store.used_since(conn, first), now, settings)


def spend_report(conn: sqlite3.Connection, now: int, settings: Settings, weeks: int) -> SpendReport:
    return summarize(purchase_store.all_purchases(conn), now, settings, weeks)


def spend_between(conn: sqlite3.Connection, start: int, end: int) -> dict[str, float] | None:
    """Money per currency for purchases in [start, end); None when there are no purchases at all."""
    if not purchase_store.has_purchases(conn):
        return None
    return totals_between(purchase_store.all_purchases(conn, since=start), start, end)
