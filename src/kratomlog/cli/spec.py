"""The one declaration of the logging commands' parameters — names, defaults, help text and the
vocabularies the help lists — read by both the Typer commands (`cli.typer_params`) and the Typer-free
fast path (`cli.fast`). Validation lives in the command bodies, which both paths run unchanged.

Plain data and the standard library only: the fast path imports this on every `dose`.
"""

from __future__ import annotations

from kratomlog.core.records import NamedTuple

from kratomlog.core.vocab import REASONS, STATUS_FIELDS, SUBSTANCES

# Kinds of parameter: one positional word, every remaining positional word, an option taking a value,
# a repeatable option taking a value, an on/off flag.
ARGUMENT, ARGUMENTS, VALUE, MANY, FLAG = "argument", "arguments", "value", "many", "flag"


class Param(NamedTuple):
    name: str  # the command body's keyword
    kind: str
    help: str
    flags: tuple[str, ...] = ()  # options: long name first, then a short one
    default: object = None  # None for "no value"; MANY options default to an empty list, FLAGs to False
    metavar: str | None = None
    required: bool = False  # arguments only


class CommandSpec(NamedTuple):
    name: str
    help: str  # the docstring Typer shows: a summary line, an example, details
    params: tuple[Param, ...]
    module: str  # where the body is: a plain function taking every param by name
    function: str


WHEN_HELP = "When: now, 21:30, 9pm, 'yesterday 21:30', 'mon 08:00', '2026-11-20 08:00', '40m ago', '1h30m ago'."
YES_HELP = (
    "Confirm an unusual dose: above 25 g, on a no-use day, or a repeat of the same amount and strain "
    "within 2 minutes of a logged dose."
)


def _at() -> Param:
    return Param("at", VALUE, "When (as for dose).", ("--at",), "now")


def _note() -> Param:
    return Param("note", VALUE, "A free-text note.", ("--note",))


DOSE = CommandSpec(
    "dose",
    """Log a dose.

    Example: kratomlog dose 3.5g "Red Bali" --at "40m ago" --reason stress

    Without a strain, the strain of your latest dose is used. An unknown strain name is created.
    With --stress (and --craving), a rating is logged at the same time: kratomlog dose 3g --stress 6 --craving 4
    """,
    (
        Param(
            "words", ARGUMENTS,
            "Amount (3.5g, 3.5 g, 500mg, 2caps, 1tsp, or a bare number in the default unit), then the strain's name.",
            metavar="AMOUNT [STRAIN]", required=True,
        ),
        Param("at", VALUE, WHEN_HELP, ("--at",), "now"),
        Param("reason", MANY, f"Why (repeatable): {', '.join(REASONS)}.", ("--reason", "-r")),
        _note(),
        Param("new", FLAG, "Create the strain even if its name is close to an existing one.", ("--new",), False),
        Param("yes", FLAG, YES_HELP, ("--yes", "-y"), False),
        Param("batch", VALUE, "This dose's batch code (default: the strain's batch in use, see 'batch use').", ("--batch",),
              metavar="CODE"),
        Param("stress", VALUE, "Also rate your stress 0–10 at the dose's time (one entry more; one undo takes back both).",
              ("--stress",), metavar="N"),
        Param("craving", VALUE, "With --stress: your craving 0–10 in the same rating.", ("--craving",), metavar="N"),
    ),
    "kratomlog.cli.log_cmds", "dose",
)

STRESS = CommandSpec(
    "stress",
    """Log how stressed you feel (0–10), and optionally craving and pain.

    Example: kratomlog stress 6 --craving 3 --pain 2
    """,
    (
        Param("score", ARGUMENT, "Stress right now, a whole number 0–10.", metavar="SCORE", required=True),
        Param("craving", VALUE, "Craving right now, 0–10.", ("--craving",)),
        Param("pain", VALUE, "Pain right now, 0–10.", ("--pain",)),
        _at(),
        _note(),
    ),
    "kratomlog.cli.log_cmds", "stress",
)

NO_USE = CommandSpec(
    "no-use",
    """Record a deliberate day without kratom (not a day you forgot to log).

    Example: kratomlog no-use --on yesterday
    """,
    (
        Param("on", VALUE, "The day: today, yesterday, a weekday (mon), or 2026-11-20.", ("--on",), "today"),
        _note(),
    ),
    "kratomlog.cli.log_cmds", "no_use",
)

OTHER = CommandSpec(
    "other",
    """Log another substance, so the signals can notice depressants taken near a dose.

    Example: kratomlog other alcohol --amount "2 drinks" --at 21:00
    """,
    (
        Param(
            "substance", ARGUMENT,
            f"{', '.join(SUBSTANCES[:-1])} or {SUBSTANCES[-1]}; common names are understood and stored as their "
            "category (beer → alcohol, xanax → benzodiazepine, oxy → opioid, lyrica → gabapentinoid, ambien → sleep-aid).",
            metavar="SUBSTANCE", required=True,
        ),
        Param("amount", VALUE, "How much, in your own words (e.g. '2 drinks', '10 mg').", ("--amount",)),
        _at(),
        _note(),
    ),
    "kratomlog.cli.log_cmds", "other",
)

STATUS = CommandSpec(
    "status",
    """One line: time since your last dose, today's total, your latest stress rating.

    Example: kratomlog status --json

    For a shell prompt or status bar: kratomlog status --format '{since} {today_g}g'
    """,
    (
        Param("as_json", FLAG, "Print JSON only.", ("--json",), False),
        Param(
            "template", VALUE,
            "Print this one-line template instead, with fields "
            + ", ".join(f"{{{name}}} ({about})" for name, about in STATUS_FIELDS.items())
            + "; a field with no value is empty.",
            ("--format",), metavar="TEMPLATE",
        ),
    ),
    "kratomlog.cli.status_cmd", "status",
)

AGAIN = CommandSpec(
    "again",
    """Log your latest dose again: the same amount, unit, strain and reasons (never its note).

    Example: kratomlog again --at "20m ago"
    """,
    (Param("at", VALUE, WHEN_HELP, ("--at",), "now"), Param("yes", FLAG, YES_HELP, ("--yes", "-y"), False)),
    "kratomlog.cli.habit_cmds", "again",
)

TODAY = CommandSpec(
    "today",
    """Today's entries, oldest first, and today's totals (doses, grams, estimated mitragynine).

    Example: kratomlog today --json
    """,
    (Param("as_json", FLAG, "Print JSON only: entries (as list --json gives them) and totals.", ("--json",), False),),
    "kratomlog.cli.habit_cmds", "today",
)

SPECS: dict[str, CommandSpec] = {spec.name: spec for spec in (DOSE, STRESS, NO_USE, OTHER, STATUS, AGAIN, TODAY)}

# The global options, before the command's name (the Typer callback in `cli.app` is built from them).
GLOBALS = (
    Param("db", VALUE, "Use this database file (default: KRATOMLOG_DB, else your user data folder).", ("--db",), metavar="PATH"),
    Param("demo", FLAG, "Use the demo database (demo.db beside the real one).", ("--demo",), False),
    Param("debug", FLAG, "Show full tracebacks on errors.", ("--debug",), False),
    Param("no_pager", FLAG, "Never page long output (also KRATOMLOG_PAGER=).", ("--no-pager",), False),
    Param("version", FLAG, "Show the version and exit.", ("--version",), False),
)
APP_HELP = """A private, local-first tracker for kratom use: log doses, stress and withdrawal; review trends;
    see honest warning signals. Your data stays on this machine."""


def version_line() -> str:
    from kratomlog import __version__

    return f"kratomlog {__version__}"


def db_problem(value: str | None) -> str | None:
    """Why a `--db` value is refused (`--db "$UNSET"` must not quietly fall back to the real database)."""
    if value is not None and not value.strip():
        return "needs a file path; it was empty"
    return None
