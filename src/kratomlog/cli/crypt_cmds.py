"""`encrypt`, `decrypt`, `unlock` and `lock`: an opt-in SQLCipher database, unlocked for a while
so that logging does not cost a passphrase each time."""

from __future__ import annotations

import time

import typer

from kratomlog.cli.edge import close_all, command, db_path, err, open_db, out
from kratomlog.errors import BadInput

DEFAULT_UNLOCK = "8h"
LONGEST_UNLOCK = 7 * 86_400


def _existing_database():
    path = db_path()
    if not path.exists():
        raise BadInput(f"there is no database at {path} yet; log something first")
    return path


@command
def encrypt() -> None:
    """Encrypt the database with a passphrase (SQLCipher), asked twice on the terminal.

    Example: kratomlog encrypt

    A new encrypted file is written and checked, then it replaces the plain one; the plain file, its
    side files and its migration backups are overwritten and removed. A lost passphrase means lost
    data: there is no recovery.
    """
    from kratomlog.cli.passphrase import new_passphrase
    from kratomlog.store.cipher import driver, looks_encrypted
    from kratomlog.store.encryption import encrypt as encrypt_file

    path = _existing_database()
    driver()  # the install hint before anything is asked
    if looks_encrypted(path):
        raise BadInput(f"{path} is already encrypted")
    passphrase = new_passphrase("encrypt")
    open_db()  # refuses a file that is not kratomlog's, and brings an old one up to date first
    close_all()
    encrypt_file(path, passphrase)
    out(f"Encrypted {path}. It is locked: run 'kratomlog unlock' to use it for a while (default {DEFAULT_UNLOCK}).")
    out("Keep the passphrase safe: without it the data cannot be recovered.")


@command
def decrypt() -> None:
    """Turn the encrypted database back into a plain SQLite file.

    Example: kratomlog decrypt
    """
    from kratomlog.store.cipher import looks_encrypted
    from kratomlog.store.encryption import decrypt as decrypt_file
    from kratomlog.store.unlocking import forget

    path = _existing_database()
    if not looks_encrypted(path):
        raise BadInput(f"{path} is not encrypted")
    db = open_db()
    key = db.key
    close_all()
    decrypt_file(path, key)
    forget(path)
    out(f"Decrypted {path}: it is a plain SQLite file again, readable by anyone who can read your files.")


@command
def unlock(
    for_: str = typer.Option(DEFAULT_UNLOCK, "--for", metavar="DURATION", help="How long to keep the key: 8h, 90m, 1h30m, 2d (at most 7 days)."),
) -> None:
    """Unlock the encrypted database for a while, so commands do not ask for the passphrase.

    Example: kratomlog unlock --for 8h

    The key (never the passphrase) is kept until the time given: in a private file under
    $XDG_RUNTIME_DIR (cleared at logout), or where there is none, in the OS keyring. 'kratomlog
    lock' forgets it at once.
    """
    from kratomlog.cli.passphrase import existing_passphrase
    from kratomlog.core.when import parse_duration
    from kratomlog.store.cipher import derive_key, file_salt, looks_encrypted
    from kratomlog.store.database import open_database
    from kratomlog.store.unlocking import remember

    seconds = parse_duration(for_, option="--for", longest=LONGEST_UNLOCK)
    path = _existing_database()
    if not looks_encrypted(path):
        raise BadInput(f"{path} is not encrypted; there is nothing to unlock (see 'kratomlog encrypt')")
    key = derive_key(existing_passphrase("unlock"), file_salt(path))
    open_database(path, ask=None, key=key).close()  # a wrong passphrase fails here, exit 1
    until = int(time.time()) + seconds
    where = remember(path, key, until)
    from kratomlog.core.clock import to_local

    out(f"Unlocked {path} until {to_local(until).strftime('%a %Y-%m-%d %H:%M')} (key kept in {where}).")
    out("Run 'kratomlog lock' to lock it sooner.")


@command
def lock() -> None:
    """Forget the key kept by 'kratomlog unlock', at once.

    Example: kratomlog lock
    """
    from kratomlog.store.unlocking import forget

    path = db_path()
    if forget(path):
        out(f"Locked {path}: the key is forgotten.")
    else:
        err(f"{path} was not unlocked; nothing to forget.")
