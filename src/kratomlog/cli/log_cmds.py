"""The fast logging commands: `dose`, `stress`, `no-use`, `other`. Kept light: no SQLModel, no
plotext, no Rich console on this path (a test checks the imports). Each ends with the signal nudge."""

from __future__ import annotations

from typing import List, Optional

import typer

from kratomlog.cli import options
from kratomlog.cli.edge import command, now, open_db, out
from kratomlog.cli.nudge import announce_new_signals


@command
def dose(
    words: List[str] = typer.Argument(..., metavar="AMOUNT [STRAIN]", help="Amount (3.5g, 3.5 g, 500mg, 2caps, 1tsp, or a bare number in the default unit), then the strain's name."),
    at: str = typer.Option("now", "--at", help="When: now, 21:30, 'yesterday 21:30', 'mon 08:00', '2026-11-20 08:00', '40m ago', '1h30m ago'."),
    reason: List[str] = typer.Option([], "--reason", "-r", help="Why (repeatable): stress, pain, energy, mood, focus, sleep, social, withdrawal, habit, other."),
    note: Optional[str] = typer.Option(None, "--note", help="A free-text note."),
    new: bool = typer.Option(False, "--new", help="Create the strain even if its name is close to an existing one."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Confirm an unusual dose: above 25 g, on a no-use day, or a repeat of the same amount and strain within 2 minutes of a logged dose."),
    batch: Optional[str] = typer.Option(None, "--batch", help="This dose's batch code (default: the strain's batch in use, see 'batch use').", metavar="CODE"),
) -> None:
    """Log a dose.

    Example: kratomlog dose 3.5g "Red Bali" --at "40m ago" --reason stress

    Without a strain, the strain of your latest dose is used. An unknown strain name is created.
    """
    from kratomlog.core.amounts import parse_amount, split_dose_words
    from kratomlog.core.when import parse_when
    from kratomlog.render.lines import dose_line
    from kratomlog.store.log_entries import add_dose
    from kratomlog.store.settings_store import load_settings

    current = now()
    amount_text, strain_name = split_dose_words(words)
    when = parse_when(at, current)
    why = options.reasons(reason)
    text = options.note(note)
    code = None
    if batch is not None:
        from kratomlog.core.batches import clean_code

        code = clean_code(batch)
    db = open_db()
    settings = load_settings(db)
    amount = parse_amount(amount_text, settings.default_unit)
    logged = add_dose(
        db, now=current, settings=settings, amount=amount, strain_name=strain_name, at=when,
        reasons=why, note=text, new=new, yes=yes, batch_code=code,
    )
    if logged.strain_defaulted:
        out(f"Strain: {logged.strain} (the strain of your latest dose)")
    if logged.strain_created:
        out(f"New strain {logged.strain!r} created; add details with: kratomlog strain edit {logged.strain!r} --vendor … --mitragynine …")
    if logged.strain_archived:
        out(f"Note: {logged.strain!r} is archived; the dose was logged under it anyway.")
    from kratomlog.cli.taper_cmds import dose_suffix
    out(dose_line(logged) + dose_suffix(db, logged.day_total))
    if logged.new_batch:
        from kratomlog.core.batches import NEW_BATCH_NOTE

        out(NEW_BATCH_NOTE)
    announce_new_signals(db, current)


@command
def stress(
    score: str = typer.Argument(..., metavar="SCORE", help="Stress right now, a whole number 0–10."),
    craving: Optional[str] = typer.Option(None, "--craving", help="Craving right now, 0–10."),
    pain: Optional[str] = typer.Option(None, "--pain", help="Pain right now, 0–10."),
    at: str = typer.Option("now", "--at", help="When (as for dose)."),
    note: Optional[str] = typer.Option(None, "--note", help="A free-text note."),
) -> None:
    """Log how stressed you feel (0–10), and optionally craving and pain.

    Example: kratomlog stress 6 --craving 3 --pain 2
    """
    from kratomlog.core.when import parse_when
    from kratomlog.render.lines import rating_line
    from kratomlog.store.log_entries import add_rating

    current = now()
    values = (
        options.score(score, "stress", required=True),
        options.score(craving, "--craving"),
        options.score(pain, "--pain"),
    )
    when = parse_when(at, current)
    text = options.note(note)
    db = open_db()
    logged = add_rating(db, now=current, at=when, stress=values[0], craving=values[1], pain=values[2], note=text)
    out(rating_line(logged))
    announce_new_signals(db, current)


@command
def no_use(
    on: str = typer.Option("today", "--on", help="The day: today, yesterday, a weekday (mon), or 2026-11-20."),
    note: Optional[str] = typer.Option(None, "--note", help="A free-text note."),
) -> None:
    """Record a deliberate day without kratom (not a day you forgot to log).

    Example: kratomlog no-use --on yesterday
    """
    from kratomlog.core.when import parse_day
    from kratomlog.store.log_entries import add_no_use
    from kratomlog.store.settings_store import load_settings

    current = now()
    text = options.note(note)
    db = open_db()
    settings = load_settings(db)
    day = parse_day(on, current, settings)
    entry_id = add_no_use(db, now=current, settings=settings, day=day, note=text)
    out(f"Recorded n{entry_id}: {day.strftime('%a %Y-%m-%d')} as a deliberate no-use day")
    announce_new_signals(db, current)


@command
def other(
    substance: str = typer.Argument(..., metavar="SUBSTANCE", help="alcohol, benzodiazepine, opioid, gabapentinoid, sleep-aid, stimulant, cannabis or other; common names are understood and stored as their category (beer → alcohol, xanax → benzodiazepine, oxy → opioid, lyrica → gabapentinoid, ambien → sleep-aid)."),
    amount: Optional[str] = typer.Option(None, "--amount", help="How much, in your own words (e.g. '2 drinks', '10 mg')."),
    at: str = typer.Option("now", "--at", help="When (as for dose)."),
    note: Optional[str] = typer.Option(None, "--note", help="A free-text note."),
) -> None:
    """Log another substance, so the signals can notice depressants taken near a dose.

    Example: kratomlog other alcohol --amount "2 drinks" --at 21:00
    """
    from kratomlog.core.substances import parse_other_amount, parse_substance, synonym_note
    from kratomlog.core.when import parse_when
    from kratomlog.render.lines import other_line
    from kratomlog.store.others import add_other

    current = now()
    name = parse_substance(substance)
    how_much = parse_other_amount(amount)
    when = parse_when(at, current)
    text = options.note(note)
    db = open_db()
    logged = add_other(db, now=current, at=when, substance=name, amount=how_much, note=text)
    out(other_line(logged) + synonym_note(substance, name))
    announce_new_signals(db, current)
