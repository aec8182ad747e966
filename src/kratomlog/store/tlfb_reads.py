"""Reads behind the Timeline Followback export: the doses and deliberate no-use days of a period of
local days, as `core.tlfb` takes them."""

from __future__ import annotations

import sqlite3
from datetime import date

from kratomlog.core.days import days_range
from kratomlog.core.settings import Settings
from kratomlog.core.tlfb import TlfbDose
from kratomlog.store.valid_rows import valid


def read_period(conn: sqlite3.Connection, first: date, last: date, settings: Settings) -> tuple[list[TlfbDose], list[date]]:
    start, end = days_range(first, last, settings)
    doses = [
        TlfbDose(at, grams, mg, bool(estimated), tuple(r for r in (reasons or "").split(",") if r))
        for at, grams, mg, estimated, reasons in conn.execute(
            f"SELECT at, grams, mitragynine_mg, mitragynine_estimated, reasons FROM {valid('dose')} WHERE at >= ? AND at < ? "
            "ORDER BY at, id",
            (start, end),
        )
    ]
    no_use = [
        date.fromisoformat(day)
        for (day,) in conn.execute(
            f"SELECT day FROM {valid('no_use_day')} WHERE day >= ? AND day <= ?", (first.isoformat(), last.isoformat())
        )
    ]
    return doses, no_use
