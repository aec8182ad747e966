"""Strain names: the folded key that makes names unique ignoring case and spacing, and the checks
that catch a name meant for an existing strain: a near-duplicate (edit distance ≤ 2 after folding,
a typo) or a shortening (a whole word of it, or the start of it: `Red` or `Bali` for `Red Bali`)."""

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


def shortenings_of(name: str, existing: list[str]) -> list[str]:
    """Existing names that `name` shortens: a run of their whole words (`Bali`, `Maeng Da`) or their
    start (`Red B`), ignoring case and spacing (exact folded matches excluded)."""
    key, words = fold(name), name.casefold().split()
    found = []
    for other in existing:
        other_key, other_words = fold(other), other.casefold().split()
        if not key or other_key == key:
            continue
        runs = (other_words[i : i + len(words)] for i in range(len(other_words) - len(words) + 1))
        if other_key.startswith(key) or any(run == words for run in runs):
            found.append(other)
    return found


def meant_names(name: str, existing: list[str]) -> list[str]:
    """Existing names that `name` was probably meant as: shortenings first, then near-typos."""
    found = shortenings_of(name, existing)
    return found + [other for other in near_duplicates(name, existing) if other not in found]
