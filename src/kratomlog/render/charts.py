"""Terminal charts (plotext 6) as plain text: week and trends pictures, never wider than `width`.

plotext is imported inside each chart function (it costs ≈ 230 ms), and its one global figure is
cleared before every chart. plotext ignores NO_COLOR, so colour is decided by the caller: with
`color=False` the text carries no ANSI escapes at all.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Sequence

MIN_WIDTH = 30
GRAMS_COLOR = 12  # blue
STRESS_COLOR = 11  # yellow
SECOND_COLOR = 13  # magenta
ALLOWANCE_COLOR = 10  # green
# distinct symbols, so series stay apart without colour
SERIES_MARKS = (("●", GRAMS_COLOR), ("+", SECOND_COLOR), ("x", STRESS_COLOR), ("o", ALLOWANCE_COLOR))


def _figure(width: int, height: int) -> tuple[Any, Any]:
    import plotext as plt

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


def _present(values: Sequence[float | None]) -> tuple[list[int], list[float]]:
    xs = [i + 1 for i, v in enumerate(values) if v is not None]
    return xs, [float(values[i - 1]) for i in xs]  # type: ignore[arg-type]


def _sparse_ticks(labels: Sequence[str], width: int) -> tuple[list[int], list[str]]:
    """At most one label per ~(label width + 4) columns, always including the last."""
    if not labels:
        return [], []
    longest = max(len(label) for label in labels) + 4
    room = max(1, (width - 12) // longest)
    step = max(1, -(-len(labels) // room))
    picked = list(range(len(labels) - 1, -1, -step))[::-1]
    return [i + 1 for i in picked], [labels[i] for i in picked]


def _whole_ticks(top: float, most: int = 5) -> list[int]:
    """Evenly spaced whole numbers from 0 up to `top`: at most `most` of them, on a 1-2-5 step."""
    step = 1
    while top / step > most - 1:
        for factor in (2, 2.5, 2):
            step = int(step * factor)
            if top / step <= most - 1:
                break
    return list(range(0, int(top) + 1, step))


def _top(values: Sequence[float | None], floor: float) -> float:
    return max([floor] + [v for v in values if v is not None])


def _grams_and_allowance(plt: Any, fig: Any, grams: Sequence[float | None], allowance: Sequence[float | None] | None) -> None:
    """Grams per day as bars on the left axis, with a taper allowance as a step line when given."""
    heights = [g or 0.0 for g in grams]
    bars = fig.bar(list(range(1, len(heights) + 1)), heights, marker=_marker(plt, "full", GRAMS_COLOR), width=0.6)
    bars.label("grams")
    fig.draw(bars)
    fig.ruler("y", "left").lim(0, _top(heights + list(allowance or []), 1.0) * 1.15)
    if allowance is not None:
        xs, ys = _present(allowance)
        if xs:
            line = fig.signal(xs, ys, marker=_marker(plt, "-", ALLOWANCE_COLOR))
            line.lines()
            line.label("allowance")
            fig.draw(line)


def chart_week(
    days: list[str],
    grams: list[float | None],
    stress: list[float | None],
    *,
    width: int,
    color: bool,
    allowance: list[float | None] | None = None,
    height: int = 14,
) -> str:
    """Grams per day as bars (left axis) with mean stress 0–10 as a line (right axis)."""
    plt, fig = _figure(width, height)
    _grams_and_allowance(plt, fig, grams, allowance)
    xs, ys = _present(stress)
    if xs:
        line = fig.signal(xs, ys, marker=_marker(plt, "●", STRESS_COLOR), yside="right")
        line.lines()
        line.label("stress 0-10")
        fig.draw(line)
    fig.ruler("y", "right").lim(0, 10)
    labelled = [i for i, label in enumerate(days) if label]  # an empty label gets no tick (long periods)
    fig.ruler("x", "lower").ticks([i + 1 for i in labelled], [days[i] for i in labelled])
    fig.ruler("x", "lower").lim(0.4, len(days) + 0.6)
    fig.legend(False)  # a legend box would sit on the first bars; the title names each mark
    extra = " · - allowance" if allowance is not None else ""
    fig.title(f"█ grams per day · ● mean stress 0-10 (right){extra}")
    return _text(fig, width, color)


def chart_lines(
    title: str,
    labels: list[str],
    series: dict[str, list[float | None]],
    *,
    width: int,
    color: bool,
    height: int = 12,
    ylim: tuple[float, float] | None = None,
) -> str:
    """One or more lines over shared x labels (missing values leave gaps in the points)."""
    plt, fig = _figure(width, height)
    top = 1.0
    names = []
    for n, (name, values) in enumerate(series.items()):
        symbol, colour = SERIES_MARKS[n % len(SERIES_MARKS)]
        names.append(f"{symbol} {name}")
        xs, ys = _present(values)
        if not xs:
            continue
        top = max(top, max(ys))
        line = fig.signal(xs, ys, marker=_marker(plt, symbol, colour))
        line.lines(len(xs) > 1)
        fig.draw(line)
    low, high = ylim if ylim is not None else (0.0, top * 1.15)
    fig.ruler("y", "left").lim(low, high)
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
    height: int = 12,
) -> str:
    """Vertical bars over sparse x labels (e.g. doses per clock hour)."""
    plt, fig = _figure(width, height)
    positions = list(range(1, len(labels) + 1))
    bars = fig.bar(
        positions,
        [float(v) for v in values],
        marker=_marker(plt, "full", GRAMS_COLOR),
        width=0.7,
    )
    fig.draw(bars)
    top = _top(values, 1.0) * 1.1
    fig.ruler("y", "left").lim(0, top)
    ticks = _whole_ticks(top)
    fig.ruler("y", "left").ticks(ticks, [str(t) for t in ticks])  # counts, never "1.4e3"
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
    height: int = 14,
) -> str:
    """A taper plan: actual grams per day as bars, the plan's allowance as a step line (one point a day)."""
    plt, fig = _figure(width, height)
    _grams_and_allowance(plt, fig, grams, allowance)
    ticks, shown = _sparse_ticks([d.strftime("%d %b") for d in days], width)
    fig.ruler("x", "lower").ticks(ticks, shown)
    fig.ruler("x", "lower").lim(0.4, len(days) + 0.6)
    fig.legend(False)
    fig.title("█ grams per day · - plan allowance")
    return _text(fig, width, color)
