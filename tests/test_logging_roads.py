"""Straight roads for the logging commands (issue #14 point 4, issue #15 points 3–4):

- every argument is parsed before the database is opened, and a database that does not exist yet is
  only created by the first write: on a fresh machine a refused command (`dose 3.5x`, `stress 11`,
  an unknown entry id…) and a read leave no file and no folder behind — on the fast path and on the
  Typer path alike;
- one write command is ONE transaction, the signal announcement included, and the settings are read
  once per command (counted with an SQLite trace callback on every connection the command opens);
- a failure in the announcement undoes only the announcement; an interruption before the commit
  leaves the database as it was.
"""

from __future__ import annotations

import sqlite3

import pytest

from helpers import NOW, capture, everything, rows
from kratomlog.cli import fast
from kratomlog.cli.app import build_app

APP = build_app()




def on_fast_path(args: list[str]) -> tuple[int, str, str]:
    """Through `cli.fast` only (the test fails if the fast path declines the argv)."""

    def call():
        code = fast.run(args)
        assert code is not None, f"the fast path declined {args}"
        return code

    return capture(call)


def on_typer(args: list[str]) -> tuple[int, str, str]:
    return capture(lambda: APP(args, prog_name="kratomlog"))


ROADS = {"fast": on_fast_path, "typer": on_typer}

# Refusals of the plain logging forms (both roads run them).
FAST_REFUSALS = [
    ["dose", "3.5x", "Red Bali"],
    ["dose", "3.5x"],
    ["dose", "-"],
    ["dose", "3g", "Red", "--at", "25:00"],
    ["dose", "3g", "Red", "--reason", "boredom-ish"],
    ["dose", "3g", "Red", "--batch", "\x1b[31m"],
    ["dose", "2g", "Red", "--stress", "11"],
    ["dose", "3g"],  # no strain given and none logged yet: needs the (empty) database to know
    ["dose", "300g", "Red"],  # over the largest single dose: known only once the strain is resolved
    ["stress", "11"],
    ["stress", "4", "--craving", "x"],
    ["stress", "4", "--at", "tomorrow"],
    ["other", "x"],
    ["other", "alcohol", "--at", "soon"],
    ["no-use", "--on", "notaday"],
    ["no-use", "--on", "2099-01-01"],
    ["status", "--format", "{nonsense}"],
    ["again"],  # nothing to repeat yet
]

# Refusals of other commands (Typer only): arguments, and checks that need the database's rows.
TYPER_REFUSALS = [
    ["dose", "3.5x", "Red", "--help-me"],
    ["check", "pss", "--scores", "1,2"],
    ["withdrawal", "--scores", "9"],
    ["strain", "add", "Red", "--form", "resin"],
    ["strain", "edit", "Nobody", "--vendor", "x"],
    ["edit", "d1", "--amount", "2g"],
    ["edit", "d1", "--amount", "2x"],
    ["delete", "d99", "--yes"],
    ["config", "set", "bogus", "1"],
    ["config", "set", "default_unit", "stone"],
    ["week", "--of", "someday"],
    ["trends", "--weeks", "0"],
    ["list", "--since", "whenever"],
    ["taper", "start", "--from", "x"],
]

READS = [
    ["undo"],  # nothing to undo: a write that changes nothing creates nothing
    ["status"],
    ["status", "--json"],
    ["today"],
    ["list"],
    ["week"],
    ["signals"],
]


def _no_file_left(db_path) -> None:
    assert not db_path.exists(), "the database file was created"
    assert not db_path.parent.exists(), "the database's folder was created"


@pytest.mark.parametrize("road", sorted(ROADS))
@pytest.mark.parametrize("args", FAST_REFUSALS, ids=" ".join)
def test_a_refused_logging_command_creates_no_file(db_path, road, args):
    code, _out, err = ROADS[road](args)
    assert code == 2, err
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1, err
    _no_file_left(db_path)


@pytest.mark.parametrize("args", TYPER_REFUSALS, ids=" ".join)
def test_a_refused_command_creates_no_file(db_path, args):
    code, _out, err = on_typer(args)
    assert code == 2, err
    _no_file_left(db_path)


@pytest.mark.parametrize("args", READS, ids=" ".join)
def test_a_read_on_a_fresh_machine_creates_no_file(db_path, args):
    road = on_fast_path if args[0] in fast.S.SPECS and args != ["list"] and args != ["week"] and args != ["signals"] else on_typer
    code, _out, err = road(args)
    assert code == 0, err
    _no_file_left(db_path)


def test_the_first_write_creates_the_file_private_and_complete(db_path):
    code, out, err = on_fast_path(["dose", "3g", "Red Bali"])
    assert code == 0, err
    assert out.startswith("New strain 'Red Bali' created")
    assert db_path.stat().st_mode & 0o777 == 0o600
    assert db_path.parent.stat().st_mode & 0o777 == 0o700
    assert [r[1] for r in rows("dose")] == [NOW] or len(rows("dose")) == 1
    code, out, _ = on_typer(["status", "--json"])
    assert code == 0 and '"today_doses": 1' in out


def test_a_bare_number_is_read_before_opening_and_takes_the_stored_default_unit(db_path):
    assert on_fast_path(["dose", "1g", "Red"])[0] == 0
    assert on_typer(["config", "set", "default_unit", "caps"])[0] == 0
    assert on_typer(["strain", "edit", "Red", "--capsule-grams", "0.5"])[0] == 0
    code, out, err = on_fast_path(["dose", "4", "Red", "--at", "1h ago"])
    assert code == 0, err
    assert "4 caps" in out
    code, _out, err = on_fast_path(["dose", "4,5", "Red"])
    assert code == 2 and "a bare number in your default unit" in err


# --- one transaction per write command, settings read once ----------------------------------------


@pytest.fixture
def traced(monkeypatch):
    """Every SQL statement the command runs, on every connection it opens."""
    from kratomlog.store import database

    statements: list[str] = []
    real = database._connect

    def connect(*args, **kwargs):
        conn = real(*args, **kwargs)
        conn.set_trace_callback(statements.append)
        return conn

    monkeypatch.setattr(database, "_connect", connect)
    return statements


def _seeded() -> None:
    """A database that exists (its creation is not what is counted), with one earlier dose."""
    code, _, err = on_fast_path(["dose", "1g", "Red Bali", "--at", "2h ago"])
    assert code == 0, err


def _begins(statements):
    return [s for s in statements if s.startswith("BEGIN IMMEDIATE")]  # a write (the file check reads in a plain BEGIN)


WRITES = [
    # (argv, the row that must be written inside the one transaction, whether a signal is announced)
    (["dose", "6g", "Red Bali"], "INSERT INTO dose", True),  # 6 g: high-dose is announced
    (["dose", "2g", "Red Bali", "--stress", "5", "--at", "10m ago"], "INSERT INTO rating", False),
    (["stress", "4", "--craving", "2"], "INSERT INTO rating", False),
    (["other", "alcohol", "--amount", "2 drinks"], "INSERT INTO other_substance", True),  # combination
    (["no-use", "--on", "2026-11-01"], "INSERT INTO no_use_day", False),
    (["again", "--yes", "--at", "30m ago"], "INSERT INTO dose", False),
]


@pytest.mark.parametrize("road", sorted(ROADS))
@pytest.mark.parametrize("args,written,announces", WRITES, ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_a_write_command_is_one_transaction_with_its_announcement(traced, road, args, written, announces):
    _seeded()
    traced.clear()
    code, out, err = ROADS[road](args)
    assert code == 0, err
    assert _begins(traced) == ["BEGIN IMMEDIATE"], traced
    begin = traced.index("BEGIN IMMEDIATE")
    commit = traced.index("COMMIT", begin)
    assert [s for s in traced[begin:] if s in ("COMMIT", "ROLLBACK")] == ["COMMIT"]
    assert any(s.startswith(written) for s in traced[begin:commit])
    if announces:
        assert "! new signal:" in out
        assert any(s.startswith("INSERT INTO announced_signal") for s in traced[begin:commit])
    assert traced.count("SELECT key, value FROM setting") == 1, "settings read more than once"


def test_a_check_in_and_its_announcement_are_one_transaction(traced):
    _seeded()
    traced.clear()
    code, _out, err = on_typer(["check", "pss", "--scores", "2,2,2,2,2,2,2,2,2,2"])
    assert code == 0, err
    assert _begins(traced) == ["BEGIN IMMEDIATE"]
    assert traced.count("SELECT key, value FROM setting") == 1


@pytest.mark.parametrize("args", [["status"], ["status", "--json"], ["today"]], ids=" ".join)
def test_status_reads_settings_once_and_writes_nothing(traced, args):
    _seeded()
    traced.clear()
    code, _out, err = on_fast_path(args)
    assert code == 0, err
    assert _begins(traced) == []
    assert traced.count("SELECT key, value FROM setting") == 1


@pytest.mark.parametrize("road", sorted(ROADS))
def test_an_interruption_during_the_announcement_leaves_the_database_as_it_was(monkeypatch, road):
    _seeded()
    before = everything()
    from kratomlog.store import signal_reads

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(signal_reads, "record_announcements", interrupted)
    code, out, err = ROADS[road](["dose", "6g", "Red Bali"])
    assert code == 130
    assert "Logged" not in out  # nothing is confirmed that was not committed
    assert everything() == before


def test_a_failed_announcement_undoes_only_itself(monkeypatch):
    _seeded()
    from kratomlog.store import signal_reads

    def broken(conn, *_args, **_kwargs):
        conn.execute("INSERT INTO announced_signal (signal_id, announced_at) VALUES ('half-written', 1)")
        raise sqlite3.OperationalError("simulated")

    monkeypatch.setattr(signal_reads, "record_announcements", broken)
    code, out, err = on_fast_path(["dose", "6g", "Red Bali"])
    assert code == 0, err
    assert out.startswith("Logged d2: 6 g")
    assert err.strip() == "note: the warning signals could not be checked (OperationalError: simulated)"
    assert len(rows("dose")) == 2
    assert rows("announced_signal") == []  # the savepoint took back the half-written announcement


def test_a_file_created_meanwhile_is_never_replaced_and_the_command_runs_again(monkeypatch, db_path):
    """Another kratomlog creates the file while this command's first write is in memory: the file
    is not replaced (its strain stays), and the command runs once more, into that file."""
    from kratomlog.store import database

    real = database.make_private_dir
    created = []

    def someone_else_first(folder):
        real(folder)
        if not created:
            created.append(True)
            other = database.open_database(db_path)
            with other.write() as conn:
                conn.execute("INSERT INTO setting (key, value) VALUES ('week_starts', 'sunday')")
            other.close()

    monkeypatch.setattr(database, "make_private_dir", someone_else_first)
    code, out, err = on_fast_path(["dose", "3g", "Red Bali"])
    assert code == 0, err
    assert out.count("Logged d1:") == 1
    assert len(rows("dose")) == 1
    assert ("week_starts", "sunday") in rows("setting")
    assert [name for name in db_path.parent.iterdir() if name.name.endswith(".new")] == []



# --- shared flows live in modules of their own -----------------------------------------------------

COMMAND_BODIES = {"log_cmds", "habit_cmds", "status_cmd"}  # the plain bodies spec.py names as strings


def test_no_cli_module_imports_from_another_commands_module():
    """A flow several commands use (the week load, the dose line's taper part, the nudge) lives in a
    module of its own: only the app (which registers the commands) imports a command's module."""
    import ast
    from pathlib import Path

    cli = Path(__file__).resolve().parents[1] / "src" / "kratomlog" / "cli"
    sources = {p.stem: p.read_text(encoding="utf-8") for p in cli.glob("*.py")}
    commands = {name for name, text in sources.items() if "@command" in text or "typer.Typer(" in text}
    commands |= COMMAND_BODIES
    assert {"review_cmds", "log_cmds", "entry_cmds"} <= commands  # the test sees the command modules
    offenders = []
    for name, text in sources.items():
        if name in ("app", "fast"):  # the app registers the commands; fast falls through to app.main
            continue
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kratomlog.cli."):
                target = node.module.rsplit(".", 1)[1]
                if target in commands and target != name:
                    offenders.append(f"cli/{name}.py imports {[a.name for a in node.names]} from cli/{target}.py")
    assert offenders == []
    for flow in ("nudge", "dose_taper", "week_load"):
        assert flow not in commands, flow


def test_the_read_filter_leaves_the_window_to_the_index(tmp_path):
    """The invalid-value filter (store.valid_rows) must not make a windowed read walk every row:
    the day total of a dose reads one day through the index on `at`, as without the filter
    (counted in SQLite virtual-machine steps, which do not depend on the machine's speed)."""
    from kratomlog.store.database import open_database
    from kratomlog.store.valid_rows import valid

    db = open_database(tmp_path / "many.db")
    with db.write() as conn:
        conn.execute("INSERT INTO strain (uuid, name, name_key, form, created_at) VALUES ('u', 'Red', 'red', 'powder', 0)")
        conn.executemany(
            "INSERT INTO dose (uuid, at, amount, unit, grams, strain_id, mitragynine_estimated, created_at) "
            "VALUES (?, ?, 2, 'g', 2, 1, 1, 0)",
            [(f"d{i}", NOW - i * 3600) for i in range(6000)],
        )

    def steps(sql: str) -> int:
        count = [0]

        def tick() -> int:
            count[0] += 1
            return 0

        db.conn.set_progress_handler(tick, 1)
        try:
            db.conn.execute(sql, (NOW - 86400, NOW)).fetchall()
        finally:
            db.conn.set_progress_handler(None, 1)
        return count[0]

    plain = steps("SELECT sum(grams), count(*) FROM dose WHERE at >= ? AND at < ?")
    filtered = steps(f"SELECT sum(grams), count(*) FROM {valid('dose')} WHERE at >= ? AND at < ?")
    assert filtered < 4 * plain + 200, (plain, filtered)
    db.close()
