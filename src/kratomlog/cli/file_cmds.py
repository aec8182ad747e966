"""`backup` (a consistent copy while the database may be in use) and `wipe` (delete it all)."""

from __future__ import annotations

from datetime import date
from typing import Optional

import typer

from kratomlog.cli.edge import check_output, close_all, command, db_path, err, open_db, out
from kratomlog.core.invalid import Invalid


@command
def backup(
    output: Optional[str] = typer.Option(None, "-o", "--output", help="The copy to write (default: kratomlog-YYYY-MM-DD.db here; mode 0600, whole or not at all).", metavar="FILE"),
    force: bool = typer.Option(False, "--force", help="Replace an existing file (never the database or its own files)."),
) -> None:
    """Save a consistent copy of the database (safe while kratomlog is in use), readable by you only.

    Example: kratomlog backup -o kratomlog-2026-11-27.db
    """
    from kratomlog.store.files import backup as take_backup

    if output == "-":
        raise Invalid("a backup is a database file and cannot go to standard output; give a file name, e.g. -o kratomlog-backup.db")
    name = output or f"kratomlog-{date.today().isoformat()}.db"
    dest = check_output(name, force, example="kratomlog-backup.db", stdout_allowed=False)
    source = db_path()
    if not source.exists():
        raise Invalid(f"there is no database at {source} yet; nothing to back up")
    db = open_db()
    take_backup(db, dest)
    out(f"Backed up {source} to {dest} (readable by you only)")


@command
def wipe(yes: bool = typer.Option(False, "--yes", "-y", help="Delete without asking to type the file name.")) -> None:
    """Delete the database, its WAL/SHM files and its migration backups. This cannot be undone.

    Example: kratomlog wipe
    """
    from kratomlog.store.files import database_files

    path = db_path()
    if not path.exists():
        out(f"There is no database at {path}; nothing to delete.")
        return
    open_db()  # refuses (and leaves alone) a file that is not a kratomlog database
    close_all()
    files = database_files(path)
    if not yes:
        err(f"This deletes {path} and {len(files) - 1} related file(s). It cannot be undone.")
        err("To keep your data first, run:  kratomlog export --format json -o kratomlog-export.json")
        err(f"Type the file name ({path.name}) to delete it, or anything else to keep it:")
        try:
            answer = input()
        except EOFError:
            answer = ""
        if answer.strip() != path.name:
            out("Nothing deleted.")
            return
    for item in files:
        item.unlink(missing_ok=True)
    out(f"Deleted {path}" + (f" and {len(files) - 1} related file(s)" if len(files) > 1 else ""))
