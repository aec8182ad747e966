"""Spreadsheet formula-injection guard for CSV text: a value that a spreadsheet could read as a
formula (starting with =, +, -, @, tab, CR or LF) gets a single leading quote on export, and the
quote is removed again when such text comes back in (Herbal Tracker+ exports use the same rule)."""

from __future__ import annotations

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(text: str | None) -> str | None:
    """`=SUM(A1)` → `'=SUM(A1)`; any other text (and None) is returned unchanged."""
    if text and text[0] in TRIGGERS:
        return "'" + text
    return text


def unneutralise(text: str | None) -> str | None:
    """The inverse of `neutralise`: drop one leading `'` only when a trigger character follows it,
    so an ordinary value that happens to start with a quote (`'tis`) is left alone."""
    if text and len(text) >= 2 and text[0] == "'" and text[1] in TRIGGERS:
        return text[1:]
    return text
