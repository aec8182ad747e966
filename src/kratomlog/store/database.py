"""Opening the one SQLite file safely: validate before touching, then pragmas, migrations, writes.

Order matters. An existing file is first checked without writing anything: it must be empty, or a
SQLite file whose `application_id` is kratomlog's (or a SQLite file with no tables at all), and not
from a newer kratomlog. Only then is WAL switched on (which rewrites the header). A new file gets its
tables from the SQLModel models; an older one runs its pending migrations after an online backup.
"""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import contextmanager
from typing import Iterator

from kratomlog.errors import DatabaseProblem
from kratomlog.store.migrations import LATEST, MIGRATIONS, MIGRATIONS_TABLE
from kratomlog.store.migrations import names as migration_names

APPLICATION_ID = 0x4B4C4F47  # "KLOG"
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 15000
SQLITE_MAX_INTEGER = 2**63 - 1


def _header_problem(path: str) -> str | None:
    """Why the file is not a usable SQLite file, judged from its bytes alone (None if it looks fine)."""
    size = os.stat(path).st_size
    if size == 0:
        return None
    with open(path, "rb") as handle:
        header = handle.read(100)
    if not header.startswith(SQLITE_MAGIC):
        return "is not a SQLite database"
    if len(header) < 100:
        return "is a damaged (truncated) SQLite database"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # While a WAL checkpoint is copying pages in, page 1 may already count pages the file does not
    # hold yet; only judge a file that has no WAL beside it.
    if pages and page_size * pages > size and not os.path.exists(f"{path}-wal"):
        return "is a damaged (truncated) SQLite database"
    return None


def _refuse(path: str, why: str) -> DatabaseProblem:
    return DatabaseProblem(
        f"{path} {why}; kratomlog has left it untouched. Choose another file with --db or KRATOMLOG_DB."
    )


class Database:
    """An open kratomlog database. `write()` is the only way to change it."""

    def __init__(self, path: str, conn: sqlite3.Connection):
        self.path = path
        self.conn = conn

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One `BEGIN IMMEDIATE` transaction: everything inside lands, or nothing does."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:  # SQLite may already have rolled back (e.g. on an I/O error)
                self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def query(self, sql: str, params: tuple | dict = ()) -> list[tuple]:
        return self.conn.execute(sql, params).fetchall()

    def one(self, sql: str, params: tuple | dict = ()) -> tuple | None:
        return self.conn.execute(sql, params).fetchone()

    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        self.conn.close()


def _connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return conn


def _validate(conn: sqlite3.Connection, path: str, existed: bool) -> int:
    """Read-only checks on an open connection; returns the schema version (0 for a new file)."""
    try:
        # One read transaction, so a concurrent first creation is seen whole or not at all.
        conn.execute("BEGIN")
        try:
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        finally:
            conn.execute("COMMIT")
        if app_id != APPLICATION_ID:
            if app_id != 0 or tables:
                raise _refuse(path, "is a SQLite database of another program")
            return 0
    except sqlite3.DatabaseError as error:
        raise _refuse(path, f"could not be read as a SQLite database ({error})") from None
    if version > LATEST:
        raise DatabaseProblem(
            f"{path} was written by a newer kratomlog (schema {version}; this version knows up to "
            f"{LATEST}); it has been left untouched. Upgrade kratomlog to use it."
        )
    return version


def make_private_dir(folder: str | os.PathLike) -> None:
    """Create missing folders with mode 0700 (only folders kratomlog itself creates)."""
    missing = []
    current = os.path.abspath(folder)
    while not os.path.exists(current):
        missing.append(current)
        current = os.path.dirname(current)
    for item in reversed(missing):
        try:
            os.mkdir(item, 0o700)
        except FileExistsError:
            pass
        os.chmod(item, 0o700)


def open_database(path: str | os.PathLike, *, create: bool = True) -> Database:
    """Open (and if needed create and migrate) the database at `path`."""
    os.umask(0o077)
    path = os.fspath(path)
    existed = os.path.exists(path)
    if existed:
        if os.path.isdir(path):
            raise _refuse(path, "is a folder, not a database file")
        problem = _header_problem(path)
        if problem:
            raise _refuse(path, problem)
    elif not create:
        raise DatabaseProblem(f"no database at {path}")
    else:
        make_private_dir(os.path.dirname(path) or ".")
    try:
        conn = _connect(path)
    except sqlite3.Error as error:
        raise DatabaseProblem(f"cannot open {path}: {error}") from None
    try:
        version = _validate(conn, path, existed)
        if not existed:
            os.chmod(path, 0o600)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=NORMAL")
        if version < LATEST:
            _migrate(conn, path, version)
    except BaseException:
        conn.close()
        raise
    return Database(path, conn)


def backup_path_for(path: str, version: int) -> str:
    stamp = time.strftime("%Y%m%dT%H%M%S")
    return f"{path}.pre-v{LATEST}-from-v{version}-{stamp}.bak"


def online_backup(conn: sqlite3.Connection, dest):
    """A consistent copy through SQLite's online backup (includes what is still in the WAL); mode 0600."""
    old = os.umask(0o077)
    try:
        target = sqlite3.connect(os.fspath(dest))
        try:
            conn.backup(target)
        finally:
            target.close()
    finally:
        os.umask(old)
    os.chmod(dest, 0o600)
    return dest


def _migrate(conn: sqlite3.Connection, path: str, version: int) -> None:
    if version == 0:
        if _create(conn):
            return
        version = conn.execute("PRAGMA user_version").fetchone()[0]  # another process created it first
        if version >= LATEST:
            return
    online_backup(conn, backup_path_for(path, version))
    # A table rebuild drops and re-creates parent tables: foreign keys must be off (it is a no-op
    # inside a transaction), and are checked as a whole before each migration commits.
    conn.execute("PRAGMA foreign_keys=OFF")
    try:
        for position, step in enumerate(MIGRATIONS, start=1):
            if position <= version:
                continue
            apply_migration(conn, position, step)
    finally:
        conn.execute("PRAGMA foreign_keys=ON")


def apply_migration(conn: sqlite3.Connection, position: int, step) -> None:
    name = step.__name__
    try:
        conn.execute("BEGIN IMMEDIATE")
        # Another process may have migrated while we waited for the lock.
        if conn.execute("PRAGMA user_version").fetchone()[0] >= position:
            conn.execute("ROLLBACK")
            return
        conn.execute(MIGRATIONS_TABLE)
        step(conn)
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise sqlite3.IntegrityError(f"{len(broken)} row(s) would break a foreign key, e.g. {broken[0]}")
        conn.execute("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)", (name, int(time.time())))
        conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version={position}")
        conn.execute("COMMIT")
    except (sqlite3.Error, ValueError) as error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise DatabaseProblem(f"migration {name} failed and was rolled back: {error}") from None


def _create(conn: sqlite3.Connection) -> bool:
    """Create every table of a new file from the SQLModel models, recording every migration as
    applied. False if another process created the schema first."""
    from kratomlog.store.schema import create_statements  # SQLModel: only when a file is created

    statements = create_statements()
    try:
        conn.execute("BEGIN IMMEDIATE")
        if conn.execute("PRAGMA user_version").fetchone()[0] != 0:
            conn.execute("ROLLBACK")
            return False
        conn.execute(MIGRATIONS_TABLE)
        for statement in statements:
            conn.execute(statement)
        applied = int(time.time())
        conn.executemany(
            "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)", [(name, applied) for name in migration_names()]
        )
        conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version={LATEST}")
        conn.execute("COMMIT")
    except sqlite3.Error as error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise DatabaseProblem(f"creating the database failed and was rolled back: {error}") from None
    return True
