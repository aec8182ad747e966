"""Import budgets (issue #15 point 5): a kratomlog JSON export of 10 and 30 years imported into an
empty file — wall time (median of N runs, with the floor `python -c "import sqlite3"` measured in
between for the ratio) and peak memory (maximum resident set size of the import process):

    python bench/import_scale.py [--runs 5] [--years 10 30]

Budgets: 10 years ≤ 1.5 s, 30 years ≤ 5 s, peak memory ≤ 150 MiB. A 30-year history ending
today would start before 2000 (the earliest time kratomlog accepts), so it ends on a later day and
the import runs with KRATOMLOG_NOW at that day's noon (bench/run.py's dataset_today): every row is valid.
Exits 1 when a budget is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import FLOOR, KRATOMLOG, compile_package, history, machine  # noqa: E402

BUDGET_S = {10: 1.5, 30: 5.0}
BUDGET_MIB = 150.0


def _run(argv: list[str], env: dict) -> tuple[float, float]:
    """(seconds, peak RSS in MiB) of one child process."""
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=[
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0), (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)])
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed")
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--years", type=int, nargs="*", default=[10, 30])
    args = parser.parse_args()
    compile_package()
    print(f"{date.today().isoformat()} · {machine()} · {args.runs} runs each")
    print(f"{'data':<28}{'median s':>10}{'× floor':>9}{'peak MiB':>10}{'budget':>18}{'ok':>5}")
    over = False
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for years in args.years:
            db = folder / f"y{years}.db"
            counts, now = history(years, db)
            export = folder / f"y{years}.json"
            env = {**os.environ, "KRATOMLOG_DB": str(db)}
            env.pop("KRATOMLOG_NOW", None)
            if now is not None:  # a 30-year history ends after today so that it starts after 2000
                env["KRATOMLOG_NOW"] = str(now)
            subprocess.run(KRATOMLOG + ["export", "-o", str(export)], env=env, check=True, capture_output=True)
            times, ratios, peaks = [], [], []
            for n in range(args.runs + 1):  # the first is a warm-up
                floor, _ = _run(FLOOR, env)
                fresh = folder / f"fresh-{years}-{n}.db"
                seconds, peak = _run(KRATOMLOG + ["--db", str(fresh), "import", str(export)], env)
                fresh.unlink()
                if n:
                    times.append(seconds), ratios.append(seconds / floor), peaks.append(peak)
            median, peak = statistics.median(times), max(peaks)
            ok = median <= BUDGET_S.get(years, float("inf")) and peak <= BUDGET_MIB
            over |= not ok
            label = f"{years} years ({counts['doses']} doses)"
            budget = f"{BUDGET_S.get(years, float('inf')):g} s, {BUDGET_MIB:g} MiB"
            print(f"{label:<28}{median:>10.2f}{statistics.median(ratios):>9.1f}{peak:>10.1f}{budget:>18}{'yes' if ok else 'OVER':>5}")
    sys.exit(1 if over else 0)


if __name__ == "__main__":
    main()
