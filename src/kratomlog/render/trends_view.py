"""The `trends` screen: one row per week (the `week` totals) and charts of use, stress and craving,
SOWS totals, time of day of doses and strain shares. Prints through the Rich `Console` it is given."""

from __future__ import annotations

from datetime import timedelta

from rich.console import Console
from rich.table import Table
from rich.text import Text

from kratomlog.core.numbers import fixed
from kratomlog.core.weekly import StrainShare, TrendsReport
from kratomlog.render.user_text import user_text
from kratomlog.render.week_view import (
    TOTAL_ROWS,
    console_chart_height,
    empty_message,
    fmt,
    has_color,
    is_narrow,
    print_chart,
    strains_line,
    today_line,
)

BAR = "█"


WEEK_HEADERS = ("Week of", "Days used", "Doses", "Grams", "g/use-day", "g/day", "Stress", "Craving", "Pain")
NARROW_HEADERS = ("Week of", "Days", "Doses", "Grams", "g/use", "g/day", "Stress", "Crav.", "Pain")


def weeks_table(report: TrendsReport, narrow: bool = False) -> Text:
    """One row per week, columns padded by hand: a Rich Table measures every cell, which takes
    ≈ 0.4 s for 520 weeks; this is the same layout in a few milliseconds. Narrow: shorter
    headers and dates, one space between columns; the figures are never shortened."""
    headers, date_pattern, gap = (NARROW_HEADERS, "%d %b %y", " ") if narrow else (WEEK_HEADERS, "%d %b %Y", "  ")
    rows = [
        [w.start.strftime(date_pattern) + (" *" if w.in_progress else "")]
        + [fmt(getattr(w.totals, key), pattern) for _, key, pattern in TOTAL_ROWS]
        for w in report.weeks
    ]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]

    def line(cells) -> str:
        first = cells[0].ljust(widths[0])
        return gap.join([first] + [c.rjust(n) for c, n in zip(cells[1:], widths[1:])]).rstrip()

    text = Text(line(headers), style="bold")
    text.append("\n" + "\n".join(line(r) for r in rows), style="")
    return text


def strain_bars(strains: list[StrainShare], width: int) -> Table:
    table = Table(show_header=False, show_edge=False, pad_edge=False, box=None)
    table.add_column("strain", max_width=24, overflow="ellipsis", no_wrap=True)
    table.add_column("share", justify="right")
    table.add_column("bar", no_wrap=True)
    room = max(10, width - 40)
    for s in strains:
        table.add_row(user_text(s.name, newlines=False), f"{fixed(s.share * 100, 0)}% {fixed(s.grams, 1)} g", Text(BAR * max(1, round(s.share * room)), style="blue"))
    return table


def label_pattern(report: TrendsReport) -> str:
    """Chart labels: day and month within a year; month and year beyond, so years cannot be confused."""
    return "%d %b" if len(report.weeks) <= 52 else "%b %Y"


def from_first_entry(report: TrendsReport) -> tuple[TrendsReport, int]:
    """The report without the weeks that end before the first entry ever, and how many were dropped."""
    first = report.first_entry_day
    if first is None:
        return report, 0
    kept = [w for w in report.weeks if w.end >= first]
    return report._replace(weeks=kept), len(report.weeks) - len(kept)


def render_trends(
    console: Console, report: TrendsReport, *, chart: bool, allowance: list[float | None] | None = None
) -> None:
    """Print the trends screen (or one friendly line when there is nothing to show). `allowance` is
    the taper plan's mean allowance per week (None where no plan covered the week)."""
    if report.is_empty:
        console.print(Text(empty_message(report)), highlight=False)
        return
    n = len(report.weeks)
    console.print(Text(f"Last {n} week{'s' if n != 1 else ''}", style="bold"), highlight=False)
    before = len(report.weeks)
    report, hidden = from_first_entry(report)
    if allowance is not None:
        allowance = allowance[before - len(report.weeks):]
    if hidden:
        console.print(
            Text(
                f"The {hidden} week{'s' if hidden != 1 else ''} before your first entry "
                f"({report.first_entry_day:%d %b %Y}) {'are' if hidden != 1 else 'is'} left out.",
                style="dim",
            ),
            highlight=False,
        )
    table = weeks_table(report, is_narrow(console.width))
    # never cropped: if even the narrow form is wider than the terminal, the terminal wraps it
    console.print(table, no_wrap=True, crop=False, overflow="ignore")
    if any(w.in_progress for w in report.weeks):
        console.print(Text("* in progress: finished days only", style="dim"), highlight=False)
    if chart:
        for text in trend_charts(report, width=console.width, color=has_color(console),
                                 height=console_chart_height(console), allowance=allowance):
            console.print()
            print_chart(console, text)
    console.print()
    partial = report.today_so_far is not None  # today is in these weeks: its figures come apart
    if chart and report.strains:
        title = "Strain shares of grams" + (" (finished days)" if partial else "")
        console.print(Text(title, style="bold"), highlight=False)
        console.print(strain_bars(report.strains, console.width))
    else:
        console.print(user_text(strains_line(report.strains, "Strains (finished days)" if partial else "Strains")), highlight=False)
    if report.today_so_far is not None:
        console.print(user_text(today_line(report.today_so_far)), highlight=False)

def trend_charts(
    report: TrendsReport, *, width: int, color: bool, height: int, allowance: list[float | None] | None = None
) -> list[str]:
    """The trends charts, one quantity per axis: grams a day (with a taper allowance), doses a day,
    ratings 0–10, SOWS-16 totals 0–64 (when any), doses by hour of day (when any)."""
    from kratomlog.render.charts import chart_bars, chart_lines

    pattern = label_pattern(report)
    labels = [w.start.strftime(pattern) for w in report.weeks]
    grams: dict[str, list[float | None]] = {"grams": [w.totals.mean_grams_per_day for w in report.weeks]}
    if allowance and any(a is not None for a in allowance):
        grams["taper allowance"] = allowance
    texts = [
        chart_lines("grams per day, weekly mean (g)", labels, grams, width=width, color=color, height=height),
        chart_lines("doses per day, weekly mean", labels, {"doses": [w.totals.mean_doses_per_day for w in report.weeks]},
                    width=width, color=color, height=height),
        chart_lines("weekly mean rating (0-10)", labels, {"stress": report.mean_stress, "craving": report.mean_craving},
                    width=width, color=color, height=height, scale=10),
    ]
    if report.sows:
        first = report.weeks[0].start
        span = (report.weeks[-1].end - first).days + 1
        totals: list[float | None] = [None] * span
        for day, total in report.sows:
            if 0 <= (day - first).days < span:
                totals[(day - first).days] = total
        day_labels = [(first + timedelta(days=i)).strftime(pattern) for i in range(span)]
        texts.append(chart_lines("SOWS-16 totals (0-64; no severity bands; partial check-ins have no total)", day_labels, {"SOWS": totals},
                                 width=width, color=color, height=height, scale=64))
    if sum(report.hours):
        texts.append(chart_bars("doses by hour of day (count)", [f"{h:02d}" for h in range(24)], report.hours,
                                width=width, color=color, height=height))
    return texts
