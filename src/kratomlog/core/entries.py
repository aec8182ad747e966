"""Plain records of what a person logs, as the domain sees them (no database types).

Instants (`at`) are INTEGER UTC epoch seconds everywhere; dates are local calendar days.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

FORMS = ("powder", "capsule", "extract", "tea", "7-oh", "other")
LEAF_FORMS = ("powder", "capsule", "tea")
CONCENTRATE_FORMS = ("extract", "7-oh")
REASONS = ("stress", "pain", "energy", "mood", "focus", "sleep", "social", "withdrawal", "habit", "other")
SUBSTANCES = (
    "alcohol",
    "benzodiazepine",
    "opioid",
    "gabapentinoid",
    "sleep-aid",
    "stimulant",
    "cannabis",
    "other",
)
# Substances the `combination` rule treats as risky beside kratom (EVIDENCE.md §5, §6).
DEPRESSANTS = ("opioid", "benzodiazepine", "alcohol", "gabapentinoid", "sleep-aid")

# Short-id prefixes of each entry kind, and the kind names used in JSON.
KIND_PREFIX = {"dose": "d", "stress": "s", "questionnaire": "q", "other": "o", "no-use": "n"}


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
