"""`report`: the clinician's one-page report (default: the last 4 finished weeks), as Markdown or a
self-contained, print-ready HTML page with charts; nothing identifying unless consented."""

from __future__ import annotations

from typing import List, Optional

import typer

from kratomlog.cli.edge import check_output, command, now, open_db, out, state
from kratomlog.core.invalid import Invalid

FORMATS = ("md", "html")


@command
def report(
    weeks: Optional[str] = typer.Option(None, "--weeks", "-w", help="The last N finished weeks, 1–52 (default 4); the week in progress never counts.", metavar="N"),
    first: Optional[str] = typer.Option(None, "--from", help="First day of a chosen period (with --to): 2026-11-02, '30d ago'.", metavar="DATE"),
    last: Optional[str] = typer.Option(None, "--to", help="Last day of a chosen period (with --from), today at the latest.", metavar="DATE"),
    of: Optional[str] = typer.Option(None, "--of", help="The one calendar week containing this day.", metavar="DAY"),
    fmt: str = typer.Option("md", "--format", "-f", help="md (Markdown, for notes) or html (one printable page with charts).", metavar="md|html"),
    output: Optional[str] = typer.Option(None, "-o", "--output", help="Write to this file, readable only by you, whole or not at all (default or '-': standard output).", metavar="FILE"),
    force: bool = typer.Option(False, "--force", help="Replace an existing file (never the database or its own files)."),
    include: Optional[List[str]] = typer.Option(None, "--include", help="Also include notes and/or other-substances (names of other substances); strains are included unless excluded.", metavar="WHAT"),
    exclude: Optional[List[str]] = typer.Option(None, "--exclude", help="Leave out strains: product names become 'product A', 'product B'….", metavar="WHAT"),
    include_notes: bool = typer.Option(False, "--include-notes", hidden=True, help="Same as --include notes (kept from 0.1.0)."),
) -> None:
    """A report a clinician reads in two minutes: weekly totals, charts, signals, questionnaires, taper, products.

    Covers the last 4 finished weeks unless --weeks, --from/--to or --of say otherwise. Notes and the
    names of other substances go in only with --include; --exclude strains hides product names.

    Example: kratomlog report --format html -o report.html --include notes
    """

    from kratomlog.core import report as plan
    from kratomlog.core.days import today
    from kratomlog.core.when import parse_day

    kind = fmt.strip().lower().replace("markdown", "md")
    if kind not in FORMATS:
        raise Invalid(f"--format takes md or html; got {fmt!r}")
    included = plan.consent(list(include or []) + (["notes"] if include_notes else []), list(exclude or []))
    chosen = [name for name, value in (("--weeks", weeks), ("--from/--to", first or last), ("--of", of)) if value]
    if len(chosen) > 1:
        raise Invalid(f"give one of --weeks, --from/--to or --of, not {' and '.join(chosen)}")
    if (first is None) != (last is None):
        raise Invalid("--from and --to go together: give both days, e.g. --from 2026-11-02 --to 2026-11-29")
    count = plan.parse_weeks(weeks) if weeks is not None else plan.DEFAULT_WEEKS
    target = check_output(output, force, example=f"report.{kind}")
    current = now()
    db = open_db()
    from kratomlog.store.settings_store import is_demo, load_settings

    settings = load_settings(db)
    day = today(current, settings)
    if first is not None and last is not None:
        period = plan.chosen_dates(parse_day(first, current, settings), parse_day(last, current, settings))
    elif of is not None:
        period = plan.week_of(parse_day(of, current, settings), day, settings)
    else:
        period = plan.last_weeks(day, settings, count)
    data = build(db, current, settings, period, included, demo=state.demo or is_demo(db))
    from kratomlog.render import report_view

    text = report_view.markdown(data) if kind == "md" else report_view.html(data)
    if target is None:
        typer.echo(text, nl=False)
        return
    from kratomlog.store.output_files import write_text

    write_text(target, text)
    out(f"Wrote the {kind} report for {period.first.isoformat()} to {period.last.isoformat()} to {target}")


def build(db, current: int, settings, period, included: frozenset[str], *, demo: bool):
    """Read the period and assemble the report's values (no arithmetic here: core does it)."""
    from datetime import timedelta

    from kratomlog.core import report as plan
    from kratomlog.core.days import days_range, local_day, today, week_start
    from kratomlog.core.texts import HELP_INTRO, HELP_LINES
    from kratomlog.core.shortids import short_id
    from kratomlog.core.weekly import summarize_period
    from kratomlog.store import report_reads
    from kratomlog.store.batches import codes as batch_codes
    from kratomlog.store.product_reads import batches_used
    from kratomlog.store.entries_read import list_entries
    from kratomlog.core.signals import evaluate
    from kratomlog.store.signal_reads import signal_input
    from kratomlog.store.taper_store import all_plans, allowances_for
    from kratomlog.store.valid_rows import left_out_ids
    from kratomlog.store.weekly_reads import read_window

    window = read_window(db.conn, week_start(period.first, settings) - timedelta(days=7), period.last, settings)
    summary = summarize_period(period.first, period.last, current, settings, window.doses, window.ratings,
                               window.sows, window.no_use_days, window.first_entry_day)
    start, end = days_range(period.first, period.last, settings)
    signals_at = min(current, end)  # the period's last day counts as finished
    product_rows = report_reads.products(db.conn, start, end)
    ordered = [r[0] for r in sorted(product_rows, key=lambda r: (-r[3], r[0] or ""))]
    labels = plan.product_labels(ordered, "strains" in included)
    allowance = allowances_for(db, [d.day for d in summary.days])
    notes, more = None, 0
    if "notes" in included:
        found = [(e.at, short_id(e.kind, e.id), e.fields["note"])
                 for e in list_entries(db.conn, settings, since=start, until=end, limit=None) if e.fields.get("note")]
        notes, more = found[: plan.NOTES_SHOWN], max(0, len(found) - plan.NOTES_SHOWN)
    return plan.ReportData(
        period=period,
        generated=today(current, settings),
        demo=demo,
        included=included,
        summary=summary,
        weeks=plan.week_rows(summary),
        allowance=allowance if any(a is not None for a in allowance) else None,
        sows=[plan.sows_point(at, local_day(at, settings), total, answered)
              for at, total, answered in report_reads.sows_points(db.conn, start, end)],
        signals=plan.group_signals(evaluate(plan.as_of(signal_input(db.conn, signals_at, settings), signals_at)), included,
                                   {**labels, **{code: "(code withheld)" for code in batch_codes(db.conn)}}),
        signals_at=signals_at,
        taken=report_reads.latest_taken(db.conn, end),
        taper=plan.taper_part(all_plans(db.conn), summary),
        products=plan.product_rows(product_rows, labels, batches_used(db.conn, start, end, current, settings),
                                   "strains" in included),
        others=report_reads.other_substances(db.conn, start, end) if "other-substances" in included else None,
        notes=notes,
        notes_more=more,
        days_with_entries=plan.days_with_entries(
            summary, [local_day(at, settings) for at in report_reads.other_entry_instants(db.conn, start, end)]),
        help_intro=HELP_INTRO,
        help_lines=HELP_LINES,
        left_out=tuple(left_out_ids(db.conn)),
    )
