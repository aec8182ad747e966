"""`encrypt` and `decrypt`: convert the database file between plain SQLite and SQLCipher so that a
kill at any moment leaves one intact database at the same path — the old one or the new one.

The steps: switch the file to a rollback journal (which folds the WAL into it, and only succeeds
when no other connection is open), hold an exclusive lock, write the converted copy to a new
temporary file beside it, verify the copy on its own (integrity check and every table's row count),
then rename it over the original. The plaintext left behind by `encrypt` — the old file (kept under
a temporary name through a hard link until the rename is done), its side files and its migration
backups — is overwritten with zeros and deleted. Leftover temporary files of an interrupted
conversion are removed the next time (`sweep`).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from kratomlog.errors import BadInput, DatabaseProblem
from kratomlog.store import cipher
from kratomlog.store.file_checks import sync_folder

ENCRYPTING, DECRYPTING, OLD_PLAINTEXT = "encrypting", "decrypting", "plaintext"


def _temp(path: Path, what: str) -> Path:
    return path.with_name(f".{path.name}.{what}-{secrets.token_hex(8)}.tmp")


def leftovers(path: Path) -> list[Path]:
    """Temporary files that an interrupted encrypt or decrypt left beside the database."""
    prefixes = tuple(f".{path.name}.{what}-" for what in (ENCRYPTING, DECRYPTING, OLD_PLAINTEXT))
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    # SQLite's own side files of a temporary database (a kill mid-write leaves its -journal) count too.
    endings = (".tmp", ".tmp-journal", ".tmp-wal", ".tmp-shm")
    return [path.parent / name for name in names if name.startswith(prefixes) and name.endswith(endings)]


def sweep(path: Path) -> None:
    """Overwrite and delete what an interrupted conversion left (some of it may be plaintext)."""
    for item in leftovers(path):
        cipher.overwrite_and_remove(item)


def plaintext_side_files(path: Path) -> list[Path]:
    """The files beside a plain database that hold its data too: WAL, shared memory, journal and
    migration backups."""
    names = [Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")]
    names += sorted(path.parent.glob(f"{path.name}.pre-v*.bak"))
    return [p for p in names if p.exists()]


def _open_alone(path: Path, key: bytes | None):
    """A SQLCipher-driver connection in rollback-journal mode holding an exclusive lock, or
    DatabaseProblem when another kratomlog has the database open."""
    dbapi2 = cipher.driver()
    conn = cipher.connect(path, key, timeout=2) if key is not None else cipher.prepare(dbapi2.connect(str(path), isolation_level=None, timeout=2))
    try:
        (mode,) = conn.execute("PRAGMA journal_mode=DELETE").fetchone()
        if mode.lower() != "delete":
            raise dbapi2.OperationalError("database is locked")
    except dbapi2.OperationalError:
        conn.close()
        raise DatabaseProblem(
            f"{path} is in use by another kratomlog command; let it finish and try again (nothing was changed)"
        ) from None
    return conn


def _convert(path: Path, old_key: bytes | None, new_key: bytes | None, new_salt: bytes | None, what: str) -> Path:
    """Write the converted copy of `path` next to it, verified; returns the temporary file."""
    temp = _temp(path, what)
    conn = _open_alone(path, old_key)
    try:
        expected = cipher.export_copy(conn, temp, new_key, new_salt)
    except BaseException:
        conn.close()
        cipher.overwrite_and_remove(temp)
        raise
    conn.close()
    try:
        cipher.verify(temp, new_key, expected)
        with open(temp, "rb") as handle:
            os.fsync(handle.fileno())
        os.chmod(temp, 0o600)
    except BaseException:
        cipher.overwrite_and_remove(temp)
        raise
    return temp


def encrypt(path: Path, passphrase: str) -> bytes:
    """Replace the plain database at `path` by an encrypted one; returns its key."""
    if cipher.looks_encrypted(path):
        raise BadInput(f"{path} is already encrypted")
    sweep(path)
    salt = os.urandom(cipher.SALT_BYTES)
    key = cipher.derive_key(passphrase, salt)
    temp = _convert(path, None, key, salt, ENCRYPTING)
    old: Path | None = _temp(path, OLD_PLAINTEXT)
    try:
        os.link(path, old)  # the old plaintext keeps a name until it has been overwritten
    except OSError:  # a file system without hard links: the old blocks are freed, not overwritten
        old = None
    os.replace(temp, path)
    sync_folder(path.parent)
    if old is not None:
        cipher.overwrite_and_remove(old)
    for item in plaintext_side_files(path):
        cipher.overwrite_and_remove(item)
    return key


def decrypt(path: Path, key: bytes) -> None:
    """Replace the encrypted database at `path` by a plain SQLite one."""
    sweep(path)
    temp = _convert(path, key, None, None, DECRYPTING)
    os.replace(temp, path)
    sync_folder(path.parent)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
