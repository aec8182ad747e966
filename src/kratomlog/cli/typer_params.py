"""Typer commands built from `cli.spec`: each parameter becomes a `typer.Argument`/`typer.Option` with
the declared names, default, metavar and help, and the command runs its body through the same edge
(`edge.guarded`) as the fast path."""

from __future__ import annotations

import importlib
import inspect
from typing import List, Optional

import typer

from kratomlog.cli import spec as S
from kratomlog.cli.edge import guarded

_ANNOTATION = {S.ARGUMENT: str, S.ARGUMENTS: List[str], S.VALUE: Optional[str], S.MANY: List[str], S.FLAG: bool}


def typer_default(param: S.Param, **extra):
    """The `typer.Argument(...)` / `typer.Option(...)` for one declared parameter."""
    if param.kind in (S.ARGUMENT, S.ARGUMENTS):
        return typer.Argument(... if param.required else param.default, metavar=param.metavar, help=param.help, **extra)
    default = [] if param.kind == S.MANY else param.default
    return typer.Option(default, *param.flags, metavar=param.metavar, help=param.help, **extra)


def signature(params: tuple[S.Param, ...], extras: dict | None = None) -> inspect.Signature:
    extras = extras or {}
    return inspect.Signature(
        [
            inspect.Parameter(
                p.name,
                inspect.Parameter.KEYWORD_ONLY,
                default=typer_default(p, **extras.get(p.name, {})),
                annotation=_ANNOTATION[p.kind],
            )
            for p in params
        ]
    )


def typer_command(command: S.CommandSpec):
    """A function Typer can register for `command`, running its body through `edge.guarded`."""

    def run(**values) -> None:
        body = getattr(importlib.import_module(command.module), command.function)
        code = guarded(body, values, passthrough=(typer.Exit,))
        if code:
            raise typer.Exit(code)

    run.__name__ = command.function
    run.__qualname__ = command.function
    run.__doc__ = command.help
    run.__signature__ = signature(command.params)
    return run
