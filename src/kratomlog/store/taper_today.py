"""The dose line's one question about a taper plan — how much of the day's allowance is left — asked
cheaply: one query on the small `taper_plan` table, and the schedule maths
(`store.taper_store`, `core.taper`) imported only when a plan may cover the day."""

from __future__ import annotations

import sqlite3
from datetime import date

from kratomlog.store.taper_cover import MAY_COVER


def remaining_on(conn: sqlite3.Connection, day: date, used: float) -> tuple[float, float, float, float] | None:
    """(allowance, used, left, over) in grams on `day`, given the grams `used` that day (the dose
    command already summed them), or None when no plan covered it."""
    if conn.execute(f"SELECT 1 FROM taper_plan WHERE {MAY_COVER} LIMIT 1", {"day": day.isoformat()}).fetchone() is None:
        return None
    from kratomlog.store import taper_store

    allowance = taper_store.allowance_on(conn, day)
    return None if allowance is None else taper_store.against_allowance(allowance, used)
