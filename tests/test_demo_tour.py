"""`demo tour` end to end: steps generated from the scenario's own signals, --print with every step,
keys through a pseudo-terminal (Enter/space, b, q, Ctrl-C exits 130 writing nothing); the scenario
picker; rebuilding over changes made by hand asks first; `demo reset`."""

from __future__ import annotations

import json
import re

import pytest

from helpers import NOW, everything, run
from terminal import Terminal


def ok(*args: str, input: str | None = None):
    result = run(*args, now=NOW, input=input)
    assert result.exit_code == 0, result.stderr + result.stdout
    return result


@pytest.fixture
def demo_db(db_path):
    return db_path.parent / "demo.db"


def steps_of(text: str) -> list[str]:
    return re.findall(r"^Tour step \d+ of \d+ — (.+)$", text, flags=re.M)


def active_titles() -> list[str]:
    from kratomlog.core.signals import RULES

    titles = {rule.id: rule.title for rule in RULES}
    return [titles[s["id"]] for s in json.loads(ok("--demo", "signals", "--json").stdout) if s["status"] == "active"]


@pytest.mark.parametrize("scenario", ["seven-oh", "steady"])
def test_print_writes_every_step_and_one_lesson_per_active_signal(scenario):
    ok("demo", "--scenario", scenario, "--no-show")
    text = ok("demo", "tour", "--print").stdout
    titles = steps_of(text)
    total = int(re.search(r"^Tour step 1 of (\d+)", text, flags=re.M).group(1))
    assert len(titles) == total
    assert titles[0] == "A synthetic person" and titles[-1] == "Where to find help"
    assert [t.removeprefix("Signal: ") for t in titles if t.startswith("Signal: ")] == active_titles()
    assert "$ kratomlog --demo week" in text and "1-800-662-4357" in text


def test_a_scenario_whose_signals_differ_gets_a_different_tour():
    ok("demo", "--scenario", "seven-oh", "--no-show")
    first = steps_of(ok("demo", "tour", "--print").stdout)
    second = steps_of(ok("demo", "tour", "--print", "--scenario", "restart").stdout)
    assert first != second
    assert "Signal: Return after a break" in second and "Signal: Return after a break" not in first


def test_the_tour_writes_nothing(demo_db):
    ok("demo", "--scenario", "tapering", "--no-show")
    before = everything(demo_db)
    ok("demo", "tour", "--print")
    assert everything(demo_db) == before


def test_keys_drive_the_tour_on_a_terminal(demo_db):
    ok("demo", "--scenario", "seven-oh", "--no-show")
    before = everything(demo_db)
    term = Terminal(["--db", str(demo_db.parent / "kratomlog.db"), "demo", "tour"], env={"KRATOMLOG_NOW": str(NOW)})

    def after(keys: str) -> str:
        term.send(keys)
        return term.read_until("q: quit").rsplit("\x1b[2J\x1b[H", 1)[-1]

    assert term.read_until("q: quit").startswith("\x1b[2J\x1b[HTour step 1 of")
    assert after("\r").startswith("Tour step 2 of")
    assert after(" ").startswith("Tour step 3 of")
    assert after("b").startswith("Tour step 2 of")
    term.send("q")
    assert term.wait() == 0
    assert everything(demo_db) == before


def test_every_screen_fits_80_by_24(demo_db):
    ok("demo", "--scenario", "seven-oh", "--no-show")
    term = Terminal(["--db", str(demo_db.parent / "kratomlog.db"), "demo", "tour"], env={"KRATOMLOG_NOW": str(NOW)})
    term.read_until("q: quit")
    screens = 0
    while True:
        screen = term.seen.rsplit("\x1b[2J\x1b[H", 1)[-1]
        lines = screen.replace("\r", "").split("\n")
        assert len(lines) <= 24, screen
        assert all(len(line) <= 80 for line in lines), screen
        screens += 1
        if re.search(r"Tour step (\d+) of \1 —", screen):
            break
        term.send("\r")
        term.read_until("q: quit")
    term.send("\r")
    assert term.wait() == 0
    assert screens >= 8


def test_ctrl_c_ends_the_tour_with_130_and_writes_nothing(demo_db):
    ok("demo", "--scenario", "steady", "--no-show")
    before = everything(demo_db)
    term = Terminal(["--db", str(demo_db.parent / "kratomlog.db"), "demo", "tour"], env={"KRATOMLOG_NOW": str(NOW)})
    term.read_until("q: quit")
    term.interrupt()
    assert term.wait() == 130
    assert everything(demo_db) == before


def test_on_a_terminal_demo_asks_which_scenario(db_path):
    term = Terminal(["--db", str(db_path), "demo", "--no-show"], env={"KRATOMLOG_NOW": str(NOW)})
    term.read_until("Number or name")
    assert "1. steady — " in term.seen and "seven-oh — " in term.seen
    term.send("4\r")
    assert term.wait() == 0
    assert "Built a seven-oh demo person" in term.seen


def test_without_a_terminal_demo_keeps_its_default():
    assert "Built an escalating demo person" in ok("demo", "--no-show").stdout


def test_rebuilding_over_changes_made_by_hand_asks_first(demo_db):
    ok("demo", "--scenario", "steady", "--no-show")
    ok("--demo", "dose", "2g", "--at", "2026-11-27 08:00")
    before = everything(demo_db)
    result = run("demo", "--scenario", "steady", "--no-show", now=NOW)
    assert result.exit_code == 2
    assert "changed by hand since it was built (1 command" in result.stderr and "--yes" in result.stderr
    assert everything(demo_db) == before
    ok("demo", "--scenario", "steady", "--no-show", "--yes")
    assert everything(demo_db)["change_log"] == []


def test_declining_on_a_terminal_keeps_the_demo_database(demo_db, db_path):
    ok("demo", "--scenario", "steady", "--no-show")
    ok("--demo", "stress", "5")
    before = everything(demo_db)
    term = Terminal(["--db", str(db_path), "demo", "--scenario", "steady", "--no-show"], env={"KRATOMLOG_NOW": str(NOW)})
    term.read_until("[y/N]")
    term.send("n\r")
    assert term.wait() == 0
    assert "Nothing rebuilt" in term.seen
    assert everything(demo_db) == before


def test_reset_rebuilds_the_scenario_the_demo_holds_without_asking(demo_db):
    ok("demo", "--scenario", "restart", "--weeks", "9", "--seed", "3", "--no-show")
    ok("--demo", "dose", "2g", "--at", "2026-11-27 08:00")
    result = ok("demo", "reset")
    assert "Built a restart demo person (9 weeks" in result.stdout and "seed 3" in result.stdout
    assert everything(demo_db)["change_log"] == []


def test_reset_and_tour_refuse_a_file_that_is_not_a_demo_database(demo_db):
    demo_db.parent.mkdir(parents=True, exist_ok=True)
    ok("--db", str(demo_db), "dose", "1g", "Green")  # a real database that happens to be named demo.db
    before = everything(demo_db)
    for args in (["demo", "reset"], ["demo", "tour", "--print"]):
        result = run(*args, now=NOW)
        assert result.exit_code == 1 and "not a demo database" in result.stderr
    assert everything(demo_db) == before


def test_an_unknown_scenario_is_refused():
    result = run("demo", "tour", "--scenario", "nope", now=NOW)
    assert result.exit_code == 2 and "unknown scenario 'nope'" in result.stderr


def test_signal_lessons_keep_their_whole_text_within_the_width():
    ok("demo", "--scenario", "seven-oh", "--no-show")
    text = run("demo", "tour", "--print", now=NOW, env={"COLUMNS": "80"}).stdout
    assert all(len(line) <= 80 for line in text.splitlines())
    flat = " ".join(text.split())
    for signal in json.loads(ok("--demo", "signals", "--json").stdout):
        if signal["status"] == "active":
            assert " ".join(f"What it measured: {signal['message']}".split()) in flat


def test_a_fresh_demo_announces_only_what_is_new_after_a_hand_entry():
    ok("demo", "--scenario", "restart", "--weeks", "9", "--no-show")
    result = ok("--demo", "stress", "4")
    assert "new signal" not in result.stdout + result.stderr
