"""Deleted means deleted, when the person asks: `delete ID --forever` removes an entry together
with every undo copy of it, and `forget --before DAY` drops the undo history older than that day.

Both then leave no bytes behind: every connection runs with `PRAGMA secure_delete=ON` (freed
content is overwritten with zeros), and after the transaction a `VACUUM` rebuilds the file without
free pages and a `wal_checkpoint(TRUNCATE)` empties the `-wal`, which would otherwise still hold the
old pages. Migration backups and the person's own exports and backups are separate files: they
keep what they held (the CLI says so).
"""

from __future__ import annotations

from kratomlog.store.changes import RANGE_KEY, table_for
from kratomlog.store.database import Database
from kratomlog.store.changes import require_row


def compact(db: Database) -> None:
    """Rewrite the file without free pages and empty the WAL (outside any transaction)."""
    db.conn.execute("VACUUM")
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def delete_forever(db: Database, *, kind: str, entry_id: int, label: str) -> int:
    """Delete the entry and every change-log copy of it (so `undo` skips it); returns how many undo
    records went with it."""
    with db.write() as conn:
        require_row(conn, kind, entry_id, label)
        conn.execute(f"DELETE FROM {table_for(kind)} WHERE id = ?", (entry_id,))
        # An import's reference to its rows (`changes.RANGE_KEY`) holds no copy of any: it stays, so
        # `undo` still takes back the rest of that import.
        dropped = conn.execute(
            "DELETE FROM change_log WHERE kind = ? AND entry_id = ? AND NOT (action = 'add' AND coalesce(after, '') LIKE ?)",
            (kind, entry_id, f'{{"{RANGE_KEY}":%'),
        ).rowcount
    compact(db)
    return dropped


def undo_records_before(db: Database, instant: int) -> int:
    return db.conn.execute("SELECT count(*) FROM change_log WHERE at < ?", (instant,)).fetchone()[0]


def forget_before(db: Database, instant: int) -> int:
    """Drop every undo record made before `instant`; returns how many."""
    with db.write() as conn:
        dropped = conn.execute("DELETE FROM change_log WHERE at < ?", (instant,)).rowcount
    compact(db)
    return dropped
