"""`list`, `edit`, `delete` and `undo`: see and fix what was logged."""

from __future__ import annotations

from typing import List, Optional

import typer

from kratomlog.cli import options
from kratomlog.cli.edit_checks import not_for, nothing_to_change
from kratomlog.cli.edge import command, err, now, open_db, out, print_json
from kratomlog.cli.paging import paged
from kratomlog.core.invalid import Invalid
from kratomlog.cli import left_out

KIND_WORDS = {
    "dose": "dose", "doses": "dose", "stress": "stress", "rating": "stress", "ratings": "stress",
    "no-use": "no-use", "nouse": "no-use", "questionnaire": "questionnaire", "check": "questionnaire",
    "checks": "questionnaire", "withdrawal": "questionnaire", "other": "other", "others": "other",
    "purchase": "purchase", "purchases": "purchase", "buy": "purchase",
}


def _kinds(values: list[str]) -> tuple[str, ...]:
    from kratomlog.store.entries_read import KINDS

    if not values:
        return KINDS
    kinds = []
    for value in values:
        for part in value.split(","):
            kind = KIND_WORDS.get(part.strip().lower())
            if kind is None:
                raise Invalid(f"unknown kind {part.strip()!r}; kinds are {', '.join(KINDS)}")
            if kind not in kinds:
                kinds.append(kind)
    return tuple(kinds)


def _one_reason(value: str | None) -> str | None:
    if value is None:
        return None
    found = options.reasons([value])
    if len(found) != 1:
        raise Invalid(f"--reason takes one reason; got {value!r}")
    return found[0]


def _strain_id(conn, name: str) -> int:
    from kratomlog.store import strains

    found = strains.find(conn, name)
    if found is None:
        from kratomlog.core.names import meant_names

        close = meant_names(name, [s.name for s in strains.all_strains(conn, include_archived=True)])
        hint = f"; did you mean {' or '.join(repr(n) for n in close)}?" if close else "; see 'kratomlog strain list --all'"
        raise Invalid(f"no strain named {name!r}{hint}")
    return found.id


@command
@paged
def list_(
    since: Optional[str] = typer.Option(None, "--since", help="From this time or day (e.g. '3d ago', 2026-11-20, yesterday)."),
    until: Optional[str] = typer.Option(None, "--until", help="Up to this time or day (a day includes all of it)."),
    kind: List[str] = typer.Option([], "--kind", "-k", help="Only these kinds: dose, stress, no-use, questionnaire, other, purchase (repeatable)."),
    number: int = typer.Option(20, "-n", "--number", help="How many entries at most (0 for all)."),
    grep: Optional[str] = typer.Option(None, "--grep", "-g", help="Only entries whose note contains this text (any kind; ignoring case)."),
    strain: Optional[str] = typer.Option(None, "--strain", "-s", help="Only doses of this strain."),
    reason: Optional[str] = typer.Option(None, "--reason", "-r", help="Only doses with this reason (stress, pain, energy…)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """List entries, newest first, with their short ids (d12 dose, s4 stress, q3 questionnaire, o2 other, n5 no-use, p7 purchase).

    Example: kratomlog list --since "3d ago" --kind dose

    Also: kratomlog list --grep "after work" --strain "Red Bali" --reason stress
    """
    from kratomlog.core.when import parse_bound
    from kratomlog.store.entries_read import list_entries
    from kratomlog.store.settings_store import load_settings

    if number < 0:
        raise Invalid(f"-n takes 0 (all) or a positive number; got {number}")
    kinds = _kinds(kind)
    why = _one_reason(reason)
    if grep is not None and not grep.strip():
        raise Invalid("--grep needs some text to look for")
    current = now()
    db = open_db()
    settings = load_settings(db)
    strain_id = _strain_id(db.conn, strain) if strain is not None else None
    start = parse_bound(since, current, settings, end=False) if since else None
    end = parse_bound(until, current, settings, end=True) if until else None
    if start is not None and end is not None and start >= end:
        raise Invalid("--since must be before --until")
    entries = list_entries(db.conn, settings, since=start, until=end, kinds=kinds, limit=number or None,
                           grep=grep.strip() if grep else None, strain_id=strain_id, reason=why)
    if as_json:
        from kratomlog.core.json_shapes import entry_json

        print_json([entry_json(e) for e in entries])
        left_out.note(db, stderr=True)  # each such entry also says so itself ("invalid")
        return
    if not entries:
        from kratomlog.store.entries_read import list_entries as any_entries

        if not any_entries(db.conn, settings, limit=1):
            out('Nothing is logged yet. Start with: kratomlog dose 3g "Red Bali" (or kratomlog stress 5)')
        elif grep or strain or reason:
            out("Nothing logged matches that.")
        else:
            out("Nothing logged in that range yet.")
        return
    from kratomlog.render.tables import entries_table

    entries_table(entries)
    left_out.note(db)


@command
def edit(
    entry: str = typer.Argument(..., metavar="ID", help="The entry's short id, e.g. d12 (see 'kratomlog list')."),
    amount: Optional[str] = typer.Option(None, "--amount", help="Dose: a new amount (3g, 2caps…). Other substance: free text."),
    strain: Optional[str] = typer.Option(None, "--strain", help="Dose: another strain."),
    at: Optional[str] = typer.Option(None, "--at", help="A new time (as for dose)."),
    reason: List[str] = typer.Option([], "--reason", "-r", help="Dose: replace the reasons (repeatable)."),
    note: Optional[str] = typer.Option(None, "--note", help="A new note ('' clears it)."),
    stress: Optional[str] = typer.Option(None, "--stress", help="Rating: stress 0–10."),
    craving: Optional[str] = typer.Option(None, "--craving", help="Rating: craving 0–10."),
    pain: Optional[str] = typer.Option(None, "--pain", help="Rating: pain 0–10."),
    on: Optional[str] = typer.Option(None, "--on", help="No-use day: another day."),
    substance: Optional[str] = typer.Option(None, "--substance", help="Other substance: what it was."),
    scores: Optional[str] = typer.Option(None, "--scores", help="Questionnaire: every answer again, comma-separated."),
    item: List[str] = typer.Option([], "--item", help="Questionnaire: KEY=N re-answers that item (repeatable); the others keep their answers."),
    mitragynine: Optional[str] = typer.Option(None, "--mitragynine", metavar="PERCENT", help="Dose: set its mitragynine % (otherwise an edit keeps the % it was logged with), e.g. --mitragynine 1.6."),
    new: bool = typer.Option(False, "--new", help="Dose: create the strain even if its name is close to another."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Confirm an unusual dose."),
    batch: Optional[str] = typer.Option(None, "--batch", help="Dose or purchase: the batch code (of its strain).", metavar="CODE"),
    price: Optional[str] = typer.Option(None, "--price", help="Purchase: what it cost.", metavar="MONEY"),
    currency: Optional[str] = typer.Option(None, "--currency", help="Purchase: three-letter currency code.", metavar="CODE"),
    vendor: Optional[str] = typer.Option(None, "--vendor", help="Purchase or batch: who sold it.", metavar="TEXT"),
    set_: List[str] = typer.Option([], "--set", help="Batch or certificate: KEY=VALUE with the option names of 'batch add' / 'coa add' (repeatable), e.g. --set lead=0.4.", metavar="KEY=VALUE"),
) -> None:
    """Change an entry. It takes the same options as the command that made it.

    Example: kratomlog edit d12 --amount 3g

    A dose keeps the mitragynine % it was logged with; --mitragynine PERCENT sets another (moving it to another strain applies that strain's).

    Purchases (p7) take --amount, --strain, --batch, --price, --currency, --on, --vendor, --note;
    batches (b2) and certificates (c3) take --set KEY=VALUE, e.g. kratomlog edit c3 --set salmonella=fail
    """
    from kratomlog.core.shortids import parse_short_id

    kind, entry_id = parse_short_id(entry)
    label = entry.strip().lower()
    current = now()
    clear_note = note is not None and note.strip() == ""
    text = options.note(note)
    if clear_note:
        text = None
    note_given = note is not None
    product = {"--batch": batch, "--price": price, "--currency": currency, "--vendor": vendor, "--set": set_}
    if kind != "dose":
        not_for(kind, label, {"--mitragynine": mitragynine})
    if kind in ("purchase", "batch", "certificate"):
        from kratomlog.cli.edit_products import edit_product_kind

        edit_product_kind(kind, label, entry_id, current, amount=amount, strain=strain, at=at, reason=reason,
                          note=text, note_given=note_given, stress=stress, craving=craving, pain=pain, on=on,
                          substance=substance, scores=scores, item=item, new=new, yes=yes, batch=batch,
                          price=price, currency=currency, vendor=vendor, set_=set_)
        return
    if kind == "dose":
        not_for(kind, label, {"--stress": stress, "--craving": craving, "--pain": pain, "--on": on, "--substance": substance, "--scores": scores, "--item": item,
                               "--price": price, "--currency": currency, "--vendor": vendor, "--set": set_})
        pct = options.percentage(mitragynine, "--mitragynine") if mitragynine is not None else None
        _edit_dose(label, entry_id, current, amount, strain, at, reason, text, note_given, new, yes, batch, pct)
        return
    not_for(kind, label, product)
    if kind == "stress":
        not_for(kind, label, {"--amount": amount, "--strain": strain, "--reason": reason, "--on": on, "--substance": substance, "--scores": scores, "--item": item})
        _edit_rating(label, entry_id, current, stress, craving, pain, at, text, note_given)
    elif kind == "no-use":
        not_for(kind, label, {"--amount": amount, "--strain": strain, "--at": at, "--reason": reason, "--stress": stress, "--craving": craving, "--pain": pain, "--substance": substance, "--scores": scores, "--item": item})
        _edit_no_use(label, entry_id, current, on, text, note_given)
    else:
        from kratomlog.cli.edit_more import edit_other_kind

        edit_other_kind(kind, label, entry_id, current, amount=amount, strain=strain, at=at, reason=reason,
                        note=text, note_given=note_given, stress=stress, craving=craving, pain=pain, on=on,
                        substance=substance, scores=scores, item=item)


def _edit_dose(label, entry_id, current, amount, strain, at, reason, text, note_given, new, yes, batch=None, pct=None) -> None:
    from kratomlog.core.amounts import parse_amount
    from kratomlog.core.when import parse_when
    from kratomlog.store.entry_edit import edit_dose
    from kratomlog.store.settings_store import load_settings

    if amount is None and strain is None and at is None and not reason and not note_given and batch is None and pct is None:
        nothing_to_change(label, "dose")
    when = parse_when(at, current) if at is not None else None
    code = None
    if batch is not None:
        from kratomlog.core.batches import clean_code

        code = clean_code(batch)
    why = options.reasons(reason) if reason else None
    db = open_db()
    settings = load_settings(db)
    parsed = parse_amount(amount, settings.default_unit) if amount is not None else None
    before, after = edit_dose(db, now=current, settings=settings, entry_id=entry_id, amount=parsed, strain_name=strain,
                              at=when, reasons=why, note=(text or "") if note_given else None, new=new, yes=yes,
                              batch_code=code, mitragynine_pct=pct)
    _show_after(db, settings, "dose", entry_id)
    out(potency_change_line(before, after))


def potency_change_line(before: float | None, after: float | None) -> str:
    """What happened to the dose's stored mitragynine %: kept, or changed from → to."""
    def pct(value: float | None) -> str:
        return "no estimate" if value is None else f"{value:g}%"

    if before == after:
        return f"Mitragynine: {pct(after)} kept (the value it was logged with; --mitragynine PERCENT sets another)"
    return f"Mitragynine: {pct(before)} → {pct(after)}"


def _edit_rating(label, entry_id, current, stress, craving, pain, at, text, note_given) -> None:
    from kratomlog.core.when import parse_when
    from kratomlog.store.entry_edit import edit_rating

    changes: dict = {}
    if stress is not None:
        changes["stress"] = options.score(stress, "--stress")
    if craving is not None:
        changes["craving"] = options.score(craving, "--craving")
    if pain is not None:
        changes["pain"] = options.score(pain, "--pain")
    if at is not None:
        changes["at"] = parse_when(at, current)
    if note_given:
        changes["note"] = text
    if not changes:
        nothing_to_change(label, "stress")
    db = open_db()
    edit_rating(db, now=current, entry_id=entry_id, changes=changes)
    from kratomlog.store.settings_store import load_settings

    _show_after(db, load_settings(db), "stress", entry_id)


def _edit_no_use(label, entry_id, current, on, text, note_given) -> None:
    from kratomlog.core.when import parse_day
    from kratomlog.store.entry_edit import edit_no_use
    from kratomlog.store.settings_store import load_settings

    if on is None and not note_given:
        nothing_to_change(label, "no-use")
    db = open_db()
    settings = load_settings(db)
    day = parse_day(on, current, settings) if on is not None else None
    edit_no_use(db, now=current, settings=settings, entry_id=entry_id, day=day, note=(text or None) if note_given else None)
    _show_after(db, settings, "no-use", entry_id)


def entry_now(db, settings, kind: str, entry_id: int) -> str | None:
    """What the entry looks like now, `3 g of Red Bali at 2026-11-27 12:00`, or None if it is gone."""
    from kratomlog.render.tables import describe, when_text
    from kratomlog.store.entries_read import get_entry

    entry = get_entry(db.conn, settings, kind, entry_id)
    if entry is None:
        return None
    return f"{describe(entry)} at {when_text(entry)}"


def _show_after(db, settings, kind: str, entry_id: int) -> None:
    from kratomlog.core.shortids import short_id

    out(f"Updated {short_id(kind, entry_id)}: {entry_now(db, settings, kind, entry_id)}")


def _confirm(question: str) -> bool:
    err(question + " [y/N] ")
    try:
        answer = input()
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


@command
def delete(
    entry: str = typer.Argument(..., metavar="ID", help="The entry's short id, e.g. s4."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Delete without asking."),
    forever: bool = typer.Option(False, "--forever", help="Also erase every undo copy of it, so no copy stays in the database file (undo cannot bring it back)."),
) -> None:
    """Delete an entry (undo brings it back with the same id; with --forever nothing can).

    Example: kratomlog delete s4 --yes
    Example: kratomlog delete d12 --forever
    """
    from kratomlog.core.clock import show_local
    from kratomlog.core.shortids import parse_short_id
    from kratomlog.render.tables import describe, when_text
    from kratomlog.store.entries_read import get_entry
    from kratomlog.store.entry_edit import delete_entry
    from kratomlog.store.settings_store import load_settings

    kind, entry_id = parse_short_id(entry)
    label = entry.strip().lower()
    current = now()
    db = open_db()
    found = get_entry(db.conn, load_settings(db), kind, entry_id)
    if found is None:
        from kratomlog.core.shortids import missing_text
        from kratomlog.store.changes import changes_since_deleted

        raise Invalid(missing_text(label, changes_since_deleted(db.conn, kind, entry_id)))
    when = "" if kind in ("batch", "certificate") else f" at {show_local(found.at) if found.at is not None else when_text(found)}"
    summary = f"{label}: {describe(found)}{when}"
    question = f"Delete {summary} forever, with every undo copy of it (undo cannot bring it back)?" if forever else f"Delete {summary}?"
    if not yes and not _confirm(question):
        out("Nothing deleted.")
        return
    if not forever:
        delete_entry(db, now=current, kind=kind, entry_id=entry_id, label=label)
        out(f"Deleted {summary} (undo with 'kratomlog undo')")
        return
    from kratomlog.store.forgetting import delete_forever

    delete_forever(db, kind=kind, entry_id=entry_id, label=label)
    out(f"Deleted {summary} forever: the entry and its undo copies are gone from the database file")
    _copies_elsewhere(db.path)


def _copies_elsewhere(path) -> None:
    """Migration backups are separate files kratomlog never rewrites: say they may still hold it."""
    from kratomlog.store.files import database_files

    backups = [p for p in database_files(path) if p.name.endswith(".bak")]
    if backups:
        out(f"Note: {len(backups)} migration backup(s) beside the database may still hold older copies "
            f"(e.g. {backups[0].name}); delete them if you no longer need them. Your own exports and backups keep theirs.")


@command
def forget(
    before: str = typer.Option(..., "--before", metavar="DAY", help="Drop the undo history made before this day: 2026-11-01, '30d ago', yesterday."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do it without asking."),
) -> None:
    """Drop undo history older than a day, erasing the old copies of deleted and edited entries.

    Undo keeps a full copy of every deleted or edited entry; this removes the copies made before DAY
    (those changes can no longer be undone) and leaves no trace of them in the database file.

    Example: kratomlog forget --before 2026-11-01
    """
    from kratomlog.core.days import day_start
    from kratomlog.core.when import parse_day
    from kratomlog.store.forgetting import forget_before, undo_records_before
    from kratomlog.store.settings_store import load_settings

    current = now()
    db = open_db()
    settings = load_settings(db)
    day = parse_day(before, current, settings)
    instant = day_start(day, settings)
    count = undo_records_before(db, instant)
    if count == 0:
        out(f"No undo history before {day.isoformat()}; nothing to forget.")
        return
    question = (f"Forget {count} undo record(s) made before {day.isoformat()}? Those changes can no longer be "
                "undone, and the old copies they hold are erased.")
    if not yes and not _confirm(question):
        out("Nothing forgotten.")
        return
    dropped = forget_before(db, instant)
    out(f"Forgot {dropped} undo record(s) made before {day.isoformat()}; their copies are gone from the database file")
    _copies_elsewhere(db.path)


def _undone_text(change, now_text=None) -> str:
    from kratomlog.core.vocab import KIND_PREFIX

    row = change.after if change.action == "add" else change.before
    if change.kind == "strain":
        name = (row or {}).get("name", "?")
        return {"add": f"the new strain {name!r}", "edit": f"the change to strain {name!r}", "delete": f"the deletion of strain {name!r}"}[change.action]
    if change.kind == "taper":
        return {"add": "starting the taper plan", "edit": "the change to the taper plan (stop)", "delete": "the deletion of a taper plan"}[change.action]
    if change.kind == "taper-change":
        kind = (row or {}).get("kind", "change")
        return f"the taper {kind}"
    label = f"{KIND_PREFIX[change.kind]}{change.entry_id}"
    verb = {"add": "logging", "edit": "the edit of", "delete": "the deletion of"}[change.action]
    text = f"{verb} {label} ({change.kind})"
    if change.action == "add":
        return f"{text} — {label} is removed"
    if now_text is not None:
        return f"{text} — {label} {'is back' if change.action == 'delete' else 'is now'}: {now_text}"
    return text


@command
def undo() -> None:
    """Undo the last add, edit or delete; run again to go further back.

    Example: kratomlog undo
    """
    from kratomlog.store.entry_edit import undo as undo_change

    db = open_db()
    undone = undo_change(db)
    if not undone:
        out("Nothing to undo.")
        return
    if len(undone) <= 3 and all(c.count == 1 for c in undone):
        from kratomlog.store.entries_read import KINDS
        from kratomlog.store.settings_store import load_settings

        settings = load_settings(db)
        texts = [
            _undone_text(c, entry_now(db, settings, c.kind, c.entry_id) if c.kind in KINDS and c.action != "add" else None)
            for c in undone
        ]
        out("Undid " + "; ".join(texts))
        return
    counts: dict[tuple[str, str], int] = {}
    for change in undone:
        counts[(change.action, change.kind)] = counts.get((change.action, change.kind), 0) + change.count
    verbs = {"add": "added", "edit": "edited", "delete": "deleted"}
    parts = [f"{n} {verbs[action]} {kind} entr{'y' if n == 1 else 'ies'}" for (action, kind), n in counts.items() if n]
    total = sum(counts.values())
    out(f"Undid {total} change{'s' if total != 1 else ''} made by one command: " + ", ".join(parts))
