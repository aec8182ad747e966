"""The fast path and the Typer application are the same program: generated argv lists (valid and
invalid amounts, strains, times, reasons, notes, scores, option orders, `--`, repeated options,
global options, help and junk) run through both, each on its own copy of one database, and give the
same stdout, stderr, exit code and database dump.

A quick run of 15 examples; the slow one takes `KRATOMLOG_FUZZ_EXAMPLES` (60 by default; raise it
for a deeper run).
"""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from helpers import NOW, capture, reset_cli_state
from kratomlog.cli import fast
from kratomlog.cli.app import build_app
from kratomlog.store import changes

EXAMPLES = int(os.environ.get("KRATOMLOG_FUZZ_EXAMPLES", "60"))
APP = build_app()

AMOUNTS = [["3g"], ["3.5"], ["3.5", "g"], ["500mg"], ["2caps"], ["1tsp"], ["0g"], ["-1g"], ["30g"], ["abc"],
           ["1,5g"], ["3x"], ["6g"], ["1", "tbsp"]]
STRAINS = [[], ["Red Bali"], ["red", "bali"], ["Red Bal"], ["Brand New"], ["g"], [""], ["Green Maeng Da"],
           ["Old One"], ["ünï ✓"]]
WHEN = ["now", "21:30", "11:00", "40m ago", "yesterday 21:30", "mon 08:00", "2026-11-20 08:00", "3d ago",
        "bogus", "", "13:00", "2h", "1h30m ago", "2026-11-27T09:00:00+02:00"]
REASONS = ["stress", "stress,pain", "Sleep", "bogus", "", "withdrawal", " habit , other "]
NOTES = ["hi", "", "  spaced  ", "x" * 2001, "ünïcode ✓", "line\nbreak", "tab\there"]
SCORES = ["0", "4", "10", "11", "-1", "x", "4.5", " 5", ""]
SUBSTANCES = ["alcohol", "Alcohol", "sleep aid", "Sleep_Aid", "beer", "opioid", "", "other"]
AMOUNT_TEXT = ["2 drinks", "", "10 mg", "y" * 101]
DAYS = ["today", "yesterday", "mon", "2026-11-20", "2026-13-01", "tomorrow", "2026-11-26", ""]
TEMPLATES = ["{since} {today_g}g", "{today_doses}/{last_stress}", "{bogus}", "{since.real}", "{since", "", "plain"]
JUNK = ["--help", "-h", "--bogus", "-", "--", "--json", "-y", "--yes=1", "--at"]

OPTIONS = {
    "dose": [("--at", WHEN), ("--reason", REASONS), ("-r", REASONS), ("--note", NOTES), ("--new", None),
             ("--yes", None), ("-y", None), ("--batch", ["B1", "", "x" * 80]), ("--stress", SCORES),
             ("--craving", SCORES)],
    "stress": [("--craving", SCORES), ("--pain", SCORES), ("--at", WHEN), ("--note", NOTES)],
    "no-use": [("--on", DAYS), ("--note", NOTES)],
    "other": [("--amount", AMOUNT_TEXT), ("--at", WHEN), ("--note", NOTES)],
    "status": [("--json", None), ("--format", TEMPLATES)],
    "again": [("--at", WHEN), ("--yes", None), ("-y", None)],
    "today": [("--json", None)],
}


@st.composite
def argv(draw) -> list[str]:
    command = draw(st.sampled_from(sorted(OPTIONS)))
    words: list[str] = []
    if command == "dose":
        words = draw(st.sampled_from(AMOUNTS)) + draw(st.sampled_from(STRAINS))
    elif command == "stress":
        words = draw(st.lists(st.sampled_from(SCORES), min_size=0, max_size=2))
    elif command == "other":
        words = draw(st.lists(st.sampled_from(SUBSTANCES), min_size=0, max_size=2))
    pieces: list[list[str]] = []
    for flag, values in draw(st.lists(st.sampled_from(OPTIONS[command]), max_size=4)):
        if values is None:
            pieces.append([flag])
        else:
            value = draw(st.sampled_from(values))
            pieces.append([f"{flag}={value}"] if flag.startswith("--") and draw(st.booleans()) else [flag, value])
    if draw(st.integers(0, 9)) == 0:
        pieces.append([draw(st.sampled_from(JUNK))])
    pieces = draw(st.permutations(pieces))
    tokens = list(itertools.chain.from_iterable(pieces))
    if words and draw(st.booleans()):
        cut = draw(st.integers(0, len(tokens)))
        tokens = tokens[:cut] + words[:1] + tokens[cut:] + words[1:]
    elif draw(st.integers(0, 4)) == 0:
        tokens += ["--", *words]
    else:
        tokens = words + tokens
    prefix = draw(st.sampled_from([[], [], ["--debug"], ["--no-pager"], ["--db", "{db}"], ["--db={db}"], ["--demo"], ["--version"],
                                   ["--db", ""]]))
    return prefix + [command] + tokens


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> Path:
    """A small database with history: strains (one archived), doses over ten days, a rating, another
    substance, a no-use day — written through the Typer path."""
    folder = tmp_path_factory.mktemp("seed")
    path = folder / "kratomlog.db"
    day = 86400
    steps = [["dose", f"{2 + n % 3}g", "Red Bali", "--at", f"{n * 24 + 3}h ago", "-r", "stress"] for n in range(10)] + [
        ["dose", "1g", "Old One", "--at", "50h ago"],
        ["strain", "archive", "Old One"],
        ["dose", "2g", "Green Maeng Da", "--at", "5h ago"],
        ["stress", "5", "--craving", "3", "--at", "4h ago"],
        ["other", "alcohol", "--at", "20h ago"],
        ["no-use", "--on", "2026-11-10"],
    ]
    before = os.environ.get("KRATOMLOG_DB"), os.environ.get("KRATOMLOG_NOW")
    os.environ["KRATOMLOG_DB"], os.environ["KRATOMLOG_NOW"] = str(path), str(NOW - day // 2)
    try:
        for step in steps:
            code, _, err = _typer(step)
            assert code == 0, (step, err)
    finally:
        for key, value in zip(("KRATOMLOG_DB", "KRATOMLOG_NOW"), before):
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return path


def _capture(call) -> tuple[int | str, str, str]:
    return capture(call, errors_as_result=True)  # --debug lets errors through: compare them too


def _typer(args: list[str]) -> tuple[int, str, str]:
    return _capture(lambda: APP(args, prog_name="kratomlog"))


def _fast_or_typer(args: list[str]) -> tuple[int, str, str]:
    def call():
        code = fast.run(args)
        if code is None:
            return APP(args, prog_name="kratomlog")
        return code

    return _capture(call)


def _dump(path: Path) -> list[str]:
    if not path.exists():
        return []
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _copy(seed: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
        if Path(f"{seed}{suffix}").exists():
            shutil.copyfile(f"{seed}{suffix}", f"{target}{suffix}")


def _through(runner, args: list[str], seed: Path, target: Path) -> tuple:
    """Run `args` on a fresh copy of `seed` at `target`, with UUIDs numbered from 0 (so two runs
    that create the same rows write the same bytes)."""
    _copy(seed, target)
    numbers = itertools.count()
    changes.new_uuid = lambda: f"00000000-0000-4000-8000-{next(numbers):012d}"
    result = runner(args)
    return result, _dump(target)


def test_the_plain_forms_really_take_the_fast_path(seed, tmp_path, monkeypatch):
    """The comparison below is not between Typer and Typer: these forms never reach Typer."""
    target = tmp_path / "kl.db"
    _copy(seed, target)
    monkeypatch.setenv("KRATOMLOG_DB", str(target))
    monkeypatch.setenv("KRATOMLOG_NOW", str(NOW))
    for args in (["dose", "1g"], ["stress", "3"], ["status", "--json"], ["no-use", "--on", "2026-11-01"],
                 ["other", "alcohol"], ["dose", "x"], ["again", "--yes"], ["today"], ["today", "--json"],
                 ["status", "--format", "{since}"], ["dose", "2g", "--stress", "4", "--craving", "2"]):
        reset_cli_state()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            assert fast.run(args) is not None, args


_SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@settings(max_examples=15, **_SETTINGS)
@given(args=argv())
def test_fast_path_and_typer_do_the_same_quick(seed, tmp_path, args):
    _same(seed, tmp_path, args)


@pytest.mark.slow
@settings(max_examples=EXAMPLES, **_SETTINGS)
@given(args=argv())
def test_fast_path_and_typer_do_the_same(seed, tmp_path, args):
    _same(seed, tmp_path, args)


def _same(seed, tmp_path, args):
    target = tmp_path / "kl.db"
    args = [a.replace("{db}", str(target)) for a in args]
    saved = {k: os.environ.get(k) for k in ("KRATOMLOG_DB", "KRATOMLOG_NOW")}
    original_uuid = changes.new_uuid
    os.environ["KRATOMLOG_DB"], os.environ["KRATOMLOG_NOW"] = str(target), str(NOW)
    try:
        fast_result = _through(_fast_or_typer, args, seed, target)
        typer_result = _through(_typer, args, seed, target)
    finally:
        changes.new_uuid = original_uuid
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    assert fast_result[0] == typer_result[0], args  # exit code, stdout, stderr
    assert fast_result[1] == typer_result[1], args  # the database dump
