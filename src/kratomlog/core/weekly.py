"""Weekly review and trends: aggregate doses, ratings, SOWS totals and no-use days into days and weeks.

Pure and one-pass. Entries are bucketed by local day (`day_starts_at`, DST-safe) with `bisect` over
the day boundaries of `core.days`, so a day is exactly the [start, end) range the store queries.

Inputs are either the `core.entries` records or plain tuples straight from SQL:
dose `(at, grams, strain, mitragynine_mg)`, rating `(at, stress, craving, pain)`, SOWS `(at, total)`,
no-use day `date`. Comparisons use finished days only: for the week in progress, this week's finished
days against the same weekdays of last week. A week's mean stress (craving, pain) is the mean over the
ratings in its compared days (entries), not the mean of daily means.

The results are named tuples, not dataclasses: every review command imports this module, and a
dataclass costs about half a millisecond to define.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta
from typing import Any, Iterable, Sequence

from kratomlog.core.records import NamedTuple

from kratomlog.core.clock import local_offset_seconds, wall_seconds, wall_time
from kratomlog.core.days import day_start, today, week_start
from kratomlog.core.entries import Dose, NoUseDay, Questionnaire, Rating
from kratomlog.core.invalid import Invalid
from kratomlog.core.numbers import rounded
from kratomlog.core.settings import Settings

MAX_WEEKS = 520
_EPOCH_DAY = date(1970, 1, 1)
NO_STRAIN = "(no strain)"
TOTAL_KEYS = (
    "days_used",
    "doses",
    "grams",
    "mean_grams_per_use_day",
    "mean_grams_per_day",
    "mean_stress",
    "mean_craving",
    "mean_pain",
)


class DaySummary(NamedTuple):
    """One local day. Values are None when the day has no data (before the first entry, or not begun)."""

    day: date
    has_data: bool  # on or after the first entry ever, and not after today
    finished: bool  # before today
    is_today: bool
    doses: int | None
    grams: float | None
    mitragynine_mg: float | None  # sum of the doses' estimates; None if doses exist and none has one
    first_dose: str | None  # "HH:MM" local
    mean_stress: float | None
    mean_craving: float | None
    mean_pain: float | None
    sows: int | None  # the day's last SOWS-16 total
    no_use: bool


class Totals(NamedTuple):
    """Totals over a set of compared days; everything None when none of them has data."""

    days_counted: int  # compared days with data: the divisor of mean_grams_per_day
    days_used: int | None
    doses: int | None
    grams: float | None
    mean_grams_per_use_day: float | None
    mean_grams_per_day: float | None
    mean_stress: float | None
    mean_craving: float | None
    mean_pain: float | None

    @property
    def mean_doses_per_day(self) -> float | None:
        if self.doses is None or not self.days_counted:
            return None
        return self.doses / self.days_counted


class StrainShare(NamedTuple):
    name: str
    grams: float
    share: float  # 0..1 of the period's grams


class TodaySoFar(NamedTuple):
    """Today's partial figures, kept apart from the totals (an unfinished day is not a light day)."""

    day: date
    doses: int
    grams: float
    strains: list[StrainShare]


class WeekReport(NamedTuple):
    start: date
    end: date  # inclusive
    today: date
    in_progress: bool
    compared_days: int
    days: list[DaySummary]
    totals: Totals
    previous: Totals
    strains: list[StrainShare]  # over the same (finished) days as `totals`
    first_entry_day: date | None
    has_entries: bool  # anything logged in these seven days
    today_so_far: TodaySoFar | None = None  # when today is in this week

    @property
    def is_empty(self) -> bool:
        return self.first_entry_day is None or not self.has_entries


class WeekTotals(NamedTuple):
    start: date
    end: date
    in_progress: bool
    compared_days: int
    totals: Totals


class TrendsReport(NamedTuple):
    weeks: list[WeekTotals]  # oldest first; the current week last when it is included
    hours: list[int]  # 24 counts: doses by local clock hour
    sows: list[tuple[date, int]]  # (day, total), oldest first
    strains: list[StrainShare]  # over the finished days, the same days as the weeks' totals
    first_entry_day: date | None
    has_entries: bool
    today_so_far: TodaySoFar | None = None  # when today is in these weeks

    @property
    def is_empty(self) -> bool:
        return self.first_entry_day is None or not self.has_entries

    @property
    def mean_stress(self) -> list[float | None]:
        return [w.totals.mean_stress for w in self.weeks]

    @property
    def mean_craving(self) -> list[float | None]:
        return [w.totals.mean_craving for w in self.weeks]


# --- input normalisation (plain tuples pass through untouched) ---------------------------------


def _dose_rows(doses: Iterable[Any]) -> Iterable[tuple]:
    for d in doses:
        if isinstance(d, Dose):
            yield d.at, d.grams, d.strain, d.mitragynine_mg, d.utc_offset
        else:
            yield d


def _rating_rows(ratings: Iterable[Any]) -> Iterable[tuple]:
    for r in ratings:
        if isinstance(r, Rating):
            yield r.at, r.stress, r.craving, r.pain, r.utc_offset
        else:
            yield r


def _sows_rows(sows: Iterable[Any]) -> Iterable[tuple]:
    for q in sows:
        if isinstance(q, Questionnaire):
            if q.instrument == "sows":
                yield q.at, q.total, q.utc_offset
        else:
            yield q


def _no_use_dates(no_use_days: Iterable[Any]) -> set[date]:
    return {n.day if isinstance(n, NoUseDay) else n for n in no_use_days}


# --- the one pass --------------------------------------------------------------------------------


class _Buckets:
    """Per-day accumulators for the days first..first+count-1 (parallel lists, indexed by day)."""

    def __init__(self, first: date, count: int, settings: Settings) -> None:
        self.first = first
        self.count = count
        self.bounds = [day_start(first + timedelta(days=i), settings) for i in range(count + 1)]
        self.doses = [0] * count
        self.grams = [0.0] * count
        self.mg = [0.0] * count
        self.mg_known = [0] * count
        self.first_at: list[int | None] = [None] * count
        self.first_offset: list[int | None] = [None] * count
        self.start_seconds = settings.day_starts_at.hour * 3600 + settings.day_starts_at.minute * 60
        self.first_day_number = (first - _EPOCH_DAY).days  # days since 1970-01-01
        self._zone_offsets: dict[int, int | None] = {}
        self.stress_sum = [0] * count
        self.stress_n = [0] * count
        self.craving_sum = [0] * count
        self.craving_n = [0] * count
        self.pain_sum = [0] * count
        self.pain_n = [0] * count
        self.sows_at: list[int | None] = [None] * count
        self.sows: list[int | None] = [None] * count
        self.no_use = [False] * count
        self.strain_grams: list[dict[str, float]] = [{} for _ in range(count)]
        self.hours = [0] * 24

    def index(self, at: int) -> int:
        """Day index of an instant, or -1 outside the range."""
        i = bisect_right(self.bounds, at) - 1
        return i if 0 <= i < self.count else -1

    def locate(self, at: int, utc_offset: int | None) -> int:
        """Day index of an entry, or -1 outside the range. With a stored UTC offset, the day is that
        of the place it was logged (its wall clock there); without one, the zone in force."""
        if utc_offset is None:
            if at < self.bounds[0] or at >= self.bounds[-1]:
                return -1
            return bisect_right(self.bounds, at) - 1
        i = (wall_seconds(at, utc_offset) - self.start_seconds) // 86400 - self.first_day_number
        return i if 0 <= i < self.count else -1

    def zone_offset(self, i: int) -> int | None:
        """The local zone's UTC offset in seconds throughout day i, or None on a day it changes
        (a DST change): the wall clock of an instant that day is then read one by one."""
        if i not in self._zone_offsets:
            start, end = self.bounds[i], self.bounds[i + 1]
            at_start = local_offset_seconds(start)
            self._zone_offsets[i] = at_start if end - start == 86400 and local_offset_seconds(end - 1) == at_start else None
        return self._zone_offsets[i]

    def hour(self, at: int, utc_offset: int | None, i: int) -> int:
        """The wall-clock hour of an entry in day i: `wall_time(at, utc_offset).hour`, without a
        datetime on the days the zone's offset holds all day long."""
        if utc_offset is not None:
            return wall_seconds(at, utc_offset) // 3600 % 24
        offset = self.zone_offset(i)
        if offset is None:
            return wall_time(at, None).hour
        return (at + offset) // 3600 % 24

    def fill(self, doses, ratings, sows, no_use_days, *, until: int | None = None) -> bool:
        """Add every entry; return whether any fell in range. `until` (exclusive) caps the hour histogram.
        Rows may carry a last element, the UTC offset where the entry was logged (None: not stored)."""
        locate, hour = self.locate, self.hour
        any_entry = False
        doses_n, grams, mg, mg_known, first_at = self.doses, self.grams, self.mg, self.mg_known, self.first_at
        strain_grams, hours = self.strain_grams, self.hours
        for row in _dose_rows(doses):
            at, g, strain, mgv = row[0], row[1], row[2], row[3]
            off = row[4] if len(row) > 4 else None
            i = locate(at, off)
            if i < 0:
                continue
            any_entry = True
            doses_n[i] += 1
            grams[i] += g
            if mgv is not None:
                mg[i] += mgv
                mg_known[i] += 1
            fa = first_at[i]
            if fa is None or at < fa:
                first_at[i] = at
                self.first_offset[i] = off
            name = strain or NO_STRAIN
            sg = strain_grams[i]
            sg[name] = sg.get(name, 0.0) + g
            if until is None or at < until:
                hours[hour(at, off, i)] += 1
        stress_sum, stress_n = self.stress_sum, self.stress_n
        craving_sum, craving_n, pain_sum, pain_n = self.craving_sum, self.craving_n, self.pain_sum, self.pain_n
        for row in _rating_rows(ratings):
            at, stress, craving, pain = row[0], row[1], row[2], row[3]
            i = locate(at, row[4] if len(row) > 4 else None)
            if i < 0:
                continue
            any_entry = True
            stress_sum[i] += stress
            stress_n[i] += 1
            if craving is not None:
                craving_sum[i] += craving
                craving_n[i] += 1
            if pain is not None:
                pain_sum[i] += pain
                pain_n[i] += 1
        for row in _sows_rows(sows):
            at, total = row[0], row[1]
            i = locate(at, row[2] if len(row) > 2 else None)
            if i < 0:
                continue
            any_entry = True
            prev = self.sows_at[i]
            if prev is None or at >= prev:
                self.sows_at[i] = at
                self.sows[i] = total
        for d in _no_use_dates(no_use_days):
            i = (d - self.first).days
            if 0 <= i < self.count:
                any_entry = True
                self.no_use[i] = True
        return any_entry

    def has_data(self, i: int, first_entry_day: date | None, current: date) -> bool:
        d = self.first + timedelta(days=i)
        return first_entry_day is not None and first_entry_day <= d <= current

    def day(self, i: int, first_entry_day: date | None, current: date) -> DaySummary:
        d = self.first + timedelta(days=i)
        if not self.has_data(i, first_entry_day, current):
            return DaySummary(d, False, d < current, d == current, *([None] * 8), self.no_use[i])
        n = self.doses[i]
        first = self.first_at[i]
        return DaySummary(
            day=d,
            has_data=True,
            finished=d < current,
            is_today=d == current,
            doses=n,
            grams=self.grams[i],
            mitragynine_mg=None if n and not self.mg_known[i] else self.mg[i],
            first_dose=None if first is None else wall_time(first, self.first_offset[i]).strftime("%H:%M"),
            mean_stress=_mean(self.stress_sum[i], self.stress_n[i]),
            mean_craving=_mean(self.craving_sum[i], self.craving_n[i]),
            mean_pain=_mean(self.pain_sum[i], self.pain_n[i]),
            sows=self.sows[i],
            no_use=self.no_use[i],
        )

    def totals(self, indices: Iterable[int], first_entry_day: date | None, current: date) -> Totals:
        counted = [i for i in indices if self.has_data(i, first_entry_day, current)]
        if not counted:
            return Totals(0, *([None] * 8))
        doses = sum(self.doses[i] for i in counted)
        grams = sum(self.grams[i] for i in counted)
        used = sum(1 for i in counted if self.doses[i])
        return Totals(
            days_counted=len(counted),
            days_used=used,
            doses=doses,
            grams=grams,
            mean_grams_per_use_day=grams / used if used else None,
            mean_grams_per_day=grams / len(counted),
            mean_stress=_mean(sum(self.stress_sum[i] for i in counted), sum(self.stress_n[i] for i in counted)),
            mean_craving=_mean(
                sum(self.craving_sum[i] for i in counted), sum(self.craving_n[i] for i in counted)
            ),
            mean_pain=_mean(sum(self.pain_sum[i] for i in counted), sum(self.pain_n[i] for i in counted)),
        )

    def strains(self, indices: Iterable[int]) -> list[StrainShare]:
        merged: dict[str, float] = {}
        for i in indices:
            for name, g in self.strain_grams[i].items():
                merged[name] = merged.get(name, 0.0) + g
        total = sum(merged.values())
        if total <= 0:
            return []
        ordered = sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))
        return [StrainShare(name, g, g / total) for name, g in ordered]

    def today_so_far(self, current: date) -> TodaySoFar | None:
        i = (current - self.first).days
        if not 0 <= i < self.count:
            return None
        return TodaySoFar(current, self.doses[i], self.grams[i], self.strains([i]))


def _mean(total: float, n: int) -> float | None:
    return total / n if n else None


def _compared_days(first: date, current: date) -> int:
    """Finished days of the week starting at `first`: 7 for a past week, 0 for a future one."""
    return max(0, min(7, (current - first).days))


# --- public API ----------------------------------------------------------------------------------


def summarize_week(
    first_day: date,
    now: int,
    settings: Settings,
    doses: Sequence[Any],
    ratings: Sequence[Any],
    sows: Sequence[Any],
    no_use_days: Sequence[Any],
    first_entry_day: date | None,
) -> WeekReport:
    """The week starting `first_day` beside the week before; data may cover more, the rest is ignored."""
    if week_start(first_day, settings) != first_day:
        raise Invalid(
            f"a week starts on {settings.week_starts}; {first_day.isoformat()} is a "
            f"{first_day.strftime('%A').lower()} (use week_start() to find the week's first day)"
        )
    current = today(now, settings)
    prev_first = first_day - timedelta(days=7)
    buckets = _Buckets(prev_first, 14, settings)
    buckets.fill(doses, ratings, sows, no_use_days)
    compared = _compared_days(first_day, current)
    this_idx = range(7, 14)
    has_entries = any(
        buckets.doses[i] or buckets.stress_n[i] or buckets.sows_at[i] is not None or buckets.no_use[i]
        for i in this_idx
    )
    return WeekReport(
        start=first_day,
        end=first_day + timedelta(days=6),
        today=current,
        in_progress=first_day <= current <= first_day + timedelta(days=6),
        compared_days=compared,
        days=[buckets.day(i, first_entry_day, current) for i in this_idx],
        totals=buckets.totals(range(7, 7 + compared), first_entry_day, current),
        previous=buckets.totals(range(0, compared), first_entry_day, current),
        strains=buckets.strains(range(7, 7 + compared)),
        first_entry_day=first_entry_day,
        has_entries=has_entries,
        today_so_far=buckets.today_so_far(current),
    )


def summarize_trends(
    last_week_first_day: date,
    weeks: int,
    now: int,
    settings: Settings,
    doses: Sequence[Any],
    ratings: Sequence[Any],
    sows: Sequence[Any],
    no_use_days: Sequence[Any],
    first_entry_day: date | None,
) -> TrendsReport:
    """`weeks` weeks ending with the one starting `last_week_first_day` (normally the current week)."""
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= MAX_WEEKS:
        raise Invalid(f"weeks must be a whole number from 1 to {MAX_WEEKS}; got {weeks!r}")
    if week_start(last_week_first_day, settings) != last_week_first_day:
        raise Invalid(
            f"a week starts on {settings.week_starts}; {last_week_first_day.isoformat()} is a "
            f"{last_week_first_day.strftime('%A').lower()}"
        )
    current = today(now, settings)
    first = last_week_first_day - timedelta(days=7 * (weeks - 1))
    buckets = _Buckets(first, 7 * weeks, settings)
    has_entries = buckets.fill(doses, ratings, sows, no_use_days, until=now + 1)
    rows = []
    for w in range(weeks):
        start = first + timedelta(days=7 * w)
        compared = _compared_days(start, current)
        rows.append(
            WeekTotals(
                start=start,
                end=start + timedelta(days=6),
                in_progress=start <= current <= start + timedelta(days=6),
                compared_days=compared,
                totals=buckets.totals(range(7 * w, 7 * w + compared), first_entry_day, current),
            )
        )
    sows_points = [
        (first + timedelta(days=i), total) for i, total in enumerate(buckets.sows) if total is not None
    ]
    return TrendsReport(
        weeks=rows,
        hours=buckets.hours,
        sows=sows_points,
        strains=buckets.strains(range(min(7 * weeks, max(0, (current - first).days)))),
        first_entry_day=first_entry_day,
        has_entries=has_entries,
        today_so_far=buckets.today_so_far(current),
    )


class PeriodWeek(NamedTuple):
    """One calendar week of a period, clipped to the period; totals over its finished days."""

    start: date
    end: date  # inclusive
    days: int  # days of the week inside the period
    finished_days: int
    totals: Totals


class PeriodSummary(NamedTuple):
    first: date
    last: date  # inclusive
    today: date
    days: list[DaySummary]  # first..last
    weeks: list[PeriodWeek]  # calendar weeks touching the period, oldest first
    before: Totals  # the whole calendar week before the first row: the first row's comparison
    totals: Totals  # the period's finished days
    strains: list[StrainShare]
    first_entry_day: date | None


def summarize_period(
    first: date,
    last: date,
    now: int,
    settings: Settings,
    doses: Sequence[Any],
    ratings: Sequence[Any],
    sows: Sequence[Any],
    no_use_days: Sequence[Any],
    first_entry_day: date | None,
) -> PeriodSummary:
    """The local days `first`..`last` with the same day and total rules as `week` and `trends`, split
    into calendar weeks (the first and last clipped to the period). Data should start at the
    calendar week before `first`'s week; the rest is ignored. Totals count finished days only."""
    if last < first:
        raise Invalid(f"a period ends on or after its first day; got {first.isoformat()} to {last.isoformat()}")
    current = today(now, settings)
    origin = week_start(first, settings) - timedelta(days=7)
    count = (last - origin).days + 1
    buckets = _Buckets(origin, count, settings)
    buckets.fill(doses, ratings, sows, no_use_days)
    offset = (first - origin).days
    period_idx = range(offset, count)

    def finished(indices: Iterable[int]) -> list[int]:
        return [i for i in indices if origin + timedelta(days=i) < current]

    weeks = []
    week_first = week_start(first, settings)
    while week_first <= last:
        lo = max((week_first - origin).days, offset)
        hi = min((week_first - origin).days + 6, count - 1)
        counted = finished(range(lo, hi + 1))
        weeks.append(PeriodWeek(
            start=origin + timedelta(days=lo), end=origin + timedelta(days=hi), days=hi - lo + 1,
            finished_days=len(counted), totals=buckets.totals(counted, first_entry_day, current),
        ))
        week_first += timedelta(days=7)
    return PeriodSummary(
        first=first,
        last=last,
        today=current,
        days=[buckets.day(i, first_entry_day, current) for i in period_idx],
        weeks=weeks,
        before=buckets.totals(finished(range(0, 7)), first_entry_day, current),
        totals=buckets.totals(finished(period_idx), first_entry_day, current),
        strains=buckets.strains(period_idx),
        first_entry_day=first_entry_day,
    )


# --- JSON ----------------------------------------------------------------------------------------


def _r(value: float | None) -> float | None:
    return rounded(value, 2)


def totals_json(totals: Totals) -> dict:
    return {key: _r(getattr(totals, key)) for key in TOTAL_KEYS}


def _strains_json(strains: list[StrainShare]) -> list[dict]:
    return [{"strain": s.name, "grams": _r(s.grams), "share": _r(s.share)} for s in strains]


def today_json(today: TodaySoFar | None) -> dict | None:
    """Today's partial figures, apart from the totals: {date, doses, grams, strains} or null."""
    if today is None:
        return None
    return {"date": today.day.isoformat(), "doses": today.doses, "grams": _r(today.grams),
            "strains": _strains_json(today.strains)}


def week_json(report: WeekReport) -> dict:
    """The documented `week --json` shape (plus `compared_days` and `strains`)."""
    return {
        "start": report.start.isoformat(),
        "end": report.end.isoformat(),
        "in_progress": report.in_progress,
        "compared_days": report.compared_days,
        "days": [
            {
                "date": d.day.isoformat(),
                "doses": d.doses,
                "grams": _r(d.grams),
                "mitragynine_mg": _r(d.mitragynine_mg),
                "first_dose": d.first_dose,
                "mean_stress": _r(d.mean_stress),
                "mean_craving": _r(d.mean_craving),
                "mean_pain": _r(d.mean_pain),
                "sows": d.sows,
                "no_use": d.no_use,
            }
            for d in report.days
        ],
        "totals": totals_json(report.totals),
        "previous": totals_json(report.previous),
        "strains": _strains_json(report.strains),
        "today": today_json(report.today_so_far),
    }


def trends_json(report: TrendsReport) -> dict:
    """The documented `trends --json` shape (plus the chart data: `hours`, `sows`, `strains`)."""
    return {
        "weeks": [
            {
                "start": w.start.isoformat(),
                "end": w.end.isoformat(),
                "in_progress": w.in_progress,
                "compared_days": w.compared_days,
                **totals_json(w.totals),
            }
            for w in report.weeks
        ],
        "hours": list(report.hours),
        "sows": [{"date": d.isoformat(), "total": t} for d, t in report.sows],
        "strains": _strains_json(report.strains),
        "today": today_json(report.today_so_far),
    }


def per_week_mean(daily: Sequence[float | None], days_per_week: int = 7) -> list[float | None]:
    """Mean of each consecutive week of daily values, ignoring None (None when a week has no value)."""
    out: list[float | None] = []
    for start in range(0, len(daily), days_per_week):
        values = [v for v in daily[start : start + days_per_week] if v is not None]
        out.append(sum(values) / len(values) if values else None)
    return out
