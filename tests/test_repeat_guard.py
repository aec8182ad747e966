"""An accidental repeat (the same amount and strain within 2 minutes of a logged dose: shell
history, a double Enter) is refused with the dose it repeats; --yes logs it anyway."""

from __future__ import annotations

import pytest

from helpers import NOW, everything, rows, run


def test_the_same_dose_again_a_minute_later_is_refused_and_writes_nothing():
    run("dose", "3g", "Red Bali", now=NOW)
    before = everything()
    result = run("dose", "3g", "Red Bali", now=NOW + 60)
    assert result.exit_code == 2
    assert result.stderr == "error: looks like a repeat of d1 logged 1 min ago — add --yes if you took it again\n"
    assert everything() == before


@pytest.mark.parametrize(
    "args",
    [
        ("dose", "3g"),  # the strain defaults to the latest dose's
        ("dose", "3000mg", "Red Bali"),  # the same grams in another unit
        ("dose", "3g", "red  bali", "--at", "1m ago"),
        ("dose", "3g", "Red Bali", "--at", "2m ago"),  # 2 minutes either side is still a repeat
    ],
)
def test_forms_of_the_same_dose_are_repeats(args):
    run("dose", "3g", "Red Bali", now=NOW)
    before = everything()
    result = run(*args, now=NOW + 30)
    assert result.exit_code == 2, result.output
    assert "looks like a repeat of d1 logged 30 s ago" in result.stderr
    assert everything() == before


@pytest.mark.parametrize(
    "args",
    [
        ("dose", "3.5g", "Red Bali"),  # another amount
        ("dose", "3g", "Green"),  # another strain
        ("dose", "3g", "Red Bali", "--at", "3m ago"),  # outside the window (dose at NOW, this at NOW-150)
        ("dose", "3g", "Red Bali", "--yes"),
    ],
)
def test_not_repeats(args):
    run("dose", "3g", "Red Bali", now=NOW)
    result = run(*args, now=NOW + 30)
    assert result.exit_code == 0, result.output
    assert len(rows("dose")) == 2


def test_the_same_past_time_typed_again_days_later_is_a_repeat():
    run("dose", "3g", "Red Bali", "--at", "2026-11-20 08:00", now=NOW)
    result = run("dose", "3g", "Red Bali", "--at", "2026-11-20 08:00", now=NOW + 2 * 86400)
    assert result.exit_code == 2
    assert "looks like a repeat of d1 logged 2 days ago" in result.stderr
