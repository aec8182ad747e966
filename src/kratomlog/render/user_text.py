"""User strings on their way to Rich: always a `rich.text.Text` (never parsed as markup, so
`Red [/bold] Bali` shows as typed) with control characters made visible (`core.safe_text`)."""

from __future__ import annotations

from kratomlog.core.safe_text import for_display


def user_text(value: str | None, style: str = "", *, newlines: bool = True):
    """`value` as Rich `Text`: brackets verbatim, ESC shown as `^[`, other control characters as `�`."""
    from rich.text import Text

    return Text(for_display(value or "", newlines=newlines), style=style)
