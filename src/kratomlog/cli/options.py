"""Validation of option values shared by several commands (reasons, 0–10 scores, notes, percentages)."""

from __future__ import annotations

from kratomlog.core.vocab import REASONS
from kratomlog.core.invalid import Invalid
from kratomlog.core.safe_text import check_text

MAX_NOTE = 2000


def reasons(values: list[str]) -> tuple[str, ...]:
    found: list[str] = []
    for value in values:
        for part in value.split(","):
            word = part.strip().lower()
            if not word:
                continue
            if word not in REASONS:
                raise Invalid(f"unknown reason {part.strip()!r}; reasons are {', '.join(REASONS)}")
            if word not in found:
                found.append(word)
    return tuple(found)


def score(value: str | None, name: str, *, required: bool = False) -> int | None:
    if value is None:
        if required:
            raise Invalid(f"{name} needs a whole number from 0 to 10")
        return None
    text = value.strip()
    if not text.isdigit() or not 0 <= int(text) <= 10:
        raise Invalid(f"{name} takes a whole number from 0 to 10; got {value!r}")
    return int(text)


def note(value: str | None) -> str | None:
    if value is None:
        return None
    value = check_text(value, "the note", newlines=True).strip()
    if len(value) > MAX_NOTE:
        raise Invalid(f"a note can be at most {MAX_NOTE} characters; got {len(value)}")
    return value or None


def percentage(value: str, name: str) -> float:
    """A mitragynine percentage by weight: a number above 0 and at most 100 (`1.4`, `1.4%`)."""
    text = value.strip().removesuffix("%").strip()
    try:
        pct = float(text)
    except ValueError:
        pct = None
    if pct is None or pct != pct or not 0 < pct <= 100:
        raise Invalid(f"{name} is a percentage by weight above 0 and at most 100, like 1.4; got {value!r}")
    return pct


def rating_with_dose(stress: str | None, craving: str | None) -> tuple[int, int | None] | None:
    """`dose --stress N --craving N`: (stress, craving), or None when neither is given. A rating
    always has a stress score, so --craving alone is refused."""
    if stress is None and craving is None:
        return None
    if stress is None:
        raise Invalid("--craving needs --stress too: a rating always has a stress score (e.g. --stress 5 --craving 3)")
    return score(stress, "--stress", required=True), score(craving, "--craving")
