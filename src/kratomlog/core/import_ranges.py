"""The ranges every imported value must fall in — the same as the command line's: instants from
2000-01-01 to 2099-12-31 (and not in the future), amounts finite, above zero and at most 250 g a
dose. A value outside is skipped with its reason, never stored; a dose above 25 g is imported but
listed (the command line asks for --yes there)."""

from __future__ import annotations

import math

from kratomlog.core.when import FUTURE_SLACK

FIRST_INSTANT = 946_684_800  # 2000-01-01T00:00:00Z
END_INSTANT = 4_102_444_800  # 2100-01-01T00:00:00Z (excluded)
MAX_DOSE_GRAMS = 250.0
LARGE_DOSE_GRAMS = 25.0  # above this the command line asks for --yes


def instant_problem(at: float, now: int | None = None) -> str | None:
    """Why an instant (epoch seconds) cannot be imported, or None."""
    if not math.isfinite(at) or not FIRST_INSTANT <= at < END_INSTANT:
        return "its time is outside 2000-01-01 to 2099-12-31"
    if now is not None and at > now + FUTURE_SLACK:
        return "its time is in the future"
    return None


def grams_problem(grams: float) -> str | None:
    """Why an amount in grams cannot be imported, or None."""
    if not math.isfinite(grams) or grams <= 0:
        return "its amount is not a number of grams above 0"
    if grams > MAX_DOSE_GRAMS:
        return f"its amount ({grams:g} g) is above {MAX_DOSE_GRAMS:g} g for one dose"
    return None
