"""Short typed ids people type: d12 dose, s4 stress rating, q3 questionnaire, o2 other substance,
n5 no-use day, p7 purchase, b2 batch, c3 lab certificate."""

from __future__ import annotations

import re

from kratomlog.core.vocab import KIND_PREFIX
from kratomlog.core.invalid import Invalid

PREFIX_KIND = {prefix: kind for kind, prefix in KIND_PREFIX.items()}
_PATTERN = re.compile(r"^([a-z])(\d{1,12})$")


def short_id(kind: str, row_id: int) -> str:
    return f"{KIND_PREFIX[kind]}{row_id}"


def parse_short_id(text: str) -> tuple[str, int]:
    match = _PATTERN.match(text.strip().lower())
    if not match or match.group(1) not in PREFIX_KIND:
        raise Invalid(
            f"{text!r} is not an entry id; ids look like d12 (dose), s4 (stress), q3 (questionnaire), "
            "o2 (other substance), n5 (no-use day), p7 (purchase), b2 (batch), c3 (certificate) — see 'kratomlog list'"
        )
    return PREFIX_KIND[match.group(1)], int(match.group(2))


def missing_text(label: str, later_changes: int | None = None) -> str:
    """Why there is no entry `label`: never there (`later_changes` None), or deleted, and how `undo`
    brings it back (after undoing the `later_changes` changes made since)."""
    if later_changes is None:
        return f"there is no entry {label}; see 'kratomlog list'"
    if later_changes == 0:
        return f"{label} was deleted; 'kratomlog undo' brings it back"
    return (
        f"{label} was deleted; 'kratomlog undo' brings it back after undoing the "
        f"{later_changes} later change{'s' if later_changes != 1 else ''} first"
    )
