"""Every add, edit and delete of an entry goes through a `Recorder`, which writes the change to
`change_log` so `undo` can revert it exactly (a restored entry keeps its id and uuid): an edit or a
delete with a full before/after snapshot, an add by reference only (undoing it deletes the row, read
just before). One command's changes share a group; `undo` reverts the newest group not yet undone.
Adding imports neither json nor uuid (the logging path stays light).
Rows are written by a row road: `SqlRows` (plain SQL, the logging path) by default, or
`model_rows.ModelRows` (Core statements on the SQLModel tables) for the cold paths.
"""

from __future__ import annotations

from kratomlog.core.records import NamedTuple

import os
import sqlite3

# Entry kinds and the table each lives in. Only these names ever reach SQL.
KIND_TABLE = {
    "dose": "dose",
    "stress": "rating",
    "no-use": "no_use_day",
    "questionnaire": "questionnaire",
    "other": "other_substance",
    "strain": "strain",
    "taper": "taper_plan",
    "taper-change": "taper_change",
    "batch": "batch",
    "certificate": "certificate",
    "purchase": "purchase",
}
# Child rows stored inside the parent's snapshot: table, foreign key column.
CHILDREN = {"questionnaire": ("questionnaire_item", "questionnaire_id")}
# An add logged for many rows at once (an import, `store/bulk_import.py`): `after` holds
# {RANGE_KEY: last id} and the change covers the ids from `entry_id` to that one.
RANGE_KEY = "_through"


def new_uuid() -> str:
    """A random (version 4) UUID as text, as `str(uuid.uuid4())` gives it, without importing uuid."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40
    raw[8] = (raw[8] & 0x3F) | 0x80
    text = raw.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def _dumps(value: dict | None) -> str | None:
    if value is None:
        return None
    import json

    return json.dumps(value)


def _loads(text: str | None) -> dict | None:
    if not text:
        return None
    import json

    return json.loads(text)


def table_for(kind: str) -> str:
    return KIND_TABLE[kind]


class SqlRows:
    """Row operations in plain SQL (the logging path). `model_rows.ModelRows` does the same through
    the SQLModel tables for the cold paths."""

    def insert(self, conn: sqlite3.Connection, table: str, values: dict) -> int:
        columns = list(values)
        placeholders = ", ".join("?" for _ in columns)
        cursor = conn.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", [values[c] for c in columns]
        )
        return cursor.lastrowid

    def update(self, conn: sqlite3.Connection, table: str, entry_id: int, values: dict) -> None:
        assignments = ", ".join(f"{column} = ?" for column in values)
        conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", [*values.values(), entry_id])

    def delete(self, conn: sqlite3.Connection, table: str, key: str, value) -> None:
        conn.execute(f"DELETE FROM {table} WHERE {key} = ?", (value,))

    def select(self, conn: sqlite3.Connection, table: str, key: str, value) -> list[dict]:
        cursor = conn.execute(f"SELECT * FROM {table} WHERE {key} = ? ORDER BY rowid", (value,))
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


SQL_ROWS = SqlRows()


def fetch_row(conn: sqlite3.Connection, kind: str, entry_id: int, rows=SQL_ROWS) -> dict | None:
    found = rows.select(conn, table_for(kind), "id", entry_id)
    return found[0] if found else None


def snapshot(conn: sqlite3.Connection, kind: str, entry_id: int, rows=SQL_ROWS) -> dict | None:
    row = fetch_row(conn, kind, entry_id, rows)
    if row is None:
        return None
    if kind in CHILDREN:
        child_table, key = CHILDREN[kind]
        row["_children"] = rows.select(conn, child_table, key, entry_id)
    return row


def _restore(conn: sqlite3.Connection, kind: str, snap: dict, rows=SQL_ROWS) -> None:
    values = {k: v for k, v in snap.items() if k != "_children"}
    rows.insert(conn, table_for(kind), values)
    for child in snap.get("_children", []):
        rows.insert(conn, CHILDREN[kind][0], child)


def _replace_children(conn: sqlite3.Connection, kind: str, entry_id: int, children: list[dict], rows=SQL_ROWS) -> None:
    child_table, key = CHILDREN[kind]
    rows.delete(conn, child_table, key, entry_id)
    for child in children:
        rows.insert(conn, child_table, {**child, key: entry_id})


def _update(conn: sqlite3.Connection, kind: str, entry_id: int, values: dict, rows=SQL_ROWS) -> None:
    plain = {k: v for k, v in values.items() if k not in ("_children", "id")}
    if plain:
        rows.update(conn, table_for(kind), entry_id, plain)
    if "_children" in values:
        _replace_children(conn, kind, entry_id, values["_children"], rows)


class Undone(NamedTuple):
    action: str
    kind: str
    entry_id: int
    before: dict | None
    after: dict | None
    count: int = 1  # rows this change covered (many for an import's reference to its rows)


class Recorder:
    """Makes changes inside an open write transaction and logs each one under one group."""

    def __init__(self, conn: sqlite3.Connection, now: int, rows=SQL_ROWS):
        """`now` is the command's clock (`cli.edge.now`, which honours `KRATOMLOG_NOW`): every change
        a command logs carries the same instant as the rows it writes."""
        self.conn = conn
        self.rows = rows
        self.now = now
        self._group: int | None = None

    def _group_id(self) -> int:
        if self._group is None:
            self._group = self.conn.execute("SELECT coalesce(max(group_id), 0) + 1 FROM change_log").fetchone()[0]
        return self._group

    def _log(self, action: str, kind: str, entry_id: int, before: dict | None, after: dict | None) -> None:
        self.conn.execute(
            "INSERT INTO change_log (group_id, at, action, kind, entry_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                self._group_id(),
                self.now,
                action,
                kind,
                entry_id,
                _dumps(before),
                _dumps(after),
            ),
        )

    def add(self, kind: str, values: dict, children: list[dict] | None = None, *, log: bool = True) -> int:
        from kratomlog.store.zones import stamp

        values = stamp(kind, dict(values))
        values.setdefault("uuid", new_uuid())
        values.setdefault("created_at", self.now)
        entry_id = self.rows.insert(self.conn, table_for(kind), values)
        if children is not None:
            _replace_children(self.conn, kind, entry_id, children, self.rows)
        if log:
            self._log("add", kind, entry_id, None, None)
        return entry_id

    def edit(self, kind: str, entry_id: int, changes: dict, children: list[dict] | None = None) -> None:
        before = snapshot(self.conn, kind, entry_id, self.rows)
        values = dict(changes)
        if children is not None:
            values["_children"] = children
        _update(self.conn, kind, entry_id, values, self.rows)
        self._log("edit", kind, entry_id, before, snapshot(self.conn, kind, entry_id, self.rows))

    def delete(self, kind: str, entry_id: int) -> dict | None:
        before = snapshot(self.conn, kind, entry_id, self.rows)
        if before is None:
            return None
        self.rows.delete(self.conn, table_for(kind), "id", entry_id)
        self._log("delete", kind, entry_id, before, None)
        return before


def undo_last(conn: sqlite3.Connection) -> list[Undone]:
    """Revert the newest change group not yet undone (inside the caller's transaction)."""
    row = conn.execute("SELECT max(group_id) FROM change_log WHERE undone = 0").fetchone()
    if row is None or row[0] is None:
        return []
    group = row[0]
    changes = conn.execute(
        "SELECT id, action, kind, entry_id, before, after FROM change_log WHERE group_id = ? ORDER BY id DESC",
        (group,),
    ).fetchall()
    undone = []
    # Undo puts back exactly what was stored, even a row an older version or a hand edit left
    # outside today's CHECK ranges (a stress of 11): it was in the file before, the reads leave it
    # out (store.valid_rows), and refusing would make its deletion or repair impossible to undo.
    conn.execute("PRAGMA ignore_check_constraints = ON")
    try:
        for change_id, action, kind, entry_id, before_text, after_text in changes:
            before = _loads(before_text)
            after = _loads(after_text)
            count = 1
            if action == "add" and after is not None and RANGE_KEY in after:
                count = conn.execute(f"DELETE FROM {table_for(kind)} WHERE id BETWEEN ? AND ?",
                                     (entry_id, after[RANGE_KEY])).rowcount
            elif action == "add":
                after = after or snapshot(conn, kind, entry_id)
                conn.execute(f"DELETE FROM {table_for(kind)} WHERE id = ?", (entry_id,))
            elif action == "delete":
                _restore(conn, kind, before)
            else:
                _update(conn, kind, entry_id, before)
            conn.execute("UPDATE change_log SET undone = 1 WHERE id = ?", (change_id,))
            undone.append(Undone(action, kind, entry_id, before, after, count))
    finally:
        conn.execute("PRAGMA ignore_check_constraints = OFF")
    return undone


def changes_since_deleted(conn: sqlite3.Connection, kind: str, entry_id: int) -> int | None:
    """How many change groups were made after the entry's (not undone) deletion; None when it was
    never deleted (so never there). `core.shortids.missing_text` words it."""
    deleted = conn.execute(
        "SELECT group_id FROM change_log WHERE kind = ? AND entry_id = ? AND action = 'delete' AND undone = 0 "
        "ORDER BY id DESC LIMIT 1",
        (kind, entry_id),
    ).fetchone()
    if deleted is None:
        return None
    return conn.execute(
        "SELECT count(DISTINCT group_id) FROM change_log WHERE group_id > ? AND undone = 0", (deleted[0],)
    ).fetchone()[0]


def require_row(conn: sqlite3.Connection, kind: str, entry_id: int, label: str) -> dict:
    """The entry's row, or `Invalid` saying why there is none (`core.shortids.missing_text`)."""
    from kratomlog.core.invalid import Invalid
    from kratomlog.core.shortids import missing_text

    row = fetch_row(conn, kind, entry_id)
    if row is None:
        raise Invalid(missing_text(label, changes_since_deleted(conn, kind, entry_id)))
    return row
