"""Parsing a PsychonautWiki Journal export (Android `JournalExport.kt`, iOS `Codables`): text in,
`ParsedJournal` out — the caller reads the file and writes the database.

The export is one JSON object: `experiences` (each with `title`, `ingestions`, …),
`substanceCompanions`, `customSubstances` and, in newer versions, `customUnits`. All instants are
epoch milliseconds. Unknown keys are ignored, as the app itself decodes. Kratom ingestions become
doses; ingestions of the depressants that matter for the `combination` signal become other-substance
entries; everything else is counted by substance and skipped. Ingestions logged for someone else
(`consumerName`) are skipped and counted.

Every row gets a stable id from the ingestion's `creationDate` (else its `time`) and substance, so a
second import of the same file adds nothing.
"""

from __future__ import annotations

import json
import math
import uuid
from dataclasses import dataclass

from kratomlog.core.formats.base import EntryOther
from kratomlog.core.herbal import Skipped
from kratomlog.core.import_ranges import LARGE_DOSE_GRAMS, grams_problem, instant_problem
from kratomlog.core.invalid import Invalid
from kratomlog.core.vocab import DEPRESSANTS, SUBSTANCE_SYNONYMS

FORMAT = "psychonautwiki"
SOURCE_PREFIX = "pwj:"
DEFAULT_STRAIN = "PsychonautWiki: Kratom"
EXTRACT_STRAIN = "PsychonautWiki: Kratom extract"

# Substance names (case-insensitive) that are kratom; an "extract" among them is an extract product.
KRATOM_NAMES = frozenset(
    name.casefold()
    for name in (
        "Kratom",
        "Ketum",
        "Kratom extract",
        "Kratom Extract",
        "กระท่อม",
        "Mitragyna speciosa",
        "Biak",
        "Kakuam",
        "Thom",
    )
)

# PsychonautWiki substance names → the `other` category they are logged as (the depressants that
# the combination signal looks for: the same names `kratomlog other` understands). Everything not
# named here is counted and skipped.
COMBINATION_SUBSTANCES: dict[str, str] = {
    **{category: category for category in DEPRESSANTS},
    **{word: category for word, category in SUBSTANCE_SYNONYMS.items() if category in DEPRESSANTS},
}

# Custom unit names that say how it was measured, not which product it was: the strain is then
# "PsychonautWiki: Kratom (capsule)" rather than "capsule".
GENERIC_UNIT_NAMES = frozenset(
    ("capsule", "capsules", "cap", "caps", "pill", "pills", "tablet", "tablets", "scoop", "scoops", "spoon",
     "teaspoon", "tsp", "tablespoon", "tbsp", "portion", "serving", "dose", "shot", "cup", "gram", "grams")
)

# Units of an ingestion's `dose` that are grams of product, with their factor.
GRAM_UNITS = {"g": 1.0, "mg": 0.001, "µg": 1e-6, "ug": 1e-6, "mcg": 1e-6, "kg": 1000.0}
_NAMESPACE = uuid.UUID("6f1b3d0e-2a4c-5b8e-9d7f-0c1e2a3b4c5d")


@dataclass(frozen=True)
class JournalDose:
    source_id: str
    uuid: str
    at: int
    amount: float
    unit: str
    grams: float
    strain: str
    form: str  # "powder" (leaf) or "extract"
    note: str | None
    row: str


@dataclass(frozen=True)
class ParsedJournal:
    format: str
    doses: tuple[JournalDose, ...]
    others: tuple[EntryOther, ...]  # already in the shape every import format gives
    strains: tuple[tuple[str, str], ...]  # (name, form), in file order
    skipped: tuple[Skipped, ...]
    notes: tuple[str, ...]
    not_imported: tuple[tuple[str, int], ...]  # substances skipped on purpose, with their counts

    def total(self) -> int:
        return len(self.doses) + len(self.others)


def detect(data: object) -> bool:
    """A PsychonautWiki Journal export: an object whose `experiences` is a list (of objects)."""
    return (
        isinstance(data, dict)
        and isinstance(data.get("experiences"), list)
        and all(isinstance(e, dict) for e in data["experiences"])
        and any(key in data for key in ("substanceCompanions", "customSubstances", "customUnits"))
    )


def _instant(value: object) -> int:
    """Epoch milliseconds → epoch seconds; ValueError for anything that is not a finite number."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(value)
    return math.floor(value / 1000)


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


def _stable(source: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, source))


def _format_amount(value: float) -> str:
    return f"{value:g}"


def _custom_units(raw: object) -> dict[int, dict]:
    if not isinstance(raw, list):
        return {}
    units = {}
    for unit in raw:
        if isinstance(unit, dict) and isinstance(unit.get("id"), int) and not isinstance(unit.get("id"), bool):
            units[unit["id"]] = unit
    return units


def _load(text: str) -> dict:
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except ValueError as error:
        raise Invalid(f"not a PsychonautWiki Journal export: invalid JSON ({error})") from None
    except RecursionError:
        raise Invalid("not a PsychonautWiki Journal export: its JSON is nested too deeply") from None
    if not isinstance(data, dict) or not isinstance(data.get("experiences"), list):
        raise Invalid('not a PsychonautWiki Journal export: expected an object with an "experiences" list')
    return data


class _Reader:
    def __init__(self, units: dict[int, dict], now: int | None):
        self.units = units
        self.now = now
        self.large: list[str] = []
        self.doses: list[JournalDose] = []
        self.others: list[EntryOther] = []
        self.strains: dict[str, str] = {}
        self.skipped: list[Skipped] = []
        self.not_imported: dict[str, int] = {}
        self.friends = 0
        self.seen: set[str] = set()

    def ingestion(self, raw: object, where: str, title: str | None) -> None:
        if not isinstance(raw, dict):
            self.skipped.append(Skipped(where, "not an object"))
            return
        name = _text(raw.get("substanceName"))
        if name is None:
            self.skipped.append(Skipped(where, "no substance name"))
            return
        if _text(raw.get("consumerName")) is not None:
            self.friends += 1
            return
        key = name.casefold()
        if key not in KRATOM_NAMES and key not in COMBINATION_SUBSTANCES:
            self.not_imported[name] = self.not_imported.get(name, 0) + 1
            return
        try:
            at = _instant(raw.get("time"))
        except ValueError:
            self.skipped.append(Skipped(where, f"{name}: bad time {raw.get('time')!r} (expected epoch milliseconds)"))
            return
        problem = instant_problem(at, self.now)
        if problem is not None:
            self.skipped.append(Skipped(where, f"{name}: {problem} (time {raw.get('time')!r})"))
            return
        created = raw.get("creationDate")
        stamp = created if _number(created) is not None else raw.get("time")
        source = f"{SOURCE_PREFIX}{int(stamp)}:{key}"
        if source in self.seen:
            self.skipped.append(Skipped(where, f"{name}: repeats an ingestion already in the file (same creation time)"))
            return
        self.seen.add(source)
        notes = [text for text in (_text(raw.get("notes")), title) if text]
        if key in KRATOM_NAMES:
            self._dose(raw, where, name, at, source, notes)
        else:
            self._other(raw, name, COMBINATION_SUBSTANCES[key], at, source, notes)

    def _dose(self, raw: dict, where: str, name: str, at: int, source: str, notes: list[str]) -> None:
        count = _number(raw.get("dose"))
        if count is None or count <= 0:
            reason = "no dose recorded (unknown amount)" if raw.get("dose") is None else f"bad dose {raw.get('dose')!r}"
            self.skipped.append(Skipped(where, f"{name}: {reason}; skipped, never stored as zero"))
            return
        form = "extract" if "extract" in name.casefold() else "powder"
        strain = EXTRACT_STRAIN if form == "extract" else DEFAULT_STRAIN
        unit_id = raw.get("customUnitId")
        if unit_id is not None:
            unit = self.units.get(unit_id) if isinstance(unit_id, int) else None
            per_unit = _number(unit.get("dose")) if unit else None
            factor = GRAM_UNITS.get(str(unit.get("unit", "")).strip().lower()) if unit else None
            if unit is None or per_unit is None or per_unit <= 0 or factor is None:
                self.skipped.append(
                    Skipped(where, f"{name}: its custom unit {unit_id!r} has no dose in g or mg to count from")
                )
                return
            unit_name = _text(unit.get("name"))
            grams = count * per_unit * factor
            amount, unit_word = grams, "g"
            label = _text(unit.get("unitPlural")) if count != 1 else None
            notes.insert(0, f"{_format_amount(count)} {label or unit_name or 'unit'} of {_format_amount(per_unit)} {unit.get('unit')}")
            if unit_name:
                strain = unit_name if unit_name.casefold() not in GENERIC_UNIT_NAMES else f"{strain} ({unit_name})"
            if unit.get("isEstimate") is True:
                notes.insert(0, "the custom unit's dose is an estimate")
        else:
            units = str(raw.get("units") or "").strip().lower()
            factor = GRAM_UNITS.get(units)
            if factor is None:
                self.skipped.append(
                    Skipped(where, f"{name}: unit {raw.get('units')!r} is not a weight kratomlog can count (g or mg)")
                )
                return
            grams = count * factor
            amount, unit_word = (count, "mg") if units == "mg" else (grams, "g")
        problem = grams_problem(grams)
        if problem is not None:
            self.skipped.append(Skipped(where, f"{name}: {problem}"))
            return
        if grams > LARGE_DOSE_GRAMS:
            self.large.append(f"{where} ({grams:g} g)")
        if raw.get("isDoseAnEstimate") is True:
            deviation = _number(raw.get("estimatedDoseStandardDeviation"))
            notes.insert(0, "estimated dose" + (f" (± {_format_amount(deviation)} {unit_word if unit_id is None else 'units'}, 1 SD)" if deviation else ""))
        self.strains.setdefault(strain, form)
        self.doses.append(
            JournalDose(source, _stable(source), at, amount, unit_word, grams, strain, form, "; ".join(notes) or None, where)
        )

    def _other(self, raw: dict, name: str, category: str, at: int, source: str, notes: list[str]) -> None:
        count = _number(raw.get("dose"))
        units = _text(raw.get("units"))
        amount = f"{_format_amount(count)} {units or ''}".strip() if count is not None else None
        prefix = name + (" (estimated dose)" if raw.get("isDoseAnEstimate") is True and amount else "")
        row = f"other {len(self.others) + 1}"
        self.others.append(EntryOther(row, _stable(source), at, category, amount, "; ".join([prefix, *notes])))


def parse(text: str, now: int | None = None) -> ParsedJournal:
    """The export's kratom doses and depressants; `Invalid` when the file as a whole is unreadable.
    With `now`, ingestions later than now are skipped, as the command line refuses them."""
    data = _load(text)
    reader = _Reader(_custom_units(data.get("customUnits")), now)
    for number, experience in enumerate(data["experiences"], start=1):
        if not isinstance(experience, dict):
            reader.skipped.append(Skipped(f"experience {number}", "not an object"))
            continue
        ingestions = experience.get("ingestions")
        if not isinstance(ingestions, list):
            continue
        title = _text(experience.get("title"))
        for index, ingestion in enumerate(ingestions, start=1):
            reader.ingestion(ingestion, f"experience {number}, ingestion {index}", title)
    notes = [] if reader.doses else ["the file holds no kratom ingestion"]
    if reader.large:
        notes.append(f"doses above {LARGE_DOSE_GRAMS:g} g were imported; check them: {', '.join(reader.large)}")
    if reader.friends:
        notes.append(f"{reader.friends} {'ingestion' if reader.friends == 1 else 'ingestions'} logged for someone else (consumerName) skipped")
    if reader.not_imported:
        listed = ", ".join(f"{name} {count}" for name, count in sorted(reader.not_imported.items()))
        notes.append(f"not imported (neither kratom nor a depressant the combination signal watches): {listed}")
    return ParsedJournal(
        format=FORMAT,
        doses=tuple(reader.doses),
        others=tuple(reader.others),
        strains=tuple(reader.strains.items()),
        skipped=tuple(reader.skipped),
        notes=tuple(notes),
        not_imported=tuple(sorted(reader.not_imported.items())),
    )
