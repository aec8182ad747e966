"""Dose amounts as a person types them: parsing, normalising to grams of product, and display.

Teaspoon and tablespoon conversions are community estimates (EVIDENCE.md §4, heuristic):
1 level tsp of fine leaf powder ≈ 2.5 g (2–3 g by grind and packing), 1 tbsp = 3 tsp ≈ 7.5 g.
"""

from __future__ import annotations

from typing import NamedTuple

import math
import re

from kratomlog.core.invalid import Invalid
from kratomlog.core.settings import UNITS

TSP_GRAMS = 2.5  # heuristic, EVIDENCE.md §4
TBSP_GRAMS = 7.5  # heuristic, EVIDENCE.md §4: 3 teaspoons

# Every word a person may type for a unit (lower case) → the canonical unit.
UNIT_WORDS: dict[str, str] = {
    "g": "g",
    "gram": "g",
    "grams": "g",
    "mg": "mg",
    "milligram": "mg",
    "milligrams": "mg",
    "cap": "caps",
    "caps": "caps",
    "capsule": "caps",
    "capsules": "caps",
    "tsp": "tsp",
    "teaspoon": "tsp",
    "teaspoons": "tsp",
    "tbsp": "tbsp",
    "tablespoon": "tbsp",
    "tablespoons": "tbsp",
}

_AMOUNT = re.compile(r"([0-9]+(?:\.[0-9]+)?|\.[0-9]+)\s*([a-z]*)", re.ASCII)
_DECIMAL_COMMA = re.compile(r"[0-9],[0-9]")


def _accepted(default_unit: str) -> str:
    return (
        "amounts look like 3.5g, 3.5 g, 500mg, 2caps, 1tsp, 1tbsp, "
        f"or a bare number in {default_unit}"
    )


class Amount(NamedTuple):
    value: float  # the number as entered
    unit: str  # canonical: "g", "mg", "caps", "tsp", "tbsp"

    @property
    def estimate(self) -> bool:
        """True when the gram value is a volume estimate (tsp/tbsp)."""
        return self.unit in ("tsp", "tbsp")


def is_unit_word(word: str) -> bool:
    """True for any spelling of a unit (g, grams, caps, Teaspoon…), case-insensitive."""
    return word.strip().lower() in UNIT_WORDS


def parse_amount(text: str, default_unit: str = "g") -> Amount:
    """Read `3.5g`, `3.5 g`, `500mg`, `2caps`, `1tsp`, `1tbsp` or a bare number (default unit)."""
    if default_unit not in UNITS:
        raise Invalid(f"default unit must be one of {', '.join(UNITS)}; got {default_unit!r}")
    cleaned = text.strip().lower()
    if _DECIMAL_COMMA.search(cleaned):
        raise Invalid(f"amount {text!r}: use a dot for decimals (3.5g); {_accepted(default_unit)}")
    if cleaned.startswith("-"):
        raise Invalid(f"amount {text!r} must be more than 0; {_accepted(default_unit)}")
    match = _AMOUNT.fullmatch(cleaned)
    if match is None:
        raise Invalid(f"cannot read amount {text!r}; {_accepted(default_unit)}")
    number, word = match.groups()
    if word and word not in UNIT_WORDS:
        raise Invalid(f"unknown unit {word!r} in {text!r}; {_accepted(default_unit)}")
    value = float(number)
    if not math.isfinite(value):
        raise Invalid(f"amount {text!r} is too large; {_accepted(default_unit)}")
    if value <= 0:
        raise Invalid(f"amount {text!r} must be more than 0; {_accepted(default_unit)}")
    return Amount(value, UNIT_WORDS[word] if word else default_unit)


def split_dose_words(words: list[str]) -> tuple[str, str | None]:
    """Split the words after `dose` into (amount text, strain name or None).

    A unit word in second place belongs to the number (`3.5 g Red Bali`); a unit word is never a
    strain name.
    """
    if not words or not words[0].strip():
        raise Invalid('dose needs an amount first, e.g. kratomlog dose 3.5g "Red Bali"')
    amount_text = words[0].strip()
    rest = list(words[1:])
    if rest and is_unit_word(rest[0]):
        amount_text = f"{amount_text} {rest.pop(0).strip()}"
    strain = " ".join(" ".join(rest).split()) or None
    if strain is not None and is_unit_word(strain):
        raise Invalid(
            f"{strain!r} is a unit, not a strain name; write the amount as one word or two "
            "(3.5g or 3.5 g) followed by the strain"
        )
    return amount_text, strain


def to_grams(amount: Amount, capsule_grams: float | None = None) -> float:
    """Grams of product; caps need the strain's capsule size; tsp/tbsp are estimates."""
    if amount.unit == "g":
        return amount.value
    if amount.unit == "mg":
        return amount.value / 1000
    if amount.unit == "caps":
        if capsule_grams is None:
            raise Invalid(
                f"{_number(amount.value)}caps needs the strain's capsule size: "
                "kratomlog strain edit NAME --capsule-grams 0.5"
            )
        if not math.isfinite(capsule_grams) or capsule_grams <= 0:
            raise Invalid(f"capsule size must be more than 0 g; got {capsule_grams!r}")
        return amount.value * capsule_grams
    if amount.unit == "tsp":
        return amount.value * TSP_GRAMS
    if amount.unit == "tbsp":
        return amount.value * TBSP_GRAMS
    raise Invalid(f"unknown unit {amount.unit!r}; units are {', '.join(UNITS)}")


def _number(value: float) -> str:
    """The shortest text that reads back as the same float, never in exponent form (the digits of
    `repr`, with an exponent written out as zeros; no decimal import on the logging path)."""
    text = repr(value)
    if "e" in text:
        mantissa, exponent = text.split("e")
        sign = "-" if mantissa.startswith("-") else ""
        mantissa = mantissa.lstrip("-")
        whole, _, fraction = mantissa.partition(".")
        digits = whole + fraction
        point = len(whole) + int(exponent)
        if point <= 0:
            text = sign + "0." + "0" * -point + digits
        elif point >= len(digits):
            text = sign + digits + "0" * (point - len(digits))
        else:
            text = sign + digits[:point] + "." + digits[point:]
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def amount_text(amount: Amount) -> str:
    """The amount alone, in a form parse_amount reads back: "3.5 g", "1 cap", "2 tsp"."""
    unit = "cap" if amount.unit == "caps" and amount.value == 1 else amount.unit
    return f"{_number(amount.value)} {unit}"


def format_amount(amount: Amount) -> str:
    """Short display: "3.5 g", "2 caps", "1 tsp (≈2.5 g, estimate)"."""
    if not amount.estimate:
        return amount_text(amount)
    grams = to_grams(amount)
    shown = round(grams, 1) if grams >= 1 else float(f"{grams:.2g}")
    return f"{amount_text(amount)} (≈{_number(shown)} g, estimate)"
