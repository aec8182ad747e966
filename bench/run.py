"""Benchmark: median and max wall time of kratomlog commands on a multi-year database, beside
`python -c "import sqlite3"` measured in the same run as the floor.

    python bench/run.py                       # 10 years of data, every command, 10 runs each
    python bench/run.py --years 3 --runs 20   # another size
    python bench/run.py --db PATH             # an existing database (copied first; never changed)
    python bench/run.py --scaling             # week, signals and dose on 1, 3 and 10 years
    python bench/run.py --markdown            # print the tables as Markdown (for bench/RESULTS.md)

Each command runs once as a warm-up, then --runs times, as a fresh process (`python -m kratomlog`).
The data comes from bench/make_dataset.py (the demo generator's decade, through kratomlog's own
storage code). Exit code 1 if any median is over its budget.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from make_dataset import make  # noqa: E402

KRATOMLOG = [sys.executable, "-m", "kratomlog"]
FLOOR = [sys.executable, "-c", "import sqlite3"]

# label → (arguments, budget in ms). {export} and {fresh} are filled in per run.
COMMANDS: dict[str, tuple[list[str], float]] = {
    "dose": (["dose", "1g", "Bench Strain", "--new", "--yes"], 150),  # --yes: every run repeats the last
    "stress": (["stress", "5", "--craving", "2"], 150),
    "status": (["status"], 150),
    "other": (["other", "alcohol", "--amount", "1 drink", "--at", "2d ago"], 150),
    "withdrawal --scores": (["withdrawal", "--scores", "1,1,0,0,1,0,0,1,1,1,1,0,0,1,0,2"], 150),
    "list -n 20": (["list", "-n", "20"], 1000),
    "week": (["week"], 1000),
    "trends --weeks 520": (["trends", "--weeks", "520"], 1500),
    "signals": (["signals"], 1000),
    "insights": (["insights"], 1000),
    "taper status": (["taper", "status"], 1000),
    "report --format html": (["report", "--format", "html", "-o", "{out}", "--force"], 1500),  # issue 17: ≤ 1.5 s (matplotlib)
    "export --format json": (["export", "--format", "json", "-o", "{export}", "--force"], 5000),
    "import (into an empty file)": (["--db", "{fresh}", "import", "{export}"], 5000),
}
SCALING = ("dose", "week", "signals")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def compile_package() -> None:
    """Write bytecode first: an installed package has it, and a source checkout run with
    PYTHONDONTWRITEBYTECODE=1 would otherwise recompile every module on every run."""
    import compileall

    import kratomlog

    compileall.compile_dir(str(Path(kratomlog.__file__).parent), quiet=1)


def timed(argv: list[str], env: dict) -> float:
    start = time.perf_counter()
    result = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {result.stderr.decode().strip()}")
    return elapsed * 1000


def measure(label: str, args: list[str], env: dict, runs: int, folder: Path) -> tuple[float, float]:
    samples = []
    for n in range(runs + 1):  # the first is the warm-up
        fresh = folder / f"fresh-{label.replace(' ', '_')}-{n}.db"
        argv = [a.format(export=folder / "export.json", fresh=fresh, out=folder / "report.html") for a in args]
        took = timed(KRATOMLOG + argv if argv[0] != "{floor}" else FLOOR, env)
        if n:
            samples.append(took)
    return statistics.median(samples), max(samples)


def prepare(db: Path, folder: Path) -> dict:
    env = {**os.environ, "KRATOMLOG_DB": str(db), "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("KRATOMLOG_NOW", None)
    subprocess.run(KRATOMLOG + ["taper", "start", "--step", "10%", "--every", "7d"], env=env, capture_output=True)
    subprocess.run(KRATOMLOG + ["export", "-o", str(folder / "export.json"), "--force"], env=env, check=True, capture_output=True)
    return env


def floor_of(env: dict, runs: int) -> tuple[float, float]:
    timed(FLOOR, env)
    samples = [timed(FLOOR, env) for _ in range(runs)]
    return statistics.median(samples), max(samples)


def row(cells: list[str], markdown: bool, widths=(30, 11, 9, 9, 9, 5)) -> str:
    if markdown:
        return "| " + " | ".join(cells) + " |"
    return "".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))


def run_table(db: Path, runs: int, only: list[str] | None, markdown: bool) -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        copy = folder / "bench.db"
        shutil.copyfile(db, copy)
        copy.chmod(0o600)  # kratomlog refuses a database other users can read
        env = prepare(copy, folder)
        floor, floor_max = floor_of(env, runs)
        print(row(["command", "median ms", "max ms", "× floor", "budget", "ok"], markdown))
        if markdown:
            print("|---|---:|---:|---:|---:|---|")
        print(row(["python -c 'import sqlite3' (floor)", f"{floor:.0f}", f"{floor_max:.0f}", "1.0", "", ""], markdown))
        over = False
        for label, (args, budget) in COMMANDS.items():
            if only and label not in only:
                continue
            median, worst = measure(label, args, env, runs, folder)
            ok = median <= budget
            over |= not ok
            print(row([label, f"{median:.0f}", f"{worst:.0f}", f"{median / floor:.1f}", f"{budget:.0f}", "yes" if ok else "OVER"], markdown))
    return over


def run_scaling(runs: int, markdown: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        results: dict[int, dict[str, float]] = {}
        sizes: dict[int, int] = {}
        for years in (1, 3, 10):
            db = folder / f"y{years}.db"
            counts = make(years, db, seed=1, today=date.today())
            sizes[years] = counts["doses"]
            env = prepare(db, folder)
            results[years] = {label: measure(label, COMMANDS[label][0], env, runs, folder)[0] for label in SCALING}
        print(row(["command (median ms)", *[f"{y} y ({sizes[y]} doses)" for y in (1, 3, 10)]], markdown, widths=(22, 22, 22, 22)))
        if markdown:
            print("|---|---:|---:|---:|")
        for label in SCALING:
            print(row([label, *[f"{results[y][label]:.0f}" for y in (1, 3, 10)]], markdown, widths=(22, 22, 22, 22)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="database to measure on (copied first)")
    parser.add_argument("--years", type=int, default=10, help="years of data to generate when no --db is given")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--only", nargs="*", help="labels to run")
    parser.add_argument("--scaling", action="store_true", help="also time week, signals and dose on 1, 3 and 10 years")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    compile_package()
    print(f"{date.today().isoformat()} · {machine()}")
    over = False
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "decade.db"
            counts = make(args.years, db, seed=1, today=date.today())
            print(f"data: {args.years} years — " + ", ".join(f"{n} {kind}" for kind, n in counts.items()))
        print()
        over = run_table(db, args.runs, args.only, args.markdown)
    if args.scaling:
        print()
        run_scaling(args.runs, args.markdown)
    sys.exit(1 if over else 0)


if __name__ == "__main__":
    main()
