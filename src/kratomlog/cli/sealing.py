"""`--encrypt` / `--recipient` for export and backup, and reading an age file back for import: the
plaintext is encrypted (or decrypted) in memory, never written to the disk on the way."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

from kratomlog.errors import BadInput

Seal = Callable[[bytes], bytes]


def sealer(encrypt: bool, recipients: list[str] | None, what: str) -> Seal | None:
    """None for a plain file; else a function that age-encrypts bytes — to the `age1…` recipients
    given, or to a new passphrase asked twice on the terminal (or read from the passphrase file)."""
    if not encrypt and not recipients:
        return None
    from kratomlog.cli.passphrase import new_passphrase
    from kratomlog.store.age_files import encrypt as age_encrypt
    from kratomlog.store.age_files import parse_recipients

    keys = parse_recipients(recipients or [])
    passphrase = None if keys else new_passphrase(what)
    return lambda data: age_encrypt(data, passphrase=passphrase, recipients=keys)


def emit(path: Path | None, data: bytes) -> None:
    """Encrypted bytes to the checked file, or to standard output when it is not a terminal."""
    from kratomlog.store.output_files import write_bytes

    if path is not None:
        write_bytes(path, data)
        return
    if sys.stdout.isatty():
        raise BadInput("an encrypted file is binary and is not printed on a terminal; give -o FILE, or redirect the output")
    sys.stdout.flush()
    sys.stdout.buffer.write(data)


def opened(data: bytes, identity: str | None, what: str) -> bytes:
    """An age file's plaintext (with the identity file, else the passphrase); other data unchanged."""
    from kratomlog.store.age_files import is_age

    if not is_age(data):
        if identity is not None:
            raise BadInput(f"--identity is for age-encrypted files; {what} is not one")
        return data
    from kratomlog.store.age_files import decrypt, read_identities

    if identity is not None:
        return decrypt(data, identities=read_identities(Path(identity)))
    from kratomlog.cli.passphrase import existing_passphrase

    return decrypt(data, passphrase=existing_passphrase(f"importing the encrypted file {what}"))
