"""A seeded, deterministic generator of a realistic (synthetic) person's records, for `kratomlog
demo` and for the benchmark data set.

Only `random.Random(seed)` is used — never the global generator or the clock — so the same
arguments give identical data in the same time zone. Times are local wall-clock times (converted
with `clock.from_local_lenient`) between 06:00 and 23:00, so a `day_starts_at` up to 06:00 never
moves an entry to another day. Nothing is later than `now`, which defaults to the last second of
`today`; the CLI passes the real now when `today` is today (today's later entries are then dropped).

History covers the `weeks` whole weeks of finished days before `today`, plus today. The scenarios
are built so that EVIDENCE.md §6's rules, evaluated at any `now` within `today`, give:
- `steady`: occasional use, no signal active (see `_steady` for how each rule is kept clear);
- `escalating`: more doses and grams week by week; `frequency` and `escalation` active (and with
  them `high-dose` by count — ≥ 22 doses in 7 days — and `daily-run`, which follow from > 3 a day);
- `tapering`: a long-term daily user: baseline in weeks 1–4, then a 10%-every-30-days plan (percent
  of the starting amount, the pace of the guidance after long-term use; allowances rounded down to
  0.25 g, as `core/taper` computes them) with one 7-day hold; actual grams stay at or under the
  allowance on most days;
- `seven-oh`: leaf, then a 7-OH product near a sleep aid and for withdrawal (`concentrate`,
  `combination`, `relief-use`, `withdrawal`);
- `restart`: the first dose creeping earlier, a break with withdrawal, a restart at the old dose
  (`earlier-first-dose`, `after-break`, `withdrawal`).
`SCENARIO_LIST` names what each one shows and the signals it promises.
Amounts in teaspoons use the community estimate 1 tsp ≈ 2.5 g (heuristic, EVIDENCE.md §4).
"""

from __future__ import annotations

import math
import random
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from itertools import combinations

from kratomlog.core.amounts import TSP_GRAMS
from kratomlog.core.clock import from_local_lenient
from kratomlog.core.instruments import DSM5, PSS10, SOWS
from kratomlog.core.invalid import Invalid
from kratomlog.core.taper import Change, PlanSpec, parse_step, round_down, schedule

MIN_WEEKS, MAX_WEEKS = 6, 260


@dataclass(frozen=True)
class Scenario:
    name: str
    shows: str  # what it teaches, in a line (`demo --list`)
    signals: tuple[str, ...]  # the signals active at its last day (a test checks each one)
    min_weeks: int = MIN_WEEKS


SCENARIO_LIST: tuple[Scenario, ...] = (
    Scenario("steady", "occasional use with deliberate no-use days: every signal stays clear", ()),
    Scenario("escalating", "more doses and grams week by week: frequency, high-dose, daily-run, escalation, "
             "shortening-gaps, dsm-screen",
             ("frequency", "high-dose", "daily-run", "escalation", "shortening-gaps", "dsm-screen")),
    Scenario("tapering", "a long-term daily user tapering 10% of the starting amount a month (the guidance), "
             "holding for a week after a withdrawal rise (see taper status), using a batch whose lab certificate "
             "shows lead above the daily limit at their amount (see coa show): dsm-screen, contaminant",
             ("dsm-screen", "contaminant")),
    Scenario("seven-oh", "moved from leaf to a 7-OH product, taken near a sleep aid, dosing to ease "
             "withdrawal: concentrate, combination, relief-use, withdrawal, dsm-screen",
             ("concentrate", "combination", "relief-use", "withdrawal", "dsm-screen")),
    Scenario("restart", "daily use with the first dose creeping earlier, a 5-day break with withdrawal, then a "
             "restart at the old dose: after-break, earlier-first-dose, withdrawal",
             ("after-break", "earlier-first-dose", "withdrawal"), min_weeks=9),
)
SCENARIO_BY_NAME: dict[str, Scenario] = {s.name: s for s in SCENARIO_LIST}
SCENARIOS = tuple(SCENARIO_BY_NAME)
MAX_YEARS = 30

CAPSULE_GRAMS = 0.5
TAPER_ROUNDING_G = 0.25

# The instruments' items as the definitions give them (core.instruments is the one description).
SOWS_ITEMS = SOWS.keys
DSM5_ITEMS = DSM5.keys
PSS10_ITEMS = PSS10.keys
PSS10_REVERSED = PSS10.reverse

# Which SOWS items a person tends to feel first (weights, not evidence).
_SOWS_WEIGHTS = (5, 4, 2, 2, 2, 1, 1, 2, 2, 4, 5, 2, 1, 2, 2, 5)

_POWDER_NAMES = (
    "Red Bali", "Green Malay", "White Maeng Da", "Red Borneo", "Yellow Vietnam", "Green Thai",
    "Red Horn", "White Sumatra", "Gold Kali", "Green Maeng Da",
)  # fmt: skip
_CAPSULE_NAMES = ("Green Malay Caps", "Red Vein Capsules", "White Borneo Caps")
_VENDORS = (  # fictional
    "Riverleaf Botanicals", "Coastline Leaf Co.", "Golden Canopy", "Northside Herbals",
    "Evergreen Leaf Supply",
)  # fmt: skip
_STRAIN_NOTES = ("smooth, mild", "a bit bitter", "fine grind, easy to measure", "bought at the local shop")
_DOSE_NOTES = (
    "before work", "long day", "with tea", "after the gym", "back was sore", "with breakfast",
    "took it a bit late", "half a dose, felt fine",
)  # fmt: skip
_RATING_NOTES = ("busy day", "slept badly", "good walk", "deadline", "quiet evening", "headache")


@dataclass(frozen=True)
class DemoStrain:
    name: str
    vendor: str
    batch: str
    form: str
    mitragynine_pct: float | None
    capsule_grams: float | None
    lab_tested: bool
    note: str | None
    seven_oh_mg_per_unit: float | None = None  # label 7-OH content of a product counted in units
    unit_name: str | None = None  # "tablet" | "shot"
    unit_grams: float | None = None


@dataclass(frozen=True)
class DemoDose:
    at: int
    amount: float
    unit: str  # "g" | "caps" | "tsp" | "tablet"
    grams: float
    strain: str
    reasons: tuple[str, ...]
    note: str | None


@dataclass(frozen=True)
class DemoRating:
    at: int
    stress: int
    craving: int | None
    pain: int | None
    note: str | None


@dataclass(frozen=True)
class DemoCheck:
    at: int
    instrument: str  # "sows" | "dsm5" | "pss10"
    items: dict[str, int]


@dataclass(frozen=True)
class DemoOther:
    at: int
    substance: str
    amount: str | None


@dataclass(frozen=True)
class DemoTaper:
    start_day: date
    start_g: float
    step: str  # "10%" | "0.5g"
    every_days: int
    floor_g: float
    holds: tuple[tuple[date, int], ...]  # (day, hold_days): a `core/taper` hold Change
    stopped_on: date | None
    finished: bool  # the floor was reached


@dataclass(frozen=True)
class DemoData:
    strains: tuple[DemoStrain, ...]
    doses: tuple[DemoDose, ...]
    ratings: tuple[DemoRating, ...]
    checks: tuple[DemoCheck, ...]
    no_use_days: tuple[date, ...]
    others: tuple[DemoOther, ...]
    tapers: tuple[DemoTaper, ...]
    batches: tuple = ()  # core.demo_products: DemoBatch, DemoPurchase, DemoCertificate
    purchases: tuple = ()
    certificates: tuple = ()


@dataclass
class _Proto:
    """A dose before its instant is fixed: minutes after local midnight of its day."""

    minute: int
    amount: float
    unit: str
    grams: float
    strain: str
    reasons: tuple[str, ...]
    note: str | None


@dataclass
class _Mood:
    """Per-day means the ratings and check-ins are drawn around."""

    stress: Callable[[date], float]
    craving: Callable[[date], float]
    sows: Callable[[date], float]
    sows_low: int = 0
    sows_high: int = 12
    pss: Callable[[date], float] = lambda day: 0.45


def _instant(day: date, minute: int) -> int:
    return from_local_lenient(datetime.combine(day, time()) + timedelta(minutes=minute))


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


# --- strains and doses ----------------------------------------------------------------------------


def _strain(rng: random.Random, name: str, form: str, year: int) -> DemoStrain:
    vendor = rng.choice(_VENDORS)
    initials = "".join(word[0] for word in vendor.split() if word[0].isalpha())
    batch = f"{initials}-{year % 100:02d}{rng.randint(1, 12):02d}-{rng.randint(1, 99):02d}"
    pct = round(rng.uniform(1.3, 1.9), 1) if rng.random() < 0.5 else None
    return DemoStrain(
        name=name,
        vendor=vendor,
        batch=batch,
        form=form,
        mitragynine_pct=pct,
        capsule_grams=CAPSULE_GRAMS if form == "capsule" else None,
        lab_tested=pct is not None or rng.random() < 0.4,
        note=rng.choice(_STRAIN_NOTES) if rng.random() < 0.4 else None,
    )


def _strains(rng: random.Random, count: int, year: int) -> list[DemoStrain]:
    """`count` strains: powders and exactly one capsule strain (0.5 g a capsule)."""
    powders = [_strain(rng, name, "powder", year) for name in rng.sample(_POWDER_NAMES, count - 1)]
    capsule = _strain(rng, rng.choice(_CAPSULE_NAMES), "capsule", year)
    return powders + [capsule]


class _Person:
    """Draws doses (strain, amount, reasons, note) for one person."""

    def __init__(self, rng: random.Random, strains: list[DemoStrain], reasons: tuple[str, ...]):
        self.rng = rng
        self.strains = strains
        self.reasons = reasons
        self.plan: dict[date, list[_Proto]] = {}
        self.others: list[tuple[date, int, "DemoOther"]] = []  # scenario-specific other substances
        self.fixed_sows: dict[date, int] = {}  # scenario-specific SOWS totals (the latest ones)

    def pick(self, pool: list[DemoStrain] | None = None) -> DemoStrain:
        pool = pool or self.strains
        weights = [3.0 if i == 0 else 1.0 for i in range(len(pool))]  # a favourite strain
        return self.rng.choices(pool, weights)[0]

    def dose(self, minute: int, target: float, *, first: bool, strain: DemoStrain | None = None,
             measured: bool = False) -> _Proto:
        """A dose near `target` grams; `measured` forces grams on a scale (no capsules, no tsp)."""
        rng = self.rng
        strain = strain or self.pick([s for s in self.strains if s.form != "capsule"] if measured else None)
        if strain.form == "capsule" and strain.capsule_grams:
            count = max(1, round(target / strain.capsule_grams))
            amount, unit, grams = float(count), "caps", round(count * strain.capsule_grams, 3)
        else:
            amount, unit, grams = round(target, 1), "g", round(target, 1)
            if not measured and strain.form == "powder" and rng.random() < 0.15:
                spoons = round(target / TSP_GRAMS * 2) / 2
                if spoons >= 1 and abs(spoons * TSP_GRAMS - target) <= 0.2:
                    amount, unit, grams = spoons, "tsp", spoons * TSP_GRAMS
        return _Proto(minute, amount, unit, grams, strain.name, self.reasons_for(first), self.note())

    def reasons_for(self, first: bool) -> tuple[str, ...]:
        rng = self.rng
        roll = rng.random()
        if roll < 0.1:
            return ()
        if first and rng.random() < 0.5:
            head = rng.choice([r for r in ("energy", "focus") if r in self.reasons] or list(self.reasons))
        else:
            head = rng.choice(self.reasons)
        if roll < 0.8:
            return (head,)
        second = rng.choice(self.reasons)
        return (head,) if second == head else (head, second)

    def note(self) -> str | None:
        return self.rng.choice(_DOSE_NOTES) if self.rng.random() < 0.06 else None


def _day_minutes(rng: random.Random, day: date, count: int, *, wake_first: bool = True) -> list[int]:
    """`count` dose times through a waking day: the first often within an hour of waking."""
    weekend = day.weekday() >= 5
    wake = rng.randint(480, 540) if weekend else rng.randint(405, 465)
    first = wake + (rng.randint(5, 55) if wake_first else rng.randint(60, 150))
    if count == 1:
        return [first]
    last = rng.randint(20 * 60 + 30, 22 * 60)
    step = (last - first) / (count - 1)
    minutes = [first]
    for i in range(1, count):
        at = round(first + i * step + rng.randint(-25, 25))
        minutes.append(min(max(at, minutes[-1] + 30), 23 * 60 - (count - 1 - i) * 5))
    return minutes


# --- scenarios ------------------------------------------------------------------------------------

_STEADY_REASONS = ("stress", "pain", "energy", "mood", "focus", "social")
_ESCALATING_REASONS = ("energy", "stress", "mood", "pain", "focus", "habit")
_TAPER_REASONS = ("stress", "pain", "energy", "mood", "focus", "sleep")
_REGULAR_STEADY = tuple(2.0 + 0.25 * n for n in range(7))  # 2.0 … 3.5 g

_Scenario = tuple[list[date], _Mood, tuple[str, ...]]  # deliberate no-use days, mood, DSM-5 "yes" items


def _steady(rng: random.Random, person: _Person, today: date, weeks: int) -> _Scenario:
    """Occasional use, built so that no EVIDENCE §6 rule is active at `today`:
    ≤ 2 doses a day and ≤ 4 g a dose (frequency, high-dose); 2–3 isolated no-use days in every
    aligned week, never on its first or last day (daily-run, and no ≥ 3-day break except one
    deliberate one ≥ 7 weeks back whose first dose after is 1–1.5 g, below every regular 2–3.5 g
    dose: after-break); the last finished week never holds more grams than finished days 29–35
    (the two weeks are swapped if it would: escalation); first doses at a fixed time ± 12 min
    (earlier-first-dose cannot move 30 min); ≤ 2 two-dose days a week (< 15 qualifying days in
    30: shortening-gaps has too little data); no `withdrawal` reasons, no concentrates, SOWS 2–5,
    DSM-5 count ≤ 1, and alcohol only ≥ 13 h from any dose."""
    anchor = rng.randrange(9 * 60, 10 * 60 + 31, 5)
    patterns = {n: [c for c in combinations(range(1, 6), n) if all(b - a > 1 for a, b in zip(c, c[1:]))]
                for n in (2, 3)}

    def use_day(day: date, doses: int) -> None:
        first = person.dose(anchor + rng.randint(-12, 12), rng.choice(_REGULAR_STEADY), first=True)
        person.plan[day] = [first]
        if doses == 2:
            person.plan[day].append(
                person.dose(rng.randint(14 * 60, 19 * 60), rng.choice(_REGULAR_STEADY), first=False)
            )

    for k in range(weeks, 0, -1):
        block = [today - timedelta(days=7 * k - i) for i in range(7)]
        off = set(rng.choice(patterns[rng.choice((2, 3, 3))]))
        two_dose_left = 2
        for i, day in enumerate(block):
            if i in off:
                continue
            doses = 2 if two_dose_left and rng.random() < 0.3 else 1
            two_dose_left -= doses - 1
            use_day(day, doses)
    if rng.random() < 0.6:
        use_day(today, 1)

    def grams_in_week(k: int) -> float:
        return sum(p.grams for i in range(7) for p in person.plan.get(today - timedelta(days=7 * k - i), []))

    if grams_in_week(1) > grams_in_week(5):
        for i in range(7):
            a, b = today - timedelta(days=7 - i), today - timedelta(days=35 - i)
            pa, pb = person.plan.pop(a, None), person.plan.pop(b, None)
            if pb is not None:
                person.plan[a] = pb
            if pa is not None:
                person.plan[b] = pa

    deliberate: list[date] = []
    if weeks >= 8:
        k = rng.randint(7, weeks - 1)
        block = [today - timedelta(days=7 * k - i) for i in range(7)]
        for day in block[1:5]:
            person.plan.pop(day, None)
            deliberate.append(day)
        small = rng.choice((1.0, 1.25, 1.5))
        person.plan[block[5]] = [person.dose(anchor + rng.randint(-12, 12), small, first=True, measured=True)]
    first_day = today - timedelta(days=7 * weeks)
    for day in _days(first_day, today - timedelta(days=1)):
        if day not in person.plan and day not in deliberate and rng.random() < 0.35:
            deliberate.append(day)

    base_stress = rng.uniform(3.5, 5.0)
    mood = _Mood(
        stress=lambda day: base_stress,
        craving=lambda day: 1.5,
        sows=lambda day: 3.5,
        sows_low=2,
        sows_high=5,
        pss=lambda day: 0.4,
    )
    return sorted(deliberate), mood, rng.choice(((), ("tolerance",), ("craving",)))


def _escalating(rng: random.Random, person: _Person, today: date, weeks: int) -> _Scenario:
    """Daily use rising over the final six weeks: level = 1 − (days before today)/42, doses a day
    2 + ⌊3·level + u⌋, grams a dose 2 + 1.5·level ± 0.1. The last 7 finished days (level ≥ 0.83)
    have ≥ 4 doses of ≥ 2.9 g a day (≥ 11.6 g); days 29–35 (level ≤ 0.31) ≤ 3 doses of ≤ 2.82 g
    (≤ 8.5 g): a rise of ≥ 36% (escalation) and > 3 doses a day (frequency)."""
    first_day = today - timedelta(days=7 * weeks)
    older = [d for d in _days(first_day, today - timedelta(days=36))]
    off = sorted(rng.sample(older[::2], min(2, len(older[::2]))))  # every other day: never adjacent
    for day in _days(first_day, today):
        if day in off:
            continue
        level = max(0.0, 1 - (today - day).days / 42)
        count = 2 + min(3, int(3 * level + rng.random()))
        person.plan[day] = [
            person.dose(minute, 2.0 + 1.5 * level + rng.uniform(-0.1, 0.1), first=i == 0)
            for i, minute in enumerate(_day_minutes(rng, day, count))
        ]

    def level(day: date) -> float:
        return max(0.0, 1 - (today - day).days / 42)

    mood = _Mood(
        stress=lambda day: 4.0 + 2.0 * level(day),
        craving=lambda day: 2.0 + 5.0 * level(day),
        sows=lambda day: 3.0 + 8.0 * level(day),
        pss=lambda day: 0.45 + 0.2 * level(day),
    )
    return off, mood, ("more_than_intended", "tolerance", "withdrawal")


def _schedule(start_day: date, start_g: float, step: str, every: int, floor: float,
              holds: tuple[tuple[date, int], ...]) -> list[tuple[date, float]]:
    """(first day, allowance) of each period, ending with the floor, as `core.taper.schedule` plans it."""
    spec = PlanSpec(start_day, start_g, parse_step(step), every, floor, rounding_g=TAPER_ROUNDING_G)
    periods = schedule(spec, [Change(day, "hold", hold_days=days) for day, days in holds])
    return [(period.start, period.allowance_g) for period in periods]


def _allowance(periods: list[tuple[date, float]], day: date) -> float | None:
    index = bisect_left([p[0] for p in periods], day + timedelta(days=1)) - 1
    return None if index < 0 else periods[index][1]


def _taper_day(rng: random.Random, person: _Person, day: date, allowance: float, *, over_chance: float) -> None:
    """Doses on a plan day: mostly 86–100% of the allowance, sometimes up to 6% over."""
    factor = rng.uniform(1.0, 1.06) if rng.random() < over_chance else rng.uniform(0.86, 1.0)
    total = allowance * factor
    count = 3 if allowance >= 6 else 2 if allowance >= 2.5 else 1
    shares = [rng.uniform(0.9, 1.1) for _ in range(count)]
    parts = [max(0.3, math.floor(total * s / sum(shares) * 10) / 10) for s in shares]
    person.plan[day] = [
        person.dose(minute, grams, first=i == 0, measured=True)
        for i, (minute, grams) in enumerate(zip(_day_minutes(rng, day, count), parts))
    ]


TAPER_EVERY_DAYS = 30  # 10% of the starting amount a month: HHS 2019 after long-term use (EVIDENCE §5)
TAPER_BASELINE_DAYS = 28


def _tapering(
    rng: random.Random, person: _Person, today: date, weeks: int
) -> tuple[list[date], _Mood, tuple[str, ...], DemoTaper, date]:
    """A long-term daily user: the first 4 weeks at 2–3 doses of 2.5–3.5 g every day, then the plan
    (10% of the starting amount every 30 days, the pace opioid guidance gives after long-term use),
    starting from the mean of the last 14 days, with a 7-day hold 16 days in (earlier when the
    history is short), right after a SOWS rise of 4."""
    first_day = today - timedelta(days=7 * weeks)
    start_day = first_day + timedelta(days=TAPER_BASELINE_DAYS)
    _leaf_days(rng, person, _days(first_day, start_day - timedelta(days=1)))
    recent = _days(start_day - timedelta(days=14), start_day - timedelta(days=1))
    start_g = round(sum(p.grams for day in recent for p in person.plan[day]) / 14, 2)
    floor_g = max(0.5, round_down(start_g * 0.25, TAPER_ROUNDING_G))
    hold_day = start_day + timedelta(days=min(16, (today - start_day).days - 2))
    holds = ((hold_day, 7),)
    periods = _schedule(start_day, start_g, "10%", TAPER_EVERY_DAYS, floor_g, holds)
    floor_day = periods[-1][0]
    after_hold = [d for d in _days(hold_day + timedelta(days=8), today - timedelta(days=2))]
    off = [rng.choice(after_hold)] if after_hold else []
    for day in _days(start_day, today):
        if day in off:
            continue
        if day > floor_day and rng.random() < 0.25 and (day - timedelta(days=1)) in person.plan:
            off.append(day)  # past the floor: more days without use, never two in a row
            continue
        _taper_day(rng, person, day, _allowance(periods, day) or floor_g, over_chance=0.12)
    taper = DemoTaper(start_day, start_g, "10%", TAPER_EVERY_DAYS, floor_g, holds, None, floor_day <= today)

    def progress(day: date) -> float:
        allowance = _allowance(periods, day)
        return 0.0 if allowance is None else 1 - allowance / start_g

    mood = _Mood(
        stress=lambda day: 4.5 + 1.5 * progress(day),
        craving=lambda day: 3.0 + 2.5 * progress(day),
        sows=lambda day: 4.0 + 4.0 * progress(day),
        pss=lambda day: 0.5,
    )
    return sorted(off), mood, ("cut_down", "tolerance", "withdrawal"), taper, hold_day


def _leaf_days(rng: random.Random, person: _Person, days: list[date], *, counts=(2, 3, 3),
               grams=(2.5, 3.5), first_minute: Callable[[date], int] | None = None) -> None:
    """Daily leaf use on `days`: 2–3 measured doses; `first_minute` fixes the first dose's time."""
    for day in days:
        minutes = _day_minutes(rng, day, rng.choice(counts))
        if first_minute is not None:
            first = first_minute(day)
            minutes = [first] + [max(m, first + 90 * (i + 1)) for i, m in enumerate(minutes[1:])]
        person.plan[day] = [
            person.dose(m, rng.uniform(*grams), first=i == 0, measured=True) for i, m in enumerate(minutes)
        ]


def _seven_oh_product(rng: random.Random, year: int) -> DemoStrain:
    vendor = rng.choice(_VENDORS)
    return DemoStrain("Seven Tabs 7-OH", vendor, f"7T-{year % 100:02d}{rng.randint(1, 12):02d}-{rng.randint(1, 99):02d}",
                      "7-oh", None, None, False, "label: 15 mg 7-OH a tablet (vendor's claim, not an assay)",
                      seven_oh_mg_per_unit=15.0, unit_name="tablet", unit_grams=0.5)


def _seven_oh(rng: random.Random, person: _Person, today: date, weeks: int, product: DemoStrain) -> _Scenario:
    """Daily leaf use, then for the last 4 weeks a 7-OH tablet product (label 15 mg 7-OH a tablet) 3–4
    times a day, 1–2 tablets (no mitragynine estimate; 15–30 mg 7-OH each), the evening dose at 20:00–21:30, a sleep aid at 22:30–23:15 on four of the
    last 7 nights (`combination`: within 12 h; `concentrate`), the first dose of each of the last 3
    finished days taken for `withdrawal` (`relief-use`), and SOWS totals of 11 and then 16 in the
    last 10 days (`withdrawal`: 13 or more)."""
    first_day = today - timedelta(days=7 * weeks)
    switch = today - timedelta(days=28)
    _leaf_days(rng, person, _days(first_day, switch - timedelta(days=1)))
    for day in _days(switch, today):
        count = rng.choice((3, 4, 4))
        minutes = _day_minutes(rng, day, count)
        minutes[-1] = max(minutes[-1], rng.randint(20 * 60, 21 * 60 + 30))
        person.plan[day] = [person.dose(m, 0.5, first=i == 0, strain=product) for i, m in enumerate(sorted(minutes))]
        for proto in person.plan[day]:  # counted in tablets, as the person would log them
            count = float(rng.choice((1, 1, 2)))
            proto.amount, proto.unit, proto.grams = count, "tablet", count * (product.unit_grams or 0.5)
    for back in (1, 2, 3):
        first = person.plan[today - timedelta(days=back)][0]
        first.reasons = ("withdrawal",)
    for back in sorted(rng.sample(range(1, 7), 4)):
        person.others.append((today - timedelta(days=back), rng.randint(22 * 60 + 30, 23 * 60 + 15),
                              DemoOther(0, "sleep-aid", rng.choice(("1 tablet", "10 mg", None)))))
    person.fixed_sows = {today - timedelta(days=9): 11, today - timedelta(days=3): 16}
    leaf_days = _days(first_day + timedelta(days=3), switch - timedelta(days=3))
    off = sorted(rng.sample(leaf_days[::2], 2))  # two deliberate no-use days, never adjacent
    for day in off:
        person.plan.pop(day)

    def level(day: date) -> float:
        return 1.0 if day >= switch else 0.0

    mood = _Mood(
        stress=lambda day: 4.5 + 1.0 * level(day),
        craving=lambda day: 3.0 + 3.0 * level(day),
        sows=lambda day: 5.0,
        pss=lambda day: 0.55,
    )
    return off, mood, ("craving", "cut_down", "tolerance", "withdrawal")


def _restart(rng: random.Random, person: _Person, today: date, weeks: int) -> _Scenario:
    """Daily leaf use, first dose near 10:30 until 31 finished days ago and near 08:15 since
    (`earlier-first-dose`: 30 min or more, with ≥ 15 use-days in each 30-day window); a deliberate
    5-day break 8 to 4 days ago with SOWS 9 then 17 (`withdrawal`); back 3 days ago with a first
    dose of 3.6 g, above the 2.5–3.4 g doses before the break (`after-break`)."""
    first_day = today - timedelta(days=7 * weeks)
    late, early = rng.randrange(10 * 60 + 15, 10 * 60 + 46, 5), rng.randrange(8 * 60, 8 * 60 + 31, 5)
    pivot = today - timedelta(days=30)

    def first_minute(day: date) -> int:
        return (early if day >= pivot else late) + rng.randint(-10, 10)

    break_days = _days(today - timedelta(days=8), today - timedelta(days=4))
    _leaf_days(rng, person, _days(first_day, break_days[0] - timedelta(days=1)), grams=(2.5, 3.4),
               first_minute=first_minute)
    _leaf_days(rng, person, _days(break_days[-1] + timedelta(days=1), today), grams=(2.5, 3.4),
               first_minute=first_minute)
    back = person.plan[break_days[-1] + timedelta(days=1)][0]
    back.amount = back.grams = 3.6
    person.fixed_sows = {break_days[1]: 9, break_days[3]: 17}

    def on_break(day: date) -> bool:
        return break_days[0] <= day <= break_days[-1]

    mood = _Mood(
        stress=lambda day: 6.0 if on_break(day) else 4.5,
        craving=lambda day: 7.0 if on_break(day) else 3.5,
        sows=lambda day: 4.0,
        pss=lambda day: 0.5,
    )
    return break_days, mood, ("tolerance", "withdrawal", "craving")


# --- ratings, check-ins, other substances ----------------------------------------------------------


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def _ratings(
    rng: random.Random, days: list[date], plan: dict[date, list[_Proto]], mood: _Mood
) -> list[tuple[date, int, DemoRating]]:
    """1–3 ratings a day; stress a little lower within 2 h after a dose."""
    out = []
    for day in days:
        count = rng.choices((1, 2, 3), (0.35, 0.4, 0.25))[0]
        dose_minutes = [p.minute for p in plan.get(day, [])]
        for minute in sorted(rng.sample(range(8 * 60, 22 * 60, 5), count)):
            relief = 1 if any(0 < minute - m <= 120 for m in dose_minutes) else 0
            stress = _clamp(mood.stress(day) + rng.gauss(0, 1.3) - relief, 0, 10)
            craving = _clamp(mood.craving(day) + rng.gauss(0, 1.2), 0, 10) if rng.random() < 0.8 else None
            pain = _clamp(rng.gauss(3, 1.5), 0, 10) if rng.random() < 0.4 else None
            note = rng.choice(_RATING_NOTES) if rng.random() < 0.05 else None
            out.append((day, minute, DemoRating(0, stress, craving, pain, note)))
    return out


def _sows_items(rng: random.Random, total: int) -> dict[str, int]:
    items = dict.fromkeys(SOWS_ITEMS, 0)
    for _ in range(min(total, 64)):
        open_items = [(k, w) for k, w in zip(SOWS_ITEMS, _SOWS_WEIGHTS) if items[k] < 4]
        key = rng.choices([k for k, _ in open_items], [w for _, w in open_items])[0]
        items[key] += 1
    return items


def _pss_items(rng: random.Random, level: float) -> dict[str, int]:
    return {
        key: _clamp(4 * ((1 - level) if key in PSS10_REVERSED else level) + rng.uniform(-0.8, 0.8), 0, 4)
        for key in PSS10_ITEMS
    }


def _checks(rng: random.Random, first_day: date, today: date, mood: _Mood, dsm_yes: tuple[str, ...], *,
            sows_every: tuple[int, int] = (6, 8), pss_every: tuple[int, int] = (26, 30),
            dsm_days: list[date] | None = None, bump_before: date | None = None,
            fixed_sows: dict[date, int] | None = None) -> list[tuple[date, int, DemoCheck]]:
    """SOWS every `sows_every` days, PSS-10 every `pss_every`, DSM-5 once (or on `dsm_days`). With
    `fixed_sows`, those exact totals are the latest SOWS (generated ones from 2 days before the first
    fixed day on are dropped)."""
    out: list[tuple[date, int, DemoCheck]] = []
    day, previous = first_day + timedelta(days=rng.randint(0, 6)), None
    sows_days = []
    last_generated = min(fixed_sows) - timedelta(days=3) if fixed_sows else today
    while day <= last_generated:
        sows_days.append(day)
        day += timedelta(days=rng.randint(*sows_every))
    if bump_before is not None:
        sows_days = sorted({d for d in sows_days if not bump_before - timedelta(days=3) <= d < bump_before}
                           | {bump_before - timedelta(days=1)})
    for day in sows_days:
        total = _clamp(mood.sows(day) + rng.uniform(-1, 1), mood.sows_low, mood.sows_high)
        if previous is not None:
            total = max(previous - 3, min(previous + 3, total))
            if bump_before is not None and day == bump_before - timedelta(days=1):
                total = previous + 4  # the rise that prompts the plan's hold (heuristic, §6)
        previous = total
        out.append((day, rng.randint(20 * 60, 21 * 60 + 30), DemoCheck(0, SOWS.id, _sows_items(rng, total))))
    for day, total in sorted((fixed_sows or {}).items()):
        out.append((day, rng.randint(20 * 60, 21 * 60 + 30), DemoCheck(0, SOWS.id, _sows_items(rng, total))))
    day = first_day + timedelta(days=rng.randint(3, 10))
    while day <= today:
        out.append((day, rng.randint(19 * 60, 21 * 60), DemoCheck(0, PSS10.id, _pss_items(rng, mood.pss(day)))))
        day += timedelta(days=rng.randint(*pss_every))
    for day in dsm_days if dsm_days is not None else [today - timedelta(days=rng.randint(5, 20))]:
        yes = dsm_yes if dsm_days is None else tuple(rng.sample(DSM5_ITEMS, rng.randint(1, 6)))
        out.append((day, rng.randint(19 * 60, 21 * 60), DemoCheck(0, DSM5.id, {k: int(k in yes) for k in DSM5_ITEMS})))
    return out


def _others(rng: random.Random, days: list[date], plan: dict[date, list[_Proto]], dose_times: list[int], *,
            alcohol_chance: float, separate: bool, cannabis_chance: float = 0.0) -> list[tuple[date, int, DemoOther]]:
    """Coffee-like stimulant on about half the mornings; alcohol now and then — with `separate`,
    only at least 13 h from any dose (so the `combination` rule stays clear)."""
    out = []
    for day in days:
        if rng.random() < 0.5:
            cups = rng.choice(("1 cup", "2 cups", "1 espresso"))
            out.append((day, rng.randint(7 * 60, 9 * 60), DemoOther(0, "stimulant", cups)))
        if rng.random() < cannabis_chance:
            out.append((day, rng.randint(20 * 60, 22 * 60), DemoOther(0, "cannabis", None)))
        if separate and day in plan:
            continue
        if rng.random() < alcohol_chance:
            minute = rng.randint(18 * 60 + 30, 21 * 60 + 30)
            if separate:
                at = _instant(day, minute)
                i = bisect_left(dose_times, at - 13 * 3600)
                if i < len(dose_times) and dose_times[i] <= at + 13 * 3600:
                    continue
            out.append((day, minute, DemoOther(0, "alcohol", rng.choice(("1 beer", "2 beers", "a glass of wine")))))
    return out


# --- assembly -------------------------------------------------------------------------------------


def _assemble(strains: list[DemoStrain], plan: dict[date, list[_Proto]], ratings, checks, no_use: list[date],
              others, tapers: list[DemoTaper], now: int) -> DemoData:
    doses = sorted(
        (
            DemoDose(_instant(day, p.minute), p.amount, p.unit, p.grams, p.strain, p.reasons, p.note)
            for day in plan
            for p in plan[day]
        ),
        key=lambda d: d.at,
    )

    def stamped(rows):
        return tuple(sorted((replace(row, at=_instant(day, minute)) for day, minute, row in rows), key=lambda r: r.at))

    return DemoData(
        strains=tuple(strains),
        doses=tuple(d for d in doses if d.at <= now),
        ratings=tuple(r for r in stamped(ratings) if r.at <= now),
        checks=tuple(c for c in stamped(checks) if c.at <= now),
        no_use_days=tuple(d for d in sorted(set(no_use)) if _instant(d, 0) <= now),
        others=tuple(o for o in stamped(others) if o.at <= now),
        tapers=tuple(tapers),
    )


def _end_of(day: date) -> int:
    return _instant(day + timedelta(days=1), 0) - 1


def generate(scenario: str, weeks: int, today: date, seed: int, now: int | None = None) -> DemoData:
    """A synthetic person for `scenario` over `weeks` weeks before `today` (plus today); identical
    for identical arguments in the same time zone. `now` defaults to the last second of `today`."""
    if scenario not in SCENARIOS:
        raise Invalid(f"unknown demo scenario {scenario!r}; choose one of {', '.join(SCENARIOS)}")
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not MIN_WEEKS <= weeks <= MAX_WEEKS:
        raise Invalid(f"demo weeks must be a whole number from {MIN_WEEKS} to {MAX_WEEKS}; got {weeks!r}")
    needs = SCENARIO_BY_NAME[scenario].min_weeks
    if weeks < needs:
        raise Invalid(f"the {scenario} scenario needs at least {needs} weeks of history to show what it "
                      f"promises; got {weeks}")
    now = _end_of(today) if now is None else now
    if now < _instant(today, 0):
        raise Invalid(f"now must not be before the start of today ({today.isoformat()})")

    rng = random.Random(f"kratomlog-demo:{scenario}:{seed}")
    strains = _strains(rng, rng.randint(3, 5), today.year)
    first_day = today - timedelta(days=7 * weeks)
    days = _days(first_day, today)
    tapers: list[DemoTaper] = []
    bump = None
    if scenario == "steady":
        person = _Person(rng, strains, _STEADY_REASONS)
        no_use, mood, dsm_yes = _steady(rng, person, today, weeks)
    elif scenario == "escalating":
        person = _Person(rng, strains, _ESCALATING_REASONS)
        no_use, mood, dsm_yes = _escalating(rng, person, today, weeks)
    elif scenario == "seven-oh":
        product = _seven_oh_product(rng, today.year)
        strains.append(product)
        person = _Person(rng, strains, _TAPER_REASONS)
        no_use, mood, dsm_yes = _seven_oh(rng, person, today, weeks, product)
    elif scenario == "restart":
        person = _Person(rng, strains, _ESCALATING_REASONS)
        no_use, mood, dsm_yes = _restart(rng, person, today, weeks)
    else:
        person = _Person(rng, strains, _TAPER_REASONS)
        no_use, mood, dsm_yes, taper, bump = _tapering(rng, person, today, weeks)
        tapers.append(taper)

    dose_times = sorted(_instant(day, p.minute) for day, doses in person.plan.items() for p in doses)
    ratings = _ratings(rng, days, person.plan, mood)
    checks = _checks(rng, first_day, today, mood, dsm_yes, bump_before=bump, fixed_sows=person.fixed_sows)
    others = _others(rng, days, person.plan, dose_times, alcohol_chance=0.35, separate=True) + person.others
    from kratomlog.core.demo_products import with_products

    return with_products(_assemble(strains, person.plan, ratings, checks, no_use, others, tapers, now), scenario, seed,
                         now)


# --- long history (benchmark data) ----------------------------------------------------------------


def long_history(years: int, today: date, seed: int) -> DemoData:
    """About `years` × 365 days of heavy daily use (≈ 6 doses a day) with two finished taper plans
    (10% every 7 days to 0 g; 0.5 g every 5 days to a floor), a break and a slow return after each,
    daily ratings, weekly SOWS, monthly PSS-10, a yearly DSM-5 self-check, other substances and an
    extract strain used for a while. Nothing later than the end of `today`."""
    if isinstance(years, bool) or not isinstance(years, int) or not 1 <= years <= MAX_YEARS:
        raise Invalid(f"history years must be a whole number from 1 to {MAX_YEARS}; got {years!r}")
    rng = random.Random(f"kratomlog-history:{seed}")
    year = today.year
    strains = [_strain(rng, name, "powder", year) for name in rng.sample(_POWDER_NAMES, 7)]
    strains.append(_strain(rng, rng.choice(_CAPSULE_NAMES), "capsule", year))
    strains.append(_strain(rng, "Red Tea Cut", "tea", year))
    extract = DemoStrain("Gold Extract 50x", rng.choice(_VENDORS), f"GX-{year % 100:02d}01-07", "extract", 45.0,
                         None, False, "label claim (vendor's, not an assay)")
    strains.append(extract)
    person = _Person(rng, strains, tuple(r for r in ("stress", "pain", "energy", "mood", "focus", "sleep",
                                                        "social", "withdrawal", "habit")))
    first_day = today - timedelta(days=365 * years)
    days = _days(first_day, today)
    total = len(days)
    extract_days = (first_day + timedelta(days=total // 8), first_day + timedelta(days=total // 8 + 60))

    taper_plans = [
        (first_day + timedelta(days=int(total * 0.30)), "10%", 7, 0.0),
        (first_day + timedelta(days=int(total * 0.66)), "0.5g", 5, 2.0),
    ]
    level, resume_at, index = 6.5, None, 0
    tapers: list[DemoTaper] = []
    no_use: list[date] = []
    active: tuple[list[tuple[date, float]], date, date] | None = None  # periods, floor day, stop day
    for n, day in enumerate(days):
        if index < len(taper_plans) and day == taper_plans[index][0]:
            start, step, every, floor = taper_plans[index]
            recent = [day - timedelta(days=k) for k in range(1, 15)]
            start_g = round(sum(p.grams for d in recent for p in person.plan.get(d, [])) / 14, 2)
            index += 1
        else:
            start_g = None
        if active is None and start_g is not None and start_g > floor + 2:
            holds = ((start + timedelta(days=every * 3 + 1), 7),)
            periods = _schedule(start, start_g, step, every, floor, holds)
            stop = periods[-1][0] + timedelta(days=rng.randint(3, 10))
            tapers.append(DemoTaper(start, start_g, step, every, floor, holds, stop, True))
            active = (periods, periods[-1][0], stop)
        if active is not None:
            periods, floor_day, stop = active
            allowance = _allowance(periods, day) or 0.0
            if day <= stop:
                if allowance <= 0:
                    no_use.append(day)
                else:
                    _taper_day(rng, person, day, allowance, over_chance=0.2)
                continue
            active, level, resume_at = None, 0.0, day + timedelta(days=rng.randint(20, 40))
        if resume_at is not None and day < resume_at:
            if rng.random() < 0.5:
                no_use.append(day)
            continue
        if resume_at is not None:
            level = min(6.5, level + 0.08)  # a slow return to the former pattern over ~2 months
            if level >= 6.5:
                resume_at = None
        else:
            level += 0.05 * (6.5 - level) + rng.uniform(-0.2, 0.2)
        count = max(1, min(10, round(level + rng.uniform(-1.5, 1.5)))) if level >= 1 else 1
        pool = [s for s in strains if s is not extract]
        era = pool[(n // 90) % 7: (n // 90) % 7 + 2] + [pool[7 + (n // 45) % 2]]
        minutes = _day_minutes(rng, day, count)
        doses = []
        for i, minute in enumerate(minutes):
            if extract_days[0] <= day <= extract_days[1] and rng.random() < 0.05:
                doses.append(person.dose(minute, rng.uniform(0.3, 0.6), first=i == 0, strain=extract))
            else:
                doses.append(person.dose(minute, rng.uniform(2.0, 4.0), first=i == 0, strain=person.pick(era)))
        person.plan[day] = doses

    mood = _Mood(
        stress=lambda day: 5.0,
        craving=lambda day: 4.0,
        sows=lambda day: 7.0,
        sows_low=0,
        sows_high=20,
        pss=lambda day: 0.5,
    )
    dsm_days = [first_day + timedelta(days=200 + 365 * k) for k in range(years) if 200 + 365 * k <= total]
    ratings = _ratings(rng, days, person.plan, mood)
    checks = _checks(rng, first_day, today, mood, (), pss_every=(30, 34), dsm_days=dsm_days)
    others = _others(rng, days, person.plan, [], alcohol_chance=0.12, separate=False, cannabis_chance=0.03)
    return _assemble(strains, person.plan, ratings, checks, no_use, others, tapers, _end_of(today))
