"""What every command shares: the global options' state, opening the database, the current time,
output helpers, and the edge that turns errors into one `error: …` line and the right exit code.

Typer-free, so the fast logging path (`cli.fast`) and the Typer commands share every line of it:
`guarded` is the edge both run a command through; `command` adapts it to Typer.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import sys
import time

from kratomlog.config import resolve_db_file
from kratomlog.core.invalid import Invalid
from kratomlog.core.import_ranges import END_INSTANT as LAST_INSTANT
from kratomlog.core.import_ranges import FIRST_INSTANT
from kratomlog.core.safe_text import check_arguments, for_display
from kratomlog.errors import EXIT_INTERRUPTED, BadInput, CreatedMeanwhile, DatabaseProblem, KratomlogError, exit_code_for

NOW_ENV = "KRATOMLOG_NOW"


class State:
    """The global options of this run (`--db`, `--demo`, `--debug`, `--no-pager`) and the databases it
    opened."""

    __slots__ = ("db", "demo", "debug", "no_pager", "opened")

    def __init__(self) -> None:
        self.db: str | None = None
        self.demo = False
        self.debug = False
        self.no_pager = False
        self.opened: list = []


state = State()


def now() -> int:
    """The current instant; `KRATOMLOG_NOW` (epoch seconds) pins it for tests and demonstrations."""
    pinned = os.environ.get(NOW_ENV)
    if pinned:
        try:
            pinned_at = int(float(pinned))
        except (ValueError, OverflowError):
            pinned_at = -1
        if not FIRST_INSTANT <= pinned_at < LAST_INSTANT:
            raise BadInput(f"{NOW_ENV} must be epoch seconds from 2000 to 2099 (like --at); got {pinned!r}")
        return pinned_at
    return int(time.time())


def _write(stream, text: str) -> None:
    stream.write(text + "\n")
    stream.flush()


def err(text: str) -> None:
    _write(sys.stderr, for_display(text))


def out(text: str = "") -> None:
    """A line for the person; any control character a user string carried in is made visible."""
    _write(sys.stdout, for_display(text))


def print_json(value: Any) -> None:
    """Every --json answer: numbers rounded half up to 2 decimals, as the README documents."""
    import json

    from kratomlog.core.numbers import rounded_json

    from kratomlog.core.numbers import finite_json

    shown, _bad = finite_json(rounded_json(value))  # a bad stored number is null, never NaN/Infinity
    out(json.dumps(shown, ensure_ascii=False, indent=2, allow_nan=False))


def fail(message: str) -> NoReturn:
    raise BadInput(message)


def db_file() -> str:
    """The selected database file, as a string (the logging path never imports pathlib)."""
    return resolve_db_file(state.db, state.demo)


def db_path():
    from pathlib import Path

    return Path(db_file())


def _ask_on_terminal(path):
    """Asked only for an encrypted database (the passphrase module is not loaded otherwise)."""
    from kratomlog.cli.terminal_ask import ask_on_terminal

    return ask_on_terminal(path)


def check_output(output: str | None, force: bool, *, example: str, stdout_allowed: bool = True):
    """The checked `-o` target (None: standard output), before the database is opened."""
    from kratomlog.store.output_files import STDOUT, check_target, database_side_files

    if output is None or (output == STDOUT and stdout_allowed):
        return None
    # The database in use and its demo twin beside it (or the real one, with --demo): never a target.
    from kratomlog.config import resolve_db_path

    protected = [*database_side_files(resolve_db_path(state.db, False)), *database_side_files(resolve_db_path(state.db, True))]
    return check_target(output, force=force, protected=protected, example=example)


def open_db():
    """Open the selected database, printing the DEMO banner when it is one: the banner follows the
    database's own demo marker, not the --demo flag (a real database that happens to be called
    demo.db gets none). A database that does not exist yet is only created by the command's first
    write: a refusal or a read leaves no file behind."""
    from kratomlog.store.database import open_database
    from kratomlog.core.texts import DEMO_BANNER
    from kratomlog.store.settings_store import is_demo

    path = db_file()
    if state.demo and not os.path.exists(path):
        raise DatabaseProblem(f"there is no demo database yet at {path}; run 'kratomlog demo' first")
    db = open_database(path, ask=_ask_on_terminal, lazy=True)
    state.opened.append(db)
    if is_demo(db):
        err(DEMO_BANNER)
    return db


def close_all() -> None:
    """Close every database this command opened (closing releases SQLite's locks cleanly)."""
    while state.opened:
        state.opened.pop().close()


def stdout_gone() -> None:
    """Whoever read our output has stopped (`kratomlog export | head -1`): stop quietly, as other
    command-line tools do. Standard output now goes to /dev/null, so Python's last flush is silent."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (e.g. in tests): nothing to redirect
        pass


def _is_cipher_error(error: BaseException) -> bool:
    """A database error raised through SQLCipher's driver (its classes are not sqlite3's)."""
    dbapi2 = sys.modules.get("sqlcipher3.dbapi2")
    return dbapi2 is not None and isinstance(error, dbapi2.Error)


def guarded(fn: Callable, kwargs: dict, passthrough: tuple = ()) -> int:
    """Run `fn(**kwargs)` and return its exit code: 0, or the code of the error it ended with, after
    printing that error as one line (no traceback unless --debug). `passthrough` exceptions (Typer's
    own exit) are re-raised untouched."""
    try:
        try:
            check_arguments(kwargs)
            try:
                fn(**kwargs)
            except CreatedMeanwhile:
                # This command's first write was made in memory while another kratomlog created the
                # file: nothing of it was written, and the file now exists; run it once more.
                close_all()
                fn(**kwargs)
            sys.stdout.flush()  # a closed pipe must show up here, not in Python's final flush
            return 0
        except passthrough:
            raise
        except BrokenPipeError:
            stdout_gone()
            return 0
        except KeyboardInterrupt:
            err("interrupted; nothing more was written")
            return EXIT_INTERRUPTED
        except (KratomlogError, Invalid) as error:
            if state.debug:
                raise
            err(f"error: {error}")
            return exit_code_for(error)
        except sqlite3.OperationalError as error:
            if state.debug:
                raise
            from kratomlog.store.file_checks import io_problem

            honest = io_problem(db_file(), error)
            if honest:
                err(f"error: {honest}")
                return 1
            hint = " (another kratomlog is writing; try again)" if "locked" in str(error) else ""
            err(f"error: database problem: {error}{hint}")
            return 1
        except sqlite3.DatabaseError as error:
            if state.debug:
                raise
            err(f"error: the database could not be used: {error}")
            return 1
        except OSError as error:
            if state.debug:
                raise
            err(f"error: {error.strerror or error}: {error.filename or ''}".rstrip(": "))
            return 1
        except Exception as error:  # the last line of defence: one line, never a traceback
            if state.debug:
                raise
            if _is_cipher_error(error):
                err(f"error: the database could not be used: {error}")
                return 1
            err(f"error: unexpected problem ({type(error).__name__}: {error}); run with --debug for details")
            return 1
    finally:
        close_all()


def command(fn: Callable) -> Callable:
    """Wrap a Typer command in `guarded` (no traceback reaches the user unless --debug is given)."""

    @functools.wraps(fn)
    def wrapper(**kwargs):
        import typer

        code = guarded(fn, kwargs, passthrough=(typer.Exit,))
        if code:
            raise typer.Exit(code)

    return wrapper
