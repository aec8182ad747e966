"""Benchmark: median and max wall time of kratomlog commands, beside `python -c "import sqlite3"`
measured in the same run as the floor.

    python bench/run.py                      # the logging commands on a fresh database
    python bench/run.py --db PATH --runs 20  # on an existing database (e.g. bench/make_dataset.py's)

Each command runs once as a warm-up, then --runs times; the database is copied first, so the real
file is never changed. Budgets: see BUDGETS (milliseconds).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KRATOMLOG = [sys.executable, "-m", "kratomlog"]
FLOOR = [sys.executable, "-c", "import sqlite3"]

# label → (arguments, budget in ms)
COMMANDS: dict[str, tuple[list[str], float]] = {
    "dose": (["dose", "1g", "Bench Strain", "--new"], 150),
    "stress": (["stress", "5", "--craving", "2"], 150),
    "status": (["status"], 150),
    "list -n 20": (["list", "-n", "20"], 1000),
    "week": (["week"], 1000),
    "trends --weeks 520": (["trends", "--weeks", "520"], 1500),
}


def timed(argv: list[str], env: dict) -> float:
    start = time.perf_counter()
    result = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {result.stderr.decode().strip()}")
    return elapsed * 1000


def measure(argv: list[str], env: dict, runs: int) -> tuple[float, float]:
    timed(argv, env)  # warm-up
    samples = [timed(argv, env) for _ in range(runs)]
    return statistics.median(samples), max(samples)


def compile_package() -> None:
    """Write bytecode first: an installed package has it, and a source checkout run with
    PYTHONDONTWRITEBYTECODE=1 would otherwise recompile every module on every run."""
    import compileall

    import kratomlog

    compileall.compile_dir(str(Path(kratomlog.__file__).parent), quiet=1)


def main() -> None:
    compile_package()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="database to measure on (copied first)")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--only", nargs="*", help="labels to run")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        if args.db:
            shutil.copyfile(args.db, db)
        env = {**os.environ, "KRATOMLOG_DB": str(db), "NO_COLOR": "1"}
        subprocess.run(KRATOMLOG + ["dose", "1g", "Bench Strain", "--new"], env=env, capture_output=True, check=True)
        floor, floor_max = measure(FLOOR, env, args.runs)
        print(f"floor: python -c 'import sqlite3'  median {floor:.1f} ms  max {floor_max:.1f} ms  ({args.runs} runs)")
        print(f"{'command':<26}{'median ms':>10}{'max ms':>10}{'× floor':>9}{'budget':>9}  ok")
        failed = False
        for label, (argv, budget) in COMMANDS.items():
            if args.only and label not in args.only:
                continue
            median, worst = measure(KRATOMLOG + argv, env, args.runs)
            ok = median <= budget
            failed |= not ok
            print(f"{label:<26}{median:>10.1f}{worst:>10.1f}{median / floor:>9.1f}{budget:>9.0f}  {'yes' if ok else 'OVER'}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
