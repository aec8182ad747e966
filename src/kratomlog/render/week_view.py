"""The `week` screen: day-by-day table, totals beside last week, grams/stress chart, strain shares.

Prints through a Rich `Console` the CLI makes (it decides `no_color` and `width`). Colour appears only
where that console has colour; arrows carry the direction without it.
"""

from __future__ import annotations

from datetime import date

from rich.console import Console
from rich.table import Table
from rich.text import Text

from kratomlog.core.numbers import fixed, round_half_up
from kratomlog.core.weekly import DaySummary, StrainShare, TodaySoFar, Totals, TrendsReport, WeekReport
from kratomlog.render.user_text import user_text
from kratomlog.render.console import NARROW_BELOW

UP_STYLE = "yellow"  # more than before: noted calmly, not alarmed
DOWN_STYLE = "green"
SAME_STYLE = "dim"

TODAY_MARK = "•"
TOTAL_ROWS = (
    ("days used", "days_used", "{:.0f}"),
    ("doses", "doses", "{:.0f}"),
    ("grams", "grams", "{:.1f}"),
    ("grams per use-day", "mean_grams_per_use_day", "{:.2f}"),
    ("grams per day", "mean_grams_per_day", "{:.2f}"),
    ("mean stress", "mean_stress", "{:.1f}"),
    ("mean craving", "mean_craving", "{:.1f}"),
    ("mean pain", "mean_pain", "{:.1f}"),
)


def has_color(console: Console) -> bool:
    return console.color_system is not None and not console.no_color


def _places(pattern: str) -> int | None:
    """2 for "{:.2f}"; None for any other pattern."""
    if pattern.startswith("{:.") and pattern.endswith("f}") and pattern[3:-2].isdigit():
        return int(pattern[3:-2])
    return None


def fmt(value: float | int | None, pattern: str = "{:.1f}") -> str:
    """A table number: "{:.Nf}" patterns round half up (core.numbers), others format as given."""
    if value is None:
        return ""
    places = _places(pattern)
    return pattern.format(value) if places is None else fixed(value, places)


def change_cell(now: float | None, before: float | None, pattern: str = "{:.1f}") -> Text:
    """↑/↓/→ and the difference of the two figures as shown (so it adds up on paper); up in a calm
    yellow, down green, nothing when either side is missing."""
    if now is None or before is None:
        return Text("")
    places = _places(pattern)
    diff = now - before if places is None else round_half_up(now, places) - round_half_up(before, places)
    shown = fmt(abs(diff), pattern)
    if float(shown) == 0:
        return Text("→ same", style=SAME_STYLE)
    if diff > 0:
        return Text(f"↑ +{shown}", style=UP_STYLE)
    return Text(f"↓ −{shown}", style=DOWN_STYLE)


def day_label(day: date) -> str:
    return day.strftime("%a %d %b")


def short_range(start: date, end: date) -> str:
    return f"{start.strftime('%a %d %b')} – {end.strftime('%a %d %b %Y')}"


def empty_message(report: WeekReport | TrendsReport) -> str:
    """One friendly line for an empty database or an empty period."""
    if report.first_entry_day is None:
        return "Nothing logged yet — log a dose or a stress rating and it will show here."
    if isinstance(report, WeekReport):
        return f"Nothing logged in the week {short_range(report.start, report.end)}."
    if report.weeks:
        return f"Nothing logged between {report.weeks[0].start} and {report.weeks[-1].end}."
    return "Nothing logged in these weeks."


def strains_line(strains: list[StrainShare], title: str = "Strains", name=str) -> str:
    """Plain text (print it as `user_text`); `name` shapes each strain name, e.g. Markdown-escaped."""
    if not strains:
        return f"{title}: none logged."
    parts = [f"{name(s.name)} {fixed(s.share * 100, 0)}% ({fixed(s.grams, 1)} g)" for s in strains]
    return f"{title}: " + " · ".join(parts)


def finished_strains_title(compared_days: int) -> str:
    return f"Strains over the {compared_days} finished day{'s' if compared_days != 1 else ''}"


def today_line(today: TodaySoFar) -> str:
    """Today's partial figures, labelled as such and kept apart from the totals."""
    if not today.doses:
        return "Today so far (partial, not in the totals): no doses logged yet"
    doses = f"{today.doses} dose{'s' if today.doses != 1 else ''}"
    line = f"Today so far (partial, not in the totals): {doses} · {fixed(today.grams, 1)} g"
    if today.strains:
        line += " — " + " · ".join(f"{s.name} {fixed(s.grams, 1)} g" for s in today.strains)
    return line


def strains_lines(strains: list[StrainShare], compared_days: int, today: TodaySoFar | None) -> list[str]:
    """The strains over the totals' days, then today's partial figures apart when today is included."""
    if today is None:
        return [strains_line(strains)]
    lines = [strains_line(strains, finished_strains_title(compared_days))] if compared_days else []
    return lines + [today_line(today)]


def is_narrow(width: int) -> bool:
    """Below 80 columns labels shorten (`Sun 29`, today as a mark) so that no number is cut."""
    return width < NARROW_BELOW


def _day_row(d: DaySummary, today: date, narrow: bool = False) -> list[str | Text]:
    if narrow:
        label = d.day.strftime("%a %d") + (f" {TODAY_MARK}" if d.is_today else "")
    else:
        label = day_label(d.day) + (" (today)" if d.is_today else "")
    if d.day > today:
        return [Text(label, style="dim")] + [""] * 8
    if not d.has_data:
        return [Text(label, style="dim"), Text("no data", style="dim")] + [""] * 7
    if d.no_use and not d.doses:
        doses: str | Text = Text("no-use" if narrow else "no-use day", style="green")
    else:
        doses = fmt(d.doses or None, "{:d}")
    return [
        Text(label, style="bold") if d.is_today else label,
        doses,
        fmt(d.grams or None),
        fmt(d.mitragynine_mg or None, "{:.0f}") if d.doses else "",
        d.first_dose or "",
        fmt(d.mean_stress),
        fmt(d.mean_craving),
        fmt(d.mean_pain),
        fmt(d.sows, "{:d}"),
    ]


def days_table(report: WeekReport, narrow: bool = False) -> Table:
    """Numbers never wrap nor shrink; on a narrow terminal the padding between columns is one space."""
    table = Table(title=None, show_edge=False, pad_edge=False, box=None, header_style="bold", collapse_padding=narrow)
    rows = [_day_row(d, report.today, narrow) for d in report.days]
    for i, name in enumerate(("Day", "Doses", "Grams", "mg*", "First", "Stress", "Craving", "Pain", "SOWS")):
        widest = max([len(name)] + [len(str(r[i])) for r in rows])
        table.add_column(name, justify="left" if name in ("Day", "Doses") else "right", no_wrap=True, min_width=widest)
    for row in rows:
        table.add_row(*row)
    return table


def totals_table(totals: Totals, previous: Totals, now_title: str, before_title: str) -> Table:
    """Labels and titles may wrap on a narrow terminal; the figures never do."""
    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    rows = []
    for label, key, pattern in TOTAL_ROWS:
        now, before = getattr(totals, key), getattr(previous, key)
        rows.append((label, fmt(now, pattern), fmt(before, pattern), change_cell(now, before, pattern)))
    table.add_column("")
    for i, (title, justify) in enumerate(((now_title, "right"), (before_title, "right"), ("Change", "left")), start=1):
        widest = max(len(str(r[i])) for r in rows)  # the figures; a title may wrap
        table.add_column(title, justify=justify, no_wrap=i == 3, min_width=max(widest, 6 if i == 3 else 0))
    for row in rows:
        table.add_row(*row)
    return table


def print_table(console: Console, table: Table) -> None:
    """A table at the console's width, or — when even its narrowest form is wider — at that width
    (the terminal wraps the lines; no figure is ever cut)."""
    need = console.measure(table, options=console.options.update_width(10_000)).minimum
    if need <= console.width:
        console.print(table)
        return
    width = console.width
    console.width = need  # Rich never prints wider than its console: widen it for this table only
    try:
        console.print(table)
    finally:
        console.width = width


def print_chart(console: Console, text: str) -> None:
    body = Text.from_ansi(text) if has_color(console) else Text(text)
    console.print(body, no_wrap=True, overflow="crop", crop=True)


def render_week(
    console: Console,
    report: WeekReport,
    *,
    chart: bool,
    signal_summary: str | None = None,
    allowance: list[float | None] | None = None,
) -> None:
    """Print the whole week screen (or one friendly line when there is nothing to show)."""
    if report.is_empty:
        console.print(Text(empty_message(report)), highlight=False)
        if signal_summary:
            console.print(Text(signal_summary), highlight=False)
        return
    title = f"Week {short_range(report.start, report.end)}"
    if report.in_progress:
        title += " · in progress"
    narrow = is_narrow(console.width)
    console.print(Text(title, style="bold"), highlight=False)
    print_table(console, days_table(report, narrow))
    if narrow and report.in_progress:
        console.print(Text(f"{TODAY_MARK} today (partial)", style="dim"), highlight=False)
    console.print(
        Text("* mg: estimated mitragynine (label value, or 1.5% of leaf; Tanna 2022)", style="dim"),
        highlight=False,
    )
    console.print()
    if report.in_progress:
        n = report.compared_days
        if n == 0:
            console.print("No finished day yet this week; the comparison starts tomorrow.", highlight=False)
        else:
            console.print(
                f"Comparing the {n} finished day{'s' if n != 1 else ''} of this week with the same days last week.",
                highlight=False,
            )
        now_title, before_title = "This week so far", "Same days last week"
    else:
        now_title, before_title = "This week", "Last week"
    if report.compared_days:
        titles = ("This week", "Last week") if narrow else (now_title, before_title)  # the line above says which days
        print_table(console, totals_table(report.totals, report.previous, *titles))
        if report.previous.days_counted == 0:
            console.print(
                Text(f"Nothing to compare with: {before_title.lower()} came before your first entry.", style="dim"),
                highlight=False,
            )
    if chart:
        console.print()
        print_chart(
            console,
            chart_week_for(report, width=console.width, color=has_color(console), allowance=allowance,
                           height=console_chart_height(console)),
        )
    console.print()
    for line in strains_lines(report.strains, report.compared_days, report.today_so_far):
        console.print(user_text(line), highlight=False)
    if signal_summary:
        console.print()
        console.print(Text(signal_summary), highlight=False)


def console_chart_height(console: Console) -> int:
    """Chart height for this console: grows with a terminal's height; fixed when not a terminal."""
    from kratomlog.render.charts import chart_height

    return chart_height(console.height if console.is_terminal else None)


def chart_week_for(
    report: WeekReport, *, width: int, color: bool, allowance: list[float | None] | None = None,
    height: int | None = None,
) -> str:
    """The week chart from a report: future days and days before the first entry stay empty."""
    from kratomlog.render.charts import MIN_HEIGHT, chart_week

    return chart_week(
        [d.day.strftime("%a %d") for d in report.days],
        [d.grams for d in report.days],
        [d.mean_stress for d in report.days],
        width=width,
        color=color,
        allowance=allowance,
        height=height or MIN_HEIGHT,
    )


def seven_oh_line(by_day) -> str:
    """`7-OH this week (from label content): 60 mg over 2 days — Tue 30 mg, Wed 30 mg`."""
    from kratomlog.core.numbers import number_text

    days = sorted(by_day)
    each = ", ".join(f"{d:%a} {number_text(by_day[d], 1)} mg" for d in days)
    total = sum(by_day.values())
    return (f"7-OH this week (estimated from label content): {number_text(total, 1)} mg over "
            f"{len(days)} day{'s' if len(days) != 1 else ''} — {each}")
