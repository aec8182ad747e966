"""The one-page weekly report, as Markdown or as a self-contained HTML file (a recorded Rich console).

It holds the week's totals beside the previous week, the day table, the chart, the warning signals
and the latest questionnaire totals; notes only when asked; never a name.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from kratomlog.core.clock import show_local
from kratomlog.core.texts import HELP_INTRO, HELP_LINES
from kratomlog.render.week_view import TOTAL_ROWS, chart_week_for, fmt, short_range, strains_line

INSTRUMENT_NAMES = {"sows": "SOWS-16 (withdrawal, 0–64)", "dsm5": "DSM-5 self-check (criteria, 0–11)", "pss10": "PSS-10 (stress, 0–40)"}
FOOTER = "Self-reported data; not a diagnosis."


@dataclass(frozen=True)
class ReportParts:
    week: object  # core.weekly.WeekReport
    signals: list  # core.signals.SignalResult
    signal_summary: str
    checks: list  # store.questionnaires.HistoryRow, the latest of each instrument
    notes: list[tuple[int, str, str]] | None  # (at, short id, note) when --include-notes
    allowance: list[float | None] | None
    generated: date


def _period(parts: ReportParts) -> str:
    week = parts.week
    text = f"{week.start.isoformat()} to {week.end.isoformat()}"
    return text + (" (in progress)" if week.in_progress else "")


def _footer(parts: ReportParts) -> str:
    return f"Period {_period(parts)} · generated {parts.generated.isoformat()} by kratomlog · {FOOTER}"


def _check_line(row) -> str:
    change = "" if row.change is None else f" (change {row.change:+d})"
    return f"{INSTRUMENT_NAMES.get(row.instrument, row.instrument)}: {row.total}{change} on {show_local(row.at)}"


def _md_cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def markdown(parts: ReportParts) -> str:
    week = parts.week
    lines = [f"# kratomlog weekly report — {short_range(week.start, week.end)}", ""]
    if week.in_progress:
        lines += [f"The week is in progress: totals compare its {week.compared_days} finished day(s) with the same days of the week before.", ""]
    lines += ["## Totals", "", "| | This week | Week before |", "|---|---:|---:|"]
    for label, key, pattern in TOTAL_ROWS:
        lines.append(f"| {label} | {fmt(getattr(week.totals, key), pattern)} | {fmt(getattr(week.previous, key), pattern)} |")
    lines += ["", "## Day by day", "", "| Day | Doses | Grams | mg* | First | Stress | Craving | Pain | SOWS |", "|---|---:|---:|---:|---|---:|---:|---:|---:|"]
    for d in week.days:
        label = d.day.strftime("%a %d %b")
        if d.day > week.today:
            cells = [""] * 8
        elif not d.has_data:
            cells = ["no data"] + [""] * 7
        elif d.no_use and not d.doses:
            cells = ["no-use day"] + [""] * 7
        else:
            cells = [
                fmt(d.doses or None, "{:d}"), fmt(d.grams or None), fmt(d.mitragynine_mg or None, "{:.0f}") if d.doses else "",
                d.first_dose or "", fmt(d.mean_stress), fmt(d.mean_craving), fmt(d.mean_pain), fmt(d.sows, "{:d}"),
            ]
        lines.append("| " + " | ".join([label, *cells]) + " |")
    lines += ["", "\\* mg: estimated mitragynine (label value, or 1.5% of leaf).", ""]
    lines += ["## Grams per day and stress", "", "```", chart_week_for(week, width=78, color=False, allowance=parts.allowance), "```", ""]
    lines += [strains_line(week.strains), ""]
    lines += ["## Warning signals", "", parts.signal_summary, ""]
    for result in parts.signals:
        if result.status == "active":
            lines.append(f"- **{result.title}** ({result.level}, {result.basis}): {_md_cell(result.message)} — source: {result.source}")
    if any(r.status == "active" for r in parts.signals):
        lines += ["", HELP_INTRO, ""] + [f"- {line}" for line in HELP_LINES]
    lines += ["", "## Latest questionnaires", ""]
    lines += [f"- {_check_line(row)}" for row in parts.checks] or ["- none taken"]
    lines += ["", "A screen is not a diagnosis."]
    if parts.notes is not None:
        lines += ["", "## Notes", ""]
        lines += [f"- {show_local(at)} ({sid}): {_md_cell(text)}" for at, sid, text in parts.notes] or ["- no notes this week"]
    lines += ["", "---", "", _footer(parts), ""]
    return "\n".join(lines)


def html(parts: ReportParts) -> str:
    from rich.console import Console
    from rich.text import Text

    from kratomlog.render.signals_view import signals_panel
    from kratomlog.render.week_view import render_week

    console = Console(record=True, width=100, file=io.StringIO(), color_system="truecolor", force_terminal=True)
    console.print(Text("kratomlog weekly report", style="bold"), highlight=False)
    render_week(console, parts.week, chart=True, signal_summary=None, allowance=parts.allowance)
    console.print()
    console.print(signals_panel(parts.signals))
    console.print()
    console.print(Text("Latest questionnaires", style="bold"), highlight=False)
    for row in parts.checks or []:
        console.print(_check_line(row), highlight=False)
    if not parts.checks:
        console.print("none taken", highlight=False)
    console.print("A screen is not a diagnosis.", highlight=False)
    if parts.notes is not None:
        console.print()
        console.print(Text("Notes", style="bold"), highlight=False)
        for at, sid, text in parts.notes:
            console.print(f"{show_local(at)} ({sid}): {text}", highlight=False, markup=False)
        if not parts.notes:
            console.print("no notes this week", highlight=False)
    console.print()
    console.print(Text(f"Period {_period(parts)} · generated {parts.generated.isoformat()} by kratomlog", style="dim"), highlight=False)
    console.print(Text(FOOTER, style="dim"), highlight=False)
    page = console.export_html(inline_styles=True)
    title = f"<title>kratomlog weekly report {_period(parts)}</title>"
    return page.replace("<head>", "<head>\n" + title, 1)
