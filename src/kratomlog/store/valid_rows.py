"""The read-side filter: `core.stored_ranges.rules` compiled once per table into one SQL predicate.
Every read that sums, charts, scores or dates rows reads `valid(table)` — a subquery that stands where
the table's name would — instead of the table, so a row holding year 1, 1e308 g or 'nan' as text never
reaches the arithmetic; `left_out` finds those rows (the same predicate, negated) so the screen can
count and name them. `list`, `edit`, `delete`, undo and `export` read the tables themselves: the rows
stay visible, fixable and exportable.

The predicate never evaluates to NULL (type tests come first), so `NOT (…)` is its exact complement.
A subquery `(SELECT * FROM dose WHERE …)` is flattened by SQLite into the outer query, so the indexes
on `at` still serve a window."""

from __future__ import annotations

import sqlite3
from functools import cache

from kratomlog.core.stored_ranges import TABLE_KIND, Flagged, Rule, flagged, rules


def _number(value: float | str) -> str:
    return repr(float(value))


def _test(rule: Rule) -> str:
    c = rule.column
    if rule.kind == "day":
        test = f"typeof({c}) = 'text' AND date({c}) IS {c} AND {c} >= '{rule.low}' AND {c} <= '{rule.high}'"
    else:
        types = "'integer', 'real'" if rule.kind == "number" else "'integer'"
        low = f"{c} {'>' if rule.low_open else '>='} {_number(rule.low)}"
        high = f"{c} {'<' if rule.high_open else '<='} {_number(rule.high)}"
        test = f"typeof({c}) IN ({types}) AND {low} AND {high}"
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


def left_out(conn: sqlite3.Connection, tables: tuple[str, ...] = tuple(TABLE_KIND)) -> list[Flagged]:
    """Every stored row the filter leaves out, oldest id first per table, with what is wrong with it."""
    found = []
    for table in tables:
        cursor = conn.execute(f"SELECT * FROM {table} WHERE NOT ({predicate(table)}) ORDER BY id")
        columns = [d[0] for d in cursor.description]
        for row in cursor:
            values = dict(zip(columns, row))
            found.append(flagged(table, values["id"], values))
    return found


def left_out_ids(conn: sqlite3.Connection) -> list[str]:
    return [f.id for f in left_out(conn)]
