"""SQLCipher: opening an encrypted database with its key, and converting a database between plain
SQLite and SQLCipher (`encrypt` / `decrypt`).

The key is derived from the passphrase once, with PBKDF2-HMAC-SHA512 (256,000 iterations, SQLCipher
4's own default) and the 16-byte salt that begins the encrypted file, and then used as a raw key —
an open with a raw key costs a fraction of a millisecond, an open with a passphrase about 130 ms.
`sqlcipher3` is imported only when an encrypted file is met or made (the `encrypt` extra).
"""

from __future__ import annotations

import os
from pathlib import Path

from kratomlog.errors import DatabaseProblem
from kratomlog.store.erasing import erase_freed

SQLITE_MAGIC = b"SQLite format 3\x00"
SALT_BYTES = 16
KEY_BYTES = 32
KDF_ITERATIONS = 256_000
PAGE_SIZE = 4096
INSTALL_HINT = "encryption needs the sqlcipher3 package: pip install 'kratomlog[encrypt]'"


def driver():
    """The sqlcipher3 DB-API module; DatabaseProblem (exit 1) with the install hint when missing."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        raise DatabaseProblem(INSTALL_HINT) from None
    return dbapi2


def looks_encrypted(path: Path) -> bool:
    """An encrypted file has no SQLite header and is made of whole pages (a salt comes first)."""
    try:
        size = path.stat().st_size
        if size < PAGE_SIZE or size % PAGE_SIZE:
            return False
        with open(path, "rb") as handle:
            return not handle.read(len(SQLITE_MAGIC)).startswith(SQLITE_MAGIC)
    except OSError:
        return False


def file_salt(path: Path) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(SALT_BYTES)


def derive_key(passphrase: str, salt: bytes) -> bytes:
    import hashlib  # only when a passphrase is given: an unlocked open needs none

    return hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ITERATIONS, KEY_BYTES)


def key_pragma(key: bytes, salt: bytes) -> str:
    """The raw key with its salt, as SQLCipher's `PRAGMA key` / `ATTACH … KEY` take it."""
    return f"\"x'{key.hex()}{salt.hex()}'\""


def prepare(conn):
    """Every SQLCipher-driver connection kratomlog opens: quiet (SQLCipher logs a failed key to
    standard error by default; kratomlog says it in one line) and with freed content overwritten
    (`erasing.erase_freed`), like a plain connection."""
    conn.execute("PRAGMA cipher_log_level = NONE")
    return erase_freed(conn)


def connect(path: Path, key: bytes, *, timeout: float, isolation_level: str | None = None):
    """An open SQLCipher connection; DatabaseProblem when the key does not open the file."""
    dbapi2 = driver()
    conn = prepare(dbapi2.connect(str(path), isolation_level=isolation_level, timeout=timeout))
    try:
        conn.execute(f"PRAGMA key = {key_pragma(key, file_salt(path))}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except dbapi2.DatabaseError:
        conn.close()
        raise WrongKey(f"{path} is encrypted and this passphrase does not open it; nothing was changed") from None
    return conn


class WrongKey(DatabaseProblem):
    """The passphrase or stored key does not open the encrypted file (exit 1)."""


def row_counts(conn, schema: str = "main") -> dict[str, int]:
    names = [
        name
        for (name,) in conn.execute(f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' ORDER BY name")
    ]
    return {name: conn.execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()[0] for name in names}


def export_copy(source, dest: Path, key: bytes | None, salt: bytes | None) -> dict[str, int]:
    """Copy every table, index and row of the open SQLCipher-driver connection `source` into a new
    file `dest` — encrypted with `key`/`salt`, or plain SQLite when `key` is None — keeping the
    schema version and application id, under an exclusive lock. `dest` must not exist. Returns the
    row count of every table."""
    attach_key = "''" if key is None else key_pragma(key, salt)
    source.execute(f"ATTACH DATABASE ? AS converted KEY {attach_key}", (str(dest),))
    try:
        source.execute("BEGIN EXCLUSIVE")
        try:
            expected = row_counts(source)
            source.execute("SELECT sqlcipher_export('converted')")
            for pragma in ("user_version", "application_id"):
                (value,) = source.execute(f"PRAGMA main.{pragma}").fetchone()
                source.execute(f"PRAGMA converted.{pragma} = {int(value)}")
            copied = row_counts(source, "converted")
            source.execute("COMMIT")
        except BaseException:
            if source.in_transaction:
                source.execute("ROLLBACK")
            raise
    finally:
        source.execute("DETACH DATABASE converted")
    if copied != expected:
        raise DatabaseProblem(f"the converted copy {dest} does not hold every row; the database was left as it was")
    return expected


def verify(dest: Path, key: bytes | None, expected: dict[str, int]) -> None:
    """Open the new file on its own, run an integrity check and compare every table's row count."""
    dbapi2 = driver()
    conn = prepare(dbapi2.connect(str(dest), isolation_level=None))
    try:
        if key is not None:
            conn.execute(f"PRAGMA key = {key_pragma(key, file_salt(dest))}")
        (check,) = conn.execute("PRAGMA integrity_check").fetchone()
        counts = row_counts(conn)
    except dbapi2.DatabaseError as error:
        raise DatabaseProblem(f"the converted copy {dest} cannot be read back ({error}); the database was left as it was") from None
    finally:
        conn.close()
    if check != "ok" or counts != expected:
        raise DatabaseProblem(f"the converted copy {dest} failed its check; the database was left as it was")


def overwrite_and_remove(path: Path) -> None:
    """Overwrite a file with zeros, flush it to the disk, then delete it. On SSDs and copy-on-write
    file systems the old blocks may survive elsewhere (the README says so)."""
    try:
        size = path.stat().st_size
        with open(path, "r+b", buffering=0) as handle:
            chunk = b"\0" * 65536
            left = size
            while left > 0:
                left -= handle.write(chunk[: min(left, len(chunk))])
            os.fsync(handle.fileno())
    except FileNotFoundError:
        return
    path.unlink(missing_ok=True)
