"""Strain names: the folded key that makes names unique ignoring case and spacing, and the
near-duplicate check (edit distance ≤ 2 after folding) that catches typos."""

from __future__ import annotations

from kratomlog.core.invalid import Invalid
from kratomlog.core.safe_text import check_text

MAX_NAME = 80


def clean_name(name: str) -> str:
    """The name as shown: surrounding space removed, inner runs of space collapsed."""
    cleaned = " ".join(check_text(name, "a strain name").split())
    if not cleaned:
        raise Invalid("a strain name cannot be empty")
    if len(cleaned) > MAX_NAME:
        raise Invalid(f"a strain name can be at most {MAX_NAME} characters; got {len(cleaned)}")
    return cleaned


def fold(name: str) -> str:
    """The uniqueness key: case-folded with all white space removed ("Red  bali" == "redbali")."""
    return "".join(name.split()).casefold()


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance, stopping early once it exceeds `limit` (returns limit + 1)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def near_duplicates(name: str, existing: list[str], distance: int = 2) -> list[str]:
    """Existing names within `distance` edits of `name` after folding (exact folded matches excluded)."""
    key = fold(name)
    return [other for other in existing if fold(other) != key and edit_distance(key, fold(other), distance) <= distance]
