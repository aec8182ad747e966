"""Getting a passphrase from the person: on the terminal (never as an argument, never echoed), or
from `KRATOMLOG_PASSPHRASE_FILE` for scripts and tests."""

from __future__ import annotations

from kratomlog.cli.edge import err
from kratomlog.cli.terminal_ask import on_terminal, prompt_hidden
from kratomlog.errors import BadInput

MIN_LENGTH = 8
ADVISED_LENGTH = 12


def _checked(passphrase: str) -> str:
    if len(passphrase) < MIN_LENGTH:
        raise BadInput(f"the passphrase needs at least {MIN_LENGTH} characters (it had {len(passphrase)}); nothing was changed")
    if len(passphrase) < ADVISED_LENGTH:
        err(f"note: a passphrase of {ADVISED_LENGTH} or more characters (several words) is much harder to guess")
    return passphrase


def new_passphrase(what: str) -> str:
    """A new passphrase, asked twice on the terminal (or read from the passphrase file)."""
    from kratomlog.store.unlocking import PASSPHRASE_FILE_ENV, passphrase_from_file

    given = passphrase_from_file()
    if given is not None:
        return _checked(given)
    if not on_terminal():
        raise BadInput(f"{what} asks for the passphrase on a terminal; run it in one, or set {PASSPHRASE_FILE_ENV}")
    first = prompt_hidden("New passphrase: ")
    _checked(first)
    if prompt_hidden("The same passphrase again: ") != first:
        raise BadInput("the two passphrases differ; nothing was changed")
    return first


def existing_passphrase(what: str) -> str:
    """The passphrase of an encrypted database or file, asked once (or read from the passphrase file)."""
    from kratomlog.store.unlocking import PASSPHRASE_FILE_ENV, passphrase_from_file

    given = passphrase_from_file()
    if given is not None:
        return given
    if not on_terminal():
        raise BadInput(f"{what} needs the passphrase: run it on a terminal, or set {PASSPHRASE_FILE_ENV}")
    return prompt_hidden("Passphrase: ")
