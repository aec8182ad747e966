from datetime import date, datetime, time, timezone

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from kratomlog.core.clock import from_local
from kratomlog.core.entries import Dose, NoUseDay, Questionnaire, Rating
from kratomlog.core.invalid import Invalid
from kratomlog.core.settings import Settings
from kratomlog.core.weekly import summarize_trends, summarize_week, trends_json, week_json

S = Settings()


def at(y, m, d, hh, mm=0):
    return from_local(datetime(y, m, d, hh, mm))


NOW = at(2026, 11, 19, 15)  # Thursday; the week of Mon 16 Nov is in progress

# A finished week (Mon 9 – Sun 15 Nov 2026) and the week before it (first entry ever on Tue 3 Nov).
DOSES = [
    Dose(at(2026, 11, 3, 10), 2.5, "Red Bali", "powder", mitragynine_mg=37.5),
    Dose(at(2026, 11, 9, 8), 3.0, "Red Bali", "powder", mitragynine_mg=45.0),
    Dose(at(2026, 11, 9, 20), 2.0, "Red Bali", "powder", mitragynine_mg=30.0),
    Dose(at(2026, 11, 11, 9, 30), 4.0, "Green", "extract", mitragynine_mg=None),
    Dose(at(2026, 11, 14, 7, 15), 1.0, None, "powder", mitragynine_mg=15.0),
]
RATINGS = [
    Rating(at(2026, 11, 3, 11), 8),
    Rating(at(2026, 11, 9, 9), 6, craving=4),
    Rating(at(2026, 11, 9, 21), 3, pain=2),
    Rating(at(2026, 11, 12, 10), 5, craving=6, pain=4),
]
SOWS = [
    Questionnaire(at(2026, 11, 11, 10), "sows", 12),
    Questionnaire(at(2026, 11, 11, 18), "sows", 9),
    Questionnaire(at(2026, 11, 11, 19), "dsm5", 3),  # not a SOWS: ignored
]
NO_USE = [NoUseDay(date(2026, 11, 10))]
FIRST = date(2026, 11, 3)


def past_week():
    return summarize_week(date(2026, 11, 9), NOW, S, DOSES, RATINGS, SOWS, NO_USE, FIRST)


def test_past_week_json_numbers_by_hand():
    j = week_json(past_week())
    assert (j["start"], j["end"], j["in_progress"], j["compared_days"]) == ("2026-11-09", "2026-11-15", False, 7)
    days = j["days"]
    assert [d["date"] for d in days] == [f"2026-11-{n:02d}" for n in range(9, 16)]
    assert days[0] == {
        "date": "2026-11-09", "doses": 2, "grams": 5.0, "mitragynine_mg": 75.0, "first_dose": "08:00",
        "mean_stress": 4.5, "mean_craving": 4.0, "mean_pain": 2.0, "sows": None, "no_use": False,
    }
    # a deliberate no-use day, and a logged-nothing day: zeros, not nulls
    assert days[1] == {
        "date": "2026-11-10", "doses": 0, "grams": 0.0, "mitragynine_mg": 0.0, "first_dose": None,
        "mean_stress": None, "mean_craving": None, "mean_pain": None, "sows": None, "no_use": True,
    }
    assert days[4]["doses"] == 0 and days[4]["no_use"] is False
    # an extract without a label value: grams counted, no mitragynine estimate; the day's LAST SOWS
    assert (days[2]["grams"], days[2]["mitragynine_mg"], days[2]["first_dose"], days[2]["sows"]) == (4.0, None, "09:30", 9)
    assert (days[3]["mean_stress"], days[3]["mean_craving"], days[3]["mean_pain"]) == (5.0, 6.0, 4.0)
    assert j["totals"] == {
        "days_used": 3, "doses": 4, "grams": 10.0, "mean_grams_per_use_day": 3.33,
        "mean_grams_per_day": 1.43,  # 10 g / 7 days
        "mean_stress": 4.67,  # mean of the 3 ratings (6, 3, 5), not of daily means (4.5, 5 → 4.75)
        "mean_craving": 5.0, "mean_pain": 3.0,
    }
    # the week before: Mon 2 Nov precedes the first entry, so 6 days are counted
    assert j["previous"] == {
        "days_used": 1, "doses": 1, "grams": 2.5, "mean_grams_per_use_day": 2.5,
        "mean_grams_per_day": 0.42, "mean_stress": 8.0, "mean_craving": None, "mean_pain": None,
    }
    assert j["strains"] == [
        {"strain": "Red Bali", "grams": 5.0, "share": 0.5},
        {"strain": "Green", "grams": 4.0, "share": 0.4},
        {"strain": "(no strain)", "grams": 1.0, "share": 0.1},
    ]


def test_days_before_first_entry_are_null_and_after_are_zero():
    r = summarize_week(date(2026, 11, 2), NOW, S, DOSES, RATINGS, SOWS, NO_USE, FIRST)
    j = week_json(r)
    assert j["days"][0]["doses"] is None and j["days"][0]["grams"] is None and j["days"][0]["mitragynine_mg"] is None
    assert j["days"][1]["doses"] == 1
    assert j["days"][2]["doses"] == 0 and j["days"][2]["grams"] == 0.0
    assert not r.days[0].has_data and r.days[2].has_data
    # the week before lies wholly before the first entry: nothing to compare with
    assert set(j["previous"].values()) == {None}


def test_plain_tuples_give_the_same_report_as_dataclasses():
    tuples = summarize_week(
        date(2026, 11, 9), NOW, S,
        [(d.at, d.grams, d.strain, d.mitragynine_mg) for d in DOSES],
        [(r.at, r.stress, r.craving, r.pain) for r in RATINGS],
        [(q.at, q.total) for q in SOWS if q.instrument == "sows"],
        [n.day for n in NO_USE],
        FIRST,
    )
    assert week_json(tuples) == week_json(past_week())


def test_in_progress_week_compares_finished_days_with_same_days_last_week():
    doses = [
        (at(2026, 11, 9, 9), 2.0, "A", None),  # Mon last week: compared
        (at(2026, 11, 11, 9), 1.0, "A", None),  # Wed last week: compared
        (at(2026, 11, 12, 9), 4.0, "A", None),  # Thu last week: not compared (today is Thursday)
        (at(2026, 11, 16, 9), 3.0, "A", None),  # Mon
        (at(2026, 11, 19, 10), 5.0, "B", None),  # today: shown, not compared
    ]
    ratings = [(at(2026, 11, 16, 9), 4, None, None), (at(2026, 11, 19, 11), 10, None, None)]
    r = summarize_week(date(2026, 11, 16), NOW, S, doses, ratings, [], [], date(2026, 11, 1))
    j = week_json(r)
    assert j["in_progress"] is True and j["compared_days"] == 3
    assert j["totals"] == {
        "days_used": 1, "doses": 1, "grams": 3.0, "mean_grams_per_use_day": 3.0, "mean_grams_per_day": 1.0,
        "mean_stress": 4.0, "mean_craving": None, "mean_pain": None,
    }
    assert j["previous"]["days_used"] == 2 and j["previous"]["grams"] == 3.0
    assert j["previous"]["mean_grams_per_day"] == 1.0
    today = j["days"][3]
    assert (today["date"], today["doses"], today["grams"], today["mean_stress"]) == ("2026-11-19", 1, 5.0, 10.0)
    assert r.days[3].is_today and not r.days[3].finished
    # days not begun yet carry no data (an unfinished day is not a light day)
    assert [d["doses"] for d in j["days"][4:]] == [None, None, None]
    assert [(s.name, s.grams, s.share) for s in r.strains] == [("A", 3.0, 1.0)]  # the totals' days only
    assert (r.today_so_far.doses, r.today_so_far.grams, [s.name for s in r.today_so_far.strains]) == (1, 5.0, ["B"])
    assert j["today"] == {"date": "2026-11-19", "doses": 1, "grams": 5.0,
                          "strains": [{"strain": "B", "grams": 5.0, "share": 1.0}]}


def test_first_day_of_week_in_progress_has_nothing_to_compare():
    now = at(2026, 11, 16, 12)
    r = summarize_week(date(2026, 11, 16), now, S, [(at(2026, 11, 16, 9), 3.0, None, None)], [], [], [], FIRST)
    assert r.compared_days == 0 and r.totals.doses is None and r.previous.doses is None
    assert week_json(r)["totals"]["mean_grams_per_day"] is None
    assert r.days[0].doses == 1 and not r.is_empty


def test_early_morning_dose_belongs_to_previous_day_with_day_starts_at_4():
    s = Settings(day_starts_at=time(4, 0))
    doses = [
        (at(2026, 11, 20, 1, 30), 2.0, None, None),  # Fri 01:30 → Thu 19
        (at(2026, 11, 23, 3, 0), 1.5, None, None),  # Mon 23 03:00 → Sun 22, still this week
        (at(2026, 11, 16, 3, 59), 9.0, None, None),  # Mon 16 03:59 → Sun 15, the week before
    ]
    r = summarize_week(date(2026, 11, 16), at(2026, 11, 30, 12), s, doses, [], [], [], date(2026, 11, 1))
    by_day = {d.day: d for d in r.days}
    assert by_day[date(2026, 11, 19)].doses == 1 and by_day[date(2026, 11, 19)].first_dose == "01:30"
    assert by_day[date(2026, 11, 20)].doses == 0
    assert by_day[date(2026, 11, 22)].grams == 1.5
    assert r.totals.grams == 3.5 and r.previous.grams == 9.0


def test_week_across_dst_change_new_york(tz):
    tz("America/New_York")
    first_repeat = int(datetime(2026, 11, 1, 5, 30, tzinfo=timezone.utc).timestamp())  # 01:30 EDT
    assert datetime.fromtimestamp(first_repeat).strftime("%Y-%m-%d %H:%M") == "2026-11-01 01:30"
    doses = [
        (at(2026, 10, 31, 23, 59), 1.0, None, None),  # Sat
        (first_repeat, 2.0, None, None),  # Sun, the first 01:30
        (first_repeat + 3600, 3.0, None, None),  # Sun, the second 01:30 (EST)
        (at(2026, 11, 1, 23, 30), 4.0, None, None),  # Sun, late: the 25-hour day
        (at(2026, 11, 2, 0, 30), 5.0, None, None),  # Mon: next week
    ]
    now = at(2026, 11, 10, 12)
    r = summarize_week(date(2026, 10, 26), now, S, doses, [], [], [], date(2026, 10, 1))
    assert [d.doses for d in r.days] == [0, 0, 0, 0, 0, 1, 3]
    assert r.days[6].grams == 9.0 and r.days[6].first_dose == "01:30"
    t = summarize_trends(date(2026, 11, 2), 2, now, S, doses, [], [], [], date(2026, 10, 1))
    assert [w.totals.grams for w in t.weeks] == [10.0, 5.0]
    assert t.hours[1] == 2 and t.hours[23] == 2 and t.hours[0] == 1


def test_empty_database_and_empty_week():
    r = summarize_week(date(2026, 11, 16), NOW, S, [], [], [], [], None)
    assert r.is_empty
    assert all(d.doses is None for d in r.days)
    r = summarize_week(date(2026, 11, 16), NOW, S, DOSES, RATINGS, SOWS, [], FIRST)
    assert r.is_empty and r.previous.doses == 3  # nothing this week, but last week is known
    assert not past_week().is_empty


def test_trends_weeks_json_and_chart_data():
    t = summarize_trends(date(2026, 11, 16), 3, NOW, S, DOSES, RATINGS, SOWS, NO_USE, FIRST)
    j = trends_json(t)
    assert [(w["start"], w["end"], w["in_progress"], w["compared_days"]) for w in j["weeks"]] == [
        ("2026-11-02", "2026-11-08", False, 7),
        ("2026-11-09", "2026-11-15", False, 7),
        ("2026-11-16", "2026-11-22", True, 3),
    ]
    assert j["weeks"][1]["grams"] == 10.0 and j["weeks"][1]["mean_stress"] == 4.67
    assert j["weeks"][0]["mean_grams_per_day"] == 0.42
    assert j["weeks"][2]["doses"] == 0 and j["weeks"][2]["mean_grams_per_day"] == 0.0
    assert j["hours"][7] == 1 and j["hours"][8] == 1 and j["hours"][9] == 1 and j["hours"][10] == 1
    assert j["hours"][20] == 1 and sum(j["hours"]) == 5
    assert j["sows"] == [{"date": "2026-11-11", "total": 9}]
    assert t.mean_stress == [8.0, pytest.approx(14 / 3), None]
    assert t.weeks[1].totals.mean_doses_per_day == pytest.approx(4 / 7)


@pytest.mark.parametrize("weeks", [0, 521, -3, True, 2.5])
def test_trends_weeks_out_of_range_is_refused(weeks):
    with pytest.raises(Invalid, match=r"weeks must be a whole number from 1 to 520; got"):
        summarize_trends(date(2026, 11, 16), weeks, NOW, S, [], [], [], [], None)


def test_week_must_start_on_the_week_start():
    with pytest.raises(Invalid, match="a week starts on monday; 2026-11-18 is a wednesday"):
        summarize_week(date(2026, 11, 18), NOW, S, [], [], [], [], None)
    sunday = Settings(week_starts="sunday")
    r = summarize_week(date(2026, 11, 15), NOW, sunday, DOSES, [], [], [], FIRST)
    assert r.end == date(2026, 11, 21) and r.in_progress and r.compared_days == 4


def test_trends_520_weeks_is_fast_enough():
    import time as clock

    start = at(2016, 11, 21, 8)
    doses = [(start + i * 4 * 3600, 2.0, "A" if i % 2 else "B", 30.0) for i in range(22_000)]
    ratings = [(start + i * 12 * 3600, i % 11, i % 7, None) for i in range(7_000)]
    now = doses[-1][0] + 3600
    began = clock.perf_counter()
    t = summarize_trends(date(2026, 12, 14), 520, now, S, doses, ratings, [], [], date(2016, 11, 21))
    assert clock.perf_counter() - began < 0.5
    assert len(t.weeks) == 520 and t.weeks[0].start == date(2017, 1, 2)  # 519 weeks before 14 Dec 2026
    assert sum(t.hours) == sum(1 for d in doses if d[0] >= at(2017, 1, 2, 0))


@hsettings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 14 * 24 * 3600 - 1), st.floats(0.1, 20)), max_size=40))
def test_day_grams_add_up_to_week_totals(offsets):
    base = at(2026, 11, 2, 0)  # Mon 2 Nov: previous week, then the week of 9 Nov
    doses = [(base + o, round(g, 2), None, None) for o, g in offsets]
    r = summarize_week(date(2026, 11, 9), NOW, S, doses, [], [], [], date(2026, 11, 2))
    this_week = [g for (o, g) in zip([d[0] for d in doses], [d[1] for d in doses]) if o >= base + 7 * 86400]
    assert r.totals.doses == len(this_week) == sum(d.doses for d in r.days)
    assert r.totals.grams == pytest.approx(sum(this_week))
    assert r.previous.doses == len(doses) - len(this_week)
    assert r.totals.days_used == sum(1 for d in r.days if d.doses)
