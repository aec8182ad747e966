"""Purchases as a person types them: the amount bought (g, kg, oz, or a count of capsules of a
strain with a capsule size, or of tablets/shots of a product sold by the tablet/shot with its
weight), the price and its currency.

Money is kept per currency and never converted: there is no exchange rate in a local tool.
"""

from __future__ import annotations

import math
import re
from kratomlog.core.records import NamedTuple

from kratomlog.core.amounts import UNIT_WORDS, Amount, to_grams, typed_number
from kratomlog.core.invalid import Invalid

OUNCE_GRAMS = 28.349523125  # international avoirdupois ounce
MAX_PRICE = 1_000_000_000.0

# Weight units a purchase may be written in → grams per unit.
WEIGHT_UNITS: dict[str, float] = {"g": 1.0, "mg": 0.001, "kg": 1000.0, "oz": OUNCE_GRAMS}
_WEIGHT_WORDS: dict[str, str] = {
    "kg": "kg", "kilo": "kg", "kilos": "kg", "kilogram": "kg", "kilograms": "kg",
    "oz": "oz", "ounce": "oz", "ounces": "oz",
}
# Count units: one unit weighs the strain's unit size. Dose spellings (caps) are reused.
COUNT_UNITS = ("caps", "tablet", "shot")
_COUNT_WORDS: dict[str, str] = {
    "tablet": "tablet", "tablets": "tablet", "tab": "tablet", "tabs": "tablet",
    "shot": "shot", "shots": "shot",
}
PURCHASE_WORDS: dict[str, str] = {
    **{w: u for w, u in UNIT_WORDS.items() if u in ("g", "mg", "caps")},
    **{w: u for w, u in UNIT_WORDS.items() if u in COUNT_UNITS},
    **_WEIGHT_WORDS,
    **_COUNT_WORDS,
}
PURCHASE_ACCEPTED = "amounts bought look like 50g, 0.5kg, 250 g, 4oz, or 100caps / 30tablets of a strain with a unit size"

_AMOUNT = re.compile(r"([0-9]+(?:\.[0-9]+)?|\.[0-9]+)\s*([a-z]*)", re.ASCII)
_CURRENCY = re.compile(r"[A-Za-z]{3}", re.ASCII)
_PRICE = re.compile(r"[0-9]+(?:\.[0-9]+)?|\.[0-9]+", re.ASCII)


class Bought(NamedTuple):
    value: float
    unit: str  # g, mg, kg, oz, caps, tablet, shot


def parse_bought(text: str) -> Bought:
    """Read the amount of a purchase: `50g`, `0.5 kg`, `4oz`, `100caps`, `30 tablets`."""
    cleaned = text.strip().lower()
    if re.search(r"[0-9],[0-9]", cleaned):
        raise Invalid(f"amount {text!r}: use a dot for decimals (0.5kg); {PURCHASE_ACCEPTED}")
    match = _AMOUNT.fullmatch(cleaned)
    if cleaned.startswith("-") or match is None:
        raise Invalid(f"cannot read the amount bought {text!r}; {PURCHASE_ACCEPTED}")
    number, word = match.groups()
    if not word:
        raise Invalid(f"the amount bought {text!r} needs a unit; {PURCHASE_ACCEPTED}")
    if word not in PURCHASE_WORDS:
        raise Invalid(f"unknown unit {word!r} in {text!r}; {PURCHASE_ACCEPTED}")
    value = float(number)
    if not math.isfinite(value) or value <= 0:
        raise Invalid(f"the amount bought {text!r} must be more than 0; {PURCHASE_ACCEPTED}")
    return Bought(value, PURCHASE_WORDS[word])


def bought_grams(bought: Bought, strain: str, *, capsule_grams: float | None = None, form: str | None = None,
                 unit_name: str | None = None, unit_grams: float | None = None) -> float:
    """Grams of product. A count is weighed as a dose in that unit is (`core.amounts.to_grams`):
    capsules by the strain's capsule size, tablets and shots by the unit the product is sold in
    (`strain edit NAME --unit tablet --unit-grams 0.5`), never one by the other's size."""
    if bought.unit in WEIGHT_UNITS:
        return bought.value * WEIGHT_UNITS[bought.unit]
    return to_grams(Amount(bought.value, bought.unit), capsule_grams, strain=strain, form=form, unit_name=unit_name,
                    unit_grams=unit_grams)


def bought_text(bought: Bought) -> str:
    """The amount in a form parse_bought reads back: '50 g', '1 tablet', '100 caps'."""
    unit = bought.unit
    if bought.value != 1 and unit in ("tablet", "shot"):
        unit += "s"
    if bought.value == 1 and unit == "caps":
        unit = "cap"
    return f"{typed_number(bought.value)} {unit}"


def parse_price(text: str) -> float:
    """A price: a plain non-negative decimal number (24.99); 0 is a gift or a free sample."""
    cleaned = text.strip()
    if not _PRICE.fullmatch(cleaned):
        raise Invalid(f"--price takes an amount of money like 24.99 (0 or more, dot for decimals); got {text!r}")
    value = float(cleaned)
    if not math.isfinite(value) or value > MAX_PRICE:
        raise Invalid(f"--price {text!r} is too large; prices go up to {MAX_PRICE:,.0f}")
    return value


def check_price(value: float) -> float:
    """The same range check for a price that arrives as a number (import)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or value < 0 or value > MAX_PRICE:
        raise Invalid(f"a price is a finite number from 0 to {MAX_PRICE:,.0f}; got {value!r}")
    return float(value)


def parse_currency(text: str) -> str:
    """A three-letter currency code (ISO 4217 style: USD, EUR, GBP), upper-cased."""
    cleaned = text.strip()
    if not _CURRENCY.fullmatch(cleaned):
        raise Invalid(f"--currency takes a three-letter code such as USD, EUR or GBP; got {text!r}")
    return cleaned.upper()


def money(value: float, currency: str) -> str:
    """'24.99 USD' — two decimals, the code after the number (never mixed in one figure)."""
    return f"{value:,.2f} {currency}"
