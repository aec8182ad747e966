"""`edit` for the kinds `entry_cmds` hands on: questionnaires (re-answer all items with --scores or
some with --item, move with --at, --note) and other substances (--substance, --amount, --at, --note).
Every value is validated before the one write transaction."""

from __future__ import annotations

from kratomlog.cli.edge import open_db, out
from kratomlog.cli.edit_checks import not_for, nothing_to_change
from kratomlog.core.invalid import Invalid



def _refuse(kind: str, label: str, given: dict) -> None:
    not_for(kind, label, given)


def _nothing(kind: str, label: str) -> None:
    nothing_to_change(label, kind)


def edit_other_kind(
    kind: str,
    label: str,
    entry_id: int,
    current: int,
    *,
    amount=None,
    strain=None,
    at=None,
    reason=None,
    note=None,
    note_given=False,
    stress=None,
    craving=None,
    pain=None,
    on=None,
    substance=None,
    scores=None,
    item=None,
) -> None:
    """Edit a questionnaire or other-substance entry; options of other kinds are refused in one line."""
    item = list(item or [])
    reason = list(reason or [])
    if kind == "questionnaire":
        _refuse(kind, label, {"--amount": amount, "--strain": strain, "--reason": reason, "--stress": stress,
                              "--craving": craving, "--pain": pain, "--on": on, "--substance": substance})
        _edit_questionnaire(label, entry_id, current, scores, item, at, note, note_given)
    elif kind == "other":
        _refuse(kind, label, {"--strain": strain, "--reason": reason, "--stress": stress, "--craving": craving,
                              "--pain": pain, "--on": on, "--scores": scores, "--item": item})
        _edit_other(label, entry_id, current, substance, amount, at, note, note_given)
    else:
        raise Invalid(f"{label} cannot be edited here")


def _edit_questionnaire(label, entry_id, current, scores, item, at, note, note_given) -> None:
    from kratomlog.core.instruments import get_instrument, interpret, parse_items_given, parse_scores, total_or_none, validate_answers
    from kratomlog.core.when import parse_when
    from kratomlog.render.checks_view import complete_hint, saved_line
    from kratomlog.store.questionnaires import current as stored, edit_questionnaire

    if scores is None and not item and at is None and not note_given:
        _nothing("questionnaire", label)
    if scores is not None and item:
        raise Invalid("give --scores (every item again) or --item (just those items), not both")
    when = parse_when(at, current) if at is not None else None
    db = open_db()
    found = stored(db.conn, entry_id, label)
    instrument = get_instrument(found.instrument)
    answers, version = None, None
    if scores is not None:
        answers, version = parse_scores(instrument, scores), instrument.version  # every item asked again
    elif item:  # re-answers those items, or completes a partial check-in
        answers = validate_answers(instrument, {**found.answers, **parse_items_given(instrument, item)}, partial=True)
    saved = edit_questionnaire(
        db, now=current, entry_id=entry_id, label=label, answers=answers,
        total=total_or_none(instrument, answers) if answers is not None else None,
        at=when, note=note, note_given=note_given, version=version,
    )
    out(saved_line("Updated", saved))
    shown = answers or found.answers
    for line in interpret(instrument, shown, saved.previous_total).lines:
        out(line)
    if len(shown) < len(instrument.items):
        out(complete_hint(entry_id, len(instrument.items) - len(shown)))


def _edit_other(label, entry_id, current, substance, amount, at, note, note_given) -> None:
    from kratomlog.core.clock import show_local
    from kratomlog.core.substances import parse_other_amount, parse_substance, synonym_note
    from kratomlog.core.when import parse_when
    from kratomlog.render.tables import describe
    from kratomlog.store.entries_read import get_entry
    from kratomlog.store.other_edit import edit_other
    from kratomlog.store.settings_store import load_settings

    changes: dict = {}
    if substance is not None:
        changes["substance"] = parse_substance(substance)
    if amount is not None:
        changes["amount"] = parse_other_amount(amount)
    if at is not None:
        changes["at"] = parse_when(at, current)
    if note_given:
        changes["note"] = note
    if not changes:
        _nothing("other", label)
    db = open_db()
    edit_other(db, now=current, entry_id=entry_id, label=label, changes=changes)
    entry = get_entry(db.conn, load_settings(db), "other", entry_id)
    typed = synonym_note(substance, changes["substance"]) if substance is not None else ""
    out(f"Updated {label}: {describe(entry)} at {show_local(entry.at)}{typed}")
