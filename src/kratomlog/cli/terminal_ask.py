"""Asking the person something on the terminal without echo (a passphrase): whether there is a
terminal, and the prompt itself. Imports nothing of the CLI, so the edge and the passphrase rules
can both use it."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from kratomlog.errors import BadInput

if TYPE_CHECKING:
    from pathlib import Path


def on_terminal() -> bool:
    try:
        return os.isatty(sys.stdin.fileno())
    except (AttributeError, ValueError, OSError):
        return False


def prompt_hidden(text: str) -> str:
    import getpass

    try:
        return getpass.getpass(text)
    except EOFError:
        raise BadInput("no passphrase was given; nothing was changed") from None


def ask_on_terminal(path: Path) -> str | None:
    """For opening a locked encrypted database: ask when there is a terminal, else None."""
    if not on_terminal():
        return None
    return prompt_hidden(f"{path} is encrypted. Passphrase (or run 'kratomlog unlock' first): ")
