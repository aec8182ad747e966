"""The kratomlog export formats, pure: the versioned JSON document (its shape, the conversion of
stored rows into it, and the validation of a document back into rows ready to store) and the
spreadsheet CSV (one tidy row per entry, free text guarded against formula injection).

Stored rows come in as plain dicts keyed by column name (instants as epoch seconds, flags as 0/1);
the document shows instants as local ISO 8601 with offset, flags as booleans and reasons as a list.
"""

from __future__ import annotations

import csv
import math
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, Callable, Iterator

from kratomlog.core.batches import clean_code
from kratomlog.core.certificates import METAL_MAX_PPM, METALS, MICROBE_RESULTS, MICROBES
from kratomlog.core.certificates import SOURCES as CERT_SOURCES
from kratomlog.core.clock import instant_of, iso_at, iso_local
from kratomlog.core.days import day_start, entry_day
from kratomlog.core.amounts import COUNTED_UNITS
from kratomlog.core.vocab import FORMS, REASONS
from kratomlog.core.vocab import PRODUCT_UNITS
from kratomlog.core.herbal import Skipped
from kratomlog.core.instruments import INSTRUMENTS, is_complete, score, validate_answers
from kratomlog.core.invalid import Invalid
from kratomlog.core.names import clean_name, fold
from kratomlog.core.import_ranges import grams_problem, instant_problem
from kratomlog.core.settings import KEYS as SETTING_KEYS
from kratomlog.core.settings import UNITS, Settings, format_setting, parse_setting
from kratomlog.core.shortids import short_id
from kratomlog.core.purchases import MAX_PRICE, WEIGHT_UNITS, COUNT_UNITS, parse_currency
from kratomlog.core.safe_text import for_display, json_inert
from kratomlog.core.spreadsheet import neutralise
from kratomlog.core.stored_ranges import FIRST_DAY, valid_day, valid_instant

PURCHASE_UNITS = (*WEIGHT_UNITS, *COUNT_UNITS)

FORMAT = "kratomlog"
VERSION = 2  # 2 added batches, certificates, purchases and each dose's batch
READS = (1, 2)  # a version-1 document is a version-2 one without those
SECTIONS = ("strains", "batches", "doses", "ratings", "no_use_days", "questionnaires", "other_substances",
            "taper_plans", "certificates", "purchases")
# Counted in import reports: the sections, taper changes (nested in plans) and settings.
COUNTED = SECTIONS + ("taper_changes", "settings")
_LABEL = {
    "strains": "strain",
    "doses": "dose",
    "ratings": "rating",
    "no_use_days": "no-use day",
    "questionnaires": "questionnaire",
    "other_substances": "other substance",
    "taper_plans": "taper plan",
    "batches": "batch",
    "certificates": "certificate",
    "purchases": "purchase",
}
TAPER_STATUSES = ("active", "finished", "stopped")
CHANGE_KINDS = ("hold", "adjust")
MAX_UUID = 100

# --- field converters: document value → stored value (ValueError says why not) ----------------

Conv = Callable[[Any], Any]


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _uuid(value: Any) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_UUID:
        raise ValueError(f"needs a non-empty text of at most {MAX_UUID} characters")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("needs a non-empty text")
    return value


def _opt_text(value: Any) -> str | None:
    if value is not None and not isinstance(value, str):
        raise ValueError("needs a text or null")
    return value


def _instant(value: Any) -> int:
    if not isinstance(value, str):
        raise ValueError("needs a time such as 2026-11-20T08:00:00-05:00")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a time such as 2026-11-20T08:00:00-05:00") from None
    if moment.tzinfo is None:
        raise ValueError(f"{value!r} has no UTC offset (e.g. -05:00 or Z)")
    try:
        instant = instant_of(moment)
    except (OverflowError, OSError, ValueError):
        raise ValueError(f"{value!r} is outside 2000-01-01 to 2099-12-31") from None
    problem = instant_problem(instant)
    if problem:
        raise ValueError(f"{value!r}: {problem}")
    return instant


def _day(value: Any) -> str:
    try:
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError
        day = date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValueError(f"{value!r} is not a date such as 2026-11-20") from None
    if not valid_day(day):
        raise ValueError(f"{value!r} is outside 2000-01-01 to 2099-12-31")
    return day


def _opt(conv: Conv) -> Conv:
    def convert(value: Any) -> Any:
        return None if value is None else conv(value)

    return convert


def _number(*, low: float | None = None, above: float | None = None, high: float | None = None) -> Conv:
    def convert(value: Any) -> float:
        if not _is_number(value):
            raise ValueError(f"needs a number; got {value!r}")
        if (above is not None and value <= above) or (low is not None and value < low) or (
            high is not None and value > high
        ):
            raise ValueError(f"out of range: {value!r}")
        return value

    return convert


def _integer(*, low: int | None = None, high: int | None = None) -> Conv:
    def convert(value: Any) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"needs a whole number; got {value!r}")
        if (low is not None and value < low) or (high is not None and value > high):
            shown = f"{low}–{high}" if high is not None else f"at least {low}"
            raise ValueError(f"needs a whole number {shown}; got {value!r}")
        return value

    return convert


def _flag(value: Any) -> int:
    if not isinstance(value, bool):
        raise ValueError(f"needs true or false; got {value!r}")
    return int(value)


def _choice(options: tuple[str, ...]) -> Conv:
    def convert(value: Any) -> str:
        if value not in options:
            raise ValueError(f"needs one of {', '.join(options)}; got {value!r}")
        return options[options.index(value)]  # the one shared copy of the word, not the file's

    return convert


def _instrument_id(value: Any) -> str:
    """An instrument of the registry (read when the row is, so every defined instrument imports)."""
    return _choice(tuple(INSTRUMENTS))(value)


def _reasons(value: Any) -> str:
    if not isinstance(value, list) or not all(isinstance(r, str) for r in value):
        raise ValueError("needs a list of reasons")
    unknown = [r for r in value if r not in REASONS]
    if unknown:
        raise ValueError(f"unknown reason {unknown[0]!r}; reasons are {', '.join(REASONS)}")
    return sys.intern(",".join(dict.fromkeys(value)))  # repeated on many rows: one copy


def _dose_grams(value: Any) -> float:
    value = _number(above=0)(value)
    problem = grams_problem(value)  # finite and above 0 already: what is left is the 250 g cap
    if problem:
        raise ValueError(problem)
    return value


def _strain_name(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("needs a text")
    try:
        return sys.intern(clean_name(value))  # repeated on many rows: one copy
    except Invalid as error:
        raise ValueError(str(error)) from None


def _batch_code(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("needs a text")
    try:
        return clean_code(value)
    except Invalid as error:
        raise ValueError(str(error)) from None


def _currency(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("needs a three-letter currency code")
    try:
        return parse_currency(value)
    except Invalid as error:
        raise ValueError(str(error).replace("--currency ", "")) from None


def _sha256(value: Any) -> str:
    if not isinstance(value, str) or len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
        raise ValueError("needs a SHA-256 as 64 lower-case hex digits")
    return value


_PPM = _opt(_number(low=0, high=METAL_MAX_PPM))
_PCT = _opt(_number(low=0, high=100))
_MICROBE = _opt(_choice(MICROBE_RESULTS))


def _zone(value: Any) -> str:
    text = _text(value)
    if len(text) > 64 or not all(c.isalnum() or c in "/_+-" for c in text):
        raise ValueError(f"is not a time zone name: {text[:40]!r}")
    return sys.intern(text)


# Where an entry was logged (absent in older exports: null, read in the zone in force): its UTC
# offset in minutes east, and the zone's name where known. `at` is written at that offset.
_WHERE_LOGGED = (("utc_offset", _opt(_integer(low=-1440, high=1440))), ("zone", _opt(_zone)))

# Each section's fields in document order: (key, converter). Stored columns carry the same names.
FIELDS: dict[str, tuple[tuple[str, Conv], ...]] = {
    "strains": (
        ("uuid", _uuid), ("name", _strain_name), ("vendor", _opt_text), ("batch", _opt_text),
        ("form", _choice(FORMS)), ("mitragynine_pct", _opt(_number(above=0, high=100))),
        ("capsule_grams", _opt(_number(above=0))), ("lab_tested", _flag), ("note", _opt_text),
        ("archived", _flag), ("created_at", _instant),
        ("seven_oh_mg_per_g", _opt(_number(above=0, high=1000))),
        ("seven_oh_mg_per_unit", _opt(_number(above=0, high=1000))), ("unit_name", _opt(_choice(PRODUCT_UNITS))),
        ("unit_grams", _opt(_number(above=0, high=100))),
    ),
    "doses": (
        ("uuid", _uuid), ("at", _instant), ("amount", _number(above=0)), ("unit", _choice(UNITS + COUNTED_UNITS)),
        ("grams", _dose_grams), ("strain", _opt(_strain_name)), ("batch", _opt(_batch_code)),
        ("mitragynine_pct", _opt(_number(above=0, high=100))), ("mitragynine_mg", _opt(_number(low=0))),
        ("mitragynine_estimated", _flag), ("reasons", _reasons), ("note", _opt_text),
        ("source_id", _opt(_text)), ("created_at", _instant), ("seven_oh_mg", _opt(_number(low=0))), *_WHERE_LOGGED,
    ),
    "ratings": (
        ("uuid", _uuid), ("at", _instant), ("stress", _integer(low=0, high=10)),
        ("craving", _opt(_integer(low=0, high=10))), ("pain", _opt(_integer(low=0, high=10))),
        ("note", _opt_text), ("created_at", _instant), *_WHERE_LOGGED,
    ),
    "no_use_days": (("uuid", _uuid), ("day", _day), ("note", _opt_text), ("created_at", _instant)),
    "questionnaires": (
        ("uuid", _uuid), ("at", _instant), ("instrument", _instrument_id), ("total", _opt(_integer())),
        ("hours_since_dose", _opt(_number(low=0))), ("note", _opt_text), ("created_at", _instant),
        ("version", _opt(_integer(low=1))),  # the wording version asked; absent in older exports: 1
        *_WHERE_LOGGED,
    ),
    "other_substances": (
        ("uuid", _uuid), ("at", _instant), ("substance", _text), ("amount", _opt_text), ("note", _opt_text),
        ("created_at", _instant), *_WHERE_LOGGED,
    ),
    "taper_plans": (
        ("uuid", _uuid), ("started_on", _day), ("start_g", _number(above=0)), ("step_value", _number(above=0)),
        ("step_percent", _flag), ("every_days", _integer(low=1)), ("floor_g", _number(low=0)),
        ("compound", _flag), ("rounding_g", _number(above=0)), ("status", _choice(TAPER_STATUSES)),
        ("ended_on", _opt(_day)), ("created_at", _instant),
    ),
    "taper_changes": (
        ("uuid", _uuid), ("day", _day), ("kind", _choice(CHANGE_KINDS)), ("hold_days", _opt(_integer(low=1))),
        ("step_value", _opt(_number(above=0))), ("step_percent", _opt(_flag)),
        ("every_days", _opt(_integer(low=1))), ("compound", _opt(_flag)), ("created_at", _instant),
    ),
    "batches": (
        ("uuid", _uuid), ("strain", _strain_name), ("code", _batch_code), ("bought_on", _opt(_day)),
        ("vendor", _opt_text), ("mitragynine_pct", _opt(_number(above=0, high=100))),
        ("seven_oh_mg_per_g", _opt(_number(above=0, high=1000))), ("seven_oh_mg_per_unit", _opt(_number(above=0, high=1000))),
        ("in_use", _flag), ("note", _opt_text), ("created_at", _instant),
    ),
    "certificates": (
        ("uuid", _uuid), ("strain", _strain_name), ("batch", _batch_code), ("lab", _text), ("tested_on", _day),
        ("source", _choice(CERT_SOURCES)), ("mitragynine_pct", _PCT), ("seven_oh_pct", _PCT),
        *((m.key, _PPM) for m in METALS), *((m.key, _MICROBE) for m in MICROBES),
        ("file_name", _opt_text), ("file_sha256", _opt(_sha256)), ("note", _opt_text), ("created_at", _instant),
    ),
    "purchases": (
        ("uuid", _uuid), ("at", _instant), ("strain", _strain_name), ("batch", _opt(_batch_code)),
        ("amount", _number(above=0)), ("unit", _choice(PURCHASE_UNITS)), ("grams", _number(above=0)),
        ("price", _opt(_number(low=0, high=MAX_PRICE))), ("currency", _opt(_currency)), ("vendor", _opt_text),
        ("note", _opt_text), ("created_at", _instant),
    ),
}
INSTANTS = ("at", "created_at")
FLAGS = ("lab_tested", "archived", "mitragynine_estimated", "step_percent", "compound", "in_use")


# --- stored rows → document ---------------------------------------------------------------------


@dataclass
class Rows:
    """Everything exportable, as stored: section → rows (dicts keyed by column, plus `id`; doses
    carry `strain` (the name), questionnaires `items` (key → answer), taper plans `changes`)."""

    settings: dict[str, str] = field(default_factory=dict)
    sections: dict[str, list[dict]] = field(default_factory=dict)
    demo: bool = False  # the database is a demo database (synthetic data)
    # (kind, row id) → what is wrong, for the entries holding invalid values (core.stored_ranges);
    # such rows also carry it as `invalid`, which the JSON document writes and the import skips on.
    invalid: dict[tuple[str, int], tuple[str, ...]] = field(default_factory=dict)


def stored_instant_text(value: Any, utc_offset: Any = None) -> str:
    """An instant as the export writes it: ISO 8601 at the offset of the place it was logged (local
    time without one). A stored value that is not a valid instant (written by hand or by an older
    version) is carried as it is — in UTC where it has a calendar date (year 1, 9999, -5 seconds),
    else its text ('nan') — so the export never fails and the import skips it with its reason."""
    if valid_instant(value):
        try:
            return iso_local(value) if utc_offset is None else iso_at(value, utc_offset)
        except (TypeError, ValueError, OverflowError, OSError):  # an offset that is itself nonsense
            return iso_local(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        try:
            return (datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=value)).isoformat(timespec="seconds")
        except OverflowError:
            pass
    return str(value)


# The sections that hold entries (checked by core.stored_ranges), and the kind of entry each holds.
ENTRY_SECTIONS = {"doses": "dose", "ratings": "stress", "no_use_days": "no-use", "questionnaires": "questionnaire",
                  "other_substances": "other", "purchases": "purchase"}


def _shown_by(key: str) -> Callable[[Any], Any] | None:
    """How a stored value of `key` is shown in the document (None: as it is)."""
    if key in INSTANTS:
        return stored_instant_text
    if key in FLAGS:
        return bool
    if key == "reasons":
        return lambda value: [r for r in value.split(",") if r]
    return None


# Per section, its keys in document order with how each is shown: worked out once, not per row.
_SHOWN = {section: tuple((key, _shown_by(key)) for key, _ in fields) for section, fields in FIELDS.items()}


def _document_row(section: str, row: dict) -> dict:
    shown = {}
    get = row.get
    for key, how in _SHOWN[section]:
        value = get(key)
        shown[key] = value if value is None or how is None else how(value)
    if get("utc_offset") is not None:  # the instant, at the offset of the place it was logged
        shown["at"] = stored_instant_text(row["at"], row["utc_offset"])
    if section == "questionnaires":
        shown["items"] = dict(row.get("items", {}))
        shown["complete"] = row.get("total") is not None
        shown["answered"] = len(shown["items"])
    if section == "taper_plans":
        shown["changes"] = [_document_row("taper_changes", change) for change in row.get("changes", [])]
    if row.get("invalid"):  # what core.stored_ranges found wrong; the import skips the row, saying so
        shown["invalid"] = list(row["invalid"])
    return shown


def build_document(rows: Rows, exported_at: int) -> dict:
    """The JSON document (version 1): every section, in the stored order. `demo` is true when it
    comes from a demo database: synthetic data, never a real person's record."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": iso_local(exported_at),
        "demo": rows.demo,
        "settings": {key: rows.settings[key] for key in SETTING_KEYS if key in rows.settings},
    }
    for section in SECTIONS:
        document[section] = [_document_row(section, row) for row in rows.sections.get(section, [])]
    return document


def document_chunks(rows: Rows, exported_at: int, bad: list[int] | None = None,
                    counted: dict[str, int] | None = None) -> Iterator[str]:
    """The JSON document of `build_document`, as text in pieces (one per row), made as the rows
    come: `rows.sections` may be lists or iterables read once (`store.export_data.reading`'s
    cursors), so the whole document is never held. Each value goes through the C encoder
    (`json.dumps(..., indent=2)` falls back to the pure-Python one), one row per line inside each
    section's array. One valid JSON document, and the same bytes for the same rows and time.
    Strict JSON: a non-finite stored number is written as null and counted in `bad[0]`
    (core.numbers.finite_json); `counted` receives each section's number of rows."""
    import json

    from kratomlog.core.numbers import finite_json

    plain = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode

    def encode(value: Any) -> str:
        return json_inert(plain(value))

    bad = bad if bad is not None else [0]
    head = build_document(Rows(rows.settings, {}, rows.demo), exported_at)
    yield "{\n"
    for key, value in head.items():
        if key not in SECTIONS:
            yield f"  {encode(key)}: {encode(value)},\n"
    for position, section in enumerate(SECTIONS):
        end = "," if position < len(SECTIONS) - 1 else ""
        pending = None  # the row before, written once we know whether it is the last
        n = 0
        for row in rows.sections.get(section, ()):
            value = _document_row(section, row)
            try:
                text = encode(value)
            except ValueError:  # a NaN or infinity stored by hand or an older version
                value, count = finite_json(value)
                bad[0] += count
                text = encode(value)
            yield f"  {encode(section)}: [\n" if pending is None else f"    {pending},\n"
            pending = text
            n += 1
        yield f"  {encode(section)}: []{end}\n" if pending is None else f"    {pending}\n  ]{end}\n"
        if counted is not None:
            counted[section] = n
    yield "}\n"


# --- stored rows → CSV ---------------------------------------------------------------------------

CSV_COLUMNS = (
    "kind", "id", "uuid", "at", "day", "strain", "batch", "amount", "unit", "grams", "mitragynine_pct",
    "mitragynine_mg", "mitragynine_estimated", "seven_oh_mg", "reasons", "stress", "craving", "pain", "instrument",
    "total", "items", "hours_since_dose", "substance", "other_amount", "price", "currency", "vendor", "note", "demo",
)
_CSV_KINDS = (  # section, kind, the order of kinds within one instant
    ("doses", "dose"), ("ratings", "stress"), ("questionnaires", "questionnaire"),
    ("other_substances", "other"), ("no_use_days", "no-use"), ("purchases", "purchase"),
)
_FREE_TEXT = ("strain", "batch", "substance", "other_amount", "vendor", "note")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _csv_record(kind: str, row: dict, settings: Settings) -> tuple[int, dict]:
    record: dict[str, Any] = {"kind": kind, "id": short_id(kind, row["id"]), "uuid": row["uuid"], "note": row.get("note")}
    if kind == "no-use":
        record["day"] = row["day"]  # carried as stored
        if valid_day(row["day"]):
            return day_start(date.fromisoformat(row["day"]), settings), record
        # An invalid day sorts where its text does among the stored days (they are read in that order).
        return (-math.inf if str(row["day"]) < FIRST_DAY else math.inf), record
    at = row["at"]
    record["at"] = stored_instant_text(at, row.get("utc_offset"))  # at the offset of the place it was logged
    if not valid_instant(at):  # no day; it sorts where the stored order has it: a number as itself, text last
        at = at if isinstance(at, (int, float)) and not isinstance(at, bool) else math.inf
    else:
        record["day"] = entry_day(at, row.get("utc_offset"), settings).isoformat()
    if kind == "dose":
        for key in ("strain", "batch", "amount", "unit", "grams", "mitragynine_pct", "mitragynine_mg", "seven_oh_mg"):
            record[key] = row.get(key)
        record["mitragynine_estimated"] = bool(row.get("mitragynine_estimated"))
        record["reasons"] = " ".join(r for r in (row.get("reasons") or "").split(",") if r)
    elif kind == "stress":
        for key in ("stress", "craving", "pain"):
            record[key] = row.get(key)
    elif kind == "questionnaire":
        for key in ("instrument", "total", "hours_since_dose"):
            record[key] = row.get(key)
        record["items"] = " ".join(f"{k}={v}" for k, v in row.get("items", {}).items())
    elif kind == "purchase":
        for key in ("strain", "batch", "amount", "unit", "grams", "price", "currency", "vendor"):
            record[key] = row.get(key)
    else:
        record["substance"] = row.get("substance")
        record["other_amount"] = row.get("amount")
    return at, record


def carried_sections(fmt: str) -> tuple[str, ...]:
    """The sections an export format writes rows of: every one (json), the entries (csv)."""
    return SECTIONS if fmt == "json" else tuple(section for section, _ in _CSV_KINDS)


def _visible(text: str) -> str:
    """Control characters made visible as on a terminal (`for_display`); a CR LF line break (an
    imported note's) is kept, as spreadsheets read it — only a lone CR could overwrite a line."""
    return "\r\n".join(for_display(part) for part in text.split("\r\n"))


class _Lines:
    """What `csv.writer` writes into: the text of the rows written since it was last taken."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)

    def take(self) -> str:
        text = "".join(self.parts)
        self.parts.clear()
        return text


def csv_chunks(rows: Rows, settings: Settings, counted: dict[str, int] | None = None) -> Iterator[str]:
    """The CSV of `build_csv` in pieces (the header, then one per row), made as the rows come: each
    section is read once in its stored order and the sections are merged by time, so the whole
    table is never held. `counted` receives the number of rows of each section written."""
    import heapq

    counted = counted if counted is not None else {}

    def keyed(order: int, section: str, kind: str) -> Iterator[tuple[tuple, dict]]:
        counted[section] = 0
        for row in rows.sections.get(section, ()):
            instant, record = _csv_record(kind, row, settings)
            counted[section] += 1
            yield (instant, order, row["id"]), record

    lines = _Lines()
    writer = csv.writer(lines, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    yield lines.take()
    demo = "true" if rows.demo else ""  # synthetic data is marked on every row
    merged = heapq.merge(*(keyed(order, section, kind) for order, (section, kind) in enumerate(_CSV_KINDS)),
                         key=lambda pair: pair[0])
    for _, record in merged:
        record["demo"] = demo
        for key in _FREE_TEXT:
            if isinstance(record.get(key), str):
                record[key] = neutralise(_visible(record[key]))
        writer.writerow([_cell(record.get(column)) for column in CSV_COLUMNS])
        yield lines.take()


def build_csv(rows: Rows, settings: Settings) -> str:
    """One row per entry (purchases included), in time order (a no-use day sorts at its start),
    RFC 4180 with CRLF. Free text (strain, batch, substance, amount text, vendor, note) that a
    spreadsheet could read as a formula gets a leading `'`, and its control characters are made
    visible (`^[`, `�`) as on a terminal."""
    return "".join(csv_chunks(rows, settings))


def is_kratomlog_csv(text: str) -> bool:
    body = text[1:] if text.startswith("\ufeff") else text
    first = body.split("\n", 1)[0].strip()
    return first.startswith("kind,id,uuid,at")


# --- document → rows to store -------------------------------------------------------------------


@dataclass
class Document:
    """A validated document: section → records (stored column values, plus `row`, a label such
    as "dose 3" for reports; doses keep `strain` as a name; questionnaires `items`; plans `changes`)."""

    sections: dict[str, list[dict]]
    settings: dict[str, str]
    skipped: list[Skipped]
    notes: list[str]
    demo: bool = False  # exported from a demo database

    def total(self) -> int:
        return sum(len(records) for records in self.sections.values()) + len(self.settings)


def is_kratomlog_document(data: Any) -> bool:
    return isinstance(data, dict) and data.get("format") == FORMAT


def _convert(section: str, raw: Any) -> dict:
    if not isinstance(raw, dict):
        raise ValueError("is not an object")
    if raw.get("invalid"):  # exported from a database that held invalid values (core.stored_ranges)
        found = raw["invalid"]
        raise ValueError("was exported holding invalid values: "
                         + ("; ".join(map(str, found)) if isinstance(found, list) else str(found)))
    record: dict[str, Any] = {}
    nullable = _NULLABLE[section]
    get = raw.get
    for key, conv in FIELDS[section]:
        value = get(key)
        if value is None and key not in raw and key not in nullable:
            raise ValueError(f"has no {key!r}")
        try:
            record[key] = conv(value)
        except ValueError as error:
            raise ValueError(f"{key}: {error}") from None
    return record


def _nullable(section: str) -> set[str]:
    names = set()
    for key, conv in FIELDS[section]:
        try:
            if conv(None) is None:
                names.add(key)
        except ValueError:
            pass
    return names


_NULLABLE = {section: _nullable(section) for section in FIELDS}


def _questionnaire(record: dict, raw: dict) -> None:
    items = raw.get("items")
    if not isinstance(items, dict):
        raise ValueError("items: needs an object of item → answer")
    instrument = INSTRUMENTS[record["instrument"]]
    try:
        answers = validate_answers(instrument, items, partial=True)
    except Invalid as error:
        raise ValueError(f"items: {error}") from None
    if is_complete(instrument, answers):
        total = score(instrument, answers)
        if total != record["total"]:
            raise ValueError(f"total {record['total']} does not match its items (they add up to {total})")
    elif record["total"] is not None:
        raise ValueError(f"total {record['total']} given for a partial check-in ({len(answers)} of "
                         f"{len(instrument.items)} items); a partial check-in has no total")
    if record["version"] is None:
        record["version"] = 1  # exported before wording versions were recorded: 0.1.0's wording
    elif record["version"] > instrument.version:
        raise ValueError(f"version {record['version']} is newer than this kratomlog knows ({instrument.version})")
    record["items"] = answers


def _taper_plan(record: dict, raw: dict) -> None:
    changes = raw.get("changes", [])
    if not isinstance(changes, list):
        raise ValueError("changes: needs a list")
    record["changes"] = []
    seen: set[str] = set()
    for number, change in enumerate(changes, start=1):
        try:
            converted = _convert("taper_changes", change)
        except ValueError as error:
            raise ValueError(f"change {number}: {error}") from None
        if converted["uuid"] in seen:
            raise ValueError(f"change {number}: repeats the uuid of an earlier change")
        seen.add(converted["uuid"])
        record["changes"].append(converted)


def _settings(raw: Any, notes: list[str]) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise Invalid('not a kratomlog export: "settings" must be an object')
    out: dict[str, str] = {}
    for key, value in raw.items():
        if key not in SETTING_KEYS:
            notes.append(f"setting {key!r} is not one kratomlog knows; it was left out")
            continue
        try:
            if not isinstance(value, str):
                raise Invalid(f"{key} needs a text value; got {value!r}")
            out[key] = format_setting(parse_setting(key, value))
        except Invalid as error:
            notes.append(f"setting {key} was left out: {error}")
    return out


def _consumed(rows: list) -> Iterator:
    """The rows of a reversed list, each removed from it as it is given."""
    while rows:
        yield rows.pop()


def read_document(data: Any, *, consume: bool = False) -> Document:
    """Validate a parsed kratomlog JSON document. A document of the wrong shape raises `Invalid`;
    a bad record is skipped with its reason and the rest is kept. With `consume`, each section is
    taken out of `data` and each raw row let go once read, so a large file is never held twice."""
    if not is_kratomlog_document(data):
        raise Invalid('not a kratomlog export: expected an object with "format": "kratomlog"')
    version = data.get("version")
    if isinstance(version, bool) or version not in READS:
        newer = _is_number(version) and version > VERSION
        raise Invalid(
            f"kratomlog export version {version!r} is not supported; this kratomlog reads versions "
            f"{', '.join(map(str, READS))}" + ("; upgrade kratomlog to import it" if newer else "")
        )
    notes: list[str] = []
    settings = _settings(data.get("settings"), notes)
    sections: dict[str, list[dict]] = {}
    skipped: list[Skipped] = []
    for section in SECTIONS:
        raw_rows = data.pop(section, []) if consume else data.get(section, [])
        if isinstance(raw_rows, Iterator):
            pass  # rows read one at a time from the file (core/formats/own_layout.py)
        elif not isinstance(raw_rows, list):
            raise Invalid(f'not a kratomlog export: "{section}" must be a list')
        elif consume:
            raw_rows.reverse()  # popped from the end, in file order
            raw_rows = _consumed(raw_rows)
        records: list[dict] = []
        uuids: dict[str, str] = {}
        names: dict[Any, str] = {}
        days: dict[str, str] = {}
        for number, raw in enumerate(raw_rows, start=1):
            where = f"{_LABEL[section]} {number}"
            try:
                record = _convert(section, raw)
                if section == "questionnaires":
                    _questionnaire(record, raw)
                elif section == "taper_plans":
                    _taper_plan(record, raw)
                if record["uuid"] in uuids:
                    raise ValueError(f"repeats the uuid of {uuids[record['uuid']]}")
                if section == "strains" and fold(record["name"]) in names:
                    raise ValueError(f"repeats the name of {names[fold(record['name'])]}")
                if section == "no_use_days" and record["day"] in days:
                    raise ValueError(f"repeats the day of {days[record['day']]}")
                if section == "batches" and (fold(record["strain"]), fold(record["code"])) in names:
                    raise ValueError(f"repeats the strain and code of {names[(fold(record['strain']), fold(record['code']))]}")
                if section == "purchases" and (record["price"] is None) != (record["currency"] is None):
                    raise ValueError("a price needs its currency, and a currency its price")
                if section == "batches" and None not in (record["seven_oh_mg_per_g"], record["seven_oh_mg_per_unit"]):
                    raise ValueError("has both seven_oh_mg_per_g and seven_oh_mg_per_unit; a batch has one")
            except ValueError as error:
                skipped.append(Skipped(where, str(error)))
                continue
            uuids[record["uuid"]] = where
            if section == "strains":
                names[fold(record["name"])] = where
            if section == "batches":
                names[(fold(record["strain"]), fold(record["code"]))] = where
            if section == "no_use_days":
                days[record["day"]] = where
            record["row"] = where
            records.append(record)
        sections[section] = records
    return Document(sections, settings, skipped, notes, demo=data.get("demo") is True)
