"""Write a deterministic multi-year database for the benchmark, through kratomlog's own storage code:

    python bench/make_dataset.py --years 10 --out bench/data/decade.db [--seed 1] [--today 2026-11-27]

About 2,200 doses, 700 stress ratings, 50 SOWS and 12 PSS/DSM check-ins per year, several strains,
other substances and two finished taper plans (from `kratomlog.core.demo.long_history`).
"""

from __future__ import annotations

import argparse
import time
from datetime import date
from pathlib import Path

from kratomlog.core.demo import long_history
from kratomlog.store.bulk_write import replace_with
from kratomlog.store.database import open_database


def make(years: int, out: Path, seed: int = 1, today: date | None = None) -> dict[str, int]:
    today = today or date.today()
    data = long_history(years, today, seed)
    if out.exists():
        out.unlink()
    db = open_database(out)
    try:
        return replace_with(db, data, now=int(time.time()), mark_demo=False)
    finally:
        db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=date.fromisoformat, default=None)
    args = parser.parse_args()
    start = time.perf_counter()
    counts = make(args.years, args.out, args.seed, args.today)
    print(f"wrote {args.out} in {time.perf_counter() - start:.1f} s: " + ", ".join(f"{n} {k}" for k, n in counts.items()))


if __name__ == "__main__":
    main()
