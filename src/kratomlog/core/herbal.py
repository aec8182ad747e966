"""Parsing of Herbal Tracker+ (formerly "KratomTracker", Android) exports: the CSV export and the
JSON backup. Text in, `ParsedImport` out — the caller reads the file and writes the database.

A file that cannot be read at all raises `Invalid`; a bad row inside a good file is reported as
`Skipped` with its reason and the rest is imported. Times without an offset are local wall-clock
times, read in `tz` (a `zoneinfo.ZoneInfo`) when given, else in the system's local zone; a time
that a DST change repeats or skips is read as the earlier offset, and a note says how many were.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo

from kratomlog.core.import_ranges import grams_problem, instant_problem
from kratomlog.core.clock import from_local_lenient, instant_of
from kratomlog.core.invalid import Invalid
from kratomlog.core.spreadsheet import unneutralise

CSV_HEADER = ("date", "time", "iso_timestamp", "strain_code", "strain_name", "amount_g", "notes")
UNKNOWN_STRAIN = "Unknown strain"
UNKNOWN_CODE = "???"
BARE_LIST_STRAIN = "Herbal Tracker+ import"
SUPPORTED_VERSION = 1

_BOM = "\ufeff"
_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?"
)
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_TIME = re.compile(r"(\d{1,2}):(\d{2})")


@dataclass(frozen=True)
class ImportedDose:
    source_id: str | None  # the JSON dosage id (for idempotent re-import); None for CSV rows
    at: int
    grams: float
    strain: str
    note: str | None
    row: str  # where it came from: "line 4" (CSV) or "dosage 3" (JSON)


@dataclass(frozen=True)
class Skipped:
    row: str
    reason: str


@dataclass(frozen=True)
class ParsedImport:
    format: str  # "herbal-csv" | "herbal-json"
    doses: tuple[ImportedDose, ...]
    strains: tuple[str, ...]
    skipped: tuple[Skipped, ...]
    notes: tuple[str, ...]


class _Times:
    """Turns local wall-clock times into instants and counts the DST-ambiguous ones."""

    def __init__(self, tz: tzinfo | None) -> None:
        self.tz = tz
        self.ambiguous = 0

    def local(self, wall: datetime) -> int:
        if self.tz is None:
            early = from_local_lenient(wall)
            if early != from_local_lenient(wall, later=True):
                self.ambiguous += 1
            return early
        first = wall.replace(tzinfo=self.tz, fold=0)
        if first.utcoffset() != wall.replace(tzinfo=self.tz, fold=1).utcoffset():
            self.ambiguous += 1
        return instant_of(first)

    def note(self) -> str | None:
        if not self.ambiguous:
            return None
        return (
            f"{self.ambiguous} time(s) fell in a daylight-saving change (skipped or repeated); "
            "they were read with the earlier offset"
        )


def _strip_bom(text: str) -> str:
    return text[1:] if text.startswith(_BOM) else text


def _parse_iso(text: str, times: _Times) -> int:
    """Dart's `toIso8601String()`: local without offset, or UTC with `Z` (an offset is accepted too)."""
    m = _ISO.fullmatch(text.strip())
    if m is None:
        raise ValueError(text)
    year, month, day, hour, minute = (int(m.group(i)) for i in range(1, 6))
    second = int(m.group(6) or 0)
    wall = datetime(year, month, day, hour, minute, second)  # fractions of a second are dropped
    zone = m.group(8)
    if zone is None:
        return times.local(wall)
    if zone == "Z":
        return instant_of(wall.replace(tzinfo=timezone.utc))
    sign = 1 if zone[0] == "+" else -1
    offset = timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
    return instant_of(wall.replace(tzinfo=timezone(sign * offset)))


def _parse_date_time(day_text: str, time_text: str, times: _Times) -> int:
    dm, tm = _DATE.fullmatch(day_text.strip()), _TIME.fullmatch(time_text.strip())
    if dm is None or tm is None:
        raise ValueError(day_text)
    day = date(int(dm.group(1)), int(dm.group(2)), int(dm.group(3)))
    return times.local(datetime(day.year, day.month, day.day, int(tm.group(1)), int(tm.group(2))))


def _amount(value: object) -> float:
    """A positive finite number of grams; ValueError with the reason otherwise."""
    if isinstance(value, bool):
        raise ValueError(f"bad amount {value!r} (needs a number of grams above 0)")
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            raise ValueError(f"bad amount {value!r} (needs a number of grams above 0)") from None
    elif isinstance(value, (int, float)):
        number = float(value)
    else:
        raise ValueError(f"bad amount {value!r} (needs a number of grams above 0)")
    if not math.isfinite(number) or number <= 0:
        raise ValueError(f"amount must be above 0 g (got {value!r})")
    if grams_problem(number):
        raise ValueError(grams_problem(number))
    return number


def _strain_name(name: str | None, code: str | None) -> str:
    name = (name or "").strip()
    code = (code or "").strip()
    if name == UNKNOWN_STRAIN or (not name and code in ("", UNKNOWN_CODE)):
        return UNKNOWN_STRAIN
    return name or code


def _note(text: str | None) -> str | None:
    return text if text and text.strip() else None


def _unique(names: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


def _notes(times: _Times, *extra: str) -> tuple[str, ...]:
    dst = times.note()
    return tuple(extra) + ((dst,) if dst else ())


def detect_format(text: str) -> str | None:
    """"herbal-csv" when the first line is the export header, "herbal-json" for a backup object
    with dosages or a bare list of dosages, else None."""
    body = _strip_bom(text).lstrip()
    if body.startswith(("{", "[")):
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):  # RecursionError: nested too deeply to be a backup
            return None
        if isinstance(data, dict) and isinstance(data.get("dosages"), list):
            return "herbal-json"
        if isinstance(data, list) and all(isinstance(d, dict) and "timestamp" in d for d in data):
            return "herbal-json"
        return None
    first = body.splitlines()[0] if body else ""
    if tuple(name.strip() for name in first.split(",")) == CSV_HEADER:
        return "herbal-csv"
    return None


def parse_herbal_csv(text: str, tz: tzinfo | None = None) -> ParsedImport:
    """The CSV export (UTF-8 with BOM, RFC 4180): prefers `iso_timestamp`, falls back to date + time."""
    reader = csv.reader(io.StringIO(_strip_bom(text), newline=""))
    try:
        header = next(reader)
    except StopIteration:
        header = []
    except csv.Error as error:
        raise Invalid(f"not a Herbal Tracker+ CSV export: {error}") from None
    if tuple(name.strip() for name in header) != CSV_HEADER:
        raise Invalid(f"not a Herbal Tracker+ CSV export: the first line must be {','.join(CSV_HEADER)}")

    times = _Times(tz)
    doses: list[ImportedDose] = []
    skipped: list[Skipped] = []
    line = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            skipped.append(Skipped(f"line {line + 1}", f"cannot be read as CSV ({error})"))
            break
        where, line = f"line {line + 1}", reader.line_num
        if not row or all(not field.strip() for field in row):
            continue
        if len(row) != len(CSV_HEADER):
            skipped.append(Skipped(where, f"expected {len(CSV_HEADER)} fields, found {len(row)}"))
            continue
        day_text, time_text, iso, code, name, amount_text, notes = row
        try:
            grams = _amount(amount_text)
        except ValueError as error:
            skipped.append(Skipped(where, str(error)))
            continue
        try:
            at = _parse_iso(iso, times)
        except (ValueError, OverflowError):
            try:
                at = _parse_date_time(day_text, time_text, times)
            except (ValueError, OverflowError):
                skipped.append(
                    Skipped(where, f"bad timestamp {iso!r} and date/time {day_text!r} {time_text!r}")
                )
                continue
        if instant_problem(at):
            skipped.append(Skipped(where, f"timestamp {iso!r}: {instant_problem(at)}"))
            continue
        strain = _strain_name(unneutralise(name), unneutralise(code))
        doses.append(ImportedDose(None, at, grams, strain, _note(unneutralise(notes)), where))

    return ParsedImport(
        format="herbal-csv",
        doses=tuple(doses),
        strains=_unique([d.strain for d in doses]),
        skipped=tuple(skipped),
        notes=_notes(times),
    )


def _load_json(text: str) -> object:
    try:
        return json.loads(_strip_bom(text))
    except json.JSONDecodeError as error:
        raise Invalid(
            f"not a Herbal Tracker+ backup: invalid JSON at line {error.lineno}, column {error.colno}; "
            "expected an object with \"dosages\" or a list of dosages"
        ) from None
    except ValueError:
        raise Invalid("not a Herbal Tracker+ backup: expected JSON text") from None
    except RecursionError:
        raise Invalid("not a Herbal Tracker+ backup: its JSON is nested too deeply") from None


def _json_strains(raw: object) -> tuple[dict[str, str], list[str]]:
    """strain id (as text) → name, and the names in file order."""
    if raw is None:
        return {}, []
    if not isinstance(raw, list):
        raise Invalid("not a Herbal Tracker+ backup: \"strains\" must be a list of strains")
    by_id: dict[str, str] = {}
    names: list[str] = []
    for strain in raw:
        if not isinstance(strain, dict) or strain.get("id") is None:
            continue  # a strain without an id cannot be referred to; its dosages are reported
        name = strain.get("name") if isinstance(strain.get("name"), str) else None
        code = strain.get("code") if isinstance(strain.get("code"), str) else None
        by_id[str(strain["id"])] = _strain_name(name, code)
        names.append(by_id[str(strain["id"])])
    return by_id, names


def parse_herbal_json(text: str, tz: tzinfo | None = None) -> ParsedImport:
    """The JSON backup (`{"version": 1, "strains": [...], "dosages": [...], ...}`) or a bare list of
    dosages. `settings`, `createdAt` and `userName` are never imported."""
    data = _load_json(text)
    notes: list[str] = []
    if isinstance(data, list):
        dosages, by_id, names, bare = data, {}, [], True
        notes.append(
            "This file is a bare list of dosages without strain names; "
            f"its doses are under the strain \"{BARE_LIST_STRAIN}\"."
        )
    elif isinstance(data, dict):
        version = data.get("version", SUPPORTED_VERSION)
        if version != SUPPORTED_VERSION:
            raise Invalid(
                f"Herbal Tracker+ backup version {version!r} is not supported; version {SUPPORTED_VERSION} is"
            )
        dosages = data.get("dosages")
        if not isinstance(dosages, list):
            raise Invalid("not a Herbal Tracker+ backup: expected a \"dosages\" list in the object")
        by_id, names = _json_strains(data.get("strains"))
        bare = False
    else:
        raise Invalid("not a Herbal Tracker+ backup: expected an object with \"dosages\" or a list of dosages")

    times = _Times(tz)
    doses: list[ImportedDose] = []
    skipped: list[Skipped] = []
    for number, dosage in enumerate(dosages, start=1):
        where = f"dosage {number}"
        if not isinstance(dosage, dict):
            skipped.append(Skipped(where, "not an object"))
            continue
        if bare:
            strain = BARE_LIST_STRAIN
        else:
            strain_id = dosage.get("strainId")
            if strain_id is None:
                skipped.append(Skipped(where, "missing strain id"))
                continue
            if str(strain_id) not in by_id:
                skipped.append(Skipped(where, f"strain id {strain_id!r} is not among the file's strains"))
                continue
            strain = by_id[str(strain_id)]
        amount = dosage.get("amount")
        if isinstance(amount, str):
            skipped.append(Skipped(where, f"bad amount {amount!r} (needs a number of grams above 0)"))
            continue
        try:
            grams = _amount(amount)
        except ValueError as error:
            skipped.append(Skipped(where, str(error)))
            continue
        stamp = dosage.get("timestamp")
        try:
            if not isinstance(stamp, str):
                raise ValueError(stamp)
            at = _parse_iso(stamp, times)
        except (ValueError, OverflowError):
            skipped.append(Skipped(where, f"bad timestamp {stamp!r} (expected e.g. 2025-03-01T08:30:00.000)"))
            continue
        if instant_problem(at):
            skipped.append(Skipped(where, f"timestamp {stamp!r}: {instant_problem(at)}"))
            continue
        note = dosage.get("notes")
        source_id = dosage.get("id")
        doses.append(
            ImportedDose(
                None if source_id is None else str(source_id),
                at,
                grams,
                strain,
                _note(note) if isinstance(note, str) else None,
                where,
            )
        )

    strains = [BARE_LIST_STRAIN] if bare and doses else names
    return ParsedImport(
        format="herbal-json",
        doses=tuple(doses),
        strains=_unique(strains),
        skipped=tuple(skipped),
        notes=_notes(times, *notes),
    )
