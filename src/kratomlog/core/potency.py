"""Estimated mitragynine per dose (EVIDENCE.md §4).

A label value always wins. Without one, leaf forms (powder, capsule, tea) use the 1.5% leaf default
and are marked as estimates; extracts, 7-OH products and "other" get no estimate (null).
"""

from __future__ import annotations

from kratomlog.core.records import NamedTuple


from kratomlog.core.vocab import CONCENTRATE_FORMS, LEAF_FORMS

LEAF_DEFAULT_PCT = 1.5
# Heuristic plausibility line (EVIDENCE.md §4): leaf measures about 1.3–2.0% everywhere; a leaf form
# labelled above this is an extract, and any product labelled above it counts as a concentrate.
LEAF_MAX_PCT = 3.0


def is_concentrated(form: str | None, label_pct: float | None, line: float = LEAF_MAX_PCT) -> bool:
    """An extract or 7-OH product, or any product whose label mitragynine exceeds `line` (LEAF_MAX_PCT)."""
    return form in CONCENTRATE_FORMS or (label_pct is not None and label_pct > line)


def implausible_leaf(form: str | None, label_pct: float | None) -> str | None:
    """Why a leaf form (powder, capsule, tea) with this label value is not believable, or None."""
    if (form or "powder") not in LEAF_FORMS or label_pct is None or not LEAF_MAX_PCT < label_pct <= 100:
        return None  # above 100 is refused as out of range, with its own message
    return (
        f"a {form or 'powder'} labelled {label_pct:g}% mitragynine is not leaf: leaf is about 1–2% "
        f"(1.3–2.0% measured; above {LEAF_MAX_PCT:g}% is a heuristic line), so a higher value means an extract "
        "— use --form extract, or add --yes to keep it (it then counts as a concentrate)"
    )


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


def seven_oh_mg(count: float, unit: str, grams: float, per_g: float | None, per_unit: float | None,
                unit_name: str | None) -> float | None:
    """Estimated 7-OH mg of a dose from the product's label content: per tablet/shot when the dose
    is counted in that unit, else per gram; None without a label value (EVIDENCE.md §4: 7-OH
    products held 22–75 mg/g, so there is no default)."""
    if per_unit is not None and unit_name is not None and unit == unit_name:
        return round(count * per_unit, 1)
    if per_g is not None:
        return round(grams * per_g, 1)
    return None


def mg_for(grams: float, pct: float | None) -> float | None:
    """Recompute mg for a stored dose whose amount changed (its stored percentage still applies)."""
    if pct is None:
        return None
    return round(grams * 1000 * pct / 100, 1)
