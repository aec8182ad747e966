"""Reading long records: `week --prev` / `--of "last week"`, `list --grep/--strain/--reason`, and
`strain stats`."""

from __future__ import annotations

import json
from datetime import time

import pytest

from helpers import NOW, everything, run
from kratomlog.core.settings import Settings
from kratomlog.core.strain_stats import summarise


def ok(*args):
    result = run(*args, now=NOW)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def logged():
    ok("dose", "3g", "Red Bali", "--at", "3d ago", "--reason", "stress", "--note", "After work")
    ok("dose", "2g", "Green", "--at", "2d ago", "--reason", "pain,sleep")
    ok("dose", "1.5g", "Red Bali", "--at", "1d ago", "--reason", "pain")
    ok("stress", "6", "--at", "2d ago", "--note", "after WORK again")
    ok("other", "alcohol", "--at", "10h ago", "--note", "Ünïcode WORK")
    ok("no-use", "--on", "2026-11-20", "--note", "a calm day after work")
    ok("stress", "2", "--note", "nothing to see")


def ids(result) -> list[str]:
    return [e["id"] for e in json.loads(result.stdout)]


def test_week_prev_and_last_week_are_the_week_before(logged):
    this = json.loads(ok("week", "--json").stdout)
    prev = json.loads(ok("week", "--prev", "--json").stdout)
    last = json.loads(ok("week", "--of", "last week", "--json").stdout)
    assert this["start"] == "2026-11-23"
    assert prev["start"] == last["start"] == "2026-11-16"
    assert json.loads(ok("week", "--of", "2026-11-20", "--prev", "--json").stdout)["start"] == "2026-11-09"
    assert json.loads(ok("week", "--of", "this week", "--json").stdout)["start"] == "2026-11-23"


def test_week_of_a_bad_phrase_names_the_week_words():
    result = run("week", "--of", "next week", now=NOW)
    assert result.exit_code == 2
    assert "cannot read the day 'next week'" in result.stderr and "(or this week, last week)" in result.stderr


def test_grep_searches_the_notes_of_every_kind(logged):
    found = ids(ok("list", "--grep", "work", "--json"))
    assert found == ["o1", "s1", "d1", "n1"]  # dose, stress, other and no-use notes; any case
    assert ids(ok("list", "--grep", "ünïCODE", "--json")) == ["o1"]  # case folded beyond ASCII
    assert ids(ok("list", "--grep", "%", "--json")) == []  # no wildcards


def test_strain_and_reason_keep_those_doses(logged):
    assert ids(ok("list", "--strain", "red bali", "--json")) == ["d3", "d1"]
    assert ids(ok("list", "--reason", "pain", "--json")) == ["d3", "d2"]
    assert ids(ok("list", "--reason", "pain", "--strain", "Green", "--json")) == ["d2"]
    assert ids(ok("list", "--reason", "sleep", "--grep", "work", "--json")) == []
    assert ok("list", "--reason", "energy").stdout.strip() == "Nothing logged matches that."


@pytest.mark.parametrize(
    "args, message",
    [
        (("list", "--strain", "Gren"), "error: no strain named 'Gren'; did you mean 'Green'?"),
        (("list", "--strain", "Purple"), "error: no strain named 'Purple'; see 'kratomlog strain list --all'"),
        (("list", "--reason", "boredom"), "error: unknown reason 'boredom'; reasons are stress, pain"),
        (("list", "--reason", "pain,sleep"), "error: --reason takes one reason; got 'pain,sleep'"),
        (("list", "--grep", "  "), "error: --grep needs some text to look for"),
    ],
)
def test_bad_filters_are_refused(logged, args, message):
    before = everything()
    result = run(*args, now=NOW)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert everything() == before


def test_strain_stats_json(logged):
    stats = json.loads(ok("strain", "stats", "--json").stdout)
    assert stats == [
        {"strain": "Red Bali", "doses": 2, "grams": 4.5, "mitragynine_mg": 67.5, "mean_dose_g": 2.25,
         "days_used": 2, "last_used": "2026-11-26T12:00:00+00:00"},
        {"strain": "Green", "doses": 1, "grams": 2.0, "mitragynine_mg": 30.0, "mean_dose_g": 2.0,
         "days_used": 1, "last_used": "2026-11-25T12:00:00+00:00"},
    ]
    recent = json.loads(ok("strain", "stats", "--since", "36h ago", "--json").stdout)
    assert [(s["strain"], s["doses"]) for s in recent] == [("Red Bali", 1)]
    table = ok("strain", "stats").stdout
    assert "Red Bali" in table and "4.5" in table and "Thu 2026-11-26" in table


def test_strain_stats_empty_and_bad_since():
    assert ok("strain", "stats").stdout.startswith("No doses logged yet.")
    assert json.loads(ok("strain", "stats", "--json").stdout) == []
    result = run("strain", "stats", "--since", "soon", now=NOW)
    assert result.exit_code == 2 and result.stderr.startswith("error: cannot read the time 'soon'")


def test_days_used_follow_day_starts_at():
    # 01:30 and 23:00 the evening before are one day when days start at 04:00
    rows = [("A", 1795743000, 1.0, None), ("A", 1795739400 - 3600 * 20, 1.0, 15.0)]
    assert summarise(rows, Settings())[0].days_used == 2
    late = Settings(day_starts_at=time(4, 0))
    found = summarise([("A", 1795743000, 1.0, None), ("A", 1795743000 - 9000, 2.0, None)], late)
    assert found[0].days_used == 1 and found[0].mitragynine_mg is None and found[0].mean_dose_g == 1.5
