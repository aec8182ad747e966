"""#11 point 6, the stored side: a database that already holds out-of-range values (written by
sqlite3 directly or by an older version) still opens for every read command and export; the bad
rows are left out of the numbers, counted and named, and stay editable, deletable and exportable.
The rules are `core.stored_ranges`; the filter every read uses is `store.valid_rows`."""

from __future__ import annotations

import json
import sqlite3

import pytest
from helpers import NOW, everything, run

from kratomlog.core.stored_ranges import QUESTIONNAIRE_TOTALS, TABLE_KIND, problems, rules
from kratomlog.store.valid_rows import left_out, predicate

DAY = 86400
SOWS = ",".join(["1"] * 16)

# (table, column changes) of each bad row written behind kratomlog's back, and the words that name it.
BAD_ROWS = [
    ("dose", {"at": -62135596800}, "invalid time"),  # year 1
    ("dose", {"at": 253402300000}, "invalid time"),  # year 9999
    ("dose", {"at": -5}, "invalid time"),
    ("dose", {"at": "nan"}, "invalid time ('nan')"),
    ("dose", {"grams": 1e308, "amount": 1e308}, "invalid amount (1e+308 g)"),
    ("dose", {"grams": float("inf"), "amount": float("inf")}, "invalid amount (inf g)"),
    ("dose", {"grams": "nan", "amount": "nan"}, "invalid amount ('nan')"),
    ("dose", {"grams": 0, "amount": 0}, "invalid amount (0 g)"),
    ("dose", {"grams": -3, "amount": -3}, "invalid amount (-3 g)"),
    ("dose", {"grams": 300, "amount": 300}, "invalid amount (300 g)"),
    ("dose", {"mitragynine_pct": 1e308, "mitragynine_mg": 1e308}, "invalid mitragynine %"),
    ("dose", {"seven_oh_mg": float("inf")}, "invalid 7-OH estimate (inf mg)"),
    ("rating", {"stress": 11}, "invalid stress rating (11)"),
    ("rating", {"stress": -1}, "invalid stress rating (-1)"),
    ("rating", {"craving": 99}, "invalid craving rating (99)"),
    ("rating", {"stress": "x"}, "invalid stress rating ('x')"),
    ("rating", {"at": 253402300000}, "invalid time"),
    ("questionnaire", {"total": 999}, "invalid SOWS total (999)"),
    ("questionnaire", {"total": -4}, "invalid SOWS total (-4)"),
    ("questionnaire", {"at": -62135596800}, "invalid time"),
    ("questionnaire", {"hours_since_dose": float("inf")}, "invalid hours since the dose (inf)"),
    ("no_use_day", {"day": "not a date"}, "invalid day ('not a date')"),
    ("no_use_day", {"day": "0001-01-01"}, "invalid day ('0001-01-01')"),
    ("no_use_day", {"day": "9999-12-31"}, "invalid day ('9999-12-31')"),
    ("no_use_day", {"day": "2026-13-45"}, "invalid day ('2026-13-45')"),
    ("other_substance", {"at": "yesterday"}, "invalid time ('yesterday')"),
    ("purchase", {"grams": float("inf"), "amount": float("inf")}, "invalid amount bought (inf g)"),
    ("purchase", {"price": -2}, "invalid price (-2)"),
]


def _seed(db_path) -> None:
    """Two weeks of ordinary use through the command line: the good rows the bad ones are copied from."""
    assert run("strain", "add", "Red Bali", "--mitragynine", "1.5", now=NOW).exit_code == 0
    for back in (1, 2, 3, 5, 8, 9, 12):
        assert run("dose", "3g", "Red Bali", "--at", f"{back}d ago", now=NOW).exit_code == 0
        assert run("stress", str(back % 10), "--craving", "3", "--at", f"{back}d ago", now=NOW).exit_code == 0
    assert run("withdrawal", "--scores", SOWS, "--at", "2d ago", now=NOW).exit_code == 0
    assert run("other", "alcohol", "--at", "2d ago", now=NOW).exit_code == 0
    assert run("no-use", "--on", "2026-11-23", now=NOW).exit_code == 0
    assert run("buy", "Red Bali", "100g", "--price", "30", "--currency", "USD", now=NOW).exit_code == 0
    assert run("taper", "start", "--from", "9g", "--step", "10%", "--every", "7d", now=NOW).exit_code == 0


def write_bad_rows(db_path, bad=BAD_ROWS) -> dict[str, str]:
    """Copy a good row of each table once per bad value, changed behind kratomlog's back (CHECK
    constraints ignored, as an older version or a hand edit would); returns short id → expected words."""
    from kratomlog.core.vocab import KIND_PREFIX

    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    expected = {}
    with conn:
        for n, (table, changes, words) in enumerate(bad):
            cursor = conn.execute(f"SELECT * FROM {table} ORDER BY id LIMIT 1")
            row = dict(zip([d[0] for d in cursor.description], cursor.fetchone()))
            row.pop("id")
            row.update(changes, uuid=f"bad-{n}")
            cursor = conn.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                                  list(row.values()))
            expected[f"{KIND_PREFIX[TABLE_KIND[table]]}{cursor.lastrowid}"] = words
    conn.close()
    return expected


@pytest.fixture
def bad_db(db_path):
    _seed(db_path)
    good = json.loads(run("week", "--json", "--of", "2026-11-20", now=NOW).stdout)
    expected = write_bad_rows(db_path)
    return db_path, expected, good


def _strict(text: str):
    def refuse(name):
        raise AssertionError(f"{name} in JSON output")

    return json.loads(text, parse_constant=refuse)


def test_the_sql_filter_and_the_python_rules_give_the_same_verdict(bad_db):
    db_path, expected, _ = bad_db
    conn = sqlite3.connect(db_path)
    flagged = {f.id: f.problems for f in left_out(conn)}
    assert set(flagged) == set(expected)
    for short, words in expected.items():
        assert any(words in p for p in flagged[short]), (short, flagged[short], words)
    for table in TABLE_KIND:  # every row the predicate keeps has no problem, and the other way round
        cursor = conn.execute(f"SELECT *, ({predicate(table)}) AS kept FROM {table}")
        names = [d[0] for d in cursor.description]
        for row in cursor:
            values = dict(zip(names, row))
            assert values["kept"] in (0, 1)  # never NULL: NOT (…) is its exact complement
            assert bool(values["kept"]) == (problems(table, values) == []), (table, values)
    conn.close()


def test_questionnaire_totals_are_the_instruments_own():
    from kratomlog.core.instruments import INSTRUMENTS

    assert QUESTIONNAIRE_TOTALS == {i.id: (i.total_min, i.total_max) for i in INSTRUMENTS.values()}
    assert {r.only_if[1] for r in rules("questionnaire") if r.only_if} == set(INSTRUMENTS)


READS = [
    ("week",), ("week", "--of", "2026-11-20"), ("week", "--prev"), ("week", "--json"),
    ("trends",), ("trends", "--weeks", "520"), ("trends", "--json"), ("signals",), ("signals", "--json"),
    ("report",), ("report", "--format", "html"), ("report", "-o", "-"), ("insights",), ("calendar",),
    ("strain", "stats"), ("taper", "status"), ("status",), ("status", "--json"), ("stock",),
    ("spend",), ("check", "history"), ("export", "--format", "tlfb"),
]


@pytest.mark.parametrize("args", READS, ids=" ".join)
def test_every_read_command_opens_a_database_holding_bad_values(bad_db, args):
    before = everything()
    result = run(*args, now=NOW)
    assert result.exit_code == 0, (args, result.output)
    assert "Traceback" not in result.output and "unexpected problem" not in result.output
    if "--json" in args:
        _strict(result.stdout)
    assert everything() == before


def test_week_numbers_leave_the_bad_rows_out(bad_db):
    _, _, good = bad_db
    shown = _strict(run("week", "--json", "--of", "2026-11-20", now=NOW).stdout)
    assert shown["days"] == good["days"]  # 1e308 g, 300 g, a stress of 11 … add nothing


def test_withdrawal_after_bad_rows_uses_the_last_valid_dose(bad_db):
    result = run("withdrawal", "--scores", SOWS, now=NOW)
    assert result.exit_code == 0, result.output
    assert "could not be checked" not in result.output
    conn = sqlite3.connect(bad_db[0])
    (hours,) = conn.execute("SELECT hours_since_dose FROM questionnaire ORDER BY id DESC LIMIT 1").fetchone()
    assert hours == 24.0  # the latest valid dose, 1 day ago: not 'nan', not the year-9999 one
