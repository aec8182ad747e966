"""age-encrypted exports and backups (the `pyrage` package, from the `encrypt` extra): bytes in,
bytes out, so the plaintext never touches the disk on the way.

A file is encrypted to a passphrase (age's scrypt recipient) or to one or more public keys
(`age1…`); it is decrypted with the passphrase or with an identity file (`AGE-SECRET-KEY-1…` lines,
as `age-keygen` writes them; `#` comments ignored).
"""

from __future__ import annotations

from pathlib import Path

from kratomlog.errors import BadInput, DatabaseProblem, KratomlogError

HEADER = b"age-encryption.org/v1\n"  # the binary format; ASCII-armoured files are not read
INSTALL_HINT = "age encryption needs the pyrage package: pip install 'kratomlog[encrypt]'"


def _pyrage():
    try:
        import pyrage
    except ImportError:
        raise DatabaseProblem(INSTALL_HINT) from None
    return pyrage


def is_age(data: bytes) -> bool:
    return data.startswith(HEADER)


def parse_recipients(texts: list[str]) -> list:
    """`age1…` public keys; BadInput naming the first one that is not."""
    pyrage = _pyrage()
    recipients = []
    for text in texts:
        try:
            recipients.append(pyrage.x25519.Recipient.from_str(text.strip()))
        except Exception:
            raise BadInput(f"--recipient {text!r} is not an age public key (they look like age1…, 62 characters)") from None
    return recipients


def encrypt(data: bytes, *, passphrase: str | None = None, recipients: list | None = None) -> bytes:
    pyrage = _pyrage()
    if recipients:
        return pyrage.encrypt(data, recipients)
    return pyrage.passphrase.encrypt(data, passphrase)


def read_identities(path: Path) -> list:
    pyrage = _pyrage()
    try:
        lines = Path(path).expanduser().read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise BadInput(f"the identity file {path} cannot be read: {getattr(error, 'strerror', None) or error}") from None
    identities = []
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#"):
            try:
                identities.append(pyrage.x25519.Identity.from_str(line))
            except Exception:
                raise BadInput(f"{path} holds a line that is not an age identity (they look like AGE-SECRET-KEY-1…)") from None
    if not identities:
        raise BadInput(f"{path} holds no age identity (AGE-SECRET-KEY-1… lines)")
    return identities


def decrypt(data: bytes, *, passphrase: str | None = None, identities: list | None = None) -> bytes:
    """The plaintext; one line (exit 1) for a wrong passphrase or identity, nothing written."""
    pyrage = _pyrage()
    try:
        if identities:
            return pyrage.decrypt(data, identities)
        return pyrage.passphrase.decrypt(data, passphrase)
    except pyrage.DecryptError:
        if identities:
            raise KratomlogError("this identity does not decrypt the file (or it is damaged); nothing was imported") from None
        raise KratomlogError(
            "this passphrase does not decrypt the file (or it is damaged; one made with --recipient needs "
            "--identity FILE); nothing was imported"
        ) from None
