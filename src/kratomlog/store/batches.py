"""Batches of a strain and their lab certificates: add, find, choose the batch in use, read back.

Plain sqlite3 (the dose path reads the batch in use); every write goes through a `Recorder`, so
`undo` reverts it.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from kratomlog.core.batches import Batch, code_key
from kratomlog.core.certificates import Certificate
from kratomlog.core.invalid import Invalid
from kratomlog.core.signals import BatchCertificates
from kratomlog.store.changes import Recorder
from kratomlog.store.strains import Strain

_SELECT = (
    "SELECT b.id, b.strain_id, s.name, b.code, b.bought_on, b.vendor, b.mitragynine_pct, b.seven_oh_mg_per_g, "
    "b.seven_oh_mg_per_unit, b.in_use, b.note FROM batch b JOIN strain s ON s.id = b.strain_id"
)
CERT_COLUMNS = ("tested_on", "lab", "source", "mitragynine_pct", "seven_oh_pct", "lead", "arsenic", "cadmium",
                "mercury", "salmonella", "e_coli", "yeast_mould", "file_name", "file_sha256", "batch_id", "id")


def _batch(row: tuple) -> Batch:
    return Batch(row[0], row[1], row[2], row[3], date.fromisoformat(row[4]) if row[4] else None,
                 row[5], row[6], row[7], row[8], bool(row[9]), row[10])


def get(conn: sqlite3.Connection, batch_id: int) -> Batch | None:
    row = conn.execute(f"{_SELECT} WHERE b.id = ?", (batch_id,)).fetchone()
    return _batch(row) if row else None


def find(conn: sqlite3.Connection, strain: Strain, code: str) -> Batch | None:
    row = conn.execute(f"{_SELECT} WHERE b.strain_id = ? AND b.code_key = ?", (strain.id, code_key(code))).fetchone()
    return _batch(row) if row else None


def require(conn: sqlite3.Connection, strain: Strain, code: str) -> Batch:
    """The batch CODE of this strain; a code that belongs to another strain is named as such."""
    found = find(conn, strain, code)
    if found is not None:
        return found
    elsewhere = conn.execute(
        "SELECT s.name FROM batch b JOIN strain s ON s.id = b.strain_id WHERE b.code_key = ? ORDER BY s.name",
        (code_key(code),),
    ).fetchall()
    if elsewhere:
        owners = " and ".join(repr(r[0]) for r in elsewhere)
        raise Invalid(f"batch {code!r} belongs to {owners}, not {strain.name!r}; "
                      f"see kratomlog batch list {strain.name!r}")
    raise Invalid(f"{strain.name!r} has no batch {code!r}; add it with: kratomlog batch add {strain.name!r} {code!r}")


def of_strain(conn: sqlite3.Connection, strain_id: int) -> list[Batch]:
    return [_batch(r) for r in conn.execute(f"{_SELECT} WHERE b.strain_id = ? ORDER BY b.id", (strain_id,))]


def all_batches(conn: sqlite3.Connection) -> list[Batch]:
    return [_batch(r) for r in conn.execute(f"{_SELECT} ORDER BY s.name COLLATE NOCASE, b.id")]


def codes(conn: sqlite3.Connection) -> list[str]:
    """Every batch code (the report withholds them with the product names)."""
    return [code for (code,) in conn.execute("SELECT DISTINCT code FROM batch ORDER BY length(code) DESC")]


def in_use(conn: sqlite3.Connection, strain_id: int) -> Batch | None:
    row = conn.execute(f"{_SELECT} WHERE b.strain_id = ? AND b.in_use = 1 ORDER BY b.id DESC LIMIT 1",
                       (strain_id,)).fetchone()
    return _batch(row) if row else None


def add(recorder: Recorder, strain: Strain, fields: dict) -> int:
    """Add batch `fields['code']` of `strain` (fields already validated by core.batches)."""
    code = fields["code"]
    existing = find(recorder.conn, strain, code)
    if existing is not None:
        raise Invalid(f"{strain.name!r} already has a batch {existing.code!r} (codes ignore case and spacing)")
    values = {k: v for k, v in fields.items() if v is not None}
    values.update({"strain_id": strain.id, "code_key": code_key(code)})
    if isinstance(values.get("bought_on"), date):
        values["bought_on"] = values["bought_on"].isoformat()
    return recorder.add("batch", values)


def use(recorder: Recorder, batch: Batch) -> Batch | None:
    """Make `batch` the one new doses of its strain come from; returns the batch it replaced."""
    before = in_use(recorder.conn, batch.strain_id)
    if before is not None and before.id == batch.id:
        return before
    for other in recorder.conn.execute("SELECT id FROM batch WHERE strain_id = ? AND in_use = 1 AND id != ?",
                                       (batch.strain_id, batch.id)).fetchall():
        recorder.edit("batch", other[0], {"in_use": 0})
    recorder.edit("batch", batch.id, {"in_use": 1})
    return before


def dose_counts(conn: sqlite3.Connection, strain_id: int, batch_id: int) -> tuple[int, int]:
    """(doses already logged from this batch, doses of the strain from any other batch or none)."""
    row = conn.execute(
        "SELECT coalesce(sum(batch_id IS ? ), 0), coalesce(sum(batch_id IS NOT ?), 0) FROM dose WHERE strain_id = ?",
        (batch_id, batch_id, strain_id),
    ).fetchone()
    return int(row[0]), int(row[1])


# ---------------------------------------------------------------- certificates


def add_certificate(recorder: Recorder, batch: Batch, fields: dict) -> int:
    values = {k: v for k, v in fields.items() if v is not None}
    values["batch_id"] = batch.id
    if isinstance(values.get("tested_on"), date):
        values["tested_on"] = values["tested_on"].isoformat()
    return recorder.add("certificate", values)


def _certificate(row: tuple) -> Certificate:
    values = dict(zip(CERT_COLUMNS, row))
    values["tested"] = date.fromisoformat(values.pop("tested_on"))
    return Certificate(**values)


def certificates(conn: sqlite3.Connection, batch_id: int) -> list[Certificate]:
    return [_certificate(r) for r in conn.execute(
        f"SELECT {', '.join(CERT_COLUMNS)} FROM certificate WHERE batch_id = ? ORDER BY tested_on DESC, id DESC",
        (batch_id,))]


def certificates_by_batch(conn: sqlite3.Connection) -> dict[int, list[Certificate]]:
    found: dict[int, list[Certificate]] = {}
    for row in conn.execute(f"SELECT {', '.join(CERT_COLUMNS)} FROM certificate ORDER BY tested_on DESC, id DESC"):
        cert = _certificate(row)
        found.setdefault(cert.batch_id, []).append(cert)
    return found


def batch_certificates(conn: sqlite3.Connection) -> tuple[BatchCertificates, ...]:
    """Every batch that has a certificate, for the `contaminant` signal."""
    by_batch = certificates_by_batch(conn)
    if not by_batch:
        return ()
    rows = conn.execute("SELECT b.id, s.name, b.code FROM batch b JOIN strain s ON s.id = b.strain_id").fetchall()
    return tuple(BatchCertificates(i, name, code, tuple(by_batch[i])) for i, name, code in rows if i in by_batch)
