"""Reading a kratomlog JSON export in the layout `core.export_format.document_chunks` writes —
`{`, one `"key": value` line per header field, then each section as `"name": [` with one row per
line and `]` — line by line, so a large export is never held as one parsed JSON tree beside its
text: each row is parsed as it is read and handed to the document reader. Anything that is not
exactly that layout (hand-edited, pretty-printed, sections out of order, unknown keys) raises
`NotOwnLayout`, and the caller reads the file whole with `json.loads` instead."""

from __future__ import annotations

import json
from typing import Any, Iterator

PREFIX = '{\n  "format": "kratomlog",'


class NotOwnLayout(Exception):
    """The text is not in the layout kratomlog writes (it may still be a valid document)."""


def _lines(text: str) -> Iterator[str]:
    start, end = 0, len(text)
    while start < end:
        stop = text.find("\n", start)
        if stop == -1:
            stop = end
        yield text[start:stop].rstrip("\r")
        start = stop + 1


def _entry(line: str) -> tuple[str, Any]:
    """`  "key": value` (no trailing comma) → (key, value)."""
    try:
        (pair,) = json.loads("{" + line + "}").items()
    except (ValueError, RecursionError):
        raise NotOwnLayout from None
    return pair


def _section(body: str) -> tuple[str, bool, bool]:
    """A section's opening line (without its two-space indent) → (name, empty, last). `"name": [`
    opens rows (whether it is the last section is told by its closing line); `"name": [],` is an
    empty section with more to come, `"name": []` the empty last one."""
    for end, empty, last in ((": [", False, False), (": [],", True, False), (": []", True, True)):
        if body.endswith(end):
            try:
                name = json.loads(body[: -len(end)])
            except ValueError:
                break
            if isinstance(name, str):
                return name, empty, last
            break
    raise NotOwnLayout


class StreamedDocument(dict):
    """The header fields as a dict; each section handed out once, in file order, by `pop`, as an
    iterator of its rows parsed one line at a time. A section the file does not have gives the
    default. `finish()` (after every section was read) raises `NotOwnLayout` unless the whole text
    was exactly the layout, ending with `}`: only then is what was read the file's document."""

    def __init__(self, text: str):
        super().__init__()
        if not text.startswith(PREFIX):
            raise NotOwnLayout
        self._lines = _lines(text)
        if next(self._lines) != "{":
            raise NotOwnLayout
        self._closed = False  # the last section has been read
        for line in self._lines:
            body = self._indented(line, 2)
            if body.endswith((": [", ": []", ": [],")):
                self._open(body)
                return
            if not body.endswith(","):
                raise NotOwnLayout
            key, value = _entry(body[:-1])
            if key in self:
                raise NotOwnLayout
            self[key] = value
        raise NotOwnLayout

    @staticmethod
    def _indented(line: str, by: int) -> str:
        if not line.startswith(" " * by) or line[by:by + 1] == " ":
            raise NotOwnLayout
        return line[by:]

    def _open(self, body: str) -> None:
        self._pending, self._pending_empty, self._pending_last = _section(body)

    def _advance(self) -> None:
        line = next(self._lines, None)
        if line is None:
            raise NotOwnLayout
        self._open(self._indented(line, 2))

    def pop(self, key: str, default: Any = None) -> Any:
        if key in self:
            return super().pop(key)
        if self._closed or self._pending != key:
            return default
        self._pending = None
        if not self._pending_empty:
            return self._rows()
        if self._pending_last:
            self._closed = True
        else:
            self._advance()
        return iter(())

    def _rows(self) -> Iterator[Any]:
        for line in self._lines:
            body = self._indented(line, 4)
            more = body.endswith(",")
            try:
                row = json.loads(body[:-1] if more else body)
            except (ValueError, RecursionError):
                raise NotOwnLayout from None
            yield row
            if not more:
                break
        else:
            raise NotOwnLayout
        end = next(self._lines, None)
        if end == "  ]":
            self._closed = True
        elif end == "  ],":
            self._advance()
        else:
            raise NotOwnLayout

    def finish(self) -> None:
        if not self._closed:
            raise NotOwnLayout
        if [line for line in self._lines if line.strip()] != ["}"]:
            raise NotOwnLayout
