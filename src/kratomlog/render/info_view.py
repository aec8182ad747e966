"""`info` on screen: the sections of `core.facts`, each a heading and its lines as bullets."""

from __future__ import annotations

from typing import Sequence

from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from kratomlog.core.facts import Section


def print_info(console, sections: Sequence[Section]) -> None:
    for index, section in enumerate(sections):
        if index:
            console.print()
        console.print(Text(section.title, style="bold underline"))
        for line in section.lines:
            bullet = Table.grid(padding=(0, 1))
            bullet.add_column(width=1)
            bullet.add_column()
            bullet.add_row("•", Text(line))
            console.print(Padding(bullet, (0, 0, 0, 1), expand=False))
