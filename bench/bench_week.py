"""Time `kratomlog week` and `kratomlog trends --weeks 520` on ten years of synthetic data.

Builds a database (≈ 22,000 doses, ≈ 7,000 ratings, weekly SOWS, some no-use days) with plain
sqlite3 inserts into a file made by `open_database`, then prints the median wall time over RUNS
runs of each command, beside `python -c "import sqlite3"` (the floor of any Python process).

    PYTHONPATH=src python bench/bench_week.py [--runs 7] [--keep PATH]

`--keep PATH` leaves the database behind, e.g. for `python bench/run.py --db PATH --only week
"trends --weeks 520"` (the same two commands against their budgets, beside the logging commands).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kratomlog.core.names import fold  # noqa: E402
from kratomlog.store.database import open_database  # noqa: E402

DAYS = 3650
NOW = 1795780800  # Fri 2026-11-27 12:00 UTC
STRAINS = ("Red Bali", "Green Maeng Da", "White Borneo", "Red Thai", "Gold Blend")


def build(path: Path) -> tuple[int, int]:
    """Fill a new database with ten years of data ending at NOW; returns (doses, ratings)."""
    rng = random.Random(4)
    db = open_database(path)
    start = NOW - DAYS * 86400
    doses, ratings, sows, no_use, strain_rows = [], [], [], [], []
    for n, name in enumerate(STRAINS, 1):
        strain_rows.append((n, str(uuid.uuid4()), name, fold(name), "powder", start))
    for d in range(DAYS):
        midnight = start - start % 86400 + d * 86400
        if rng.random() < 0.04:
            no_use.append((str(uuid.uuid4()), time.strftime("%Y-%m-%d", time.gmtime(midnight)), start))
            continue
        for _ in range(rng.choice((5, 6, 6, 7))):
            at = midnight + rng.randrange(6 * 3600, 23 * 3600)
            grams = round(rng.uniform(1.0, 5.0), 1)
            doses.append((str(uuid.uuid4()), at, grams, "g", grams, rng.randrange(1, len(STRAINS) + 1),
                          1.5, grams * 15, 1, at))
        for _ in range(2):
            at = midnight + rng.randrange(7 * 3600, 22 * 3600)
            ratings.append((str(uuid.uuid4()), at, rng.randrange(11), rng.randrange(11), None, at))
        if d % 7 == 0:
            at = midnight + 20 * 3600
            sows.append((str(uuid.uuid4()), at, "sows", rng.randrange(30), at))
    with db.write() as conn:
        conn.executemany("INSERT INTO strain (id, uuid, name, name_key, form, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                         strain_rows)
        conn.executemany(
            "INSERT INTO dose (uuid, at, amount, unit, grams, strain_id, mitragynine_pct, mitragynine_mg, "
            "mitragynine_estimated, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            doses,
        )
        conn.executemany(
            "INSERT INTO rating (uuid, at, stress, craving, pain, created_at) VALUES (?, ?, ?, ?, ?, ?)", ratings
        )
        conn.executemany(
            "INSERT INTO questionnaire (uuid, at, instrument, total, created_at) VALUES (?, ?, ?, ?, ?)", sows
        )
        conn.executemany("INSERT INTO no_use_day (uuid, day, created_at) VALUES (?, ?, ?)", no_use)
    db.conn.execute("ANALYZE")
    db.close()
    return len(doses), len(ratings)


def median_time(argv: list[str], env: dict, runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="build the database here and keep it")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="kratomlog-bench-")
    path = args.keep or Path(folder) / "bench.db"
    if path.exists():
        sys.exit(f"{path} exists; give a new path")
    began = time.perf_counter()
    n_doses, n_ratings = build(path)
    print(f"built {path}: {n_doses} doses, {n_ratings} ratings over {DAYS} days "
          f"in {time.perf_counter() - began:.1f} s")
    env = {**os.environ, "KRATOMLOG_DB": str(path), "KRATOMLOG_NOW": str(NOW), "PYTHONPATH": str(ROOT / "src")}
    env.pop("COLUMNS", None)
    py = sys.executable
    cases = [
        ('python -c "import sqlite3"', [py, "-c", "import sqlite3"], None),
        ("kratomlog week", [py, "-m", "kratomlog", "week"], 1.0),
        ("kratomlog week --json", [py, "-m", "kratomlog", "week", "--json"], 1.0),
        ("kratomlog trends --weeks 520", [py, "-m", "kratomlog", "trends", "--weeks", "520"], 1.5),
        ("kratomlog trends --weeks 520 --json", [py, "-m", "kratomlog", "trends", "--weeks", "520", "--json"], 1.5),
    ]
    subprocess.run(cases[1][1], env=env, check=True, stdout=subprocess.DEVNULL)  # warm the file cache
    for label, argv, budget in cases:
        seconds = median_time(argv, env, args.runs)
        verdict = "" if budget is None else ("  ok" if seconds <= budget else f"  OVER the {budget:g} s budget")
        print(f"{label:<38} median {seconds * 1000:7.0f} ms over {args.runs} runs{verdict}")
    if not args.keep:
        path.unlink()
        for extra in Path(folder).iterdir():
            extra.unlink()
        os.rmdir(folder)


if __name__ == "__main__":
    main()
