"""The `kratomlog` command: global options and the registry of commands."""

from __future__ import annotations

from typing import Optional

import typer

from kratomlog import __version__
from kratomlog.cli import config_cmds, entry_cmds, log_cmds, status_cmd, strain_cmds
from kratomlog.cli.edge import state

app = typer.Typer(
    name="kratomlog",
    help="A private, local-first tracker for kratom use: log doses, stress and withdrawal; review trends; see honest warning signals. Your data stays on this machine.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kratomlog {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    db: Optional[str] = typer.Option(None, "--db", help="Use this database file (default: KRATOMLOG_DB, else your user data folder).", metavar="PATH"),
    demo: bool = typer.Option(False, "--demo", help="Use the demo database (demo.db beside the real one)."),
    debug: bool = typer.Option(False, "--debug", help="Show full tracebacks on errors."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    state.db = db
    state.demo = demo
    state.debug = debug


app.command("dose")(log_cmds.dose)
app.command("stress")(log_cmds.stress)
app.command("no-use")(log_cmds.no_use)
app.command("status")(status_cmd.status)
app.command("list")(entry_cmds.list_)
app.command("edit")(entry_cmds.edit)
app.command("delete")(entry_cmds.delete)
app.command("undo")(entry_cmds.undo)
app.add_typer(strain_cmds.app, name="strain")
app.add_typer(config_cmds.app, name="config")
app.command("where")(config_cmds.where)


def main() -> None:
    app(prog_name="kratomlog")
