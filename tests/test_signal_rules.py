from datetime import date, datetime, time, timedelta

import pytest

from kratomlog.core import signals
from kratomlog.core.clock import from_local
from kratomlog.core.entries import Dose, NoUseDay, OtherSubstance, Questionnaire
from kratomlog.core.settings import Settings
from kratomlog.core.signals import (
    RULES,
    SignalInput,
    SignalResult,
    as_json,
    evaluate,
    summary_line,
    to_announce,
)

S = Settings()
TODAY = date(2026, 6, 15)
H = 3600


def at(days_ago: int, hh: int = 9, mm: int = 0, today: date = TODAY) -> int:
    return from_local(datetime.combine(today - timedelta(days=days_ago), time(hh, mm)))


NOW = at(0, 12, 0)


def make(doses=(), questionnaires=(), others=(), no_use=(), first=None, now=None, settings=S) -> SignalInput:
    doses = tuple(sorted(doses, key=lambda d: d.at))
    if first is None and doses:
        first = doses[0].at
    return SignalInput(
        now=now if now is not None else NOW,
        settings=settings,
        doses=doses,
        questionnaires=tuple(questionnaires),
        others=tuple(others),
        no_use_days=tuple(no_use),
        first_entry_at=first,
    )


def result(rule_id: str, data: SignalInput) -> SignalResult:
    return {r.id: r for r in evaluate(data)}[rule_id]


def daily(n_days: int, per_day: int, grams: float = 2.0, start_ago: int = 1, form: str = "powder") -> list[Dose]:
    """`per_day` doses on each of `n_days` finished days ending `start_ago` days ago, 2 h apart from 08:00."""
    return [
        Dose(at=at(start_ago + k, 8 + 2 * i), grams=grams, form=form)
        for k in range(n_days)
        for i in range(per_day)
    ]


# ------------------------------------------------------------ registry


def test_registry_has_exactly_the_table_ids_in_order():
    assert [r.id for r in RULES] == [
        "frequency", "high-dose", "daily-run", "escalation", "withdrawal", "relief-use", "dsm-screen",
        "concentrate", "contaminant", "combination", "after-break", "shortening-gaps", "earlier-first-dose",
    ]
    levels = {r.id: r.level for r in RULES}
    assert levels["escalation"] == levels["withdrawal"] == levels["concentrate"] == "warning"
    assert levels["shortening-gaps"] == levels["earlier-first-dose"] == "info"
    assert levels["dsm-screen"] == "by count"
    bases = {r.id: r.basis for r in RULES}
    assert bases["combination"] == bases["after-break"] == "extrapolated"
    assert bases["high-dose"] == "evidence+heuristic"
    assert bases["shortening-gaps"] == "heuristic"


def test_empty_database_evaluates_without_errors():
    results = evaluate(make())
    assert [r.id for r in results] == [r.id for r in RULES]
    status = {r.id: r.status for r in results}
    assert status["combination"] == "clear"  # no minimum data
    assert status["after-break"] == "clear"
    assert status["frequency"] == "insufficient-data"
    assert all(r.status in signals.STATUSES and r.level in signals.LEVELS for r in results)


# ------------------------------------------------------------ frequency


def test_frequency_just_above_and_at_three():
    above = daily(7, 3) + [Dose(at=at(3, 22), grams=1.0, form="powder")]  # 22 doses / 7 = 3.14
    r = result("frequency", make(above))
    assert r.status == "active" and r.level == "caution"
    assert r.value == pytest.approx(22 / 7) and r.threshold == 3
    assert r.message == "You averaged 3.1 doses a day over the last 7 finished days (above 3)."
    r = result("frequency", make(daily(7, 3)))  # exactly 3.0
    assert r.status == "clear" and r.value == 3.0


def test_frequency_excludes_today():
    doses = daily(7, 1) + [Dose(at=at(0, 6 + i // 6, (i % 6) * 10), grams=1, form="powder") for i in range(30)]
    r = result("frequency", make(doses, now=at(0, 11, 59)))
    assert r.status == "clear" and r.value == 1.0


def test_frequency_needs_seven_finished_days_since_first_entry():
    r = result("frequency", make(daily(6, 5)))
    assert r.status == "insufficient-data"
    assert r.message == "Needs 7 finished days since your first entry; has 6."
    # a first entry of another kind (e.g. a rating) 7 days ago is enough; the mean counts empty days as 0
    r = result("frequency", make(daily(6, 5), first=at(7, 20)))
    assert r.status == "active" and r.value == pytest.approx(30 / 7)
    # a deliberate no-use day counts as a recorded day without use
    r = result("frequency", make(daily(6, 4), no_use=[NoUseDay(TODAY - timedelta(days=7))]))
    assert r.status == "active" and r.value == pytest.approx(24 / 7)


# ------------------------------------------------------------ high-dose


def test_high_dose_single_leaf_dose_threshold_and_forms():
    r = result("high-dose", make([Dose(at=at(0, 8), grams=5.0, form="capsule")]))  # today counts
    assert r.status == "active" and r.value == 5.0 and r.threshold == 5
    assert "capsule dose of 5 g on 2026-06-15 was 5 g or more" in r.message
    r = result("high-dose", make([Dose(at=at(0, 8), grams=4.9, form="tea")]))
    assert r.status == "clear" and r.value == 4.9
    r = result("high-dose", make([Dose(at=at(2), grams=8.0, form="extract")]))  # extracts: not the gram rule
    assert r.status == "clear" and r.value is None
    r = result("high-dose", make([Dose(at=NOW - 7 * 24 * H - 60, grams=9.0, form="powder")]))  # 7 days + 1 min ago
    assert r.status == "clear"


def test_high_dose_22_doses_in_seven_finished_days():
    doses = daily(7, 3) + [Dose(at=at(1, 23), grams=1, form="powder")]
    r = result("high-dose", make(doses))
    assert r.status == "active" and r.value == 22 and r.threshold == 22
    assert r.message == "You logged 22 doses over the last 7 finished days (22 or more)."
    r = result("high-dose", make(daily(7, 3)))
    assert r.status == "clear"
    assert "21 doses over the last 7 finished days (below 22)" in r.message


def test_high_dose_75_mg_of_an_extract_cannot_slip_under_the_gram_rule():
    # 0.2 g of a 45% extract is 90 mg of mitragynine: 18× less product than 5 g of leaf, more mitragynine
    extract = Dose(at=at(2), grams=0.2, form="extract", strain="Gold 50x", mitragynine_mg=90.0, mitragynine_pct=45.0)
    r = result("high-dose", make([extract]))
    assert r.status == "active" and r.value == 90.0 and r.threshold == 75.0
    assert r.message == (
        "A single dose of Gold 50x on 2026-06-13 held about 90 mg of mitragynine (estimated), 75 mg or more — "
        "the mitragynine of 5 g of leaf at 1.5% (a heuristic conversion)."
    )
    r = result("high-dose", make([extract._replace(mitragynine_mg=74.9)]))
    assert r.status == "clear" and "no dose of 75 mg of mitragynine or more" in r.message
    # at exactly 75 mg, a powder of 4 g at a (kept, --yes) 1.875% label
    r = result("high-dose", make([Dose(at=at(1), grams=4.0, form="powder", mitragynine_mg=75.0)]))
    assert r.status == "active" and r.value == 75.0
    # 8 days ago: outside the 7 days
    r = result("high-dose", make([extract._replace(at=NOW - 8 * 24 * H)]))
    assert r.status == "clear"


def test_high_dose_needs_one_dose():
    r = result("high-dose", make())
    assert r.status == "insufficient-data" and r.message == "Needs one logged dose; has 0."


# ------------------------------------------------------------ daily-run


def test_daily_run_fourteen_of_fourteen_and_a_no_use_day_breaks_it():
    r = result("daily-run", make(daily(14, 1)))
    assert r.status == "active" and r.message == "You used on each of the last 14 finished days."
    doses = [d for d in daily(14, 1) if d.at != at(5, 8)]
    r = result("daily-run", make(doses, no_use=[NoUseDay(TODAY - timedelta(days=5))]))
    assert r.status == "clear" and r.value == 13
    assert r.message == "You used on 13 of the last 14 finished days."


def test_daily_run_excludes_today_and_needs_14_finished_days():
    r = result("daily-run", make(daily(13, 1) + [Dose(at=at(0, 8), grams=2, form="powder")]))
    assert r.status == "insufficient-data"
    assert r.message == "Needs 14 finished days since your first entry; has 13."


# ------------------------------------------------------------ escalation


def _escalation(recent_g: float, older_g: float) -> SignalResult:
    doses = daily(7, 1, grams=recent_g) + daily(7, 1, grams=older_g, start_ago=29)
    return result("escalation", make(doses))


def test_escalation_at_and_below_25_percent():
    r = _escalation(5.0, 4.0)  # exactly +25%
    assert r.status == "active" and r.level == "warning"
    assert r.value == pytest.approx(25.0)
    assert r.message == (
        "You averaged 5 g a day over the last 7 finished days, up 25% from the 4 g a day of "
        "finished days 29–35 before today (a rise of 25% or more)."
    )
    r = _escalation(4.96, 4.0)  # +24%
    assert r.status == "clear" and r.value == pytest.approx(24.0)
    assert r.message.endswith("up 24% from the 4 g a day of finished days 29–35 before today "
                              "(a rise of 25% or more would trigger this).")


def test_escalation_clear_after_a_fall_reads_as_a_fall():
    r = _escalation(2.04, 4.0)  # −49%
    assert r.status == "clear"
    assert "down 49% from the 4 g a day" in r.message
    assert "(a rise of 25% or more would trigger this)" in r.message
    assert "below" not in r.message and "under 25%" not in r.message
    assert "about the same as" in _escalation(4.0, 4.0).message


def test_escalation_window_is_finished_days_29_to_35():
    # use only on day 28 before today: not in the older window
    doses = daily(7, 1, grams=5) + [Dose(at=at(28), grams=1, form="powder")]
    r = result("escalation", make(doses))
    assert r.status == "insufficient-data"
    assert r.message.endswith("has 7 and 0 days with use.")
    doses = daily(7, 1, grams=5) + [Dose(at=at(35), grams=1, form="powder")]
    r = result("escalation", make(doses))
    assert r.status == "active" and r.value == pytest.approx(3400.0)


# ------------------------------------------------------------ withdrawal


def sows(days_ago: int, total: int, hh: int = 9) -> Questionnaire:
    return Questionnaire(at=at(days_ago, hh), instrument="sows", total=total)


def test_withdrawal_total_threshold():
    r = result("withdrawal", make(questionnaires=[sows(2, 13)]))
    assert r.status == "active" and r.value == 13 and r.threshold == 13
    r = result("withdrawal", make(questionnaires=[sows(2, 12)]))
    assert r.status == "clear"
    assert r.message == "Your latest withdrawal check (SOWS-16, 2026-06-13) totals 12 (below 13)."


def test_withdrawal_rise_of_four_since_previous():
    r = result("withdrawal", make(questionnaires=[sows(40, 5), sows(1, 9)]))
    assert r.status == "active" and r.value == 4 and r.threshold == 4
    assert "up 4 from 5 at the check before" in r.message
    r = result("withdrawal", make(questionnaires=[sows(40, 5), sows(1, 8)]))
    assert r.status == "clear" and "+3" in r.message


def test_withdrawal_needs_a_sows_in_the_last_14_days_and_uses_the_latest():
    r = result("withdrawal", make(questionnaires=[sows(15, 30)]))
    assert r.status == "insufficient-data"
    assert r.message == "Needs one withdrawal check (SOWS-16) in the last 14 days; has 0."
    dsm = Questionnaire(at=at(0), instrument="dsm5", total=20)
    r = result("withdrawal", make(questionnaires=[sows(3, 20), sows(1, 17), dsm]))
    assert r.status == "active" and r.value == 17


# ------------------------------------------------------------ relief-use


def test_relief_use():
    w = lambda ago: Dose(at=at(ago), grams=2, form="powder", reasons=("withdrawal", "stress"))  # noqa: E731
    r = result("relief-use", make([w(0), w(6)]))
    assert r.status == "active" and r.value == 2
    r = result("relief-use", make([w(0), w(8), Dose(at=at(1), grams=2, form="powder")]))
    assert r.status == "clear"
    assert r.message == "1 of 2 doses in the last 7 days was logged with the reason withdrawal (below 2)."
    r = result("relief-use", make([w(9)]))
    assert r.status == "insufficient-data" and r.message == "Needs one dose in the last 7 days; has 0."


# ------------------------------------------------------------ dsm-screen


@pytest.mark.parametrize(
    "count,status,level",
    [(1, "clear", "info"), (2, "active", "info"), (3, "active", "info"), (4, "active", "caution"),
     (5, "active", "caution"), (6, "active", "warning"), (11, "active", "warning")],
)
def test_dsm_screen_levels_by_count(count, status, level):
    q = Questionnaire(at=at(100), instrument="dsm5", total=count)
    r = result("dsm-screen", make(questionnaires=[q]))
    assert (r.status, r.level, r.value) == (status, level, count)
    assert "a screen is not a diagnosis" in r.message
    assert ("clinician" in r.message) == (count >= 4)


def test_dsm_screen_uses_latest_within_365_days():
    old = Questionnaire(at=NOW - 366 * 24 * H, instrument="dsm5", total=9)
    r = result("dsm-screen", make(questionnaires=[old]))
    assert r.status == "insufficient-data"
    assert r.message == "Needs one DSM-5 self-check in the last 365 days; has 0."
    newer = Questionnaire(at=at(10), instrument="dsm5", total=1)
    r = result("dsm-screen", make(questionnaires=[Questionnaire(at=at(50), instrument="dsm5", total=7), newer]))
    assert r.status == "clear" and r.value == 1


# ------------------------------------------------------------ concentrate


def test_concentrate_within_30_days():
    r = result("concentrate", make([Dose(at=at(29), grams=1, form="7-oh", strain="Tabs")]))
    assert r.status == "active" and r.level == "warning" and "(Tabs)" in r.message
    r = result("concentrate", make([Dose(at=at(31), grams=1, form="extract"), Dose(at=at(1), grams=3, form="powder")]))
    assert r.status == "clear"


def test_concentrate_for_any_product_labelled_above_3_percent():
    super_leaf = Dose(at=at(3), grams=4, form="powder", strain="Super Leaf", mitragynine_pct=45.0, mitragynine_mg=1800.0)
    r = result("concentrate", make([super_leaf]))
    assert r.status == "active" and "(Super Leaf)" in r.message and "labelled above 3% mitragynine" in r.message
    assert result("concentrate", make([super_leaf._replace(mitragynine_pct=3.0)])).status == "clear"
    assert result("concentrate", make([super_leaf._replace(mitragynine_pct=3.1)])).status == "active"
    # the 1.5% leaf default is never a label above 3%
    assert result("concentrate", make([super_leaf._replace(mitragynine_pct=1.5)])).status == "clear"


# ------------------------------------------------------------ combination


def test_combination_within_12_hours_either_side():
    dose = Dose(at=at(2, 12), grams=3, form="powder")
    before = OtherSubstance(at=at(2, 12) - 12 * H, substance="alcohol")
    r = result("combination", make([dose], others=[before]))
    assert r.status == "active" and r.value == 1
    assert r.message.startswith("You logged alcohol 12 h from a dose on 2026-06-13;")
    assert "extrapolated" in r.message
    after = OtherSubstance(at=at(2, 12) + 12 * H + 60, substance="benzodiazepine")
    assert result("combination", make([dose], others=[after])).status == "clear"
    stim = OtherSubstance(at=at(2, 13), substance="stimulant")  # not a depressant
    assert result("combination", make([dose], others=[stim])).status == "clear"


def test_combination_only_in_last_seven_days():
    dose = Dose(at=at(9), grams=3, form="powder")
    r = result("combination", make([dose], others=[OtherSubstance(at=at(9, 11), substance="opioid")]))
    assert r.status == "clear"
    r = result("combination", make([Dose(at=at(0, 8), grams=2)], others=[OtherSubstance(at=at(0, 9), substance="sleep-aid")]))
    assert r.status == "active"


# ------------------------------------------------------------ after-break


def _after_break(return_grams: float, gap_days: int = 3, use_days: int = 14) -> SignalResult:
    # use-days end 3+gap days ago (one 2 g and one 4 g dose each: median 3 g), return 2 days ago
    before = [Dose(at=at(3 + gap_days + k, 8), grams=2, form="powder") for k in range(use_days)]
    before += [Dose(at=at(3 + gap_days + k, 14), grams=4, form="powder") for k in range(use_days)]
    back = [Dose(at=at(2, 10), grams=return_grams, form="powder"), Dose(at=at(2, 15), grams=9, form="powder")]
    return result("after-break", make(before + back))


def test_after_break_at_and_below_the_usual_dose():
    r = _after_break(3.0)
    assert r.status == "active" and r.value == 3 and r.threshold == 3
    assert r.message.startswith("After 3 days without use, your first dose on 2026-06-13 was 3 g, at or above")
    r = _after_break(2.9)
    assert r.status == "clear" and "median 3 g" in r.message


def test_after_break_needs_three_days_and_14_use_days():
    assert _after_break(5.0, gap_days=2).message.startswith("No return after a break")
    r = _after_break(5.0, use_days=13)
    assert r.status == "insufficient-data"
    assert r.message == "Needs 14 days with use before the break that ended on 2026-06-13; has 13."


# ------------------------------------------------------------ shortening-gaps


def _gaps(recent_minutes: int, older_minutes: int, recent_days: int = 15, older_days: int = 15) -> SignalInput:
    doses = []
    for k in range(recent_days):
        doses += [Dose(at=at(1 + k, 8), grams=2), Dose(at=at(1 + k, 8) + recent_minutes * 60, grams=2)]
    for k in range(older_days):
        doses += [Dose(at=at(31 + k, 8), grams=2), Dose(at=at(31 + k, 8) + older_minutes * 60, grams=2)]
    return make(doses)


def test_shortening_gaps_needs_both_30_and_10_percent():
    r = result("shortening-gaps", _gaps(270, 300))  # 30 min and 10% shorter
    assert r.status == "active" and r.level == "info" and r.value == 270 and r.threshold == 270
    assert "4 h 30 min over the last 30 finished days and 5 h 00 min" in r.message
    assert result("shortening-gaps", _gaps(271, 300)).status == "clear"
    # 10% of 600 = 60 min: 40 min shorter is not enough
    r = result("shortening-gaps", _gaps(560, 600))
    assert r.status == "clear" and r.threshold == 540


def test_shortening_gaps_insufficient_data_message():
    r = result("shortening-gaps", _gaps(100, 200, recent_days=6, older_days=0))
    assert r.status == "insufficient-data"
    assert r.message == (
        "Needs 15 days with two or more doses in each of the last two 30-day windows; has 6 and 0."
    )


def test_shortening_gap_is_measured_on_instants_across_dst(tz):
    tz("America/New_York")
    first = from_local(datetime(2026, 3, 8, 1, 0))
    second = from_local(datetime(2026, 3, 8, 3, 30))  # 2 h 30 min on the clock face, 90 min elapsed
    assert signals._median_gap_minutes([Dose(at=first, grams=1), Dose(at=second, grams=1)]) == 90


# ------------------------------------------------------------ earlier-first-dose


def _first_doses(recent: time, older: time, days_each: int = 15, settings: Settings = S) -> SignalInput:
    doses = [Dose(at=at(1 + k, recent.hour, recent.minute), grams=2) for k in range(days_each)]
    doses += [Dose(at=at(31 + k, older.hour, older.minute), grams=2) for k in range(days_each)]
    return make(doses, settings=settings)


def test_earlier_first_dose_threshold():
    r = result("earlier-first-dose", _first_doses(time(7, 30), time(8, 0)))
    assert r.status == "active" and r.value == pytest.approx(30)
    assert r.message == (
        "Your first dose of the day was typically at 07:30 over the last 30 finished days and at 08:00 "
        "over the 30 before (30 min earlier; 30 min or more)."
    )
    r = result("earlier-first-dose", _first_doses(time(7, 31), time(8, 0)))
    assert r.status == "clear" and r.value == pytest.approx(29)
    r = result("earlier-first-dose", _first_doses(time(9, 0), time(8, 0)))
    assert r.status == "clear" and "60 min later" in r.message


def test_earlier_first_dose_across_midnight_on_the_circle():
    # 00:10 → 23:50 is 20 min earlier (not 23 h 40 min later)
    r = result("earlier-first-dose", _first_doses(time(23, 50), time(0, 10)))
    assert r.status == "clear" and r.value == pytest.approx(20)
    r = result("earlier-first-dose", _first_doses(time(23, 35), time(0, 10)))
    assert r.status == "active" and r.value == pytest.approx(35)
    assert "typically at 23:35" in r.message and "at 00:10" in r.message


def test_earlier_first_dose_mixed_midnight_pattern_uses_circular_median():
    # older window alternates 23:50 / 00:10 (median 00:00); recent at 23:20 → 40 min earlier
    doses = [Dose(at=at(1 + k, 23, 20), grams=2) for k in range(15)]
    doses += [Dose(at=at(31 + k, 23, 50) if k % 2 else at(31 + k, 0, 10), grams=2) for k in range(16)]
    r = result("earlier-first-dose", make(doses))
    assert r.status == "active" and r.value == pytest.approx(40)


def test_earlier_first_dose_with_day_starting_at_four():
    s = Settings(day_starts_at=time(4, 0))
    # a 01:00 dose belongs to the previous day, so the days still have one first dose each
    doses = [Dose(at=at(k, 1, 0), grams=2) for k in range(1, 16)]
    doses += [Dose(at=at(k, 2, 0), grams=2) for k in range(31, 46)]
    r = result("earlier-first-dose", make(doses, settings=s))
    assert r.status == "active" and r.value == pytest.approx(60)


def test_earlier_first_dose_insufficient():
    r = result("earlier-first-dose", _first_doses(time(7, 0), time(8, 0), days_each=14))
    assert r.status == "insufficient-data"
    assert r.message == "Needs 15 days with use in each of the last two 30-day windows; has 14 and 14."


# ------------------------------------------------------------ DST week


def test_frequency_and_daily_run_in_a_dst_week(tz):
    tz("America/New_York")
    today = date(2026, 3, 12)
    now = from_local(datetime(2026, 3, 12, 12, 0))
    doses = []
    for k in range(1, 15):
        d = today - timedelta(days=k)
        # 00:30 and 23:30 local belong to the same local day, even on the 23-hour 2026-03-08
        doses += [Dose(at=from_local(datetime.combine(d, t)), grams=2) for t in (time(0, 30), time(12), time(23, 30))]
    doses.append(Dose(at=from_local(datetime(2026, 3, 8, 3, 30)), grams=2))
    data = make(doses, now=now)
    freq = result("frequency", data)
    assert freq.status == "active" and freq.value == pytest.approx(22 / 7)
    assert result("daily-run", data).status == "active"
    high = result("high-dose", data)
    assert high.status == "active" and high.value == 22  # by count; form unknown is not a leaf dose


def test_first_dose_time_is_local_wall_clock_across_fall_back(tz):
    tz("America/New_York")
    now = from_local(datetime(2026, 11, 20, 12, 0))
    today = date(2026, 11, 20)
    # 08:00 local every day on both sides of 2026-11-01 (a 25-hour day): no shift in time of day
    doses = [Dose(at=from_local(datetime.combine(today - timedelta(days=k), time(8, 0))), grams=2) for k in range(1, 61)]
    r = result("earlier-first-dose", make(doses, now=now))
    assert r.status == "clear" and r.value == pytest.approx(0)


# ------------------------------------------------------------ announce, summary, JSON


def _r(rule_id: str, status: str, level: str = "caution") -> SignalResult:
    return SignalResult(rule_id, rule_id, status, level, "m", None, None, "heuristic", "s")


def test_to_announce_semantics():
    results = [_r("frequency", "active"), _r("escalation", "active", "warning"), _r("daily-run", "clear"),
               _r("withdrawal", "insufficient-data"), _r("high-dose", "clear")]
    fresh, forget = to_announce(results, {"frequency", "daily-run", "withdrawal"})
    assert [r.id for r in fresh] == ["escalation"]
    assert forget == {"daily-run"}  # clear and announced; insufficient-data is not clear, so remembered
    fresh, forget = to_announce(results, set())
    assert [r.id for r in fresh] == ["frequency", "escalation"] and forget == set()


def test_announce_cycle_across_evaluations():
    announced: set[str] = set()
    active = make(daily(7, 4))
    fresh, forget = to_announce(evaluate(active), announced)
    assert "frequency" in {r.id for r in fresh}
    announced = (announced | {r.id for r in fresh}) - forget
    fresh, _ = to_announce(evaluate(active), announced)
    assert "frequency" not in {r.id for r in fresh}  # still active: not announced again
    fresh, forget = to_announce(evaluate(make(daily(7, 1))), announced)
    assert "frequency" in forget
    announced -= forget
    fresh, _ = to_announce(evaluate(active), announced)
    assert "frequency" in {r.id for r in fresh}  # after a clear spell it is announced again


def test_summary_line():
    results = [_r("frequency", "active"), _r("escalation", "active", "warning")]
    results += [_r(f"c{i}", "clear") for i in range(8)] + [_r("x", "insufficient-data"), _r("y", "insufficient-data")]
    assert summary_line(results) == "2 active (escalation, frequency) · 8 clear · 2 need more data"
    assert summary_line([_r("a", "clear"), _r("b", "insufficient-data")]) == "0 active · 1 clear · 1 needs more data"


def test_as_json_keys():
    r = result("frequency", make(daily(7, 4)))
    j = as_json(r)
    assert list(j) == ["id", "status", "level", "message", "value", "threshold", "basis", "source"]
    assert j["id"] == "frequency" and j["status"] == "active" and j["value"] == 4.0 and j["threshold"] == 3.0
    assert j["basis"] == "evidence+heuristic" and "Singh" in j["source"]
