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

from kratomlog.errors import CreatedMeanwhile, DatabaseProblem
from kratomlog.store.erasing import erase_freed
from kratomlog.store.file_checks import can_write, check_database_files, check_private_database, io_problem, sync_folder
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
    SQLCipher key of an encrypted database (None for plain SQLite).

    A database that does not exist yet is `pending` (the command line opens lazily): its schema is
    built in memory, empty, and no file or folder is created — so a command that refuses its input,
    even on a check that needs the rows (an unknown id, no strain yet), or only reads, leaves a
    fresh machine as it was. The first `write()` runs in memory too; only when it commits is the
    memory copied into a private file that appears whole at the path (linked into place, never over
    a file another process created meanwhile), which then carries on like any opened database."""

    def __init__(
        self, file: str, conn: sqlite3.Connection, key: bytes | None = None, read_only: bool = False,
        pending: bool = False,
    ):
        self.file = os.fspath(file)  # a string: the logging path never imports pathlib
        self.conn = conn
        self.read_only = read_only
        self.key = key
        self.pending = pending
        self.settings_cache: dict[str, str] | None = None  # the setting table, read once (settings_store)

    @property
    def path(self):
        """The database file as a `pathlib.Path` (for the cold paths)."""
        from pathlib import Path

        return Path(self.file)

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    def create_file(self) -> None:
        """Give a pending database its file now, holding what the memory holds (a no-op once it has one)."""
        if not self.pending:
            return
        _copy_into_place(self.conn, self.file)
        real = _open(self.file, create=True, ask=None, key=None, lazy=False)
        self.conn.close()
        self.conn, self.key, self.read_only, self.pending = real.conn, real.key, real.read_only, False
        self.settings_cache = None

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One `BEGIN IMMEDIATE` transaction: everything inside lands, or nothing does. A `write()`
        inside another joins it (the command's one transaction: an entry and its announcement)."""
        if self.conn.in_transaction:
            yield self.conn
            return
        if self.read_only:
            raise DatabaseProblem(io_problem(self.file, sqlite3.OperationalError("readonly")))
        changes = self.conn.total_changes
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:  # SQLite may already have rolled back (e.g. on an I/O error)
                self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
            if self.conn.total_changes != changes:  # a write that changed nothing creates no file
                self.create_file()
        finally:
            self.settings_cache = None  # a write may have changed a setting

    @contextmanager
    def part(self) -> Iterator[sqlite3.Connection]:
        """Inside `write()`: a part that may fail on its own (a savepoint). On an error it is undone
        and the error raised; the rest of the transaction stays and may still commit."""
        if not self.conn.in_transaction:
            raise RuntimeError("Database.part() is only used inside write()")
        self.conn.execute("SAVEPOINT part")
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:  # an I/O error may have ended the whole transaction
                self.conn.execute("ROLLBACK TO part")
                self.conn.execute("RELEASE part")
            raise
        else:
            self.conn.execute("RELEASE part")

    def query(self, sql: str, params: tuple | dict = ()) -> list[tuple]:
        return self.conn.execute(sql, params).fetchall()

    def one(self, sql: str, params: tuple | dict = ()) -> tuple | None:
        return self.conn.execute(sql, params).fetchone()

    def close(self) -> None:
        self.conn.close()


def _read_only_uri(path: str) -> str:
    """A read-only URI; `immutable` (no `-shm` needed, which a read-only folder cannot hold) unless
    a `-wal` still holds pages that only the shared-memory index can find."""
    from urllib.parse import quote

    wal = f"{path}-wal"
    pending = os.path.exists(wal) and os.stat(wal).st_size > 0
    return f"file:{quote(os.path.abspath(path))}?mode=ro" + ("" if pending else "&immutable=1")


def _connect(
    path: str | os.PathLike, key: bytes | None = None, isolation_level: str | None = None, read_only: bool = False
) -> sqlite3.Connection:
    """isolation_level None: kratomlog issues BEGIN itself; "" lets the driver do it (SQLAlchemy).
    `read_only`: a file (or folder) kratomlog may read but not change."""
    if key is None and read_only:
        conn = sqlite3.connect(_read_only_uri(path), uri=True, isolation_level=isolation_level,
                               timeout=BUSY_TIMEOUT_MS / 1000)
    elif key is None:
        conn = sqlite3.connect(str(path), isolation_level=isolation_level, timeout=BUSY_TIMEOUT_MS / 1000)
    else:
        from pathlib import Path

        from kratomlog.store.cipher import connect

        conn = connect(Path(path), key, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=isolation_level)
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.text_factory = _text
    return erase_freed(conn)


def _text(value: bytes) -> str:
    """TEXT as str. Bytes that are not UTF-8 (written by another tool: SQLite does not check) read
    as `�`, so that they show as invalid instead of locking every read and `export` out (the
    default decoder raises)."""
    return value.decode("utf-8", "replace")


def connect_like(db: "Database") -> sqlite3.Connection:
    """Another connection to an open database, made the same way (for SQLAlchemy's engine)."""
    db.create_file()
    conn = _connect(db.file, db.key, isolation_level="", read_only=db.read_only)
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


# Asked for the passphrase of an encrypted database when no key is at hand (the CLI asks on a
# terminal); returns None when it cannot ask.
AskPassphrase = "Callable[[Path], str | None]"  # (annotations only: typing is not imported)


def encryption_key(path, ask: AskPassphrase | None = None) -> bytes:
    """The key of the encrypted database at `path`: from KRATOMLOG_PASSPHRASE_FILE, the key kept by
    `unlock`, or the passphrase asked for; DatabaseProblem (exit 1) saying to unlock otherwise."""
    from pathlib import Path  # an encrypted database: SQLCipher's road, which takes Paths

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
        honest = io_problem(path, error)
        if honest:
            raise DatabaseProblem(honest) from None
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
    current = os.path.abspath(os.fspath(folder))
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
        names = os.listdir(os.path.dirname(os.path.abspath(path)))
    except OSError:
        return
    prefix = f".{os.path.basename(path)}."
    if any(name.startswith(prefix) and name.endswith(".tmp") and "-" in name for name in names):
        from pathlib import Path

        from kratomlog.store.encryption import sweep

        sweep(Path(path))


def open_database(
    path: str | os.PathLike, *, create: bool = True, ask: AskPassphrase | None = None, key: bytes | None = None,
    lazy: bool = False,
) -> Database:
    """Open (and if needed create and migrate) the database at `path`; an encrypted one with `key`,
    else with the key `encryption_key` finds. `lazy`: a file that does not exist yet (or is empty)
    is created at the first write, not here (a pending `Database`) — the command line's road."""
    return _open(os.fspath(path), create=create, ask=ask, key=key, lazy=lazy)


def _pending(path: str) -> Database:
    """A database not created yet: the schema in memory, empty, until the first write."""
    conn = _connect(MEMORY)
    _create(conn)
    conn.execute("PRAGMA foreign_keys=ON")
    return Database(path, conn, pending=True)


MEMORY = ":memory:"


def _copy_into_place(memory: sqlite3.Connection, path: str) -> None:
    """Copy a pending database's memory into a new private file at `path`, which appears whole or
    not at all: written beside it under a random name, synced, then hard-linked to `path` (which
    fails, rather than replaces, if another process created `path` meanwhile: CreatedMeanwhile)."""
    import secrets

    folder, name = os.path.split(os.path.abspath(path))
    make_private_dir(folder)
    temp = os.path.join(folder, f".{name}.{secrets.token_hex(8)}.new")
    try:
        target = erase_freed(sqlite3.connect(str(temp)))
        try:
            memory.backup(target)
        finally:
            target.close()
        os.chmod(temp, 0o600)
        handle = os.open(temp, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
        try:
            os.link(temp, path)
        except FileExistsError:
            raise CreatedMeanwhile(
                f"another program created {path} at the same moment; nothing was written by this command, "
                "run it again"
            ) from None
    except sqlite3.Error as error:
        raise DatabaseProblem(io_problem(path, error) or f"cannot create {path}: {error}") from None
    finally:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
    sync_folder(folder)


def _open(path: str, *, create: bool, ask: AskPassphrase | None, key: bytes | None, lazy: bool) -> Database:
    os.umask(0o077)
    existed = check_database_files(path)
    _sweep_conversions(path)
    if lazy and create and key is None and not existed:
        return _pending(path)
    if existed:
        problem = _header_problem(path)
        if problem == NOT_SQLITE and _whole_pages(path):
            key = key or encryption_key(path, ask)  # SQLCipher: no header, whole pages
        elif problem:
            raise _refuse(path, problem)
        check_private_database(path)
    elif not create:
        raise DatabaseProblem(f"no database at {path}")
    else:
        make_private_dir(os.path.dirname(os.path.abspath(path)))
    read_only = existed and key is None and not can_write(path)
    try:
        conn = _connect(path, key, read_only=read_only)
    except sqlite3.Error as error:
        raise DatabaseProblem(io_problem(path, error) or f"cannot open {path}: {error}") from None
    try:
        version = _validate(conn, path, existed)
        if not existed:
            os.chmod(path, 0o600)
        if read_only:
            if version < LATEST:
                raise DatabaseProblem(
                    f"{path} is read-only and was written by an older kratomlog; its one-time upgrade writes to it. "
                    f"Make it (and its folder) writable, e.g. chmod u+w {path}, and run the command again"
                )
            conn.execute("PRAGMA foreign_keys=ON")
            return Database(path, conn, key, read_only=True)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=NORMAL")
        if version < LATEST:
            _migrate(conn, path, version, key)
    except sqlite3.OperationalError as error:
        conn.close()
        honest = io_problem(path, error)
        if honest:
            raise DatabaseProblem(honest) from None
        raise
    except BaseException:
        conn.close()
        raise
    return Database(path, conn, key)


def backup_path_for(path, version: int):
    """A name nobody can plant a link at in advance: the time and 64 random bits."""
    import secrets
    from pathlib import Path

    path = Path(path)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    return path.with_name(f"{path.name}.pre-v{LATEST}-from-v{version}-{stamp}-{secrets.token_hex(8)}.bak")


def migration_backup(conn: sqlite3.Connection, path, version: int, key: bytes | None = None):
    """The consistent copy taken before a migration, through the one writer (a private temporary
    file created exclusively, renamed into place: never through a link, always 0600)."""
    from kratomlog.store.output_files import write_with

    return write_with(backup_path_for(path, version), lambda temp, _handle: online_backup(conn, temp, key, path))


def online_backup(conn: sqlite3.Connection, dest, key: bytes | None = None, source=None):
    """A consistent copy through SQLite's online backup (includes what is still in the WAL); mode
    0600. The copy of an encrypted database (`key`, read from `source`) is encrypted alike."""
    old = os.umask(0o077)
    try:
        if key is None:
            target = erase_freed(sqlite3.connect(str(dest)))
        else:
            from pathlib import Path

            from kratomlog.store.cipher import driver, file_salt, key_pragma, prepare

            target = prepare(driver().connect(str(dest)))
            target.execute(f"PRAGMA key = {key_pragma(key, file_salt(Path(source)))}")
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
    migration_backup(conn, path, version, key)
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
