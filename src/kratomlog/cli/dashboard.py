"""The dashboard `demo` ends with: the week (with its signal summary) and the warning panel."""

from __future__ import annotations


def show_dashboard(db, at: int) -> None:
    from kratomlog.cli.week_load import load_week, show_week
    from kratomlog.core.days import today
    from kratomlog.render.console import make_console
    from kratomlog.render.signals_view import print_signals
    from kratomlog.store.settings_store import load_settings
    from kratomlog.store.signal_reads import evaluate_signals

    settings = load_settings(db)
    console = make_console()
    show_week(db, at, load_week(db, at, today(at, settings), settings), chart=True, console=console)
    console.print()
    print_signals(console, evaluate_signals(db.conn, at, settings))
