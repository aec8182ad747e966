"""Editing an `other substance` entry (substance, amount, time, note) in one transaction, logged for undo."""

from __future__ import annotations

from kratomlog.store.database import Database
from kratomlog.store.changes import require_row

EDITABLE = ("substance", "amount", "at", "note")


def edit_other(db: Database, *, now: int, entry_id: int, label: str, changes: dict) -> None:
    """Apply already-validated `changes` (keys from EDITABLE) to other-substance entry `entry_id`."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable on an other-substance entry: {sorted(unknown)}")
    with db.write() as conn:
        require_row(conn, "other", entry_id, label)
        from kratomlog.store.model_rows import cold_recorder

        cold_recorder(conn, now).edit("other", entry_id, changes)
