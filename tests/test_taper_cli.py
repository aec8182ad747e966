"""`kratomlog taper …` end to end on crafted data: start (from --from and from recent use), status
under, at and over the allowance, across a step boundary, after a hold and an adjust; the dose
line's allowance suffix; stop, finish and history; and every bad-input path exiting 2 with nothing
written. Hand-computed expectations; NOW is Fri 2026-11-27 12:00 UTC."""

from __future__ import annotations

from kratomlog.core.texts import HELP_LINES

import json
import sqlite3

import pytest

from helpers import NOW, db_file, everything, rows, run

DAY = 86400
START = NOW - 9 * DAY  # Wed 2026-11-18 12:00


def ok(*args: str, now: int = NOW):
    result = run(*args, now=now)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def status_json(now: int = NOW) -> dict:
    return json.loads(ok("taper", "status", "--json", now=now).stdout)


def start_six_down_one(now: int = START):
    # 6 g (Nov 18–20), 5 g (21–23), 4 g (24–26), 3 g (27–29), floor 2 g from Mon Nov 30
    return ok("taper", "start", "--from", "6g", "--step", "1g", "--every", "3d", "--floor", "2", now=now)


def craft_days():
    """Nov 18 6 g (at), 19 7 g (over), 20 nothing, 21 rating only, 22 4.5 g, 23 no-use day,
    24 4 g (at, new step), 25 4.25 g (over), 26 nothing; today (27) 2 g."""
    for day, grams in (("18", "6g"), ("19", "7g"), ("22", "4.5g"), ("24", "4g"), ("25", "4.25g"), ("27", "2g")):
        ok("dose", grams, "Red Bali", "--at", f"2026-11-{day} 10:00")
    ok("stress", "3", "--at", "2026-11-21 10:00")
    ok("no-use", "--on", "2026-11-23")


# --- start -------------------------------------------------------------------------------------


def test_start_from_an_amount_prints_the_plan_and_the_guidance():
    result = start_six_down_one()
    text = result.stdout
    assert "Taper plan started Wed 2026-11-18." in text
    assert "Starting amount: 6 g a day." in text
    assert "Steps: 1 g every 3 days, rounded down to 0.25 g, floor 2 g." in text
    assert "6 g → 5 g → 4 g → 3 g → 2 g (5 steps; the floor is reached on Mon 2026-11-30)" in text
    assert "Next step on Sat 2026-11-21: 5 g a day." in text
    assert "no formal kratom tapering guideline (Kiyokawa et al. 2023)" in text
    assert "HHS 2019" in text and "heuristics" in text
    (plan,) = rows("taper_plan")
    assert plan[2:12] == ("2026-11-18", 6.0, 1.0, 0, 3, 2.0, 0, 0.25, "active", None)


def test_start_from_the_last_14_finished_days():
    # six days of 5 g and one deliberate no-use day in the last 14 finished days: 30 / 7 g a day
    for day in ("14", "16", "18", "20", "22", "24"):
        ok("dose", "5g", "Red Bali", "--at", f"2026-11-{day} 09:00")
    ok("no-use", "--on", "2026-11-26")
    ok("dose", "9g", "--at", "2026-11-27 08:00")  # today: not a finished day, not counted
    ok("stress", "4", "--at", "2026-11-25 09:00")  # a rating alone is not a day of use data
    result = ok("taper", "start", "--step", "10%", "--every", "7d")
    assert "Starting amount: 4.29 g a day — your mean over the last 14 finished days (7 days with data)." in result.stdout
    assert rows("taper_plan")[0][3] == pytest.approx(30 / 7)
    # 30/7 → 4.25; 10% of 4.2857 steps: 3.857→3.75, 3.43→3.25, 3.0→3
    assert status_json()["plan"][1]["allowance_g"] == 3.75


def test_percent_step_with_compound_and_rounding():
    ok("taper", "start", "--from", "10g", "--step", "20%", "--every", "2d", "--compound", "--rounding", "0.5")
    # 10 → 8 → 6.4→6 → 4.8→4.5 → 3.6→3.5 → 2.8→2.5 → 2 → 1.6→1.5 → 1.2→1 → 0.8→0.5 → 0.4→0
    assert [p["allowance_g"] for p in status_json()["plan"]] == [10, 8, 6, 4.5, 3.5, 2.5, 2, 1.5, 1, 0.5, 0]


# --- status ------------------------------------------------------------------------------------


def test_status_json_on_crafted_data():
    start_six_down_one()
    craft_days()
    got = status_json()
    assert got == {
        "active": True,
        "started": "2026-11-18",
        "step": 4,
        "steps": 5,
        "allowance_g": 3.0,
        "used_today_g": 2.0,
        "remaining_g": 1.0,
        "over_g": 0.0,
        "next_step_on": "2026-11-30",
        "ends_on": "2026-11-30",
        "plan": [
            {"start": "2026-11-18", "end": "2026-11-20", "allowance_g": 6.0},
            {"start": "2026-11-21", "end": "2026-11-23", "allowance_g": 5.0},
            {"start": "2026-11-24", "end": "2026-11-26", "allowance_g": 4.0},
            {"start": "2026-11-27", "end": "2026-11-29", "allowance_g": 3.0},
            {"start": "2026-11-30", "end": "2026-11-30", "allowance_g": 2.0},
        ],
        # Nov 18–26: within 18, 21 (rating only), 22, 23 (no-use), 24; over 19, 25; not logged 20, 26
        "adherence": {"days": 9, "within": 5, "not_logged": 2},
        "suggestion": None,
    }


def test_status_text_under_the_allowance():
    start_six_down_one()
    craft_days()
    text = ok("taper", "status").stdout
    assert "Taper plan started Wed 2026-11-18 · 1 g every 3 days, rounded down to 0.25 g, floor 2 g" in text
    assert "Today: 2 g used of 3 g · 1 g left" in text
    assert "Step 4 of 5: 3 g a day since Fri 2026-11-27; next step in 3 days (Mon 2026-11-30): 2 g a day" in text
    assert "Finished days so far: 9 — 5 within the allowance, 2 above it, 2 not logged." in text
    assert "grams per day" in text and "plan allowance" in text  # the chart
    assert "\x1b[" not in text  # no colour when not on a terminal


def test_status_at_and_over_the_allowance_and_the_dose_line():
    start_six_down_one()
    first = ok("dose", "2g", "Red Bali")
    assert first.stdout.rstrip().endswith("· taper: 1 g left of 3 g today")
    at = ok("dose", "1g")
    assert at.stdout.rstrip().endswith("· taper: 0 g left of 3 g today")
    assert (status_json()["remaining_g"], status_json()["over_g"]) == (0.0, 0.0)
    over = ok("dose", "0.5g")
    assert over.stdout.rstrip().endswith("· taper: 0.5 g over today's 3 g allowance")
    got = status_json()
    assert (got["used_today_g"], got["remaining_g"], got["over_g"]) == (3.5, 0.0, 0.5)
    assert "Today: 3.5 g used of 3 g · 0.5 g over today's allowance" in ok("taper", "status", "--no-chart").stdout


def test_dose_for_an_earlier_day_names_that_day_and_doses_outside_the_plan_have_no_suffix():
    start_six_down_one()
    earlier = ok("dose", "4.5g", "Red Bali", "--at", "2026-11-22 09:00")
    assert earlier.stdout.rstrip().endswith("· taper: 0.5 g left of 5 g on Sun 2026-11-22")
    before = ok("dose", "4g", "--at", "2026-11-17 09:00")
    assert "taper" not in before.stdout


def test_status_across_a_step_boundary():
    start_six_down_one()
    ok("dose", "2.5g", "Red Bali", "--at", "2026-11-29 10:00", now=NOW + 2 * DAY)
    last_of_step = status_json(NOW + 2 * DAY)  # Sun Nov 29: last day at 3 g
    assert (last_of_step["step"], last_of_step["allowance_g"], last_of_step["next_step_on"]) == (4, 3.0, "2026-11-30")
    assert (last_of_step["used_today_g"], last_of_step["remaining_g"]) == (2.5, 0.5)
    floor = status_json(NOW + 3 * DAY)  # Mon Nov 30: the floor step
    assert (floor["step"], floor["steps"], floor["allowance_g"], floor["next_step_on"]) == (5, 5, 2.0, None)
    assert floor["used_today_g"] == 0.0 and floor["remaining_g"] == 2.0
    text = ok("taper", "status", "--no-chart", now=NOW + 3 * DAY).stdout
    assert "Step 5 of 5: 2 g a day since Mon 2026-11-30 — the floor; the plan finishes after today" in text


def test_status_after_a_hold_and_an_adjust():
    start_six_down_one()
    held = ok("taper", "hold", "--for", "2d", now=START + 4 * DAY)  # Sun Nov 22, in the 5 g step
    assert "the next step is now on Thu 2026-11-26 (4 g a day)" in held.stdout
    assert "the floor is reached on Wed 2026-12-02" in held.stdout
    adjusted = ok("taper", "adjust", "--step", "0.5g", "--every", "2d")  # Fri Nov 27, in the 4 g step (26–28)
    assert "Adjusted from the next step (Sun 2026-11-29) on: 4 g → 3.5 g → 3 g → 2.5 g → 2 g a day" in adjusted.stdout
    got = status_json()
    assert [(p["start"], p["end"], p["allowance_g"]) for p in got["plan"]] == [
        ("2026-11-18", "2026-11-20", 6.0),
        ("2026-11-21", "2026-11-25", 5.0),  # held 2 days longer
        ("2026-11-26", "2026-11-28", 4.0),  # keeps its length
        ("2026-11-29", "2026-11-30", 3.5),  # the adjusted pace from here on
        ("2026-12-01", "2026-12-02", 3.0),
        ("2026-12-03", "2026-12-04", 2.5),
        ("2026-12-05", "2026-12-05", 2.0),
    ]
    assert (got["step"], got["steps"], got["allowance_g"], got["next_step_on"], got["ends_on"]) == (
        3, 7, 4.0, "2026-11-29", "2026-12-05"
    )
    text = ok("taper", "status", "--no-chart").stdout
    assert "0.5 g every 2 days" in text  # the pace as adjusted
    changes = rows("taper_change")
    assert [(c[3], c[4], c[5], c[6], c[7], c[8]) for c in changes] == [
        ("2026-11-22", "hold", 2, None, None, None),
        ("2026-11-27", "adjust", None, 0.5, 0, 2),
    ]


def test_craving_rise_suggests_holding_labelled_as_a_heuristic():
    start_six_down_one()
    for day, craving in (("22", 2), ("23", 2), ("24", 3), ("25", 5), ("26", 5), ("27", 6)):
        ok("stress", "4", "--craving", str(craving), "--at", f"2026-11-{day} 09:00")
    # last 3 days (25–27) 16/3, the 3 before (22–24) 7/3: +3.0
    got = status_json()
    assert "Craving over the last 3 days averaged 3.0 points above the 3 days before" in got["suggestion"]
    text = ok("taper", "status", "--no-chart").stdout
    assert "consider holding" in text and "(heuristic)" in text
    # EVIDENCE §5: the help lines wherever the tool suggests talking to someone
    for line in HELP_LINES:
        assert line in text


def test_no_help_lines_without_a_hold_suggestion():
    start_six_down_one()
    text = ok("taper", "status", "--no-chart").stdout
    assert "consider holding" not in text and "1-800-662-4357" not in text


def test_sows_rise_since_the_step_began_suggests_holding():
    start_six_down_one()

    def sows(at: int, total: int) -> None:
        conn = sqlite3.connect(db_file())
        conn.execute(
            "INSERT INTO questionnaire (uuid, at, instrument, total, created_at) VALUES (?, ?, 'sows', ?, ?)",
            (f"u{at}", at, total, at),
        )
        conn.commit()
        conn.close()

    sows(NOW - 2 * DAY, 10)  # before this step (began Nov 27 00:00)
    sows(NOW - 3600, 13)
    assert status_json()["suggestion"] is None  # +3
    sows(NOW - 60, 14)
    assert "rose by 4 since this step began" in status_json()["suggestion"]


def test_status_without_a_plan():
    assert status_json() == {
        "active": False, "started": None, "step": None, "steps": None, "allowance_g": None,
        "used_today_g": None, "remaining_g": None, "over_g": None, "next_step_on": None, "ends_on": None,
        "plan": None, "adherence": None, "suggestion": None,
    }
    assert "No taper plan yet" in ok("taper", "status").stdout
    assert "taper" not in ok("dose", "3g", "Red Bali").stdout


# --- stop, finish, history ---------------------------------------------------------------------


def test_stop_keeps_the_plan_in_history_and_ends_the_allowance_today():
    start_six_down_one()
    ok("taper", "hold", "--for", "1d", now=START + DAY)
    stopped = ok("taper", "stop")
    assert "Stopped the taper plan started Wed 2026-11-18" in stopped.stdout
    assert rows("taper_plan")[0][10:12] == ("stopped", "2026-11-27")
    assert status_json()["active"] is False
    assert "taper" not in ok("dose", "3g", "Red Bali").stdout  # today is no longer under the plan
    assert "taper: 0.5 g left of 5 g on Sun 2026-11-22" in ok("dose", "4.5g", "--at", "2026-11-22 09:00").stdout
    (plan,) = json.loads(ok("taper", "history", "--json").stdout)
    assert (plan["status"], plan["last_day"], plan["ends_on"]) == ("stopped", "2026-11-26", "2026-12-01")
    assert plan["changes"] == [
        {"day": "2026-11-19", "kind": "hold", "hold_days": 1, "step_value": None, "step_percent": None,
         "every_days": None, "compound": None}
    ]
    text = ok("taper", "history").stdout
    assert "Plan 1 · started Wed 2026-11-18 from 6 g · stopped (last day Thu 2026-11-26)" in text
    assert "2026-11-19: held 1 day" in text


def test_a_plan_finishes_after_its_floor_day_and_a_new_one_can_start():
    start_six_down_one()
    after = NOW + 4 * DAY  # Tue Dec 1: the floor day (Nov 30) has passed
    assert status_json(after)["active"] is False
    assert "reached its floor of 2 g on Mon 2026-11-30 and is finished" in ok("taper", "status", now=after).stdout
    assert "taper" not in ok("dose", "2g", "Red Bali", now=after).stdout
    assert json.loads(ok("taper", "history", "--json", now=after).stdout)[0]["status"] == "finished"
    ok("taper", "start", "--from", "2g", "--step", "0.25g", "--every", "7d", now=after)
    plans = rows("taper_plan")
    assert [(p[10], p[11]) for p in plans] == [("finished", "2026-12-01"), ("active", None)]
    history = json.loads(ok("taper", "history", "--json", now=after).stdout)
    assert [(p["id"], p["status"]) for p in history] == [(2, "active"), (1, "finished")]


def test_history_without_plans():
    assert "No taper plans yet" in ok("taper", "history").stdout
    assert json.loads(ok("taper", "history", "--json").stdout) == []


# --- bad input: exit 2, one error line, nothing written ---------------------------------------


def refused(*args: str, message: str, now: int = NOW) -> None:
    before = everything()
    result = run(*args, now=now)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert everything() == before


@pytest.mark.parametrize(
    "args, message",
    [
        (("--step", "0", "--every", "7d"), "cannot read '0'; --step takes a percentage like 10% or grams like 0.5g"),
        (("--step", "0%", "--every", "7d"), "a step must be above 0"),
        (("--step", "150%", "--every", "7d"), "a percentage step must be below 100% (got 150%)"),
        (("--step", "10%", "--every", "0d"), "a step must last 1–365 days (got 0)"),
        (("--step", "10%", "--every", "7d", "--floor", "13g"), "--floor 13g is above the starting 12g"),
        (("--step", "10%", "--every", "7d", "--floor", "12"), "--floor 12g is not below the starting 12g"),
        (("--step", "10%", "--every", "7d", "--rounding", "0"), "rounding must be at least 0.01g"),
        (("--step", "10%", "--every", "7d", "--floor", "lots"), "--floor takes grams like 12g or 12"),
        (("--every", "7d",), "taper start needs --step (like 10% or 0.5g) and --every (like 7d)"),
        (("--step", "0.001g", "--every", "1d", "--rounding", "0.01", "--from", "30g"), "would take more than 2000 steps; choose a larger step"),
    ],
)
def test_start_refuses_bad_options(args, message):
    ok("dose", "3g", "Red Bali")  # some data, so "nothing written" is checked against a real file
    refused("taper", "start", "--from", "12g", *args, message=message)


def test_start_without_from_needs_seven_days_of_data():
    for day in ("20", "21", "22", "23", "24", "25"):
        ok("dose", "5g", "Red Bali", "--at", f"2026-11-{day} 09:00")
    refused("taper", "start", "--step", "10%", "--every", "7d", message="needs 7 days of data in the last 14, has 6; or give --from 12g")


def test_a_second_start_while_one_is_active_is_refused():
    start_six_down_one()
    refused(
        "taper", "start", "--from", "10g", "--step", "10%", "--every", "7d",
        message="a taper plan is already active (started 2026-11-18)",
    )


def test_hold_adjust_and_stop_without_a_plan_are_refused():
    ok("dose", "3g", "Red Bali")
    refused("taper", "hold", "--for", "7d", message="there is no active taper plan to hold")
    refused("taper", "adjust", "--step", "5%", message="there is no active taper plan to adjust")
    refused("taper", "stop", message="there is no active taper plan to stop")


@pytest.mark.parametrize(
    "args, message",
    [
        (("hold",), "taper hold needs --for, like --for 7d"),
        (("hold", "--for", "0d"), "cannot use '0d'; --for takes days like 7d or weeks like 1w (1–365 days)"),
        (("hold", "--for", "soon"), "--for takes days like 7d"),
        (("adjust",), "taper adjust needs --step (like 5% or 0.25g), --every (like 10d) or --compound/--no-compound"),
        (("adjust", "--step", "150%"), "a percentage step must be below 100%"),
        (("adjust", "--every", "0d"), "a step must last 1–365 days"),
    ],
)
def test_hold_and_adjust_refuse_bad_options(args, message):
    start_six_down_one()
    refused("taper", *args, message=message)


def test_hold_and_adjust_on_the_floor_day_are_refused():
    start_six_down_one()
    floor_day = NOW + 3 * DAY
    refused("taper", "hold", "--for", "3d", now=floor_day, message="the plan reached its floor of 2g on 2026-11-30")
    refused("taper", "adjust", "--step", "5%", now=floor_day, message="there is no later step for an adjust to change")


def test_start_refuses_a_plan_that_starts_from_nothing():
    refused("taper", "start", "--from", "0g", "--step", "10%", "--every", "7d", message="the starting amount must be above 0g")


def test_days_with_nothing_logged_are_never_within():
    start_six_down_one()
    assert status_json()["adherence"] == {"days": 9, "within": 0, "not_logged": 9}
    text = ok("taper", "status", "--no-chart").stdout
    assert "Finished days so far: 9 — 0 within the allowance, 0 above it, 9 not logged." in text


def test_undo_reverts_taper_start_hold_and_stop():
    from helpers import NOW, rows, run

    run("dose", "1g", "Red", "--at", "2h ago", now=NOW)
    assert run("taper", "start", "--from", "8g", "--step", "10%", "--every", "7d", now=NOW).exit_code == 0
    assert run("taper", "hold", "--for", "3d", now=NOW).exit_code == 0
    assert run("taper", "stop", now=NOW).exit_code == 0
    assert "stop" in run("undo", now=NOW).stdout
    assert rows("taper_plan")[0][10:12] == ("active", None)
    assert "hold" in run("undo", now=NOW).stdout
    assert rows("taper_change") == []
    assert "starting the taper plan" in run("undo", now=NOW).stdout
    assert rows("taper_plan") == []
    assert len(rows("dose")) == 1
