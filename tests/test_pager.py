"""Long output on a terminal goes through a pager ($PAGER, else less -FRX; --no-pager and
KRATOMLOG_PAGER= turn it off), and never when standard output is not a terminal."""

from __future__ import annotations

import os
import pty
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import NOW, run
from kratomlog.cli.paging import pager_command

SRC = str(Path(__file__).resolve().parents[1] / "src")


@pytest.mark.parametrize(
    "env, expected",
    [
        ({}, ["less", "-FRX"]),
        ({"PAGER": "more"}, ["more"]),
        ({"PAGER": ""}, ["less", "-FRX"]),
        ({"PAGER": "more", "KRATOMLOG_PAGER": "most -s"}, ["most", "-s"]),
        ({"PAGER": "more", "KRATOMLOG_PAGER": ""}, None),  # empty turns it off
        ({"KRATOMLOG_PAGER": "cat"}, None),
        ({"PAGER": "'unclosed"}, None),
    ],
)
def test_which_pager(env, expected):
    assert pager_command(env, terminal=True) == expected


def test_never_when_not_a_terminal_or_with_no_pager():
    assert pager_command({}, terminal=False) is None
    assert pager_command({"PAGER": "more"}, terminal=True, no_pager=True) is None


def _on_a_terminal(db: Path, tmp_path: Path, *args: str, pager_env: dict) -> tuple[str, str]:
    """Run kratomlog with a pseudo-terminal as standard output; the 'pager' saves what it was given."""
    paged = tmp_path / "paged.txt"
    code = "import sys; open(%r, 'w').write(sys.stdin.read())" % str(paged)
    pager = f"{sys.executable} -c {shlex.quote(code)}"
    env = dict(os.environ, KRATOMLOG_DB=str(db), KRATOMLOG_NOW=str(NOW), PYTHONPATH=SRC, LINES="10", COLUMNS="80")
    env.pop("KRATOMLOG_PAGER", None)
    env.update({k: v.replace("{pager}", pager) for k, v in pager_env.items()})
    leader, follower = pty.openpty()
    try:
        done = subprocess.run([sys.executable, "-m", "kratomlog", *args], stdout=follower, stderr=subprocess.PIPE,
                              env=env, timeout=60)
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert done.returncode == 0, done.stderr
    return shown.decode(), paged.read_text() if paged.exists() else ""


@pytest.fixture
def many(db_path):
    for n in range(15):
        assert run("stress", str(n % 10), "--at", f"{n + 1}h ago", now=NOW).exit_code == 0
    return db_path


def test_long_output_on_a_terminal_goes_through_the_pager(many, tmp_path):
    shown, paged = _on_a_terminal(many, tmp_path, "list", pager_env={"PAGER": "{pager}"})
    assert "s15" in paged and "s1" in paged
    assert "s15" not in shown


def test_kratomlog_pager_wins_and_empty_turns_it_off(many, tmp_path):
    shown, paged = _on_a_terminal(many, tmp_path, "list", pager_env={"PAGER": "false", "KRATOMLOG_PAGER": "{pager}"})
    assert "s15" in paged
    shown, paged = _on_a_terminal(many, tmp_path / "x", "list", pager_env={"PAGER": "{pager}", "KRATOMLOG_PAGER": ""})
    assert paged == "" and "s15" in shown


def test_no_pager_option_and_short_output(many, tmp_path):
    shown, paged = _on_a_terminal(many, tmp_path, "--no-pager", "list", pager_env={"PAGER": "{pager}"})
    assert paged == "" and "s15" in shown
    shown, paged = _on_a_terminal(many, tmp_path, "list", "-n", "2", pager_env={"PAGER": "{pager}"})
    assert paged == "" and "s2" in shown and "s15" not in shown  # it fits the screen: shown directly


def test_not_a_terminal_is_never_paged(many):
    result = run("list", env={"PAGER": "false", "KRATOMLOG_PAGER": "false"}, now=NOW)
    assert result.exit_code == 0 and "s15" in result.stdout
