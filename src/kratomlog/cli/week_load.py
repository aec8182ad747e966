"""The week flow shared by `week` and the demo's dashboard: load the week containing a day, and show
it with its warning-signal summary, the taper allowance and the spend line."""

from __future__ import annotations


def load_week(db, current: int, day, settings):
    """The WeekReport of the week containing `day` (reads only that week and the one before)."""
    from datetime import timedelta

    from kratomlog.core.days import week_start
    from kratomlog.core.weekly import summarize_week
    from kratomlog.store.weekly_reads import read_window

    first = week_start(day, settings)
    window = read_window(db.conn, first - timedelta(days=7), first + timedelta(days=6), settings)
    return summarize_week(
        first, current, settings, window.doses, window.ratings, window.sows, window.no_use_days,
        window.first_entry_day,
    )


def show_week(db, current: int, report, *, chart: bool, console=None) -> None:
    """Print the week screen with the warning-signal summary and, during a taper, the allowance line."""
    from kratomlog.render.console import make_console
    from kratomlog.render.week_view import render_week
    from kratomlog.render.lines import signals_line
    from kratomlog.store.signal_reads import current_signals
    from kratomlog.store.taper_store import allowances_for

    allowance = allowances_for(db, [d.day for d in report.days])
    summary = None if report.is_empty else signals_line(current_signals(db, current))  # an empty week: one line
    console = console or make_console()
    render_week(
        console, report, chart=chart, signal_summary=summary,
        allowance=allowance if any(a is not None for a in allowance) else None,
    )
    from kratomlog.render.products_view import week_spend_line
    from kratomlog.store.product_reads import week_spend
    from kratomlog.store.settings_store import load_settings

    spent = week_spend(db.conn, report.start, load_settings(db))
    if spent is not None and not report.is_empty:
        week_spend_line(console, spent)
