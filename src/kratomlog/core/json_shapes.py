"""Every `--json` shape a command prints that is not built beside its own record type in `core`:
one builder per kind of record, taking plain values and returning the dict (or list) the README's
"JSON output" section documents. The records of `week`/`trends` (`core.weekly`), signals
(`core.signals`), stock (`core.stock`), spend (`core.spend`), batches (`core.batches`),
certificates (`core.certificates`) and taper plans (`core.taper`) are built in those modules; the
CLI only prints what one builder returns (`tests/test_json_documented.py` holds every shape
against the README, and that no command assembles one itself).

Light on purpose: `status --json` runs on the fast logging path, so imports happen inside builders.
"""

from __future__ import annotations

STRAIN_KEYS = (
    "name", "vendor", "batch", "form", "mitragynine_pct", "capsule_grams", "lab_tested", "note", "archived",
    "seven_oh_mg_per_g", "seven_oh_mg_per_unit", "unit_name", "unit_grams",
)  # fmt: skip


def entry_json(entry) -> dict:
    """An entry as `list --json` (and `today --json`) give it: id, kind, time, its fields. `at` is
    given at the offset of the place the entry was logged (the same instant), with that offset in
    minutes and the zone name where known; both null for an entry stored without them. An entry
    holding invalid values has `invalid` (what is wrong, in words), and `at` null if its time is."""
    from kratomlog.core.clock import iso_at
    from kratomlog.core.shortids import short_id
    from kratomlog.core.vocab import ZONED_KINDS

    at = None if entry.at is None else iso_at(entry.at, entry.utc_offset)
    found = {"id": short_id(entry.kind, entry.id), "kind": entry.kind, "at": at, **entry.fields}
    if entry.kind in ZONED_KINDS:
        found.update({"utc_offset": entry.utc_offset, "zone": entry.zone})
    return found


def today_json(summary) -> dict:
    """`today --json`: the day, its entries (newest first, as `list --json`) and its dose totals."""
    return {
        "day": summary.day.isoformat(),
        "entries": [entry_json(e) for e in summary.entries],
        "totals": {"doses": summary.doses, "grams": summary.grams, "mitragynine_mg": summary.mitragynine_mg},
    }


def status_json(status, now: int) -> dict:
    from kratomlog.core.clock import iso_local

    return {
        "last_dose_at": iso_local(status.last_dose_at),
        "since_last_dose_s": None if status.last_dose_at is None else now - status.last_dose_at,
        "today_g": status.today_g,
        "today_doses": status.today_doses,
        "last_stress": status.last_stress,
        "last_craving": status.last_craving,
    }


def strain_json(strain) -> dict:
    return {key: getattr(strain, key) for key in STRAIN_KEYS}


def strain_stats_json(stats) -> list[dict]:
    """`strain stats --json`: one object per strain, most grams first."""
    from kratomlog.core.clock import iso_local
    from kratomlog.core.numbers import rounded_json
    from kratomlog.core.strain_stats import JSON_KEYS

    return [rounded_json({**dict(zip(JSON_KEYS, s)), "last_used": iso_local(s.last_used)}) for s in stats]


def history_json(rows) -> list[dict]:
    """The `check history --json` shape: newest first; `hours_since_dose` only for an instrument that
    tracks it (SOWS)."""
    from kratomlog.core.clock import iso_local
    from kratomlog.core.instruments import INSTRUMENTS

    shown = []
    for row in rows:
        instrument = INSTRUMENTS[row.instrument]
        item = {
            "id": f"q{row.id}",
            "instrument": row.instrument,
            "at": iso_local(row.at),
            "total": row.total,
            "total_max": instrument.total_max,
            "complete": row.total is not None,
            "answered": len(row.items),
            "change": row.change,
            "version": row.version,
            "items": dict(row.items),
        }
        if instrument.tracks_dose_gap:
            item["hours_since_dose"] = row.hours_since_dose
        item["note"] = row.note
        shown.append(item)
    return shown


def calendar_json(days) -> list[dict]:
    from kratomlog.core.numbers import rounded_json

    return [rounded_json({"date": d.day.isoformat(), "status": d.status, "doses": d.doses, "grams": d.grams})
            for d in days]


def coa_json(strain: str, code: str, grams_per_day: float, status: str, certificates: list[dict]) -> dict:
    """`coa show --json`: the batch, your grams a day, its status, and its certificates by source."""
    return {"strain": strain, "batch": code, "grams_per_day": round(grams_per_day, 3), "status": status,
            "independent": [c for c in certificates if c["source"] == "independent"],
            "vendor_claims": [c for c in certificates if c["source"] == "vendor-claim"]}


def insights_json(first_day, last_day, days: int, insights) -> dict:
    return {
        "first_day": first_day.isoformat(),
        "last_day": last_day.isoformat(),
        "days": days,
        "insights": [{"id": i.id, "title": i.title, "status": i.status, "text": i.text, "numbers": i.numbers}
                     for i in insights],
    }


def info_json(sections) -> list[dict]:
    return [{"title": s.title, "lines": list(s.lines)} for s in sections]


def week_with_extras_json(week: dict, spend, seven_oh: dict) -> dict:
    """`week --json`: the week's shape (`core.weekly.week_json`) with its spend and each day's
    estimated 7-OH mg (null on days without such a dose)."""
    from datetime import date

    shown = {**week, "spend": spend}
    for entry in shown["days"]:
        mg = seven_oh.get(date.fromisoformat(entry["date"]))
        entry["seven_oh_mg"] = None if mg is None else round(mg, 1)
    return shown


def trends_with_spend_json(trends: dict, spend) -> dict:
    return {**trends, "spend": spend}


def import_json(file: str, report) -> dict:
    """`import --json`: the file, its format, and what was (or would be) added, found, skipped."""
    return {
        "file": file,
        "format": report.format,
        "dry_run": report.dry_run,
        "added": report.added,
        "already_present": report.present,
        "new_strains": report.new_strains,
        "skipped": [{"row": s.row, "reason": s.reason} for s in report.skipped],
        "notes": report.notes,
    }


def where_json(path, exists: bool, demo: bool, encrypted: bool, unlocked: bool | None, files: list | None) -> dict:
    found: dict = {"database": str(path), "exists": exists, "demo": demo, "encrypted": encrypted,
                   "unlocked": unlocked}
    if files is not None:
        found["files"] = files
    return found
