"""`withdrawal` (SOWS-16) and the `check` group — one command per instrument of the registry
(`core.instruments.INSTRUMENTS`: `sows`, `dsm`/`dsm5`, `pss`/`pss10`) and `history`: take a
questionnaire from flags or item by item on standard input, save it itemised, show the result. The
commands, their options and their help are built from the instruments' definitions.

`withdrawal` is on the fast path: this module imports nothing heavy at the top, and the commands
import Rich only for the history table.
"""

from __future__ import annotations

import sys
from typing import Callable, List, Optional

import typer

from kratomlog.cli import options
from kratomlog.cli.edge import command, err, now, open_db, out, print_json
from kratomlog.cli.paging import paged
from kratomlog.core.instruments import INSTRUMENTS, known_names
from kratomlog.core.invalid import Invalid
from kratomlog.errors import EXIT_INTERRUPTED, BadInput
from kratomlog.cli import left_out

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


def _summary(instrument) -> str:
    """`DSM-5 self-check: 11 yes/no questions (in the past 12 months).` — the first line of its help."""
    from kratomlog.core.instruments import accepted

    kind = "yes/no questions" if instrument.yes_no else f"items, {accepted(instrument)} each"
    return f"{instrument.title}: {len(instrument.items)} {kind} ({instrument.time_frame})."


def _help(instrument, *, name: str) -> str:
    """The whole `--help` of an instrument's command, from its definition."""
    from kratomlog.core.instruments import example_scores, other_names, scale_text
    from kratomlog.core.texts import NOT_A_DIAGNOSIS, sentence

    names = dict.fromkeys((instrument.command, instrument.id, *other_names(instrument)))
    same = [f"kratomlog check {n}" for n in names if n != name]
    if name != "withdrawal" and instrument.id == WITHDRAWAL_INSTRUMENT:
        same.insert(0, "kratomlog withdrawal")
    parts = [_summary(instrument) + (f" Same as: {', '.join(same)}." if same else "")]
    parts.append("Without --scores" + (" or --item" if instrument.partial else "")
                 + " it asks item by item (b goes back, Ctrl-C stops without saving).")
    where = "kratomlog withdrawal" if name == "withdrawal" else f"kratomlog check {name}"
    parts.append(f"Example: {where} --scores {example_scores(instrument)}")
    if instrument.partial:
        first, second = instrument.items[-1].key, instrument.items[0].key
        parts.append(f"Example: {where} --item {first}={instrument.high} --item {second}={instrument.low} --at 08:00")
        parts.append(f"A total needs all {len(instrument.items)} items: with fewer it is saved as a partial "
                     "check-in (its items, no total, no change, never used by a signal); "
                     "'kratomlog edit qN --item KEY=N' can complete it.")
    parts.append(f"Items in order: {', '.join(instrument.keys)}.")
    parts.append(f"Answers: {scale_text(instrument)}.")
    parts.append(sentence(NOT_A_DIAGNOSIS))
    return "\n\n".join(parts)


def _command_for(instrument, *, name: str) -> Callable:
    """The command that takes one instrument, built from its definition (with --item when it allows
    a partial check-in)."""
    from kratomlog.core.instruments import accepted

    n = len(instrument.items)
    scores_help = f"All {n} answers {accepted(instrument)} in item order, comma-separated."
    if instrument.partial:
        def take_it(
            scores: Optional[str] = typer.Option(None, "--scores", help=scores_help),
            item: List[str] = typer.Option(
                [], "--item", help=f"KEY=N for one item (repeatable), e.g. {instrument.items[-1].key}="
                f"{instrument.high}; fewer than {n} make a partial check-in (no total)."),
            at: str = typer.Option("now", "--at", help=AT_HELP),
            note: Optional[str] = typer.Option(None, "--note", help=NOTE_HELP),
        ) -> None:
            take(instrument.id, scores, item, at, note)
    else:
        def take_it(
            scores: Optional[str] = typer.Option(None, "--scores", help=scores_help),
            at: str = typer.Option("now", "--at", help=AT_HELP),
            note: Optional[str] = typer.Option(None, "--note", help=NOTE_HELP),
        ) -> None:
            take(instrument.id, scores, [], at, note)
    take_it.__name__ = take_it.__qualname__ = name.replace("-", "_")
    take_it.__doc__ = _help(instrument, name=name)
    return command(take_it)


@command
@paged
def history(
    instrument: Optional[str] = typer.Option(None, "--instrument", "-i", help=f"Only this one: {known_names()}."),
    number: int = typer.Option(0, "-n", "--number", help="How many at most (0 for all)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """Questionnaires taken, newest first, with totals and the change since the previous one.

    Example: kratomlog check history --instrument sows
    """
    from kratomlog.core.instruments import get_instrument
    from kratomlog.core.json_shapes import history_json
    from kratomlog.render.checks_view import history_table
    from kratomlog.store.questionnaires import history as read_history

    if number < 0:
        raise Invalid(f"-n takes 0 (all) or a positive number; got {number}")
    chosen = get_instrument(instrument).id if instrument is not None else None
    db = open_db()
    rows = read_history(db.conn, instrument=chosen, limit=number or None)
    if as_json:
        print_json(history_json(rows))
        left_out.note(db, stderr=True, kinds=("questionnaire",))  # a list cannot grow a key
        return
    if not rows:
        from kratomlog.core.instruments import INSTRUMENTS

        tries = ", ".join(f"kratomlog check {i.command}" for i in INSTRUMENTS.values())
        out(f"No questionnaires yet. Try: {tries}")
    else:
        history_table(rows)
    left_out.note(db, kinds=("questionnaire",))


def build() -> typer.Typer:
    """The `check` group: one command per instrument of the registry (hidden ones for its other
    names), and `history`."""
    from kratomlog.core.instruments import INSTRUMENTS, other_names

    group = typer.Typer(help=_group_help(), no_args_is_help=True)
    for instrument in INSTRUMENTS.values():
        group.command(instrument.command)(_command_for(instrument, name=instrument.command))
        for other in (instrument.id, *other_names(instrument)):
            if other != instrument.command:
                group.command(other, hidden=True)(_command_for(instrument, name=other))
    group.command("history")(history)
    return group


def _group_help() -> str:
    from kratomlog.core.instruments import INSTRUMENTS

    named = ", ".join(f"{i.name} ({i.command})" for i in INSTRUMENTS.values())
    return f"Self-check questionnaires: {named}, history."


WITHDRAWAL_INSTRUMENT = "sows"  # `kratomlog withdrawal` is the SOWS-16 checklist
withdrawal = _command_for(INSTRUMENTS[WITHDRAWAL_INSTRUMENT], name="withdrawal")
app = build()
