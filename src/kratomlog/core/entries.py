"""Plain records of what a person logs, as the domain sees them (no database types).

Instants (`at`) are INTEGER UTC epoch seconds everywhere; dates are local calendar days.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kratomlog.core.vocab import (  # noqa: F401 — re-exported
    CONCENTRATE_FORMS,
    DEPRESSANTS,
    FORMS,
    KIND_PREFIX,
    LEAF_FORMS,
    REASONS,
    SUBSTANCES,
)


@dataclass(frozen=True)
class Dose:
    at: int
    grams: float
    strain: str | None = None
    form: str | None = None  # the strain's form: powder, capsule, extract, tea, 7-oh, other
    reasons: tuple[str, ...] = ()
    mitragynine_mg: float | None = None
    id: int | None = None


@dataclass(frozen=True)
class Rating:
    at: int
    stress: int
    craving: int | None = None
    pain: int | None = None
    id: int | None = None


@dataclass(frozen=True)
class Questionnaire:
    at: int
    instrument: str  # "sows", "dsm5", "pss10"
    total: int
    items: dict[str, int] = field(default_factory=dict)
    hours_since_dose: float | None = None
    id: int | None = None


@dataclass(frozen=True)
class OtherSubstance:
    at: int
    substance: str
    amount: str | None = None
    id: int | None = None


@dataclass(frozen=True)
class NoUseDay:
    day: date
    id: int | None = None
