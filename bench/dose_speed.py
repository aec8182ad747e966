"""Build a 10-year database (21,900 doses, daily ratings, an alcohol every 10 days) and time
`kratomlog dose` (median of 20 runs, interleaved) against `python -c "import sqlite3"`, `status`,
and `dose` with the signal nudge switched off. Run from the repository root:

    /work/venv/bin/python bench/dose_speed.py   (or any Python with kratomlog's dependencies)
"""
import os, sqlite3, random, statistics, subprocess, sys, time, uuid
from pathlib import Path
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from kratomlog.store.database import open_database

DATA = ROOT / "bench" / "data"
DATA.mkdir(exist_ok=True)
path = DATA / "bench.db"
for p in path.parent.glob("bench.db*"):
    p.unlink()
db = open_database(path)
now = int(time.time())
rng = random.Random(1)
c = db.conn
c.execute("BEGIN")
c.execute("INSERT INTO strain (uuid, name, name_key, form, created_at) VALUES (?, 'X', 'x', 'powder', ?)", (str(uuid.uuid4()), now))
doses, ratings, others = [], [], []
for day in range(3650, 0, -1):
    base = now - day * 86400
    for k in range(6):
        at = base + 7 * 3600 + k * 2 * 3600 + rng.randint(-900, 900)
        doses.append((str(uuid.uuid4()), at, 2.0, "g", 2.0, 1, 1.5, 30.0, 1, "stress", at))
    ratings.append((str(uuid.uuid4()), base + 9 * 3600, rng.randint(0, 10), rng.randint(0, 10), None, base))
    if day % 10 == 0:
        others.append((str(uuid.uuid4()), base + 20 * 3600, "alcohol", "1 drink", base))
c.executemany("INSERT INTO dose (uuid, at, amount, unit, grams, strain_id, mitragynine_pct, mitragynine_mg, mitragynine_estimated, reasons, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)", doses)
c.executemany("INSERT INTO rating (uuid, at, stress, craving, pain, created_at) VALUES (?,?,?,?,?,?)", ratings)
c.executemany("INSERT INTO other_substance (uuid, at, substance, amount, created_at) VALUES (?,?,?,?,?)", others)
c.execute("COMMIT")
print("doses", c.execute("select count(*) from dose").fetchone()[0])
db.close()

env = dict(os.environ, KRATOMLOG_DB=str(path), PYTHONPATH=str(ROOT / "src"))
env.pop("KRATOMLOG_NOW", None)
env.pop("PYTHONDONTWRITEBYTECODE", None)
env["PYTHONPYCACHEPREFIX"] = str(DATA / "pycache")  # as an installed package would have


py = sys.executable
noop = ("import sys, kratomlog.cli.log_cmds as m; m.announce_new_signals = lambda db, now: None; "
        "from kratomlog.cli.app import main; sys.argv = ['kratomlog', 'dose', '1g', 'X']; main()")
cmds = {
    "import sqlite3": [py, "-c", "import sqlite3"],
    "dose": [py, "-m", "kratomlog", "dose", "1g", "X"],
    "dose, nudge off": [py, "-c", noop],
    "status": [py, "-m", "kratomlog", "status"],
}
for name, cmd in cmds.items():  # warm the bytecode cache
    subprocess.run(cmd, env=env, capture_output=True)
times = {name: [] for name in cmds}
for _ in range(20):  # interleaved, so load from elsewhere hits every command alike
    for name, cmd in cmds.items():
        t = time.perf_counter()
        r = subprocess.run(cmd, env=env, capture_output=True, text=True)
        times[name].append((time.perf_counter() - t) * 1000)
        assert r.returncode == 0, r.stderr
for name, runs in times.items():
    print(f"{name:16s} median {statistics.median(runs):6.1f} ms  (min {min(runs):.1f}, max {max(runs):.1f})")
print("doses now:", sqlite3.connect(path).execute("select count(*) from dose").fetchone()[0])
