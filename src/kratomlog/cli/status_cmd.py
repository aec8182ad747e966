"""`status`: one line on where you are today (fast path)."""

from __future__ import annotations

import typer

from kratomlog.cli.edge import command, now, open_db, out, print_json


@command
def status(as_json: bool = typer.Option(False, "--json", help="Print JSON only.")) -> None:
    """One line: time since your last dose, today's total, your latest stress rating.

    Example: kratomlog status --json
    """
    from kratomlog.core.clock import iso_local
    from kratomlog.render.lines import status_line
    from kratomlog.store.entries_read import status as read_status
    from kratomlog.store.settings_store import load_settings

    current = now()
    db = open_db()
    found = read_status(db.conn, current, load_settings(db))
    if as_json:
        print_json(
            {
                "last_dose_at": iso_local(found.last_dose_at),
                "since_last_dose_s": None if found.last_dose_at is None else current - found.last_dose_at,
                "today_g": found.today_g,
                "today_doses": found.today_doses,
                "last_stress": found.last_stress,
                "last_craving": found.last_craving,
            }
        )
        return
    out(status_line(found, current))
