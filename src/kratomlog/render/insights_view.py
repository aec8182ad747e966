"""`insights` on screen: one short block per figure, in plain words with its numbers."""

from __future__ import annotations

from datetime import date
from typing import Sequence

from rich.text import Text

from kratomlog.core.insights import MIN_N, Insight

FOOTER = (f"Each figure needs at least {MIN_N} observations per group (a heuristic minimum). "
          "They describe your own records; they do not show what causes what.")


def print_insights(console, insights: Sequence[Insight], first_day: date, last_day: date) -> None:
    n_days = (last_day - first_day).days + 1
    console.print(Text(f"Insights · finished days {first_day} to {last_day} ({n_days} days)", style="bold"))
    for insight in insights:
        console.print()
        console.print(Text(insight.title, style="bold"))
        if insight.status == "ok":
            console.print(Text(insight.text))
        else:
            console.print(Text(f"Not enough data yet. {insight.text}", style="dim"))
    console.print()
    console.print(Text(FOOTER, style="dim"))
