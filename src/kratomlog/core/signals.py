"""Warning-signal rules (EVIDENCE.md §6): the rule registry, evaluation, announcement bookkeeping.

Each rule is one pure function of a `SignalInput` and its `Rule`, and one entry in `RULES`, which
declares the rule's thresholds and windows (`Limits`), what it means and what it reads (`Reads`:
which inputs, how many days back, from its limits). The check and every text of the rule take their
numbers from its limits, so a changed limit changes the check, the messages and the meaning
together. The store reads the widest window the registry asks for, and a test holds every rule's
result on that read equal to its result on the whole record. A rule looks only within what it
declares. Adding a rule is one function and one entry here, nothing else. Conventions:
- "finished days" are local days before today (`days.last_finished_days`); a day with a dose is a
  use-day, any other day (a deliberate no-use day included) is a day without use;
- "the last N days" for single events means the instants from now − N×24 h on, today included;
- elapsed times are measured on instants (DST-safe); times of day on local wall-clock time;
- first-dose times are compared on the 24-hour circle with `stats.circular_median`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date, datetime, timedelta
from math import gcd
from kratomlog.core.records import NamedTuple

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
from kratomlog.core.potency import LEAF_DEFAULT_PCT, LEAF_MAX_PCT, is_concentrated
from kratomlog.core.settings import Settings
from kratomlog.core.stock import AVERAGE_DAYS as CONTAMINANT_AVERAGE_DAYS, mean_grams_per_day
from kratomlog.core.stats import circular_difference, circular_median, median
from kratomlog.core.numbers import fixed, number_text, round_half_up
from kratomlog.core.texts import (
    DSM_CAVEAT,
    LEVELS_BY_SEVERITY,
    NOT_A_DIAGNOSIS,
    need_more_data,
    sentence,
    severity_rank,
)

LOOKBACK_DAYS = 400
MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR
STATUSES = ("active", "clear", "insufficient-data")
LEVELS = LEVELS_BY_SEVERITY


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


class Limits(dict):
    """A rule's thresholds and windows by name, as its registry entry declares them (EVIDENCE.md §6).
    The check reads them as attributes (`limits.days`); the rule's meaning formats them by name
    (`"{days}"`). Read-only: a changed copy is `rule.with_limits(name=value)`."""

    __slots__ = ()

    def __getattr__(self, name: str):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setitem__(self, name, value):
        raise TypeError("a rule's limits are read-only; use Rule.with_limits")

    __delitem__ = __setitem__


class _Count(int):
    """A whole-number limit in a rule's texts: `{n}` digits, `{n:word}` "two", `{n:Word}` "Two"."""

    def __format__(self, spec: str) -> str:
        if spec in ("word", "Word"):
            word = _count_word(self)
            return word[:1].upper() + word[1:] if spec == "Word" else word
        return int.__format__(self, spec)


def _shown(limits: Limits) -> dict:
    return {name: _Count(v) if type(v) is int else v for name, v in limits.items()}


class Rule(NamedTuple):
    """One warning signal: what it is (id, title, level, basis, source), what it means (`about`, with
    `{name}` placeholders for its limits), its check, what it reads, and its thresholds (`limits`).
    `reading` is a `Reads`, or a function of the limits giving one (so a window follows its limit)."""

    id: str
    title: str
    level: str  # "info" | "caution" | "warning" | "by count" (dsm-screen)
    basis: str
    cited: str  # the source; `{name}` placeholders take the limits, like `about`
    about: str
    check: Callable[[SignalInput, "Rule"], SignalResult]
    reading: Union[Reads, Callable[[Limits], Reads]] = Reads()  # reading nothing sees nothing: a test catches it
    limits: Limits = Limits()

    def explain(self, text: str) -> str:
        """`text` with its `{name}` placeholders filled from this rule's limits."""
        return text.format_map(_shown(self.limits))

    @property
    def meaning(self) -> str:
        """What the rule watches for, with its own numbers."""
        return self.explain(self.about)

    @property
    def source(self) -> str:
        return self.explain(self.cited)

    @property
    def reads(self) -> Reads:
        return self.reading(self.limits) if callable(self.reading) else self.reading

    def with_limits(self, **changes) -> "Rule":
        """This rule with some limits changed (its check, texts and reads follow)."""
        unknown = set(changes) - set(self.limits)
        if unknown:
            raise KeyError(f"{self.id} has no limit {', '.join(sorted(unknown))}")
        return self._replace(limits=Limits({**self.limits, **changes}))

    def result(self, status: str, message: str, value: float | None = None, threshold: float | None = None,
               level: str | None = None) -> SignalResult:
        return SignalResult(
            id=self.id,
            title=self.title,
            status=status,
            level=level or self.level,
            message=message,
            value=value,
            threshold=threshold,
            basis=self.basis,
            source=self.source,
        )


# ---------------------------------------------------------------- helpers


def _num(x: float) -> str:
    """1 decimal, without a trailing .0: 3.5, 5, 0.3."""
    return number_text(x, 1)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


_WORDS = {1: "one", 2: "two"}


def _count_word(n: int) -> str:
    """'two' for 2 (as the texts say it), digits above."""
    return _WORDS.get(n, str(n))


def _days_covering(hours: float) -> int:
    """Whole days that cover `hours` (12 h: 1 day)."""
    return -(-int(hours * HOUR) // DAY)


def _clock(minutes: float) -> str:
    m = int(round_half_up(minutes)) % (DAY // MINUTE)
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


# ---------------------------------------------------------------- rules
# Each check takes its numbers from `rule.limits` (declared in the registry below): no number of a
# rule is written in its check or its texts (a test reads the checks' source for numeric literals).


def check_frequency(data: SignalInput, rule: Rule) -> SignalResult:
    t = rule.limits
    have = _finished_days_since_first(data)
    if have < t.days:
        return rule.result("insufficient-data", f"Needs {t.days} finished days since your first entry; has {have}.",
                           None, t.above)
    by_day = _by_day(data)
    window = days.last_finished_days(data.now, t.days, data.settings)
    mean = sum(len(by_day.get(d, ())) for d in window) / t.days
    said = f"You averaged {fixed(mean, 1)} doses a day over the last {t.days} finished days"
    if mean > t.above:
        return rule.result("active", f"{said} (above {_num(t.above)}).", mean, t.above)
    return rule.result("clear", f"{said} ({_num(t.above)} or fewer).", mean, t.above)


def check_high_dose(data: SignalInput, rule: Rule) -> SignalResult:
    t = rule.limits
    if not data.has_doses:
        return rule.result("insufficient-data", "Needs one logged dose; has 0.", None, t.leaf_grams)
    window = _since(_sorted_doses(data), data.now, t.days * DAY)
    leaf = [d for d in window if d.form in LEAF_FORMS]
    big = [d for d in leaf if d.grams >= t.leaf_grams]
    strong = [d for d in window if d.mitragynine_mg is not None and d.mitragynine_mg >= t.mg]
    by_day = _by_day(data)
    count = sum(len(by_day.get(d, ())) for d in days.last_finished_days(data.now, t.days, data.settings))
    count_text = f"{_plural(count, 'dose')} over the last {t.days} finished days"
    also = f"; you also logged {count_text} ({t.doses} or more)" if count >= t.doses else ""
    if big:
        largest = max(big, key=lambda d: d.grams)
        return rule.result(
            "active",
            f"A single {largest.form} dose of {_num(largest.grams)} g on "
            f"{_day_text(largest.at, data.settings)} was {_num(t.leaf_grams)} g or more{also}.",
            largest.grams, t.leaf_grams)
    if strong:
        largest = max(strong, key=lambda d: d.mitragynine_mg or 0.0)
        name = f" of {largest.strain}" if largest.strain else ""
        return rule.result(
            "active",
            f"A single dose{name} on {_day_text(largest.at, data.settings)} held about "
            f"{_num(largest.mitragynine_mg or 0.0)} mg of mitragynine (estimated), {_num(t.mg)} mg or more — "
            f"the mitragynine of {_num(t.leaf_grams)} g of leaf at {_num(LEAF_DEFAULT_PCT)}% "
            f"(a heuristic conversion){also}.",
            largest.mitragynine_mg, t.mg)
    if count >= t.doses:
        return rule.result("active", f"You logged {count_text} ({t.doses} or more).", float(count), float(t.doses))
    if leaf:
        largest_g = max(d.grams for d in leaf)
        return rule.result(
            "clear",
            f"Your largest leaf dose in the last {t.days} days was {_num(largest_g)} g (below {_num(t.leaf_grams)} g), "
            f"no dose held {_num(t.mg)} mg of mitragynine or more, and you logged {count_text} (below {t.doses}).",
            largest_g, t.leaf_grams)
    return rule.result("clear",
                       f"No leaf dose in the last {t.days} days, no dose of {_num(t.mg)} mg of mitragynine or more, "
                       f"and you logged {count_text} (below {t.doses}).", None, t.leaf_grams)


def check_daily_run(data: SignalInput, rule: Rule) -> SignalResult:
    t = rule.limits
    have = _finished_days_since_first(data)
    if have < t.days:
        return rule.result("insufficient-data", f"Needs {t.days} finished days since your first entry; has {have}.",
                           None, float(t.days))
    by_day = _by_day(data)
    used = sum(1 for d in days.last_finished_days(data.now, t.days, data.settings) if by_day.get(d))
    if used == t.days:
        return rule.result("active", f"You used on each of the last {t.days} finished days.",
                           float(t.days), float(t.days))
    return rule.result("clear", f"You used on {used} of the last {t.days} finished days.", float(used), float(t.days))


def check_escalation(data: SignalInput, rule: Rule) -> SignalResult:
    t = rule.limits
    by_day = _by_day(data)
    finished = days.last_finished_days(data.now, t.older_to, data.settings)
    older_length = t.older_to - t.older_from + 1
    recent_days, older_days = finished[-t.recent:], finished[:older_length]
    older_name = f"finished days {t.older_from}–{t.older_to} before today"
    recent_use = sum(1 for d in recent_days if by_day.get(d))
    older_use = sum(1 for d in older_days if by_day.get(d))
    if not recent_use or not older_use:
        return rule.result(
            "insufficient-data",
            f"Needs use in both the last {t.recent} finished days and {older_name}; "
            f"has {recent_use} and {older_use} days with use.", None, t.rise_pct)
    recent = sum(d.grams for day in recent_days for d in by_day.get(day, ()))
    older = sum(d.grams for day in older_days for d in by_day.get(day, ()))
    if older <= 0:
        return rule.result("insufficient-data", f"Needs grams above 0 in {older_name}; has 0 g.", None, t.rise_pct)
    change = (recent / older * (older_length / t.recent) - 1) * 100
    if round_half_up(change) == 0:
        how = "about the same as"
    else:
        how = f"{'up' if change > 0 else 'down'} {fixed(abs(change), 0)}% from"
    text = (f"You averaged {_num(recent / t.recent)} g a day over the last {t.recent} finished days, "
            f"{how} the {_num(older / older_length)} g a day of {older_name}")
    rise = f"a rise of {_num(t.rise_pct)}% or more"
    # recent / t.recent ≥ older / older_length × (1 + rise_pct/100), on the totals in the smallest whole
    # factors, so that the edge is exact (7-day windows and 25%: recent × 4 ≥ older × 5).
    mine, theirs = older_length * 100, t.recent * (100 + t.rise_pct)
    if float(theirs).is_integer():
        common = gcd(mine, int(theirs))
        mine, theirs = mine // common, theirs / common
    if recent * mine >= older * theirs:
        return rule.result("active", f"{text} ({rise}).", change, t.rise_pct)
    return rule.result("clear", f"{text} ({rise} would trigger this).", change, t.rise_pct)


def _instrument(data: SignalInput, name: str) -> list[Questionnaire]:
    return sorted((q for q in data.questionnaires if q.instrument == name), key=lambda q: q.at)


def check_withdrawal(data: SignalInput, rule: Rule) -> SignalResult:
    t = rule.limits
    sows = _since(_instrument(data, "sows"), data.now, t.earlier_days * DAY)
    recent = _since(sows, data.now, t.days * DAY)
    if not recent:
        return rule.result("insufficient-data",
                           f"Needs one withdrawal check (SOWS-16) in the last {t.days} days; has 0.",
                           None, float(t.total))
    latest = recent[-1]
    earlier = [q for q in sows if q.at < latest.at]
    when = _day_text(latest.at, data.settings)
    head = f"Your latest withdrawal check (SOWS-16, {when}) totals {latest.total}"
    if latest.total >= t.total:
        return rule.result(
            "active",
            f"{head} ({t.total} or more; people who stopped kratom averaged {_num(t.stopping_mean)} in one survey).",
            float(latest.total), float(t.total))
    if earlier:
        previous = earlier[-1]
        rise = latest.total - previous.total
        if rise >= t.rise:
            return rule.result("active",
                               f"{head}, up {rise} from {previous.total} at the check before (a rise of {t.rise} or more).",
                               float(rise), float(t.rise))
        return rule.result("clear",
                           f"{head} (below {t.total}), a change of {rise:+d} since the check before "
                           f"(a rise of {t.rise} or more would trigger this).",
                           float(latest.total), float(t.total))
    return rule.result("clear", f"{head} (below {t.total}).", float(latest.total), float(t.total))


def check_relief_use(data: SignalInput, rule: Rule) -> SignalResult:
    t = rule.limits
    window = _since(_sorted_doses(data), data.now, t.days * DAY)
    if not window:
        return rule.result("insufficient-data", f"Needs one dose in the last {t.days} days; has 0.",
                           None, float(t.doses))
    n = sum(1 for d in window if t.reason in d.reasons)
    verb = "was" if n == 1 else "were"
    if n >= t.doses:
        return rule.result("active",
                           f"{n} doses in the last {t.days} days were logged with the reason {t.reason} "
                           f"({t.doses} or more).", float(n), float(t.doses))
    return rule.result("clear",
                       f"{n} of {_plural(len(window), 'dose')} in the last {t.days} days {verb} logged with the reason "
                       f"{t.reason} (below {t.doses}).", float(n), float(t.doses))


def check_dsm_screen(data: SignalInput, rule: Rule) -> SignalResult:
    t = rule.limits
    recent = _since(_instrument(data, "dsm5"), data.now, t.days * DAY)
    if not recent:
        return rule.result("insufficient-data", f"Needs one DSM-5 self-check in the last {t.days} days; has 0.",
                           None, float(t.mild), level="info")
    latest = recent[-1]
    count = latest.total
    head = f"Your DSM-5 self-check on {_day_text(latest.at, data.settings)} counts {count} of {t.criteria} criteria"
    clinician = f"{NOT_A_DIAGNOSIS}, and talking it over with a clinician could help."
    if count >= t.severe:
        return rule.result("active", f"{head} (the DSM-5 'severe' band is {t.severe} or more); {clinician}",
                           float(count), float(t.mild), level="warning")
    if count >= t.moderate:
        return rule.result("active",
                           f"{head} (the DSM-5 'moderate' band is {t.moderate}–{t.severe - 1}); {clinician}",
                           float(count), float(t.mild), level="caution")
    if count >= t.mild:
        return rule.result("active",
                           f"{head} (the DSM-5 'mild' band is {t.mild}–{t.moderate - 1}; tolerance and withdrawal "
                           f"alone reach it); {NOT_A_DIAGNOSIS}.", float(count), float(t.mild), level="info")
    return rule.result("clear", f"{head} (below {t.mild}); {NOT_A_DIAGNOSIS}.",
                       float(count), float(t.mild), level="info")


def check_concentrate(data: SignalInput, rule: Rule) -> SignalResult:
    t = rule.limits
    if not data.has_doses:
        return rule.result("insufficient-data", "Needs one logged dose; has 0.", None, 1.0)
    found = [d for d in _since(_sorted_doses(data), data.now, t.days * DAY)
             if is_concentrated(d.form, d.mitragynine_pct, t.above_pct)]
    what = f"extract, 7-OH product or product labelled above {_num(t.above_pct)}% mitragynine"
    if not found:
        return rule.result("clear", f"No {what} in the last {t.days} days.", 0.0, 1.0)
    latest = found[-1]
    name = f" ({latest.strain})" if latest.strain else ""
    return rule.result(
        "active",
        f"You logged {_plural(len(found), 'dose')} of an {what} in the last {t.days} days, the latest on "
        f"{_day_text(latest.at, data.settings)}{name}; concentrated products vary widely in strength.",
        float(len(found)), 1.0)


def check_combination(data: SignalInput, rule: Rule) -> SignalResult:
    t = rule.limits
    start = data.now - t.days * DAY
    doses, times = _sorted_doses(data), data.dose_times
    pairs: list[tuple[OtherSubstance, Dose]] = []
    for other in sorted(data.others, key=lambda o: o.at):
        if other.substance not in DEPRESSANTS:
            continue
        window = doses[bisect_left(times, other.at - t.hours * HOUR):bisect_right(times, other.at + t.hours * HOUR)]
        near = [d for d in window if max(d.at, other.at) >= start]
        if near:
            pairs.append((other, min(near, key=lambda d: abs(d.at - other.at))))
    if not pairs:
        return rule.result("clear",
                           "No opioid, benzodiazepine, alcohol, gabapentinoid or sleep aid logged within "
                           f"{_num(t.hours)} h of a dose in the last {t.days} days.", 0.0, 1.0)
    other, dose = pairs[-1]
    seconds = abs(dose.at - other.at)
    apart = f"{_num(seconds / HOUR)} h" if seconds >= HOUR else f"{fixed(seconds / MINUTE, 0)} min"
    more = f" ({len(pairs)} times in the last {t.days} days)" if len(pairs) > 1 else ""
    return rule.result(
        "active",
        f"You logged {other.substance} {apart} from a dose on {_day_text(other.at, data.settings)}{more}; "
        "combining depressants with kratom may add to the risk (extrapolated from opioid guidance).",
        float(len(pairs)), 1.0)


def _after_break_usually_enough(data: SignalInput, first: date, t: Limits) -> bool:
    """Whether doses from `first` on give `after-break` the same result as its whole look-back.

    It looks at returns whose first dose lies in the last `days` days (so on today − days − 1 or
    later, allowing a DST hour) and at the `use_days` use-days before each: with that many use-days
    between `first` and that edge, those are the same days in either read.
    """
    edge = days.today(data.now, data.settings) - timedelta(days=t.days + 1)
    return sum(1 for day in data.by_day if first <= day < edge) >= t.use_days


def check_after_break(data: SignalInput, rule: Rule) -> SignalResult:
    t = rule.limits
    by_day = _by_day(data)
    oldest = days.today(data.now, data.settings) - timedelta(days=t.look_back)
    use_days = sorted(day for day in by_day if day >= oldest)
    start = data.now - t.days * DAY
    outcomes: list[SignalResult] = []
    for i in range(1, len(use_days)):
        gap = (use_days[i] - use_days[i - 1]).days - 1
        back = by_day[use_days[i]][0]
        if gap < t.gap or back.at < start:
            continue
        before = use_days[max(0, i - t.use_days):i]
        when = _day_text(back.at, data.settings)
        if len(before) < t.use_days:
            outcomes.append(rule.result(
                "insufficient-data",
                f"Needs {t.use_days} days with use before the break that ended on {when}; has {len(before)}.",
                None, None))
            continue
        usual = median(d.grams for day in before for d in by_day[day])
        head = f"After {gap} days without use, your first dose on {when} was {_num(back.grams)} g"
        over = f"(median {_num(usual)} g over {t.use_days} days with use)"
        if back.grams >= usual:
            outcomes.append(rule.result(
                "active",
                f"{head}, at or above your usual single dose before the break {over}; tolerance can fall "
                "during a break.", back.grams, usual))
        else:
            outcomes.append(rule.result(
                "clear", f"{head}, below your usual single dose before the break {over}.", back.grams, usual))
    for status in STATUSES:
        chosen = [r for r in outcomes if r.status == status]
        if chosen:
            return chosen[-1]
    return rule.result("clear",
                       f"No return after a break of {t.gap} or more days without use in the last {t.days} days.",
                       None, None)


def _two_windows(data: SignalInput, window: int) -> tuple[list[date], list[date]]:
    """(older, recent): finished days window+1 … 2×window and 1 … window before today, oldest first."""
    finished = days.last_finished_days(data.now, 2 * window, data.settings)
    return finished[:window], finished[window:]


def _median_gap_minutes(doses: Sequence[Dose]) -> float:
    return median((b.at - a.at) / MINUTE for a, b in zip(doses, doses[1:]))


def check_shortening_gaps(data: SignalInput, rule: Rule) -> SignalResult:
    t = rule.limits
    by_day = _by_day(data)
    older_days, recent_days = _two_windows(data, t.window)
    older = [_median_gap_minutes(by_day[d]) for d in older_days if len(by_day.get(d, ())) >= t.per_day]
    recent = [_median_gap_minutes(by_day[d]) for d in recent_days if len(by_day.get(d, ())) >= t.per_day]
    if len(recent) < t.min_days or len(older) < t.min_days:
        return rule.result(
            "insufficient-data",
            f"Needs {t.min_days} days with {_count_word(t.per_day)} or more doses in each of the last two "
            f"{t.window}-day windows; has {len(recent)} and {len(older)}.", None, None)
    now_gap, before_gap = median(recent), median(older)
    threshold = before_gap - max(t.minutes, t.share_pct / 100 * before_gap)
    text = (f"The typical gap between doses within a day was {_duration(now_gap)} over the last {t.window} finished "
            f"days and {_duration(before_gap)} over the {t.window} before")
    both = f"{_duration(t.minutes)} and {_num(t.share_pct)}%"
    if now_gap <= threshold:
        return rule.result("active", f"{text} (shorter by {_duration(before_gap - now_gap)}; {both} or more).",
                           now_gap, threshold)
    return rule.result("clear", f"{text} (not shorter by {both}).", now_gap, threshold)


def _first_dose_minute(dose: Dose) -> float:
    wall: datetime = wall_time(dose.at, dose.utc_offset)  # the clock where it was logged
    return wall.hour * 60 + wall.minute + wall.second / 60


def check_earlier_first_dose(data: SignalInput, rule: Rule) -> SignalResult:
    t = rule.limits
    by_day = _by_day(data)
    older_days, recent_days = _two_windows(data, t.window)
    older = [_first_dose_minute(by_day[d][0]) for d in older_days if by_day.get(d)]
    recent = [_first_dose_minute(by_day[d][0]) for d in recent_days if by_day.get(d)]
    if len(recent) < t.min_days or len(older) < t.min_days:
        return rule.result(
            "insufficient-data",
            f"Needs {t.min_days} days with use in each of the last two {t.window}-day windows; "
            f"has {len(recent)} and {len(older)}.", None, t.minutes)
    now_time, before_time = circular_median(recent), circular_median(older)
    earlier = circular_difference(before_time, now_time)
    shift = f"{fixed(abs(earlier), 0)} min {'earlier' if earlier >= 0 else 'later'}"
    text = (f"Your first dose of the day was typically at {_clock(now_time)} over the last {t.window} finished days "
            f"and at {_clock(before_time)} over the {t.window} before ({shift}")
    if earlier >= t.minutes:
        return rule.result("active", f"{text}; {_duration(t.minutes)} or more).", earlier, t.minutes)
    return rule.result("clear", f"{text}; {_duration(t.minutes)} or more earlier would trigger this).",
                       earlier, t.minutes)


_UNTESTED = "not tested, which is not the same as safe"


def check_contaminant(data: SignalInput, rule: Rule) -> SignalResult:
    t = rule.limits
    if not any(b.certificates for b in data.batches):
        return rule.result("insufficient-data",
                           "Needs a lab certificate of a batch (kratomlog coa add); has 0. "
                           f"A batch without one is {_UNTESTED}.", None, None)
    per_day = mean_grams_per_day(data.doses, data.now, data.settings, t.average_days)
    recent = [d for d in _since(_sorted_doses(data), data.now, t.days * DAY) if d.batch_id is not None]
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
        return rule.result(
            "clear",
            f"No dose in the last {t.days} days came from a batch whose certificate fails a check "
            f"({_plural(checked, 'certified batch')} used, metals at your average {_num(per_day)} g a day "
            f"over the last {t.average_days} finished days).{untested_text}", 0.0, 1.0)
    batch, cert, found = failing[0]
    count = sum(1 for d in recent if d.batch_id == batch.batch_id)
    reasons = "; ".join(f.message.split(": ", 1)[1].rstrip(".") if f.check in {m.key for m in METALS}
                        else f.message.rstrip(".") for f in found)
    more = f" {_plural(len(failing) - 1, 'other batch')} you used also fail{'s' if len(failing) - 1 == 1 else ''}." \
        if len(failing) > 1 else ""
    first = found[0]
    return rule.result(
        "active",
        f"You logged {_plural(count, 'dose')} in the last {t.days} days from batch {batch.code} of "
        f"{batch.strain}, whose {source_name(cert.source)} certificate of {cert.tested.isoformat()} fails: "
        f"{reasons}.{more}",
        first.value if first.value is not None else float(len(found)),
        first.limit if first.limit is not None else 1.0)


# ---------------------------------------------------------------- registry
# Each entry: id, title, level, basis, source, what it means (`{name}`: its limits), its check, what it
# reads (from its limits), and its limits — every number of the rule, once (EVIDENCE.md §6).

RULES: tuple[Rule, ...] = (
    Rule("frequency", "Doses per day", "caution", "evidence+heuristic",
         "Singh et al. 2014, 2019; Rogers et al. 2024; Smith et al. 2024",
         "More than {above:g} doses a day on average over the last {days} finished days. More than {above:g} servings "
         "a day went with dependence and withdrawal (Singh 2014/2019) and frequency matters more than amount "
         "(Rogers 2024); treating a dose as a serving is a heuristic, and 2–3 a day is usual (Smith 2024).",
         check_frequency, lambda t: Reads(doses=t.days, record_start=True),
         Limits(days=7, above=3.0)),
    Rule("high-dose", "Large dose or many doses", "caution", "evidence+heuristic",
         "Grundmann 2017; the {mg:g} mg leaf-equivalent is a heuristic conversion",
         "A single leaf dose (powder, capsule, tea) of {leaf_grams:g} g or more, or a single dose of any product "
         "holding {mg:g} mg or more of estimated mitragynine (the mitragynine of {leaf_grams:g} g of leaf at "
         f"{LEAF_DEFAULT_PCT:g}%, a heuristic conversion), in the last {{days}} days; or {{doses}} or more doses "
         "over the last {days} finished days: adverse effects clustered there (Grundmann 2017, n=8,049).",
         check_high_dose, lambda t: Reads(doses=t.days, record_start=True),
         # Grundmann 2017: ≥ 5 g a dose, ≥ 22 doses a week; 75 mg = 5 g of leaf at 1.5% (EVIDENCE §4)
         Limits(days=7, leaf_grams=5.0, mg=75.0, doses=22)),
    Rule("daily-run", "Daily use", "caution", "evidence+heuristic", "Smith et al. 2024",
         "Use on every one of the last {days} finished days. More frequent use went with tolerance, withdrawal "
         "and craving (Smith 2024); the {days} days are a heuristic.",
         check_daily_run, lambda t: Reads(doses=t.days, record_start=True),
         Limits(days=14)),
    Rule("escalation", "Rising amount", "warning", "evidence+heuristic", "Smith et al. 2022",
         "Grams a day over the last {recent} finished days are {rise_pct:g}% or more above finished days "
         "{older_from}–{older_to} before today. Over a quarter of regular users had raised their dose "
         "(Smith 2022); {rise_pct:g}% is a heuristic.",
         check_escalation, lambda t: Reads(doses=t.older_to),
         Limits(recent=7, older_from=29, older_to=35, rise_pct=25.0)),
    Rule("withdrawal", "Withdrawal", "warning", "evidence+heuristic", "Rogers et al. 2024; Vernon et al. 2016",
         "The latest SOWS-16 in the last {days} days totals {total} or more (kratom consumers averaged "
         "{stopping_mean:g} on stopping, Rogers 2024), or rose by {rise} or more since the previous one "
         "(after Vernon 2016).",
         check_withdrawal, lambda t: Reads(questionnaires=t.earlier_days),
         # earlier_days: how far back the check before the latest is looked for
         Limits(days=14, total=13, rise=4, stopping_mean=13.5, earlier_days=365)),
    Rule("relief-use", "Using to relieve withdrawal", "caution", "evidence", "DSM-5 criterion 11",
         "{doses:Word} or more doses with the reason '{reason}' in the last {days} days: using to relieve or "
         "avoid withdrawal is DSM-5 criterion 11.",
         check_relief_use, lambda t: Reads(doses=t.days),
         Limits(days=7, doses=2, reason="withdrawal")),
    Rule("dsm-screen", "DSM-5 self-check", "by count", "evidence+heuristic",
         "DSM-5 severity bands; Smith et al. 2022",
         "The latest DSM-5 self-check in the last {days} days counts {mild} or more criteria (info), {moderate} "
         "or more (caution: talk it over with a clinician) or {severe} or more (warning); the prompts are "
         f"heuristics. {DSM_CAVEAT} {sentence(NOT_A_DIAGNOSIS)}",
         check_dsm_screen, lambda t: Reads(questionnaires=t.days),
         # the lowest counts of the DSM-5 bands (a test holds them equal to core.instruments.DSM5's bands)
         Limits(days=365, mild=2, moderate=4, severe=6, criteria=11)),
    Rule("concentrate", "Concentrated product", "warning", "evidence",
         "FDA 2025; Brown et al. 2025; the {above_pct:g}% line is a heuristic",
         "A dose of an extract or 7-OH product, or of any product labelled above {above_pct:g}% mitragynine "
         "(leaf is about 1.3–2.0%; the {above_pct:g}% line is a heuristic), in the last {days} days. 7-OH "
         "products held 22–75 mg/g 7-hydroxymitragynine, unlike leaf (Brown 2025), and drew FDA warning "
         "letters in 2025.",
         check_concentrate, lambda t: Reads(doses=t.days, record_start=True),
         Limits(days=30, above_pct=LEAF_MAX_PCT)),
    Rule("contaminant", "Batch fails its lab certificate", "warning", "evidence",
         "USP ⟨2232⟩; CDC 2018 Salmonella outbreak; Oklahoma KCPA",
         "A dose in the last {days} days from a batch whose certificate shows a heavy metal above its USP ⟨2232⟩ "
         f"daily limit ({', '.join(f'{m.name} {_num(m.limit_ug_per_day)}' for m in METALS)} µg a day) at your "
         "own mean grams a day over the last {average_days} finished days, a failed microbial test "
         f"({', '.join(m.name for m in MICROBES)}; the 2017–18 Salmonella outbreak, CDC), or 7-OH above "
         f"{_num(SEVEN_OH_SHARE_LIMIT_PCT)}% of the alkaloids (Oklahoma's Kratom Consumer Protection Act). "
         f"A batch without a certificate is {_UNTESTED}.",
         check_contaminant, lambda t: Reads(doses=t.days, batches=True),
         Limits(days=30, average_days=CONTAMINANT_AVERAGE_DAYS)),
    Rule("combination", "Combined with a depressant", "warning", "extrapolated",
         "Olsen et al. MMWR 2019; Tanna et al. 2023",
         "An opioid, benzodiazepine, alcohol, gabapentinoid or sleep aid logged within {hours:g} h of a dose in "
         "the last {days} days. Most kratom-positive overdose deaths involved other substances (Olsen 2019) and "
         "kratom raised midazolam exposure (Tanna 2023); the risk is extrapolated from opioid guidance.",
         check_combination,
         # a dose up to `hours` before the window's first depressant counts: read that much further back
         lambda t: Reads(doses=t.days + _days_covering(t.hours), others=t.days + _days_covering(t.hours)),
         Limits(days=7, hours=12)),
    Rule("after-break", "Return after a break", "caution", "extrapolated", "HHS 2019 opioid guidance",
         "In the last {days} days, the first dose after {gap} or more days without use was at or above the "
         "median single dose of the {use_days} use-days before the break. Returning to a former dose after a "
         "break raises risk in opioid guidance (HHS 2019); extrapolated to kratom.",
         check_after_break,
         lambda t: Reads(doses=t.look_back, doses_usually=t.usually,
                         usually_enough=lambda data, first: _after_break_usually_enough(data, first, t)),
         # look_back: how far back the use-days before a break are looked for; usually: 60 finished
         # days and a margin, enough for a regular record
         Limits(days=7, gap=3, use_days=14, look_back=LOOKBACK_DAYS, usually=62)),
    Rule("shortening-gaps", "Shorter gaps between doses", "info", "heuristic", "heuristic (seen in a peer tracker)",
         "The median gap between doses within a day over the last {window} finished days is shorter than over "
         "the {window} before by {minutes:g} min and {share_pct:g}% or more (days with {per_day:word} or more "
         "doses). A heuristic.",
         check_shortening_gaps, lambda t: Reads(doses=2 * t.window),
         Limits(window=30, min_days=15, per_day=2, minutes=30.0, share_pct=10.0)),
    Rule("earlier-first-dose", "Earlier first dose", "info", "heuristic",
         "heuristic (first dose soon after waking goes with dependence in other substances)",
         "The median time of the first dose of the day over the last {window} finished days is {minutes:g} min "
         "or more earlier than over the {window} before (on a 24-hour circle). A heuristic: a first dose soon "
         "after waking goes with dependence in other substances.",
         check_earlier_first_dose, lambda t: Reads(doses=2 * t.window),
         Limits(window=30, min_days=15, minutes=30.0)),
)
BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}


def evaluate(data: SignalInput, rules: Sequence[Rule] | None = None) -> list[SignalResult]:
    """Every rule's result, in registry order."""
    return [rule.check(data, rule) for rule in (RULES if rules is None else rules)]


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


def summary_line(results: Sequence[SignalResult]) -> str:
    """'2 active (escalation, frequency) · 8 clear · 2 need more data' — active ids most severe first."""
    active = sorted((r for r in results if r.status == "active"), key=lambda r: severity_rank(r.level))
    clear = sum(1 for r in results if r.status == "clear")
    missing = sum(1 for r in results if r.status == "insufficient-data")
    parts = [f"{len(active)} active" + (f" ({', '.join(r.id for r in active)})" if active else "")]
    if clear:
        parts.append(f"{clear} clear")
    if missing:
        parts.append(need_more_data(missing))
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
