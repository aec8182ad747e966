"""One clock for every write: the change log's time is the command's clock (`KRATOMLOG_NOW` pins it),
on the logging path and on the cold paths alike; and a disk problem met while writing is one line."""

from __future__ import annotations

import inspect
import sqlite3

import pytest

from helpers import NOW, rows, run


def _change_times() -> list[int]:
    return [row[2] for row in rows("change_log")]  # id, group_id, at, …


@pytest.mark.parametrize(
    "args",
    [
        ("dose", "3g", "Red Bali"),  # the logging path (plain SQL rows)
        ("stress", "4"),
        ("strain", "add", "Red Bali"),  # a cold path (rows through the models)
        ("check", "pss", "--scores", "1,1,1,1,1,1,1,1,1,1"),
    ],
)
def test_the_change_log_takes_the_commands_clock(args):
    pinned = NOW - 12345  # far from the real time, so time.time() would show
    result = run(*args, now=pinned)
    assert result.exit_code == 0, result.output
    assert _change_times() and set(_change_times()) == {pinned}


def test_an_edit_and_a_delete_are_logged_at_the_pinned_time_too():
    assert run("dose", "3g", "Red Bali", now=NOW - 100).exit_code == 0
    assert run("edit", "d1", "--amount", "4g", now=NOW - 50).exit_code == 0
    assert run("delete", "d1", "--yes", now=NOW - 10).exit_code == 0
    assert sorted(set(_change_times())) == [NOW - 100, NOW - 50, NOW - 10]  # the dose also added its strain


def test_a_recorder_cannot_be_made_without_the_commands_time():
    from kratomlog.store.changes import Recorder
    from kratomlog.store.model_rows import cold_recorder

    for maker in (Recorder, cold_recorder):
        assert inspect.signature(maker).parameters["now"].default is inspect.Parameter.empty
    with pytest.raises(TypeError):
        Recorder(sqlite3.connect(":memory:"))


def test_a_read_only_database_met_mid_command_is_one_line_and_exit_1(capsys, tmp_path, monkeypatch):
    """SQLite saying the file is read-only reaches the person as one honest line, not a NameError."""
    from kratomlog.cli import edge

    monkeypatch.setattr(edge.state, "db", str(tmp_path / "x.db"))

    def write():
        raise sqlite3.OperationalError("attempt to write a readonly database")

    assert edge.guarded(write, {}) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "read-only" in lines[0], lines


def test_instants_are_encoded_and_decoded_only_in_core_clock():
    """One encoder/decoder between stored instants and times: no other module converts by itself."""
    import re
    from pathlib import Path

    package = Path(__file__).resolve().parents[1] / "src" / "kratomlog"
    pattern = re.compile(r"fromtimestamp|utcfromtimestamp|\.timestamp\(\)|\bmktime\(|\blocaltime\(|\bgmtime\(")
    offenders = [
        f"{path.relative_to(package)}:{number}: {line.strip()}"
        for path in package.rglob("*.py") if path != package / "core" / "clock.py"
        for number, line in enumerate(path.read_text().splitlines(), start=1) if pattern.search(line)
    ]
    assert not offenders, offenders


def test_instant_of_drops_fractions_toward_the_past_and_reads_naive_as_local(tz):
    from datetime import datetime, timedelta, timezone

    from kratomlog.core.clock import from_local_lenient, instant_of

    tz("America/New_York")
    assert instant_of(datetime(2026, 11, 20, 13, 0, 0, 999999, tzinfo=timezone.utc)) == 1795179600
    assert instant_of(datetime(2026, 11, 20, 8, 0)) == 1795179600  # local EST
    repeated = datetime(2026, 11, 1, 1, 30)  # clocks go back: 01:30 happens twice
    assert from_local_lenient(repeated, later=True) - from_local_lenient(repeated) == 3600
    assert instant_of(datetime(2026, 11, 20, 8, 0, tzinfo=timezone(timedelta(hours=-5)))) == 1795179600
