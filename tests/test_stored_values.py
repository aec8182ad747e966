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


# What the reads show before the bad rows are written: they must show the same after.
BEFORE = (("week", "--json"), ("trends", "--json"), ("status", "--json"), ("signals", "--json"),
          ("insights", "--json"), ("calendar", "--json"), ("strain", "stats", "--json"), ("taper", "status", "--json"),
          ("today", "--json"), ("stock", "--json"), ("spend", "--json"), ("check", "history", "--json"),
          ("export", "--format", "tlfb", "--json"))


@pytest.fixture
def bad_db(db_path):
    _seed(db_path)
    good = {args: json.loads(run(*args, now=NOW).stdout) for args in BEFORE}
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
        cursor = conn.execute(f"SELECT *, ({predicate(table)}) IS 1 AS kept FROM {table}")
        names = [d[0] for d in cursor.description]
        for row in cursor:
            values = dict(zip(names, row))
            assert bool(values["kept"]) == (problems(table, values) == []), (table, values)
    conn.close()


def test_questionnaire_totals_are_the_instruments_own():
    from kratomlog.core.instruments import INSTRUMENTS

    assert QUESTIONNAIRE_TOTALS == {i.id: (i.total_min, i.total_max) for i in INSTRUMENTS.values()}
    assert {r.only_if[1] for r in rules("questionnaire") if r.only_if} == set(INSTRUMENTS)


READS = [
    ("list",), ("list", "--json"), ("list", "-n", "0"), ("week",), ("week", "--of", "2026-11-20"), ("week", "--prev"),
    ("week", "--json"), ("trends",), ("trends", "--weeks", "520"), ("trends", "--json"), ("signals",), ("signals", "--json"),
    ("report",), ("report", "--format", "html"), ("report", "-o", "-"), ("insights",), ("insights", "--json"),
    ("calendar",), ("calendar", "--json"), ("strain", "stats"), ("strain", "stats", "--json"), ("taper", "status"),
    ("taper", "status", "--json"), ("status",), ("status", "--json"), ("status", "--format", "{today_g}"), ("today",),
    ("today", "--json"), ("stock",), ("stock", "--json"), ("spend",), ("spend", "--json"), ("check", "history"),
    ("check", "history", "--json"), ("export",), ("export", "--format", "csv"), ("export", "--format", "tlfb"),
    ("export", "--format", "tlfb", "--json"),
]

TIMELESS = 11  # the bad rows whose time itself is invalid: they belong to no day, so every read counts them
# How many left-out entries each read names: the bad rows are dated 2026-11-25 to 27 (this week; the
# purchases today), so a read of other days counts only the timeless ones, and a read of one kind of
# entry only that kind.
COUNTED = {
    "week": 28, "week --of 2026-11-20": TIMELESS, "week --prev": TIMELESS, "trends": 28, "trends --weeks 520": 28,
    "signals": 28, "insights": 28 - 2, "calendar": 28, "strain stats": 28, "taper status": TIMELESS + 2,
    "status": TIMELESS + 2, "status --format {today_g}": TIMELESS + 2, "today": TIMELESS + 2, "stock": 28,
    "spend": 2, "check history": 4, "list": 28, "list -n 0": 28, "report": 28,
}
LIST_SHAPED = ("list --json", "signals --json", "calendar --json", "strain stats --json", "stock --json",
               "check history --json")


@pytest.mark.parametrize("args", READS, ids=" ".join)
def test_every_read_command_opens_a_database_holding_bad_values(bad_db, args):
    before = everything()
    result = run(*args, now=NOW)
    assert result.exit_code == 0, (args, result.output)
    assert "Traceback" not in result.output and "unexpected problem" not in result.output
    if "--json" in args or args == ("export",):
        _strict(result.stdout)
    assert everything() == before


def _counted(text: str) -> int | None:
    import re

    found = re.search(r"(\d+) entr(?:y with an invalid value is|ies with invalid values are) left out of these numbers: "
                      r"([a-z0-9, ]+?)(?: and (\d+) more)? — fix them with 'kratomlog edit ID'", text)
    if found is None:
        return None
    named = found.group(2).split(", ")
    assert len(named) + int(found.group(3) or 0) == int(found.group(1)), text
    return int(found.group(1))


@pytest.mark.parametrize("name", sorted(COUNTED))
def test_each_screen_counts_and_names_what_it_left_out(bad_db, name):
    args = tuple(name.split(" ")) if "{" not in name else ("status", "--format", "{today_g}")
    result = run(*args, now=NOW)
    assert result.exit_code == 0, result.output
    shown = result.stderr if "--format" in args else result.stdout
    assert _counted(shown) == COUNTED[name], shown[-600:]
    if "--format" in args:
        assert result.stdout == "0\n"  # the filled template stays exactly what was asked


@pytest.mark.parametrize("name", LIST_SHAPED)
def test_a_json_list_stays_a_list_and_the_count_goes_to_stderr(bad_db, name):
    result = run(*name.split(" "), now=NOW)
    assert isinstance(_strict(result.stdout), list)
    assert _counted(result.stderr) is not None, result.stderr


@pytest.mark.parametrize("name", ["week --json", "trends --json", "status --json", "today --json", "insights --json",
                                  "taper status --json", "spend --json"])
def test_a_json_object_says_the_count_and_the_ids(bad_db, name):
    _, expected, _ = bad_db
    shown = _strict(run(*name.split(" "), now=NOW).stdout)["invalid_entries"]
    assert shown["count"] == len(shown["ids"]) == COUNTED[name.removesuffix(" --json")]
    assert set(shown["ids"]) <= set(expected)


@pytest.mark.parametrize("args", BEFORE, ids=" ".join)
def test_the_numbers_leave_the_bad_rows_out(bad_db, args):
    _, _, good = bad_db
    shown = _strict(run(*args, now=NOW).stdout)
    if isinstance(shown, dict):
        shown.pop("invalid_entries", None)
    if args == ("today", "--json"):  # today's list shows the bad purchases of today, marked; the totals hold
        shown["entries"] = [e for e in shown["entries"] if "invalid" not in e]
    assert shown == good[args]  # 1e308 g, 300 g, a stress of 11, a SOWS of 999 … change nothing


def test_list_shows_each_bad_row_with_what_is_wrong(bad_db):
    _, expected, _ = bad_db
    shown = {e["id"]: e for e in _strict(run("list", "--json", "-n", "0", now=NOW).stdout)}
    for short, words in expected.items():
        assert any(words in p for p in shown[short]["invalid"]), (short, shown[short])
        if "invalid time" in words or "invalid day" in words:
            assert shown[short]["at"] is None
    assert all("invalid" not in e for k, e in shown.items() if k not in expected)
    text = run("list", "-n", "0", now=NOW, env={"COLUMNS": "200"}).stdout
    assert "invalid amount (1e+308 g)" in text and "invalid day ('not a date')" in text and "invalid time" in text
    first = run("list", now=NOW, env={"COLUMNS": "200"}).stdout  # timeless rows come first, so -n 20 shows them
    assert "invalid time ('nan')" in first and "invalid time (-62135596800" in first


def test_the_report_says_what_it_left_out(bad_db):
    for args in (("report",), ("report", "--format", "html")):
        text = run(*args, now=NOW).stdout
        assert "28 entries with invalid values are left out of these numbers" in text, args


def test_export_carries_the_bad_rows_and_the_import_skips_them_with_the_reason(bad_db, tmp_path, monkeypatch):
    _, expected, _ = bad_db
    result = run("export", now=NOW)
    assert result.exit_code == 0
    document = _strict(result.stdout)
    assert f"{len(expected)} entries with invalid values are exported as stored and marked" in result.stderr
    marked = [row for section in ("doses", "ratings", "questionnaires", "no_use_days", "other_substances", "purchases")
              for row in document[section] if "invalid" in row]
    assert len(marked) == len(expected)
    days = [row["day"] for row in document["no_use_days"]]
    assert "not a date" in days and "0001-01-01" in days  # carried as stored
    path = tmp_path / "out.json"
    path.write_text(result.stdout)
    monkeypatch.setenv("KRATOMLOG_DB", str(tmp_path / "fresh.db"))
    imported = run("import", str(path), "--json", now=NOW)
    assert imported.exit_code == 0, imported.output
    report = _strict(imported.stdout)
    reasons = [s["reason"] for s in report["skipped"] if "was exported holding invalid values" in s["reason"]]
    assert len(reasons) == len(expected)
    assert all(any(words in r for r in reasons) for words in expected.values())
    assert run("week", "--json", now=NOW).stdout == run("week", "--json", now=NOW).stdout
    assert "invalid_entries" not in _strict(run("week", "--json", now=NOW).stdout)


def test_an_import_skips_a_no_use_day_outside_2000_to_2099(tmp_path):
    document = json.loads(run("export", now=NOW).stdout)
    document["no_use_days"] = [{"uuid": f"n-{day}", "day": day, "note": None, "created_at": "2026-11-20T08:00:00+00:00"}
                               for day in ("0001-01-01", "9999-12-31", "2026-11-20")]
    path = tmp_path / "in.json"
    path.write_text(json.dumps(document))
    report = _strict(run("import", str(path), "--json", now=NOW).stdout)
    assert report["added"]["no_use_days"] == 1
    assert sum("outside 2000-01-01 to 2099-12-31" in s["reason"] for s in report["skipped"]) == 2


def test_csv_export_carries_the_bad_rows_as_stored(bad_db):
    _, expected, _ = bad_db
    result = run("export", "--format", "csv", now=NOW)
    assert result.exit_code == 0
    from kratomlog.core.export_format import carried_sections

    ids = {line.split(",")[1] for line in result.stdout.splitlines()[1:]}
    carried = {k for k in expected if "purchases" in carried_sections("csv") or not k.startswith("p")}
    assert carried <= ids
    assert f"{len(carried)} entries with invalid values are exported as stored:" in result.stderr


@pytest.mark.parametrize("short", ["d19", "d8", "d11", "d16", "s8", "s11", "q3", "q5", "n3", "n5", "o2", "p2"])
def test_delete_works_on_a_bad_row_and_undo_brings_it_back(bad_db, short):
    _, expected, _ = bad_db
    if short not in expected:
        pytest.skip(f"{short} is not one of the bad rows here")
    before = everything()
    result = run("delete", short, "--yes", now=NOW)
    assert result.exit_code == 0 and f"Deleted {short}" in result.stdout, result.output
    assert short not in _strict(run("week", "--json", now=NOW).stdout).get("invalid_entries", {}).get("ids", [])
    undone = run("undo", now=NOW)
    assert undone.exit_code == 0, undone.output
    assert everything()[_TABLE[short[0]]] == before[_TABLE[short[0]]]


_TABLE = {"d": "dose", "s": "rating", "q": "questionnaire", "n": "no_use_day", "o": "other_substance", "p": "purchase"}


def _bad_id(expected, words):
    return next(k for k, v in expected.items() if v == words)


def test_edit_repairs_a_bad_row(bad_db):
    _, expected, _ = bad_db
    huge = _bad_id(expected, "invalid amount (1e+308 g)")
    nan_time = _bad_id(expected, "invalid time ('nan')")
    stress = _bad_id(expected, "invalid stress rating (11)")
    before = len(expected)
    assert run("edit", huge, "--amount", "3g", now=NOW).exit_code == 0
    assert run("edit", nan_time, "--at", "2026-11-20 08:00", now=NOW).exit_code == 0
    result = run("edit", stress, "--stress", "4", now=NOW)
    assert result.exit_code == 0 and f"Updated {stress}: stress 4" in result.stdout, result.output
    assert _counted(run("list", now=NOW).stdout) == before - 3
    shown = {e["id"]: e for e in _strict(run("list", "--json", "-n", "0", now=NOW).stdout)}
    assert "invalid" not in shown[huge] and shown[huge]["grams"] == 3
    assert shown[nan_time]["at"].startswith("2026-11-20T08:00")


def test_a_bad_edit_of_a_bad_row_is_refused_and_writes_nothing(bad_db):
    _, expected, _ = bad_db
    huge = _bad_id(expected, "invalid amount (1e+308 g)")
    before = everything()
    result = run("edit", huge, "--amount", "300g", now=NOW)
    assert result.exit_code == 2 and result.stderr.startswith("error: ") and "250 g" in result.stderr, result.output
    assert len(result.stderr.strip().splitlines()) == 1
    assert everything() == before


def test_the_windowed_count_uses_the_index_not_a_scan(bad_db):
    from kratomlog.store.valid_rows import left_out as find

    conn = sqlite3.connect(bad_db[0])
    traced = []
    conn.set_trace_callback(traced.append)
    find(conn, ("dose",), window=(NOW - DAY, NOW))
    plan = conn.execute("EXPLAIN QUERY PLAN " + traced[-1].replace(f"at >= {NOW - DAY} AND at < {NOW}", "at >= 1 AND at < 2")).fetchall()
    assert not any(step[3].startswith("SCAN dose") for step in plan), plan
    conn.close()


def test_withdrawal_after_bad_rows_uses_the_last_valid_dose(bad_db):
    result = run("withdrawal", "--scores", SOWS, now=NOW)
    assert result.exit_code == 0, result.output
    assert "could not be checked" not in result.output
    conn = sqlite3.connect(bad_db[0])
    (hours,) = conn.execute("SELECT hours_since_dose FROM questionnaire ORDER BY id DESC LIMIT 1").fetchone()
    assert hours == 24.0  # the latest valid dose, 1 day ago: not 'nan', not the year-9999 one


def test_again_repeats_the_latest_valid_dose_not_a_bad_one(bad_db):
    result = run("again", "--yes", now=NOW)
    assert result.exit_code == 0, result.output
    assert "Repeating d1 (3 g of Red Bali" in result.stdout and "today 3 g in 1 dose" in result.stdout
