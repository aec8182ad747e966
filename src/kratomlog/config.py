"""Where the database lives: `--db PATH`, else `KRATOMLOG_DB`, else the user data directory.

The global `--demo` flag selects `demo.db` beside the database that would otherwise be used.
Strings and `os.path` only: the logging path imports neither pathlib nor platformdirs (which costs
about as much as the rest of a `dose`); on Linux the user data directory is found by platformdirs'
own rule, which a test holds against platformdirs itself.
"""

from __future__ import annotations

import os
import sys

DB_ENV = "KRATOMLOG_DB"
DB_FILENAME = "kratomlog.db"
DEMO_FILENAME = "demo.db"
APP_NAME = "kratomlog"


def _linux_user_data_dir() -> str | None:
    """platformdirs' `user_data_dir` on Linux, when it can be told without it (else None)."""
    if not sys.platform.startswith("linux") or hasattr(sys, "getandroidapilevel") or "ANDROID_ROOT" in os.environ:
        return None
    xdg = os.environ.get("XDG_DATA_HOME", "")
    if os.path.isabs(xdg):
        return os.path.join(xdg, APP_NAME)
    home = os.environ.get("HOME")
    if home is None or not os.path.isabs(home):
        return None  # platformdirs falls back to the password database here
    return os.path.join(os.path.expanduser("~/.local/share"), APP_NAME)


def default_db_file() -> str:
    folder = _linux_user_data_dir()
    if folder is None:
        import platformdirs

        folder = platformdirs.user_data_dir(APP_NAME, appauthor=False)
    return os.path.join(folder, DB_FILENAME)


def resolve_db_file(cli_db: str | os.PathLike | None = None, demo: bool = False) -> str:
    if cli_db:
        path = os.path.expanduser(os.fspath(cli_db))
    elif os.environ.get(DB_ENV):
        path = os.path.expanduser(os.environ[DB_ENV])
    else:
        path = default_db_file()
    if demo:
        path = os.path.join(os.path.dirname(path), DEMO_FILENAME)
    return path


def default_db_path():
    from pathlib import Path

    return Path(default_db_file())


def resolve_db_path(cli_db: str | os.PathLike | None = None, demo: bool = False):
    """`resolve_db_file` as a `pathlib.Path`, for the cold paths."""
    from pathlib import Path

    return Path(resolve_db_file(cli_db, demo))
