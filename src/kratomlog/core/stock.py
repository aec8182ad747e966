"""Stock: per strain and batch, grams bought minus grams used since, and the days what is left
lasts at the last 14 finished days' average.

Which purchase a dose draws on, among the groups first bought at or before the dose: the group of
its own strain and batch; else the strain's purchases without a batch; else the strain's most
recently bought group. A dose before any purchase of its strain is not counted. When the logs use more than was bought,
the row says so ("used more than bought") instead of showing a silent negative stock.
"""

from __future__ import annotations

import math
from datetime import date
from kratomlog.core.records import NamedTuple

from kratomlog.core import days
from kratomlog.core.settings import Settings

AVERAGE_DAYS = 14  # finished days behind "days left"
USED_MORE = "used more than bought"


class Purchase(NamedTuple):
    at: int
    strain: str
    grams: float
    amount: float = 0.0
    unit: str = "g"
    batch: str | None = None  # batch code
    price: float | None = None
    currency: str | None = None
    vendor: str | None = None
    mitragynine_pct: float | None = None  # the batch's, else the strain's label, else leaf default
    pct_estimated: bool = False
    id: int | None = None


class Used(NamedTuple):
    """A dose as stock sees it."""
    at: int
    grams: float
    strain: str | None
    batch: str | None = None


class StockRow(NamedTuple):
    strain: str
    batch: str | None
    bought_g: float
    used_g: float
    left_g: float  # bought − used; negative only together with used_more_than_bought
    days_left: int | None  # at the 14-day average; None when nothing is left or nothing was used
    per_day_g: float  # mean grams a day of this row over the last 14 finished days
    used_more_than_bought: bool
    first_bought: int


def _key(strain: str, batch: str | None) -> tuple[str, str]:
    return strain.casefold(), (batch or "").casefold()


def _group_for(dose: Used, firsts: dict[tuple[str, str], int]) -> tuple[str, str] | None:
    """The purchase group a dose draws on, among the groups already bought when it was taken."""
    if dose.strain is None:
        return None
    bought = {key: first for key, first in firsts.items() if first <= dose.at}
    own = _key(dose.strain, dose.batch)
    if own in bought:
        return own
    plain = _key(dose.strain, None)
    if plain in bought:
        return plain
    earlier = [(first, key) for key, first in bought.items() if key[0] == own[0]]
    return max(earlier)[1] if earlier else None


def stock(purchases: Iterable[Purchase], doses: Iterable[Used], now: int, settings: Settings) -> list[StockRow]:
    """One row per strain/batch that was bought, in strain then first-purchase order."""
    bought: dict[tuple[str, str], float] = {}
    firsts: dict[tuple[str, str], int] = {}
    names: dict[tuple[str, str], tuple[str, str | None]] = {}
    for p in sorted(purchases, key=lambda p: p.at):
        key = _key(p.strain, p.batch)
        bought[key] = bought.get(key, 0.0) + p.grams
        firsts.setdefault(key, p.at)
        names.setdefault(key, (p.strain, p.batch))
    used = {key: 0.0 for key in bought}
    recent = {key: 0.0 for key in bought}
    window = days.last_finished_days(now, AVERAGE_DAYS, settings)
    window_start, window_end = days.days_range(window[0], window[-1], settings)
    for dose in doses:
        key = _group_for(dose, firsts)
        if key is None:
            continue
        used[key] += dose.grams
        if window_start <= dose.at < window_end:
            recent[key] += dose.grams
    rows = []
    for key in sorted(bought, key=lambda k: (k[0], firsts[k])):
        left = bought[key] - used[key]
        per_day = recent[key] / AVERAGE_DAYS
        over = left < -1e-9
        days_left = math.floor(left / per_day + 1e-9) if per_day > 0 and left > 0 else None
        strain, batch = names[key]
        rows.append(StockRow(strain, batch, round(bought[key], 3), round(used[key], 3),
                             round(left, 3), days_left, round(per_day, 3), over, firsts[key]))
    return rows


def mean_grams_per_day(doses: Iterable[Used], now: int, settings: Settings, count: int = AVERAGE_DAYS) -> float:
    """Mean grams a day (all strains) over the last `count` finished days, days without use counted."""
    window: Sequence[date] = days.last_finished_days(now, count, settings)
    start, end = days.days_range(window[0], window[-1], settings)
    return sum(d.grams for d in doses if start <= d.at < end) / count


def stock_json(row: StockRow) -> dict:
    """Keys: strain, batch, bought_g, used_g, left_g, days_left, per_day_g, used_more_than_bought."""
    return {
        "strain": row.strain,
        "batch": row.batch,
        "bought_g": row.bought_g,
        "used_g": row.used_g,
        "left_g": row.left_g,
        "days_left": row.days_left,
        "per_day_g": row.per_day_g,
        "used_more_than_bought": row.used_more_than_bought,
    }
