from datetime import date, datetime, time

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from kratomlog.core.clock import from_local
from kratomlog.core.entries import Dose, NoUseDay, Rating
from kratomlog.core.insights import (
    ASSOCIATION_NOTE,
    BEFORE_AFTER_CAVEAT,
    Insight,
    InsightInput,
    compute_insights,
)
from kratomlog.core.invalid import Invalid
from kratomlog.core.settings import Settings
from kratomlog.core.stats import (
    circular_difference,
    circular_median,
    mean_interval,
    t_cdf,
    t_quantile,
    welch_interval,
)

S = Settings()
NOW = from_local(datetime(2026, 6, 15, 12, 0))
FIRST, LAST = date(2026, 6, 1), date(2026, 6, 10)
H = 3600


def at(day: int, hh: int, mm: int = 0) -> int:
    return from_local(datetime.combine(date(2026, 6, day), time(hh, mm)))


def run(doses=(), ratings=(), first=FIRST, last=LAST, no_use=range(6, 11)) -> dict[str, Insight]:
    """By default days 6–10 of June are deliberate no-use days (marked with `no-use`)."""
    marks = tuple(NoUseDay(date(2026, 6, d)) for d in no_use)
    data = InsightInput(NOW, S, tuple(doses), tuple(ratings), marks, first, last)
    return {i.id: i for i in compute_insights(data)}


# ------------------------------------------------------------ stats


@pytest.mark.parametrize(
    "p,df,expected",
    [(0.975, 4, 2.776), (0.975, 30, 2.042), (0.975, 1, 12.706), (0.975, 2, 4.303), (0.95, 10, 1.812),
     (0.995, 5, 4.032), (0.975, 120, 1.980), (0.975, 1e7, 1.960)],
)
def test_t_quantile_against_tables(p, df, expected):
    assert t_quantile(p, df) == pytest.approx(expected, abs=5e-4)
    assert t_quantile(1 - p, df) == pytest.approx(-expected, abs=5e-4)


def test_t_quantile_fractional_df_lies_between_neighbours():
    assert t_quantile(0.975, 3) < t_quantile(0.975, 2.5) < t_quantile(0.975, 2)
    assert t_quantile(0.5, 7) == 0.0


@hsettings(max_examples=200, deadline=None)
@given(st.floats(0.001, 0.999), st.floats(0.5, 500))
def test_t_quantile_inverts_the_cdf(p, df):
    assert t_cdf(t_quantile(p, df), df) == pytest.approx(p, abs=1e-9)


def test_t_bad_input():
    with pytest.raises(Invalid, match="probability must be between 0 and 1"):
        t_quantile(1.0, 4)
    with pytest.raises(Invalid, match="degrees of freedom must be a positive number"):
        t_quantile(0.975, 0)


def test_welch_and_paired_intervals_by_hand():
    iv = welch_interval([6, 7, 5, 8, 4], [3, 4, 2, 5, 1])  # diff 3, se 1, df 8
    assert iv.estimate == 3 and iv.df == pytest.approx(8)
    assert iv.low == pytest.approx(3 - 2.306004, abs=1e-5) and iv.high == pytest.approx(3 + 2.306004, abs=1e-5)
    iv = mean_interval([-3, -4, -2, -5, -1])  # mean −3, se sqrt(2.5/5), t(0.975, 4)
    assert iv.low == pytest.approx(-3 - 2.776445 * 0.5 ** 0.5, abs=1e-5)
    same = welch_interval([2, 2, 2], [1, 1])
    assert (same.estimate, same.low, same.high) == (1, 1, 1)
    with pytest.raises(Invalid, match="at least 2 values per group; got 1 and 3"):
        welch_interval([1], [1, 2, 3])


def test_circular_median_and_difference():
    assert circular_median([1430, 10]) == pytest.approx(0, abs=1e-6)
    assert circular_median([1435, 5, 0]) == pytest.approx(0, abs=1e-6)
    assert circular_median([60, 120, 600]) == pytest.approx(120)
    assert circular_difference(5, 1435) == 10 and circular_difference(1435, 5) == -10
    with pytest.raises(Invalid):
        circular_median([])


# ------------------------------------------------------------ days with and without use


def _stress_days(no_use_days: int = 5) -> tuple[list[Dose], list[Rating]]:
    doses = [Dose(at=at(d, 9), grams=2) for d in range(1, 6)]
    ratings = [Rating(at=at(1, 8), stress=5), Rating(at=at(1, 20), stress=7)]  # day mean 6
    ratings += [Rating(at=at(d, 12), stress=s) for d, s in zip(range(2, 6), (7, 5, 8, 4))]
    ratings += [Rating(at=at(d, 12), stress=s) for d, s in zip(range(6, 6 + no_use_days), (3, 4, 2, 5, 1))]
    return doses, ratings


def test_stress_on_days_with_and_without_use():
    doses, ratings = _stress_days()
    # outside the window: ignored
    ratings.append(Rating(at=at(11, 12), stress=10))
    ins = run(doses, ratings)["use-days-stress"]
    assert ins.status == "ok"
    assert ins.text == (
        "On days you used, your stress averaged 6.0 (n=5); on deliberate no-use days, 3.0 (n=5); "
        "difference 3.0 (95% CI 0.7 to 5.3).\n" + ASSOCIATION_NOTE
    )
    assert ins.numbers["n_use"] == 5 and ins.numbers["mean_no_use"] == 3 and ins.numbers["n_left_out"] == 0
    assert ins.numbers["ci_low"] == pytest.approx(0.694, abs=1e-3)


def test_stress_days_insufficient():
    doses, ratings = _stress_days(no_use_days=2)
    ins = run(doses, ratings)["use-days-stress"]
    assert ins.status == "insufficient-data"
    assert ins.text == "Needs 5 deliberate no-use days with a stress rating; has 2."


def test_rated_days_with_no_record_of_use_are_left_out_and_named():
    doses, ratings = _stress_days()
    # days 6–8 marked no-use; days 9 and 10 have ratings but neither a dose nor a mark: unknown
    ins = run(doses, ratings, no_use=(6, 7, 8))["use-days-stress"]
    assert ins.status == "insufficient-data"
    assert ins.numbers == {"n_use": 5, "n_no_use": 3, "n_left_out": 2}
    assert ins.text == (
        "Needs 5 deliberate no-use days with a stress rating; has 3. 2 days with stress ratings but no record "
        "of use either way were left out (a day is a no-use day only when you mark it with 'kratomlog no-use')."
    )
    # none marked: 0.1.0 counted these five as "days you did not use"; now none of them enters
    ins = run(doses, ratings, no_use=())["use-days-stress"]
    assert ins.numbers["n_no_use"] == 0 and ins.numbers["n_left_out"] == 5
    assert "5 days with stress ratings but no record of use either way were left out" in ins.text


def test_left_out_days_named_beside_a_comparison_and_never_in_it():
    doses, ratings = _stress_days(no_use_days=5)
    ratings += [Rating(at=at(d, 12), stress=10) for d in (11, 12, 13)]  # unmarked, no dose
    ins = run(doses, ratings, last=date(2026, 6, 13))["use-days-stress"]
    assert ins.status == "ok"
    assert ins.numbers["mean_no_use"] == 3 and ins.numbers["n_no_use"] == 5 and ins.numbers["n_left_out"] == 3
    assert "\n3 days with stress ratings but no record of use either way were left out" in ins.text
    one = run(doses, ratings[:-2], last=date(2026, 6, 13))["use-days-stress"]
    assert "1 day with stress ratings but no record of use either way was left out" in one.text


def test_craving_days_use_only_ratings_with_craving():
    doses, ratings = _stress_days()
    ins = run(doses, ratings)["use-days-craving"]
    assert ins.status == "insufficient-data"
    assert ins.text == (
        "Needs 5 days with use with a craving rating; has 0; needs 5 deliberate no-use days with a craving "
        "rating; has 0."
    )


# ------------------------------------------------------------ stress before and after a dose


def test_stress_before_and_after_dose_pairs():
    doses, ratings = [], []
    for day, before in zip(range(1, 6), (7, 8, 6, 9, 5)):
        doses.append(Dose(at=at(day, 12), grams=2))
        ratings += [
            Rating(at=at(day, 9), stress=0),  # 3 h before: too early
            Rating(at=at(day, 11), stress=1),  # within 2 h, but not the latest
            Rating(at=at(day, 11, 30), stress=before),  # latest within 2 h before
            Rating(at=at(day, 12, 30), stress=10),  # 30 min after: too soon
            Rating(at=at(day, 13), stress=4),  # first 1–4 h after
            Rating(at=at(day, 15), stress=9),
        ]
    ins = run(doses, ratings)["stress-around-dose"]
    assert ins.status == "ok" and ins.numbers["n_pairs"] == 5
    assert ins.numbers["mean_before"] == 7 and ins.numbers["mean_after"] == 4
    assert ins.text.startswith(
        "Across 5 doses (n=5 pairs), your stress averaged 7.0 in the 2 h before and 4.0 1–4 h after; "
        "difference after minus before -3.0 (95% CI -5.0 to -1.0)."
    )
    # EVIDENCE §3's caveat beside the numbers: regression to the mean, relief of withdrawal
    assert BEFORE_AFTER_CAVEAT in ins.text
    assert "regression to the mean" in BEFORE_AFTER_CAVEAT and "relief of withdrawal" in BEFORE_AFTER_CAVEAT
    assert ins.text.endswith(ASSOCIATION_NOTE)
    short = run(doses[:4], ratings)["stress-around-dose"]
    assert short.status == "insufficient-data"
    assert short.text == "Needs 5 doses with a stress rating in the 2 h before and another 1–4 h after; has 4."


# ------------------------------------------------------------ reasons


def test_reason_shares_count_each_reason_and_no_reason():
    doses = [
        Dose(at=at(1, 8), grams=2, reasons=("stress",)),
        Dose(at=at(2, 8), grams=2, reasons=("stress", "pain")),
        Dose(at=at(3, 8), grams=2, reasons=("stress",)),
        Dose(at=at(4, 8), grams=2, reasons=("pain",)),
        Dose(at=at(5, 8), grams=2),
        Dose(at=at(6, 8), grams=2),
        Dose(at=at(12, 8), grams=2, reasons=("energy",)),  # outside the window
    ]
    ins = run(doses)["reasons"]
    assert ins.status == "ok"
    assert ins.text == (
        "Of 6 doses: stress 50% (3), no reason given 33% (2), pain 33% (2). "
        "A dose with several reasons counts once for each."
    )
    assert ins.numbers["reasons"]["stress"] == {"count": 3, "share": 0.5}
    assert "energy" not in ins.numbers["reasons"]
    few = run(doses[:4])["reasons"]
    assert few.status == "insufficient-data" and few.text == "Needs 5 doses in the window; has 4."


# ------------------------------------------------------------ craving before doses


def test_craving_before_doses_against_other_ratings():
    doses, ratings = [], []
    for day, before, other in zip(range(1, 6), (8, 7, 9, 6, 10), (2, 3, 1, 4, 0)):
        doses.append(Dose(at=at(day, 12), grams=2))
        ratings.append(Rating(at=at(day, 11), stress=3, craving=before))
        ratings.append(Rating(at=at(day, 11, 30), stress=3))  # later, but no craving: skipped
        ratings.append(Rating(at=at(day, 20), stress=3, craving=other))
    ins = run(doses, ratings)["craving-before-dose"]
    assert ins.status == "ok"
    assert ins.text.startswith(
        "Your craving averaged 8.0 in the 2 h before a dose (n=5) and 2.0 at other times (n=5); "
        "difference 6.0 (95% CI 3.7 to 8.3)."
    )
    assert ins.numbers["n_before"] == 5 and ins.numbers["n_other"] == 5


def test_craving_before_doses_insufficient():
    ratings = [Rating(at=at(1, 11), stress=3, craving=5)]
    ins = run([Dose(at=at(1, 12), grams=2)], ratings)["craving-before-dose"]
    assert ins.status == "insufficient-data"
    assert ins.text == (
        "Needs 5 craving ratings in the 2 h before a dose; has 1; needs 5 other craving ratings; has 0."
    )


# ------------------------------------------------------------ window and order


def test_insights_order_and_window_validation():
    assert list(run()) == ["use-days-stress", "use-days-craving", "stress-around-dose", "reasons",
                           "craving-before-dose"]
    assert all(i.status == "insufficient-data" for i in run().values())
    with pytest.raises(Invalid, match="finished days only: the window must end before today \\(2026-06-15\\)"):
        run(last=date(2026, 6, 15))
    with pytest.raises(Invalid, match="must start on or before its last day"):
        run(first=date(2026, 6, 11), last=date(2026, 6, 10))


def test_no_claim_of_cause_in_any_text():
    doses, ratings = _stress_days()
    for ins in run(doses, ratings).values():
        assert "because" not in ins.text.lower() and "causes" not in ins.text.lower()
