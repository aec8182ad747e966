"""Where the database lives: `--db PATH`, else `KRATOMLOG_DB`, else the user data directory.

The global `--demo` flag selects `demo.db` beside the database that would otherwise be used.
"""

from __future__ import annotations

import os
from pathlib import Path

DB_ENV = "KRATOMLOG_DB"
DB_FILENAME = "kratomlog.db"
DEMO_FILENAME = "demo.db"


def default_db_path() -> Path:
    import platformdirs

    return platformdirs.user_data_path("kratomlog", appauthor=False) / DB_FILENAME


def resolve_db_path(cli_db: str | os.PathLike | None = None, demo: bool = False) -> Path:
    if cli_db:
        path = Path(cli_db).expanduser()
    elif os.environ.get(DB_ENV):
        path = Path(os.environ[DB_ENV]).expanduser()
    else:
        path = default_db_path()
    if demo:
        path = path.parent / DEMO_FILENAME
    return path
