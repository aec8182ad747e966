"""The `kratomlog` entry point, and the fast path: the plain forms of the logging commands (`dose`,
`stress`, `no-use`, `other`, `status [--json]`) and `--version` are recognised from argv and run
without importing Typer, Click or Rich — through the same bodies and the same error edge
(`edge.guarded`) as the Typer commands, with the parameters `cli.spec` declares for both.

Anything this parser does not fully understand — any `--help`, an unknown or abbreviated option, a
missing value, a value that looks like an option, too many or too few words, an empty `--db` —
falls through to the Typer application unchanged, which gives the usage errors. A differential test
runs generated argv through both paths and compares everything they do.
"""

from __future__ import annotations

import sys

from kratomlog.cli import spec as S


class _NotPlain(Exception):
    """This argv is not a plain form the fast path runs; Typer takes it."""


def _value(tokens: list[str], i: int) -> str:
    if i >= len(tokens) or tokens[i].startswith("-"):
        raise _NotPlain
    return tokens[i]


def parse_globals(tokens: list[str]) -> tuple[dict, int]:
    """The global options before the command's name: (values by name, index of the first other word)."""
    by_flag = {p.flags[0]: p for p in S.GLOBALS}
    values = {p.name: p.default for p in S.GLOBALS}
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if not token.startswith("-") or token == "-":
            break
        name, eq, attached = token.partition("=")
        param = by_flag.get(name)
        if param is None:
            raise _NotPlain
        if param.kind == S.FLAG:
            if eq:
                raise _NotPlain
            values[param.name] = True
            i += 1
        elif eq:
            values[param.name] = attached
            i += 1
        else:
            values[param.name] = _value(tokens, i + 1)
            i += 2
    return values, i


def parse_command(command: S.CommandSpec, tokens: list[str]) -> dict:
    """The body's keyword arguments for `tokens` (the words after the command's name)."""
    by_flag = {flag: p for p in command.params for flag in p.flags}
    values: dict = {p.name: ([] if p.kind == S.MANY else p.default) for p in command.params}
    words: list[str] = []
    options_ended = False
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if options_ended or not token.startswith("-") or token == "-":
            words.append(token)
            continue
        if token == "--":
            options_ended = True
            continue
        flag, eq, attached = token.partition("=") if token.startswith("--") else (token, "", "")
        param = by_flag.get(flag)
        if param is None:
            raise _NotPlain
        if param.kind == S.FLAG:
            if eq:
                raise _NotPlain
            values[param.name] = True
            continue
        if eq:
            value = attached
        else:
            value = _value(tokens, i)
            i += 1
        if param.kind == S.MANY:
            values[param.name].append(value)
        else:
            values[param.name] = value
    for param in command.params:
        if param.kind == S.ARGUMENT:
            if not words:
                if param.required:
                    raise _NotPlain
                continue
            values[param.name] = words.pop(0)
        elif param.kind == S.ARGUMENTS:
            if param.required and not words:
                raise _NotPlain
            values[param.name], words = words, []
    if words:
        raise _NotPlain
    return values


def run(argv: list[str]) -> int | None:
    """Run `argv` if it is a plain form, returning the exit code; None means Typer should take it."""
    try:
        options, i = parse_globals(argv)
        if options["version"]:
            from kratomlog.cli.edge import out

            out(S.version_line())
            return 0
        if i >= len(argv) or argv[i] not in S.SPECS or S.db_problem(options["db"]):
            return None
        command = S.SPECS[argv[i]]
        values = parse_command(command, argv[i + 1 :])
    except _NotPlain:
        return None
    from importlib import import_module

    from kratomlog.cli.edge import guarded, state

    state.db, state.demo, state.debug, state.no_pager = options["db"], options["demo"], options["debug"], options["no_pager"]
    return guarded(getattr(import_module(command.module), command.function), values)


def main() -> None:
    """`kratomlog`: the fast path when argv is a plain logging form, else the Typer application."""
    code = run(sys.argv[1:])
    if code is None:
        from kratomlog.cli.app import main as typer_main

        typer_main()
        return
    sys.exit(code)
