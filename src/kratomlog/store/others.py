"""Writing `other` entries: another substance taken (for the `combination` signal), logged for undo."""

from __future__ import annotations

from kratomlog.core.records import NamedTuple

from kratomlog.store.changes import Recorder
from kratomlog.store.database import Database


class LoggedOther(NamedTuple):
    id: int
    at: int
    substance: str
    amount: str | None


def add_other(db: Database, *, now: int, at: int, substance: str, amount: str | None, note: str | None) -> LoggedOther:
    with db.write() as conn:
        other_id = Recorder(conn, now).add(
            "other", {"at": at, "substance": substance, "amount": amount, "note": note}
        )
    return LoggedOther(other_id, at, substance, amount)
