"""The nudge after a logging command: one line per warning signal that has just become active.

A signal is announced once; it is announced again only after it has been clear (EVIDENCE.md §6).
This runs on the fast path, so it imports only sqlite-level store code and the pure rules.
"""

from __future__ import annotations

from kratomlog.cli.edge import err, out, state
from kratomlog.core.texts import SEE_SIGNALS, severity_rank


def nudge_line(signal_id: str) -> str:
    return f"! new signal: {signal_id} — {SEE_SIGNALS}"


def announce_new_signals(db, now: int) -> None:
    """Evaluate the rules, print newly active signals, and record them in one small transaction.

    The entry is already stored when this runs, so a failure here must not turn the command into a
    failure: it is reported on stderr as one line (re-raised with --debug) and the command succeeds.
    """
    from kratomlog.core.signals import to_announce
    from kratomlog.store.settings_store import load_settings
    from kratomlog.store.signal_reads import announced, evaluate_signals, record_announcements

    try:
        results = evaluate_signals(db.conn, now, load_settings(db))
        with db.write() as conn:
            fresh, forget = to_announce(results, announced(conn))
            record_announcements(conn, now, [r.id for r in fresh], forget)
    except Exception as error:  # noqa: BLE001 — see the docstring
        if state.debug:
            raise
        err(f"note: the warning signals could not be checked ({type(error).__name__}: {error})")
        return
    for result in sorted(fresh, key=lambda r: severity_rank(r.level)):
        out(nudge_line(result.id))
