"""The registry of import formats: one line per format, in the order `--format` and the help list
them. `import` detects a file's format from this list (or takes `--format`), and its help,
choices and messages are built from it. Adding a format is one module in this package (a subclass
of `base.ImportFormat`: names, `detect`, `parse` into a `Document` or `base.Entries`) and one line
here."""

from __future__ import annotations

from kratomlog.core.formats.base import Head, ImportFormat
from kratomlog.core.formats.herbal import HerbalCsv, HerbalJson
from kratomlog.core.formats.kratomlog_json import KratomlogJson
from kratomlog.core.formats.psychonautwiki import PsychonautWikiJournal
from kratomlog.core.invalid import Invalid

FORMATS: list[ImportFormat] = [
    KratomlogJson(),
    HerbalCsv(),
    HerbalJson(),
    PsychonautWikiJournal(),
]


def register(found: ImportFormat) -> ImportFormat:
    """Add a format to the registry (what the list above does for the built-in ones)."""
    taken = {name for f in FORMATS for name in f.names()}
    clash = [name for name in found.names() if name in taken]
    if clash:
        raise ValueError(f"import format name {clash[0]!r} is taken")
    FORMATS.append(found)
    return found


def names() -> tuple[str, ...]:
    return tuple(f.name for f in FORMATS)


def _listed(words: list[str], last: str) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {last} {words[-1]}"


def choices_help() -> str:
    """The `--format` help: every name, in registry order."""
    return f"{_listed(list(names()), 'or')} (default: detected from the content)."


def described() -> str:
    """What `import` reads, for messages: "its own JSON export, Herbal Tracker+ CSV exports, …"."""
    return _listed([f.described for f in FORMATS], "and")


def by_name(name: str) -> ImportFormat:
    wanted = name.strip().lower()
    for found in FORMATS:
        if wanted in found.names():
            return found
    raise Invalid(f"unknown import format {name!r}; formats are {', '.join(names())}")


def detect(path: str, head: Head) -> ImportFormat:
    """The format of the file: the first in the registry that recognises it. `Invalid` when one of
    them refuses it, when it starts like JSON but is not, or when none recognises it."""
    for found in FORMATS:
        refusal = found.refusal(head)
        if refusal is not None:
            raise Invalid(refusal)
    for found in FORMATS:  # a format that needs the JSON asks `head.json`: invalid JSON is said there
        if found.detect(path, head):
            return found
    head.json  # starts like JSON but is not (when no format asked): say so
    raise Invalid(f"{path} is not a format kratomlog knows; it imports {described()} (or give --format)")
