"""The warning-signal panel: active signals first (most severe first), then clear, then those that
need more data — each with its message (which carries the numbers), level, basis and source."""

from __future__ import annotations

from typing import Sequence

from rich.console import Group
from rich.padding import Padding
from rich.panel import Panel
from rich.text import Text

from kratomlog.core.texts import HELP_INTRO, HELP_LINES, SEE_INFO, severity_rank
from kratomlog.core.signals import SignalResult, summary_line
from kratomlog.render.user_text import user_text

GROUPS = (("active", "Active"), ("clear", "Clear"), ("insufficient-data", "Not enough data yet"))
LEVEL_STYLE = {"warning": "bold red", "caution": "yellow", "info": "cyan"}
FOOTER = f"Signals are patterns to notice, not a diagnosis. {SEE_INFO}."


def _entry(result: SignalResult) -> Group:
    head = Text()
    if result.status == "active":
        head.append(f"! {result.level}", style=LEVEL_STYLE.get(result.level, ""))
        head.append("  ")
    head.append(result.title, style="bold")
    head.append(f" ({result.id})", style="dim")
    head.append(f" · {result.basis}", style="dim")
    lines = [Padding(head, (0, 0, 0, 2)), Padding(user_text(result.message), (0, 0, 0, 4))]
    if result.status == "active":
        lines.append(Padding(Text(f"source: {result.source}", style="dim"), (0, 0, 0, 4)))
    return Group(*lines)


def signals_panel(results: Sequence[SignalResult]) -> Panel:
    parts: list = [Text(summary_line(results), style="bold")]
    for status, heading in GROUPS:
        chosen = [r for r in results if r.status == status]
        if status == "active":
            chosen.sort(key=lambda r: severity_rank(r.level))
        if not chosen:
            continue
        parts.append(Text(""))
        parts.append(Text(heading, style="bold underline"))
        parts.extend(_entry(r) for r in chosen)
    parts.append(Text(""))
    parts.append(Text(FOOTER, style="dim"))
    if any(r.status == "active" for r in results):
        parts.append(Text(HELP_INTRO, style="dim"))
        parts.extend(Text(f"  {line}", style="dim") for line in HELP_LINES)
    return Panel(Group(*parts), title="Warning signals", title_align="left")


def print_signals(console, results: Sequence[SignalResult]) -> None:
    console.print(signals_panel(results))
