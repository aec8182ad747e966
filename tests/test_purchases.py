"""Purchase amounts, prices and currencies; stock and spend maths (core, pure)."""

from datetime import date, datetime, time, timedelta

import pytest

from kratomlog.core.clock import from_local
from kratomlog.core.invalid import Invalid
from kratomlog.core.purchases import (
    OUNCE_GRAMS,
    Bought,
    bought_grams,
    bought_text,
    check_price,
    money,
    parse_bought,
    parse_currency,
    parse_price,
)
from kratomlog.core.settings import Settings
from kratomlog.core.spend import spend_json, summarize, totals_between, totals_text
from kratomlog.core.stock import Purchase, Used, mean_grams_per_day, stock, stock_json

S = Settings()
TODAY = date(2026, 6, 17)  # a Wednesday


def at(days_ago: int, hh: int = 9) -> int:
    return from_local(datetime.combine(TODAY - timedelta(days=days_ago), time(hh)))


NOW = at(0, 12)


# ------------------------------------------------------------ amounts


@pytest.mark.parametrize("text,value,unit", [
    ("50g", 50, "g"), ("250 g", 250, "g"), ("0.5kg", 0.5, "kg"), ("1 kilo", 1, "kg"), ("4oz", 4, "oz"),
    ("2 ounces", 2, "oz"), ("100caps", 100, "caps"), ("1 capsule", 1, "caps"), ("30 tablets", 30, "tablet"),
    ("12tabs", 12, "tablet"), ("6 shots", 6, "shot"), ("500mg", 500, "mg"),
])
def test_parse_bought(text, value, unit):
    assert parse_bought(text) == Bought(value, unit)


@pytest.mark.parametrize("text,message", [
    ("50", "needs a unit"), ("-5g", "cannot read"), ("0g", "more than 0"), ("5 lb", "unknown unit 'lb'"),
    ("2tsp", "unknown unit 'tsp'"), ("1,5kg", "use a dot"), ("g", "cannot read"), ("", "cannot read"),
])
def test_parse_bought_refuses(text, message):
    with pytest.raises(Invalid, match=message):
        parse_bought(text)


def test_bought_grams():
    assert bought_grams(Bought(0.5, "kg"), "X") == 500
    assert bought_grams(Bought(1, "oz"), "X") == pytest.approx(OUNCE_GRAMS)
    assert bought_grams(Bought(100, "caps"), "X", capsule_grams=0.5) == 50
    assert bought_grams(Bought(30, "tablet"), "X", unit_name="tablet", unit_grams=0.25) == 7.5
    assert bought_grams(Bought(4, "shot"), "X", unit_name="shot", unit_grams=10) == 40


def test_a_count_is_weighed_by_the_unit_of_its_own_kind_only():
    # a capsule size never weighs tablets, nor a tablet weight capsules or shots (#18 leftover)
    with pytest.raises(Invalid, match="'Blue Tabs' is not sold in counted units, so 30tablet cannot be weighed"):
        bought_grams(Bought(30, "tablet"), "Blue Tabs", capsule_grams=0.5)
    with pytest.raises(Invalid, match="'Blue Tabs' is sold by the tablet, so 4shot cannot be weighed"):
        bought_grams(Bought(4, "shot"), "Blue Tabs", unit_name="tablet", unit_grams=0.25)
    with pytest.raises(Invalid, match="'Blue Tabs' has no weight per tablet yet"):
        bought_grams(Bought(30, "tablet"), "Blue Tabs", unit_name="tablet")
    with pytest.raises(Invalid, match="'Blue Tabs' has no capsule size yet, so 30caps cannot be weighed"):
        bought_grams(Bought(30, "caps"), "Blue Tabs", unit_name="tablet", unit_grams=0.25)


def test_bought_text_reads_back():
    for b in (Bought(50, "g"), Bought(1, "caps"), Bought(30, "tablet"), Bought(0.5, "kg"), Bought(1, "shot")):
        assert parse_bought(bought_text(b)) == b


# ------------------------------------------------------------ price, currency


def test_price():
    assert parse_price("24.99") == 24.99 and parse_price("0") == 0 and parse_price(".5") == 0.5
    for bad in ("-1", "nan", "inf", "1e3", "24,99", "$5", "", "1e400"):
        with pytest.raises(Invalid, match="--price"):
            parse_price(bad)
    with pytest.raises(Invalid, match="too large"):
        parse_price("9" * 20)
    for bad in (-0.01, float("nan"), float("inf"), True, "5"):
        with pytest.raises(Invalid):
            check_price(bad)


def test_currency():
    assert parse_currency("usd") == "USD" and parse_currency(" EUR ") == "EUR"
    for bad in ("US", "USDX", "U$D", "", "€", "123"):
        with pytest.raises(Invalid, match="three-letter code"):
            parse_currency(bad)


def test_money():
    assert money(24.99, "USD") == "24.99 USD" and money(1234.5, "EUR") == "1,234.50 EUR"


# ------------------------------------------------------------ stock


def test_stock_across_batches():
    purchases = [
        Purchase(at=at(20), strain="Red Bali", grams=100, batch="B1"),
        Purchase(at=at(5), strain="Red Bali", grams=50, batch="B2"),
    ]
    doses = ([Used(at(19 - k), 4.0, "Red Bali", "B1") for k in range(14)]  # 56 g of B1, days 19..6
             + [Used(at(k), 3.0, "Red Bali", "B2") for k in range(1, 5)]  # 12 g of B2
             + [Used(at(1, 20), 2.0, "Red Bali", None)])  # no batch → most recent group before it (B2)
    rows = {r.batch: r for r in stock(purchases, doses, NOW, S)}
    assert (rows["B1"].bought_g, rows["B1"].used_g, rows["B1"].left_g) == (100, 56, 44)
    assert (rows["B2"].bought_g, rows["B2"].used_g, rows["B2"].left_g) == (50, 14, 36)
    # B1's last 14 finished days are days 14..1: doses on days 14..6 (9 × 4 g) = 36 g / 14
    assert rows["B1"].per_day_g == pytest.approx(36 / 14, abs=1e-3)
    assert rows["B1"].days_left == int(44 / (36 / 14))  # 17
    assert rows["B2"].days_left == int(36 / (14 / 14))  # 36
    assert not any(r.used_more_than_bought for r in rows.values())


def test_stock_batchless_purchase_takes_any_batch_and_earlier_doses_do_not_count():
    purchases = [Purchase(at=at(10), strain="Green", grams=20)]
    doses = [Used(at(12), 5.0, "Green", None),  # before the purchase
             Used(at(3), 5.0, "green", "X9"),  # a batch never bought → the batch-less purchase
             Used(at(2), 5.0, "Other", None)]  # another strain
    (row,) = stock(purchases, doses, NOW, S)
    assert (row.strain, row.batch, row.used_g, row.left_g) == ("Green", None, 5, 15)


def test_stock_used_more_than_bought_is_said_not_hidden():
    purchases = [Purchase(at=at(10), strain="Green", grams=10)]
    doses = [Used(at(k), 3.0, "Green") for k in range(1, 6)]
    (row,) = stock(purchases, doses, NOW, S)
    assert row.used_more_than_bought and row.left_g == -5 and row.days_left is None
    assert stock_json(row) == {"strain": "Green", "batch": None, "bought_g": 10, "used_g": 15, "left_g": -5,
                               "days_left": None, "per_day_g": pytest.approx(15 / 14, abs=1e-3),
                               "used_more_than_bought": True}


def test_stock_no_recent_use_has_no_days_left():
    (row,) = stock([Purchase(at=at(3), strain="G", grams=10)], [], NOW, S)
    assert row.days_left is None and row.left_g == 10 and not row.used_more_than_bought


def test_mean_grams_per_day_counts_days_without_use_and_excludes_today():
    doses = [Used(at(1), 7.0, "A"), Used(at(14), 7.0, "B"), Used(at(15), 100.0, "A"), Used(at(0), 100.0, "A")]
    assert mean_grams_per_day(doses, NOW, S) == pytest.approx(1.0)


# ------------------------------------------------------------ spend


def test_spend_per_currency_never_mixed():
    purchases = [
        Purchase(at=at(1), strain="Red", grams=100, price=24.99, currency="USD", mitragynine_pct=1.5, pct_estimated=True),
        Purchase(at=at(2), strain="Red", grams=50, price=10.0, currency="EUR", mitragynine_pct=1.5, pct_estimated=True),
        Purchase(at=at(9), strain="Gold", grams=10, price=30.0, currency="USD", mitragynine_pct=45.0),
        Purchase(at=at(3), strain="Red", grams=5),  # unpriced
    ]
    report = summarize(purchases, NOW, S, weeks=2)
    assert report.totals == {"EUR": 10.0, "USD": 54.99}
    assert report.unpriced == 1
    # this week (from Mon 2026-06-15): day 1 (Tue 16) and day 2 (Mon 15); last week: day 9 (Mon 8)
    assert [(w.label, w.totals) for w in report.weeks] == [
        ("2026-06-08", {"USD": 30.0}), ("2026-06-15", {"EUR": 10.0, "USD": 24.99})]
    assert [(m.label, m.totals) for m in report.months] == [("2026-06", {"EUR": 10.0, "USD": 54.99})]
    by = {(s.strain, s.currency): s for s in report.strains}
    red = by[("Red", "USD")]
    assert red.cost_per_g == pytest.approx(0.2499) and red.mitragynine_g == pytest.approx(1.5)
    assert red.cost_per_g_mitragynine == pytest.approx(16.66) and red.estimated
    gold = by[("Gold", "USD")]
    # a dear strong product: 3.00/g of product but 6.67/g of mitragynine, vs 16.66 for the cheap leaf
    assert gold.cost_per_g == 3.0 and gold.cost_per_g_mitragynine == pytest.approx(6.67) and not gold.estimated
    assert ("Red", "EUR") in by
    j = spend_json(report)
    assert j["totals"] == {"EUR": 10.0, "USD": 54.99} and j["weeks"][1]["totals"]["USD"] == 24.99
    assert totals_text(report.totals) == "10.00 EUR · 54.99 USD"
    assert totals_text({}) == "nothing"


def test_spend_months_split_and_window():
    purchases = [Purchase(at=at(20), strain="R", grams=1, price=5, currency="GBP"),  # 2026-05-28
                 Purchase(at=at(60), strain="R", grams=1, price=7, currency="GBP")]  # outside 4 weeks
    report = summarize(purchases, NOW, S, weeks=4)
    assert report.first == date(2026, 5, 25)
    assert [(m.label, m.totals) for m in report.months] == [("2026-05", {"GBP": 5.0}), ("2026-06", {})]
    assert report.totals == {"GBP": 5.0}


def test_spend_unknown_potency_has_no_mitragynine_cost():
    report = summarize([Purchase(at=at(1), strain="Ext", grams=10, price=20, currency="USD")], NOW, S, weeks=1)
    (s,) = report.strains
    assert s.mitragynine_g is None and s.cost_per_g_mitragynine is None


def test_totals_between_half_open():
    p = [Purchase(at=100, strain="R", grams=1, price=1, currency="USD")]
    assert totals_between(p, 100, 101) == {"USD": 1.0} and totals_between(p, 0, 100) == {}
