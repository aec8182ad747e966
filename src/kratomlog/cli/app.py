"""The `kratomlog` command: global options and the registry of commands.

Commands are registered from a table, so `main()` can import only the module of the command being
run — that keeps the logging commands fast. Tests build the full application with `build_app()`.
"""

from __future__ import annotations

import importlib
import sys
from typing import Optional

import typer
from typer.core import TyperGroup

from kratomlog import __version__
from kratomlog.cli.edge import state

# name → (module, function); one line per command, in the order `--help` lists them.
COMMANDS: list[tuple[str, str, str]] = [
    ("dose", "kratomlog.cli.log_cmds", "dose"),
    ("stress", "kratomlog.cli.log_cmds", "stress"),
    ("no-use", "kratomlog.cli.log_cmds", "no_use"),
    ("withdrawal", "kratomlog.cli.check_cmds", "withdrawal"),
    ("other", "kratomlog.cli.log_cmds", "other"),
    ("status", "kratomlog.cli.status_cmd", "status"),
    ("again", "kratomlog.cli.habit_cmds", "again"),
    ("today", "kratomlog.cli.habit_cmds", "today"),
    ("list", "kratomlog.cli.entry_cmds", "list_"),
    ("edit", "kratomlog.cli.entry_cmds", "edit"),
    ("delete", "kratomlog.cli.entry_cmds", "delete"),
    ("undo", "kratomlog.cli.entry_cmds", "undo"),
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
GLOBAL_VALUE_OPTIONS = {"--db"}


def _is_usage_problem(error: BaseException) -> bool:
    return any(cls.__name__ == "ClickException" for cls in type(error).__mro__)


def _negative_number(error: BaseException, where: str, args: list[str]) -> str | None:
    """`dose -1g` reaches the parser as an unknown option `-1`: say what is wrong with the amount."""
    option = getattr(error, "option_name", None) or ""
    if type(error).__name__ != "NoSuchOption" or not option[1:2].isdigit() and option[1:2] != ".":
        return None
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
            if type(error).__name__ == "Abort":
                typer.echo("error: stopped; nothing more was written", err=True)
                sys.exit(1)
            raise
        sys.exit(code if isinstance(code, int) else 0)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kratomlog {__version__}")
        raise typer.Exit()


def main_options(
    db: Optional[str] = typer.Option(None, "--db", help="Use this database file (default: KRATOMLOG_DB, else your user data folder).", metavar="PATH"),
    demo: bool = typer.Option(False, "--demo", help="Use the demo database (demo.db beside the real one)."),
    debug: bool = typer.Option(False, "--debug", help="Show full tracebacks on errors."),
    no_pager: bool = typer.Option(False, "--no-pager", help="Never page long output (also KRATOMLOG_PAGER=)."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """A private, local-first tracker for kratom use: log doses, stress and withdrawal; review trends;
    see honest warning signals. Your data stays on this machine."""
    if db is not None and not db.strip():
        # `--db "$UNSET"` must not quietly fall back to the real database.
        raise typer.BadParameter("needs a file path; it was empty", param_hint="'--db'")
    state.db = db
    state.demo = demo
    state.debug = debug
    state.no_pager = no_pager


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
    app.callback()(main_options)
    for name, module, attr in COMMANDS:
        if only is None or only == name:
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
