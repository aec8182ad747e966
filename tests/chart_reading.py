"""Read a rendered plotext chart back, as a person would: the y labels give each row its value, the
x labels give each day its column. Used to check that a known value is drawn on the row whose label
matches it (within half a row)."""

from __future__ import annotations

import re
from dataclasses import dataclass

LEFT = re.compile(r"^\s*(-?[0-9.]+)┤")
RIGHT = re.compile(r"├(-?[0-9.]+)\s*$")


@dataclass
class Scale:
    rows: dict[int, float]  # row (0 = bottom) → label value

    @property
    def unit(self) -> float:
        (r0, v0), (r1, v1) = min(self.rows.items()), max(self.rows.items())
        return (v1 - v0) / (r1 - r0)

    def value(self, row: int) -> float:
        r0, v0 = min(self.rows.items())
        return v0 + (row - r0) * self.unit

    def misplaced(self) -> list[tuple[int, float]]:
        """Labels that are not where the others say their value is (more than half a row off)."""
        return [(r, v) for r, v in self.rows.items() if abs(self.value(r) - v) > abs(self.unit) / 2]


@dataclass
class Chart:
    title: str
    plot: list[str]  # plot rows, top first, each line whole
    bottom: str  # the bottom frame line with its ┬ ticks
    labels_line: str
    left: Scale
    right: Scale | None
    inside: tuple[int, int]  # the columns of the left and right frame

    def row_of(self, index: int) -> int:
        """Row number counted from the bottom (0) of plot line `index` (counted from the top)."""
        return len(self.plot) - 1 - index

    def tick_columns(self) -> list[int]:
        return [i for i, ch in enumerate(self.bottom) if ch == "┬"]

    def column_of_label(self, label: str) -> int:
        """The column of the x tick whose label is `label`."""
        start = self.labels_line.index(label)
        middle = start + len(label) / 2
        return min(self.tick_columns(), key=lambda c: abs(c - middle))

    def marks_in_column(self, column: int, chars: str) -> list[int]:
        """Rows (from the bottom) whose cell in `column` is one of `chars`."""
        return [self.row_of(i) for i, line in enumerate(self.plot) if column < len(line) and line[column] in chars]

    def marks(self, chars: str) -> list[tuple[int, int]]:
        """(row from the bottom, column) of every plot cell that is one of `chars`, frame excluded."""
        found = []
        for i, line in enumerate(self.plot):
            for c in range(self.inside[0] + 1, min(self.inside[1], len(line))):
                if line[c] in chars:
                    found.append((self.row_of(i), c))
        return found


def read_charts(text: str) -> list[Chart]:
    """Every chart in a screen of text, in order."""
    lines = text.splitlines()
    charts = []
    for top, line in enumerate(lines):
        if "┌" not in line:
            continue
        bottom = next(i for i in range(top + 1, len(lines)) if "└" in lines[i])
        plot = lines[top + 1 : bottom]
        left, right = {}, {}
        for i, row in enumerate(plot):
            r = len(plot) - 1 - i
            if m := LEFT.match(row):
                left[r] = float(m.group(1))
            if m := RIGHT.search(row):
                right[r] = float(m.group(1))
        charts.append(
            Chart(
                title=lines[top - 1].strip() if top else "",
                plot=plot,
                bottom=lines[bottom],
                labels_line=lines[bottom + 1] if bottom + 1 < len(lines) else "",
                left=Scale(left),
                right=Scale(right) if right else None,
                inside=(line.index("┌"), line.index("┐")),
            )
        )
    return charts
