"""`calendar`: months at a glance — days with doses by grams, deliberate no-use days, days not logged."""

from __future__ import annotations

import typer

from kratomlog.cli import left_out
from kratomlog.cli.edge import command, now, open_db, print_json
from kratomlog.cli.paging import paged
from kratomlog.core.invalid import Invalid

DEFAULT_MONTHS = 3


def months_count(text: str) -> int:
    from kratomlog.core.month_grid import MAX_MONTHS

    cleaned = text.strip()
    if not cleaned.isdigit() or not 1 <= int(cleaned) <= MAX_MONTHS:
        raise Invalid(f"--months takes a whole number from 1 to {MAX_MONTHS}; got {text!r}")
    return int(cleaned)


@command
@paged
def calendar(
    months: str = typer.Option(str(DEFAULT_MONTHS), "--months", "-m", help="How many months, 1–24, ending with this one."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only: one object a day."),
) -> None:
    """A month grid: each day marked by grams used, deliberate no-use days and days not logged told apart.

    Example: kratomlog calendar --months 6

    Shades are quarters of your own use days in the months shown (like a contribution graph); a day
    with nothing logged is unknown, not a day without use.
    """
    count = months_count(months)
    from kratomlog.core.days import days_range
    from kratomlog.core.days import today as local_today
    from kratomlog.core.month_grid import calendar_days, first_months, month_end
    from kratomlog.store.settings_store import load_settings
    from kratomlog.store.weekly_reads import read_window

    current = now()
    db = open_db()
    settings = load_settings(db)
    today = local_today(current, settings)
    firsts = first_months(today, count)
    last = month_end(firsts[-1])
    window = read_window(db.conn, firsts[0], last, settings)
    days, bounds = calendar_days(firsts[0], last, today, window.doses, window.no_use_days, window.first_entry_day, settings)
    if as_json:
        from kratomlog.core.json_shapes import calendar_json

        print_json(calendar_json(days))
        left_out.note(db, days_range(firsts[0], last, settings), stderr=True)  # a list cannot grow a key
        return
    from kratomlog.render.month_view import render_calendar

    per_month = [[d for d in days if d.day.replace(day=1) == first] for first in firsts]
    render_calendar(per_month, bounds, week_starts=settings.week_starts, today=today)
    left_out.note(db, days_range(firsts[0], last, settings))
