"""The body of `status`: one line on where you are today (run by Typer and by the fast path;
its parameters are declared in `cli.spec`)."""

from __future__ import annotations

from kratomlog.cli.edge import now, open_db, out, print_json


def status(as_json: bool, template: str | None = None) -> None:
    from kratomlog.cli import left_out
    from kratomlog.core.days import day_range, today
    from kratomlog.render.lines import status_line
    from kratomlog.store.entries_read import status as read_status
    from kratomlog.store.settings_store import load_settings

    if template is not None:
        from kratomlog.core.invalid import Invalid
        from kratomlog.core.status_format import check_template

        if as_json:
            raise Invalid("--format and --json cannot be used together; pick one")
        check_template(template)
    current = now()
    db = open_db()
    settings = load_settings(db)
    found = read_status(db.conn, current, settings)
    window = day_range(today(current, settings), settings)  # today's total; a bad time counts anywhere
    if template is not None:
        from kratomlog.core.status_format import fill
        from kratomlog.render.lines import status_fields

        out(fill(template, status_fields(found, current)))
        left_out.note(db, window, stderr=True)  # the filled template stays exactly what was asked
        return
    if as_json:
        from kratomlog.core.json_shapes import status_json

        print_json({**status_json(found, current), **left_out.json_part(db, window)})
        return
    out(status_line(found, current))
    left_out.note(db, window)
