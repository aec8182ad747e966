"""The benchmark's generated histories hold only values kratomlog accepts, at every size it measures:
30 years back from today would start before 2000-01-01 (every such row is flagged invalid and listed
by every read command), so bench/run.py ends that history later and pins KRATOMLOG_NOW to it."""

from __future__ import annotations

import sqlite3
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from run import SCALING_YEARS, dataset_today, noon  # noqa: E402


def test_every_measured_history_starts_in_2000_or_later():
    for years in SCALING_YEARS:
        today = dataset_today(years)
        assert today >= date.today()
        assert today - timedelta(days=366 * years) >= date(2000, 1, 1)
        assert (noon(today) is None) == (today == date.today())


@pytest.mark.slow  # generates 30 years of data
def test_thirty_years_of_bench_data_hold_no_invalid_row(tmp_path):
    from make_dataset import make

    from kratomlog.store.valid_rows import left_out_ids

    counts = make(30, tmp_path / "y30.db", seed=1, today=dataset_today(30))
    assert counts["doses"] > 60_000
    assert left_out_ids(sqlite3.connect(tmp_path / "y30.db")) == []
