"""The product sections of a kratomlog document (version 2): batches, certificates and purchases,
and the batch a dose names. Planned inside the import's one transaction like the rest of
`import_data`: a batch is the stored one with its uuid, else the stored one of the same strain and
code; certificates and purchases are matched by uuid. A record whose strain or batch is neither in
the file nor in the database is skipped with its reason."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any, Callable

from kratomlog.core.batches import code_key
from kratomlog.core.certificates import tested_problem
from kratomlog.core.herbal import Skipped
from kratomlog.core.names import fold

Action = Callable[[sqlite3.Connection, Any, dict], None]
Ref = Any  # a stored id, or ("new", uuid) for a row this import adds


def resolve(ids: dict, kind: str, ref: Ref) -> int:
    return ids[(kind, ref[1])] if isinstance(ref, tuple) else ref


class BatchRefs:
    """(strain key, code key) → the batch a record names, from the file's batches or the database."""

    def __init__(self, conn: sqlite3.Connection):
        self.stored = {(sid, key): bid for bid, sid, key in conn.execute("SELECT id, strain_id, code_key FROM batch")}
        self.by_uuid = dict(conn.execute("SELECT uuid, id FROM batch"))
        self.planned: dict[tuple[str, str], Ref] = {}
        self.in_use = {sid for (sid,) in conn.execute("SELECT strain_id FROM batch WHERE in_use = 1")}

    def find(self, strain_key: str, strain_ref: Ref, code: str) -> Ref | None:
        key = (strain_key, code_key(code))
        if key in self.planned:
            return self.planned[key]
        if not isinstance(strain_ref, tuple):
            return self.stored.get((strain_ref, code_key(code)))
        return None


def plan_batches(conn: sqlite3.Connection, doc, report, strain_for: Callable[[str], Ref | None]
                 ) -> tuple[BatchRefs, list[Action]]:
    refs = BatchRefs(conn)
    new: list[tuple[dict, Ref]] = []
    for record in doc.sections.get("batches", []):
        strain_key = fold(record["strain"])
        strain_ref = strain_for(record["strain"])
        if strain_ref is None:
            report.skipped.append(Skipped(record["row"], f"its strain {record['strain']!r} is not among the file's strains"))
            continue
        key = (strain_key, code_key(record["code"]))
        if record["uuid"] in refs.by_uuid:
            refs.planned[key] = refs.by_uuid[record["uuid"]]
            report.present["batches"] += 1
            continue
        existing = refs.find(strain_key, strain_ref, record["code"])
        if existing is not None:
            refs.planned[key] = existing
            report.present["batches"] += 1
            report.notes.append(f"batch {record['code']!r} of {record['strain']!r} was already here (same code); "
                                "its doses use it")
            continue
        values = {k: v for k, v in record.items() if k not in ("row", "strain")}
        values["code_key"] = key[1]
        if values.get("in_use") and not isinstance(strain_ref, tuple) and strain_ref in refs.in_use:
            values["in_use"] = 0
            report.notes.append(f"batch {record['code']!r} of {record['strain']!r} was imported as not in use "
                                "(another batch of that strain is in use here)")
        refs.planned[key] = ("new", record["uuid"])
        report.added["batches"] += 1
        new.append((values, strain_ref))

    def add_batches(conn, bulk, ids):
        added = bulk.add_many("batch", [{**values, "strain_id": resolve(ids, "strain", strain_ref)} for values, strain_ref in new])
        for (values, _), new_id in zip(new, added):
            ids[("batch", values["uuid"])] = new_id

    return refs, [add_batches]


def batch_of(record: dict, strain_ref: Ref, refs: BatchRefs, report) -> tuple[bool, Ref | None]:
    """(keep the record, its batch ref or None); a batch named but found nowhere skips the record."""
    code = record.get("batch")
    if code is None:
        return True, None
    found = refs.find(fold(record["strain"]), strain_ref, code)
    if found is None:
        report.skipped.append(Skipped(record["row"], f"its batch {code!r} of {record['strain']!r} is not among the "
                                                     "file's batches"))
        return False, None
    return True, found


def plan_children(conn: sqlite3.Connection, doc, report, strain_for: Callable[[str], Ref | None],
                  refs: BatchRefs, today: date) -> list[Action]:
    """Certificates (their batch is required; dated today at the latest, as the command line asks)
    and purchases (their batch is optional)."""
    rows: list[tuple[str, dict, Ref, Ref | None]] = []
    for section, kind, table in (("certificates", "certificate", "certificate"), ("purchases", "purchase", "purchase")):
        known = {u for (u,) in conn.execute(f"SELECT uuid FROM {table}")}
        for record in doc.sections.get(section, []):
            if record["uuid"] in known:
                report.present[section] += 1
                continue
            if kind == "certificate":
                problem = tested_problem(date.fromisoformat(record["tested_on"]), today)
                if problem:
                    report.skipped.append(Skipped(record["row"], f"tested_on {problem}"))
                    continue
            strain_ref = strain_for(record["strain"])
            if strain_ref is None:
                report.skipped.append(Skipped(record["row"], f"its strain {record['strain']!r} is not among the file's strains"))
                continue
            keep, batch_ref = batch_of(record, strain_ref, refs, report)
            if not keep:
                continue
            values = {k: v for k, v in record.items() if k not in ("row", "strain", "batch")}
            report.added[section] += 1
            rows.append((kind, values, strain_ref, batch_ref))

    def add_children(conn, bulk, ids):
        for wanted in ("certificate", "purchase"):
            batch: list[dict] = []
            for kind, values, strain_ref, batch_ref in rows:
                if kind != wanted:
                    continue
                batch_id = resolve(ids, "batch", batch_ref) if batch_ref is not None else None
                if kind == "certificate":
                    batch.append({**values, "batch_id": batch_id})
                else:
                    batch.append({**values, "strain_id": resolve(ids, "strain", strain_ref), "batch_id": batch_id})
            bulk.add_many(wanted, batch)

    return [add_children]
