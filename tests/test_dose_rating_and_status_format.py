"""`dose … --stress N --craving N` records a rating at the dose's time in the same transaction (one
undo reverts both); `status --format` fills a one-line template for a prompt or status bar."""

from __future__ import annotations

import json

import pytest

from helpers import NOW, everything, rows, run
from kratomlog.core.invalid import Invalid
from kratomlog.core.status_format import check_template, fill


def ok(*args, now=NOW):
    result = run(*args, now=now)
    assert result.exit_code == 0, result.output
    return result


def test_dose_with_stress_and_craving_logs_both_at_the_dose_time():
    result = ok("dose", "3g", "Red", "--at", "20m ago", "--stress", "6", "--craving", "4")
    lines = result.stdout.splitlines()
    assert lines[1].startswith("Logged d1: 3 g of Red at Fri 2026-11-27 11:40")
    assert lines[2] == "Logged s1: stress 6, craving 4 at Fri 2026-11-27 11:40 (with the dose; one undo takes back both)"
    (rating,) = json.loads(ok("list", "--kind", "stress", "--json").stdout)
    assert (rating["stress"], rating["craving"], rating["pain"], rating["at"]) == (6, 4, None, "2026-11-27T11:40:00+00:00")
    groups = {r[1] for r in rows("change_log")}
    assert len(groups) == 1  # the new strain, the dose and the rating: one command, one undo
    undone = ok("undo").stdout
    assert "logging s1 (stress)" in undone and "logging d1 (dose)" in undone
    assert rows("dose") == [] and rows("rating") == []


def test_stress_alone_is_enough():
    ok("dose", "3g", "Red", "--stress", "2")
    assert [(r["stress"], r["craving"]) for r in json.loads(ok("list", "--kind", "stress", "--json").stdout)] == [(2, None)]


@pytest.mark.parametrize(
    "args, message",
    [
        (("--craving", "3"), "error: --craving needs --stress too: a rating always has a stress score"),
        (("--stress", "11"), "error: --stress takes a whole number from 0 to 10; got '11'"),
        (("--stress", "4", "--craving", "x"), "error: --craving takes a whole number from 0 to 10; got 'x'"),
        (("--stress", "4", "--at", "bogus"), "error: cannot read the time 'bogus'"),
        (("--stress", "4", "--reason", "nope"), "error: unknown reason 'nope'"),
    ],
)
def test_bad_rating_with_a_dose_writes_nothing(args, message):
    ok("dose", "2g", "Red", "--at", "3h ago")
    before = everything()
    result = run("dose", "3g", *args, now=NOW)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert everything() == before


def test_a_refused_dose_writes_no_rating_either():
    ok("dose", "2g", "Red")
    before = everything()
    result = run("dose", "2g", "Red", "--stress", "5", now=NOW + 30)  # a repeat: refused
    assert result.exit_code == 2 and "looks like a repeat" in result.stderr
    assert everything() == before


def test_status_format_fields():
    assert ok("status", "--format", "{since}|{today_g}|{today_doses}|{last_stress}").stdout == "|0|0|\n"
    ok("dose", "3.5g", "Red Bali", "--at", "75m ago", "--stress", "6", "--craving", "3")
    ok("dose", "2g", "Red Bali", "--at", "3h ago")
    result = ok("status", "--format", "{since} {today_g}g · {today_doses} · s{last_stress}/c{last_craving} · {last_strain} {last_dose} · {since_min}")
    assert result.stdout == "1h 15m 5.5g · 2 · s6/c3 · Red Bali 10:45 · 75\n"
    assert ok("status", "--format", "{{literal}} {today_g}").stdout == "{literal} 5.5\n"


@pytest.mark.parametrize(
    "template, message",
    [
        ("{bogus}", "error: --format: unknown field {bogus}; fields are {since}, {since_min}"),
        ("{since.__class__}", "unknown field {since.__class__}"),
        ("{since[0]}", "unknown field {since[0]}"),
        ("{since!r}", "error: --format: only plain fields such as {since} are allowed; got {since!r}"),
        ("{since:>10}", "got {since:>10}"),
        ("{0}", "unknown field {0}"),
        ("{since", "error: --format '{since': expected '}' before end of string; write {{ and }} for literal braces"),
    ],
)
def test_status_format_refusals(template, message):
    result = run("status", "--format", template, now=NOW)
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.startswith("error: --format"), result.stderr
    assert not (rows("dose") or rows("rating"))


def test_status_format_and_json_together_are_refused():
    result = run("status", "--format", "{since}", "--json", now=NOW)
    assert result.exit_code == 2 and "cannot be used together" in result.stderr


def test_template_functions():
    assert check_template("{since} and {today_g}") == ["since", "today_g"]
    assert fill("{since}/{today_g}", {"since": "2h 0m"}) == "2h 0m/"
    with pytest.raises(Invalid):
        check_template("{x}")
