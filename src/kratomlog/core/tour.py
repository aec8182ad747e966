"""The guided demo tour (`demo tour`): which lessons to show, in which order, generated from the demo
person's own records — one lesson per active warning signal, a taper lesson only when there is a
plan. Plain values in (the scenario's line, the active signals as `signals --json` gives them, what
the database holds), plain `Step`s out; the CLI runs each step's real command and shows its output.

Wording is calm, plain and non-judgemental: it describes, it never scolds.
"""

from __future__ import annotations

from typing import Sequence

from kratomlog.core.records import NamedTuple

from kratomlog.core.plain_signals import plain_words
from kratomlog.core.texts import BASIS_WORDS, NOT_A_DIAGNOSIS, SOWS_NO_BANDS, help_block, sentence


class Step(NamedTuple):
    title: str
    sentences: tuple[str, ...]  # two or three plain sentences shown beside the output
    command: tuple[str, ...] | None  # the kratomlog command whose real output the step shows
    body: tuple[str, ...] = ()  # lines shown instead of (or before) a command's output


def _signal_step(signal: dict, meaning: str) -> Step:
    return Step(
        title=f"Signal: {signal['title']}" if signal.get("title") else f"Signal: {signal['id']}",
        sentences=(
            f"What it watches for, in plain words: {plain_words(signal['id'])}",
            BASIS_WORDS.get(signal["basis"], f"Basis: {signal['basis']}.") + f" Source: {signal['source']}.",
            "It is a pattern worth talking about, not a verdict; kratomlog never blocks a dose.",
        ),
        command=None,
        body=(
            f"{signal['level']} · {signal['id']} — active",
            f"What it measured: {signal['message']}",
            f"Why it matters: {meaning}",
        ),
    )


def plan_tour(
    scenario: str,
    shows: str,
    active: Sequence[dict],
    meanings: dict[str, str],
    *,
    has_taper: bool,
    has_sows: bool,
) -> list[Step]:
    """Every lesson of the tour, in order. `active` holds the active signals (`signals --json`
    objects, with `title` added), `meanings` each rule's explanation from the registry."""
    steps = [
        Step(
            "A synthetic person",
            (
                f"This is the '{scenario}' demo person: {shows}.",
                "Everything here is made up and lives in a separate demo database; nobody's real record is touched.",
                "Each screen shows what a real kratomlog command prints for this person, with a few words beside it.",
            ),
            ("where",),
        ),
        Step(
            "Logging a dose",
            (
                'A dose is logged in one line, e.g. kratomlog dose 3g "Red Bali" --reason stress.',
                "kratomlog echoes what it stored: amount, product, local time, estimated mitragynine "
                "(marked as an estimate without a label value) and the day's running total.",
                "Mistakes are fixed with edit, delete and undo; these are this person's latest doses.",
            ),
            ("list", "--kind", "dose", "-n", "4"),
        ),
        Step(
            "The week at a glance",
            (
                "kratomlog week shows each day beside last week: doses, grams, estimated mitragynine, stress and craving.",
                "Only finished days are compared — an unfinished day is not a light day.",
            ),
            ("week",),
        ),
    ]
    if active:
        steps.append(
            Step(
                "Warning signals",
                (
                    f"{len(active)} of the warning patterns are active for this person; the next screens take them one at a time.",
                    "Each names its rule, the numbers that triggered it and its basis, so evidence and rule of thumb can be told apart.",
                ),
                ("signals",),
            )
        )
        steps.extend(_signal_step(signal, meanings.get(signal["id"], "")) for signal in active)
    else:
        steps.append(
            Step(
                "Warning signals",
                (
                    "No warning pattern is active for this person: the panel says so, rule by rule.",
                    "A clear panel is a description of the record, not a clean bill of health.",
                ),
                ("signals",),
            )
        )
    if has_sows:
        steps.append(
            Step(
                "A withdrawal check-in",
                (
                    "kratomlog withdrawal asks the 16 items of the SOWS checklist, each rated 0–4 for right now.",
                    "Only a complete checklist gets a total; the change since the last one shows a trend.",
                    f"{SOWS_NO_BANDS}, so a total gets no label. {sentence(NOT_A_DIAGNOSIS)}",
                ),
                ("check", "history", "--instrument", "sows", "-n", "5"),
            )
        )
    if has_taper:
        steps.append(
            Step(
                "The taper plan",
                (
                    "A taper plan is a daily allowance that steps down on a schedule the person chooses.",
                    "kratomlog shows how each day went — within, above or not logged — and suggests holding when withdrawal rises (a heuristic).",
                ),
                ("taper", "status", "--no-chart"),
            )
        )
    steps.append(
        Step(
            "A report to share",
            (
                "kratomlog report --format html -o report.html writes one printable page for a clinician or worker.",
                "Notes and other substances' names stay out unless the person includes them.",
            ),
            ("report", "--format", "md"),
        )
    )
    steps.append(
        Step(
            "Where to find help",
            (
                "Wherever kratomlog suggests talking to someone, it shows these lines.",
                "kratomlog info explains every signal and its source, and the facts behind them.",
            ),
            None,
            help_block(),
        )
    )
    return steps
