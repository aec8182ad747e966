"""What the clinician's report says, as plain values: its period, the consent choices, the weekly
rows with their week-on-week change, the signals grouped (active / clear / needing data) and
redacted to what was consented, the latest questionnaires, the taper's adherence over the period
and the products used. Pure: the store reads, `render.report_view` lays it out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Iterable, Sequence

from kratomlog.core.days import local_day, week_start
from kratomlog.core.instruments import DSM5, INSTRUMENTS, PSS10, band, bands_text, yes_criteria
from kratomlog.core.invalid import Invalid
from kratomlog.core.settings import Settings
from kratomlog.core.signals import BY_ID, SignalInput
from kratomlog.core.texts import PSS_NORMS, severity_rank
from kratomlog.core.taper import Change, Period, Plan, covered_allowance, state_on, step_number
from kratomlog.core.weekly import NO_STRAIN, DaySummary, PeriodSummary, Totals

DEFAULT_WEEKS = 4
MAX_WEEKS = 52
MAX_DAYS = 7 * MAX_WEEKS
NOTES_SHOWN = 12  # more would push the page onto a second sheet; the rest are counted

# What goes in only when asked (--include) or stays unless refused (--exclude).
CONSENT_ITEMS = ("notes", "other-substances", "strains")
INCLUDED_BY_DEFAULT = frozenset({"strains"})
CONSENT_WORDS = {
    "notes": "free-text notes",
    "other-substances": "names of other substances",
    "strains": "product (strain) names",
}
SOURCE_LINE = "Self-reported data; not a diagnosis."
MG_NOTE = "Estimated mitragynine: the product's label value, or 1.5% of leaf weight (an estimate); extracts without a label value are not counted."

# The instruments' bands come from their definitions; the caveats from core.texts.
DSM_BANDS = bands_text(DSM5)
PSS_CAVEAT = f"{bands_text(PSS10)} is {PSS10.band_basis}, not a cut-off; norms: {PSS_NORMS}."
COMBINATION_REDACTED = (  # numbers from the combination rule's limits
    "A depressant was logged within {hours:g} h of a dose in the last {days} days{times}; combining depressants "
    "with kratom may add to the risk (extrapolated from opioid guidance). Its name is left out of this report."
)


# --- the period ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportPeriod:
    first: date
    last: date  # inclusive
    how: str  # "the last 4 finished weeks", "chosen dates", "the week of …"

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def last_weeks(today: date, settings: Settings, weeks: int = DEFAULT_WEEKS) -> ReportPeriod:
    """The `weeks` finished calendar weeks before the current one (the week in progress never counts)."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise Invalid(f"--weeks takes a whole number from 1 to {MAX_WEEKS}; got {weeks}")
    this_week = week_start(today, settings)
    what = "finished week" if weeks == 1 else f"{weeks} finished weeks"
    return ReportPeriod(this_week - timedelta(days=7 * weeks), this_week - timedelta(days=1), f"the last {what}")


def chosen_dates(first: date, last: date) -> ReportPeriod:
    """`--from`/`--to` (already parsed: neither lies in the future)."""
    if last < first:
        raise Invalid(f"--to ({last.isoformat()}) is before --from ({first.isoformat()}); give the earlier day first")
    if (last - first).days + 1 > MAX_DAYS:
        raise Invalid(f"a report covers at most {MAX_WEEKS} weeks ({MAX_DAYS} days); "
                      f"{first.isoformat()} to {last.isoformat()} is {(last - first).days + 1} days")
    return ReportPeriod(first, last, "chosen dates")


def week_of(day: date, today: date, settings: Settings) -> ReportPeriod:
    """`--of DAY`: the calendar week containing it (up to today when it is the week in progress)."""
    first = week_start(day, settings)
    return ReportPeriod(first, min(first + timedelta(days=6), today), f"the week of {day.isoformat()}")


def parse_weeks(text: str) -> int:
    cleaned = text.strip()
    if not cleaned.isdigit() or not 1 <= int(cleaned) <= MAX_WEEKS:
        raise Invalid(f"--weeks takes a whole number from 1 to {MAX_WEEKS}; got {text!r}")
    return int(cleaned)


# --- consent ---------------------------------------------------------------------------------


def _consent_names(values: Iterable[str], option: str) -> set[str]:
    found: set[str] = set()
    for value in values:
        for part in value.split(","):
            name = part.strip().lower().replace("_", "-")
            if name in ("other", "others", "substances"):
                name = "other-substances"
            if name in ("strain", "products", "product"):
                name = "strains"
            if name == "note":
                name = "notes"
            if name not in CONSENT_ITEMS:
                raise Invalid(f"{option} takes {', '.join(CONSENT_ITEMS)} (comma-separated or repeated); got {part.strip()!r}")
            found.add(name)
    return found


def consent(include: Sequence[str], exclude: Sequence[str]) -> frozenset[str]:
    """What the report may hold: strains unless excluded, notes and other substances only when asked."""
    asked = _consent_names(include, "--include")
    refused = _consent_names(exclude, "--exclude")
    both = asked & refused
    if both:
        raise Invalid(f"{', '.join(sorted(both))} is both included and excluded; choose one")
    return frozenset((INCLUDED_BY_DEFAULT | asked) - refused)


def consent_lines(included: frozenset[str]) -> tuple[str, str]:
    """('Included: …', 'Left out: …') for the header."""
    inside = [CONSENT_WORDS[k] for k in CONSENT_ITEMS if k in included]
    outside = [CONSENT_WORDS[k] for k in CONSENT_ITEMS if k not in included]
    return (
        "Included: doses, ratings, questionnaires, warning signals, taper" + "".join(f", {w}" for w in inside) + ".",
        "Left out: " + (", ".join(outside) if outside else "nothing") + " (kratomlog report --include/--exclude).",
    )


def product_labels(names: Sequence[str | None], strains_included: bool) -> dict[str | None, str]:
    """The shown name of each product, in the order given (largest share first): the real name, or
    'product A', 'product B', … when strain names are left out. No product named stays so."""
    labels: dict[str | None, str] = {}
    letter = 0
    for name in names:
        if name is None or name == NO_STRAIN:
            labels[name] = "no product named"
        elif strains_included:
            labels[name] = name
        else:
            labels[name] = f"product {_letters(letter)}"
            letter += 1
    return labels


def _letters(n: int) -> str:
    text = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        text = chr(65 + rest) + text
    return text


# --- weekly rows -----------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekRow:
    start: date
    end: date
    days: int
    finished_days: int
    totals: Totals
    mitragynine_mg: float | None
    change_pct: float | None  # mean grams per day against the week before, in %
    change_new: bool  # use this week after none the week before


def _mg(days: Sequence[DaySummary], start: date, end: date, today: date) -> float | None:
    """Sum of the estimates over the week's finished days; None when no dose there has one."""
    counted = [d for d in days if start <= d.day <= end and d.day < today and d.has_data]
    known = [d.mitragynine_mg for d in counted if d.doses and d.mitragynine_mg is not None]
    if not any(d.doses for d in counted):
        return 0.0 if counted else None
    return sum(known) if known else None


def _change(now: Totals, before: Totals) -> tuple[float | None, bool]:
    a, b = now.mean_grams_per_day, before.mean_grams_per_day
    if a is None or b is None:
        return None, False
    if b <= 0:
        return None, a > 0
    return (a - b) / b * 100, False


def week_rows(summary: PeriodSummary) -> list[WeekRow]:
    rows, before = [], summary.before
    for week in summary.weeks:
        pct, new = _change(week.totals, before)
        rows.append(WeekRow(week.start, week.end, week.days, week.finished_days, week.totals,
                            _mg(summary.days, week.start, week.end, summary.today), pct, new))
        before = week.totals
    return rows


# --- signals ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignalGroups:
    active: list  # SignalResult, most severe first, messages redacted to the consent
    clear: list[str]  # titles
    need_data: int


def _redact_names(text: str, names: dict[str, str]) -> str:
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", names[name], text)
    return text


def group_signals(results: Sequence, included: frozenset[str], product_names: dict[str | None, str]) -> SignalGroups:
    """Active signals (redacted: other substances unnamed and strain names replaced unless consented),
    clear ones by title, and how many need more data."""
    renamed = {k: v for k, v in product_names.items() if k and k != v}
    active = []
    for r in sorted((r for r in results if r.status == "active"), key=lambda r: severity_rank(r.level)):
        message = r.message
        if r.id == "combination" and "other-substances" not in included:
            count = int(r.value or 1)
            message = COMBINATION_REDACTED.format(times=f" ({count} times)" if count > 1 else "", **BY_ID[r.id].limits)
        if "strains" not in included:
            message = _redact_names(message, renamed)
        active.append(r._replace(message=message))
    return SignalGroups(
        active=active,
        clear=[r.title for r in results if r.status == "clear"],
        need_data=sum(1 for r in results if r.status == "insufficient-data"),
    )


def signal_numbers(result) -> str:
    """'value 4.4, threshold 3' — the numbers a signal fired on (1 decimal)."""
    parts = []
    if result.value is not None:
        parts.append(f"value {round(result.value, 1):g}")
    if result.threshold is not None:
        parts.append(f"threshold {round(result.threshold, 1):g}")
    return ", ".join(parts)


def as_of(data: SignalInput, instant: int) -> SignalInput:
    """The rules' input as it stood at `instant`: nothing logged at or after it (a report of a past
    period must not see later entries)."""
    cutoff_day = local_day(instant, data.settings)
    return data.replace(
        now=instant,
        doses=tuple(d for d in data.doses if d.at < instant),
        questionnaires=tuple(q for q in data.questionnaires if q.at < instant),
        others=tuple(o for o in data.others if o.at < instant),
        no_use_days=tuple(n for n in data.no_use_days if n.day < cutoff_day),
        first_entry_at=None if data.first_entry_at is None or data.first_entry_at >= instant else data.first_entry_at,
    )


# --- questionnaires --------------------------------------------------------------------------


@dataclass(frozen=True)
class Taken:
    """The latest check-in of one instrument by the end of the period."""

    instrument: str
    at: int
    total: int
    change: int | None  # since the previous one of the same instrument
    items: dict[str, int] = field(default_factory=dict)

    @property
    def dsm_yes(self) -> list[str]:
        return yes_criteria(self.items)


def band_of(taken: Taken) -> str | None:
    """The instrument's own band (DSM-5 severity, PSS-10 study convention; SOWS has none)."""
    instrument = INSTRUMENTS.get(taken.instrument)
    return None if instrument is None else band(instrument, taken.total)


# --- taper -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TaperPart:
    plan: Plan
    periods: list[Period]
    state: str  # at the end of the period: active | finished | stopped
    step: int | None  # at the period's last covered day
    steps: int
    allowance_g: float | None  # at the period's last covered day
    days: int  # finished period days under the plan
    within: int
    over: int
    not_logged: int
    changes: list[Change]  # holds and adjustments dated within the period


_EPS = 1e-6


def taper_part(plans: Sequence[Plan], summary: PeriodSummary) -> TaperPart | None:
    """The latest plan in force on some day of the period, with its adherence over those days."""
    for plan in reversed(plans):
        periods = plan.periods()
        covered = [(d, covered_allowance(plan, periods, d.day)) for d in summary.days]
        covered = [(d, a) for d, a in covered if a is not None]
        if not covered:
            continue
        within = over = not_logged = counted = 0
        for day, allowance in covered:
            if day.day >= summary.today:
                continue
            counted += 1
            logged = bool(day.doses) or day.no_use or day.mean_stress is not None
            if not logged:
                not_logged += 1
            elif (day.grams or 0.0) <= allowance + _EPS:
                within += 1
            else:
                over += 1
        last_day, last_allowance = covered[-1]
        return TaperPart(
            plan=plan, periods=periods, state=state_on(plan, periods, min(summary.last, summary.today)),
            step=step_number(periods, last_day.day), steps=len(periods), allowance_g=last_allowance,
            days=counted, within=within, over=over, not_logged=not_logged,
            changes=[c for c in plan.changes if summary.first <= c.day <= summary.last],
        )
    return None


# --- products --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductRow:
    label: str
    form: str | None
    grams: float
    share: float
    lab_tested: bool | None  # None: no product named
    batches: str = ""  # the batches dosed in the period and their lab-certificate status


def batches_text(used: Sequence[tuple[str, str]], names_shown: bool) -> str:
    """'RB-1: fails a check; RB-2: not tested' from (code, status) pairs; without product names the
    codes are left out too ('2 batches: 1 fails a check, 1 not tested'); '–' when none recorded."""
    if not used:
        return "–"
    if names_shown:
        return "; ".join(f"{code}: {status}" for code, status in used)
    counts: dict[str, int] = {}
    for _, status in used:
        counts[status] = counts.get(status, 0) + 1
    head = f"{len(used)} batch" + ("" if len(used) == 1 else "es")
    return f"{head}: " + ", ".join(f"{n} {status}" for status, n in counts.items())


def product_rows(rows: Sequence[tuple], labels: dict[str | None, str],
                 batches: dict[str | None, list[tuple[str, str]]] | None = None,
                 names_shown: bool = True) -> list[ProductRow]:
    """From (name, form, lab_tested, grams) per product, largest share first; `batches` maps a
    product's name to its (code, certificate status) pairs dosed in the period."""
    total = sum(r[3] for r in rows) or 0.0
    if total <= 0:
        return []
    ordered = sorted(rows, key=lambda r: (-r[3], r[0] or ""))
    return [
        ProductRow(labels.get(name, name or "no product named"), form if name else None, grams, grams / total,
                   None if name is None else bool(lab),
                   batches_text((batches or {}).get(name, []), names_shown) if name is not None else "–")
        for name, form, lab, grams in ordered
    ]


# --- the whole report ------------------------------------------------------------------------


@dataclass(frozen=True)
class SowsPoint:
    at: int
    day: date
    total: int | None  # None for a partial check-in (never totalled)
    answered: int = 16  # items answered


SOWS_ITEMS = 16


def sows_point(at: int, day: date, total: int | None, answered: int) -> SowsPoint:
    """A check-in with fewer than 16 items answered (stored with no total) is partial: it gets no
    total. One stored without its items (an old import) keeps its total."""
    partial = total is None or 0 < answered < SOWS_ITEMS
    return SowsPoint(at, day, None if partial else total, answered or SOWS_ITEMS)


@dataclass(frozen=True)
class ReportData:
    period: ReportPeriod
    generated: date
    demo: bool
    included: frozenset[str]
    summary: PeriodSummary
    weeks: list[WeekRow]
    allowance: list[float | None] | None  # per period day, when a plan covers any of them
    sows: list[SowsPoint]
    signals: SignalGroups
    signals_at: int  # the instant the signals were evaluated at: the end of the period, or now
    taken: dict[str, Taken]  # by instrument id
    taper: TaperPart | None
    products: list[ProductRow]
    others: list[tuple[str, int]] | None  # (substance, times) when consented
    notes: list[tuple[int, str, str]] | None  # (at, short id, text), newest first, when consented
    notes_more: int
    days_with_entries: int
    help_intro: str
    help_lines: tuple[str, ...]
    left_out: tuple[str, ...] = ()  # short ids of stored entries holding invalid values (core.stored_ranges)


def days_with_entries(summary: PeriodSummary, other_days: Iterable[date]) -> int:
    """Days of the period with any entry: a dose, rating, SOWS or no-use day (from the summary) or
    another entry (`other_days`: the local days of other questionnaires and other substances)."""
    found = {d.day for d in summary.days if d.doses or d.mean_stress is not None or d.sows is not None or d.no_use}
    found |= {d for d in other_days if summary.first <= d <= summary.last}
    return len(found)
