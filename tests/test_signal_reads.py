"""The store's signal input: the short read (last SHORT_DAYS) is used only when it gives every rule
the same result as the full lookback — checked on random histories with breaks of every length."""

from __future__ import annotations

import random
import uuid
from datetime import datetime, time, timedelta

from helpers import NOW
from kratomlog.core.clock import from_local, to_local_naive
from kratomlog.core.settings import Settings
from kratomlog.core.signals import evaluate
from kratomlog.store import signal_reads
from kratomlog.store.database import open_database
from kratomlog.store.signal_reads import signal_input


def history(rng: random.Random) -> list[tuple[int, float]]:
    """Runs of use-days separated by breaks of 0–120 days, going back up to 400 days."""
    today = to_local_naive(NOW).date()
    doses, day = [], 0
    while day < 400:
        for _ in range(rng.choice([1, 3, 7, 14, 15, 20, 40])):
            if day >= 400:
                break
            for _ in range(rng.randint(1, 4)):
                wall = datetime.combine(today - timedelta(days=day), time(rng.randint(0, 23), rng.randint(0, 59)))
                doses.append((from_local(wall), rng.choice([1.0, 2.0, 3.0, 5.0])))
            day += 1
        day += rng.choice([0, 1, 2, 3, 4, 10, 30, 120])
    return doses


def test_short_read_gives_the_same_results_as_the_full_lookback(tmp_path, monkeypatch):
    used = []
    real = signal_reads._short_read_suffices
    monkeypatch.setattr(signal_reads, "_short_read_suffices", lambda *a: used.append(real(*a)) or used[-1])
    for seed in range(40):
        rng = random.Random(seed)
        db = open_database(tmp_path / f"s{seed}.db")
        conn = db.conn
        strain = conn.execute("INSERT INTO strain (uuid, name, name_key, created_at) VALUES (?, 'R', 'r', 0)",
                              (str(uuid.uuid4()),)).lastrowid
        conn.executemany(
            "INSERT INTO dose (uuid, at, amount, unit, grams, strain_id, created_at) VALUES (?, ?, ?, 'g', ?, ?, 0)",
            [(str(uuid.uuid4()), at, g, g, strain) for at, g in history(rng)],
        )
        now = NOW - rng.randint(0, 86399)
        short = signal_input(conn, now, Settings())
        full = signal_input(conn, now, Settings(), full=True)
        assert evaluate(short) == evaluate(full), seed
        db.close()
    # both cases occur: a regular record (short read) and a long break before a recent return (full read)
    assert used.count(True) >= 5 and used.count(False) >= 5
