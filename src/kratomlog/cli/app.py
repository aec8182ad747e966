"""The `kratomlog` Typer application: global options and the registry of commands.

Commands are registered from a table, so `main()` can import only the module of the command being
run. The plain forms of the logging commands do not come here at all (`cli.fast` runs them without
Typer); their Typer commands are built from the same declarations (`cli.spec`). Tests build the full
application with `build_app()`.
"""

from __future__ import annotations

import importlib
import sys
import typer
from typer.core import TyperGroup

from kratomlog.cli import spec
from kratomlog.cli.edge import state

# name → (module, function); one line per command, in the order `--help` lists them. Commands
# declared in `cli.spec` are built from their declaration (module and function name their body).
COMMANDS: list[tuple[str, str, str]] = [
    ("dose", spec.DOSE.module, spec.DOSE.function),
    ("stress", spec.STRESS.module, spec.STRESS.function),
    ("no-use", spec.NO_USE.module, spec.NO_USE.function),
    ("withdrawal", "kratomlog.cli.check_cmds", "withdrawal"),
    ("other", spec.OTHER.module, spec.OTHER.function),
    ("status", spec.STATUS.module, spec.STATUS.function),
    ("again", "kratomlog.cli.habit_cmds", "again"),
    ("today", "kratomlog.cli.habit_cmds", "today"),
    ("list", "kratomlog.cli.entry_cmds", "list_"),
    ("edit", "kratomlog.cli.entry_cmds", "edit"),
    ("delete", "kratomlog.cli.entry_cmds", "delete"),
    ("undo", "kratomlog.cli.entry_cmds", "undo"),
    ("forget", "kratomlog.cli.entry_cmds", "forget"),
    ("buy", "kratomlog.cli.purchase_cmds", "buy"),
    ("stock", "kratomlog.cli.purchase_cmds", "stock"),
    ("spend", "kratomlog.cli.purchase_cmds", "spend"),
    ("week", "kratomlog.cli.review_cmds", "week"),
    ("trends", "kratomlog.cli.review_cmds", "trends"),
    ("calendar", "kratomlog.cli.calendar_cmd", "calendar"),
    ("signals", "kratomlog.cli.signal_cmds", "signals"),
    ("insights", "kratomlog.cli.signal_cmds", "insights"),
    ("info", "kratomlog.cli.info_cmd", "info"),
    ("report", "kratomlog.cli.report_cmd", "report"),
    ("export", "kratomlog.cli.data_cmds", "export"),
    ("import", "kratomlog.cli.data_cmds", "import_"),
    ("where", "kratomlog.cli.config_cmds", "where"),
    ("backup", "kratomlog.cli.file_cmds", "backup"),
    ("wipe", "kratomlog.cli.file_cmds", "wipe"),
    ("encrypt", "kratomlog.cli.crypt_cmds", "encrypt"),
    ("decrypt", "kratomlog.cli.crypt_cmds", "decrypt"),
    ("unlock", "kratomlog.cli.crypt_cmds", "unlock"),
    ("lock", "kratomlog.cli.crypt_cmds", "lock"),
]
# name → module with a Typer sub-application called `app`.
GROUPS: list[tuple[str, str]] = [
    ("strain", "kratomlog.cli.strain_cmds"),
    ("batch", "kratomlog.cli.batch_cmds"),
    ("coa", "kratomlog.cli.coa_cmds"),
    ("check", "kratomlog.cli.check_cmds"),
    ("taper", "kratomlog.cli.taper_cmds"),
    ("config", "kratomlog.cli.config_cmds"),
    ("demo", "kratomlog.cli.demo_cmd"),
]
GLOBAL_VALUE_OPTIONS = {p.flags[0] for p in spec.GLOBALS if p.kind == spec.VALUE}


# Typer exports `BadParameter` and `Abort` but not the error class of the Click it bundles, which every
# usage problem (unknown option, missing argument, bad value) derives from: it is BadParameter's
# grandparent (BadParameter → UsageError → ClickException) in every Typer this project allows.
COMMAND_LINE_ERROR = typer.BadParameter.__mro__[2]


def _is_usage_problem(error: BaseException) -> bool:
    return isinstance(error, COMMAND_LINE_ERROR)


def _negative_number(error: BaseException, where: str, args: list[str]) -> str | None:
    """`dose -1g` reaches the parser as an unknown option `-1`: say what is wrong with the amount."""
    option = getattr(error, "option_name", None) or ""
    if not option[1:2].isdigit() and option[1:2] != ".":
        return None  # no option is named like a number, so such a name is always an unknown option
    typed = next((a for a in args if a.startswith(option)), option)
    if where.endswith(" dose"):
        from kratomlog.core.amounts import not_positive

        return not_positive(typed)
    return f"{typed!r} is not an option, and negative numbers are not accepted here"


class OneLineErrors(TyperGroup):
    """Usage errors (unknown option, missing argument) as one `error: …` line, like domain errors."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        from kratomlog.cli.help_names import name_parameters

        name_parameters(self)
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except Exception as error:
            if not _is_usage_problem(error):
                raise
            where = getattr(getattr(error, "ctx", None), "command_path", None) or "kratomlog"
            message = _negative_number(error, where, sys.argv[1:] if args is None else args)
            message = message or error.format_message().rstrip(".")
            if message:  # empty when help was shown because no arguments were given
                typer.echo(f"error: {message} (see '{where} --help')", err=True)
            sys.exit(getattr(error, "exit_code", 2))
        except BaseException as error:
            if isinstance(error, typer.Abort):
                typer.echo("error: stopped; nothing more was written", err=True)
                sys.exit(1)
            raise
        sys.exit(code if isinstance(code, int) else 0)


def _version(value: bool) -> None:
    if value:
        typer.echo(spec.version_line())
        raise typer.Exit()


def main_options(**values) -> None:
    problem = spec.db_problem(values["db"])
    if problem:
        raise typer.BadParameter(problem, param_hint="'--db'")
    state.db = values["db"]
    state.demo = values["demo"]
    state.debug = values["debug"]
    state.no_pager = values["no_pager"]


def _declared_main_options():
    from kratomlog.cli.typer_params import signature

    main_options.__doc__ = spec.APP_HELP
    main_options.__signature__ = signature(spec.GLOBALS, {"version": {"callback": _version, "is_eager": True}})
    return main_options


def build_app(only: str | None = None) -> typer.Typer:
    """The application with every command, or with just the command `only` (the fast path)."""
    app = typer.Typer(
        name="kratomlog",
        cls=OneLineErrors,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=only is None,  # --install-completion / --show-completion on the full app
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(_declared_main_options())
    for name, module, attr in COMMANDS:
        if only is None or only == name:
            if name in spec.SPECS:
                from kratomlog.cli.typer_params import typer_command

                app.command(name)(typer_command(spec.SPECS[name]))
            else:
                app.command(name)(getattr(importlib.import_module(module), attr))
    for name, module in GROUPS:
        if only is None or only == name:
            app.add_typer(importlib.import_module(module).app, name=name)
    return app


def command_name(argv: list[str]) -> str | None:
    """The first word after the global options, if it names a known command."""
    known = {name for name, _, _ in COMMANDS} | {name for name, _ in GROUPS}
    skip = False
    for word in argv:
        if skip:
            skip = False
            continue
        if word in GLOBAL_VALUE_OPTIONS:
            skip = True
            continue
        if word.startswith("-"):
            continue
        return word if word in known else None
    return None


def main() -> None:
    build_app(command_name(sys.argv[1:]))(prog_name="kratomlog")
