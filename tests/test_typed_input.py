"""Times and amounts as people type them, through the command line: 12-hour clock times and
fractions are accepted and echoed; vague times, thousands separators and negative amounts are
refused with a specific hint (exit 2, nothing written)."""

from __future__ import annotations

import pytest

from helpers import NOW, everything, run


def test_twelve_hour_times_are_stored_and_echoed():
    result = run("dose", "3g", "Red Bali", "--at", "yesterday 9pm", now=NOW)
    assert result.exit_code == 0, result.output
    assert "at Thu 2026-11-26 21:00" in result.stdout
    result = run("stress", "4", "--at", "9:30am", now=NOW)
    assert "at Fri 2026-11-27 09:30" in result.stdout
    result = run("dose", "2g", "--at", "mon 8am", now=NOW)
    assert "at Mon 2026-11-23 08:00" in result.stdout


def test_fractions_are_stored_as_decimals_and_echoed():
    result = run("dose", "1", "1/2", "g", "Red", "Bali", now=NOW)
    assert result.exit_code == 0, result.output
    assert "Logged d1: 1.5 g of Red Bali" in result.stdout
    result = run("dose", "½", "tsp", "--at", "1h ago", now=NOW)
    assert "0.5 tsp (≈1.25 g, estimate) of Red Bali" in result.stdout  # the grams stored (issue 13)
    result = run("dose", "1/2tsp", "--at", "2h ago", now=NOW)
    assert "0.5 tsp" in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (("dose", "3g", "X", "--at", "last night"), "error: 'last night' is too vague to store; say a time: yesterday 23:00"),
        (("dose", "3g", "X", "--at", "this morning"), "say a time: 08:00"),
        (("stress", "3", "--at", "tonight"), "say a time: 21:00"),
        (("dose", "3g", "X", "--at", "9pm"), "error: 9pm is in the future; did you mean yesterday 9pm?"),
        (("dose", "1,000mg", "X"), "error: amount '1,000mg': no thousands separators: 1000mg"),
        (("dose", "-1g", "X"), "error: the amount must be more than 0 (got '-1g')"),
        (("dose", "-1", "g"), "error: the amount must be more than 0 (got '-1')"),
        (("dose", "1/3tsp", "X"), "error: 1/3 is not an exact decimal"),
        (("stress", "-1"), "error: '-1' is not an option, and negative numbers are not accepted here"),
    ],
)
def test_refusals_name_the_problem_and_write_nothing(args, message):
    run("dose", "2g", "Seed", "--at", "3h ago", now=NOW)
    before = everything()
    result = run(*args, now=NOW)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "No such option" not in result.stderr
    assert everything() == before
