"""`demo`: fill a separate demo database with a synthetic person and show the dashboard; `demo reset`
rebuilds it on purpose, `demo tour` walks through it lesson by lesson, `demo handout` writes a
printable page for a client who keeps a paper log."""

from __future__ import annotations

from typing import Optional

import typer

from kratomlog.cli.edge import command, err, now, out, state
from kratomlog.core.invalid import Invalid
from kratomlog.errors import BadInput, DatabaseProblem

DEFAULT_SCENARIO = "escalating"
EXPLORE = (
    "kratomlog demo tour",
    "kratomlog --demo week",
    "kratomlog --demo trends --weeks 12",
    "kratomlog --demo signals",
    "kratomlog --demo insights",
    "kratomlog --demo list -n 20",
    "kratomlog --demo check history",
    "kratomlog --demo taper status",
    "kratomlog --demo report --format html -o demo-report.html",
)
SCENARIO_HELP = "steady, escalating, tapering, seven-oh or restart; --list says what each one shows."

app = typer.Typer(invoke_without_command=True, no_args_is_help=False)


def _on_terminal() -> bool:
    import sys

    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _pick_scenario() -> str:
    """Ask which scenario, on a terminal: a number or a name; Enter alone takes the default."""
    from kratomlog.core.demo import SCENARIO_LIST

    out("Which demo person?")
    for number, item in enumerate(SCENARIO_LIST, start=1):
        out(f"  {number}. {item.name} — {item.shows}")
    names = [item.name for item in SCENARIO_LIST]
    default = names.index(DEFAULT_SCENARIO) + 1
    while True:
        try:
            answer = input(f"Number or name [{default}]: ").strip().lower()
        except EOFError:
            return DEFAULT_SCENARIO
        if not answer:
            return DEFAULT_SCENARIO
        if answer.isdigit() and 1 <= int(answer) <= len(names):
            return names[int(answer) - 1]
        if answer in names:
            return answer
        out(f"Please type a number from 1 to {len(names)}, or one of: {', '.join(names)}.")


def _last_day(today: Optional[str], current: int):
    from datetime import date

    from kratomlog.core.days import today as today_of
    from kratomlog.core.settings import Settings

    if today is None:
        return today_of(current, Settings())
    try:
        last_day = date.fromisoformat(today.strip())
    except ValueError:
        raise Invalid(f"--today takes a date YYYY-MM-DD; got {today!r}") from None
    if not 2000 <= last_day.year <= 2999:  # as every other date; year 1 or 9999 overflowed the generator
        raise Invalid(f"--today takes a date from 2000-01-01 to 2999-12-31; got {today!r}")
    return last_day


def _confirm_rebuild(db, yes: bool) -> bool:
    """False when the person declines to rebuild a demo database that holds entries added by hand."""
    from kratomlog.store.demo_store import changes_by_hand

    added = changes_by_hand(db)
    if not added or yes:
        return True
    question = (
        f"The demo database was changed by hand since it was built ({added} "
        f"{'command' if added == 1 else 'commands'} adding, editing or deleting entries during a session)."
    )
    if not _on_terminal():
        raise BadInput(f"{question[:-1]}; add --yes to rebuild it anyway, or 'kratomlog demo reset'")
    err(question)
    try:
        answer = input("Rebuild it and lose them? [y/N] ").strip().lower()
    except EOFError:
        answer = ""
    return answer in ("y", "yes")


def build(scenario: str, weeks: int, seed: int, today: Optional[str], *, ask: bool, yes: bool):
    """Build the demo person in demo.db; returns (database, its 'now') or None when declined."""
    from datetime import datetime

    from kratomlog.config import resolve_db_path
    from kratomlog.core.demo import SCENARIOS, generate
    from kratomlog.core.texts import DEMO_BANNER
    from kratomlog.store.bulk_write import replace_with
    from kratomlog.store.database import open_database
    from kratomlog.store.demo_store import finish_build
    from kratomlog.store.settings_store import is_demo

    if scenario not in SCENARIOS:
        raise Invalid(f"unknown scenario {scenario!r}; scenarios are {', '.join(SCENARIOS)}")
    current = now()
    last_day = _last_day(today, current)
    real_today = _last_day(None, current)
    demo_now = current if last_day == real_today else None
    data = generate(scenario, weeks, last_day, seed, now=demo_now)

    path = resolve_db_path(state.db, demo=True)
    existed = path.exists() and path.stat().st_size > 0
    db = open_database(path)
    state.opened.append(db)
    if existed and not is_demo(db):
        raise DatabaseProblem(f"{path} exists and is not a demo database; kratomlog will not overwrite it")
    if existed and ask and not _confirm_rebuild(db, yes):
        out("Nothing rebuilt; the demo database is as it was.")
        return None
    from kratomlog.core.clock import from_local_lenient

    stamp = demo_now if demo_now is not None else from_local_lenient(datetime.combine(last_day, datetime.max.time()))
    counts = replace_with(db, data, now=stamp, mark_demo=True, uuid_seed=f"{scenario}-{weeks}-{seed}-{last_day}",
                          finish=finish_build(scenario, weeks, seed, stamp))
    err(DEMO_BANNER)
    shown = ", ".join(f"{n} {kind if n != 1 else kind.replace('days', 'day').rstrip('s')}" for kind, n in counts.items() if n)
    out(f"Built {'an' if scenario[0] in 'aeiou' else 'a'} {scenario} demo person ({weeks} weeks to {last_day.isoformat()}, seed {seed}) in {path}: {shown}.")
    return db, stamp


@app.callback(invoke_without_command=True)
@command
def demo(
    ctx: typer.Context,
    scenario: Optional[str] = typer.Option(None, "--scenario", help=SCENARIO_HELP + f" On a terminal, without it, kratomlog asks (default {DEFAULT_SCENARIO}).", metavar="NAME"),
    list_: bool = typer.Option(False, "--list", help="List the scenarios, one a line as NAME — what it shows, and stop."),
    weeks: int = typer.Option(10, "--weeks", help="How many weeks of history (6–260)."),
    seed: int = typer.Option(7, "--seed", help="Same seed, scenario, weeks and day → the same person."),
    today: Optional[str] = typer.Option(None, "--today", help="The demo's last day, YYYY-MM-DD (default: today).", metavar="DATE"),
    no_show: bool = typer.Option(False, "--no-show", help="Only build the database; do not show the dashboard."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Rebuild without asking, even over changes made by hand."),
) -> None:
    """Build a demo database (demo.db beside your real one) with a synthetic person; show the week and signals.

    Your own data is never touched. Every command accepts --demo to explore it; 'kratomlog demo
    tour' walks through it, 'kratomlog demo handout' writes a page for a client.

    Example: kratomlog demo --scenario escalating --weeks 12 --seed 7

    Example: kratomlog demo --list
    """
    if ctx.invoked_subcommand is not None:
        return
    from kratomlog.core.demo import SCENARIO_LIST

    if list_:
        for item in SCENARIO_LIST:
            out(f"{item.name} — {item.shows}")
        return
    if scenario is None:
        scenario = _pick_scenario() if _on_terminal() else DEFAULT_SCENARIO
    built = build(scenario, weeks, seed, today, ask=True, yes=yes)
    if built is None:
        return
    if not no_show:
        from kratomlog.cli.dashboard import show_dashboard

        show_dashboard(*built)
    out("")
    out("Explore it further (add --demo to any command):")
    for line in EXPLORE:
        out(f"  {line}")


@app.command("reset")
@command
def reset(
    scenario: Optional[str] = typer.Option(None, "--scenario", help=SCENARIO_HELP + " Default: the scenario the demo database holds.", metavar="NAME"),
) -> None:
    """Rebuild the demo person from scratch, dropping whatever was added during a session.

    Example: kratomlog demo reset
    """
    from kratomlog.config import resolve_db_path
    from kratomlog.store.database import open_database
    from kratomlog.store.demo_store import recipe
    from kratomlog.store.settings_store import is_demo

    weeks, seed = 10, 7
    path = resolve_db_path(state.db, demo=True)
    if path.exists() and path.stat().st_size > 0:
        db = open_database(path)
        state.opened.append(db)
        if not is_demo(db):
            raise DatabaseProblem(f"{path} exists and is not a demo database; kratomlog will not overwrite it")
        kept = recipe(db)
        if kept is not None:
            scenario = scenario or kept[0]
            weeks, seed = kept[1], kept[2]
    build(scenario or DEFAULT_SCENARIO, weeks, seed, None, ask=False, yes=True)


@app.command("tour")
@command
def tour(
    scenario: Optional[str] = typer.Option(None, "--scenario", help=SCENARIO_HELP + " Given, the demo person is rebuilt first; else the demo database as it is (built if missing).", metavar="NAME"),
    print_: bool = typer.Option(False, "--print", help="Write every step one after another, without prompts (for reading ahead or printing)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="With --scenario: rebuild without asking, even over changes made by hand."),
) -> None:
    """A step-by-step presentation of the demo person, each lesson a real command's output.

    The lessons: logging, the week, each active signal, a withdrawal check-in, the taper plan, the
    report, where to find help.

    Enter or space goes on, b goes back, q ends (Ctrl-C stops too).

    Example: kratomlog demo tour --scenario seven-oh
    """
    import sys

    from kratomlog.cli.tour_view import command_output, present, print_all, screen_size
    from kratomlog.config import resolve_db_path
    from kratomlog.store.database import open_database
    from kratomlog.store.demo_store import tour_facts
    from kratomlog.store.settings_store import is_demo

    path = resolve_db_path(state.db, demo=True)
    if scenario is not None or not path.exists():
        if build(scenario or DEFAULT_SCENARIO, 10, 7, None, ask=True, yes=yes) is None:
            return
    db = open_database(path)
    state.opened.append(db)
    if not is_demo(db):
        raise DatabaseProblem(f"{path} is not a demo database; the tour only runs on the demo database")
    steps = _lessons(tour_facts(db, now()))
    width, _ = screen_size()
    cache: dict[int, list[str]] = {}

    def outputs(step) -> list[str]:
        key = id(step)
        if key not in cache:
            cache[key] = command_output(path, step.command, width) if step.command else []
        return cache[key]

    if print_ or not _on_terminal():
        print_all(steps, outputs, width, out)
        return

    def write(text: str) -> None:
        sys.stdout.write(text)
        sys.stdout.flush()

    present(steps, outputs, write)


def _lessons(facts):
    """The tour's steps from what the demo database holds (core.tour decides which and in what order)."""
    from kratomlog.core.demo import SCENARIO_BY_NAME
    from kratomlog.core.signals import RULES
    from kratomlog.core.tour import plan_tour

    scenario = facts.scenario or "demo"
    shows = SCENARIO_BY_NAME[scenario].shows if scenario in SCENARIO_BY_NAME else "a synthetic person"
    meanings = {rule.id: rule.meaning for rule in RULES}
    return plan_tour(scenario, shows, facts.active, meanings, has_taper=facts.has_taper, has_sows=facts.has_sows)


@app.command("handout")
@command
def handout(
    output: str = typer.Option(..., "-o", "--output", metavar="FILE", help="The page to write, e.g. handout.html ('-' for standard output)."),
    force: bool = typer.Option(False, "--force", help="Overwrite FILE if it exists."),
    paper: Optional[str] = typer.Option(None, "--paper", metavar="SIZE", help="a4 or letter; default: whatever the printer uses (the page fits both)."),
) -> None:
    """Write a printable one-page handout for a client who keeps a paper log: what to note, a
    blank week, the withdrawal checklist, warning patterns in plain words, help lines.

    Example: kratomlog demo handout -o handout.html
    """
    from kratomlog.cli.handout_page import handout_page, write_page

    sizes = {"a4": "A4", "letter": "letter"}
    if paper is not None and paper.strip().lower() not in sizes:
        raise Invalid(f"--paper takes a4 or letter; got {paper!r}")
    page = handout_page(sizes[paper.strip().lower()] if paper else None)
    written = write_page(output, force, page)
    if written is not None:
        out(f"Wrote the handout to {written} (one page, A4 or US Letter; print it from a browser)")
