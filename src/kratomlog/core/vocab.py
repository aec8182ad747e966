"""The fixed vocabularies: strain forms, dose reasons, other substances, entry-kind prefixes.
Kept apart from the dataclasses so the fast logging path can import them cheaply. The database
does not repeat them as CHECK constraints: they are checked here, so a new word is one edit."""

from kratomlog.core.invalid import Invalid

FORMS = ("powder", "capsule", "extract", "tea", "7-oh", "other")


def parse_form(value: str) -> str:
    """A strain form as typed (any case, spaces around) → its stored word; anything else is Invalid."""
    form = value.strip().lower()
    if form not in FORMS:
        raise Invalid(f"unknown form {value!r}; forms are {', '.join(FORMS)}")
    return form


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
KIND_PREFIX = {"dose": "d", "stress": "s", "questionnaire": "q", "other": "o", "no-use": "n",
               "purchase": "p", "batch": "b", "certificate": "c"}
