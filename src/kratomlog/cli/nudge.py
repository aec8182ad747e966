"""The nudge after a logging command: one line per warning signal that has just become active.

A signal is announced once; it is announced again only after it has been clear (EVIDENCE.md §6).
The announcement is worked out and recorded inside the command's own transaction (`db.write()`),
so an entry and its announcement land together or not at all; printing waits until after the
commit. This runs on the fast path, so it imports only sqlite-level store code and the pure rules.
"""

from __future__ import annotations

from kratomlog.core.records import NamedTuple

from kratomlog.cli.edge import err, out, state
from kratomlog.core.texts import SEE_SIGNALS, severity_rank


class Nudge(NamedTuple):
    """What to print once the command's transaction has committed."""

    fresh: tuple  # the signal results that just became active, most severe first
    problem: str | None = None  # why the signals could not be checked (the entry is stored anyway)


def nudge_line(signal_id: str) -> str:
    return f"! new signal: {signal_id} — {SEE_SIGNALS}"


def check_new_signals(db, now: int, settings) -> Nudge:
    """Inside the command's transaction: evaluate the rules and record the newly active signals.

    The entry is already written in this transaction, so a failure here must not turn the command
    into a failure: the announcement's own part (a savepoint) is undone, the problem is kept for one
    line on stderr (re-raised with --debug), and the entry still commits.
    """
    from kratomlog.core.signals import to_announce
    from kratomlog.store.signal_reads import announced, evaluate_signals, record_announcements

    try:
        with db.part():
            results = evaluate_signals(db.conn, now, settings)
            fresh, forget = to_announce(results, announced(db.conn))
            record_announcements(db.conn, now, [r.id for r in fresh], forget)
    except Exception as error:  # noqa: BLE001 — see the docstring
        if state.debug:
            raise
        return Nudge((), f"note: the warning signals could not be checked ({type(error).__name__}: {error})")
    return Nudge(tuple(sorted(fresh, key=lambda r: severity_rank(r.level))))


def show_nudge(nudge: Nudge) -> None:
    if nudge.problem is not None:
        err(nudge.problem)
    for result in nudge.fresh:
        out(nudge_line(result.id))
