"""Crafted data for signal and insight tests, written straight into a kratomlog database file
(thousands of CLI calls would be slow); instants are built from local wall-clock times."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

from helpers import NOW, db_file
from kratomlog.core.clock import from_local, to_local_naive
from kratomlog.store.database import open_database


def today() -> date:
    return to_local_naive(NOW).date()


def at(days_ago: int, hh: int = 9, mm: int = 0) -> int:
    """The instant of hh:mm local time `days_ago` days before NOW's local date."""
    return from_local(datetime.combine(today() - timedelta(days=days_ago), time(hh, mm)))


class Seed:
    def __init__(self):
        self.db = open_database(db_file())
        self.conn = self.db.conn
        self._strains: dict[str, int] = {}

    def strain(self, name: str = "Red", form: str = "powder") -> int:
        if name not in self._strains:
            found = self.conn.execute("SELECT id FROM strain WHERE name_key = ?", (name.lower(),)).fetchone()
            if found:
                self._strains[name] = found[0]
                return found[0]
            self._strains[name] = self.conn.execute(
                "INSERT INTO strain (uuid, name, name_key, form, created_at) VALUES (?, ?, ?, ?, ?)",
                (str(uuid.uuid4()), name, name.lower(), form, NOW),
            ).lastrowid
        return self._strains[name]

    def dose(self, ts: int, grams: float = 2.0, strain: str = "Red", form: str = "powder", reasons: str = "") -> int:
        return self.conn.execute(
            "INSERT INTO dose (uuid, at, amount, unit, grams, strain_id, reasons, created_at) "
            "VALUES (?, ?, ?, 'g', ?, ?, ?, ?)",
            (str(uuid.uuid4()), ts, grams, grams, self.strain(strain, form), reasons, NOW),
        ).lastrowid

    def rating(self, ts: int, stress: int, craving: int | None = None) -> None:
        self.conn.execute(
            "INSERT INTO rating (uuid, at, stress, craving, created_at) VALUES (?, ?, ?, ?, ?)",
            (str(uuid.uuid4()), ts, stress, craving, NOW),
        )

    def questionnaire(self, ts: int, instrument: str, total: int) -> None:
        self.conn.execute(
            "INSERT INTO questionnaire (uuid, at, instrument, total, created_at) VALUES (?, ?, ?, ?, ?)",
            (str(uuid.uuid4()), ts, instrument, total, NOW),
        )

    def other(self, ts: int, substance: str) -> None:
        self.conn.execute(
            "INSERT INTO other_substance (uuid, at, substance, created_at) VALUES (?, ?, ?, ?)",
            (str(uuid.uuid4()), ts, substance, NOW),
        )

    def no_use(self, day: date) -> None:
        self.conn.execute(
            "INSERT INTO no_use_day (uuid, day, created_at) VALUES (?, ?, ?)", (str(uuid.uuid4()), day.isoformat(), NOW)
        )

    def close(self) -> None:
        self.db.close()
