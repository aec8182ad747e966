"""What every read command adds when stored rows holding invalid values were left out of its numbers
(`core.stored_ranges` says what is invalid, `store.valid_rows` finds the rows): a line after the
screen, a key in a `--json` object, or — where the JSON is a list, whose shape cannot grow a key —
a line on standard error. Nothing is added when there are none."""

from __future__ import annotations

from kratomlog.cli.edge import err, out

JSON_KEY = "invalid_entries"  # {"count": 2, "ids": ["d12", "d40"]} — present only when there are some


def _ids(db, window: tuple[int, int] | None, kinds: tuple[str, ...] | None) -> list[str]:
    from kratomlog.store.valid_rows import KIND_TABLE, left_out_ids

    return left_out_ids(db.conn, window, kinds or tuple(KIND_TABLE))


def note(db, window: tuple[int, int] | None = None, *, stderr: bool = False,
         kinds: tuple[str, ...] | None = None) -> None:
    """The line after a screen (or on standard error). `window` [start, end): only rows in it, and
    those whose time is itself invalid, count (a week's screen); None: every such row. `kinds`:
    only entries of these kinds (questionnaire…) count; None: every kind."""
    ids = _ids(db, window, kinds)
    if ids:
        from kratomlog.core.stored_ranges import left_out_text

        (err if stderr else out)(left_out_text(ids))


def json_part(db, window: tuple[int, int] | None = None, *, kinds: tuple[str, ...] | None = None) -> dict:
    """The `--json` key to merge into an object: `{**shown, **json_part(db)}`."""
    ids = _ids(db, window, kinds)
    return {JSON_KEY: {"count": len(ids), "ids": ids}} if ids else {}
