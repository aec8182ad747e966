"""Every command's --help reads well (as sqlite-utils tests its docs): each option and argument has a
help text, metavars are names (AMOUNT, WHEN, TEXT, N…), never type names (<str>, <float>, <int>),
usage lines have no `{…}`, and every command shows an example."""

from __future__ import annotations

import re

import pytest
import typer

from helpers import run
from kratomlog.cli.app import build_app

TYPE_NAMES = re.compile(r"<(str|int|float|path|text|integer|bool)>|\b(INTEGER|FLOAT|BOOLEAN)\b")


def _commands(command=None, path=()):
    command = command or typer.main.get_command(build_app())
    subcommands = getattr(command, "commands", None)
    if subcommands is None:
        yield path, command
        return
    if path:
        yield path, command
    for name, sub in sorted(subcommands.items()):
        yield from _commands(sub, (*path, name))


COMMANDS = list(_commands())
LEAVES = [(path, c) for path, c in COMMANDS if getattr(c, "commands", None) is None]


def test_the_walk_finds_every_command():
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"dose", "strain add", "check history", "taper start", "config set"} <= names


@pytest.mark.parametrize("path, command", LEAVES, ids=[" ".join(p) for p, _ in LEAVES])
def test_every_parameter_has_help_and_a_named_metavar(path, command):
    for param in command.params:
        if getattr(param, "hidden", False) or param.name == "help":
            continue
        assert (getattr(param, "help", None) or "").strip(), f"{' '.join(path)}: {param.name} has no help text"
    result = run(*path, "--help", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert not TYPE_NAMES.search(text), f"{' '.join(path)} --help shows a type name: {TYPE_NAMES.search(text).group(0)}"
    usage = next(line for line in text.splitlines() if "Usage:" in line)
    assert "{" not in usage and "}" not in usage, usage
    assert "Example: kratomlog " in text, f"{' '.join(path)} --help has no example"


@pytest.mark.parametrize("path, group", [(p, c) for p, c in COMMANDS if getattr(c, "commands", None) is not None])
def test_every_group_has_help_with_its_commands(path, group):
    result = run(*path, "--help", env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for name, sub in group.commands.items():
        assert name in result.stdout
        assert (sub.short_help or sub.help or "").strip(), f"{' '.join(path)} {name} has no help"
