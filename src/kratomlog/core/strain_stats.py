"""Per-strain summary for `strain stats`: doses, grams, estimated mitragynine, mean dose, days used
and the last use, over plain (strain, instant, grams, mg) tuples. Pure: no I/O."""

from __future__ import annotations

from typing import Iterable

from kratomlog.core.records import NamedTuple

from kratomlog.core.days import local_day
from kratomlog.core.settings import Settings

NO_STRAIN = "(no strain)"
JSON_KEYS = ("strain", "doses", "grams", "mitragynine_mg", "mean_dose_g", "days_used", "last_used")


class StrainStats(NamedTuple):
    strain: str
    doses: int
    grams: float
    mitragynine_mg: float | None  # the sum of the doses that have an estimate; None when none has
    mean_dose_g: float
    days_used: int  # local days (day_starts_at respected) with at least one dose of it
    last_used: int  # instant of the latest dose


def summarise(rows: Iterable[tuple[str | None, int, float, float | None]], settings: Settings) -> list[StrainStats]:
    """One StrainStats per strain, most grams first (then by name)."""
    totals: dict[str, list] = {}
    for strain, at, grams, mg in rows:
        entry = totals.setdefault(strain or NO_STRAIN, [0, 0.0, None, set(), at])
        entry[0] += 1
        entry[1] += grams
        if mg is not None:
            entry[2] = (entry[2] or 0.0) + mg
        entry[3].add(local_day(at, settings))
        entry[4] = max(entry[4], at)
    found = [
        StrainStats(name, doses, grams, mg, grams / doses, len(days), last)
        for name, (doses, grams, mg, days, last) in totals.items()
    ]
    return sorted(found, key=lambda s: (-s.grams, s.strain.casefold()))
