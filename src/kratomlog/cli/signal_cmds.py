"""`signals` (the warning panel) and `insights` (stress and craving against use, in plain words)."""

from __future__ import annotations

import typer

from kratomlog.cli import left_out
from kratomlog.cli.edge import command, now, open_db, print_json
from kratomlog.cli.help_texts import quoting
from kratomlog.cli.paging import paged
from kratomlog.core.invalid import Invalid

MAX_DAYS = 3650


@command
@paged
@quoting
def signals(as_json: bool = typer.Option(False, "--json", help="Print JSON only: a list of results.")) -> None:
    """Show the warning signals: active first, then clear, then those that need more data.

    Example: kratomlog signals

    Each signal says whether it rests on evidence, a heuristic or extrapolated evidence; 'kratomlog info' explains them and their sources. {NOT_A_DIAGNOSIS}
    """
    from kratomlog.core.signals import as_json as result_json
    from kratomlog.store.settings_store import load_settings
    from kratomlog.store.signal_reads import evaluate_signals

    from kratomlog.store.signal_reads import signal_window

    current = now()
    db = open_db()
    settings = load_settings(db)
    results = evaluate_signals(db.conn, current, settings)
    if as_json:
        print_json([result_json(r) for r in results])
        left_out.note(db, signal_window(current, settings), stderr=True)  # a list cannot grow a key
        return
    from kratomlog.render.console import make_console
    from kratomlog.render.signals_view import print_signals

    print_signals(make_console(), results)
    left_out.note(db, signal_window(current, settings))


@command
@paged
def insights(
    days: int = typer.Option(90, "--days", help=f"How many finished days to look back over (1–{MAX_DAYS}); today is never included."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """Stress and craving against use over the last finished days, in plain words with numbers.

    Example: kratomlog insights --days 30

    Compares days with and without use, stress before and after a dose, reasons for doses, and craving before doses. Each figure needs 5 observations per group. These are associations in your own records, not causes.
    """
    from datetime import timedelta

    from kratomlog.core.days import days_range, today
    from kratomlog.store.insight_reads import insights_for
    from kratomlog.store.settings_store import load_settings

    if not 1 <= days <= MAX_DAYS:
        raise Invalid(f"--days takes a whole number of days from 1 to {MAX_DAYS}; got {days}")
    current = now()
    db = open_db()
    settings = load_settings(db)
    last_day = today(current, settings) - timedelta(days=1)
    first_day = last_day - timedelta(days=days - 1)
    found = insights_for(db.conn, current, settings, first_day, last_day)
    window = days_range(first_day, last_day, settings)
    if as_json:
        from kratomlog.core.json_shapes import insights_json

        print_json({**insights_json(first_day, last_day, days, found), **left_out.json_part(db, window)})
        return
    from kratomlog.render.console import make_console
    from kratomlog.render.insights_view import print_insights

    print_insights(make_console(), found, first_day, last_day)
    left_out.note(db, window)
