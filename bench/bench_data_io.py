"""Benchmark: `kratomlog import` and `kratomlog export` (json, csv) on a 10-year history
(`core.demo.long_history`, ≈ 22,000 doses and 4,000 ratings), each timed as a CLI subprocess.

    python bench/bench_data_io.py [--years 10] [--seed 1]

The history is turned into a kratomlog JSON document here, imported into a fresh database in a
temporary folder, then exported. Budget: 5 s each.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

from kratomlog.core.clock import iso_local
from kratomlog.core.demo import long_history
from kratomlog.core.export_format import FORMAT, VERSION
from kratomlog.core.instruments import INSTRUMENTS, score
from kratomlog.core.potency import potency

BUDGET_S = 5.0


def document(years: int, seed: int) -> dict:
    data = long_history(years, date.today(), seed)
    created = iso_local(int(time.time()))
    forms = {s.name: (s.form, s.mitragynine_pct) for s in data.strains}
    strains = [
        {"uuid": str(uuid.uuid4()), "name": s.name, "vendor": s.vendor, "batch": s.batch, "form": s.form,
         "mitragynine_pct": s.mitragynine_pct, "capsule_grams": s.capsule_grams, "lab_tested": s.lab_tested,
         "note": s.note, "archived": False, "created_at": created}
        for s in data.strains
    ]
    doses = []
    for d in data.doses:
        estimate = potency(d.grams, *forms[d.strain])
        doses.append({"uuid": str(uuid.uuid4()), "at": iso_local(d.at), "amount": d.amount, "unit": d.unit,
                      "grams": d.grams, "strain": d.strain, "mitragynine_pct": estimate.pct,
                      "mitragynine_mg": estimate.mg, "mitragynine_estimated": estimate.estimated,
                      "reasons": list(d.reasons), "note": d.note, "source_id": None, "created_at": created})
    ratings = [{"uuid": str(uuid.uuid4()), "at": iso_local(r.at), "stress": r.stress, "craving": r.craving,
                "pain": r.pain, "note": r.note, "created_at": created} for r in data.ratings]
    checks = [{"uuid": str(uuid.uuid4()), "at": iso_local(c.at), "instrument": c.instrument,
               "total": score(INSTRUMENTS[c.instrument], c.items), "hours_since_dose": None, "note": None,
               "items": c.items, "created_at": created} for c in data.checks]
    others = [{"uuid": str(uuid.uuid4()), "at": iso_local(o.at), "substance": o.substance, "amount": o.amount,
               "note": None, "created_at": created} for o in data.others]
    no_use = [{"uuid": str(uuid.uuid4()), "day": d.isoformat(), "note": None, "created_at": created}
              for d in data.no_use_days]
    plans = []
    for t in data.tapers:
        percent = t.step.endswith("%")
        plans.append({
            "uuid": str(uuid.uuid4()), "started_on": t.start_day.isoformat(), "start_g": t.start_g,
            "step_value": float(t.step.rstrip("%g")), "step_percent": percent, "every_days": t.every_days,
            "floor_g": t.floor_g, "compound": False, "rounding_g": 0.25,
            "status": "finished" if t.finished else "stopped",
            "ended_on": t.stopped_on.isoformat() if t.stopped_on else None, "created_at": created,
            "changes": [{"uuid": str(uuid.uuid4()), "day": day.isoformat(), "kind": "hold", "hold_days": n,
                         "step_value": None, "step_percent": None, "every_days": None, "compound": None,
                         "created_at": created} for day, n in t.holds],
        })
    return {"format": FORMAT, "version": VERSION, "exported_at": created,
            "settings": {"default_unit": "g", "day_starts_at": "00:00", "week_starts": "monday"},
            "strains": strains, "doses": doses, "ratings": ratings, "no_use_days": no_use,
            "questionnaires": checks, "other_substances": others, "taper_plans": plans}


def timed(args: list[str], env: dict) -> float:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "kratomlog", *args], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"kratomlog {' '.join(args)} failed: {result.stderr.decode().strip()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    doc = document(options.years, options.seed)
    print(f"{len(doc['doses'])} doses, {len(doc['ratings'])} ratings, {len(doc['questionnaires'])} questionnaires, "
          f"{len(doc['other_substances'])} other substances")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "history.json"
        source.write_text(json.dumps(doc), encoding="utf-8")
        env = {**os.environ, "KRATOMLOG_DB": str(Path(folder) / "bench.db")}
        results = {
            "import (json)": timed(["import", str(source)], env),
            "export --format json": timed(["export", "--format", "json", "-o", str(Path(folder) / "a.json")], env),
            "export --format csv": timed(["export", "--format", "csv", "-o", str(Path(folder) / "a.csv")], env),
            "import again (nothing new)": timed(["import", str(source)], env),
        }
    for label, seconds in results.items():
        print(f"{label:28} {seconds:6.2f} s  {'ok' if seconds <= BUDGET_S else 'OVER BUDGET'} (budget {BUDGET_S:g} s)")


if __name__ == "__main__":
    main()
