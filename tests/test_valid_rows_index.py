"""The read-side filter (`store.valid_rows.valid`) leaves the index on `at` to the window a read asks
for: a one-day window over a long history runs a number of SQLite steps that does not grow with the
history (before, the planner took the filter's own 2000–2099 bounds and walked every row)."""

from __future__ import annotations

import sqlite3

import pytest

from kratomlog.store.valid_rows import predicate, valid

DAY = 86400
FIRST = 1_000_000_000  # 2001-09-09


def _steps(conn: sqlite3.Connection, sql: str, params: tuple) -> int:
    counted = [0]

    def tick() -> int:
        counted[0] += 1
        return 0

    conn.set_progress_handler(tick, 10)  # one tick per 10 virtual-machine instructions
    try:
        conn.execute(sql, params).fetchall()
    finally:
        conn.set_progress_handler(None, 0)
    return counted[0]


def _history(fresh_db, days: int) -> sqlite3.Connection:
    conn = fresh_db.conn
    conn.executemany("INSERT INTO rating (uuid, at, stress, created_at) VALUES (?, ?, 5, ?)",
                     [(f"r{days}-{n}", FIRST + n * 3 * 3600, FIRST) for n in range(days * 8)])
    return conn


@pytest.mark.parametrize("table, column", [("rating", "stress")])
def test_a_day_window_costs_the_same_on_a_short_and_a_long_history(fresh_db, table, column):
    conn = _history(fresh_db, 30)
    sql = f"SELECT avg({column}) FROM {valid(table)} WHERE at >= ? AND at < ?"
    day = (FIRST + 10 * DAY, FIRST + 11 * DAY)
    short = _steps(conn, sql, day)
    conn.executemany("INSERT INTO rating (uuid, at, stress, created_at) VALUES (?, ?, 5, ?)",
                     [(f"more-{n}", FIRST + 40 * DAY + n * 3 * 3600, FIRST) for n in range(3000 * 8)])
    long = _steps(conn, sql, day)
    assert long <= short + 5, (short, long)
    assert conn.execute(sql, day).fetchone() == (5.0,)


def test_the_filter_still_refuses_what_it_refused(fresh_db):
    conn = fresh_db.conn
    conn.execute("INSERT INTO rating (uuid, at, stress, created_at) VALUES ('ok', ?, 5, ?)", (FIRST, FIRST))
    conn.execute("INSERT INTO rating (uuid, at, stress, created_at) VALUES ('old', 5, 5, ?)", (FIRST,))
    conn.execute("INSERT INTO rating (uuid, at, stress, created_at) VALUES ('half', ?, 5.5, ?)", (FIRST, FIRST))
    conn.execute("INSERT INTO rating (uuid, at, stress, created_at) VALUES ('text-at', 'nan', 5, ?)", (FIRST,))
    kept = [u for (u,) in conn.execute(f"SELECT uuid FROM rating WHERE {predicate('rating')} ORDER BY uuid")]
    assert kept == ["ok"]
