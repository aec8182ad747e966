"""The whole schema of a SQLite file as a comparable value: for every table its columns (order, type,
NOT NULL, default, primary key), CHECK constraints, foreign keys, indexes (unique, columns, partial
WHERE), AUTOINCREMENT and table options; every trigger and view. Spelling that SQLite itself treats
alike is normalised away: whitespace, identifier quotes, keyword case, whether a CHECK or UNIQUE is
written on the column or on the table, and the names SQLite gives its automatic indexes."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path


def _normal_sql(sql: str | None) -> str | None:
    if sql is None:
        return None
    out = []
    # Keep string literals as they are; outside them drop identifier quotes and fold case.
    for part in re.split(r"('(?:[^']|'')*')", sql):
        if part.startswith("'") and part.endswith("'") and len(part) >= 2:
            out.append(part)
        else:
            part = part.replace('"', "").replace("`", "").lower()
            part = re.sub(r"\s+", " ", part)
            part = re.sub(r"\s*([(),=<>])\s*", r"\1", part)
            out.append(part)
    return "".join(out).strip()


def _checks(create_sql: str) -> list[str]:
    """Every CHECK (…) expression in a CREATE TABLE statement, normalised."""
    found = []
    for match in re.finditer(r"\bcheck\s*\(", create_sql, re.IGNORECASE):
        depth, i, quote = 1, match.end(), None
        while depth:
            char = create_sql[i]
            if quote:
                if char == quote:
                    quote = None
            elif char in "'\"":
                quote = char
            elif char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
            i += 1
        found.append(_normal_sql(create_sql[match.end(): i - 1]))
    return sorted(found)


def _partial(index_sql: str | None) -> str | None:
    if not index_sql:
        return None
    match = re.search(r"\bwhere\b(.*)$", index_sql, re.IGNORECASE | re.DOTALL)
    return _normal_sql(match.group(1)) if match else None


def shape(conn: sqlite3.Connection) -> dict:
    master = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    tables: dict[str, dict] = {}
    for kind, name, _, sql in master:
        if kind != "table" or name == "sqlite_sequence":
            continue
        quoted = '"' + name + '"'
        columns = [tuple(row[1:]) for row in conn.execute(f"PRAGMA table_xinfo({quoted})")]
        columns = [(n, t.upper(), notnull, _normal_sql(default), pk, hidden) for n, t, notnull, default, pk, hidden in columns]
        keys: dict[int, list] = {}
        for fk_id, seq, parent, child, to, on_update, on_delete, match in conn.execute(f"PRAGMA foreign_key_list({quoted})"):
            keys.setdefault(fk_id, []).append((seq, parent, child, to, on_update, on_delete, match))
        foreign = sorted(tuple(sorted(parts)) for parts in keys.values())
        indexes = []
        index_sql = {n: s for k, n, _, s in master if k == "index"}
        for _, index_name, unique, origin, partial in conn.execute(f"PRAGMA index_list({quoted})"):
            cols = tuple(
                (row[2], row[3], row[4])  # column name, descending, collation
                for row in conn.execute(f'PRAGMA index_xinfo("{index_name}")') if row[5]
            )
            label = index_name if origin == "c" else f"<{origin}>"  # automatic names depend on order
            indexes.append((label, unique, origin, cols, _partial(index_sql.get(index_name)) if partial else None))
        upper = sql.upper()
        tables[name] = {
            "columns": columns,
            "checks": _checks(sql),
            "foreign_keys": foreign,
            "indexes": sorted(indexes),
            "autoincrement": "AUTOINCREMENT" in upper,
            "without_rowid": bool(re.search(r"\)\s*WITHOUT\s+ROWID", upper)),
            "strict": bool(re.search(r"\)\s*(WITHOUT\s+ROWID\s*,\s*)?STRICT\s*$", upper)),
        }
    others = {
        (kind, name): (tbl, _normal_sql(sql)) for kind, name, tbl, sql in master if kind in ("trigger", "view")
    }
    return {"tables": tables, "triggers_and_views": others}


def shape_of(path: Path) -> dict:
    conn = sqlite3.connect(path)
    try:
        return shape(conn)
    finally:
        conn.close()
