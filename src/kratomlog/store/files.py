"""Whole-file operations: a consistent backup copy, and the files `wipe` deletes."""

from __future__ import annotations

from pathlib import Path

from kratomlog.store.database import Database, online_backup
from kratomlog.store.file_checks import database_family
from kratomlog.store.output_files import write_with


def backup(db: Database, dest: Path) -> Path:
    """SQLite's online backup (consistent even while another process is writing) into a private
    temporary file, renamed over `dest` only once complete: a failed or killed backup leaves no
    file that looks like one."""
    return write_with(dest, lambda temp, _handle: online_backup(db.conn, temp, db.key, db.path))


def database_files(path: Path) -> list[Path]:
    """The files `wipe` deletes, in the order that survives a kill: side files and backups first,
    the database file (the real one, when `path` is a link) and then the link last. Existing only."""
    import os

    return [p for p in database_family(path) if os.path.lexists(p)]
