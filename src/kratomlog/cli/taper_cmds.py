"""`kratomlog taper …`: start, status, hold, adjust, stop and history of a taper plan (the dose
line's taper part is `cli.dose_taper`). Everything heavier is imported inside functions.
"""

from __future__ import annotations

from typing import Optional

import typer

from kratomlog.cli import left_out
from kratomlog.cli.edge import command, now, open_db, out, print_json
from kratomlog.cli.paging import paged
from kratomlog.core.invalid import Invalid

app = typer.Typer(
    help="A taper plan: a daily allowance that steps down on a schedule you choose, kept beside what you log. "
    "It never blocks a dose.",
    no_args_is_help=True,
)


@app.command("start")
@command
def start(
    from_: Optional[str] = typer.Option(None, "--from", metavar="GRAMS", help="Starting amount a day, like 12g (default: your mean over the last 14 finished days; needs 7 days with data)."),
    step: Optional[str] = typer.Option(None, "--step", metavar="STEP", help="How much less each step: a percentage like 10% (of the starting amount) or grams like 0.5g."),
    every: Optional[str] = typer.Option(None, "--every", metavar="DAYS", help="How long each step lasts: 7d, 5d, 2w."),
    floor: str = typer.Option("0", "--floor", metavar="GRAMS", help="Where the plan levels off, like 2g."),
    compound: bool = typer.Option(False, "--compound", help="A percentage step is of the current allowance, not the starting amount."),
    rounding: str = typer.Option("0.25", "--rounding", metavar="GRAMS", help="Allowances are rounded down to multiples of this many grams."),
) -> None:
    """Start a taper plan today. Any pace you choose is accepted; guidance is shown with the plan.

    When the plan steps down faster than the guidance for your own history (after daily use, about
    10% of the starting amount a month; after shorter use, about 10% a week) it says so (heuristic).

    Example: kratomlog taper start --step 10% --every 7d

    Example: kratomlog taper start --from 12g --step 0.5g --every 5d --floor 0

    Allowances are rounded down and drop by at least --rounding each step. The plan finishes after its floor day (the first day at the floor); to stay at a floor above 0 longer, start a new plan from it.
    """
    from kratomlog.core.days import today
    from kratomlog.core.taper import PACE_WINDOW_DAYS, PlanSpec, pace_warning, parse_every, parse_grams, parse_step
    from kratomlog.render.taper_view import start_lines
    from kratomlog.store.settings_store import load_settings
    from kratomlog.store.taper_store import start_from_recent, start_plan, use_days_before

    if step is None or every is None:
        raise Invalid("taper start needs --step (like 10% or 0.5g) and --every (like 7d), e.g. kratomlog taper start --step 10% --every 7d")
    parsed_step = parse_step(step)
    every_days = parse_every(every)
    floor_g = parse_grams(floor, option="--floor")
    rounding_g = parse_grams(rounding, option="--rounding")
    start_g = None if from_ is None else parse_grams(from_, option="--from")
    current = now()
    db = open_db()
    settings = load_settings(db)
    day = today(current, settings)
    recent_days = None
    if start_g is None:
        start_g, recent_days = start_from_recent(db.conn, day, settings)
    spec = PlanSpec(day, start_g, parsed_step, every_days, floor_g=floor_g, compound=compound, rounding_g=rounding_g)
    plan = start_plan(db, now=current, settings=settings, spec=spec)
    for line in start_lines(plan, plan.periods(), recent_days):
        out(line)
    warning = pace_warning(spec, plan.periods(), use_days_before(db.conn, day, settings, PACE_WINDOW_DAYS))
    if warning:
        out("")
        out(warning)


@app.command("status")
@command
@paged
def status(
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
    chart: bool = typer.Option(True, "--chart/--no-chart", help="Draw the plan and your daily grams."),
) -> None:
    """Today's allowance, used and left; this step and the next; adherence; a chart of the plan.

    Finished days are counted as within the allowance, above it, or not logged (a day with nothing logged is never counted as within). The chart shows the plan as a step line and your grams per day as bars.

    Example: kratomlog taper status --json
    """
    from datetime import timedelta

    from kratomlog.core.days import day_start, today
    from kratomlog.core.taper import NO_PLAN_JSON, chart_window, covered_allowance
    from kratomlog.store.settings_store import load_settings
    from kratomlog.store.taper_store import current_plan, latest_plan, plan_status

    current = now()
    db = open_db()
    settings = load_settings(db)
    day = today(current, settings)
    plan = current_plan(db.conn, day)
    if plan is None:
        if as_json:
            print_json(NO_PLAN_JSON)
            return
        from kratomlog.render.taper_view import finished_line

        last = latest_plan(db.conn)
        if last is None:
            out("No taper plan yet. Start one with: kratomlog taper start --step 10% --every 7d")
        else:
            out(finished_line(last, day) + " See 'kratomlog taper history'.")
        return
    found, use = plan_status(db.conn, plan, current, settings)
    window = (day_start(plan.spec.start_day, settings), 2**62)
    if as_json:
        print_json({**found.as_json(), **left_out.json_part(db, window)})
        return
    from kratomlog.render.console import colour_on, make_console
    from kratomlog.render.charts import chart_plan
    from kratomlog.render.taper_view import rule_text, status_lines
    from kratomlog.render.week_view import console_chart_height, print_chart

    for line in status_lines(found, rule_text(plan, current=True)):
        out(line)
    if chart:
        console = make_console()
        periods = found.periods
        first, last = chart_window(periods, day)
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        text = chart_plan(
            days,
            [covered_allowance(plan, periods, d) for d in days],
            [use.grams.get(d) if d <= day else None for d in days],
            width=min(console.width, 100),
            color=colour_on(console),
            height=console_chart_height(console),
        )
        out()
        print_chart(console, text)
    if found.suggestion:
        from kratomlog.core.texts import help_block

        out()
        out(found.suggestion)
        for line in help_block():
            out(line)
    left_out.note(db, window)


@app.command("hold")
@command
def hold(
    for_: Optional[str] = typer.Option(None, "--for", metavar="DAYS", help="How much longer to stay on the current step: 3d, 7d, 1w."),
) -> None:
    """Stay on the current step longer; every later step moves back by the same number of days.

    Example: kratomlog taper hold --for 7d
    """
    from kratomlog.core.days import today
    from kratomlog.core.taper import Change, parse_hold
    from kratomlog.render.taper_view import hold_line
    from kratomlog.store.settings_store import load_settings
    from kratomlog.store.taper_store import add_change

    if for_ is None:
        raise Invalid("taper hold needs --for, like --for 7d")
    days = parse_hold(for_)
    current = now()
    db = open_db()
    settings = load_settings(db)
    day = today(current, settings)
    _, after = add_change(db, now=current, settings=settings, change=Change(day, "hold", hold_days=days))
    out(hold_line(after, day, days))


@app.command("adjust")
@command
def adjust(
    step: Optional[str] = typer.Option(None, "--step", metavar="STEP", help="A new step: 5% or 0.25g."),
    every: Optional[str] = typer.Option(None, "--every", metavar="DAYS", help="A new step length: 7d, 10d, 2w."),
    compound: Optional[bool] = typer.Option(None, "--compound/--no-compound", help="Whether a percentage step is of the current allowance."),
) -> None:
    """Change the pace from the next step on (the current step keeps its length).

    Example: kratomlog taper adjust --step 5%
    """
    from kratomlog.core.days import today
    from kratomlog.core.taper import Change, parse_every, parse_step
    from kratomlog.render.taper_view import adjust_line
    from kratomlog.store.settings_store import load_settings
    from kratomlog.store.taper_store import add_change

    if step is None and every is None and compound is None:
        raise Invalid("taper adjust needs --step (like 5% or 0.25g), --every (like 10d) or --compound/--no-compound")
    parsed_step = None if step is None else parse_step(step)
    every_days = None if every is None else parse_every(every)
    current = now()
    db = open_db()
    settings = load_settings(db)
    day = today(current, settings)
    change = Change(day, "adjust", step=parsed_step, every_days=every_days, compound=compound)
    _, after = add_change(db, now=current, settings=settings, change=change)
    out(adjust_line(after, day))


@app.command("stop")
@command
def stop() -> None:
    """End the active plan today. It stays in 'taper history'; you can start a new one any time.

    Example: kratomlog taper stop
    """
    from kratomlog.render.taper_view import day_text
    from kratomlog.store.settings_store import load_settings
    from kratomlog.store.taper_store import stop_plan

    current = now()
    db = open_db()
    plan = stop_plan(db, now=current, settings=load_settings(db))
    out(
        f"Stopped the taper plan started {day_text(plan.spec.start_day)}; it stays in 'kratomlog taper history'. "
        "You can start a new plan whenever you like."
    )


@app.command("history")
@command
@paged
def history(as_json: bool = typer.Option(False, "--json", help="Print JSON only.")) -> None:
    """Every taper plan, newest first, with its holds and adjustments and how it ended.

    Example: kratomlog taper history --json
    """
    from kratomlog.core.days import today
    from kratomlog.core.taper import plan_json
    from kratomlog.render.taper_view import history_lines
    from kratomlog.store.settings_store import load_settings
    from kratomlog.store.taper_store import all_plans

    current = now()
    db = open_db()
    day = today(current, load_settings(db))
    plans = all_plans(db.conn)
    if as_json:
        print_json([plan_json(p, day) for p in reversed(plans)])
        return
    if not plans:
        out("No taper plans yet. Start one with: kratomlog taper start --step 10% --every 7d")
        return
    for line in history_lines(plans, day):
        out(line)
