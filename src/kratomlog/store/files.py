"""Whole-file operations: a consistent backup copy, and the list of files that make up a database
(the file, its WAL and shared-memory files, and migration backups) for `wipe`."""

from __future__ import annotations

from pathlib import Path

from kratomlog.store.database import Database, online_backup
from kratomlog.store.output_files import write_with


def backup(db: Database, dest: Path) -> Path:
    """SQLite's online backup (consistent even while another process is writing) into a private
    temporary file, renamed over `dest` only once complete: a failed or killed backup leaves no
    file that looks like one."""
    return write_with(dest, lambda temp, _handle: online_backup(db.conn, temp, db.key, db.path))


def database_files(path: Path) -> list[Path]:
    """Every file that belongs to the database at `path`, existing ones only."""
    candidates = [path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")]
    candidates += sorted(path.parent.glob(f"{path.name}.pre-v*.bak"))
    return [p for p in candidates if p.exists()]
