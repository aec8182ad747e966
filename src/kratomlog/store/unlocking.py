"""Where the key of an encrypted database is kept while it is unlocked, and how it is found.

Order of search when an encrypted database is opened:
1. `KRATOMLOG_PASSPHRASE_FILE` — a file readable by its owner only (0600) holding the passphrase;
   one trailing newline is not part of it. For scripts and tests.
2. The key kept by `kratomlog unlock`: a 0600 file under `$XDG_RUNTIME_DIR/kratomlog/` (a tmpfs
   cleared at logout), or — where there is no runtime folder — the OS keyring, when the `keyring`
   package finds a usable backend. Each holds the derived key and the moment it expires, measured on
   the real clock.
3. Nothing: the caller asks on a terminal or fails, saying to `unlock`.
"""

from __future__ import annotations

import os
import stat
import time
import zlib
from pathlib import Path

from kratomlog.errors import DatabaseProblem, KratomlogError

PASSPHRASE_FILE_ENV = "KRATOMLOG_PASSPHRASE_FILE"
KEYRING_SERVICE = "kratomlog"


def passphrase_from_file() -> str | None:
    """The passphrase in `KRATOMLOG_PASSPHRASE_FILE`, or None when the variable is not set."""
    name = os.environ.get(PASSPHRASE_FILE_ENV)
    if not name:
        return None
    path = Path(name).expanduser()
    try:
        info = path.stat()
    except OSError:
        raise DatabaseProblem(f"{PASSPHRASE_FILE_ENV} names {path}, which cannot be read") from None
    if not stat.S_ISREG(info.st_mode):
        raise DatabaseProblem(f"{PASSPHRASE_FILE_ENV} must name a regular file; {path} is not one")
    if info.st_mode & 0o077:
        raise DatabaseProblem(
            f"{path} ({PASSPHRASE_FILE_ENV}) can be read by others (mode {stat.S_IMODE(info.st_mode):o}); "
            f"make it private first: chmod 600 {path}"
        )
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DatabaseProblem(f"{path} ({PASSPHRASE_FILE_ENV}) cannot be read: {error}") from None
    return text[:-1] if text.endswith("\n") else text


def _slot(database: Path) -> str:
    """The key file's name for a database (its real path is inside and checked, so a clash of two
    names only ever means "no key here")."""
    return f"{zlib.crc32(str(database.resolve()).encode('utf-8')):08x}"


def _runtime_dir() -> Path | None:
    base = os.environ.get("XDG_RUNTIME_DIR")
    if not base or not Path(base).is_dir():
        return None
    return Path(base) / "kratomlog"


def _keyring():
    """The keyring module when it has a usable backend (not the fail/null/empty chainer ones)."""
    try:
        import keyring
        from keyring.backends import chainer, fail, null
    except Exception:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:
        return None
    if isinstance(backend, (fail.Keyring, null.Keyring)):
        return None
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return None
    return keyring


def _record(database: Path, key: bytes, until: int) -> str:
    """Three lines: the database's real path, the key in hex, the expiry in epoch seconds."""
    return f"{database.resolve()}\n{key.hex()}\n{until}\n"


def _parse(text: str | None, database: Path) -> tuple[bytes, int] | None:
    if not text:
        return None
    try:
        path, key, until = text.rstrip("\n").rsplit("\n", 2)
        if path != str(database.resolve()):
            return None
        return bytes.fromhex(key), int(until)
    except ValueError:
        return None


def remember(database: Path, key: bytes, until: int) -> str:
    """Keep the key until `until` (epoch seconds, real clock); returns where it was kept."""
    folder = _runtime_dir()
    if folder is not None:
        folder.mkdir(mode=0o700, exist_ok=True)
        os.chmod(folder, 0o700)
        target = folder / f"{_slot(database)}.key"
        temp = folder / f".{target.name}.{os.getpid()}.tmp"
        handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        try:
            os.write(handle, _record(database, key, until).encode("utf-8"))
            os.fsync(handle)
        finally:
            os.close(handle)
        os.replace(temp, target)
        return f"a private file in {folder}"
    keyring = _keyring()
    if keyring is None:
        raise KratomlogError(
            "there is nowhere safe to keep the key: no $XDG_RUNTIME_DIR and no usable OS keyring; "
            f"use {PASSPHRASE_FILE_ENV} or answer the passphrase prompt instead"
        )
    keyring.set_password(KEYRING_SERVICE, str(database.resolve()), _record(database, key, until))
    return "the OS keyring"


def recall(database: Path) -> tuple[bytes, int] | None:
    """The kept key and its expiry, if any (expired or not: the caller decides)."""
    folder = _runtime_dir()
    if folder is not None:
        target = folder / f"{_slot(database)}.key"
        try:
            info = target.lstat()
            if stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o077:
                return _parse(target.read_text(encoding="utf-8"), database)
        except OSError:
            return None
        return None
    keyring = _keyring()
    if keyring is None:
        return None
    try:
        return _parse(keyring.get_password(KEYRING_SERVICE, str(database.resolve())), database)
    except Exception:
        return None


def unlocked_key(database: Path) -> bytes | None:
    kept = recall(database)
    if kept is None:
        return None
    key, until = kept
    if until <= time.time():
        forget(database)
        return None
    return key


def forget(database: Path) -> bool:
    """Remove the kept key; True when there was one."""
    folder = _runtime_dir()
    if folder is not None:
        target = folder / f"{_slot(database)}.key"
        existed = target.exists()
        target.unlink(missing_ok=True)
        return existed
    keyring = _keyring()
    if keyring is None:
        return False
    try:
        keyring.delete_password(KEYRING_SERVICE, str(database.resolve()))
        return True
    except Exception:
        return False
