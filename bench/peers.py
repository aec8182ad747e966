"""kratomlog's logging commands beside two peers, pair by pair against the same floor:
`watson add` (td-watson, a time tracker) and a jrnl write — each a fresh process, measured as
floor, command, floor, command … in one run; each ratio is the median of its pairs' ratios.

    pip install -e '.[bench]'          # installs td-watson and jrnl beside kratomlog
    python bench/peers.py              # 10 years of kratomlog data, 20 pairs each
    python bench/peers.py --runs 10 --years 3

The peers write into a temporary folder (WATSON_DIR, a jrnl config of its own); nothing of the
user's is read or touched. Exit code 1 when a kratomlog logging command is not faster than both.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from make_dataset import make  # noqa: E402
from run import FLOOR, KRATOMLOG, compile_package, machine, timed  # noqa: E402

BIN = Path(sys.executable).parent
JRNL_CONFIG = """colors: {{body: none, date: none, tags: none, title: none}}
default_hour: 9
default_minute: 0
editor: ''
encrypt: false
highlight: false
indent_character: '|'
journals:
  default:
    journal: {journal}
linewrap: 79
tagsymbols: '#@'
template: false
timeformat: '%F %r'
version: v4.6
"""


def _tool(name: str) -> str:
    found = BIN / name
    if found.exists():
        return str(found)
    which = shutil.which(name)
    if which is None:
        raise SystemExit(f"{name} is not installed; run: pip install -e '.[bench]'")
    return which


def pairs(argv_for, env: dict, runs: int) -> tuple[float, float]:
    """(median ratio to the floor, median ms) over `runs` floor/command pairs, after a warm-up."""
    timed(argv_for(0), env)
    found = []
    for n in range(1, runs + 1):
        floor = timed(FLOOR, env)
        found.append((floor, timed(argv_for(n), env)))
    return statistics.median(c / f for f, c in found), statistics.median(c for _, c in found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    compile_package()
    print(f"{date.today().isoformat()} · {machine()} · {args.runs} pairs each")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "kl.db"
        make(args.years, db, seed=1, today=date.today())
        db.chmod(0o600)
        config = folder / "jrnl.yaml"
        config.write_text(JRNL_CONFIG.format(journal=folder / "journal.txt"))
        env = {**os.environ, "KRATOMLOG_DB": str(db), "WATSON_DIR": str(folder / "watson"), "NO_COLOR": "1"}
        env.pop("KRATOMLOG_NOW", None)
        watson, jrnl = _tool("watson"), _tool("jrnl")
        rows = {
            "kratomlog dose": lambda n: KRATOMLOG + ["dose", f"1.{n:02d}g", "Bench Strain", "--new"],
            "kratomlog stress": lambda n: KRATOMLOG + ["stress", "5", "--craving", "2"],
            "kratomlog other": lambda n: KRATOMLOG + ["other", "alcohol", "--at", "2d ago"],
            "kratomlog status": lambda n: KRATOMLOG + ["status"],
            "watson add": lambda n: [watson, "add", "-f", f"2026-01-{1 + n % 28:02d} 09:00", "-t", f"2026-01-{1 + n % 28:02d} 09:30", "bench"],
            "jrnl (a write)": lambda n: [jrnl, "--config-file", str(config), f"bench entry {n}"],
        }
        results = {label: pairs(argv_for, env, args.runs) for label, argv_for in rows.items()}
    print(f"\n| command | median ms | × floor |\n|---|---:|---:|")
    for label, (ratio, ms) in results.items():
        print(f"| {label} | {ms:.0f} | {ratio:.2f} |")
    peer = min(results["watson add"][0], results["jrnl (a write)"][0])
    slower = [label for label in rows if label.startswith("kratomlog") and results[label][0] >= peer]
    print(f"\nfastest peer: {peer:.2f}× the floor; " + (f"not faster: {', '.join(slower)}" if slower else "every kratomlog logging command is faster"))
    sys.exit(1 if slower else 0)


if __name__ == "__main__":
    main()
