"""Warning-signal rules (EVIDENCE.md §6): the rule registry, evaluation, announcement bookkeeping.

Each rule is one pure function of a `SignalInput` and one entry in `RULES`, which declares what the
rule reads (`Reads`: which inputs, how many days back); the store reads the widest window the
registry asks for, and a test holds every rule's result on that read equal to its result on the
whole record. A rule looks only within what it declares. Adding a rule is one function and one
entry here, nothing else. Conventions:
- "finished days" are local days before today (`days.last_finished_days`); a day with a dose is a
  use-day, any other day (a deliberate no-use day included) is a day without use;
- "the last N days" for single events means the instants from now − N×24 h on, today included;
- elapsed times are measured on instants (DST-safe); times of day on local wall-clock time;
- first-dose times are compared on the 24-hour circle with `stats.circular_median`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date, datetime, timedelta
from typing import Callable, Iterable, Optional, Sequence, NamedTuple

from kratomlog.core import days
from kratomlog.core.clock import wall_time
from kratomlog.core.entries import Dose, NoUseDay, OtherSubstance, Questionnaire, Rating
from kratomlog.core.vocab import DEPRESSANTS, LEAF_FORMS
from kratomlog.core.certificates import (
    METALS,
    MICROBES,
    SEVEN_OH_SHARE_LIMIT_PCT,
    Certificate,
    failures,
    source_name,
)
from kratomlog.core.potency import LEAF_MAX_PCT, is_concentrated
from kratomlog.core.settings import Settings
from kratomlog.core.stock import AVERAGE_DAYS as CONTAMINANT_AVERAGE_DAYS, mean_grams_per_day
from kratomlog.core.stats import circular_difference, circular_median, median
from kratomlog.core.numbers import fixed, number_text, round_half_up

LOOKBACK_DAYS = 400
HOUR = 3600
DAY = 24 * HOUR
STATUSES = ("active", "clear", "insufficient-data")
LEVELS = ("info", "caution", "warning")


class BatchCertificates(NamedTuple):
    """A batch and its lab certificates, for the `contaminant` rule."""
    batch_id: int
    strain: str
    code: str
    certificates: tuple[Certificate, ...]


class SignalInput:
    """What the rules read. Each input holds at least the days the registry's rules declare
    (`Reads`), oldest first. The doses sorted, their instants and their grouping by local day are
    derived once per evaluation (this runs after every logging command), on first use. A plain class
    rather than a dataclass: the logging path does not import dataclasses."""

    FIELDS = ("now", "settings", "doses", "questionnaires", "others", "no_use_days", "first_entry_at",
              "batches", "ratings", "first_dose_at")
    __slots__ = (*FIELDS, "_sorted", "_times", "_by_day")

    def __init__(
        self,
        *,
        now: int,
        settings: Settings,
        doses: tuple[Dose, ...],
        questionnaires: tuple[Questionnaire, ...],
        others: tuple[OtherSubstance, ...],
        no_use_days: tuple[NoUseDay, ...],  # plus the earliest one ever (it can start the record)
        first_entry_at: int | None,  # earliest instant of any entry ever (None: empty database)
        batches: tuple[BatchCertificates, ...] = (),  # every batch that has a certificate
        ratings: tuple[Rating, ...] = (),
        first_dose_at: int | None = None,  # earliest dose ever, when the store read it
    ) -> None:
        self.now = now
        self.settings = settings
        self.doses = doses
        self.questionnaires = questionnaires
        self.others = others
        self.no_use_days = no_use_days
        self.first_entry_at = first_entry_at
        self.batches = batches
        self.ratings = ratings
        self.first_dose_at = first_dose_at
        self._sorted: tuple[Dose, ...] | None = None
        self._times: list[int] | None = None
        self._by_day: dict[date, tuple[Dose, ...]] | None = None

    def replace(self, **changes) -> "SignalInput":
        """A copy with some inputs changed (as `dataclasses.replace` would give)."""
        return SignalInput(**{name: changes.get(name, getattr(self, name)) for name in self.FIELDS})

    @property
    def has_doses(self) -> bool:
        """Whether any dose was ever logged (not only in the window read)."""
        return bool(self.doses) or self.first_dose_at is not None

    @property
    def sorted_doses(self) -> tuple[Dose, ...]:
        if self._sorted is None:
            self._sorted = tuple(sorted(self.doses, key=lambda d: d.at))
        return self._sorted

    @property
    def dose_times(self) -> list[int]:
        """The sorted doses' instants (for bisecting a time window)."""
        if self._times is None:
            self._times = [d.at for d in self.sorted_doses]
        return self._times

    @property
    def by_day(self) -> dict[date, tuple[Dose, ...]]:
        """Doses grouped by the day of the place each was logged (`days.entry_day`). A dose stored
        without a UTC offset is in the zone in force: its day and [start, end) are worked out once
        per day with doses, not once per dose."""
        if self._by_day is None:
            grouped: dict[date, list[Dose]] = {}
            day, start, end = None, 0, 0
            for dose in self.sorted_doses:
                if dose.utc_offset is not None:
                    key = days.entry_day(dose.at, dose.utc_offset, self.settings)
                else:
                    if not start <= dose.at < end:
                        day = days.local_day(dose.at, self.settings)
                        start, end = days.day_range(day, self.settings)
                    key = day
                grouped.setdefault(key, []).append(dose)
            self._by_day = {key: tuple(found) for key, found in grouped.items()}
        return self._by_day


class SignalResult(NamedTuple):
    id: str
    title: str
    status: str  # "active" | "clear" | "insufficient-data"
    level: str  # "info" | "caution" | "warning"
    message: str
    value: float | None
    threshold: float | None
    basis: str  # evidence | heuristic | evidence+heuristic | extrapolated
    source: str


class Reads(NamedTuple):
    """What a rule looks at: for each input, how many days back from today it reads (0: none).
    `record_start` is the start of the record (earliest entry, earliest no-use day, first dose);
    `batches` every batch with its certificates. A rule whose dose look-back is long only in rare
    cases names the window that usually suffices and a test of when it does (`usually_enough`:
    given data read from `doses_usually` days back and that window's first day)."""

    doses: int = 0
    ratings: int = 0
    questionnaires: int = 0
    others: int = 0
    no_use_days: int = 0
    record_start: bool = False
    batches: bool = False
    doses_usually: Optional[int] = None
    usually_enough: Optional[Callable[[SignalInput, date], bool]] = None


class Rule(NamedTuple):
    id: str
    title: str
    level: str  # "info" | "caution" | "warning" | "by count" (dsm-screen)
    basis: str
    source: str
    meaning: str
    check: Callable[[SignalInput], SignalResult]
    reads: Reads = Reads()  # a rule that reads nothing sees nothing: the registry test catches it


# ---------------------------------------------------------------- helpers


def _num(x: float) -> str:
    """1 decimal, without a trailing .0: 3.5, 5, 0.3."""
    return number_text(x, 1)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _clock(minutes: float) -> str:
    m = int(round_half_up(minutes)) % 1440
    return f"{m // 60:02d}:{m % 60:02d}"


def _duration(minutes: float) -> str:
    m = int(round_half_up(minutes))
    if m < 60:
        return f"{m} min"
    return f"{m // 60} h {m % 60:02d} min"


def _sorted_doses(data: SignalInput) -> tuple[Dose, ...]:
    return data.sorted_doses


def _by_day(data: SignalInput) -> dict[date, tuple[Dose, ...]]:
    """Doses grouped by local day, each day's doses in time order."""
    return data.by_day


def _since(items: Iterable, now: int, seconds: int) -> list:
    return [x for x in items if x.at >= now - seconds]


def _first_day(data: SignalInput) -> date | None:
    candidates = [n.day for n in data.no_use_days]
    if data.first_entry_at is not None:
        candidates.append(days.local_day(data.first_entry_at, data.settings))
    if data.by_day:
        candidates.append(min(data.by_day))
    return min(candidates) if candidates else None


def _finished_days_since_first(data: SignalInput) -> int:
    first = _first_day(data)
    if first is None:
        return 0
    return max(0, (days.today(data.now, data.settings) - first).days)


def _day_text(ts: int, settings: Settings) -> str:
    return days.local_day(ts, settings).isoformat()


def _result(rule_id: str, status: str, message: str, value: float | None = None,
            threshold: float | None = None, level: str | None = None) -> SignalResult:
    rule = _BY_ID[rule_id]
    return SignalResult(
        id=rule.id,
        title=rule.title,
        status=status,
        level=level or rule.level,
        message=message,
        value=value,
        threshold=threshold,
        basis=rule.basis,
        source=rule.source,
    )


# ---------------------------------------------------------------- rules


def check_frequency(data: SignalInput) -> SignalResult:
    have = _finished_days_since_first(data)
    if have < 7:
        return _result("frequency", "insufficient-data",
                       f"Needs 7 finished days since your first entry; has {have}.", None, 3.0)
    by_day = _by_day(data)
    window = days.last_finished_days(data.now, 7, data.settings)
    mean = sum(len(by_day.get(d, ())) for d in window) / 7
    if mean > 3:
        return _result("frequency", "active",
                       f"You averaged {fixed(mean, 1)} doses a day over the last 7 finished days (above 3).", mean, 3.0)
    return _result("frequency", "clear",
                   f"You averaged {fixed(mean, 1)} doses a day over the last 7 finished days (3 or fewer).", mean, 3.0)


HIGH_DOSE_LEAF_G = 5.0  # Grundmann 2017
HIGH_DOSE_MG = 75.0  # the mitragynine of 5 g of leaf at 1.5% (heuristic conversion, EVIDENCE §4)


def check_high_dose(data: SignalInput) -> SignalResult:
    if not data.has_doses:
        return _result("high-dose", "insufficient-data", "Needs one logged dose; has 0.", None, HIGH_DOSE_LEAF_G)
    window = _since(_sorted_doses(data), data.now, 7 * DAY)
    leaf = [d for d in window if d.form in LEAF_FORMS]
    big = [d for d in leaf if d.grams >= HIGH_DOSE_LEAF_G]
    strong = [d for d in window if d.mitragynine_mg is not None and d.mitragynine_mg >= HIGH_DOSE_MG]
    by_day = _by_day(data)
    count = sum(len(by_day.get(d, ())) for d in days.last_finished_days(data.now, 7, data.settings))
    count_text = f"{_plural(count, 'dose')} over the last 7 finished days"
    also = f"; you also logged {count_text} (22 or more)" if count >= 22 else ""
    if big:
        largest = max(big, key=lambda d: d.grams)
        return _result(
            "high-dose", "active",
            f"A single {largest.form} dose of {_num(largest.grams)} g on "
            f"{_day_text(largest.at, data.settings)} was 5 g or more{also}.",
            largest.grams, HIGH_DOSE_LEAF_G)
    if strong:
        largest = max(strong, key=lambda d: d.mitragynine_mg or 0.0)
        name = f" of {largest.strain}" if largest.strain else ""
        return _result(
            "high-dose", "active",
            f"A single dose{name} on {_day_text(largest.at, data.settings)} held about "
            f"{_num(largest.mitragynine_mg or 0.0)} mg of mitragynine (estimated), {HIGH_DOSE_MG:g} mg or more — "
            f"the mitragynine of 5 g of leaf at 1.5% (a heuristic conversion){also}.",
            largest.mitragynine_mg, HIGH_DOSE_MG)
    if count >= 22:
        return _result("high-dose", "active", f"You logged {count_text} (22 or more).", float(count), 22.0)
    if leaf:
        largest_g = max(d.grams for d in leaf)
        return _result(
            "high-dose", "clear",
            f"Your largest leaf dose in the last 7 days was {_num(largest_g)} g (below 5 g), no dose held "
            f"{HIGH_DOSE_MG:g} mg of mitragynine or more, and you logged {count_text} (below 22).",
            largest_g, HIGH_DOSE_LEAF_G)
    return _result("high-dose", "clear",
                   f"No leaf dose in the last 7 days, no dose of {HIGH_DOSE_MG:g} mg of mitragynine or more, "
                   f"and you logged {count_text} (below 22).", None, HIGH_DOSE_LEAF_G)


def check_daily_run(data: SignalInput) -> SignalResult:
    have = _finished_days_since_first(data)
    if have < 14:
        return _result("daily-run", "insufficient-data",
                       f"Needs 14 finished days since your first entry; has {have}.", None, 14.0)
    by_day = _by_day(data)
    used = sum(1 for d in days.last_finished_days(data.now, 14, data.settings) if by_day.get(d))
    if used == 14:
        return _result("daily-run", "active", "You used on each of the last 14 finished days.", 14.0, 14.0)
    return _result("daily-run", "clear", f"You used on {used} of the last 14 finished days.", float(used), 14.0)


def check_escalation(data: SignalInput) -> SignalResult:
    by_day = _by_day(data)
    finished = days.last_finished_days(data.now, 35, data.settings)
    recent_days, older_days = finished[-7:], finished[:7]  # finished days 1–7 and 29–35 before today
    recent_use = sum(1 for d in recent_days if by_day.get(d))
    older_use = sum(1 for d in older_days if by_day.get(d))
    if not recent_use or not older_use:
        return _result(
            "escalation", "insufficient-data",
            "Needs use in both the last 7 finished days and finished days 29–35 before today; "
            f"has {recent_use} and {older_use} days with use.", None, 25.0)
    recent = sum(d.grams for day in recent_days for d in by_day.get(day, ()))
    older = sum(d.grams for day in older_days for d in by_day.get(day, ()))
    if older <= 0:
        return _result("escalation", "insufficient-data",
                       "Needs grams above 0 in finished days 29–35 before today; has 0 g.", None, 25.0)
    change = (recent / older - 1) * 100
    if round_half_up(change) == 0:
        how = "about the same as"
    else:
        how = f"{'up' if change > 0 else 'down'} {fixed(abs(change), 0)}% from"
    text = (f"You averaged {_num(recent / 7)} g a day over the last 7 finished days, "
            f"{how} the {_num(older / 7)} g a day of finished days 29–35 before today")
    # Compare the 7-day totals exactly (both windows are 7 days): recent ≥ 1.25 × older.
    if recent * 4 >= older * 5:
        return _result("escalation", "active", f"{text} (a rise of 25% or more).", change, 25.0)
    return _result("escalation", "clear", f"{text} (a rise of 25% or more would trigger this).", change, 25.0)


def _instrument(data: SignalInput, name: str) -> list[Questionnaire]:
    return sorted((q for q in data.questionnaires if q.instrument == name), key=lambda q: q.at)


WITHDRAWAL_EARLIER_DAYS = 365  # how far back the check before the latest is looked for


def check_withdrawal(data: SignalInput) -> SignalResult:
    sows = _since(_instrument(data, "sows"), data.now, WITHDRAWAL_EARLIER_DAYS * DAY)
    recent = _since(sows, data.now, 14 * DAY)
    if not recent:
        return _result("withdrawal", "insufficient-data",
                       "Needs one withdrawal check (SOWS-16) in the last 14 days; has 0.", None, 13.0)
    latest = recent[-1]
    earlier = [q for q in sows if q.at < latest.at]
    when = _day_text(latest.at, data.settings)
    head = f"Your latest withdrawal check (SOWS-16, {when}) totals {latest.total}"
    if latest.total >= 13:
        return _result("withdrawal", "active",
                       f"{head} (13 or more; people who stopped kratom averaged 13.5 in one survey).",
                       float(latest.total), 13.0)
    if earlier:
        previous = earlier[-1]
        rise = latest.total - previous.total
        if rise >= 4:
            return _result("withdrawal", "active",
                           f"{head}, up {rise} from {previous.total} at the check before (a rise of 4 or more).",
                           float(rise), 4.0)
        return _result("withdrawal", "clear",
                       f"{head} (below 13), a change of {rise:+d} since the check before "
                       "(a rise of 4 or more would trigger this).",
                       float(latest.total), 13.0)
    return _result("withdrawal", "clear", f"{head} (below 13).", float(latest.total), 13.0)


def check_relief_use(data: SignalInput) -> SignalResult:
    window = _since(_sorted_doses(data), data.now, 7 * DAY)
    if not window:
        return _result("relief-use", "insufficient-data", "Needs one dose in the last 7 days; has 0.", None, 2.0)
    n = sum(1 for d in window if "withdrawal" in d.reasons)
    verb = "was" if n == 1 else "were"
    if n >= 2:
        return _result("relief-use", "active",
                       f"{n} doses in the last 7 days were logged with the reason withdrawal (2 or more).",
                       float(n), 2.0)
    return _result("relief-use", "clear",
                   f"{n} of {_plural(len(window), 'dose')} in the last 7 days {verb} logged with the reason "
                   "withdrawal (below 2).", float(n), 2.0)


def check_dsm_screen(data: SignalInput) -> SignalResult:
    recent = _since(_instrument(data, "dsm5"), data.now, 365 * DAY)
    if not recent:
        return _result("dsm-screen", "insufficient-data",
                       "Needs one DSM-5 self-check in the last 365 days; has 0.", None, 2.0, level="info")
    latest = recent[-1]
    count = latest.total
    head = f"Your DSM-5 self-check on {_day_text(latest.at, data.settings)} counts {count} of 11 criteria"
    clinician = "a screen is not a diagnosis, and talking it over with a clinician could help."
    if count >= 6:
        return _result("dsm-screen", "active", f"{head} (the DSM-5 'severe' band is 6 or more); {clinician}",
                       float(count), 2.0, level="warning")
    if count >= 4:
        return _result("dsm-screen", "active", f"{head} (the DSM-5 'moderate' band is 4–5); {clinician}",
                       float(count), 2.0, level="caution")
    if count >= 2:
        return _result("dsm-screen", "active",
                       f"{head} (the DSM-5 'mild' band is 2–3; tolerance and withdrawal alone reach it); "
                       "a screen is not a diagnosis.", float(count), 2.0, level="info")
    return _result("dsm-screen", "clear", f"{head} (below 2); a screen is not a diagnosis.",
                   float(count), 2.0, level="info")


def check_concentrate(data: SignalInput) -> SignalResult:
    if not data.has_doses:
        return _result("concentrate", "insufficient-data", "Needs one logged dose; has 0.", None, 1.0)
    found = [d for d in _since(_sorted_doses(data), data.now, 30 * DAY)
             if is_concentrated(d.form, d.mitragynine_pct)]
    if not found:
        return _result("concentrate", "clear",
                       f"No extract, 7-OH product or product labelled above {LEAF_MAX_PCT:g}% mitragynine "
                       "in the last 30 days.", 0.0, 1.0)
    latest = found[-1]
    name = f" ({latest.strain})" if latest.strain else ""
    return _result(
        "concentrate", "active",
        f"You logged {_plural(len(found), 'dose')} of an extract, 7-OH product or product labelled above "
        f"{LEAF_MAX_PCT:g}% mitragynine in the last 30 days, the latest on {_day_text(latest.at, data.settings)}"
        f"{name}; concentrated products vary widely in strength.",
        float(len(found)), 1.0)


def check_combination(data: SignalInput) -> SignalResult:
    start = data.now - 7 * DAY
    doses, times = _sorted_doses(data), data.dose_times
    pairs: list[tuple[OtherSubstance, Dose]] = []
    for other in sorted(data.others, key=lambda o: o.at):
        if other.substance not in DEPRESSANTS:
            continue
        window = doses[bisect_left(times, other.at - 12 * HOUR):bisect_right(times, other.at + 12 * HOUR)]
        near = [d for d in window if max(d.at, other.at) >= start]
        if near:
            pairs.append((other, min(near, key=lambda d: abs(d.at - other.at))))
    if not pairs:
        return _result("combination", "clear",
                       "No opioid, benzodiazepine, alcohol, gabapentinoid or sleep aid logged within 12 h "
                       "of a dose in the last 7 days.", 0.0, 1.0)
    other, dose = pairs[-1]
    seconds = abs(dose.at - other.at)
    apart = f"{_num(seconds / HOUR)} h" if seconds >= HOUR else f"{fixed(seconds / 60, 0)} min"
    more = f" ({len(pairs)} times in the last 7 days)" if len(pairs) > 1 else ""
    return _result(
        "combination", "active",
        f"You logged {other.substance} {apart} from a dose on {_day_text(other.at, data.settings)}{more}; "
        "combining depressants with kratom may add to the risk (extrapolated from opioid guidance).",
        float(len(pairs)), 1.0)


AFTER_BREAK_DAYS = LOOKBACK_DAYS  # how far back the 14 use-days before a break are looked for
AFTER_BREAK_USUALLY_DAYS = 62  # 60 finished days and a margin: enough for a regular record


def _after_break_usually_enough(data: SignalInput, first: date) -> bool:
    """Whether doses from `first` on give `after-break` the same result as its whole look-back.

    It looks at returns whose first dose lies in the last 7 days (so on today − 8 or later, allowing
    a DST hour) and at the 14 use-days before each: with 14 use-days between `first` and today − 8,
    those are the same days in either read.
    """
    edge = days.today(data.now, data.settings) - timedelta(days=8)
    return sum(1 for day in data.by_day if first <= day < edge) >= 14


def check_after_break(data: SignalInput) -> SignalResult:
    by_day = _by_day(data)
    oldest = days.today(data.now, data.settings) - timedelta(days=AFTER_BREAK_DAYS)
    use_days = sorted(day for day in by_day if day >= oldest)
    start = data.now - 7 * DAY
    outcomes: list[SignalResult] = []
    for i in range(1, len(use_days)):
        gap = (use_days[i] - use_days[i - 1]).days - 1
        back = by_day[use_days[i]][0]
        if gap < 3 or back.at < start:
            continue
        before = use_days[max(0, i - 14):i]
        when = _day_text(back.at, data.settings)
        if len(before) < 14:
            outcomes.append(_result(
                "after-break", "insufficient-data",
                f"Needs 14 days with use before the break that ended on {when}; has {len(before)}.", None, None))
            continue
        usual = median(d.grams for day in before for d in by_day[day])
        head = f"After {gap} days without use, your first dose on {when} was {_num(back.grams)} g"
        if back.grams >= usual:
            outcomes.append(_result(
                "after-break", "active",
                f"{head}, at or above your usual single dose before the break (median {_num(usual)} g over "
                "14 days with use); tolerance can fall during a break.", back.grams, usual))
        else:
            outcomes.append(_result(
                "after-break", "clear",
                f"{head}, below your usual single dose before the break (median {_num(usual)} g over "
                "14 days with use).", back.grams, usual))
    for status in ("active", "clear", "insufficient-data"):
        chosen = [r for r in outcomes if r.status == status]
        if chosen:
            return chosen[-1]
    return _result("after-break", "clear",
                   "No return after a break of 3 or more days without use in the last 7 days.", None, None)


def _two_windows(data: SignalInput) -> tuple[list[date], list[date]]:
    """(older, recent): finished days 31–60 and 1–30 before today, oldest first."""
    finished = days.last_finished_days(data.now, 60, data.settings)
    return finished[:30], finished[30:]


def _median_gap_minutes(doses: Sequence[Dose]) -> float:
    return median((b.at - a.at) / 60 for a, b in zip(doses, doses[1:]))


def check_shortening_gaps(data: SignalInput) -> SignalResult:
    by_day = _by_day(data)
    older_days, recent_days = _two_windows(data)
    older = [_median_gap_minutes(by_day[d]) for d in older_days if len(by_day.get(d, ())) >= 2]
    recent = [_median_gap_minutes(by_day[d]) for d in recent_days if len(by_day.get(d, ())) >= 2]
    if len(recent) < 15 or len(older) < 15:
        return _result(
            "shortening-gaps", "insufficient-data",
            "Needs 15 days with two or more doses in each of the last two 30-day windows; "
            f"has {len(recent)} and {len(older)}.", None, None)
    now_gap, before_gap = median(recent), median(older)
    threshold = before_gap - max(30.0, 0.1 * before_gap)
    text = (f"The typical gap between doses within a day was {_duration(now_gap)} over the last 30 finished "
            f"days and {_duration(before_gap)} over the 30 before")
    if now_gap <= threshold:
        return _result("shortening-gaps", "active",
                       f"{text} (shorter by {_duration(before_gap - now_gap)}; 30 min and 10% or more).",
                       now_gap, threshold)
    return _result("shortening-gaps", "clear", f"{text} (not shorter by 30 min and 10%).", now_gap, threshold)


def _first_dose_minute(dose: Dose) -> float:
    wall: datetime = wall_time(dose.at, dose.utc_offset)  # the clock where it was logged
    return wall.hour * 60 + wall.minute + wall.second / 60


def check_earlier_first_dose(data: SignalInput) -> SignalResult:
    by_day = _by_day(data)
    older_days, recent_days = _two_windows(data)
    older = [_first_dose_minute(by_day[d][0]) for d in older_days if by_day.get(d)]
    recent = [_first_dose_minute(by_day[d][0]) for d in recent_days if by_day.get(d)]
    if len(recent) < 15 or len(older) < 15:
        return _result(
            "earlier-first-dose", "insufficient-data",
            f"Needs 15 days with use in each of the last two 30-day windows; has {len(recent)} and {len(older)}.",
            None, 30.0)
    now_time, before_time = circular_median(recent), circular_median(older)
    earlier = circular_difference(before_time, now_time)
    shift = f"{fixed(abs(earlier), 0)} min {'earlier' if earlier >= 0 else 'later'}"
    text = (f"Your first dose of the day was typically at {_clock(now_time)} over the last 30 finished days "
            f"and at {_clock(before_time)} over the 30 before ({shift}")
    if earlier >= 30:
        return _result("earlier-first-dose", "active", f"{text}; 30 min or more).", earlier, 30.0)
    return _result("earlier-first-dose", "clear", f"{text}; 30 min or more earlier would trigger this).",
                   earlier, 30.0)


CONTAMINANT_DAYS = 30
_UNTESTED = "not tested, which is not the same as safe"


def check_contaminant(data: SignalInput) -> SignalResult:
    if not any(b.certificates for b in data.batches):
        return _result("contaminant", "insufficient-data",
                       "Needs a lab certificate of a batch (kratomlog coa add); has 0. "
                       f"A batch without one is {_UNTESTED}.", None, None)
    per_day = mean_grams_per_day(data.doses, data.now, data.settings, CONTAMINANT_AVERAGE_DAYS)
    recent = [d for d in _since(_sorted_doses(data), data.now, CONTAMINANT_DAYS * DAY) if d.batch_id is not None]
    by_batch = {b.batch_id: b for b in data.batches if b.certificates}
    used_ids = list(dict.fromkeys(d.batch_id for d in recent))
    untested = [i for i in used_ids if i not in by_batch]
    untested_text = (f" {_plural(len(untested), 'batch')} you used in that time "
                     f"{'has' if len(untested) == 1 else 'have'} no certificate ({_UNTESTED})."
                     if untested else "")
    failing: list[tuple[BatchCertificates, Certificate, list]] = []
    for batch_id in used_ids:
        batch = by_batch.get(batch_id)
        if batch is None:
            continue
        for cert in sorted(batch.certificates, key=lambda c: c.tested, reverse=True):
            found = failures(cert, per_day)
            if found:
                failing.append((batch, cert, found))
                break
    if not failing:
        checked = sum(1 for i in used_ids if i in by_batch)
        return _result(
            "contaminant", "clear",
            f"No dose in the last {CONTAMINANT_DAYS} days came from a batch whose certificate fails a check "
            f"({_plural(checked, 'certified batch')} used, metals at your average {_num(per_day)} g a day "
            f"over the last {CONTAMINANT_AVERAGE_DAYS} finished days).{untested_text}", 0.0, 1.0)
    batch, cert, found = failing[0]
    count = sum(1 for d in recent if d.batch_id == batch.batch_id)
    reasons = "; ".join(f.message.split(": ", 1)[1].rstrip(".") if f.check in {m.key for m in METALS}
                        else f.message.rstrip(".") for f in found)
    more = f" {_plural(len(failing) - 1, 'other batch')} you used also fail{'s' if len(failing) == 2 else ''}." \
        if len(failing) > 1 else ""
    first = found[0]
    return _result(
        "contaminant", "active",
        f"You logged {_plural(count, 'dose')} in the last {CONTAMINANT_DAYS} days from batch {batch.code} of "
        f"{batch.strain}, whose {source_name(cert.source)} certificate of {cert.tested.isoformat()} fails: "
        f"{reasons}.{more}",
        first.value if first.value is not None else float(len(found)),
        first.limit if first.limit is not None else 1.0)


# ---------------------------------------------------------------- registry

RULES: tuple[Rule, ...] = (
    Rule("frequency", "Doses per day", "caution", "evidence+heuristic",
         "Singh et al. 2014, 2019; Rogers et al. 2024; Smith et al. 2024",
         "More than 3 doses a day on average over the last 7 finished days. More than 3 servings a day "
         "went with dependence and withdrawal (Singh 2014/2019) and frequency matters more than amount "
         "(Rogers 2024); treating a dose as a serving is a heuristic, and 2–3 a day is usual (Smith 2024).",
         check_frequency, Reads(doses=7, record_start=True)),
    Rule("high-dose", "Large dose or many doses", "caution", "evidence+heuristic",
         "Grundmann 2017; the 75 mg leaf-equivalent is a heuristic conversion",
         "A single leaf dose (powder, capsule, tea) of 5 g or more, or a single dose of any product holding "
         "75 mg or more of estimated mitragynine (the mitragynine of 5 g of leaf at 1.5%, a heuristic "
         "conversion), in the last 7 days; or 22 or more doses over the last 7 finished days: adverse "
         "effects clustered there (Grundmann 2017, n=8,049).",
         check_high_dose, Reads(doses=7, record_start=True)),
    Rule("daily-run", "Daily use", "caution", "evidence+heuristic", "Smith et al. 2024",
         "Use on every one of the last 14 finished days. More frequent use went with tolerance, withdrawal "
         "and craving (Smith 2024); the 14 days are a heuristic.",
         check_daily_run, Reads(doses=14, record_start=True)),
    Rule("escalation", "Rising amount", "warning", "evidence+heuristic", "Smith et al. 2022",
         "Grams a day over the last 7 finished days are 25% or more above finished days 29–35 before "
         "today. Over a quarter of regular users had raised their dose (Smith 2022); 25% is a heuristic.",
         check_escalation, Reads(doses=35)),
    Rule("withdrawal", "Withdrawal", "warning", "evidence+heuristic", "Rogers et al. 2024; Vernon et al. 2016",
         "The latest SOWS-16 in the last 14 days totals 13 or more (kratom consumers averaged 13.5 on "
         "stopping, Rogers 2024), or rose by 4 or more since the previous one (after Vernon 2016).",
         check_withdrawal, Reads(questionnaires=WITHDRAWAL_EARLIER_DAYS)),
    Rule("relief-use", "Using to relieve withdrawal", "caution", "evidence", "DSM-5 criterion 11",
         "Two or more doses with the reason 'withdrawal' in the last 7 days: using to relieve or avoid "
         "withdrawal is DSM-5 criterion 11.",
         check_relief_use, Reads(doses=7)),
    Rule("dsm-screen", "DSM-5 self-check", "by count", "evidence+heuristic",
         "DSM-5 severity bands; Smith et al. 2022",
         "The latest DSM-5 self-check in the last 365 days counts 2 or more criteria (info), 4 or more "
         "(caution: talk it over with a clinician) or 6 or more (warning). In kratom users tolerance and "
         "withdrawal alone reach 'mild' (Smith 2022); the prompts are heuristics. A screen is not a diagnosis.",
         check_dsm_screen, Reads(questionnaires=365)),
    Rule("concentrate", "Concentrated product", "warning", "evidence",
         "FDA 2025; Brown et al. 2025; the 3% line is a heuristic",
         "A dose of an extract or 7-OH product, or of any product labelled above 3% mitragynine (leaf is "
         "about 1.3–2.0%; the 3% line is a heuristic), in the last 30 days. 7-OH products held 22–75 mg/g "
         "7-hydroxymitragynine, unlike leaf (Brown 2025), and drew FDA warning letters in 2025.",
         check_concentrate, Reads(doses=30, record_start=True)),
    Rule("contaminant", "Batch fails its lab certificate", "warning", "evidence",
         "USP ⟨2232⟩; CDC 2018 Salmonella outbreak; Oklahoma KCPA",
         f"A dose in the last {CONTAMINANT_DAYS} days from a batch whose certificate shows a heavy metal above "
         f"its USP ⟨2232⟩ daily limit ({', '.join(f'{m.name} {_num(m.limit_ug_per_day)}' for m in METALS)} "
         f"µg a day) at your own mean grams a day over the last {CONTAMINANT_AVERAGE_DAYS} finished days, a "
         f"failed microbial test ({', '.join(m.name for m in MICROBES)}; the 2017–18 Salmonella outbreak, CDC), "
         f"or 7-OH above {_num(SEVEN_OH_SHARE_LIMIT_PCT)}% of the alkaloids (Oklahoma's Kratom Consumer "
         "Protection Act). A batch without a certificate is not tested, which is not the same as safe.",
         check_contaminant, Reads(doses=CONTAMINANT_DAYS, batches=True)),
    Rule("combination", "Combined with a depressant", "warning", "extrapolated",
         "Olsen et al. MMWR 2019; Tanna et al. 2023",
         "An opioid, benzodiazepine, alcohol, gabapentinoid or sleep aid logged within 12 h of a dose in "
         "the last 7 days. Most kratom-positive overdose deaths involved other substances (Olsen 2019) and "
         "kratom raised midazolam exposure (Tanna 2023); the risk is extrapolated from opioid guidance.",
         check_combination, Reads(doses=8, others=8)),
    Rule("after-break", "Return after a break", "caution", "extrapolated", "HHS 2019 opioid guidance",
         "In the last 7 days, the first dose after 3 or more days without use was at or above the median "
         "single dose of the 14 use-days before the break. Returning to a former dose after a break raises "
         "risk in opioid guidance (HHS 2019); extrapolated to kratom.",
         check_after_break,
         Reads(doses=AFTER_BREAK_DAYS, doses_usually=AFTER_BREAK_USUALLY_DAYS, usually_enough=_after_break_usually_enough)),
    Rule("shortening-gaps", "Shorter gaps between doses", "info", "heuristic", "heuristic (seen in a peer tracker)",
         "The median gap between doses within a day over the last 30 finished days is shorter than over the "
         "30 before by 30 min and 10% or more (days with two or more doses). A heuristic.",
         check_shortening_gaps, Reads(doses=60)),
    Rule("earlier-first-dose", "Earlier first dose", "info", "heuristic",
         "heuristic (first dose soon after waking goes with dependence in other substances)",
         "The median time of the first dose of the day over the last 30 finished days is 30 min or more "
         "earlier than over the 30 before (on a 24-hour circle). A heuristic: a first dose soon after "
         "waking goes with dependence in other substances.",
         check_earlier_first_dose, Reads(doses=60)),
)
_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}


def evaluate(data: SignalInput, rules: Sequence[Rule] | None = None) -> list[SignalResult]:
    """Every rule's result, in registry order."""
    return [rule.check(data) for rule in (RULES if rules is None else rules)]


def reads_needed(rules: Sequence[Rule] | None = None) -> Reads:
    """The widest window of each input over the rules: what the store must read. `doses_usually`
    is the widest dose window when every rule's usual window suffices."""
    rules = RULES if rules is None else rules
    reads = [rule.reads for rule in rules]
    most = {field: max((getattr(r, field) for r in reads), default=0)
            for field in ("doses", "ratings", "questionnaires", "others", "no_use_days")}
    usual = max((r.doses if r.doses_usually is None else r.doses_usually for r in reads), default=0)
    return Reads(**most, record_start=any(r.record_start for r in reads), batches=any(r.batches for r in reads),
                 doses_usually=usual if usual < most["doses"] else None)


def usual_read_enough(data: SignalInput, first: date, rules: Sequence[Rule] | None = None) -> bool:
    """Whether doses read from `first` on (the usual window) give every rule its full result."""
    today = days.today(data.now, data.settings)
    return all(
        rule.reads.usually_enough(data, first)
        for rule in (RULES if rules is None else rules)
        if rule.reads.usually_enough is not None and first > today - timedelta(days=rule.reads.doses)
    )


def to_announce(results: Sequence[SignalResult], announced: set[str]) -> tuple[list[SignalResult], set[str]]:
    """(active results not yet announced, announced ids that are now clear and should be forgotten).

    A signal is announced again only after it has been clear; `insufficient-data` is not clear, so an
    announced signal that lacks data stays remembered.
    """
    fresh = [r for r in results if r.status == "active" and r.id not in announced]
    forget = {r.id for r in results if r.status == "clear" and r.id in announced}
    return fresh, forget


_SEVERITY = {"warning": 0, "caution": 1, "info": 2}


def summary_line(results: Sequence[SignalResult]) -> str:
    """'2 active (escalation, frequency) · 8 clear · 2 need more data' — active ids most severe first."""
    active = sorted((r for r in results if r.status == "active"), key=lambda r: _SEVERITY.get(r.level, 3))
    clear = sum(1 for r in results if r.status == "clear")
    missing = sum(1 for r in results if r.status == "insufficient-data")
    parts = [f"{len(active)} active" + (f" ({', '.join(r.id for r in active)})" if active else "")]
    if clear:
        parts.append(f"{clear} clear")
    if missing:
        parts.append(f"{missing} {'needs' if missing == 1 else 'need'} more data")
    return " · ".join(parts)


def as_json(result: SignalResult) -> dict:
    """Stable JSON keys: id, status, level, message, value, threshold, basis, source."""
    return {
        "id": result.id,
        "status": result.status,
        "level": result.level,
        "message": result.message,
        "value": result.value,
        "threshold": result.threshold,
        "basis": result.basis,
        "source": result.source,
    }
