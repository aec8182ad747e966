"""Plain records of what a person logs, as the domain sees them (no database types).

Named tuples rather than dataclasses: they are built on the fast logging path, where a dataclass
costs about a millisecond each to define.

Instants (`at`) are INTEGER UTC epoch seconds everywhere; dates are local calendar days.
"""

from __future__ import annotations

from types import MappingProxyType
from kratomlog.core.records import NamedTuple
from datetime import date


class Dose(NamedTuple):
    at: int
    grams: float
    strain: str | None = None
    form: str | None = None  # the strain's form: powder, capsule, extract, tea, 7-oh, other
    reasons: tuple[str, ...] = ()
    mitragynine_mg: float | None = None
    id: int | None = None
    mitragynine_pct: float | None = None  # the percentage that applied when it was logged (label or default)
    batch_id: int | None = None  # the batch it came from (None: not recorded)
    utc_offset: int | None = None  # minutes east of UTC where it was logged (None: not stored)


class Rating(NamedTuple):
    at: int
    stress: int
    craving: int | None = None
    pain: int | None = None
    id: int | None = None
    utc_offset: int | None = None


class Questionnaire(NamedTuple):
    at: int
    instrument: str  # "sows", "dsm5", "pss10"
    total: int
    items: Mapping[str, int] = MappingProxyType({})
    hours_since_dose: float | None = None
    id: int | None = None
    utc_offset: int | None = None


class OtherSubstance(NamedTuple):
    at: int
    substance: str
    amount: str | None = None
    id: int | None = None
    utc_offset: int | None = None


class NoUseDay(NamedTuple):
    day: date
    id: int | None = None
