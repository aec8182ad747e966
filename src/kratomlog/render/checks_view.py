"""Questionnaire output: the one-line "Saved q3 …" texts (plain strings, light enough for the fast
`withdrawal` path) and the `check history` table and JSON (Rich imported only there)."""

from __future__ import annotations

from kratomlog.core.clock import to_local
from kratomlog.core.instruments import INSTRUMENTS
from kratomlog.render.lines import duration_text, when_text


def gap_text(hours: float | None) -> str:
    """`5h 20m after your last dose`, or that there was none before."""
    if hours is None:
        return "no dose logged before it"
    return f"{duration_text(round(hours * 3600))} after your last dose"


def saved_line(verb: str, saved) -> str:
    """`Saved q3: SOWS-16 at Fri 2026-11-27 08:00 · 5h 20m after your last dose`."""
    text = f"{verb} q{saved.id}: {INSTRUMENTS[saved.instrument].name} at {when_text(saved.at)}"
    if saved.instrument == "sows":
        text += " · " + gap_text(saved.hours_since_dose)
    return text


def complete_hint(entry_id: int, missing: int) -> str:
    items = "item" if missing == 1 else "items"
    return f"To complete it later: kratomlog edit q{entry_id} --item KEY=N for the other {missing} {items}."


def total_text(row) -> str:
    """`14/64`, or `partial 2/16` (answered of all items) for a check-in without every item."""
    instrument = INSTRUMENTS[row.instrument]
    if row.total is None:
        return f"partial {len(row.items)}/{len(instrument.items)}"
    return f"{row.total}/{instrument.total_max}"


def change_text(change: int | None) -> str:
    return "—" if change is None else f"{change:+d}" if change else "0"


def history_table(rows, console=None) -> None:
    from rich.table import Table

    from kratomlog.render.console import make_console

    console = console or make_console()
    table = Table(title="Questionnaires (newest first)", title_justify="left")
    table.add_column("id")
    table.add_column("date", no_wrap=True)
    table.add_column("instrument")
    table.add_column("total", justify="right")
    table.add_column("change", justify="right")
    table.add_column("since dose", justify="right")
    for row in rows:
        gap = ""
        if row.instrument == "sows":
            gap = "—" if row.hours_since_dose is None else duration_text(round(row.hours_since_dose * 3600))
        table.add_row(
            f"q{row.id}",
            to_local(row.at).strftime("%Y-%m-%d %H:%M"),
            INSTRUMENTS[row.instrument].column_name,
            total_text(row),
            change_text(row.change),
            gap,
        )
    console.print(table)
    console.print("Change is against the previous complete entry of the same questionnaire. 'partial 2/16': "
                  "2 of 16 items answered, so no total.")
