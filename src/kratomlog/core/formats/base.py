"""What an import format is (`ImportFormat`: its names, how it recognises a file, how it reads one),
the file's beginning as the formats see it (`Head`), and `Entries` — the plain doses and other
substances any format other than kratomlog's own document is read into, which the store writes
with one writer (matching, skipping and counting the same way for every format)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Any, ClassVar

from kratomlog.core.herbal import Skipped
from kratomlog.core.invalid import Invalid

BOM = "\ufeff"


class Head:
    """The text of the file being imported, read once; its JSON (parsed once, on first use, for
    every format that asks) when it looks like JSON."""

    def __init__(self, text: str, path: str = "-"):
        self.text = text
        self.path = path
        self.body = text.lstrip(BOM).lstrip()
        self._json: Any = None
        self._parsed = False

    @property
    def looks_like_json(self) -> bool:
        return self.body.startswith(("{", "["))

    @property
    def json(self) -> Any:
        """The parsed JSON, or None when the file does not start like JSON. `Invalid` when it starts
        like JSON but is not valid JSON."""
        if not self.looks_like_json:
            return None
        if not self._parsed:
            try:
                self._json = json.loads(self.body)
            except ValueError as error:
                raise Invalid(f"{self.path} cannot be read: it starts like JSON but is not valid JSON ({error})") from None
            except RecursionError:
                raise Invalid(f"{self.path} cannot be read: its JSON is nested too deeply to be an export") from None
            self._parsed = True
        return self._json

    @property
    def parsed(self) -> bool:
        """Its JSON has been parsed already (by a format's detection)."""
        return self._parsed

    def release(self) -> None:
        """Let go of the text and the JSON (a format has read what it needs)."""
        self.text = self.body = ""
        self._json, self._parsed = None, False

    def take_json(self) -> Any:
        """The file's JSON (ValueError or RecursionError when it is not JSON), handed over: the
        head lets go of its text and its JSON, so a large file is not held twice."""
        if self._parsed:
            data = self._json
        else:
            data = json.loads(self.body)
        self.release()
        return data

    @property
    def first_line(self) -> str:
        return self.body.splitlines()[0] if self.body else ""


class ImportFormat:
    """One import format. A subclass declares its `name` (what `--format` takes), any `aliases`,
    its `title` (how reports name it) and `described` (how the help lists it), and implements
    `detect` and `parse`. It is registered with one line in `core/formats/__init__.py`."""

    name: ClassVar[str]
    aliases: ClassVar[tuple[str, ...]] = ()
    title: ClassVar[str]
    described: ClassVar[str]
    # Why --tz changes nothing for this format (its times carry their offsets), or None.
    tz_note: ClassVar[str | None] = None
    # When nothing in a file is importable, its notes say why (instead of the first skipped row).
    notes_explain_empty: ClassVar[bool] = False

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def refusal(self, head: Head) -> str | None:
        """Why a file that looks like one of this format's relatives cannot be imported, or None."""
        return None

    def detect(self, path: str, head: Head) -> bool:
        raise NotImplementedError

    def parse(self, head: Head, *, tz: tzinfo | None, now: int):
        """The file's validated content (`head.text`, or `head.json`): a `core.export_format.Document`
        or `Entries`. `Invalid` when the file as a whole cannot be read; a bad row is skipped with
        its reason."""
        raise NotImplementedError


@dataclass(frozen=True)
class EntryDose:
    """A dose read from another app's file. `strain` is a clean name; `source_id` (prefixed with
    the format's own prefix) makes a second import of the same file add nothing."""

    row: str  # where it came from: "line 4", "dosage 3"
    at: int
    grams: float
    strain: str
    form: str = "powder"  # the form of a strain this import creates
    amount: float | None = None  # as entered, in `unit` (None: the grams)
    unit: str = "g"
    note: str | None = None
    source_id: str | None = None
    uuid: str | None = None


@dataclass(frozen=True)
class EntryOther:
    row: str
    uuid: str
    at: int
    substance: str  # the kratomlog category
    amount: str | None
    note: str | None


@dataclass(frozen=True)
class Entries:
    """Doses and other substances read from another app's file, ready for the store's one writer."""

    format: str
    doses: tuple[EntryDose, ...]
    others: tuple[EntryOther, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    notes: tuple[str, ...] = ()
    # A dose whose source id is not stored yet is still "already here" when a dose of the same
    # strain, instant and grams is (files whose rows carry no id, or ids of an older export).
    match_by_instant: bool = False
    demo: bool = field(default=False)

    def total(self) -> int:
        return len(self.doses) + len(self.others)
