"""Rich tables for strains and the entry list."""

from __future__ import annotations

from kratomlog.core.clock import offset_minutes, offset_text, to_local, wall_time
from kratomlog.core.numbers import number_text
from kratomlog.core.shortids import short_id
from kratomlog.render.console import NARROW_BELOW, make_console
from kratomlog.render.user_text import user_text


def _g(value: float | None) -> str:
    return "" if value is None else number_text(value)


def strain_table(strains, console=None) -> None:
    from rich.table import Table

    console = console or make_console()
    table = Table(title="Strains", title_justify="left")
    table.add_column("name", no_wrap=True)
    for column in ("form", "vendor", "batch", "mitr. %", "caps g", "lab", "note"):
        table.add_column(column)
    for s in strains:
        name = user_text(s.name, newlines=False)
        if s.archived:
            name.append(" (archived)")
        table.add_row(
            name, s.form, user_text(s.vendor), user_text(s.batch), _g(s.mitragynine_pct), _g(s.capsule_grams),
            "yes" if s.lab_tested else "", user_text(s.note),
        )
    console.print(table)


def describe(entry) -> str:
    f = entry.fields
    if f.get("invalid"):  # what it holds cannot be trusted to format: say what is wrong instead
        return "; ".join(f["invalid"]) + " — left out of the numbers"
    if entry.kind == "dose":
        unit = f["unit"] + ("s" if f["unit"] in ("tablet", "shot") and f["amount"] != 1 else "")
        amount = f"{_g(f['amount'])} {unit}"
        text = f"{amount} of {f['strain'] or '?'}" if f["unit"] == "g" else f"{amount} = {_g(f['grams'])} g of {f['strain'] or '?'}"
        if f.get("batch"):
            text += f" (batch {f['batch']})"
        if f["mitragynine_mg"] is not None:
            text += f" · ≈{number_text(f['mitragynine_mg'], 1)} mg" + (" (est.)" if f["mitragynine_estimated"] else "")
        if f.get("seven_oh_mg") is not None:
            text += f" · ≈{number_text(f['seven_oh_mg'], 1)} mg 7-OH"
        if f["reasons"]:
            text += " · " + ", ".join(f["reasons"])
        return text
    if entry.kind == "stress":
        parts = [f"stress {f['stress']}"]
        if f["craving"] is not None:
            parts.append(f"craving {f['craving']}")
        if f["pain"] is not None:
            parts.append(f"pain {f['pain']}")
        return ", ".join(parts)
    if entry.kind == "no-use":
        return "deliberate no-use day"
    if entry.kind == "questionnaire":
        from kratomlog.core.instruments import INSTRUMENTS

        instrument = INSTRUMENTS.get(f["instrument"])
        name = instrument.name if instrument else f["instrument"]
        if f["total"] is None:
            return f"{name} partial {len(f['items'])}/{len(instrument.items) if instrument else '?'}"
        return f"{name} total {f['total']}"
    if entry.kind == "other":
        return f["substance"] + (f" ({f['amount']})" if f["amount"] else "")
    if entry.kind == "purchase":
        from kratomlog.core.purchases import Bought, bought_text, money

        amount = bought_text(Bought(f["amount"], f["unit"]))
        text = f"bought {amount}" + ("" if f["unit"] == "g" else f" = {_g(f['grams'])} g") + f" of {f['strain']}"
        if f["batch"]:
            text += f" (batch {f['batch']})"
        if f["price"] is not None:
            text += f" · {money(f['price'], f['currency'])}"
        return text
    if entry.kind == "batch":
        return f"batch {f['code']} of {f['strain']}"
    if entry.kind == "certificate":
        from kratomlog.core.certificates import source_name

        return (f"{source_name(f['source'])} certificate from {f['lab']} ({f['tested_on']}) "
                f"for batch {f['code']} of {f['strain']}")
    return ""


def entries_table(entries, console=None) -> None:
    from rich.table import Table

    console = console or make_console()
    if console.width < NARROW_BELOW:
        _narrow_entries_table(entries, console)
        return
    table = Table()
    table.add_column("id", no_wrap=True)
    table.add_column("when", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("what")
    table.add_column("note")
    for e in entries:
        when = _when(e, "%a %Y-%m-%d", "%a %Y-%m-%d %H:%M")
        table.add_row(short_id(e.kind, e.id), when, e.kind, user_text(describe(e)), user_text(e.fields.get("note")))
    console.print(table)


def when_text(entry) -> str:
    """When an entry applies, for a one-line echo: its day (no-use), local time, or that it is invalid."""
    from kratomlog.core.clock import show_local

    if entry.at is None:
        return "an invalid time"
    return entry.fields["day"] if entry.kind == "no-use" else show_local(entry.at)


def _when(entry, day_pattern: str, pattern: str) -> str:
    if entry.at is None:
        return "invalid time"
    return to_local(entry.at).strftime(day_pattern) if entry.kind == "no-use" else when_logged(entry, pattern)


def when_logged(entry, pattern: str) -> str:
    """The entry's time on the clock where it was logged, marked with that place's offset when it is
    not the zone in force here (`Fri 2026-11-20 22:30 UTC-08:00`)."""
    offset = getattr(entry, "utc_offset", None)
    text = wall_time(entry.at, offset).strftime(pattern)
    if offset is not None and offset != offset_minutes(entry.at):
        text += " " + offset_text(offset)
    return text


def _narrow_entries_table(entries, console) -> None:
    """Below 80 columns: no frame, no kind column (the id's letter names it), the note after the
    description, one space between columns — so a row stays on one line wherever it fits."""
    from rich.table import Table

    table = Table(box=None, show_edge=False, pad_edge=False, collapse_padding=True, header_style="bold")
    table.add_column("id", no_wrap=True)
    table.add_column("when", no_wrap=True)
    table.add_column("what")
    for e in entries:
        when = _when(e, "%Y-%m-%d", "%Y-%m-%d %H:%M")
        note = e.fields.get("note")
        table.add_row(short_id(e.kind, e.id), when, user_text(describe(e) + (f" · note: {note}" if note else ""), newlines=False))
    console.print(table)


def strain_stats_table(stats, console=None) -> None:
    """One row per strain from core.strain_stats (dates in local time)."""
    from rich.table import Table

    console = console or make_console()
    table = Table(title="Strains by grams", title_justify="left")
    table.add_column("strain")
    for column in ("doses", "grams", "≈mg mitr.", "mean dose g", "days used"):
        table.add_column(column, justify="right")
    table.add_column("last used", no_wrap=True)
    for s in stats:
        table.add_row(
            user_text(s.strain), str(s.doses), _g(s.grams), _g(s.mitragynine_mg), _g(s.mean_dose_g), str(s.days_used),
            to_local(s.last_used).strftime("%a %Y-%m-%d"),
        )
    console.print(table)
