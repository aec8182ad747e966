"""Rebuilding one table for the changes SQLite's `ALTER TABLE` cannot make (a CHECK or a type changed,
a column dropped or renamed alongside other changes, NOT NULL added…), modelled on sqlite-utils'
`Table.transform` and SQLite's own twelve-step recipe (https://sqlite.org/lang_altertable.html):
create the new shape under a temporary name, copy the rows, drop the old table, rename the new one,
re-create the indexes and triggers, keep the AUTOINCREMENT counter.

It runs inside the migration's transaction, with foreign keys switched off by the migration runner
(so dropping a parent table does not cascade); the runner checks `PRAGMA foreign_key_check` before
it commits.
"""

from __future__ import annotations

import re
import sqlite3

_CREATE = re.compile(r"^\s*CREATE\s+TABLE\s+(\"?)(\w+)\1\s*\(", re.IGNORECASE)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def rebuild_table(
    conn: sqlite3.Connection,
    table: str,
    create_sql: str,
    *,
    rename: Mapping[str, str] | None = None,
    drop: Iterable[str] = (),
    indexes: Iterable[str] | None = None,
) -> None:
    """Give `table` the shape `create_sql` declares (a `CREATE TABLE <table> (…)` statement),
    keeping every row. Columns keep their values by name; `rename` maps old names to new ones,
    `drop` names old columns whose values are discarded; a new column takes its default. The
    table's indexes and triggers are re-created as they were, unless `indexes` gives the CREATE
    INDEX statements to use instead."""
    match = _CREATE.match(create_sql)
    if not match or match.group(2) != table:
        raise ValueError(f"create_sql must be 'CREATE TABLE {table} (…)'")
    rename = dict(rename or {})
    dropped = set(drop)
    temporary = f"_rebuild_{table}"
    old_columns = [row[1] for row in conn.execute(f"PRAGMA table_info({_quote(table)})")]
    if not old_columns:
        raise ValueError(f"no table {table!r} to rebuild")
    unknown = (set(rename) | dropped) - set(old_columns)
    if unknown:
        raise ValueError(f"{table} has no column(s) {', '.join(sorted(unknown))}")
    saved = [
        sql for (sql,) in conn.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL "
            "ORDER BY type, name", (table,),
        )
    ]
    if indexes is not None:
        saved = [sql for sql in saved if sql.lstrip().upper().startswith("CREATE TRIGGER")] + list(indexes)
    sequence = _sequence(conn, table)

    conn.execute(_CREATE.sub(f"CREATE TABLE {_quote(temporary)} (", create_sql, count=1))
    new_columns = [row[1] for row in conn.execute(f"PRAGMA table_info({_quote(temporary)})")]
    pairs = [(old, rename.get(old, old)) for old in old_columns if old not in dropped]
    lost = [new for _, new in pairs if new not in new_columns]
    if lost:
        raise ValueError(f"{table}: column(s) {', '.join(lost)} have no place in the new shape; drop or rename them")
    targets = ", ".join(_quote(new) for _, new in pairs)
    sources = ", ".join(_quote(old) for old, _ in pairs)
    conn.execute(f"INSERT INTO {_quote(temporary)} ({targets}) SELECT {sources} FROM {_quote(table)} ORDER BY rowid")
    conn.execute(f"DROP TABLE {_quote(table)}")
    conn.execute(f"ALTER TABLE {_quote(temporary)} RENAME TO {_quote(table)}")
    for sql in saved:
        conn.execute(sql)
    if sequence is not None and "AUTOINCREMENT" in create_sql.upper():
        _set_sequence(conn, table, sequence)


def _sequence(conn: sqlite3.Connection, table: str) -> int | None:
    """The table's AUTOINCREMENT counter (the highest id ever handed out), if it has one."""
    has_sequence = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").fetchone()
    if not has_sequence:
        return None
    row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
    return None if row is None else row[0]


def _set_sequence(conn: sqlite3.Connection, table: str, value: int) -> None:
    conn.execute("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
    conn.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, value))
