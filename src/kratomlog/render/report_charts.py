"""The report's charts as inline SVG, drawn by matplotlib's SVG backend with text kept as text
(`svg.fonttype: none`), so the page stays searchable and prints crisply. Black-and-white safe: bars
are grey with a black edge, lines differ by dash and marker, not by colour alone.

matplotlib is imported here only, inside the functions (≈ 350 ms): never on the logging path.
Each SVG gets a `<title>` and `<desc>` and ids prefixed per chart, so several can share one page.
"""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from typing import Sequence
from xml.sax.saxutils import escape

STYLE = {
    "svg.fonttype": "none",  # text stays <text>, not paths
    "svg.hashsalt": "kratomlog-report",  # stable ids from run to run
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"],
    "font.size": 7.5,
    "axes.titlesize": 8.5,
    "axes.labelsize": 7.5,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "legend.fontsize": 7,
    "axes.linewidth": 0.6,
    "lines.linewidth": 1.2,
    "axes.spines.top": False,
}
INK = "#000000"
BAR = "#b8b8b8"


def _day_ticks(first: date, count: int) -> tuple[list[int], list[str]]:
    """A tick at most every 7 days (more for long periods), labelled like '2 Nov'."""
    step = 7 * max(1, -(-count // 63))
    picks = list(range(0, count, step))
    return picks, [_short(first + timedelta(days=i)) for i in picks]


def _short(day: date) -> str:
    return f"{day.day} {day:%b}"


def _svg(fig, prefix: str, title: str, desc: str) -> str:
    buffer = io.StringIO()
    # Fixed margins instead of bbox_inches="tight", which draws the whole figure twice.
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    text = text[text.index("<svg"):]  # drop the XML declaration and DOCTYPE: the SVG is inline
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.S)
    text = re.sub(r'id="([^"]+)"', rf'id="{prefix}-\1"', text)
    text = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", text)
    text = re.sub(r'href="#([^"]+)"', rf'href="#{prefix}-\1"', text)
    head_end = text.index(">") + 1
    head = text[:head_end].replace("<svg ", f'<svg role="img" aria-labelledby="{prefix}-title {prefix}-desc" ', 1)
    labels = f'\n <title id="{prefix}-title">{escape(title)}</title>\n <desc id="{prefix}-desc">{escape(desc)}</desc>'
    return head + labels + text[head_end:]


def grams_chart(
    first: date,
    grams: Sequence[float | None],
    stress: Sequence[float | None],
    allowance: Sequence[float | None] | None,
    *,
    width_in: float = 5.4,
    height_in: float = 1.75,
) -> str:
    """Grams per day as bars (left axis) with mean stress 0–10 as a line (right axis) and, when a
    taper plan covers the period, its allowance as a step line. A day with no data has no bar."""
    import matplotlib
    from matplotlib.figure import Figure

    count = len(grams)
    xs = list(range(count))
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(width_in, height_in))
        fig.subplots_adjust(left=0.085, right=0.9, bottom=0.2, top=0.86)
        ax = fig.subplots()
        shown = [(x, g) for x, g in zip(xs, grams) if g is not None]
        ax.bar([x for x, _ in shown], [g for _, g in shown], width=0.75, color=BAR, edgecolor=INK, linewidth=0.4,
               label="grams per day")
        top = max([g for _, g in shown] + [a for a in (allowance or []) if a is not None] + [1.0])
        if allowance is not None and any(a is not None for a in allowance):
            ys = [float("nan") if a is None else a for a in allowance]
            ax.step(xs, ys, where="mid", color=INK, linestyle=(0, (4, 1.5)), linewidth=1.1, label="taper allowance")
        ax.set_ylim(0, top * 1.15)
        ax.set_ylabel("grams per day (g)")
        ax.set_xlim(-0.6, count - 0.4)
        ticks, labels = _day_ticks(first, count)
        ax.set_xticks(ticks, labels)
        ax.set_xlabel("day (ticks on " + first.strftime("%A") + "s)" if count > 7 else "day")
        right = ax.twinx()
        right.spines["top"].set_visible(False)
        points = [(x, s) for x, s in zip(xs, stress) if s is not None]
        ys = [float("nan") if s is None else s for s in stress]
        right.plot(xs, ys, color=INK, linewidth=1.0, marker="o", markersize=2.6, markerfacecolor="white",
                   label="mean stress (0–10)")
        right.set_ylim(0, 10.5)
        right.set_yticks([0, 2, 4, 6, 8, 10])
        right.set_ylabel("mean stress (0–10)")
        handles = ax.get_legend_handles_labels()
        more = right.get_legend_handles_labels()
        ax.legend(handles[0] + more[0], handles[1] + more[1], loc="upper left", ncols=3, frameon=False,
                  bbox_to_anchor=(0, 1.16), handlelength=1.8, columnspacing=1.2)
        used = [g for _, g in shown if g > 0]
        desc = (
            f"{count} days from {first.isoformat()}: {len(used)} days with use, most {max(used, default=0):.1f} g in a day; "
            f"mean stress logged on {len(points)} days"
            + ("; the taper allowance is drawn as a dashed step line" if allowance is not None else "")
            + "."
        )
        return _svg(fig, "grams", "Grams per day with mean stress", desc)


def sows_chart(
    first: date,
    count: int,
    points: Sequence[tuple[int, int | None]],
    *,
    width_in: float = 2.7,
    height_in: float = 1.75,
) -> str:
    """SOWS-16 totals over the period (0–64) as points joined by a line; partial check-ins (not
    totalled) as open triangles on the axis. `points` are (day index, total or None)."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(width_in, height_in))
        fig.subplots_adjust(left=0.17, right=0.97, bottom=0.2, top=0.86)
        ax = fig.subplots()
        full = [(x, t) for x, t in points if t is not None]
        partial = [x for x, t in points if t is None]
        if full:
            ax.plot([x for x, _ in full], [t for _, t in full], color=INK, marker="s", markersize=3,
                    markerfacecolor=INK, linewidth=1.0, label="SOWS-16 total")
        if partial:
            ax.plot(partial, [0.8] * len(partial), linestyle="none", marker="^", markersize=4, markerfacecolor="white",
                    color=INK, label="partial check-in (no total)")
        top = max([t for _, t in full] + [16])
        ax.set_ylim(0, min(64, top * 1.25 + 2))
        ax.set_ylabel("SOWS-16 total (0–64)")
        ax.set_xlim(-0.6, count - 0.4)
        ticks, labels = _day_ticks(first, count)
        if len(ticks) > 3:
            ticks, labels = ticks[::2], labels[::2]
        ax.set_xticks(ticks, labels)
        ax.set_xlabel("day")
        ax.legend(loc="upper left", frameon=False, bbox_to_anchor=(0, 1.16), handlelength=1.5)
        totals = [t for _, t in full]
        desc = (
            f"{len(totals)} SOWS-16 totals in the period"
            + (f", from {totals[0]} to {totals[-1]} (highest {max(totals)})" if totals else "")
            + (f"; {len(partial)} partial check-ins are marked and not totalled" if partial else "")
            + "."
        )
        return _svg(fig, "sows", "SOWS-16 withdrawal totals over time", desc)
