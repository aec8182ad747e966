"""The read-side filter: `core.stored_ranges.rules` compiled once per table into one SQL predicate.
Every read that sums, charts, scores or dates rows reads `valid(table)` — a subquery that stands where
the table's name would — instead of the table, so a row holding year 1, 1e308 g or 'nan' as text never
reaches the arithmetic; `left_out` finds those rows (the same predicate, negated) so the screen can
count and name them. `list`, `edit`, `delete`, undo and `export` read the tables themselves: the rows
stay visible, fixable and exportable.

A row is left out when the predicate is not 1 (a NULL where a value is required makes it NULL).
A subquery `(SELECT * FROM dose WHERE …)` is flattened by SQLite into the outer query, so the indexes
on `at` still serve a window."""

from __future__ import annotations

import sqlite3
from functools import cache

from kratomlog.core.stored_ranges import TABLE_KIND, Flagged, Rule, flagged, rules


KIND_TABLE = {kind: table for table, kind in TABLE_KIND.items()}


def _number(value: float | str) -> str:
    return repr(float(value))


def _test(rule: Rule) -> str:
    # SQLite orders NULL < numbers < text < blobs, so a number range alone refuses text ('nan') and
    # blobs; a whole number also needs its type (5.5 is no rating); a day must be its own date().
    # The range is tested on `+column`: the same comparison (no affinity is involved either way), but
    # one SQLite cannot serve from an index, so a query's own window (`at >= ? AND at < ?`) is the
    # range the index on `at` searches, not 2000–2099 (which read every row: 1.5–4 ms a day total).
    c = rule.column
    if rule.kind == "day":
        test = f"date({c}) IS {c} AND +{c} >= '{rule.low}' AND +{c} <= '{rule.high}'"
    else:
        test = (f"+{c} {'>' if rule.low_open else '>='} {_number(rule.low)} "
                f"AND +{c} {'<' if rule.high_open else '<='} {_number(rule.high)}")
        if rule.kind == "whole":
            test += f" AND typeof({c}) = 'integer'"
    if rule.nullable:
        test = f"{c} IS NULL OR ({test})"
    if rule.only_if is not None:
        column, value = rule.only_if
        test = f"{column} IS NOT '{value}' OR ({test})"
    return f"({test})"


@cache
def predicate(table: str) -> str:
    """The SQL condition (on the table's own column names) a row must meet to be used."""
    return " AND ".join(_test(rule) for rule in rules(table))


@cache
def valid(table: str) -> str:
    """A subquery to put where the table's name would be: `FROM {valid('dose')} d`."""
    return f"(SELECT * FROM {table} WHERE {predicate(table)})"


def left_out(conn: sqlite3.Connection, kinds: tuple[str, ...] = tuple(KIND_TABLE),
             window: tuple[int, int] | None = None) -> list[Flagged]:
    """The stored rows the filter leaves out (of these kinds of entry: dose, stress…), by kind then
    id, with what is wrong with each. With a `window` [start, end): the rows whose time is in it, and
    every row whose time itself is invalid (those belong to no window) — both through the index on
    `at`, as `at` is valid exactly when it is a number in its range, so this costs next to nothing."""
    found = []
    for table in (KIND_TABLE[kind] for kind in kinds):
        where = f"({predicate(table)}) IS NOT 1"
        params: tuple = ()
        if window is not None and table != "no_use_day":
            first, end = rules(table)[0].low, rules(table)[0].high  # the `at` rule
            # `at` is NOT NULL in every version's schema, so no `at IS NULL` arm (it would scan).
            where = (f"id IN (SELECT id FROM {table} WHERE at < {first} UNION ALL SELECT id FROM {table} WHERE at >= {end} "
                     f"UNION ALL SELECT id FROM {table} WHERE at >= ? AND at < ? AND {where})")
            params = window
        cursor = conn.execute(f"SELECT * FROM {table} WHERE {where} ORDER BY id", params)
        columns = [d[0] for d in cursor.description]
        for row in cursor:
            values = dict(zip(columns, row))
            found.append(flagged(table, values["id"], values))
    return found


def flag_of(conn: sqlite3.Connection, kind: str, row_id: int) -> Flagged | None:
    """What is wrong with one entry, or None when it holds only valid values (or does not exist)."""
    table = KIND_TABLE[kind]
    cursor = conn.execute(f"SELECT * FROM {table} WHERE id = ? AND ({predicate(table)}) IS NOT 1", (row_id,))
    row = cursor.fetchone()
    return None if row is None else flagged(table, row_id, dict(zip([d[0] for d in cursor.description], row)))


def left_out_ids(conn: sqlite3.Connection, window: tuple[int, int] | None = None,
                 kinds: tuple[str, ...] = tuple(KIND_TABLE)) -> list[str]:
    return [f.id for f in left_out(conn, kinds, window)]
