"""The bodies of the logging commands `dose`, `stress`, `no-use`, `other`: plain functions taking
the parameters `cli.spec` declares, run unchanged by the Typer commands and by the Typer-free fast
path. Kept light: no Typer, SQLModel, plotext or Rich on this path (a test checks the imports).

Each parses every argument it can before the database is opened (the ones that need the
database's settings or rows right after), then writes the entry and the signal announcement in ONE
transaction, and prints once it has committed."""

from __future__ import annotations

from kratomlog.cli import options
from kratomlog.cli.edge import now, open_db, out
from kratomlog.cli.nudge import check_new_signals, show_nudge


def dose(
    words: list[str], at: str, reason: list[str], note: str | None, new: bool, yes: bool, batch: str | None = None,
    stress: str | None = None, craving: str | None = None,
) -> None:
    from kratomlog.cli.dose_taper import dose_suffix
    from kratomlog.core.amounts import in_default_unit, parse_amount, split_dose_words
    from kratomlog.core.when import parse_when
    from kratomlog.render.lines import dose_line
    from kratomlog.store.log_entries import add_dose
    from kratomlog.store.settings_store import load_settings

    current = now()
    amount_text, strain_name = split_dose_words(words)
    read_amount = parse_amount(amount_text, None)
    when = parse_when(at, current)
    why = options.reasons(reason)
    text = options.note(note)
    rating = options.rating_with_dose(stress, craving)
    code = None
    if batch is not None:
        from kratomlog.core.batches import clean_code

        code = clean_code(batch)
    db = open_db()
    settings = load_settings(db)
    amount = in_default_unit(read_amount, settings.default_unit)
    with db.write():
        logged = add_dose(
            db, now=current, settings=settings, amount=amount, strain_name=strain_name, at=when,
            reasons=why, note=text, new=new, yes=yes, batch_code=code, rating=rating,
        )
        taper_part = dose_suffix(db, logged.day_total)
        nudge = check_new_signals(db, current, settings)
    if logged.strain_defaulted:
        out(f"Strain: {logged.strain} (the strain of your latest dose)")
    if logged.strain_created:
        out(f"New strain {logged.strain!r} created; add details with: kratomlog strain edit {logged.strain!r} --vendor … --mitragynine …")
    if logged.strain_archived:
        out(f"Note: {logged.strain!r} is archived; the dose was logged under it anyway.")
    out(dose_line(logged) + taper_part)
    if logged.rating is not None:
        from kratomlog.render.lines import rating_line

        out(rating_line(logged.rating) + " (with the dose; one undo takes back both)")
    if logged.new_batch:
        from kratomlog.core.batches import NEW_BATCH_NOTE

        out(NEW_BATCH_NOTE)
    show_nudge(nudge)


def stress(score: str, craving: str | None, pain: str | None, at: str, note: str | None) -> None:
    from kratomlog.core.when import parse_when
    from kratomlog.render.lines import rating_line
    from kratomlog.store.log_entries import add_rating
    from kratomlog.store.settings_store import load_settings

    current = now()
    values = (
        options.score(score, "stress", required=True),
        options.score(craving, "--craving"),
        options.score(pain, "--pain"),
    )
    when = parse_when(at, current)
    text = options.note(note)
    db = open_db()
    settings = load_settings(db)
    with db.write():
        logged = add_rating(db, now=current, at=when, stress=values[0], craving=values[1], pain=values[2], note=text)
        nudge = check_new_signals(db, current, settings)
    out(rating_line(logged))
    show_nudge(nudge)


def no_use(on: str, note: str | None) -> None:
    from kratomlog.core.when import parse_day
    from kratomlog.store.log_entries import add_no_use
    from kratomlog.store.settings_store import load_settings

    current = now()
    text = options.note(note)
    db = open_db()
    settings = load_settings(db)
    day = parse_day(on, current, settings)
    with db.write():
        entry_id = add_no_use(db, now=current, settings=settings, day=day, note=text)
        nudge = check_new_signals(db, current, settings)
    out(f"Recorded n{entry_id}: {day.strftime('%a %Y-%m-%d')} as a deliberate no-use day")
    show_nudge(nudge)


def other(substance: str, amount: str | None, at: str, note: str | None) -> None:
    from kratomlog.core.substances import parse_other_amount, parse_substance, synonym_note
    from kratomlog.core.when import parse_when
    from kratomlog.render.lines import other_line
    from kratomlog.store.others import add_other
    from kratomlog.store.settings_store import load_settings

    current = now()
    name = parse_substance(substance)
    how_much = parse_other_amount(amount)
    when = parse_when(at, current)
    text = options.note(note)
    db = open_db()
    settings = load_settings(db)
    with db.write():
        logged = add_other(db, now=current, at=when, substance=name, amount=how_much, note=text)
        nudge = check_new_signals(db, current, settings)
    out(other_line(logged) + synonym_note(substance, name))
    show_nudge(nudge)
