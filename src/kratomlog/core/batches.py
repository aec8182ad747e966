"""Batches of a strain: the code as typed, its folded key, and the batch's own label values.

A batch's own potency (mitragynine %, 7-OH) overrides its strain's for the doses that come from it.
The first dose from a new batch of a strain already used gets, once, the heuristic note below
(EVIDENCE.md §4: commercial products measured 13.9–270 mg/g mitragynine).
"""

from __future__ import annotations

import math
from datetime import date
from kratomlog.core.records import NamedTuple

from kratomlog.core.invalid import Invalid
from kratomlog.core.safe_text import check_text

MAX_CODE = 40
MAX_LABEL = 120  # vendor and lab names
NEW_BATCH_NOTE = ("Note: potency can differ between batches — consider starting lower (heuristic: products "
                  "have measured 13.9–270 mg/g mitragynine).")


class Batch(NamedTuple):
    id: int
    strain_id: int
    strain: str
    code: str
    bought_on: date | None
    vendor: str | None
    mitragynine_pct: float | None
    seven_oh_mg_per_g: float | None
    seven_oh_mg_per_unit: float | None
    in_use: bool
    note: str | None


def clean_code(code: str) -> str:
    """A batch code as shown: surrounding space removed, inner runs collapsed; 1–40 characters."""
    cleaned = " ".join(check_text(code, "a batch code").split())
    if not cleaned:
        raise Invalid("a batch code cannot be empty; use the code printed on the pack, e.g. RB-0425")
    if len(cleaned) > MAX_CODE:
        raise Invalid(f"a batch code can be at most {MAX_CODE} characters; got {len(cleaned)}")
    return cleaned


def code_key(code: str) -> str:
    """Codes are unique per strain ignoring case and spacing ("rb 0425" is "RB0425")."""
    return "".join(code.split()).casefold()


def clean_label(text: str | None, option: str) -> str | None:
    """A vendor or lab name: trimmed, at most MAX_LABEL characters; '' means none."""
    if text is None:
        return None
    cleaned = " ".join(check_text(text, option).split())
    if len(cleaned) > MAX_LABEL:
        raise Invalid(f"{option} can be at most {MAX_LABEL} characters; got {len(cleaned)}")
    return cleaned or None


def check_mitragynine(pct: float | None, option: str = "--mitragynine") -> float | None:
    if pct is None:
        return None
    if not math.isfinite(pct) or not 0 < pct <= 100:
        raise Invalid(f"{option} is a percentage by weight above 0 and at most 100; got {pct!r}")
    return float(pct)


def check_seven_oh(mg: float | None, option: str) -> float | None:
    if mg is None:
        return None
    if not math.isfinite(mg) or mg <= 0 or mg > 1000:
        raise Invalid(f"{option} takes milligrams above 0 and at most 1000; got {mg!r}")
    return float(mg)


def label_pct(batch_pct: float | None, strain_pct: float | None) -> float | None:
    """The label mitragynine that applies to a dose: the batch's own, else the strain's."""
    return batch_pct if batch_pct is not None else strain_pct


def label_seven_oh(batch: tuple[float | None, float | None] | None,
                   strain: tuple[float | None, float | None]) -> tuple[float | None, float | None]:
    """The label 7-OH content (mg per gram, mg per unit) that applies to a dose: the batch's own when
    it gives either, else the strain's — as its mitragynine label does (`label_pct`)."""
    if batch is not None and (batch[0] is not None or batch[1] is not None):
        return batch
    return strain


def batch_json(batch: Batch, doses: int, status: str, certificates: int) -> dict:
    """Keys: id (b3), strain, code, bought_on, vendor, mitragynine_pct, seven_oh_mg_per_g, seven_oh_mg_per_unit,
    in_use, note, doses, certificates, status ('not tested' | 'fails a check' | 'passes the checks it reports')."""
    return {
        "id": f"b{batch.id}",
        "strain": batch.strain,
        "code": batch.code,
        "bought_on": batch.bought_on.isoformat() if batch.bought_on else None,
        "vendor": batch.vendor,
        "mitragynine_pct": batch.mitragynine_pct,
        "seven_oh_mg_per_g": batch.seven_oh_mg_per_g,
        "seven_oh_mg_per_unit": batch.seven_oh_mg_per_unit,
        "in_use": batch.in_use,
        "note": batch.note,
        "doses": doses,
        "certificates": certificates,
        "status": status,
    }
