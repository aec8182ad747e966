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
from typing import Callable, Iterator

from kratomlog.errors import DatabaseProblem
from kratomlog.store.migrations import LATEST, MIGRATIONS, MIGRATIONS_TABLE
from kratomlog.store.migrations import names as migration_names

APPLICATION_ID = 0x4B4C4F47  # "KLOG"
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 15000
SQLITE_MAX_INTEGER = 2**63 - 1


NOT_SQLITE = "is not a SQLite database"


def _whole_pages(path: str) -> bool:
    size = os.stat(path).st_size
    return size >= 4096 and size % 4096 == 0


def _header_problem(path: str) -> str | None:
    """Why the file is not a usable SQLite file, judged from its bytes alone (None if it looks fine)."""
    size = os.stat(path).st_size
    if size == 0:
        return None
    with open(path, "rb") as handle:
        header = handle.read(100)
    if not header.startswith(SQLITE_MAGIC):
        return NOT_SQLITE
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
    """An open kratomlog database. `write()` is the only way to change it. `key` is the raw
    SQLCipher key of an encrypted database (None for plain SQLite)."""

    def __init__(self, path: str, conn: sqlite3.Connection, key: bytes | None = None):
        self.path = path
        self.conn = conn
        self.key = key

    @property
    def encrypted(self) -> bool:
        return self.key is not None

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


def _connect(path: str, key: bytes | None = None, isolation_level: str | None = None) -> sqlite3.Connection:
    """isolation_level None: kratomlog issues BEGIN itself; "" lets the driver do it (SQLAlchemy)."""
    if key is None:
        conn = sqlite3.connect(path, isolation_level=isolation_level, timeout=BUSY_TIMEOUT_MS / 1000)
    else:
        from pathlib import Path

        from kratomlog.store.cipher import connect

        conn = connect(Path(path), key, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=isolation_level)
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return conn


def connect_like(db: "Database") -> sqlite3.Connection:
    """Another connection to an open database, made the same way (for SQLAlchemy's engine)."""
    conn = _connect(db.path, db.key, isolation_level="")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


# Asked for the passphrase of an encrypted database when no key is at hand (the CLI asks on a
# terminal); returns None when it cannot ask.
AskPassphrase = Callable[["Path"], "str | None"]


def encryption_key(path, ask: AskPassphrase | None = None) -> bytes:
    """The key of the encrypted database at `path`: from KRATOMLOG_PASSPHRASE_FILE, the key kept by
    `unlock`, or the passphrase asked for; DatabaseProblem (exit 1) saying to unlock otherwise."""
    from pathlib import Path

    from kratomlog.store.cipher import derive_key, file_salt
    from kratomlog.store.unlocking import PASSPHRASE_FILE_ENV, passphrase_from_file, unlocked_key

    path = Path(path)

    passphrase = passphrase_from_file()
    if passphrase is None:
        key = unlocked_key(path)
        if key is not None:
            return key
        passphrase = ask(path) if ask is not None else None
    if passphrase is None:
        raise DatabaseProblem(
            f"{path} is encrypted and locked; run 'kratomlog unlock' first (or set {PASSPHRASE_FILE_ENV})"
        )
    return derive_key(passphrase, file_salt(path))


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


def _sweep_conversions(path: str) -> None:
    """Remove what an `encrypt`/`decrypt` killed half-way left beside the database (it may be plaintext)."""
    try:
        names = os.listdir(os.path.dirname(path) or ".")
    except OSError:
        return
    prefix = f".{os.path.basename(path)}."
    if any(name.startswith(prefix) and name.endswith(".tmp") and "-" in name for name in names):
        from pathlib import Path

        from kratomlog.store.encryption import sweep

        sweep(Path(path))


def open_database(
    path: str | os.PathLike, *, create: bool = True, ask: AskPassphrase | None = None, key: bytes | None = None
) -> Database:
    """Open (and if needed create and migrate) the database at `path`; an encrypted one with `key`,
    else with the key `encryption_key` finds."""
    os.umask(0o077)
    path = os.fspath(path)  # a string: the logging path does not import pathlib
    existed = os.path.exists(path)
    _sweep_conversions(path)
    if existed:
        if os.path.isdir(path):
            raise _refuse(path, "is a folder, not a database file")
        problem = _header_problem(path)
        if problem == NOT_SQLITE and _whole_pages(path):
            key = key or encryption_key(path, ask)  # SQLCipher: no header, whole pages
        elif problem:
            raise _refuse(path, problem)
    elif not create:
        raise DatabaseProblem(f"no database at {path}")
    else:
        make_private_dir(os.path.dirname(path) or ".")
    try:
        conn = _connect(path, key)
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
            _migrate(conn, path, version, key)
    except BaseException:
        conn.close()
        raise
    return Database(path, conn, key)


def backup_path_for(path: str, version: int) -> str:
    stamp = time.strftime("%Y%m%dT%H%M%S")
    return f"{path}.pre-v{LATEST}-from-v{version}-{stamp}.bak"


def online_backup(conn: sqlite3.Connection, dest, key: bytes | None = None, source=None):
    """A consistent copy through SQLite's online backup (includes what is still in the WAL); mode
    0600. The copy of an encrypted database (`key`, read from `source`) is encrypted alike."""
    old = os.umask(0o077)
    try:
        if key is None:
            target = sqlite3.connect(os.fspath(dest))
        else:
            from kratomlog.store.cipher import driver, file_salt, key_pragma, quiet

            target = quiet(driver().connect(str(dest)))
            target.execute(f"PRAGMA key = {key_pragma(key, file_salt(source))}")
        try:
            conn.backup(target)
        finally:
            target.close()
    finally:
        os.umask(old)
    os.chmod(dest, 0o600)
    return dest


def _migrate(conn: sqlite3.Connection, path: str, version: int, key: bytes | None = None) -> None:
    if version == 0:
        if _create(conn):
            return
        version = conn.execute("PRAGMA user_version").fetchone()[0]  # another process created it first
        if version >= LATEST:
            return
    online_backup(conn, backup_path_for(path, version), key, path)
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
