"""insights on a long, dense record: the binary-search pairing gives exactly what the definitions
say (checked against a brute-force reference), and ten years stay fast (a linear scan per dose took
about 16 s end to end on ~22,000 doses)."""

from __future__ import annotations

import random
import statistics
import time as clock
from datetime import date, datetime, time, timedelta

import pytest

from kratomlog.core.clock import from_local
from kratomlog.core.entries import Dose, Rating
from kratomlog.core.insights import InsightInput, compute_insights
from kratomlog.core.settings import Settings

S = Settings()
H = 3600


def record(n_days: int, seed: int = 7) -> InsightInput:
    rng = random.Random(seed)
    first = date(2020, 1, 1)
    doses, ratings = [], []
    for k in range(n_days):
        base = from_local(datetime.combine(first + timedelta(days=k), time(0, 0)))
        for _ in range(rng.randint(0, 6)):
            doses.append(Dose(at=base + rng.randrange(0, 24 * H, 60), grams=2.0))
        for _ in range(rng.randint(1, 8)):
            # minute resolution makes equal instants (ties) happen
            ratings.append(Rating(at=base + rng.randrange(0, 24 * H, 600), stress=rng.randint(0, 10),
                                  craving=rng.choice([None, rng.randint(0, 10)])))
    last = first + timedelta(days=n_days - 1)
    now = from_local(datetime.combine(last + timedelta(days=1), time(12, 0)))
    return InsightInput(now, S, tuple(doses), tuple(ratings), (), first, last)


def reference_pairs(data: InsightInput) -> tuple[list[int], list[int]]:
    ratings = sorted(data.ratings, key=lambda r: r.at)
    before, after = [], []
    for dose in sorted(data.doses, key=lambda d: d.at):
        b = [r for r in ratings if dose.at - 2 * H <= r.at <= dose.at]
        a = [r for r in ratings if dose.at + H <= r.at <= dose.at + 4 * H]
        if b and a:
            before.append(max(b, key=lambda r: r.at).stress)  # max/min keep the first of equal instants
            after.append(min(a, key=lambda r: r.at).stress)
    return before, after


def reference_craving_before(data: InsightInput) -> list[float]:
    rated = sorted((r for r in data.ratings if r.craving is not None), key=lambda r: r.at)
    chosen = set()
    for dose in data.doses:
        found = [i for i, r in enumerate(rated) if dose.at - 2 * H <= r.at <= dose.at]
        if found:
            latest = max(rated[i].at for i in found)
            chosen.add(min(i for i in found if rated[i].at == latest))
    return [float(rated[i].craving) for i in sorted(chosen)]


def test_pairing_matches_the_brute_force_definition():
    data = record(120)
    found = {i.id: i for i in compute_insights(data)}
    before, after = reference_pairs(data)
    around = found["stress-around-dose"].numbers
    assert around["n_pairs"] == len(before) > 20
    assert around["mean_before"] == pytest.approx(statistics.fmean(before))
    assert around["mean_after"] == pytest.approx(statistics.fmean(after))
    craving = found["craving-before-dose"].numbers
    expected = reference_craving_before(data)
    assert craving["n_before"] == len(expected) > 5
    assert craving["mean_before"] == pytest.approx(statistics.fmean(expected))


def test_ten_years_stay_fast():
    data = record(3650)
    assert len(data.doses) > 10_000
    started = clock.perf_counter()
    compute_insights(data)
    assert clock.perf_counter() - started < 5.0
