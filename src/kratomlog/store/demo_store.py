"""What the demo commands need to know about the demo database beyond its data: the recipe it was
built from (for `demo reset`), whether someone has changed it by hand since (before `demo`
rebuilds it), and the facts the tour's lessons are chosen from."""

from __future__ import annotations

from kratomlog.core.records import NamedTuple

from kratomlog.store.database import Database
from kratomlog.store.settings_store import load_settings, raw_settings

RECIPE_KEY = "demo_recipe"  # "scenario weeks seed", written after each build


class TourFacts(NamedTuple):
    scenario: str | None
    active: list[dict]  # the active signals, as `signals --json` objects with their titles
    has_taper: bool
    has_sows: bool


def finish_build(scenario: str, weeks: int, seed: int, now: int):
    """What a demo build writes last, inside its one transaction: the recipe it was built from (for
    `demo reset`), and its active signals as already shown, so the first entry a worker logs during a
    session announces only what is really new."""
    from kratomlog.core.settings import settings_from_text
    from kratomlog.store.signal_reads import evaluate_signals, record_announcements

    def finish(conn) -> None:
        conn.execute("DELETE FROM setting WHERE key = ?", (RECIPE_KEY,))
        conn.execute("INSERT INTO setting (key, value) VALUES (?, ?)", (RECIPE_KEY, f"{scenario} {weeks} {seed}"))
        settings = settings_from_text(dict(conn.execute("SELECT key, value FROM setting")))
        active = [r.id for r in evaluate_signals(conn, now, settings) if r.status == "active"]
        record_announcements(conn, now, active, set())

    return finish


def recipe(db: Database) -> tuple[str, int, int] | None:
    text = raw_settings(db).get(RECIPE_KEY)
    try:
        scenario, weeks, seed = text.split()
        return scenario, int(weeks), int(seed)
    except (AttributeError, ValueError):
        return None


def changes_by_hand(db: Database) -> int:
    """Commands that changed the demo since it was built (a build empties the undo log; one command
    is one change group, e.g. a dose and the strain it created)."""
    return db.conn.execute("SELECT count(DISTINCT group_id) FROM change_log WHERE undone = 0").fetchone()[0]


def tour_facts(db: Database, now: int) -> TourFacts:
    from kratomlog.store.signal_reads import evaluate_signals

    results = evaluate_signals(db.conn, now, load_settings(db))
    active = [r._asdict() for r in results if r.status == "active"]
    (plans,) = db.conn.execute("SELECT count(*) FROM taper_plan").fetchone()
    (sows,) = db.conn.execute(
        "SELECT count(*) FROM questionnaire WHERE instrument = 'sows' AND total IS NOT NULL"
    ).fetchone()
    kept = recipe(db)
    return TourFacts(kept[0] if kept else None, active, plans > 0, sows > 0)
