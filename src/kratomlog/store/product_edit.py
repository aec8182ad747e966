"""Editing purchases, batches and certificates by short id (p7, b2, c3), and the checks before one
of them is deleted. Each edit is one transaction, logged for `undo`; a refusal writes nothing."""

from __future__ import annotations

from datetime import date

from kratomlog.core.batches import code_key
from kratomlog.core.days import day_start
from kratomlog.core.certificates import tested_problem
from kratomlog.core.invalid import Invalid
from kratomlog.core.purchases import Bought, bought_grams
from kratomlog.core.settings import Settings
from kratomlog.store import batches as batch_store
from kratomlog.store import purchases as purchase_store
from kratomlog.store import strains as strain_store
from kratomlog.store.model_rows import cold_recorder
from kratomlog.store.database import Database
from kratomlog.store.changes import require_row
from kratomlog.store.log_entries import resolve_strain


def edit_purchase(db: Database, *, now: int, settings: Settings, entry_id: int, label: str,
                  bought: Bought | None = None, strain_name: str | None = None, batch_code: str | None = None,
                  price: float | None = None, currency: str | None = None, day: date | None = None,
                  fields: dict | None = None, new: bool = False) -> None:
    with db.write() as conn:
        recorder = cold_recorder(conn, now)
        row = require_row(conn, "purchase", entry_id, label)
        changes: dict = dict(fields or {})
        strain = strain_store.get(conn, row["strain_id"])
        if strain_name is not None:
            strain, _, _ = resolve_strain(recorder, strain_name, new=new)
            if strain.id != row["strain_id"]:
                changes["strain_id"] = strain.id
                if batch_code is None:
                    changes["batch_id"] = None  # the old batch belongs to the old strain
        if batch_code is not None:
            changes["batch_id"] = batch_store.require(conn, strain, batch_code).id
        if bought is not None or "strain_id" in changes:
            bought = bought or Bought(row["amount"], row["unit"])
            grams = bought_grams(bought, strain.name, capsule_grams=strain.capsule_grams, form=strain.form,
                                 unit_name=strain.unit_name, unit_grams=strain.unit_grams)
            changes.update({"amount": bought.value, "unit": bought.unit, "grams": grams})
        if currency is not None and price is None and row["price"] is None:
            raise Invalid(f"{label} has no price; give --price with --currency")
        if price is not None:
            changes["price"] = price
            if currency is None and row["currency"] is None:
                currency = purchase_store.last_currency(conn)
                if currency is None:
                    raise Invalid("--price needs --currency (a three-letter code such as USD, EUR, GBP)")
        if currency is not None:
            changes["currency"] = currency
        if day is not None:
            changes["at"] = day_start(day, settings)
        recorder.edit("purchase", entry_id, changes)


def edit_batch(db: Database, *, now: int, entry_id: int, label: str, changes: dict) -> None:
    with db.write() as conn:
        row = require_row(conn, "batch", entry_id, label)
        changes = dict(changes)
        if "code" in changes:
            key = code_key(changes["code"])
            clash = conn.execute("SELECT code FROM batch WHERE strain_id = ? AND code_key = ? AND id != ?",
                                 (row["strain_id"], key, entry_id)).fetchone()
            if clash:
                raise Invalid(f"this strain already has a batch {clash[0]!r} (codes ignore case and spacing)")
            changes["code_key"] = key
        if isinstance(changes.get("bought_on"), date):
            changes["bought_on"] = changes["bought_on"].isoformat()
        if changes.get("seven_oh_mg_per_g") is not None:
            changes["seven_oh_mg_per_unit"] = None
        elif changes.get("seven_oh_mg_per_unit") is not None:
            changes["seven_oh_mg_per_g"] = None
        cold_recorder(conn, now).edit("batch", entry_id, changes)


def edit_certificate(db: Database, *, now: int, entry_id: int, label: str, changes: dict, today: date) -> None:
    with db.write() as conn:
        require_row(conn, "certificate", entry_id, label)
        changes = dict(changes)
        if isinstance(changes.get("tested_on"), date):
            problem = tested_problem(changes["tested_on"], today)
            if problem:
                raise Invalid(f"tested={problem}")
            changes["tested_on"] = changes["tested_on"].isoformat()
        cold_recorder(conn, now).edit("certificate", entry_id, changes)


def check_deletable(conn, kind: str, entry_id: int, label: str) -> None:
    """A batch still named by doses, purchases or certificates is not deleted (they would lose it)."""
    if kind != "batch":
        return
    uses = []
    for table, word in (("dose", "dose"), ("purchase", "purchase"), ("certificate", "certificate")):
        n = conn.execute(f"SELECT count(*) FROM {table} WHERE batch_id = ?", (entry_id,)).fetchone()[0]
        if n:
            uses.append(f"{n} {word}{'s' if n != 1 else ''}")
    if uses:
        raise Invalid(f"{label} is still used by {', '.join(uses)}; delete or edit those first "
                      "(a batch's record is what ties them to their certificate)")
