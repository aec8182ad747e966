"""`withdrawal` (SOWS-16) and the `check` group (`sows`, `dsm`/`dsm5`, `pss`/`pss10`, `history`):
take a questionnaire from flags or item by item on standard input, save it itemised, show the result.

`withdrawal` is on the fast path: this module imports nothing heavy at the top, and the commands
import Rich only for the history table.
"""

from __future__ import annotations

import sys
from typing import List, Optional

import typer

from kratomlog.cli import options
from kratomlog.cli.edge import command, err, now, open_db, out, print_json
from kratomlog.cli.help_texts import quoting
from kratomlog.cli.paging import paged
from kratomlog.core.invalid import Invalid
from kratomlog.errors import EXIT_INTERRUPTED, BadInput

app = typer.Typer(
    help="Self-check questionnaires: SOWS-16 withdrawal (sows), DSM-5 self-check (dsm), PSS-10 stress (pss), history.",
    no_args_is_help=True,
)

AT_HELP = "When it applies: now, 08:00, 'yesterday 21:30', '2026-11-20 08:00', '40m ago' (as for dose)."
NOTE_HELP = "A free-text note."


def _wrapped(text: str) -> list[str]:
    """Lines that fit the terminal, broken between words (a terminal would break mid-word)."""
    import shutil
    import textwrap

    width = max(40, shutil.get_terminal_size((80, 24)).columns - 1)
    return textwrap.wrap(text.rstrip(), width, break_on_hyphens=False) or [""]


def ask(instrument) -> dict[str, int]:
    """Every item in order from standard input (a terminal or a pipe); nothing is written here."""
    from kratomlog.core.asking import Asker

    asker = Asker(instrument)
    for text in _wrapped(asker.intro + " Ctrl-C stops without saving."):
        out(text)
    echo = not sys.stdin.isatty()  # a piped answer is not shown by the terminal; show it
    while not asker.done:
        *above, last = _wrapped(asker.prompt())
        for text in above:
            out(text)
        try:
            line = input(last + " ")
        except EOFError:
            out()
            raise BadInput("stopped before the last item; nothing saved") from None
        except KeyboardInterrupt:
            out()
            err("stopped; nothing saved")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        if echo:
            out(line.strip())
        message = asker.answer(line)
        if message:
            out(message)
    return asker.answers


def take(name: str, scores: str | None, items: list[str], at: str, note: str | None) -> None:
    """Validate every flag, ask if no answers were given, then save and show the result."""
    from kratomlog.core.instruments import get_instrument, interpret, parse_item_flags, parse_scores, total_or_none
    from kratomlog.core.when import parse_when
    from kratomlog.render.checks_view import complete_hint, saved_line
    from kratomlog.store.questionnaires import add_questionnaire

    current = now()
    instrument = get_instrument(name)
    if scores is not None and items:
        raise Invalid("give --scores (every item) or --item (some items: a partial check-in), not both")
    answers, missing = None, 0
    if scores is not None:
        answers = parse_scores(instrument, scores)
    elif items:
        answers, missing = parse_item_flags(instrument, items)
    when = parse_when(at, current)
    text = options.note(note)
    db = open_db()
    if answers is None:
        answers = ask(instrument)
    from kratomlog.cli.nudge import check_new_signals, show_nudge
    from kratomlog.store.settings_store import load_settings

    settings = load_settings(db)
    with db.write():  # the check-in and its signal announcement: one transaction
        saved = add_questionnaire(
            db, now=current, instrument=instrument.id, answers=answers, total=total_or_none(instrument, answers),
            at=when, note=text, version=instrument.version,
        )
        nudge = check_new_signals(db, current, settings)
    out(saved_line("Saved", saved))
    for line in interpret(instrument, answers, saved.previous_total).lines:
        out(line)
    if missing:
        out(complete_hint(saved.id, missing))
    show_nudge(nudge)


@command
def withdrawal(
    scores: Optional[str] = typer.Option(None, "--scores", help="All 16 answers 0–4 in item order, comma-separated."),
    item: List[str] = typer.Option([], "--item", help="KEY=N for one item (repeatable), e.g. restless=2; fewer than 16 make a partial check-in (no total)."),
    at: str = typer.Option("now", "--at", help=AT_HELP),
    note: Optional[str] = typer.Option(None, "--note", help=NOTE_HELP),
) -> None:
    """Withdrawal checklist (SOWS-16): 16 items about how you feel right now, 0–4 each.

    Without --scores or --item it asks item by item (b goes back, Ctrl-C stops without saving).

    Example: kratomlog withdrawal --item restless=2 --item yawning=1 --at 08:00

    A total needs all 16 items: with fewer it is saved as a partial check-in (its items, no total,
    no change, never used by a signal); 'kratomlog edit qN --item KEY=N' can complete it.

    Items in order: anxious, yawning, perspiring, eyes_tearing, nose_running, gooseflesh, shaking, hot_flashes, cold_flashes, aches, restless, nauseous, vomit, twitching, cramps, craving.

    Anchors: 0 not at all, 1 a little, 2 moderately, 3 quite a bit, 4 extremely.
    """
    take("sows", scores, item, at, note)


@command
@quoting
def dsm(
    scores: Optional[str] = typer.Option(None, "--scores", help="All 11 answers in order, y/n or 1/0, comma-separated."),
    at: str = typer.Option("now", "--at", help=AT_HELP),
    note: Optional[str] = typer.Option(None, "--note", help=NOTE_HELP),
) -> None:
    """DSM-5 self-check: 11 yes/no questions about the past 12 months (also: check dsm5).

    {NOT_A_DIAGNOSIS} Without --scores it asks question by question.

    Example: kratomlog check dsm --scores n,n,n,y,n,n,n,n,n,y,y
    """
    take("dsm5", scores, [], at, note)


@command
def pss(
    scores: Optional[str] = typer.Option(None, "--scores", help="All 10 answers 0–4 in item order, comma-separated."),
    at: str = typer.Option("now", "--at", help=AT_HELP),
    note: Optional[str] = typer.Option(None, "--note", help=NOTE_HELP),
) -> None:
    """PSS-10 Perceived Stress Scale: 10 items about the last month, 0–4 each (also: check pss10).

    Anchors: 0 never, 1 almost never, 2 sometimes, 3 fairly often, 4 very often. Without --scores it asks item by item.

    Example: kratomlog check pss --scores 3,2,3,1,1,3,2,1,3,2
    """
    take("pss10", scores, [], at, note)


@command
@paged
def history(
    instrument: Optional[str] = typer.Option(None, "--instrument", "-i", help="Only this one: sows, dsm5 (dsm), pss10 (pss)."),
    number: int = typer.Option(0, "-n", "--number", help="How many at most (0 for all)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """Questionnaires taken, newest first, with totals and the change since the previous one.

    Example: kratomlog check history --instrument sows
    """
    from kratomlog.core.instruments import get_instrument
    from kratomlog.render.checks_view import history_json, history_table
    from kratomlog.store.questionnaires import history as read_history

    if number < 0:
        raise Invalid(f"-n takes 0 (all) or a positive number; got {number}")
    chosen = get_instrument(instrument).id if instrument is not None else None
    db = open_db()
    rows = read_history(db.conn, instrument=chosen, limit=number or None)
    if as_json:
        print_json(history_json(rows))
        return
    if not rows:
        out("No questionnaires yet. Try: kratomlog withdrawal, kratomlog check dsm, kratomlog check pss")
        return
    history_table(rows)


app.command(
    "sows",
    help="Same as 'kratomlog withdrawal': the SOWS-16 withdrawal checklist.\n\n"
    "Example: kratomlog check sows --scores 1,2,0,0,1,0,0,1,1,2,2,0,0,1,0,3",
)(withdrawal)
app.command("dsm")(dsm)
app.command("dsm5", hidden=True)(dsm)
app.command("pss")(pss)
app.command("pss10", hidden=True)(pss)
app.command("history")(history)
