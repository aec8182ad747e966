"""Timeline Followback calendar and summary (core.tlfb), on crafted data with DST and day_starts_at."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from kratomlog.core import tlfb
from kratomlog.core.settings import Settings

NY = ZoneInfo("America/New_York")


def at(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=NY).timestamp())


def dose(text, grams=2.0, mg=30.0, estimated=True, reasons=()):
    return tlfb.TlfbDose(at(text), grams, mg, estimated, tuple(reasons))


def test_every_day_of_the_period_has_a_row_with_its_status(tz):
    tz("America/New_York")
    doses = [dose("2026-11-02 08:00", 2, reasons=["stress"]), dose("2026-11-02 14:30", 3, 45, reasons=["pain", "stress"])]
    days = tlfb.calendar(date(2026, 11, 1), date(2026, 11, 4), doses, [date(2026, 11, 3)], Settings())
    assert [(d.day.isoformat(), d.status) for d in days] == [
        ("2026-11-01", "not-logged"),
        ("2026-11-02", "use"),
        ("2026-11-03", "no-use"),
        ("2026-11-04", "not-logged"),
    ]
    use = days[1]
    assert (use.doses, use.grams, use.mitragynine_mg, use.first_dose, use.reasons) == (2, 5, 75.0, "08:00", ("stress", "pain"))
    assert use.mitragynine_estimated


def test_a_dst_change_day_is_one_calendar_day(tz):
    tz("America/New_York")  # clocks go back on 2026-11-01 at 02:00
    doses = [dose("2026-11-01 00:30"), dose("2026-11-01 23:30")]
    (day,) = tlfb.calendar(date(2026, 11, 1), date(2026, 11, 1), doses, [], Settings())
    assert (day.doses, day.first_dose) == (2, "00:30")


def test_days_follow_day_starts_at(tz):
    tz("America/New_York")
    late = Settings(day_starts_at=time(4, 0))
    doses = [dose("2026-11-03 01:30"), dose("2026-11-03 09:00")]
    days = tlfb.calendar(date(2026, 11, 2), date(2026, 11, 3), doses, [], late)
    assert [(d.day.isoformat(), d.doses, d.first_dose) for d in days] == [("2026-11-02", 1, "01:30"), ("2026-11-03", 1, "09:00")]


def test_a_day_without_any_estimate_has_no_mitragynine_figure(tz):
    (day,) = tlfb.calendar(date(2026, 11, 2), date(2026, 11, 2), [dose("2026-11-02 08:00", mg=None)], [], Settings())
    assert day.mitragynine_mg is None and not day.mitragynine_estimated


def test_the_summary_counts_runs_and_keeps_not_logged_days_apart(tz):
    tz("America/New_York")
    doses = [dose(f"2026-11-0{d} 09:00", grams=g) for d, g in ((1, 2), (2, 4), (3, 6), (6, 1))]
    no_use = [date(2026, 11, 4), date(2026, 11, 5)]
    days = tlfb.calendar(date(2026, 11, 1), date(2026, 11, 8), doses, no_use, Settings())
    summary = tlfb.summary(days)
    assert summary == {
        "first_day": "2026-11-01",
        "last_day": "2026-11-08",
        "days": 8,
        "use_days": 4,
        "percent_days_used": 50.0,
        "mean_grams_per_use_day": 3.25,
        "max_grams_per_use_day": 6,
        "total_grams": 13,
        "longest_use_run": 3,
        "longest_no_use_run": 2,
        "no_use_days": 2,
        "not_logged_days": 2,
    }


def test_a_period_without_use_has_no_means():
    days = tlfb.calendar(date(2026, 11, 1), date(2026, 11, 3), [], [], Settings())
    summary = tlfb.summary(days)
    assert (summary["use_days"], summary["percent_days_used"], summary["mean_grams_per_use_day"]) == (0, 0.0, None)
    assert summary["not_logged_days"] == 3


def test_csv_has_one_row_per_day_and_crlf_lines(tz):
    tz("America/New_York")
    days = tlfb.calendar(date(2026, 11, 1), date(2026, 11, 2), [dose("2026-11-02 08:00", 2.3456, 35.184, reasons=["stress", "pain"])], [], Settings())
    text = tlfb.build_csv(days)
    assert text.split("\r\n") == [
        "date,status,doses,grams,mitragynine_mg,mitragynine_estimated,first_dose,reasons",
        "2026-11-01,not-logged,0,0,,false,,",
        "2026-11-02,use,1,2.35,35.18,true,08:00,stress pain",
        "",
    ]


def test_summary_csv_lists_every_measure():
    days = tlfb.calendar(date(2026, 11, 1), date(2026, 11, 1), [], [date(2026, 11, 1)], Settings())
    lines = tlfb.build_summary_csv(tlfb.summary(days)).split("\r\n")
    assert lines[0] == "measure,value"
    assert [line.split(",")[0] for line in lines[1:-1]] == list(tlfb.SUMMARY_KEYS)
    assert "longest_no_use_run,1" in lines
