"""Personal statistics over a window of finished days: stress and craving on days with and without
use, stress before and after a dose, reasons for doses, craving before doses. Every comparison
describes an association in the person's own records and says so; none claims a cause.

Each figure needs at least MIN_N observations per group, otherwise its status is
`insufficient-data` and its text says what is missing.
"""

from __future__ import annotations


from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date
from typing import Sequence

from kratomlog.core import days
from kratomlog.core.entries import Dose, NoUseDay, Rating
from kratomlog.core.invalid import Invalid
from kratomlog.core.settings import Settings
from kratomlog.core.stats import Interval, mean_interval, welch_interval, mean
from kratomlog.core.numbers import fixed

MIN_N = 5
BEFORE_SECONDS = 2 * 3600
AFTER_FROM, AFTER_TO = 1 * 3600, 4 * 3600
NO_REASON = "no reason given"
ASSOCIATION_NOTE = "This is an association in your own records, not proof of cause."
# EVIDENCE.md §3: shown beside every before/after-dose comparison.
BEFORE_AFTER_CAVEAT = (
    "People tend to rate stress when it peaks, so it often falls afterwards anyway (regression to the "
    "mean), and relief after a dose can be relief of withdrawal; this is not an effect of kratom."
)


@dataclass(frozen=True)
class InsightInput:
    now: int
    settings: Settings
    doses: tuple[Dose, ...]
    ratings: tuple[Rating, ...]
    no_use_days: tuple[NoUseDay, ...]
    first_day: date  # finished days window, inclusive
    last_day: date

    @cached_property
    def window(self) -> tuple[int, int]:
        """[start, end) instants of first_day..last_day."""
        return days.days_range(self.first_day, self.last_day, self.settings)


@dataclass(frozen=True)
class Insight:
    id: str
    title: str
    status: str  # "ok" | "insufficient-data"
    text: str
    numbers: dict = field(default_factory=dict)


def _f(x: float) -> str:
    text = fixed(x, 1)
    return "0.0" if text == "-0.0" else text


def _ci(iv: Interval) -> str:
    return f"95% CI {_f(iv.low)} to {_f(iv.high)}"


def _in_window(ts: int, data: InsightInput) -> bool:
    """Whether an instant falls on first_day..last_day (compared on the window's instants: cheap)."""
    start, end = data.window
    return start <= ts < end


# The two finders below take ratings sorted by time and their instants (`ats`), and return an index:
# a binary search keeps a ten-year window fast (a linear scan per dose took seconds).


def _latest_before(ats: Sequence[int], dose_at: int) -> int | None:
    """The latest rating within 2 h before a dose; a rating at the dose's own instant counts as before.
    Of ratings sharing that instant, the first."""
    i = bisect_right(ats, dose_at) - 1
    if i < 0 or ats[i] < dose_at - BEFORE_SECONDS:
        return None
    return bisect_left(ats, ats[i])


def _first_after(ats: Sequence[int], dose_at: int) -> int | None:
    """The first rating 1–4 h after a dose."""
    j = bisect_left(ats, dose_at + AFTER_FROM)
    return j if j < len(ats) and ats[j] <= dose_at + AFTER_TO else None


def _missing(need: list[tuple[str, int]]) -> str | None:
    """'needs 5 days without use with a stress rating; has 2' for the first group short of MIN_N."""
    short = [f"needs {MIN_N} {what}; has {n}" for what, n in need if n < MIN_N]
    if not short:
        return None
    text = "; ".join(short)
    return text[0].upper() + text[1:] + "."


def _left_out_line(n: int, measure: str) -> str:
    if n == 0:
        return ""
    days_text = "1 day" if n == 1 else f"{n} days"
    return (f"{days_text} with {measure} ratings but no record of use either way {'was' if n == 1 else 'were'} "
            "left out (a day is a no-use day only when you mark it with 'kratomlog no-use').")


def _use_days_comparison(data: InsightInput, measure: str) -> Insight:
    """Use-days against deliberate no-use days only (EVIDENCE §3): a rated day with neither a dose nor
    a no-use mark is unknown, counted and named, and never enters the comparison."""
    insight_id, title = f"use-days-{measure}", f"{measure.capitalize()} on days with use and deliberate no-use days"
    use_days = {days.local_day(d.at, data.settings) for d in data.doses}
    marked = {n.day for n in data.no_use_days}
    per_day: dict[date, list[int]] = defaultdict(list)
    for r in data.ratings:
        value = getattr(r, measure)
        if value is not None and _in_window(r.at, data):
            per_day[days.local_day(r.at, data.settings)].append(value)
    used = [mean(v) for d, v in sorted(per_day.items()) if d in use_days]
    not_used = [mean(v) for d, v in sorted(per_day.items()) if d not in use_days and d in marked]
    unknown = sum(1 for d in per_day if d not in use_days and d not in marked)
    numbers: dict = {"n_use": len(used), "n_no_use": len(not_used), "n_left_out": unknown}
    left_out = _left_out_line(unknown, measure)
    missing = _missing([(f"days with use with a {measure} rating", len(used)),
                        (f"deliberate no-use days with a {measure} rating", len(not_used))])
    if missing:
        return Insight(insight_id, title, "insufficient-data", " ".join(filter(None, (missing, left_out))), numbers)
    iv = welch_interval(used, not_used)
    mean_use, mean_no = mean(used), mean(not_used)
    numbers.update(mean_use=mean_use, mean_no_use=mean_no, difference=iv.estimate, ci_low=iv.low, ci_high=iv.high)
    text = (f"On days you used, your {measure} averaged {_f(mean_use)} (n={len(used)}); on deliberate no-use days, "
            f"{_f(mean_no)} (n={len(not_used)}); difference {_f(iv.estimate)} ({_ci(iv)}).")
    if left_out:
        text += f"\n{left_out[0].upper()}{left_out[1:]}"
    return Insight(insight_id, title, "ok", f"{text}\n{ASSOCIATION_NOTE}", numbers)


def _stress_around_dose(data: InsightInput) -> Insight:
    ratings = sorted(data.ratings, key=lambda r: r.at)
    ats = [r.at for r in ratings]
    before: list[float] = []
    after: list[float] = []
    for dose in sorted(data.doses, key=lambda d: d.at):
        if not _in_window(dose.at, data):
            continue
        b, a = _latest_before(ats, dose.at), _first_after(ats, dose.at)
        if b is not None and a is not None:
            before.append(ratings[b].stress)
            after.append(ratings[a].stress)
    numbers: dict = {"n_pairs": len(before)}
    title = "Stress before and after a dose"
    if len(before) < MIN_N:
        return Insight("stress-around-dose", title, "insufficient-data",
                       f"Needs {MIN_N} doses with a stress rating in the 2 h before and another 1–4 h after; "
                       f"has {len(before)}.", numbers)
    iv = mean_interval([x - y for x, y in zip(after, before)])
    mean_before, mean_after = mean(before), mean(after)
    numbers.update(mean_before=mean_before, mean_after=mean_after, difference=iv.estimate,
                   ci_low=iv.low, ci_high=iv.high)
    text = (f"Across {len(before)} doses (n={len(before)} pairs), your stress averaged {_f(mean_before)} in the "
            f"2 h before and {_f(mean_after)} 1–4 h after; difference after minus before {_f(iv.estimate)} "
            f"({_ci(iv)}).\n{BEFORE_AFTER_CAVEAT}\n{ASSOCIATION_NOTE}")
    return Insight("stress-around-dose", title, "ok", text, numbers)


def _reasons(data: InsightInput) -> Insight:
    window = [d for d in data.doses if _in_window(d.at, data)]
    counts: dict[str, int] = defaultdict(int)
    for dose in window:
        for reason in dict.fromkeys(dose.reasons) or (NO_REASON,):
            counts[reason] += 1
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    shares = {k: {"count": n, "share": n / len(window)} for k, n in ordered} if window else {}
    numbers: dict = {"doses": len(window), "reasons": shares}
    if len(window) < MIN_N:
        return Insight("reasons", "Reasons for doses", "insufficient-data",
                       f"Needs {MIN_N} doses in the window; has {len(window)}.", numbers)
    parts = ", ".join(f"{k} {fixed(v['share'] * 100, 0)}% ({v['count']})" for k, v in shares.items())
    text = f"Of {len(window)} doses: {parts}. A dose with several reasons counts once for each."
    return Insight("reasons", "Reasons for doses", "ok", text, numbers)


def _craving_before_dose(data: InsightInput) -> Insight:
    rated = sorted((r for r in data.ratings if r.craving is not None), key=lambda r: r.at)
    ats = [r.at for r in rated]
    chosen: set[int] = set()  # indices into `rated`; a rating before two doses counts once
    for dose in data.doses:
        b = _latest_before(ats, dose.at)
        if b is not None:
            chosen.add(b)
    before = [float(r.craving) for i, r in enumerate(rated) if i in chosen and _in_window(r.at, data)]
    other = [float(r.craving) for i, r in enumerate(rated) if i not in chosen and _in_window(r.at, data)]
    numbers: dict = {"n_before": len(before), "n_other": len(other)}
    title = "Craving before doses"
    missing = _missing([("craving ratings in the 2 h before a dose", len(before)),
                        ("other craving ratings", len(other))])
    if missing:
        return Insight("craving-before-dose", title, "insufficient-data", missing, numbers)
    iv = welch_interval(before, other)
    mean_before, mean_other = mean(before), mean(other)
    numbers.update(mean_before=mean_before, mean_other=mean_other, difference=iv.estimate,
                   ci_low=iv.low, ci_high=iv.high)
    text = (f"Your craving averaged {_f(mean_before)} in the 2 h before a dose (n={len(before)}) and "
            f"{_f(mean_other)} at other times (n={len(other)}); difference {_f(iv.estimate)} ({_ci(iv)}).\n"
            f"{ASSOCIATION_NOTE}")
    return Insight("craving-before-dose", title, "ok", text, numbers)


def compute_insights(data: InsightInput) -> list[Insight]:
    """All insights for the window, in a fixed order."""
    if data.first_day > data.last_day:
        raise Invalid(f"the window must start on or before its last day; got {data.first_day} to {data.last_day}")
    current = days.today(data.now, data.settings)
    if data.last_day >= current:
        raise Invalid(f"insights cover finished days only: the window must end before today ({current}); "
                      f"got {data.last_day}")
    return [
        _use_days_comparison(data, "stress"),
        _use_days_comparison(data, "craving"),
        _stress_around_dose(data),
        _reasons(data),
        _craving_before_dose(data),
    ]
