"""Help that names things: a positional argument shows its name (`AMOUNT [STRAIN]`, `ID`) in the usage
line and the arguments panel, not Typer's `{AMOUNT [STRAIN]}` and `<str>`; an option shows the name of
its value (`--at WHEN`), from `VALUE_NAMES` for the options many commands share, else from its own
`metavar=`. tests/test_help_texts.py walks every command's --help and fails on a type name."""

from __future__ import annotations

import os

from typer.core import TyperArgument, TyperOption

COMPLETE_ENV = "_KRATOMLOG_COMPLETE"  # set by the shell when it asks for completions (Click's protocol)

# The value names of options that several commands share, declared once.
VALUE_NAMES = {
    "--at": "WHEN",
    "--on": "DAY",
    "--of": "DAY",
    "--since": "WHEN",
    "--until": "WHEN",
    "--note": "TEXT",
    "--reason": "REASON",
    "--stress": "N",
    "--craving": "N",
    "--pain": "N",
    "--amount": "AMOUNT",
    "--strain": "STRAIN",
    "--substance": "SUBSTANCE",
    "--scores": "ANSWERS",
    "--item": "KEY=N",
    "--kind": "KIND",
    "--number": "N",
    "--instrument": "INSTRUMENT",
    "--days": "N",
    "--weeks": "N",
    "--months": "N",
    "--seed": "N",
    "--grep": "TEXT",
    "--format": "FORMAT",
}


class NamedArgument(TyperArgument):
    """An argument whose metavar is shown as written: `AMOUNT [STRAIN]`, `[KEY]`."""

    def make_metavar(self, ctx, *, usage: bool = False) -> str:  # noqa: D102
        if self.metavar is None:
            return super().make_metavar(ctx, usage=usage)
        if usage and not self.required and not self.metavar.startswith("["):
            return f"[{self.metavar}]"
        return self.metavar


class _NamedType:
    """Delegates to an argument's type, but has no metavar of its own, so the help shows no `<str>`."""

    def __init__(self, inner) -> None:
        self._inner = inner

    def get_metavar(self, *args, **kwargs) -> str:
        return ""

    def __call__(self, *args, **kwargs):
        return self._inner(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._inner, name)


def _long_name(option) -> str | None:
    return next((name for name in option.opts if name.startswith("--")), None)


def name_parameters(command, *, completing: bool | None = None) -> None:
    """Give the arguments and options of `command` and its subcommands the names above; when the
    shell asks for completions, also their completers (cli/completion.py, imported only then)."""
    if completing is None:
        completing = COMPLETE_ENV in os.environ
    for param in getattr(command, "params", ()):
        if isinstance(param, TyperArgument) and param.metavar is not None and type(param) is TyperArgument:
            param.__class__ = NamedArgument
            param.type = _NamedType(param.type)
        elif isinstance(param, TyperOption) and param.metavar is None and not param.is_flag:
            param.metavar = VALUE_NAMES.get(_long_name(param) or "")
        if completing and getattr(command, "name", None) != "add":  # a new strain's name is not an old one
            from kratomlog.cli.completion import attach

            attach(param)
    for sub in (getattr(command, "commands", None) or {}).values():
        name_parameters(sub, completing=completing)
