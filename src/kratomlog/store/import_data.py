"""Importing validated data: a kratomlog document (`core.export_format.Document`), or the doses
and other substances any other registered format reads (`core.formats.base.Entries`: Herbal
Tracker+, PsychonautWiki Journal, …), through one writer each.

Each import first plans, reading the database inside the one `BEGIN IMMEDIATE` transaction it will
write in: what is already here (kratomlog rows by uuid, other apps' doses by their source id and, for
formats that ask, by instant + strain + grams), what must be skipped and why, which strains are new. Only
then does it write, all of it or (on any error) none. A dry run plans the same way and writes
nothing. Each table's new rows are written at once (`store/bulk_import.BulkAdd`: one
`executemany` per table, one change-log reference per table), so `kratomlog undo` reverts an
import as one group; settings (which `undo` does not know) are inserted directly.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any, Callable

from kratomlog.core.days import local_day, today
from kratomlog.core.export_format import COUNTED, Document
from kratomlog.core.formats.base import Entries
from kratomlog.core.herbal import Skipped
from kratomlog.core.names import fold
from kratomlog.core.potency import potency
from kratomlog.core.settings import settings_from_text
from kratomlog.store.database import Database
from kratomlog.store.import_products import batch_of, plan_batches, plan_children, resolve

@dataclass
class ImportReport:
    format: str
    dry_run: bool
    added: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTED, 0))
    present: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTED, 0))
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    new_strains: list[str] = field(default_factory=list)

# A planned write: run with the connection, the bulk writer, and the ids assigned so far.
Action = Callable[[sqlite3.Connection, Any, dict], None]


def _run(db: Database, now: int, dry_run: bool, plan: Callable[[sqlite3.Connection], tuple[ImportReport, list[Action]]]) -> ImportReport:
    if dry_run:
        db.conn.execute("BEGIN")
        try:
            report, _ = plan(db.conn)
        finally:
            db.conn.execute("ROLLBACK")
        return report
    with db.write() as conn:
        report, actions = plan(conn)
        from kratomlog.store.bulk_import import BulkAdd  # SQLModel: import is a cold path

        bulk = BulkAdd(conn, now)
        ids: dict = {}
        for action in actions:
            action(conn, bulk, ids)
    return report


def _settings(conn: sqlite3.Connection):
    return settings_from_text(dict(conn.execute("SELECT key, value FROM setting")))


def _column(conn: sqlite3.Connection, sql: str) -> set:
    return {row[0] for row in conn.execute(sql)}


# --- kratomlog documents -----------------------------------------------------------------------


def _stored(record: dict, *drop: str) -> dict:
    return {k: v for k, v in record.items() if k not in ("row", *drop)}


def _plan_document(conn: sqlite3.Connection, doc: Document, dry_run: bool, now: int) -> tuple[ImportReport, list[Action]]:
    report = ImportReport("kratomlog", dry_run, skipped=list(doc.skipped), notes=list(doc.notes))
    actions: list[Action] = []
    added, present = report.added, report.present

    # Strains: a file strain is the stored one with its uuid, else the stored one with its name.
    by_uuid = dict(conn.execute("SELECT uuid, id FROM strain"))
    by_name = dict(conn.execute("SELECT name_key, id FROM strain"))
    strain_ref: dict[str, Any] = {}  # name key → stored id, or ("new", uuid)
    new_strains: list[dict] = []
    for record in doc.sections["strains"]:
        key = fold(record["name"])
        if record["uuid"] in by_uuid:
            strain_ref[key] = by_uuid[record["uuid"]]
            present["strains"] += 1
        elif key in by_name:
            strain_ref[key] = by_name[key]
            present["strains"] += 1
            report.notes.append(f"strain {record['name']!r} was already here (same name); its doses use it")
        else:
            strain_ref[key] = ("new", record["uuid"])
            added["strains"] += 1
            report.new_strains.append(record["name"])
            new_strains.append({**_stored(record), "name_key": key})

    def add_strains(conn, bulk, ids):
        for values, new_id in zip(new_strains, bulk.add_many("strain", new_strains)):
            ids[("strain", values["uuid"])] = new_id

    actions.append(add_strains)

    folded: dict[str, str] = {}  # a name → its key, folded once (doses repeat a few names)

    def strain_for(name: str) -> Any:
        key = folded.get(name)
        if key is None:
            key = folded[name] = fold(name)
        return strain_ref.get(key, by_name.get(key))

    batch_refs, batch_actions = plan_batches(conn, doc, report, strain_for)
    actions.extend(batch_actions)

    dose_uuids = _column(conn, "SELECT uuid FROM dose")
    source_ids = _column(conn, "SELECT source_id FROM dose WHERE source_id IS NOT NULL")
    doses: list[tuple[dict, Any, Any]] = []
    for record in doc.sections["doses"]:
        if record["uuid"] in dose_uuids or (record["source_id"] is not None and record["source_id"] in source_ids):
            present["doses"] += 1
            continue
        name = record["strain"]
        ref = batch_ref = None
        if name is not None:
            ref = strain_for(name)
            if ref is None:
                report.skipped.append(Skipped(record["row"], f"its strain {name!r} is not among the file's strains"))
                continue
            keep, batch_ref = batch_of(record, ref, batch_refs, report)
            if not keep:
                continue
        elif record.get("batch") is not None:
            report.skipped.append(Skipped(record["row"], "names a batch but no strain"))
            continue
        added["doses"] += 1
        doses.append((record, ref, batch_ref))

    def add_doses(conn, bulk, ids):  # each row built as it is written: a large file is not copied whole
        bulk.add_many("dose", (
            {**_stored(record, "strain", "batch"), "strain_id": None if ref is None else resolve(ids, "strain", ref),
             "batch_id": None if batch_ref is None else resolve(ids, "batch", batch_ref)}
            for record, ref, batch_ref in doses
        ))
        doses.clear()  # written: the largest section is let go before the next ones are written
        doc.sections["doses"].clear()

    actions.append(add_doses)
    actions.extend(plan_children(conn, doc, report, strain_for, batch_refs, today(now, _settings(conn))))

    for section, table, kind in (
        ("ratings", "rating", "stress"),
        ("questionnaires", "questionnaire", "questionnaire"),
        ("other_substances", "other_substance", "other"),
    ):
        known = _column(conn, f"SELECT uuid FROM {table}")
        rows = []
        for record in doc.sections[section]:
            if record["uuid"] in known:
                present[section] += 1
            else:
                added[section] += 1
                rows.append(record)

        def add_rows(conn, bulk, ids, rows=rows, kind=kind):
            if kind != "questionnaire":
                bulk.add_many(kind, (_stored(record) for record in rows))
                return
            children = ([{"key": k, "answer": v} for k, v in record["items"].items()] for record in rows)
            bulk.add_many(kind, (_stored(record, "items") for record in rows), children)

        actions.append(add_rows)

    stored_days = dict(conn.execute("SELECT day, id FROM no_use_day"))
    no_use_uuids = _column(conn, "SELECT uuid FROM no_use_day")
    days = []
    for record in doc.sections["no_use_days"]:
        if record["uuid"] in no_use_uuids:
            present["no_use_days"] += 1
        elif record["day"] in stored_days:
            report.skipped.append(
                Skipped(record["row"], f"{record['day']} is already recorded as a no-use day (n{stored_days[record['day']]})")
            )
        else:
            added["no_use_days"] += 1
            days.append(record)

    def add_days(conn, bulk, ids):
        bulk.add_many("no-use", (_stored(record) for record in days))

    actions.append(add_days)
    actions.extend(_plan_tapers(conn, doc, report))
    actions.extend(_plan_settings(conn, doc, report))
    return report, actions


def _plan_tapers(conn: sqlite3.Connection, doc: Document, report: ImportReport) -> list[Action]:
    plan_ids = dict(conn.execute("SELECT uuid, id FROM taper_plan"))
    change_uuids = _column(conn, "SELECT uuid FROM taper_change")
    active = conn.execute("SELECT started_on FROM taper_plan WHERE status = 'active' LIMIT 1").fetchone()
    active_on = active[0] if active else None
    plans: list[tuple[Any, dict | None, list[dict]]] = []  # (stored id or None, new plan values, new changes)
    for record in doc.sections["taper_plans"]:
        changes = record["changes"]
        if record["uuid"] in plan_ids:
            report.present["taper_plans"] += 1
            values = None
        elif record["status"] == "active" and active_on is not None:
            report.skipped.append(
                Skipped(record["row"], f"a taper plan is already active here (started {active_on}); only one can be")
            )
            continue
        else:
            if record["status"] == "active":
                active_on = record["started_on"]
            report.added["taper_plans"] += 1
            values = _stored(record, "changes")
        new_changes = [c for c in changes if c["uuid"] not in change_uuids]
        report.present["taper_changes"] += len(changes) - len(new_changes)
        report.added["taper_changes"] += len(new_changes)
        plans.append((plan_ids.get(record["uuid"]), values, new_changes))

    def add_plans(conn, bulk, ids):
        new_ids = iter(bulk.add_many("taper", [values for _, values, _ in plans if values is not None]))
        plan_ids = [stored_id if values is None else next(new_ids) for stored_id, values, _ in plans]
        bulk.add_many("taper-change", [{**change, "plan_id": plan_id}
                                       for plan_id, (_, _, changes) in zip(plan_ids, plans) for change in changes])

    return [add_plans]


def _plan_settings(conn: sqlite3.Connection, doc: Document, report: ImportReport) -> list[Action]:
    stored = dict(conn.execute("SELECT key, value FROM setting"))
    new = {}
    for key, value in doc.settings.items():
        if key not in stored:
            new[key] = value
        elif stored[key] == value:
            report.present["settings"] += 1
        else:
            report.notes.append(f"kept your setting {key} = {stored[key]} (the file has {value})")
    report.added["settings"] = len(new)

    def add_settings(conn, bulk, ids):
        for key, value in new.items():
            conn.execute("INSERT INTO setting (key, value) VALUES (?, ?)", (key, value))

    return [add_settings]


def import_document(db: Database, doc: Document, *, now: int, dry_run: bool = False) -> ImportReport:
    """Import the document (its doses are let go as they are written: it is not read again)."""
    return _run(db, now, dry_run, lambda conn: _plan_document(conn, doc, dry_run, now))


# --- other apps' files (core.formats.base.Entries) ----------------------------------------------


def _stored_strains(conn: sqlite3.Connection) -> dict[str, tuple[int, str, float | None]]:
    """name key → (id, form, label mitragynine %) of every stored strain."""
    return {key: (sid, form, pct) for sid, key, form, pct in conn.execute(
        "SELECT id, name_key, form, mitragynine_pct FROM strain"
    )}


def _plan_entries(conn: sqlite3.Connection, parsed: Entries, dry_run: bool) -> tuple[ImportReport, list[Action]]:
    report = ImportReport(parsed.format, dry_run, skipped=list(parsed.skipped), notes=list(parsed.notes))
    strains = _stored_strains(conn)
    source_ids = _column(conn, "SELECT source_id FROM dose WHERE source_id IS NOT NULL")
    logged = ({(at, sid, round(grams, 6)) for at, sid, grams in conn.execute("SELECT at, strain_id, grams FROM dose")}
              if parsed.match_by_instant else set())
    new_strains: dict[str, tuple[str, str]] = {}  # key → (name, form)
    doses: list[tuple[dict, str]] = []  # values, strain key
    for dose in parsed.doses:
        if dose.source_id is not None and dose.source_id in source_ids:
            report.present["doses"] += 1
            continue
        key = fold(dose.strain)
        if key in strains:
            strain_id, form, pct = strains[key]
            if (dose.at, strain_id, round(dose.grams, 6)) in logged:
                report.present["doses"] += 1
                continue
        else:
            form, pct = new_strains.setdefault(key, (dose.strain, dose.form))[1], None
        estimate = potency(dose.grams, form, pct)
        values = {
            "at": dose.at,
            "amount": dose.grams if dose.amount is None else dose.amount,
            "unit": dose.unit,
            "grams": dose.grams,
            "mitragynine_pct": estimate.pct,
            "mitragynine_mg": estimate.mg,
            "mitragynine_estimated": int(estimate.estimated),
            "reasons": "",
            "note": dose.note,
            "source_id": dose.source_id,
        }
        if dose.uuid is not None:
            values["uuid"] = dose.uuid
        doses.append((values, key))
    known_others = _column(conn, "SELECT uuid FROM other_substance")
    others = []
    for other in parsed.others:
        if other.uuid in known_others:
            report.present["other_substances"] += 1
        else:
            others.append({"uuid": other.uuid, "at": other.at, "substance": other.substance, "amount": other.amount, "note": other.note})
    report.added["doses"] = len(doses)
    report.added["strains"] = len(new_strains)
    report.added["other_substances"] = len(others)
    report.new_strains = [name for name, _ in new_strains.values()]
    _note_no_use_days(conn, [values["at"] for values, _ in doses], report)

    def write(conn, bulk, ids):
        strain_ids = {key: value[0] for key, value in strains.items()}
        added = bulk.add_many("strain", [{"name": name, "name_key": key, "form": form}
                                         for key, (name, form) in new_strains.items()])
        strain_ids.update(zip(new_strains, added))
        bulk.add_many("dose", [{**values, "strain_id": strain_ids[key]} for values, key in doses])
        bulk.add_many("other", others)

    return report, [write]


def _note_no_use_days(conn: sqlite3.Connection, instants: list[int], report: ImportReport) -> None:
    no_use = _column(conn, "SELECT day FROM no_use_day")
    if not no_use or not instants:
        return
    settings = _settings(conn)
    clashes = sorted({day for day in (local_day(at, settings).isoformat() for at in instants) if day in no_use})
    if clashes:
        report.notes.append(
            f"{len(clashes)} day(s) you recorded as no-use days have imported doses: {', '.join(clashes)} "
            "(you can delete the no-use day or the dose with 'kratomlog delete')"
        )


def import_entries(db: Database, parsed: Entries, *, now: int, dry_run: bool = False) -> ImportReport:
    return _run(db, now, dry_run, lambda conn: _plan_entries(conn, parsed, dry_run))


def import_content(db: Database, content: Document | Entries, *, now: int, dry_run: bool = False) -> ImportReport:
    """Write what any registered format read: a kratomlog document, or another app's entries."""
    if isinstance(content, Document):
        return import_document(db, content, now=now, dry_run=dry_run)
    return import_entries(db, content, now=now, dry_run=dry_run)
