"""Terminal charts (plotext 6) as plain text: week, trends and taper pictures, never wider than `width`.

Axes read true: plotext draws a value on row `round((value - low) / (high - low) * (rows - 1))`, so
every y range is chosen (`axis`) to make each row worth a round amount and every tick a whole number
of rows: a tick's label is the value of the row it sits on. Lines join only neighbouring values that
exist (a day without a rating is a gap, never an interpolated point), and each axis holds one
quantity, named with its unit in the title.

plotext is imported inside each chart function, through `render.plotext_import` (without its
documentation browser and image support, which cost more than the rest of it), and its one global
figure is cleared before every chart. plotext ignores NO_COLOR, so colour is decided by the caller: with
`color=False` the text carries no ANSI escapes at all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any, Sequence

from kratomlog.core.numbers import number_text

MIN_WIDTH = 30
GRAMS_COLOR = 12  # blue
STRESS_COLOR = 11  # yellow
SECOND_COLOR = 13  # magenta
ALLOWANCE_COLOR = 10  # green
# distinct symbols, so series stay apart without colour
SERIES_MARKS = (("●", GRAMS_COLOR), ("+", SECOND_COLOR), ("x", STRESS_COLOR), ("o", ALLOWANCE_COLOR))

# Rows of a chart outside its plot area: title, top and bottom frame, x labels.
FRAME_ROWS = 4
# Height of one chart in terminal rows: readable at 80×24, growing with a taller terminal.
MIN_HEIGHT = 14
MAX_HEIGHT = 30
NICE_STEPS = (1.0, 2.0, 2.5, 5.0)


def chart_height(terminal_rows: int | None) -> int:
    """The height of one chart on a terminal of `terminal_rows` lines (None: not a terminal)."""
    if not terminal_rows:
        return MIN_HEIGHT
    return max(MIN_HEIGHT, min(MAX_HEIGHT, terminal_rows * 3 // 5))


@dataclass(frozen=True)
class Axis:
    """A y range 0..high over `rows` rows, each worth high / (rows - 1), with ticks on rows."""

    high: float
    ticks: list[float]

    @property
    def labels(self) -> list[str]:
        return [number_text(t, 2) for t in self.ticks]


def _nice_steps(top: float) -> list[float]:
    """Candidate tick steps around `top`: 1, 2, 2.5 and 5 times a power of ten."""
    power = math.floor(math.log10(top))
    return [m * 10.0**p for p in range(power - 2, power + 2) for m in NICE_STEPS]


def _is_whole(x: float) -> bool:
    return abs(x - round(x)) < 1e-9


def axis(top: float, rows: int, *, fixed: bool = False, whole: bool = False) -> Axis:
    """A y range from 0 for values up to `top` on a plot `rows` rows high.

    Ticks are multiples of a step, each a whole number of rows apart, so a label sits exactly on
    the row that holds its value. `fixed` (a scale such as 0–10 or 0–64): `top` itself is a tick.
    `whole`: ticks are whole numbers and each count has a row (counts). The smallest range that holds `top` wins (the most
    detail), then ticks at least two rows apart, then about five ticks."""
    top = max(float(top), 1e-6)
    intervals = max(1, rows - 1)
    steps = set(_nice_steps(top))
    if fixed:  # 64 → 16, 32: a scale's own halves and quarters
        steps |= {top / n for n in (2, 4) if top / n == int(top / n)}
    best: tuple | None = None
    for step in sorted(steps):
        if whole and step != int(step):
            continue
        if fixed and abs(top / step - round(top / step)) > 1e-9:
            continue
        for per_tick in range(1, intervals + 1):
            high = intervals * step / per_tick
            if high < top - 1e-9:
                break  # more rows per tick only lowers the range further
            unit = step / per_tick
            if whole and not (_is_whole(unit) or _is_whole(1 / unit)):
                continue  # a count of 1 must land on a row, not between two
            count = int(high / step + 1e-9) + 1
            if not (3 <= count <= 6 or (rows < 8 and count == 2)):
                continue
            score = (round(high, 9), per_tick < 2 and intervals >= 4, abs(count - 5))
            if best is None or score < best[0]:
                best = (score, high, step, count)
    if best is None:  # only on a plot of one or two rows: its two ends still read true
        return Axis(top, [0.0, top])
    _, high, step, count = best
    return Axis(high, [round(i * step, 9) for i in range(count)])


def _figure(width: int, height: int) -> tuple[Any, Any]:
    from kratomlog.render.plotext_import import load

    plt = load()

    plt.terminal.limit(False, False)  # the caller's width wins over the detected terminal
    fig = plt.figure
    fig.clear()
    fig.theme("simple")
    fig.plot_size(max(MIN_WIDTH, width), height)
    return plt, fig


def _marker(plt: Any, symbol: str, color: int) -> Any:
    return plt.marker(symbol, pixel=plt.pixel(foreground=color))


def _text(fig: Any, width: int, color: bool) -> str:
    text = fig.build().string(colorless=not color)
    fig.clear()
    # plotext pads every row to the full width; trailing blanks only waste lines in narrow terminals
    lines = [line.rstrip() if not color else line for line in text.splitlines()]
    return "\n".join(lines)


def runs(values: Sequence[float | None]) -> list[tuple[list[int], list[float]]]:
    """The stretches of neighbouring values that exist, as (x positions counted from 1, values)."""
    out: list[tuple[list[int], list[float]]] = []
    for i, v in enumerate(values):
        if v is None:
            continue
        if out and out[-1][0][-1] == i:
            out[-1][0].append(i + 1)
            out[-1][1].append(float(v))
        else:
            out.append(([i + 1], [float(v)]))
    return out


def _draw_line(plt: Any, fig: Any, values: Sequence[float | None], symbol: str, colour: int, *,
               yside: str = "left") -> None:
    """One series: each stretch of values joined by a line, nothing drawn across a gap. The values
    that stand alone (between two gaps) are drawn as one set of unjoined points: the same marks, but
    one plotext signal instead of one each (a SOWS chart over years has hundreds)."""
    alone_x: list[int] = []
    alone_y: list[float] = []
    for xs, ys in runs(values):
        if len(xs) == 1:
            alone_x += xs
            alone_y += ys
            continue
        line = fig.signal(xs, ys, marker=_marker(plt, symbol, colour), yside=yside)
        line.lines(True)
        fig.draw(line)
    if alone_x:
        points = fig.signal(alone_x, alone_y, marker=_marker(plt, symbol, colour), yside=yside)
        points.lines(False)
        fig.draw(points)


def _set_axis(fig: Any, side: str, found: Axis) -> None:
    ruler = fig.ruler("y", side)
    ruler.lim(0, found.high)
    ruler.ticks(found.ticks, found.labels)


def _draw_bars(plt: Any, fig: Any, values: Sequence[float | None], width: float) -> None:
    """One bar per position; plotext draws nothing for a 0 (an empty day has no bar). Every
    position is passed, as plotext sizes bars by the distance between neighbouring positions."""
    if any(values):
        heights = [float(v or 0.0) for v in values]
        bars = fig.bar(list(range(1, len(heights) + 1)), heights, marker=_marker(plt, "full", GRAMS_COLOR), width=width)
        fig.draw(bars)


def _sparse_ticks(labels: Sequence[str], width: int) -> tuple[list[int], list[str]]:
    """At most one label per ~(label width + 4) columns, always including the last."""
    if not labels:
        return [], []
    longest = max(len(label) for label in labels) + 4
    room = max(1, (width - 12) // longest)
    step = max(1, -(-len(labels) // room))
    picked = list(range(len(labels) - 1, -1, -step))[::-1]
    return [i + 1 for i in picked], [labels[i] for i in picked]


def _top(values: Sequence[float | None], floor: float) -> float:
    return max([floor] + [v for v in values if v is not None])


def _grams_and_allowance(plt: Any, fig: Any, grams: Sequence[float | None],
                         allowance: Sequence[float | None] | None, rows: int) -> None:
    """Grams per day as bars on the left axis, with a taper allowance as a line where a plan covers the day."""
    _draw_bars(plt, fig, grams, 0.6)
    _set_axis(fig, "left", axis(_top(list(grams) + list(allowance or []), 1.0), rows))
    if allowance is not None:
        _draw_line(plt, fig, allowance, "-", ALLOWANCE_COLOR)


def chart_week(
    days: list[str],
    grams: list[float | None],
    stress: list[float | None],
    *,
    width: int,
    color: bool,
    allowance: list[float | None] | None = None,
    height: int = MIN_HEIGHT,
) -> str:
    """Grams per day as bars (left axis) with mean stress 0–10 as a line (right axis)."""
    plt, fig = _figure(width, height)
    rows = height - FRAME_ROWS
    _grams_and_allowance(plt, fig, grams, allowance, rows)
    _draw_line(plt, fig, stress, "●", STRESS_COLOR, yside="right")
    _set_axis(fig, "right", axis(10, rows, fixed=True))
    labelled = [i for i, label in enumerate(days) if label]  # an empty label gets no tick (long periods)
    fig.ruler("x", "lower").ticks([i + 1 for i in labelled], [days[i] for i in labelled])
    fig.ruler("x", "lower").lim(0.4, len(days) + 0.6)
    fig.legend(False)  # a legend box would sit on the first bars; the title names each mark
    extra = " · - allowance" if allowance is not None else ""
    fig.title(f"█ grams per day (left, g) · ● mean stress 0-10 (right){extra}")
    return _text(fig, width, color)


def chart_lines(
    title: str,
    labels: list[str],
    series: dict[str, list[float | None]],
    *,
    width: int,
    color: bool,
    height: int = MIN_HEIGHT,
    scale: float | None = None,
) -> str:
    """One or more lines of ONE quantity over shared x labels; a missing value is a gap.
    `scale`: the top of a fixed scale (10 for a 0–10 rating, 64 for SOWS-16)."""
    plt, fig = _figure(width, height)
    rows = height - FRAME_ROWS
    top = 1.0
    names = []
    for n, (name, values) in enumerate(series.items()):
        symbol, colour = SERIES_MARKS[n % len(SERIES_MARKS)]
        names.append(f"{symbol} {name}")
        top = _top(values, top)
        _draw_line(plt, fig, values, symbol, colour)
    _set_axis(fig, "left", axis(scale, rows, fixed=True) if scale is not None else axis(top, rows))
    positions, shown = _sparse_ticks(labels, width)
    fig.ruler("x", "lower").ticks(positions, shown)
    fig.ruler("x", "lower").lim(0.5, max(1, len(labels)) + 0.5)
    fig.legend(False)  # a legend box would hide the oldest points; the title names each mark
    fig.title(f"{title}: {' · '.join(names)}" if len(names) > 1 else title)
    return _text(fig, width, color)


def chart_bars(
    title: str,
    labels: list[str],
    values: list[float],
    *,
    width: int,
    color: bool,
    height: int = MIN_HEIGHT,
) -> str:
    """Vertical bars of counts over sparse x labels (e.g. doses per clock hour)."""
    plt, fig = _figure(width, height)
    _draw_bars(plt, fig, values, 0.7)
    _set_axis(fig, "left", axis(_top(values, 1.0), height - FRAME_ROWS, whole=True))
    ticks, shown = _sparse_ticks(labels, width)
    fig.ruler("x", "lower").ticks(ticks, shown)
    fig.ruler("x", "lower").lim(0.4, len(labels) + 0.6)
    fig.title(title)
    return _text(fig, width, color)


def chart_plan(
    days: list[date],
    allowance: list[float | None],
    grams: list[float | None],
    *,
    width: int,
    color: bool,
    height: int = MIN_HEIGHT,
) -> str:
    """A taper plan: actual grams per day as bars, the plan's allowance as a step line (one point a day)."""
    plt, fig = _figure(width, height)
    _grams_and_allowance(plt, fig, grams, allowance, height - FRAME_ROWS)
    ticks, shown = _sparse_ticks([d.strftime("%d %b") for d in days], width)
    fig.ruler("x", "lower").ticks(ticks, shown)
    fig.ruler("x", "lower").lim(0.4, len(days) + 0.6)
    fig.legend(False)
    fig.title("█ grams per day (g) · - plan allowance")
    return _text(fig, width, color)
