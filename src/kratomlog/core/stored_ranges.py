"""What a stored value must be for kratomlog's numbers to use it — the one declaration (`rules`) of
each table's columns and their ranges. A database written by hand or by an older version may hold
anything (year 1, 1e308 g, 'nan' as text, a stress of 11, a no-use day that is not a date): such a row
is left out of every total, chart and signal, counted and named, and stays editable, deletable and
exportable. `store.valid_rows` compiles these rules once into the SQL predicate every read uses;
`problems` here says, in words, what is wrong with a row that predicate left out. Both read the same
rules, and a test holds them to the same verdict. The ranges are the command line's and the import's
(`core.import_ranges`). Standard library only: the fast path's `status` reads through it."""

from __future__ import annotations

import math
import re
from datetime import date
from functools import cache
from kratomlog.core.records import NamedTuple

from kratomlog.core.import_ranges import END_INSTANT, FIRST_INSTANT, MAX_DOSE_GRAMS
from kratomlog.core.vocab import KIND_PREFIX

LARGEST = 1.7976931348623157e308  # the largest finite float: "at most LARGEST" means finite
FIRST_DAY, LAST_DAY = "2000-01-01", "2099-12-31"  # the days of FIRST_INSTANT … END_INSTANT
MOST_MG = MAX_DOSE_GRAMS * 1000  # an alkaloid cannot weigh more than the largest dose it is in
MOST_HOURS = (END_INSTANT - FIRST_INSTANT) / 3600


class Rule(NamedTuple):
    """One column's accepted values: a number (or whole number, or instant) from `low` to `high`, or
    an ISO day text from `low` to `high`; NULL only when `nullable`."""
    column: str
    what: str  # names the value in a message: "invalid amount (1e+308 g)"
    kind: str  # "number" | "whole" (an INTEGER) | "instant" (epoch seconds, a number) | "day" (YYYY-MM-DD)
    low: float | str
    high: float | str
    low_open: bool = False  # `low` itself is not accepted
    high_open: bool = False  # `high` itself is not accepted
    nullable: bool = False
    unit: str = ""
    only_if: tuple[str, str] | None = None  # (column, value): the rule holds on those rows only


def _at() -> Rule:
    return Rule("at", "time", "instant", FIRST_INSTANT, END_INSTANT, high_open=True)


def _rating(column: str, nullable: bool) -> Rule:
    return Rule(column, f"{column} rating", "whole", 0, 10, nullable=nullable)


# Each instrument's total range (`core.instruments`' total_min/total_max, held equal by a test):
# written out here because the logging path reads questionnaires for its signals and must not import
# the instrument definitions (dataclasses and every item's wording).
QUESTIONNAIRE_TOTALS = {"sows": (0, 64), "dsm5": (0, 11), "pss10": (0, 40)}

# Table → the kind its short id names (d12, s4, q3, o2, n5, p7).
TABLE_KIND = {"dose": "dose", "rating": "stress", "questionnaire": "questionnaire", "other_substance": "other",
              "no_use_day": "no-use", "purchase": "purchase"}


@cache
def rules(table: str) -> tuple[Rule, ...]:
    """The rules of one table (questionnaire totals come from each instrument's own range)."""
    if table == "dose":
        return (
            _at(),
            Rule("grams", "amount", "number", 0, MAX_DOSE_GRAMS, low_open=True, unit="g"),
            Rule("amount", "amount as entered", "number", 0, LARGEST, low_open=True),
            Rule("mitragynine_pct", "mitragynine %", "number", 0, 100, low_open=True, nullable=True, unit="%"),
            Rule("mitragynine_mg", "mitragynine estimate", "number", 0, MOST_MG, nullable=True, unit="mg"),
            Rule("seven_oh_mg", "7-OH estimate", "number", 0, MOST_MG, nullable=True, unit="mg"),
        )
    if table == "rating":
        return (_at(), _rating("stress", False), _rating("craving", True), _rating("pain", True))
    if table == "questionnaire":
        return (_at(), Rule("hours_since_dose", "hours since the dose", "number", 0, MOST_HOURS, nullable=True)) + tuple(
            Rule("total", f"{name.upper()} total", "whole", low, high, nullable=True, only_if=("instrument", name))
            for name, (low, high) in QUESTIONNAIRE_TOTALS.items()
        )
    if table == "other_substance":
        return (_at(),)
    if table == "purchase":
        return (
            _at(),
            Rule("grams", "amount bought", "number", 0, LARGEST, low_open=True, unit="g"),
            Rule("amount", "amount as entered", "number", 0, LARGEST, low_open=True),
            Rule("price", "price", "number", 0, LARGEST, nullable=True),
        )
    if table == "no_use_day":
        return (Rule("day", "day", "day", FIRST_DAY, LAST_DAY),)
    raise KeyError(table)


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def _accepts(rule: Rule, value: object) -> bool:
    if value is None:
        return rule.nullable
    if rule.kind == "day":
        if not isinstance(value, str) or not _DAY.fullmatch(value):
            return False
        try:
            date.fromisoformat(value)
        except ValueError:
            return False
        return rule.low <= value <= rule.high
    if isinstance(value, bool) or not isinstance(value, int if rule.kind == "whole" else (int, float)):
        return False
    above = value > rule.low if rule.low_open else value >= rule.low
    below = value < rule.high if rule.high_open else value <= rule.high
    return above and below


def valid_instant(value: object) -> bool:
    """Whether a stored instant is one the numbers use (INTEGER epoch seconds, 2000-01-01 to 2099-12-31)."""
    return _accepts(_at(), value)


def valid_day(value: object) -> bool:
    """Whether a stored day is one the numbers use (YYYY-MM-DD, 2000-01-01 to 2099-12-31)."""
    return _accepts(rules("no_use_day")[0], value)


def _shown(rule: Rule, value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value}{' ' + rule.unit if rule.unit else ''}"
    if isinstance(value, (int, float)) and rule.kind != "instant":
        return f"{value:g}{' ' + rule.unit if rule.unit else ''}"
    if isinstance(value, (int, float)):
        return f"{value}, not within {FIRST_DAY} to {LAST_DAY}"
    if isinstance(value, bytes):
        return f"{len(value)} bytes"
    return repr(value if len(str(value)) <= 40 else str(value)[:40] + "…")


def _broken(table: str, row: dict) -> list[Rule]:
    return [rule for rule in rules(table)
            if (rule.only_if is None or row.get(rule.only_if[0]) == rule.only_if[1])
            and not _accepts(rule, row.get(rule.column))]


def problems(table: str, row: dict) -> list[str]:
    """What is wrong with a stored row (column → value), in words: ['invalid amount (1e+308 g)']."""
    return [f"invalid {rule.what} ({_shown(rule, row.get(rule.column))})" for rule in _broken(table, row)]


TIME_COLUMNS = ("at", "day")  # a row with one of these broken has no place in time


class Flagged(NamedTuple):
    """A stored row left out of the numbers: its kind and row id, its short id (d12), what is wrong
    with it, and whether its time itself is what is wrong (then it has no place on any day)."""
    kind: str
    row_id: int
    id: str
    problems: tuple[str, ...]
    timeless: bool


def flagged(table: str, row_id: int, row: dict) -> Flagged:
    broken = _broken(table, row)
    kind = TABLE_KIND[table]
    return Flagged(kind, row_id, f"{KIND_PREFIX[kind]}{row_id}", tuple(problems(table, row)),
                   any(rule.column in TIME_COLUMNS for rule in broken))


SHOWN_IDS = 10  # a longer list ends "… and N more"


FIX = "fix them with 'kratomlog edit ID' or remove them with 'kratomlog delete ID'"


def _named(ids: list[str]) -> str:
    count = len(ids)
    return ", ".join(ids[:SHOWN_IDS]) + (f" and {count - SHOWN_IDS} more" if count > SHOWN_IDS else "")


def _entries(count: int) -> str:
    return "entry with an invalid value is" if count == 1 else "entries with invalid values are"


def left_out_text(ids: list[str]) -> str:
    """The line every read shows when stored rows were left out of its numbers."""
    return f"{len(ids)} {_entries(len(ids))} left out of these numbers: {_named(ids)} — {FIX}"


def exported_text(ids: list[str], *, marked: bool) -> str:
    """The note `export` gives when it carries such rows (`marked`: each says so in the file)."""
    how = ' and marked "invalid" (an import skips them, saying why)' if marked else ""
    return f"Note: {len(ids)} {_entries(len(ids))} exported as stored{how}: {_named(ids)} — {FIX}"
