"""An import's writes: each table's new rows in one `executemany` of a Core INSERT on the models'
table (compiled once), inside the import's one transaction; and its one undo group — one change-log
reference per table (the first and last id of the rows it added, `changes.RANGE_KEY`), never a copy
of each row. `undo` deletes those id ranges (questionnaire items and taper changes of a removed
plan go with their parent through ON DELETE CASCADE)."""

from __future__ import annotations

import sqlite3
from itertools import groupby
from typing import Iterable

from kratomlog.store.changes import CHILDREN, RANGE_KEY, new_uuid, table_for
from kratomlog.store.model_rows import prepared_insert
from kratomlog.store.zones import stamp


class BulkAdd:
    """Adds many rows of one kind at a time and logs them, all under one change group."""

    def __init__(self, conn: sqlite3.Connection, now: int):
        self.conn = conn
        self.now = now
        self.group = conn.execute("SELECT coalesce(max(group_id), 0) + 1 FROM change_log").fetchone()[0]
        self.added = 0

    def _insert_many(self, table: str, rows: Iterable[dict]) -> None:
        for columns, same in groupby(rows, key=lambda row: tuple(row)):
            prepared = prepared_insert(table, columns)
            defaults = dict(prepared.defaults)
            order = prepared.order
            if defaults:
                values = ([{**defaults, **row}[name] for name in order] for row in same)
            else:
                values = ([row[name] for name in order] for row in same)
            self.conn.executemany(prepared.sql, values)

    def add_many(self, kind: str, rows: Iterable[dict], children: Iterable[list[dict]] | None = None) -> list[int]:
        """Insert `rows` (each given its uuid, creation time and, for entries, where it was logged,
        unless it has them; taken one at a time, so a generator is never held whole) and return
        their ids in order; the n-th of `children` are the child rows of the n-th row
        (questionnaire items)."""
        table = table_for(kind)
        before = self.conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
        now = self.now
        count = 0

        def prepared():
            nonlocal count
            for row in rows:
                count += 1
                row = stamp(kind, row)
                if "uuid" not in row:
                    row["uuid"] = new_uuid()
                if "created_at" not in row:
                    row["created_at"] = now
                yield row

        self._insert_many(table, prepared())
        if not count:
            return []
        ids = [i for (i,) in self.conn.execute(f"SELECT id FROM {table} WHERE id > ? ORDER BY id", (before,))]
        if len(ids) != count:  # AUTOINCREMENT ids only grow inside one write transaction
            raise RuntimeError(f"bulk insert into {table}: {count} rows written, {len(ids)} found")
        if children is not None:
            child_table, key = CHILDREN[kind]
            self._insert_many(child_table, ({**child, key: parent} for parent, items in zip(ids, children)
                                            for child in items))
        self.conn.execute(
            "INSERT INTO change_log (group_id, at, action, kind, entry_id, before, after) VALUES (?, ?, 'add', ?, ?, NULL, ?)",
            (self.group, now, kind, ids[0], f'{{"{RANGE_KEY}": {ids[-1]}}}'),
        )
        self.added += count
        return ids
