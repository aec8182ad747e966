"""The bodies of `again` (log the latest dose again) and `today` (today's entries and totals): plain
functions taking the parameters `cli.spec` declares, run by the Typer commands and by the Typer-free
fast path. Kept light like the other logging commands."""

from __future__ import annotations

from kratomlog.cli.edge import now, open_db, out, print_json
from kratomlog.cli.nudge import check_new_signals, show_nudge


def again(at: str, yes: bool) -> None:
    from kratomlog.core.amounts import format_amount
    from kratomlog.core.invalid import Invalid
    from kratomlog.core.when import parse_when
    from kratomlog.render.lines import dose_line, when_text
    from kratomlog.store.log_entries import add_dose, latest_dose
    from kratomlog.store.settings_store import load_settings

    current = now()
    when = parse_when(at, current)
    db = open_db()
    settings = load_settings(db)
    last = latest_dose(db.conn, current)
    if last is None:
        raise Invalid('there is no dose to repeat yet; log one first, e.g. kratomlog dose 3g "Red Bali"')
    if last.strain is None:
        raise Invalid(f"d{last.id} has no strain, so it cannot be repeated; log it with: kratomlog dose AMOUNT STRAIN")
    from kratomlog.cli.dose_taper import dose_suffix

    with db.write():
        logged = add_dose(
            db, now=current, settings=settings, amount=last.amount, strain_name=last.strain, at=when,
            reasons=last.reasons, note=None, yes=yes,
        )
        taper_part = dose_suffix(db, logged.day_total)
        nudge = check_new_signals(db, current, settings)
    reasons = f" · reason: {', '.join(last.reasons)}" if last.reasons else ""
    out(f"Repeating d{last.id} ({format_amount(last.amount)} of {last.strain}{reasons}, from {when_text(last.at)})")
    out(dose_line(logged) + taper_part)
    show_nudge(nudge)


def today(as_json: bool) -> None:
    from kratomlog.cli import left_out
    from kratomlog.core.days import day_range
    from kratomlog.core.days import today as local_today
    from kratomlog.store.entries_read import day_summary
    from kratomlog.store.settings_store import load_settings

    current = now()
    db = open_db()
    settings = load_settings(db)
    summary = day_summary(db.conn, local_today(current, settings), settings)
    if as_json:
        from kratomlog.core.json_shapes import today_json

        print_json({**today_json(summary), **left_out.json_part(db, day_range(summary.day, settings))})
        return
    from kratomlog.render.lines import day_lines

    for line in day_lines(summary):
        out(line)
    left_out.note(db, day_range(summary.day, settings))
