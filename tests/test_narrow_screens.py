"""Narrow terminals (issue 13, point 9): below 80 columns labels shorten first (`Sun 29`, today as a
mark) and numbers are never truncated; `list` rows stay on one line where they fit."""

from __future__ import annotations

import re

import pytest

from helpers import NOW, run

SUNDAY = NOW + 2 * 86400


def ok(*args, width, now=SUNDAY):
    result = run(*args, now=now, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return result.stdout


def log_week():
    ok("strain", "add", "Red Bali", "--mitragynine", "1.6", width=80)
    for day in range(23, 30):
        ok("dose", "12.25g", "Red Bali", "--at", f"2026-11-{day} 08:00", width=80)
        ok("dose", "8.25g", "Red Bali", "--at", f"2026-11-{day} 09:00", width=80)
        ok("stress", "7", "--craving", "6", "--pain", "4", "--at", f"2026-11-{day} 10:00", width=80)


@pytest.mark.parametrize("width", [60, 70])
def test_week_below_80_columns_shortens_labels_and_keeps_every_number(width):
    log_week()
    text = ok("week", "--no-chart", width=width)
    assert "…" not in text  # nothing cut
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    sun = next(line for line in lines if line.startswith("Sun 29"))
    assert re.match(r"Sun 29 •\s+2\s+20\.5\s+328\s+08:00\s+7\.0\s+6\.0\s+4\.0\s*$", sun), sun
    assert "• today (partial)" in text and "(today)" not in text
    assert re.search(r"^Mon 23\s+2\s+20\.5\s+328\s", text, re.M)
    assert re.search(r"grams\s+123\.0\s+—?\s*", text)  # 6 finished days × 20.5 g
    assert re.search(r"grams per use-day\s+20\.50", text)


def test_week_at_80_columns_keeps_the_long_labels():
    log_week()
    text = ok("week", "--no-chart", width=80)
    assert "Sun 29 Nov (today)" in text and "This week so far" in text and "…" not in text


def test_week_narrower_than_its_table_prints_whole_numbers_rather_than_cutting():
    log_week()
    text = ok("week", "--no-chart", width=40)
    assert "…" not in text
    assert re.search(r"^Sun 29 •\s+2\s+20\.5\s+328\s+08:00\s+7\.0\s+6\.0\s+4\.0", text, re.M)


@pytest.mark.parametrize("width", [50, 60])
def test_trends_below_80_columns_keeps_every_column(width):
    log_week()
    text = ok("trends", "--weeks", "2", "--no-chart", width=width)
    header = next(line for line in text.splitlines() if line.startswith("Week of"))
    assert header.split() == ["Week", "of", "Days", "Doses", "Grams", "g/use", "g/day", "Stress", "Crav.", "Pain"]
    row = next(line for line in text.splitlines() if line.startswith("23 Nov 26 *"))
    assert row.split()[4:] == ["6", "12", "123.0", "20.50", "20.50", "7.0", "6.0", "4.0"]


def test_list_below_80_columns_keeps_short_rows_on_one_line():
    ok("dose", "2g", "Red Bali", "--new", "--at", "2026-11-29 08:00", width=80)
    ok("stress", "6", "--craving", "5", "--at", "2026-11-29 09:00", width=80)
    ok("no-use", "--on", "2026-11-27", width=80)
    text = ok("list", width=60)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 60
    assert re.match(r"s\d+\s+2026-11-29 09:00\s+stress 6, craving 5\s*$", lines[1]), lines
    assert re.match(r"d\d+\s+2026-11-29 08:00\s+2 g of Red Bali · ≈30 mg \(est\.\)\s*$", lines[2]), lines
    assert re.match(r"n\d+\s+2026-11-27\s+deliberate no-use day\s*$", lines[3]), lines
    assert len(lines) == 4
