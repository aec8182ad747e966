"""Parsing what `kratomlog other` logs: the substance (one of `entries.SUBSTANCES`) and a free-text amount."""

from __future__ import annotations

from kratomlog.core.entries import SUBSTANCES
from kratomlog.core.invalid import Invalid
from kratomlog.core.safe_text import check_text

MAX_AMOUNT = 100  # the same limit as `edit oN --amount`


def parse_substance(text: str) -> str:
    """Case, spaces and underscores are forgiven ('Sleep aid' → sleep-aid), as `edit --substance` does."""
    word = "-".join(text.strip().lower().replace("_", " ").split())
    if word not in SUBSTANCES:
        raise Invalid(f"unknown substance {text.strip()!r}; substances are {', '.join(SUBSTANCES)}")
    return word


def parse_other_amount(text: str | None) -> str | None:
    """Free text such as '2 drinks' or '10 mg'; blank means none."""
    if text is None:
        return None
    value = " ".join(check_text(text, "--amount").split())
    if len(value) > MAX_AMOUNT:
        raise Invalid(f"--amount can be at most {MAX_AMOUNT} characters; got {len(value)}")
    return value or None
