"""Benchmark: every kratomlog command timed pair by pair against `python -c "import sqlite3"`
(the floor): floor, command, floor, command … in one run, each command's ratio the median of its
pairs' ratios. Budgets are ratios (absolute milliseconds mislead on a machine twice as slow, and
these machines drift within a run); export and import also keep their issue's second budgets.

    python bench/run.py                       # 10 years of data, every command, 20 pairs each
    python bench/run.py --years 3 --runs 10   # another size, fewer pairs (shared machines)
    python bench/run.py --db PATH             # an existing database (copied first; never changed)
    python bench/run.py --scaling             # also the logging and heavy reads on 1, 3, 10 and 30 years
    python bench/run.py --markdown --results bench/RESULTS.md   # write the tables with machine and date

Each command runs once as a warm-up, then --runs pairs, as a fresh process through the installed
`kratomlog` entry point. The data comes from bench/make_dataset.py (the demo generator's history,
through kratomlog's own storage code). Exit code 1 if any ratio (or time) is over its budget.
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
from datetime import date, datetime, time as dtime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from make_dataset import make  # noqa: E402

_SCRIPT = Path(sys.executable).parent / "kratomlog"
KRATOMLOG = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "kratomlog"]
FLOOR = [sys.executable, "-c", "import sqlite3"]

# label → (arguments, budget as × floor, budget in ms or None). {export}, {fresh}, {out}, {n} and
# {no_use_day} are filled in per run ({n} keeps each dose apart, so none is refused as a repeat).
COMMANDS: dict[str, tuple[list[str], float, float | None]] = {
    "dose": (["dose", "1.{n:02d}g", "Bench Strain", "--new"], 3.0, None),
    "stress": (["stress", "5", "--craving", "2"], 3.0, None),
    "other": (["other", "alcohol", "--amount", "1 drink", "--at", "2d ago"], 3.0, None),
    "no-use": (["no-use", "--on", "{no_use_day}"], 3.0, None),
    "status": (["status"], 2.5, None),
    "status --json": (["status", "--json"], 2.5, None),
    "withdrawal --scores": (["withdrawal", "--scores", "1,1,0,0,1,0,0,1,1,1,1,0,0,1,0,2"], 12.0, None),
    "list -n 20": (["list", "-n", "20"], 12.0, None),
    "week": (["week"], 12.0, None),
    "trends --weeks 520": (["trends", "--weeks", "520"], 20.0, None),
    "signals": (["signals"], 12.0, None),
    "insights": (["insights"], 12.0, None),
    "taper status": (["taper", "status"], 12.0, None),
    "report --format html": (["report", "--format", "html", "-o", "{out}", "--force"], 80.0, 1500),  # issue 17: ≤ 1.5 s
    "export --format json": (["export", "--format", "json", "-o", "{export_out}", "--force"], 60.0, 700),
    "export --format csv": (["export", "--format", "csv", "-o", "{csv_out}", "--force"], 60.0, 700),
    "import (into an empty file)": (["--db", "{fresh}", "import", "{export}"], 120.0, 1500),
}
SCALING = ("dose", "stress", "status", "week", "signals", "insights", "taper status", "trends --weeks 520")
SCALING_YEARS = (1, 3, 10, 30)


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


class Pairs:
    """One command's pairs: (floor ms, command ms) measured back to back."""

    def __init__(self, pairs: list[tuple[float, float]]):
        self.pairs = pairs

    @property
    def ratio(self) -> float:
        return statistics.median(cmd / floor for floor, cmd in self.pairs)

    @property
    def median_ms(self) -> float:
        return statistics.median(cmd for _, cmd in self.pairs)

    @property
    def floor_ms(self) -> float:
        return statistics.median(floor for floor, _ in self.pairs)


def _argv(args: list[str], folder: Path, label: str, n: int) -> list[str]:
    fresh = folder / f"fresh-{label.replace(' ', '_')}-{n}.db"
    no_use_day = (date(2000, 1, 1) + timedelta(days=n)).isoformat()  # a day long before any dose
    return [
        a.format(export=folder / "export.json", export_out=folder / "export-out.json", csv_out=folder / "export.csv",
                 fresh=fresh, out=folder / "report.html", n=n, no_use_day=no_use_day)
        for a in args
    ]


def measure(label: str, args: list[str], env: dict, runs: int, folder: Path) -> Pairs:
    """A warm-up, then `runs` pairs: the floor, then the command."""
    timed(KRATOMLOG + _argv(args, folder, label, 0), env)
    pairs = []
    for n in range(1, runs + 1):
        floor = timed(FLOOR, env)
        pairs.append((floor, timed(KRATOMLOG + _argv(args, folder, label, n), env)))
    return Pairs(pairs)


def dataset_today(years: int) -> date:
    """The last day of a generated history: today, unless the history would then start before
    2000-01-01, the earliest time kratomlog accepts (30 years back from 2026 is 1996): then a later
    day, and the commands run with KRATOMLOG_NOW at its noon, so every row of every size is valid."""
    return max(date.today(), date(2000 + years + 1, 1, 15))


def noon(day: date) -> int | None:
    """KRATOMLOG_NOW for a history ending on `day` (None: the real clock, for a history ending today)."""
    return None if day == date.today() else int(datetime.combine(day, dtime(12, 0)).timestamp())


def history(years: int, db: Path) -> tuple[dict, int | None]:
    """A generated history of `years` in `db` (made 0600: kratomlog refuses a file others can read),
    ending on `dataset_today`: its row counts, and the KRATOMLOG_NOW its commands run with."""
    today = dataset_today(years)
    counts = make(years, db, seed=1, today=today)
    db.chmod(0o600)
    return counts, noon(today)


def prepare(db: Path, folder: Path, now: int | None = None) -> dict:
    env = {**os.environ, "KRATOMLOG_DB": str(db), "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("KRATOMLOG_NOW", None)
    if now is not None:
        env["KRATOMLOG_NOW"] = str(now)
    subprocess.run(KRATOMLOG + ["taper", "start", "--step", "10%", "--every", "7d"], env=env, capture_output=True)
    subprocess.run(KRATOMLOG + ["export", "-o", str(folder / "export.json"), "--force"], env=env, check=True, capture_output=True)
    return env


def row(cells: list[str], markdown: bool, widths=(30, 11, 9, 9, 9, 5)) -> str:
    if markdown:
        return "| " + " | ".join(cells) + " |"
    return "".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))


def run_table(db: Path, runs: int, only: list[str] | None, markdown: bool, lines: list[str],
              now: int | None = None) -> bool:
    def say(text: str) -> None:
        print(text, flush=True)
        lines.append(text)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        copy = folder / "bench.db"
        shutil.copyfile(db, copy)
        copy.chmod(0o600)  # kratomlog refuses a database other users can read
        env = prepare(copy, folder, now)
        say(row(["command", "median ms", "floor ms", "× floor", "budget", "ok"], markdown))
        if markdown:
            say("|---|---:|---:|---:|---:|---|")
        over = False
        for label, (args, budget, budget_ms) in COMMANDS.items():
            if only and label not in only:
                continue
            found = measure(label, args, env, runs, folder)
            ok = found.ratio <= budget and (budget_ms is None or found.median_ms <= budget_ms)
            over |= not ok
            shown = f"{budget:g}×" + (f", {budget_ms:.0f} ms" if budget_ms is not None else "")
            say(row([label, f"{found.median_ms:.0f}", f"{found.floor_ms:.0f}", f"{found.ratio:.2f}", shown,
                     "yes" if ok else "OVER"], markdown))
    return over


def run_scaling(runs: int, markdown: bool, lines: list[str], years_list=SCALING_YEARS) -> None:
    def say(text: str) -> None:
        print(text, flush=True)
        lines.append(text)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        results: dict[int, dict[str, float]] = {}
        sizes: dict[int, int] = {}
        for years in years_list:
            db = folder / f"y{years}.db"
            counts, now = history(years, db)
            sizes[years] = counts["doses"]
            env = prepare(db, folder, now)
            results[years] = {label: measure(label, COMMANDS[label][0], env, runs, folder).ratio for label in SCALING}
        widths = (22, *(18 for _ in years_list))
        say(row(["command (× floor)", *[f"{y} y ({sizes[y]} doses)" for y in years_list]], markdown, widths=widths))
        if markdown:
            say("|---|" + "---:|" * len(years_list))
        for label in SCALING:
            say(row([label, *[f"{results[y][label]:.2f}" for y in years_list]], markdown, widths=widths))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="database to measure on (copied first)")
    parser.add_argument("--years", type=int, default=10, help="years of data to generate when no --db is given")
    parser.add_argument("--runs", type=int, default=20, help="pairs per command")
    parser.add_argument("--only", nargs="*", help="labels to run")
    parser.add_argument("--scaling", action="store_true", help="also the ratios on 1, 3, 10 and 30 years")
    parser.add_argument("--scaling-years", type=int, nargs="*", default=list(SCALING_YEARS))
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--results", type=Path, help="also write the tables, machine and date to this Markdown file")
    args = parser.parse_args()
    compile_package()
    lines: list[str] = []
    head = f"{date.today().isoformat()} · {machine()} · {args.runs} pairs per command"
    print(head)
    over = False
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        data = f"database: {db}"
        now = None
        if db is None:
            db = Path(tmp) / "decade.db"
            today = dataset_today(args.years)
            now = noon(today)
            counts = make(args.years, db, seed=1, today=today)
            data = f"data: {args.years} years — " + ", ".join(f"{n} {kind}" for kind, n in counts.items())
            if now is not None:
                data += f" (ending {today.isoformat()}, KRATOMLOG_NOW at its noon)"
        print(data)
        print()
        over = run_table(db, args.runs, args.only, args.markdown, lines, now)
    if args.scaling:
        print()
        lines.append("")
        run_scaling(args.runs, args.markdown, lines, tuple(args.scaling_years))
    if args.results:
        command = "python bench/run.py " + " ".join(sys.argv[1:])
        args.results.write_text(
            f"# Benchmark results\n\nWritten by `{command}` (see bench/README.md).\n\n"
            f"## {head}\n\n{data}\n\n" + "\n".join(lines) + "\n"
        )
    sys.exit(1 if over else 0)


if __name__ == "__main__":
    main()
