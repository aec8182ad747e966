"""`week` and `trends`: the weekly review and the weeks side by side (read-only)."""

from __future__ import annotations

from typing import Optional

import typer

from kratomlog.cli import left_out
from kratomlog.cli.edge import command, now, open_db, out, print_json
from kratomlog.cli.paging import paged
from kratomlog.cli.week_load import load_week, show_week
from kratomlog.core.invalid import Invalid

DEFAULT_WEEKS = 12


def weeks_count(text: str) -> int:
    """`--weeks`: a whole number from 1 to 520 (checked here so a bad value is one `error:` line)."""
    from kratomlog.core.weekly import MAX_WEEKS

    cleaned = text.strip()
    if not cleaned.isdigit() or not 1 <= int(cleaned) <= MAX_WEEKS:
        raise Invalid(f"--weeks takes a whole number from 1 to {MAX_WEEKS}; got {text!r}")
    return int(cleaned)


@command
@paged
def week(
    of: Optional[str] = typer.Option(None, "--of", help="Show the week containing this day: 2026-11-09, yesterday, mon, '10d ago', 'last week' (default: today).", metavar="DAY"),
    prev: bool = typer.Option(False, "--prev", help="The week before (last week; with --of, the week before that one)."),
    no_chart: bool = typer.Option(False, "--no-chart", help="Tables only, no chart."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """The week day by day, its totals beside last week's, a chart of grams and stress, and the strains used.

    Example: kratomlog week --of 2026-11-09

    The current week is marked in progress: today is shown, but the comparison uses finished days only, against the same days of last week.
    """
    from datetime import timedelta

    from kratomlog.core.days import today
    from kratomlog.core.weekly import week_json
    from kratomlog.core.when import parse_week_day
    from kratomlog.store.settings_store import load_settings

    current = now()
    db = open_db()
    settings = load_settings(db)
    day = parse_week_day(of, current, settings) if of is not None else today(current, settings)
    if prev:
        day -= timedelta(days=7)
    report = load_week(db, current, day, settings)
    from kratomlog.store.weekly_reads import seven_oh_by_day

    seven_oh = seven_oh_by_day(db.conn, report.start, report.end, settings)
    if as_json:
        from kratomlog.store.product_reads import week_spend

        from kratomlog.core.json_shapes import week_with_extras_json

        shown = week_with_extras_json(week_json(report), week_spend(db.conn, report.start, settings), seven_oh)
        print_json({**shown, **left_out.json_part(db, _weeks_window(report.start, report.end, settings))})
        return
    show_week(db, current, report, chart=not no_chart)
    if seven_oh:
        from kratomlog.render.week_view import seven_oh_line

        out(seven_oh_line(seven_oh))
    left_out.note(db, _weeks_window(report.start, report.end, settings))


def _weeks_window(first, last, settings) -> tuple[int, int]:
    """The instants a weekly screen reads (the week before the first one included, for comparison)."""
    from datetime import timedelta

    from kratomlog.core.days import days_range

    return days_range(first - timedelta(days=7), last, settings)


@command
@paged
def trends(
    weeks: str = typer.Option(str(DEFAULT_WEEKS), "--weeks", "-w", help="How many weeks, 1–520; the current week comes last.", metavar="N"),
    no_chart: bool = typer.Option(False, "--no-chart", help="The table only, no charts."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """Weeks side by side (the same totals as `week`), with charts of use, stress, craving and SOWS.

    Example: kratomlog trends --weeks 12

    Also charted: the time of day of doses and each strain's share of grams. Weeks before your first entry are left out of the screen (not of --json).
    """
    count = weeks_count(weeks)
    from datetime import timedelta

    from kratomlog.core.days import today, week_start
    from kratomlog.core.weekly import summarize_trends, trends_json
    from kratomlog.store.settings_store import load_settings
    from kratomlog.store.weekly_reads import read_window

    current = now()
    db = open_db()
    settings = load_settings(db)
    last = week_start(today(current, settings), settings)
    window = read_window(db.conn, last - timedelta(days=7 * (count - 1)), last + timedelta(days=6), settings)
    report = summarize_trends(
        last, count, current, settings, window.doses, window.ratings, window.sows, window.no_use_days,
        window.first_entry_day,
    )
    from kratomlog.store.product_reads import weeks_spend

    spent = weeks_spend(db.conn, [w.start for w in report.weeks], settings)
    window = _weeks_window(last - timedelta(days=7 * (count - 1)), last + timedelta(days=6), settings)
    if as_json:
        from kratomlog.core.json_shapes import trends_with_spend_json

        print_json({**trends_with_spend_json(trends_json(report), spent), **left_out.json_part(db, window)})
        return
    from kratomlog.core.weekly import per_week_mean
    from kratomlog.render.console import make_console
    from kratomlog.render.trends_view import render_trends
    from kratomlog.store.taper_store import allowances_for

    first = last - timedelta(days=7 * (count - 1))
    daily = allowances_for(db, [first + timedelta(days=n) for n in range(7 * count)])
    allowance = per_week_mean(daily) if any(a is not None for a in daily) else None
    console = make_console()
    render_trends(console, report, chart=not no_chart, allowance=allowance)
    if spent is not None:
        from kratomlog.render.products_view import trends_spend_line

        trends_spend_line(console, spent)
    left_out.note(db, window)
