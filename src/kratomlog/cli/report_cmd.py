"""`report`: a one-page weekly summary to share or print, as Markdown or self-contained HTML."""

from __future__ import annotations

from typing import Optional

import typer

from kratomlog.cli.edge import check_output, command, now, open_db, out
from kratomlog.core.invalid import Invalid

FORMATS = ("md", "html")


@command
def report(
    of: Optional[str] = typer.Option(None, "--of", help="The week containing this day (default: this week).", metavar="DAY"),
    fmt: str = typer.Option("md", "--format", "-f", help="md (Markdown) or html (a self-contained page).", metavar="md|html"),
    output: Optional[str] = typer.Option(None, "-o", "--output", help="Write to this file (mode 0600, written whole or not at all; default or '-': standard output).", metavar="FILE"),
    force: bool = typer.Option(False, "--force", help="Replace an existing file (never the database or its own files)."),
    include_notes: bool = typer.Option(False, "--include-notes", help="Include the week's free-text notes (left out by default)."),
) -> None:
    """A one-page weekly summary to share or print, as Markdown or a self-contained HTML page.

    It holds totals vs the week before, the day table, the chart, the warning signals and the latest
    questionnaire totals. No notes unless --include-notes; never a name.

    Example: kratomlog report --of 2026-11-16 --format html -o week.html
    """
    from datetime import timedelta

    from kratomlog.cli.review_cmds import load_week
    from kratomlog.core.days import days_range, today
    from kratomlog.core.shortids import short_id
    from kratomlog.core.signals import summary_line
    from kratomlog.core.when import parse_day
    from kratomlog.render import report_view
    from kratomlog.store.entries_read import list_entries
    from kratomlog.store.questionnaires import history
    from kratomlog.store.settings_store import load_settings
    from kratomlog.store.signal_reads import evaluate_signals
    from kratomlog.store.taper_store import allowances_for

    kind = fmt.strip().lower().replace("markdown", "md")
    if kind not in FORMATS:
        raise Invalid(f"--format takes md or html; got {fmt!r}")
    target = check_output(output, force, example=f"week.{kind}")
    current = now()
    db = open_db()
    settings = load_settings(db)
    day = parse_day(of, current, settings) if of is not None else today(current, settings)
    week = load_week(db, current, day, settings)
    # Signals as they stood at the end of that week (or now, for the current week).
    end_of_week = min(current, days_range(week.start, week.end, settings)[1] - 1)
    signals = evaluate_signals(db.conn, end_of_week, settings)
    latest: dict[str, object] = {}
    for row in history(db.conn):
        if row.at <= end_of_week and row.instrument not in latest:
            latest[row.instrument] = row
    notes = None
    if include_notes:
        start, end = days_range(week.start, week.end + timedelta(days=0), settings)
        notes = [
            (e.at, short_id(e.kind, e.id), e.fields["note"])
            for e in reversed(list_entries(db.conn, settings, since=start, until=end, limit=None))
            if e.fields.get("note")
        ]
    allowance = allowances_for(db, [d.day for d in week.days])
    parts = report_view.ReportParts(
        week=week, signals=signals, signal_summary=summary_line(signals), checks=list(latest.values()),
        notes=notes, allowance=allowance if any(a is not None for a in allowance) else None,
        generated=today(current, settings),
    )
    text = report_view.markdown(parts) if kind == "md" else report_view.html(parts)
    if target is None:
        typer.echo(text, nl=False)
        return
    from kratomlog.store.output_files import write_text

    write_text(target, text)
    out(f"Wrote the {kind} report for {week.start.isoformat()} to {week.end.isoformat()} to {target}")
