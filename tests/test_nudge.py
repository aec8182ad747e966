"""The nudge after logging: each newly active signal once, again only after it has been clear."""

from __future__ import annotations

from helpers import NOW, everything, rows, run
from seed import Seed, at, today


def line(signal_id: str) -> str:
    return f"! new signal: {signal_id} — see 'kratomlog signals'"


def nudges(result) -> list[str]:
    return [x for x in result.stdout.splitlines() if x.startswith("! ")]


def test_announced_once_then_again_only_after_clear():
    first = run("dose", "6g", "Red", now=NOW)
    assert first.exit_code == 0, first.stderr
    assert first.stdout.splitlines()[-1] == line("high-dose")  # under the confirmation
    assert rows("announced_signal") == [("high-dose", NOW)]

    second = run("dose", "1g", "Red", now=NOW + 60)
    assert nudges(second) == []
    assert rows("announced_signal") == [("high-dose", NOW)]

    assert run("delete", "d1", "--yes", now=NOW + 120).exit_code == 0
    cleared = run("dose", "2g", "Red", now=NOW + 180)  # 2 g: not a repeat of d2  # high-dose is clear now: forgotten, nothing printed
    assert nudges(cleared) == []
    assert rows("announced_signal") == []

    again = run("dose", "5g", "Red", now=NOW + 240)  # exactly 5 g is "≥ 5 g"
    assert nudges(again) == [line("high-dose")]
    assert rows("announced_signal") == [("high-dose", NOW + 240)]


def test_below_threshold_dose_announces_nothing():
    result = run("dose", "4.9g", "Red", now=NOW)
    assert nudges(result) == []
    assert rows("announced_signal") == []


def test_other_substance_near_a_dose_announces_combination():
    run("dose", "2g", "Red", "--at", "3h ago", now=NOW)
    result = run("other", "alcohol", "--amount", "2 drinks", now=NOW)
    assert result.stdout.splitlines() == ["Logged o1: alcohol (2 drinks) at Fri 2026-11-27 12:00", line("combination")]
    # a stimulant is not a depressant
    run("delete", "o1", "--yes", now=NOW)
    assert nudges(run("other", "stimulant", now=NOW + 60)) == []


def test_stress_and_no_use_also_nudge_most_severe_first():
    seed = Seed()
    seed.dose(at(2), grams=6)  # high-dose (caution)
    seed.dose(at(3), grams=1, strain="Kratom Extract", form="extract")  # concentrate (warning)
    seed.close()
    result = run("stress", "5", now=NOW)
    assert nudges(result) == [line("concentrate"), line("high-dose")]
    assert sorted(r[0] for r in rows("announced_signal")) == ["concentrate", "high-dose"]
    assert nudges(run("no-use", now=NOW)) == []  # already announced

    seed = Seed()
    seed.questionnaire(at(1), "sows", 13)
    seed.close()
    result = run("no-use", "--on", "yesterday", now=NOW)
    assert result.exit_code == 0, result.stderr
    assert nudges(result) == [line("withdrawal")]


def test_a_nudge_failure_does_not_fail_the_logged_entry(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("kratomlog.store.signal_reads.evaluate_signals", broken)
    result = run("stress", "5", now=NOW)
    assert result.exit_code == 0
    assert result.stdout.startswith("Logged s1: stress 5")
    assert result.stderr.strip() == "note: the warning signals could not be checked (RuntimeError: boom)"
    assert len(rows("rating")) == 1


def test_bad_input_runs_no_nudge_and_writes_nothing():
    seed = Seed()
    seed.dose(at(1), grams=7)
    seed.close()
    before = everything()
    result = run("dose", "3 kilos", "Red", now=NOW)
    assert result.exit_code == 2 and result.stderr.startswith("error:")
    assert nudges(result) == []
    assert everything() == before
    assert today().isoformat() == "2026-11-27"


def test_withdrawal_and_dsm_checks_nudge():
    result = run("withdrawal", "--scores", "1,1,1,1,1,1,1,1,1,1,1,1,1,0,0,0", now=NOW)  # total 13
    assert result.exit_code == 0, result.stderr
    assert nudges(result) == [line("withdrawal")]
    result = run("check", "dsm", "--scores", "n,n,n,y,n,n,n,n,n,y,y", now=NOW)  # 3 criteria: 'mild' band
    assert result.exit_code == 0, result.stderr
    assert nudges(result) == [line("dsm-screen")]
