"""The taper part the dose confirmation line ends with while a plan is in force (Typer-free: the
fast path runs it after every dose)."""

from __future__ import annotations


def dose_suffix(db, day_total) -> str:
    """` · taper: 1.25 g left of 6 g today` for the dose line, or "" when no plan covers the day."""
    from kratomlog.render.lines import taper_suffix
    from kratomlog.store.taper_today import remaining_on

    found = remaining_on(db.conn, day_total.day, day_total.grams)
    return taper_suffix(found, None if day_total.is_today else day_total.day)
