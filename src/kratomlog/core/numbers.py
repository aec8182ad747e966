"""The one rounding rule for every number kratomlog shows or puts in --json: half up (away from
zero), on the decimal a person would write for the stored value (11.25 → 11.3, 164.5 → 165,
0.125 → 0.13). Stored values are never rounded; only what is shown is.

Python's `round()` and `format()` round half to even on the binary value (`round(164.5)` is 164,
`f"{1.005:.2f}"` is "1.00"); this works on the float's shortest decimal form (`repr`) with integers
instead. No `decimal` import: the logging fast path formats its line with these functions.
"""

from __future__ import annotations

import math


def _decimal_parts(value: float) -> tuple[int, int]:
    """(n, k) with abs(value) written in decimal as n / 10**k, from the shortest repr."""
    text = repr(abs(float(value)))
    mantissa, _, exponent = text.partition("e")
    whole, _, frac = mantissa.partition(".")
    n = int(whole + frac)
    k = len(frac) - (int(exponent) if exponent else 0)
    if k < 0:
        return n * 10**-k, 0
    return n, k


def round_half_up(value: float, places: int = 0) -> float:
    """`value` rounded to `places` decimals, halves away from zero (nan and infinities unchanged)."""
    value = float(value)
    if not math.isfinite(value):
        return value
    n, k = _decimal_parts(value)
    if k > places:
        unit = 10 ** (k - places)
        q, r = divmod(n, unit)
        if 2 * r >= unit:
            q += 1
        n, k = q, places
    result = n / 10**k
    return -result if value < 0 and result else result


def rounded(value: float | int | None, places: int = 2) -> float | int | None:
    """For --json: floats rounded half up to `places` decimals; None, ints and bools pass through."""
    if value is None or isinstance(value, (bool, int)):
        return value
    return round_half_up(value, places)


def fixed(value: float | int | None, places: int = 1) -> str:
    """Exactly `places` decimals, half up: 13.0, 11.3, 165 ("" for None)."""
    if value is None:
        return ""
    shown = round_half_up(value, places)
    return f"{shown + 0.0:.{places}f}"  # + 0.0 turns -0.0 into 0.0


def number_text(value: float, places: int = 2) -> str:
    """Up to `places` decimals, half up, without trailing zeros: 3.5, 2, 0.25, 11.25."""
    text = fixed(value, places)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


JSON_PLACES = 2


def rounded_json(value, places: int = JSON_PLACES):
    """A --json value with every float rounded half up to `places` decimals (lists and dicts
    walked; ints, bools, text and None unchanged). The export document is exact and never passes here."""
    if isinstance(value, float):
        return round_half_up(value, places)
    if isinstance(value, dict):
        return {k: rounded_json(v, places) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [rounded_json(v, places) for v in value]
    return value


def finite_json(value):
    """`value` with every NaN or infinite float replaced by None, and how many were: JSON has no
    NaN or Infinity (writers use allow_nan=False), and a bad stored value must not stop an export."""
    count = 0

    def walk(item):
        nonlocal count
        if isinstance(item, float) and not math.isfinite(item):
            count += 1
            return None
        if isinstance(item, dict):
            return {k: walk(v) for k, v in item.items()}
        if isinstance(item, (list, tuple)):
            return [walk(v) for v in item]
        return item

    return walk(value), count
