"""Reads behind `week` and `trends`: only the window of days asked for, as plain tuples.

One query per table over the window's [start, end) instants (indexes on `dose.at`, `rating.at`,
`questionnaire.at`), in the shapes `core.weekly` takes: dose `(at, grams, strain, mitragynine_mg,
utc_offset)`, rating `(at, stress, craving, pain, utc_offset)`, SOWS `(at, total, utc_offset)`, no-use
day `date`. The instants read reach a day further each way (`ZONE_MARGIN`): an entry logged in
another zone belongs to the day of the place it was logged, which core.weekly works out.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from kratomlog.core.days import days_range, local_day
from kratomlog.core.settings import Settings
from kratomlog.store.entries_read import first_entry_at
from kratomlog.store.valid_rows import valid


ZONE_MARGIN = 2 * 86400  # seconds: more than any two zones are apart (UTC-12 to UTC+14 is 26 h)


@dataclass(frozen=True)
class Window:
    doses: list[tuple]
    ratings: list[tuple]
    sows: list[tuple]
    no_use_days: list[date]
    first_entry_day: date | None


def first_entry_day(conn: sqlite3.Connection, settings: Settings) -> date | None:
    """The local day of the first entry ever, a deliberate no-use day included."""
    at = first_entry_at(conn)
    days = [local_day(at, settings)] if at is not None else []
    (first_no_use,) = conn.execute(f"SELECT min(day) FROM {valid('no_use_day')}").fetchone()
    if first_no_use is not None:
        days.append(date.fromisoformat(first_no_use))
    return min(days) if days else None


def seven_oh_by_day(conn: sqlite3.Connection, first: date, last: date, settings: Settings) -> dict[date, float]:
    """Estimated 7-OH mg per local day first..last (label content; only days with such a dose)."""
    start, end = days_range(first, last, settings)
    found: dict[date, float] = {}
    for at, mg in conn.execute(
        f"SELECT at, seven_oh_mg FROM {valid('dose')} WHERE at >= ? AND at < ? AND seven_oh_mg IS NOT NULL", (start, end)
    ):
        day = local_day(at, settings)
        found[day] = found.get(day, 0.0) + mg
    return found


def read_window(conn: sqlite3.Connection, first: date, last: date, settings: Settings) -> Window:
    """Everything logged on the local days first..last inclusive."""
    start, end = days_range(first, last, settings)
    start, end = start - ZONE_MARGIN, end + ZONE_MARGIN
    doses = conn.execute(
        f"SELECT d.at, d.grams, s.name, d.mitragynine_mg, d.utc_offset FROM {valid('dose')} d LEFT JOIN strain s ON s.id = d.strain_id "
        "WHERE d.at >= ? AND d.at < ?",
        (start, end),
    ).fetchall()
    ratings = conn.execute(
        f"SELECT at, stress, craving, pain, utc_offset FROM {valid('rating')} WHERE at >= ? AND at < ?", (start, end)
    ).fetchall()
    sows = conn.execute(
        f"SELECT at, total, utc_offset FROM {valid('questionnaire')} WHERE at >= ? AND at < ? AND instrument = 'sows' "
        "AND total IS NOT NULL",
        (start, end),  # a partial check-in has no total to show
    ).fetchall()
    no_use = [
        date.fromisoformat(day)
        for (day,) in conn.execute(
            f"SELECT day FROM {valid('no_use_day')} WHERE day >= ? AND day <= ?", (first.isoformat(), last.isoformat())
        )
    ]
    return Window(doses, ratings, sows, no_use, first_entry_day(conn, settings))
