"""Editing and deleting entries by short id, each in one transaction, logged for `undo`."""

from __future__ import annotations

from datetime import date

from kratomlog.core.amounts import Amount, to_grams
from kratomlog.core.days import local_day
from kratomlog.core.invalid import Invalid
from kratomlog.core.potency import mg_for, potency, seven_oh_mg
from kratomlog.core.settings import Settings
from kratomlog.store import strains as strain_store
from kratomlog.store.changes import require_row, undo_last
from kratomlog.store.database import Database
from kratomlog.store.log_entries import check_grams, check_no_use_day, no_use_id, resolve_strain


def _recorder(conn, now: int):
    from kratomlog.store.model_rows import cold_recorder  # SQLModel: edit and delete are cold paths

    return cold_recorder(conn, now)


def edit_dose(
    db: Database,
    *,
    now: int,
    settings: Settings,
    entry_id: int,
    amount: Amount | None = None,
    strain_name: str | None = None,
    at: int | None = None,
    reasons: tuple[str, ...] | None = None,
    note: str | None = None,
    new: bool = False,
    yes: bool = False,
    batch_code: str | None = None,
    mitragynine_pct: float | None = None,
) -> tuple[float | None, float | None]:
    """Edit a dose in one transaction. Its stored mitragynine percentage is kept — retyping its own
    strain or batch, or changing the amount, re-prices nothing — unless `mitragynine_pct` sets it,
    or the dose moves to another strain or batch (whose own value then applies). Returns the
    percentage (before, after)."""
    from kratomlog.core.batches import label_pct, label_seven_oh
    from kratomlog.store import batches as batch_store

    with db.write() as conn:
        recorder = _recorder(conn, now)
        row = require_row(conn, "dose", entry_id, f"d{entry_id}")
        changes: dict = {}
        strain = strain_store.get(conn, row["strain_id"]) if row["strain_id"] else None
        batch = batch_store.get(conn, row["batch_id"]) if row.get("batch_id") else None
        other_product = False
        if strain_name is not None:
            strain, _, _ = resolve_strain(recorder, strain_name, new=new)
            if strain.id != row["strain_id"]:
                other_product = True
                changes["strain_id"] = strain.id
                if batch is not None and batch.strain_id != strain.id:
                    batch = batch_store.in_use(conn, strain.id)  # the old batch belongs to the old strain
                    changes["batch_id"] = batch.id if batch else None
        if batch_code is not None:
            if strain is None:
                raise Invalid(f"d{entry_id} has no strain; give --strain with --batch")
            batch = batch_store.require(conn, strain, batch_code)
            if batch.id != row.get("batch_id"):
                other_product = True
                changes["batch_id"] = batch.id
        if amount is not None or other_product:
            amount = amount or Amount(row["amount"], row["unit"])
            grams = to_grams(amount, strain.capsule_grams if strain else None,
                             strain=strain.name if strain else None, form=strain.form if strain else None,
                             unit_name=strain.unit_name if strain else None,
                             unit_grams=strain.unit_grams if strain else None)
            check_grams(grams, yes)
            changes.update({"amount": amount.value, "unit": amount.unit, "grams": grams})
            if other_product and mitragynine_pct is None:
                estimate = potency(grams, strain.form,
                                   label_pct(batch.mitragynine_pct if batch else None, strain.mitragynine_pct))
                seven_oh = label_seven_oh((batch.seven_oh_mg_per_g, batch.seven_oh_mg_per_unit) if batch else None,
                                          (strain.seven_oh_mg_per_g, strain.seven_oh_mg_per_unit))
                changes.update(
                    {
                        "mitragynine_pct": estimate.pct,
                        "mitragynine_mg": estimate.mg,
                        "mitragynine_estimated": int(estimate.estimated),
                        "seven_oh_mg": seven_oh_mg(amount.value, amount.unit, grams, *seven_oh, strain.unit_name),
                    }
                )
            else:
                changes["mitragynine_mg"] = mg_for(grams, row["mitragynine_pct"])
                if row.get("seven_oh_mg") is not None:  # the dose keeps the label content it was logged with
                    changes["seven_oh_mg"] = round(row["seven_oh_mg"] * grams / row["grams"], 1)
        if mitragynine_pct is not None:
            changes.update({
                "mitragynine_pct": mitragynine_pct,
                "mitragynine_mg": mg_for(changes.get("grams", row["grams"]), mitragynine_pct),
                "mitragynine_estimated": 0,  # a value the person gave, not the leaf default
            })
        if at is not None:
            day = local_day(at, settings)
            if no_use_id(conn, day) is not None and not yes:
                raise Invalid(f"{day.isoformat()} is recorded as a no-use day; to move the dose there anyway, add --yes")
            changes["at"] = at
        if reasons is not None:
            changes["reasons"] = ",".join(reasons)
        if note is not None:
            changes["note"] = note
        recorder.edit("dose", entry_id, changes)
        return row["mitragynine_pct"], changes.get("mitragynine_pct", row["mitragynine_pct"])


def edit_rating(db: Database, *, now: int, entry_id: int, changes: dict) -> None:
    with db.write() as conn:
        require_row(conn, "stress", entry_id, f"s{entry_id}")
        _recorder(conn, now).edit("stress", entry_id, changes)


def edit_no_use(db: Database, *, now: int, settings: Settings, entry_id: int, day: date | None, note: str | None) -> None:
    with db.write() as conn:
        require_row(conn, "no-use", entry_id, f"n{entry_id}")
        changes: dict = {}
        if day is not None:
            check_no_use_day(conn, day, settings, except_id=entry_id)
            changes["day"] = day.isoformat()
        if note is not None:
            changes["note"] = note
        _recorder(conn, now).edit("no-use", entry_id, changes)


def delete_entry(db: Database, *, now: int, kind: str, entry_id: int, label: str) -> None:
    from kratomlog.store.product_edit import check_deletable

    with db.write() as conn:
        require_row(conn, kind, entry_id, label)
        check_deletable(conn, kind, entry_id, label)
        _recorder(conn, now).delete(kind, entry_id)


def undo(db: Database):
    with db.write() as conn:
        return undo_last(conn)
