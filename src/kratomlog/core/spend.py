"""Money spent on purchases: per week, per month, per strain, cost per gram and per gram of
estimated mitragynine — always per currency, never summed across currencies.

Purchases without a price count for stock but not here (they are counted as "unpriced").
Cost per gram of mitragynine lets a cheap weak product and a dear strong one compare honestly;
it uses the batch's label value, else the strain's, else the leaf default (an estimate, marked).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Iterable

from kratomlog.core.records import NamedTuple

from kratomlog.core import days
from kratomlog.core.settings import Settings
from kratomlog.core.stock import Purchase

DEFAULT_WEEKS = 8


class Period(NamedTuple):
    label: str  # week: its first day (2026-11-23); month: 2026-11
    first: date
    last: date
    totals: dict[str, float]  # currency → money


class StrainSpend(NamedTuple):
    strain: str
    currency: str
    spent: float
    grams: float
    cost_per_g: float | None
    mitragynine_g: float | None  # None when any priced purchase has no potency at all
    cost_per_g_mitragynine: float | None
    estimated: bool  # some mitragynine is the leaf default, not a label value


class SpendReport(NamedTuple):
    first: date
    last: date
    weeks: list[Period]
    months: list[Period]
    strains: list[StrainSpend]
    totals: dict[str, float]
    unpriced: int  # purchases in the window without a price


def _add(totals: dict[str, float], currency: str, value: float) -> None:
    totals[currency] = round(totals.get(currency, 0.0) + value, 2)


def _sorted(totals: dict[str, float]) -> dict[str, float]:
    return {c: totals[c] for c in sorted(totals)}


def totals_between(purchases: Iterable[Purchase], start: int, end: int) -> dict[str, float]:
    """Money per currency for purchases with start <= at < end."""
    totals: dict[str, float] = {}
    for p in purchases:
        if p.price is not None and p.currency and start <= p.at < end:
            _add(totals, p.currency, p.price)
    return _sorted(totals)


def sum_totals(many: Iterable[dict[str, float]]) -> dict[str, float]:
    """Several per-currency totals added up, still per currency."""
    out: dict[str, float] = {}
    for totals in many:
        for currency, value in totals.items():
            _add(out, currency, value)
    return _sorted(out)


def _month_first(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def summarize(purchases: Iterable[Purchase], now: int, settings: Settings, weeks: int = DEFAULT_WEEKS) -> SpendReport:
    """The last `weeks` weeks (this one included), the months they touch, and per-strain costs."""
    today = days.today(now, settings)
    first = days.week_start(today, settings) - timedelta(days=7 * (weeks - 1))
    start, end = days.days_range(first, today, settings)
    chosen = [p for p in purchases if start <= p.at < end]
    priced = [p for p in chosen if p.price is not None and p.currency]

    week_list = []
    for n in range(weeks):
        w_first = first + timedelta(days=7 * n)
        w_last = w_first + timedelta(days=6)
        w_start, w_end = days.days_range(w_first, w_last, settings)
        week_list.append(Period(w_first.isoformat(), w_first, w_last, totals_between(priced, w_start, w_end)))

    month_list = []
    m_first = _month_first(first)
    while m_first <= today:
        m_last = _next_month(m_first) - timedelta(days=1)
        m_start, m_end = days.days_range(max(m_first, first), min(m_last, today), settings)
        month_list.append(Period(m_first.strftime("%Y-%m"), max(m_first, first), min(m_last, today),
                                 totals_between(priced, m_start, m_end)))
        m_first = _next_month(m_first)

    groups: dict[tuple[str, str], list[Purchase]] = defaultdict(list)
    for p in priced:
        groups[(p.strain, p.currency or "")].append(p)
    strains = []
    for (strain, currency), items in sorted(groups.items(), key=lambda kv: (kv[0][0].casefold(), kv[0][1])):
        spent = round(sum(p.price or 0.0 for p in items), 2)
        grams = sum(p.grams for p in items)
        known = all(p.mitragynine_pct is not None for p in items)
        mitragynine_g = sum(p.grams * (p.mitragynine_pct or 0) / 100 for p in items) if known else None
        strains.append(StrainSpend(
            strain, currency, spent, round(grams, 3),
            round(spent / grams, 4) if grams > 0 else None,
            round(mitragynine_g, 4) if mitragynine_g is not None else None,
            round(spent / mitragynine_g, 2) if mitragynine_g else None,
            any(p.pct_estimated for p in items),
        ))
    totals: dict[str, float] = {}
    for p in priced:
        _add(totals, p.currency or "", p.price or 0.0)
    return SpendReport(first, today, week_list, month_list, strains, _sorted(totals),
                       sum(1 for p in chosen if p.price is None))


def _period_json(period: Period) -> dict:
    return {"period": period.label, "first": period.first.isoformat(), "last": period.last.isoformat(),
            "totals": period.totals}


def spend_json(report: SpendReport) -> dict:
    """Keys: first, last, totals (currency → money), weeks, months, strains, unpriced."""
    return {
        "first": report.first.isoformat(),
        "last": report.last.isoformat(),
        "totals": report.totals,
        "weeks": [_period_json(w) for w in report.weeks],
        "months": [_period_json(m) for m in report.months],
        "strains": [
            {"strain": s.strain, "currency": s.currency, "spent": s.spent, "grams": s.grams,
             "cost_per_g": s.cost_per_g, "mitragynine_g": s.mitragynine_g,
             "cost_per_g_mitragynine": s.cost_per_g_mitragynine, "estimated": s.estimated}
            for s in report.strains
        ],
        "unpriced": report.unpriced,
    }


def totals_text(totals: dict[str, float]) -> str:
    """'24.99 USD · 10.00 EUR' or 'nothing' — one figure per currency."""
    from kratomlog.core.purchases import money

    return " · ".join(money(v, c) for c, v in totals.items()) or "nothing"
