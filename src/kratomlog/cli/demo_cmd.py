"""`demo`: fill a separate demo database with a synthetic person and show the dashboard."""

from __future__ import annotations

from typing import Optional

import typer

from kratomlog.cli.edge import command, err, now, out, state
from kratomlog.core.invalid import Invalid
from kratomlog.errors import DatabaseProblem

EXPLORE = (
    "kratomlog --demo week",
    "kratomlog --demo trends --weeks 12",
    "kratomlog --demo signals",
    "kratomlog --demo insights",
    "kratomlog --demo list -n 20",
    "kratomlog --demo check history",
    "kratomlog --demo taper status",
    "kratomlog --demo report --format html -o demo-week.html",
)


@command
def demo(
    scenario: str = typer.Option("escalating", "--scenario", help="steady, escalating, tapering, seven-oh or restart; --list says what each one shows.", metavar="NAME"),
    list_: bool = typer.Option(False, "--list", help="List the scenarios, one a line as NAME — what it shows, and stop."),
    weeks: int = typer.Option(10, "--weeks", help="How many weeks of history (6–260)."),
    seed: int = typer.Option(7, "--seed", help="Same seed, scenario, weeks and day → the same person."),
    today: Optional[str] = typer.Option(None, "--today", help="The demo's last day, YYYY-MM-DD (default: today).", metavar="DATE"),
    no_show: bool = typer.Option(False, "--no-show", help="Only build the database; do not show the dashboard."),
) -> None:
    """Build a demo database (demo.db beside your real one) with a synthetic person; show the week and signals.

    Your own data is never touched. Every command accepts --demo to explore it.

    Example: kratomlog demo --scenario escalating --weeks 12 --seed 7

    Example: kratomlog demo --list
    """
    from datetime import date, datetime

    from kratomlog.config import resolve_db_path
    from kratomlog.core.days import today as today_of
    from kratomlog.core.demo import SCENARIO_LIST, SCENARIOS, generate

    if list_:
        for item in SCENARIO_LIST:
            out(f"{item.name} — {item.shows}")
        return
    from kratomlog.core.settings import Settings
    from kratomlog.store.bulk_write import replace_with
    from kratomlog.store.database import open_database
    from kratomlog.core.texts import DEMO_BANNER
    from kratomlog.store.settings_store import is_demo

    if scenario not in SCENARIOS:
        raise Invalid(f"unknown scenario {scenario!r}; scenarios are {', '.join(SCENARIOS)}")
    current = now()
    real_today = today_of(current, Settings())
    if today is None:
        last_day = real_today
    else:
        try:
            last_day = date.fromisoformat(today.strip())
        except ValueError:
            raise Invalid(f"--today takes a date YYYY-MM-DD; got {today!r}") from None
        if not 2000 <= last_day.year <= 2999:  # as every other date; year 1 or 9999 overflowed the generator
            raise Invalid(f"--today takes a date from 2000-01-01 to 2999-12-31; got {today!r}")
    demo_now = current if last_day == real_today else None
    data = generate(scenario, weeks, last_day, seed, now=demo_now)

    path = resolve_db_path(state.db, demo=True)
    existed = path.exists() and path.stat().st_size > 0
    db = open_database(path)
    state.opened.append(db)
    if existed and not is_demo(db):
        raise DatabaseProblem(f"{path} exists and is not a demo database; kratomlog will not overwrite it")
    stamp = demo_now if demo_now is not None else int(datetime.combine(last_day, datetime.max.time()).timestamp())
    counts = replace_with(db, data, now=stamp, mark_demo=True, uuid_seed=f"{scenario}-{weeks}-{seed}-{last_day}")
    err(DEMO_BANNER)
    shown = ", ".join(f"{n} {kind if n != 1 else kind.replace('days', 'day').rstrip('s')}" for kind, n in counts.items() if n)
    out(f"Built {'an' if scenario[0] in 'aeiou' else 'a'} {scenario} demo person ({weeks} weeks to {last_day.isoformat()}, seed {seed}) in {path}: {shown}.")
    if not no_show:
        _show(db, stamp)
    out("")
    out("Explore it further (add --demo to any command):")
    for line in EXPLORE:
        out(f"  {line}")


def _show(db, at: int) -> None:
    """The dashboard: this week and the warning signals."""
    from kratomlog.cli.dashboard import show_dashboard

    show_dashboard(db, at)
