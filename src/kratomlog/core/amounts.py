"""Dose amounts as a person types them: parsing, normalising to grams of product, and display.

Teaspoon and tablespoon conversions are community estimates (EVIDENCE.md §4, heuristic):
1 level tsp of fine leaf powder ≈ 2.5 g (2–3 g by grind and packing), 1 tbsp = 3 tsp ≈ 7.5 g.
"""

from __future__ import annotations

from kratomlog.core.records import NamedTuple

import math
import re

from kratomlog.core.invalid import Invalid
from kratomlog.core.numbers import number_text
from kratomlog.core.safe_text import check_text
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
    "tablet": "tablet",
    "tablets": "tablet",
    "shot": "shot",
    "shots": "shot",
}
# Units that count a product's own pieces: tablets and liquid shots (`strain add --unit`).
COUNTED_UNITS = ("tablet", "shot")

_AMOUNT = re.compile(r"([0-9]+(?:\.[0-9]+)?|\.[0-9]+)\s*([a-z]*)", re.ASCII)
# `1/2tsp`, `1 1/2 g` (after the vulgar fractions below are spelled out as `1/2`).
_FRACTION = re.compile(r"(?:([0-9]{1,9}) +)?([0-9]{1,6})/([0-9]{1,6})\s*([a-z]*)", re.ASCII)
_FRACTION_WORD = re.compile(r"[0-9]+/[0-9]+", re.ASCII)
VULGAR_FRACTIONS = {"½": "1/2", "¼": "1/4", "¾": "3/4", "⅛": "1/8", "⅜": "3/8", "⅝": "5/8", "⅞": "7/8",
                    "⅓": "1/3", "⅔": "2/3", "⅕": "1/5", "⅖": "2/5", "⅗": "3/5", "⅘": "4/5"}  # fmt: skip
FRACTION_DECIMALS = 3  # a fraction is taken only when it is an exact decimal of at most 3 places
_THOUSANDS = re.compile(r"[0-9],[0-9]{3}(?![0-9])")
_DECIMAL_COMMA = re.compile(r"[0-9],[0-9]")


def _accepted(default_unit: str | None) -> str:
    return (
        "amounts look like 3.5g, 3.5 g, 500mg, 2caps, 1tsp, 1tbsp, 1/2tsp, 1 1/2 g, 1tablet, 2shots, "
        f"or a bare number in {default_unit or 'your default unit'}"
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


def not_positive(text: str, default_unit: str = "g") -> str:
    """The refusal for `-1g` or `0`, also used where an argument parser saw `-1g` as an option."""
    return f"the amount must be more than 0 (got {text.strip()!r}); {_accepted(default_unit)}"


def _spell_fractions(text: str) -> str:
    """`½` → ` 1/2` so `1½ tsp` and `½tsp` read like `1 1/2 tsp` and `1/2tsp`."""
    for glyph, spelled in VULGAR_FRACTIONS.items():
        text = text.replace(glyph, f" {spelled}")
    return " ".join(text.split())


def _fraction_value(match: re.Match[str], text: str) -> float:
    whole, numerator, denominator = (int(n) if n else 0 for n in match.groups()[:3])
    if numerator == 0 or denominator == 0 or (match.group(1) and numerator >= denominator):
        raise Invalid(f"cannot read the fraction in {text.strip()!r}; fractions look like 1/2tsp or 1 1/2 g")
    scaled = (whole * denominator + numerator) * 10**FRACTION_DECIMALS
    if scaled % denominator:
        raise Invalid(
            f"{numerator}/{denominator} is not an exact decimal; write the amount as a decimal "
            f"(e.g. {(whole * denominator + numerator) / denominator:.2f}{match.group(4) or ''})"
        )
    return scaled // denominator / 10**FRACTION_DECIMALS


def parse_amount(text: str, default_unit: str | None = "g") -> Amount:
    """Read `3.5g`, `3.5 g`, `500mg`, `2caps`, `1tsp`, `1tbsp`, a fraction (`1/2tsp`, `½ tsp`,
    `1 1/2 g`) or a bare number (default unit). `default_unit=None` reads the amount before the
    database (which holds the default unit) is opened: a bare number then has the unit
    UNIT_NOT_GIVEN until `in_default_unit` gives it one."""
    if default_unit is not None and default_unit not in UNITS:
        raise Invalid(f"default unit must be one of {', '.join(UNITS)}; got {default_unit!r}")
    cleaned = _spell_fractions(text.strip().lower())
    if _THOUSANDS.search(cleaned):
        raise Invalid(f"amount {text.strip()!r}: no thousands separators: {cleaned.replace(',', '')}")
    if _DECIMAL_COMMA.search(cleaned):
        raise Invalid(f"amount {text!r}: use a dot for decimals (3.5g); {_accepted(default_unit)}")
    if cleaned.startswith("-"):
        raise Invalid(not_positive(text, default_unit))
    if fraction := _FRACTION.fullmatch(cleaned):
        value, word = _fraction_value(fraction, text), fraction.group(4)
        number = None
    elif match := _AMOUNT.fullmatch(cleaned):
        number, word = match.groups()
    else:
        raise Invalid(f"cannot read amount {text!r}; {_accepted(default_unit)}")
    if word and word not in UNIT_WORDS:
        raise Invalid(f"unknown unit {word!r} in {text!r}; {_accepted(default_unit)}")
    if number is not None:
        value = float(number)
    if not math.isfinite(value):
        raise Invalid(f"amount {text!r} is too large; {_accepted(default_unit)}")
    if value <= 0:
        raise Invalid(not_positive(text, default_unit))
    return Amount(value, UNIT_WORDS[word] if word else (default_unit or UNIT_NOT_GIVEN))


UNIT_NOT_GIVEN = ""


def in_default_unit(amount: Amount, default_unit: str) -> Amount:
    """A bare number read with `parse_amount(text, None)`, now in the person's default unit."""
    if amount.unit != UNIT_NOT_GIVEN:
        return amount
    if default_unit not in UNITS:
        raise Invalid(f"default unit must be one of {', '.join(UNITS)}; got {default_unit!r}")
    return Amount(amount.value, default_unit)


def split_dose_words(words: list[str]) -> tuple[str, str | None]:
    """Split the words after `dose` into (amount text, strain name or None).

    A unit word in second place belongs to the number (`3.5 g Red Bali`); a unit word is never a
    strain name.
    """
    if not words or not words[0].strip():
        raise Invalid('dose needs an amount first, e.g. kratomlog dose 3.5g "Red Bali"')
    amount_text = words[0].strip()
    rest = list(words[1:])
    if rest:
        check_text(" ".join(rest), "the strain name")
    if rest and amount_text.isdigit() and _is_fraction_word(rest[0]):  # `1 1/2 g`, `1 ½ tsp`
        amount_text = f"{amount_text} {rest.pop(0).strip()}"
    if rest and is_unit_word(rest[0]):
        amount_text = f"{amount_text} {rest.pop(0).strip()}"
    strain = " ".join(" ".join(rest).split()) or None
    if strain is not None and is_unit_word(strain):
        raise Invalid(
            f"{strain!r} is a unit, not a strain name; write the amount as one word or two "
            "(3.5g or 3.5 g) followed by the strain"
        )
    return amount_text, strain


def _is_fraction_word(word: str) -> bool:
    word = word.strip()
    return bool(_FRACTION_WORD.fullmatch(word)) or word in VULGAR_FRACTIONS


def to_grams(amount: Amount, capsule_grams: float | None = None, *, strain: str | None = None, form: str | None = None,
             unit_name: str | None = None, unit_grams: float | None = None) -> float:
    """Grams of product; caps need the strain's capsule size (the refusal names `strain` and its
    `form`); tablets and shots need a product sold in that unit with its weight; tsp/tbsp are estimates."""
    if amount.unit in COUNTED_UNITS:
        return _counted_grams(amount, strain, unit_name, unit_grams)
    if amount.unit == "g":
        return amount.value
    if amount.unit == "mg":
        return amount.value / 1000
    if amount.unit == "caps":
        if capsule_grams is None:
            caps = f"{typed_number(amount.value)}caps"
            if strain is None:
                raise Invalid(f"{caps} needs the strain's capsule size: kratomlog strain edit NAME --capsule-grams 0.5")
            fix = f"kratomlog strain edit {strain!r} --capsule-grams 0.5"
            if form is not None and form != "capsule":
                raise Invalid(
                    f"{strain!r} is a {form}, with no capsule size, so {caps} cannot be weighed; give grams "
                    f"(e.g. 3g), or if you put it in capsules, set their size: {fix}"
                )
            raise Invalid(f"{strain!r} has no capsule size yet, so {caps} cannot be weighed; set it: {fix}")
        if not math.isfinite(capsule_grams) or capsule_grams <= 0:
            raise Invalid(f"capsule size must be more than 0 g; got {capsule_grams!r}")
        return amount.value * capsule_grams
    if amount.unit == "tsp":
        return amount.value * TSP_GRAMS
    if amount.unit == "tbsp":
        return amount.value * TBSP_GRAMS
    raise Invalid(f"unknown unit {amount.unit!r}; units are {', '.join(UNITS)}")


def _counted_grams(amount: Amount, strain: str | None, unit_name: str | None, unit_grams: float | None) -> float:
    count = f"{typed_number(amount.value)}{amount.unit}"
    name = repr(strain) if strain else "the strain"
    fix = f"kratomlog strain edit {strain or 'NAME'!r} --unit {amount.unit} --unit-grams 0.5"
    if unit_name != amount.unit:
        sold = f"sold by the {unit_name}" if unit_name else "not sold in counted units"
        raise Invalid(f"{name} is {sold}, so {count} cannot be weighed; give grams (e.g. 0.5g), or set its unit: {fix}")
    if unit_grams is None:
        raise Invalid(f"{name} has no weight per {amount.unit} yet, so {count} cannot be weighed; set it: {fix}")
    return amount.value * unit_grams


def typed_number(value: float) -> str:
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
    if amount.unit in COUNTED_UNITS and amount.value != 1:
        unit += "s"  # 2 tablets, 2 shots
    return f"{typed_number(amount.value)} {unit}"


def format_amount(amount: Amount) -> str:
    """Short display: "3.5 g", "2 caps", "1 tsp (≈2.5 g, estimate)"."""
    if not amount.estimate:
        return amount_text(amount)
    # the grams that are stored and added up, to the 2 decimals every gram figure is shown with
    return f"{amount_text(amount)} (≈{number_text(to_grams(amount), 2)} g, estimate)"
