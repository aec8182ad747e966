"""`again` repeats the latest dose (amount, unit, strain, reasons; never the note) and says what it
repeated; `today [--json]` shows today's entries and totals."""

from __future__ import annotations

import json

import pytest

from helpers import NOW, everything, rows, run


def ok(*args, now=NOW):
    result = run(*args, now=now)
    assert result.exit_code == 0, result.output
    return result


def test_again_repeats_amount_unit_strain_and_reasons_but_not_the_note():
    ok("strain", "add", "Gold", "--form", "capsule", "--capsule-grams", "0.5")
    ok("dose", "4caps", "Gold", "--reason", "pain", "--reason", "sleep", "--note", "private", "--at", "3h ago")
    result = ok("again")
    assert result.stdout.splitlines()[0] == "Repeating d1 (4 caps of Gold · reason: pain, sleep, from Fri 2026-11-27 09:00)"
    assert result.stdout.splitlines()[1].startswith("Logged d2: 4 caps = 2 g of Gold at Fri 2026-11-27 12:00")
    listed = json.loads(ok("list", "--json").stdout)
    assert (listed[0]["amount"], listed[0]["unit"], listed[0]["strain"], listed[0]["reasons"], listed[0]["note"]) == (
        4.0, "caps", "Gold", ["pain", "sleep"], None)


def test_again_at_a_time_and_the_latest_by_time():
    ok("dose", "2g", "Red", "--at", "5h ago")
    ok("dose", "3g", "Green", "--at", "2h ago")
    ok("dose", "1g", "Red", "--at", "8h ago")  # logged last, but earlier in time
    result = ok("again", "--at", "30m ago")
    assert "Repeating d2 (3 g of Green" in result.stdout
    assert "at Fri 2026-11-27 11:30" in result.stdout


def test_again_right_away_is_a_repeat_unless_yes():
    ok("dose", "2g", "Red")
    before = everything()
    result = run("again", now=NOW + 30)
    assert result.exit_code == 2
    assert result.stderr == "error: looks like a repeat of d1 logged 30 s ago — add --yes if you took it again\n"
    assert everything() == before
    assert run("again", "--yes", now=NOW + 30).exit_code == 0
    assert len(rows("dose")) == 2


@pytest.mark.parametrize(
    "args, message",
    [
        (("again",), "error: there is no dose to repeat yet; log one first"),
        (("again", "--at", "tomorrow"), "error: cannot read the time 'tomorrow'"),
    ],
)
def test_again_refusals_write_nothing(args, message):
    before = everything()
    result = run(*args, now=NOW)
    assert result.exit_code == 2 and result.stderr.startswith(message)
    assert everything() == before


def test_undo_takes_back_the_repeat():
    ok("dose", "2g", "Red", "--at", "1h ago")
    ok("again")
    assert ok("undo").stdout.startswith("Undid logging d2 (dose)")
    assert len(rows("dose")) == 1


def test_today_lists_todays_entries_and_totals():
    ok("dose", "2g", "Red", "--at", "yesterday 23:00")  # not today
    ok("dose", "3g", "Red", "--at", "08:00", "--note", "with tea")
    ok("stress", "6", "--craving", "3", "--at", "09:00")
    ok("strain", "add", "Ext", "--form", "extract")
    ok("dose", "0.5g", "Ext", "--at", "10:00")  # no estimate
    lines = ok("today").stdout.splitlines()
    assert lines == [
        "Today, Fri 2026-11-27",
        "  08:00  d2    3 g of Red · ≈45 mg (est.) · note: with tea",
        "  09:00  s1    stress 6, craving 3",
        "  10:00  d3    0.5 g of Ext",
        "Total: 2 doses · 3.5 g · ≈45 mg mitragynine (includes estimates)",
    ]
    found = json.loads(ok("today", "--json").stdout)
    assert found["day"] == "2026-11-27"
    assert [e["id"] for e in found["entries"]] == ["d3", "s1", "d2"]
    assert found["entries"] == json.loads(ok("list", "--since", "today", "--json").stdout)
    assert found["totals"] == {"doses": 2, "grams": 3.5, "mitragynine_mg": 45.0}


def test_today_empty_and_day_starts_at():
    assert ok("today").stdout.splitlines() == ["Today, Fri 2026-11-27", "  nothing logged yet today", "Total: 0 doses · 0 g"]
    assert json.loads(ok("today", "--json").stdout)["totals"] == {"doses": 0, "grams": 0.0, "mitragynine_mg": None}
    ok("config", "set", "day_starts_at", "04:00")
    ok("dose", "2g", "Red", "--at", "03:00")  # before 04:00: still yesterday
    assert json.loads(ok("today", "--json").stdout)["totals"]["doses"] == 0
