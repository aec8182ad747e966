"""Command help that quotes a shared text of `core.texts` (the help lines, NOT_A_DIAGNOSIS):
`@quoting` fills the `{NAME}` placeholders of a command's docstring, so the help says exactly what
the command prints. Put it directly above the function (under the command and paging decorators,
which copy the docstring when they wrap it)."""

from __future__ import annotations

from typing import Callable

from kratomlog.core import texts

QUOTED: dict[str, str] = {
    "{NOT_A_DIAGNOSIS}": texts.sentence(texts.NOT_A_DIAGNOSIS),
    "{SAMHSA_LINE}": texts.SAMHSA_LINE,
}


def quoting(fn: Callable) -> Callable:
    doc = fn.__doc__ or ""
    for placeholder, text in QUOTED.items():
        doc = doc.replace(placeholder, text)
    fn.__doc__ = doc
    return fn
