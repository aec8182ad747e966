"""Whole-file operations: a consistent backup copy, and the list of files that make up a database
(the file, its WAL and shared-memory files, and migration backups) for `wipe`."""

from __future__ import annotations

from pathlib import Path

from kratomlog.store.database import Database, make_private_dir, online_backup


def backup(db: Database, dest: Path) -> Path:
    """SQLite's online backup: consistent even while another process is writing; mode 0600."""
    if not dest.parent.exists():
        make_private_dir(dest.parent)
    return online_backup(db.conn, dest, db.key, db.path)


def database_files(path: Path) -> list[Path]:
    """Every file that belongs to the database at `path`, existing ones only."""
    candidates = [path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")]
    candidates += sorted(path.parent.glob(f"{path.name}.pre-v*.bak"))
    return [p for p in candidates if p.exists()]
