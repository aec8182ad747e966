"""Parsing what `kratomlog other` logs: the substance (one of `vocab.SUBSTANCES`, or a name people
use for one, from `vocab.SUBSTANCE_SYNONYMS`) and a free-text amount."""

from __future__ import annotations

from kratomlog.core.invalid import Invalid
from kratomlog.core.safe_text import check_text
from kratomlog.core.vocab import SUBSTANCE_SYNONYMS, SUBSTANCES

MAX_AMOUNT = 100  # the same limit as `edit oN --amount`


def substance_word(text: str) -> str:
    """Case, spaces and underscores forgiven: 'Sleep aid' → 'sleep-aid'."""
    return "-".join(text.strip().lower().replace("_", " ").split())


def parse_substance(text: str) -> str:
    """The category stored: a category itself, or the category of a common name (beer → alcohol)."""
    word = substance_word(text)
    if word in SUBSTANCES:
        return word
    if word in SUBSTANCE_SYNONYMS:
        return SUBSTANCE_SYNONYMS[word]
    from kratomlog.core.names import edit_distance

    distances = {w: edit_distance(word, w, 2) for w in (*SUBSTANCES, *SUBSTANCE_SYNONYMS)} if len(word) >= 4 else {}
    close = min((d, w) for w, d in distances.items()) if distances else (3, "")
    hint = f"did you mean {close[1]}? " if close[0] <= 2 else ""
    raise Invalid(
        f"unknown substance {text.strip()!r}; {hint}substances are {', '.join(SUBSTANCES)} "
        "(common names such as beer, xanax, oxy, lyrica or ambien are understood)"
    )


def synonym_note(text: str, category: str) -> str:
    """" ('beer' is logged as alcohol)" when the typed name is not the category itself, else ""."""
    word = substance_word(text)
    return "" if word == category else f" ({text.strip()!r} is logged as {category})"


def parse_other_amount(text: str | None) -> str | None:
    """Free text such as '2 drinks' or '10 mg'; blank means none."""
    if text is None:
        return None
    value = " ".join(check_text(text, "--amount").split())
    if len(value) > MAX_AMOUNT:
        raise Invalid(f"--amount can be at most {MAX_AMOUNT} characters; got {len(value)}")
    return value or None
