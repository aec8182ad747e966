"""Benchmark: `export` (JSON and CSV) on 10 and 30 years of data — time pair by pair against the
floor (`python -c "import sqlite3"`), and the peak resident memory (RSS) of an export process
(measured from a fresh small parent, `resource.getrusage(RUSAGE_CHILDREN)`), against issue #15's budgets:
10 years ≤ 0.7 s, 30 years ≤ 2 s, peak memory ≤ 100 MiB at 30 years.

    python bench/export.py                 # 10 and 30 years, 10 pairs each
    python bench/export.py --runs 5 --years 10 30
    python bench/export.py --markdown --results bench/RESULTS-export.md   # also write the table, machine and date

Exit code 1 if a time or memory budget is missed. The data comes from bench/make_dataset.py.
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

sys.path.insert(0, str(Path(__file__).parent))

from run import FLOOR, KRATOMLOG, compile_package, history, machine  # noqa: E402

BUDGET_MS = {10: 700.0, 30: 2000.0}  # issue #15 point 6
BUDGET_MIB = {30: 100.0}
FORMATS = ("json", "csv")


def child(argv: list[str], env: dict) -> float:
    """Run one process; its wall milliseconds."""
    start = time.perf_counter()
    result = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = (time.perf_counter() - start) * 1000
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {result.stderr.decode().strip()}")
    return elapsed


# A small parent of its own: a child's peak RSS counts what it inherited at fork, so it is measured
# from a fresh interpreter (about 10 MiB), not from this one (which has built the dataset).
_PEAK = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL);"
         "u = resource.getrusage(resource.RUSAGE_CHILDREN);"
         "print(r.returncode, u.ru_maxrss, u.ru_utime + u.ru_stime)")


def peak_and_cpu(argv: list[str], env: dict) -> tuple[float, float]:
    """The peak resident memory (RSS, MiB) and the CPU time (user + system, ms) of one run of `argv`:
    the CPU time hardly changes with the machine's load, the wall time does."""
    out = subprocess.run([sys.executable, "-c", _PEAK, *argv], env=env, capture_output=True, text=True, check=True)
    code, kib, cpu = out.stdout.split()
    if code != "0":
        raise SystemExit(f"{' '.join(argv)} failed: {out.stderr.strip()}")
    return int(kib) / 1024, float(cpu) * 1000  # ru_maxrss is in KiB on Linux


def measure(db: Path, fmt: str, folder: Path, runs: int, now: int | None = None) -> dict:
    env = {**os.environ, "KRATOMLOG_DB": str(db), "NO_COLOR": "1"}
    env.pop("KRATOMLOG_NOW", None)
    if now is not None:  # a 30-year history ends after today so that it starts after 2000
        env["KRATOMLOG_NOW"] = str(now)
    argv = KRATOMLOG + ["export", "--format", fmt, "-o", str(folder / f"out.{fmt}"), "--force"]
    child(argv, env)  # warm-up
    pairs = []
    for _ in range(runs):
        floor = child(FLOOR, env)
        pairs.append((floor, child(argv, env)))
    return {
        "ms": statistics.median(t for _, t in pairs),
        "floor": statistics.median(f for f, _ in pairs),
        "ratio": statistics.median(t / f for f, t in pairs),
        **dict(zip(("mib", "cpu"), _peaks(argv, env))),
        "size_mib": (folder / f"out.{fmt}").stat().st_size / (1024 * 1024),
    }


def _peaks(argv: list[str], env: dict, runs: int = 3) -> tuple[float, float]:
    found = [peak_and_cpu(argv, env) for _ in range(runs)]
    return max(m for m, _ in found), statistics.median(c for _, c in found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--years", type=int, nargs="*", default=[10, 30])
    parser.add_argument("--runs", type=int, default=10, help="pairs per export")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--results", type=Path, help="also write the table, machine, date and load to this Markdown file")
    args = parser.parse_args()
    compile_package()
    lines: list[str] = []

    def say(text: str) -> None:
        print(text, flush=True)
        lines.append(text)

    head = f"{date.today().isoformat()} · {machine()} · {args.runs} pairs per export"
    print(head)
    load_before = os.getloadavg()
    cells = ["export", "years", "median ms", "floor ms", "× floor", "CPU ms", "peak MiB", "file MiB", "budget", "ok"]
    say("| " + " | ".join(cells) + " |" if args.markdown else "  ".join(cells))
    if args.markdown:
        say("|---|---:|---:|---:|---:|---:|---:|---:|---|---|")
    over = False
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for years in args.years:
            db = folder / f"y{years}.db"
            _, now = history(years, db)
            for fmt in FORMATS:
                found = measure(db, fmt, folder, args.runs, now)
                budget_ms, budget_mib = BUDGET_MS.get(years), BUDGET_MIB.get(years)
                ok = (budget_ms is None or found["ms"] <= budget_ms) and (budget_mib is None or found["mib"] <= budget_mib)
                over |= not ok
                budget = ", ".join(b for b in (budget_ms and f"{budget_ms:.0f} ms", budget_mib and f"{budget_mib:.0f} MiB") if b)
                row = [f"--format {fmt}", str(years), f"{found['ms']:.0f}", f"{found['floor']:.0f}", f"{found['ratio']:.1f}",
                       f"{found['cpu']:.0f}", f"{found['mib']:.1f}", f"{found['size_mib']:.1f}", budget or "–", "yes" if ok else "OVER"]
                say("| " + " | ".join(row) + " |" if args.markdown else "  ".join(row))
    load = f"load average (1 min) {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores"
    print(load)
    if args.results:
        command = "python bench/export.py " + " ".join(sys.argv[1:])
        args.results.write_text(
            f"# Export benchmark results\n\nWritten by `{command}` (see bench/README.md): time as the median of\n"
            f"floor/export pairs, peak RSS of one export process, issue #15's budgets.\n\n## {head}\n\n"
            + "\n".join(lines) + f"\n\n{load}.\n"
        )
    sys.exit(1 if over else 0)


if __name__ == "__main__":
    main()
