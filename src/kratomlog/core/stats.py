"""Small statistics without scipy: Student's t distribution (CDF and quantile), Welch and one-sample
t intervals, and a median on the 24-hour circle. Pure functions over plain numbers."""

from __future__ import annotations

import math
from kratomlog.core.records import NamedTuple

from kratomlog.core.invalid import Invalid

MINUTES_PER_DAY = 1440


# Plain mean/median/variance: the `statistics` module (with decimal and fractions) costs the fast
# logging path a few milliseconds to import, and these small samples need no exact arithmetic.
def mean(values: Iterable[float]) -> float:
    items = list(values)
    if not items:
        raise Invalid("a mean needs at least one value")
    return math.fsum(items) / len(items)


def median(values: Iterable[float]) -> float:
    items = sorted(values)
    if not items:
        raise Invalid("a median needs at least one value")
    middle = len(items) // 2
    return items[middle] if len(items) % 2 else (items[middle - 1] + items[middle]) / 2


def variance(values: Sequence[float]) -> float:
    """Sample variance (n − 1)."""
    if len(values) < 2:
        raise Invalid("a variance needs at least two values")
    centre = mean(values)
    return math.fsum((v - centre) ** 2 for v in values) / (len(values) - 1)


class Interval(NamedTuple):
    estimate: float
    low: float
    high: float
    df: float


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 400):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        step = d * c
        h *= step
        if abs(step - 1.0) < 1e-15:
            break
    return h


def betainc(a: float, b: float, x: float) -> float:
    """Regularized incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def _check_df(df: float) -> None:
    if not (df > 0 and math.isfinite(df)):
        raise Invalid(f"degrees of freedom must be a positive number; got {df!r}")


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with `df` degrees of freedom (df may be fractional)."""
    _check_df(df)
    tail = 0.5 * betainc(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t >= 0 else tail


def t_quantile(p: float, df: float) -> float:
    """The t value with P(T <= t) = p, e.g. t_quantile(0.975, 4) ≈ 2.776."""
    _check_df(df)
    if not 0.0 < p < 1.0:
        raise Invalid(f"probability must be between 0 and 1 (exclusive); got {p!r}")
    if p == 0.5:
        return 0.0
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    lo, hi = 0.0, 1.0
    while t_cdf(hi, df) < p:
        lo, hi = hi, hi * 2.0
    for _ in range(200):
        mid = (lo + hi) / 2.0
        if t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-12 * max(1.0, hi):
            break
    return (lo + hi) / 2.0


def mean_interval(values: Sequence[float], level: float = 0.95) -> Interval:
    """Mean with a t confidence interval (used for paired differences)."""
    n = len(values)
    if n < 2:
        raise Invalid(f"a confidence interval needs at least 2 values; got {n}")
    centre = mean(values)
    se = math.sqrt(variance(values)) / math.sqrt(n)
    half = t_quantile(0.5 + level / 2.0, n - 1) * se
    return Interval(centre, centre - half, centre + half, float(n - 1))


def welch_interval(a: Sequence[float], b: Sequence[float], level: float = 0.95) -> Interval:
    """Difference of means a − b with a Welch t interval (unequal variances)."""
    if len(a) < 2 or len(b) < 2:
        raise Invalid(f"a Welch interval needs at least 2 values per group; got {len(a)} and {len(b)}")
    n1, n2 = len(a), len(b)
    diff = mean(a) - mean(b)
    v1 = variance(a) / n1
    v2 = variance(b) / n2
    se2 = v1 + v2
    if se2 == 0.0:
        return Interval(diff, diff, diff, float(n1 + n2 - 2))
    df = se2 * se2 / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1))
    half = t_quantile(0.5 + level / 2.0, df) * math.sqrt(se2)
    return Interval(diff, diff - half, diff + half, df)


def circular_difference(a: float, b: float, period: float = MINUTES_PER_DAY) -> float:
    """a − b on a circle, in (−period/2, period/2]: circular_difference(5, 1435) == 10."""
    d = (a - b) % period
    return d - period if d > period / 2 else d


def circular_median(values: Sequence[float], period: float = MINUTES_PER_DAY) -> float:
    """A median on a circle (e.g. minutes of the day), in [0, period).

    Each value is expressed as its signed offset from the circular mean direction, the ordinary
    median of those offsets is taken and the mean direction added back. For times that cluster (as
    first-dose times do) this is the median along the arc they occupy, so 23:50 and 00:10 give 00:00.
    When the values have no mean direction (they cancel out) the first value is the reference.
    """
    if not values:
        raise Invalid("a median needs at least one value; got none")
    angles = [2.0 * math.pi * (v % period) / period for v in values]
    s = sum(math.sin(x) for x in angles)
    c = sum(math.cos(x) for x in angles)
    if math.hypot(s, c) < 1e-9 * len(values):
        reference = values[0] % period
    else:
        reference = (math.atan2(s, c) * period / (2.0 * math.pi)) % period
    offsets = [circular_difference(v, reference, period) for v in values]
    return round(reference + median(offsets), 6) % period
