"""The ranges a stored value must fall in, declared once and applied to the command line, to every
import format and when reading an old database: instants from 2000-01-01 to 2099-12-31 (UTC),
amounts finite, above zero and at most 250 g a dose (above 25 g is unusual: the command line asks
for --yes, an import lists it)."""

from __future__ import annotations

import math

FIRST_INSTANT = 946_684_800  # 2000-01-01T00:00:00Z
END_INSTANT = 4_102_444_800  # 2100-01-01T00:00:00Z, excluded: date arithmetic near year 9999 overflows
MAX_DOSE_G = 250.0
LARGE_DOSE_G = 25.0


def instant_problem(ts: object) -> str | None:
    """Why `ts` (epoch seconds) cannot be stored, or None."""
    if isinstance(ts, bool) or not isinstance(ts, (int, float)) or not math.isfinite(ts):
        return f"{ts!r} is not a time"
    if not FIRST_INSTANT <= ts < END_INSTANT:
        return "the time is outside 2000-01-01 to 2099-12-31"
    return None


def grams_problem(grams: object) -> str | None:
    """Why `grams` cannot be a dose, or None."""
    if isinstance(grams, bool) or not isinstance(grams, (int, float)) or not math.isfinite(grams):
        return f"the amount {grams!r} is not a finite number"
    if grams <= 0:
        return f"the amount {grams:g} g is not above 0"
    if grams > MAX_DOSE_G:
        return f"the amount {grams:g} g is above {MAX_DOSE_G:g} g, more than any single dose"
    return None


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
