"""Estimated mitragynine per dose (EVIDENCE.md §4).

A label value always wins. Without one, leaf forms (powder, capsule, tea) use the 1.5% leaf default
and are marked as estimates; extracts, 7-OH products and "other" get no estimate (null).
"""

from __future__ import annotations

from typing import NamedTuple


from kratomlog.core.vocab import LEAF_FORMS

LEAF_DEFAULT_PCT = 1.5


class Potency(NamedTuple):
    pct: float | None
    mg: float | None
    estimated: bool


def potency(grams: float, form: str | None, label_pct: float | None) -> Potency:
    if label_pct is not None:
        return Potency(label_pct, round(grams * 1000 * label_pct / 100, 1), False)
    if (form or "powder") in LEAF_FORMS:
        return Potency(LEAF_DEFAULT_PCT, round(grams * 1000 * LEAF_DEFAULT_PCT / 100, 1), True)
    return Potency(None, None, False)


def mg_for(grams: float, pct: float | None) -> float | None:
    """Recompute mg for a stored dose whose amount changed (its stored percentage still applies)."""
    if pct is None:
        return None
    return round(grams * 1000 * pct / 100, 1)
