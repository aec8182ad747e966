"""Writing a whole generated data set (the demo person, or the benchmark's decade) in one
transaction: either all of it lands or none of it does. Existing data in the file is replaced."""

from __future__ import annotations

import bisect
import random
import uuid as uuidlib

from kratomlog.core.batches import code_key
from kratomlog.core.demo import DemoData
from kratomlog.core.instruments import get_instrument, score
from kratomlog.core.names import fold
from kratomlog.core.potency import potency, seven_oh_mg
from kratomlog.core.taper import parse_step
from kratomlog.store.database import Database
from kratomlog.store.settings_store import DEMO_MARKER

DATA_TABLES = (
    "certificate", "purchase", "questionnaire_item", "questionnaire", "dose", "batch", "rating", "no_use_day", "other_substance",
    "taper_change", "taper_plan", "strain", "announced_signal", "change_log",
)


def replace_with(
    db: Database, data: DemoData, *, now: int, mark_demo: bool, uuid_seed: str | None = None, finish=None
) -> dict[str, int]:
    """Replace every entry in the database with `data`; returns counts per kind. With `uuid_seed`,
    row UUIDs are drawn from a seeded generator, so the same data set exports identically.
    `finish(conn)` runs last, inside the same transaction (the demo's recipe and shown signals)."""
    if uuid_seed is None:
        def _uuid() -> str:
            return str(uuidlib.uuid4())
    else:
        rng = random.Random(uuid_seed)

        def _uuid() -> str:
            return str(uuidlib.UUID(int=rng.getrandbits(128), version=4))
    with db.write() as conn:
        for table in DATA_TABLES:
            conn.execute(f"DELETE FROM {table}")
        conn.execute("DELETE FROM sqlite_sequence")
        conn.execute("DELETE FROM setting WHERE key = ?", (DEMO_MARKER,))
        if mark_demo:
            conn.execute("INSERT INTO setting (key, value) VALUES (?, '1')", (DEMO_MARKER,))
        strain_ids: dict[str, tuple[int, str, float | None]] = {}
        by_name = {s.name: s for s in data.strains}
        for s in data.strains:
            cursor = conn.execute(
                "INSERT INTO strain (uuid, name, name_key, vendor, batch, form, mitragynine_pct, capsule_grams, "
                "lab_tested, note, archived, created_at, seven_oh_mg_per_unit, unit_name, unit_grams) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)",
                (_uuid(), s.name, fold(s.name), s.vendor, s.batch, s.form, s.mitragynine_pct, s.capsule_grams,
                 int(s.lab_tested), s.note, now, s.seven_oh_mg_per_unit, s.unit_name, s.unit_grams),
            )
            strain_ids[s.name] = (cursor.lastrowid, s.form, s.mitragynine_pct)
        batch_ids: dict[str, int] = {}  # strain name → its batch (the one its doses come from)
        for b in data.batches:
            cursor = conn.execute(
                "INSERT INTO batch (uuid, strain_id, code, code_key, bought_on, vendor, in_use, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, 1, ?)",
                (_uuid(), strain_ids[b.strain][0], b.code, code_key(b.code), b.bought_on.isoformat(), b.vendor, now),
            )
            batch_ids[b.strain] = cursor.lastrowid
        dose_rows = []
        for d in data.doses:
            strain_id, form, pct = strain_ids[d.strain]
            estimate = potency(d.grams, form, pct)
            product = by_name[d.strain]
            seven_oh = seven_oh_mg(d.amount, d.unit, d.grams, None, product.seven_oh_mg_per_unit, product.unit_name)
            dose_rows.append(
                (_uuid(), d.at, d.amount, d.unit, d.grams, strain_id, estimate.pct, estimate.mg,
                 int(estimate.estimated), ",".join(d.reasons), d.note, d.at, seven_oh, batch_ids.get(d.strain))
            )
        conn.executemany(
            "INSERT INTO dose (uuid, at, amount, unit, grams, strain_id, mitragynine_pct, mitragynine_mg, "
            "mitragynine_estimated, reasons, note, created_at, seven_oh_mg, batch_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            dose_rows,
        )
        conn.executemany(
            "INSERT INTO purchase (uuid, at, strain_id, batch_id, amount, unit, grams, price, currency, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(_uuid(), p.at, strain_ids[p.strain][0], batch_ids.get(p.strain), p.amount, p.unit, p.grams, p.price,
              p.currency, p.at) for p in data.purchases],
        )
        conn.executemany(
            "INSERT INTO certificate (uuid, batch_id, lab, tested_on, source, mitragynine_pct, seven_oh_pct, lead, "
            "arsenic, cadmium, mercury, salmonella, e_coli, yeast_mould, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(_uuid(), batch_ids[c.strain], c.lab, c.tested_on.isoformat(), c.source, c.mitragynine_pct,
              c.seven_oh_pct, c.lead, c.arsenic, c.cadmium, c.mercury, c.salmonella, c.e_coli, c.yeast_mould, now)
             for c in data.certificates],
        )
        conn.executemany(
            "INSERT INTO rating (uuid, at, stress, craving, pain, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(_uuid(), r.at, r.stress, r.craving, r.pain, r.note, r.at) for r in data.ratings],
        )
        dose_times = sorted(d.at for d in data.doses)
        for check in data.checks:
            instrument = get_instrument(check.instrument)
            hours = None
            if instrument.tracks_dose_gap:
                position = bisect.bisect_right(dose_times, check.at)
                if position:
                    hours = round((check.at - dose_times[position - 1]) / 3600, 1)
            cursor = conn.execute(
                "INSERT INTO questionnaire (uuid, at, instrument, total, hours_since_dose, created_at, version) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (_uuid(), check.at, instrument.id, score(instrument, check.items), hours, check.at, instrument.version),
            )
            conn.executemany(
                "INSERT INTO questionnaire_item (questionnaire_id, key, answer) VALUES (?, ?, ?)",
                [(cursor.lastrowid, item.key, check.items[item.key]) for item in instrument.items],
            )
        conn.executemany(
            "INSERT INTO no_use_day (uuid, day, created_at) VALUES (?, ?, ?)",
            [(_uuid(), day.isoformat(), now) for day in data.no_use_days],
        )
        conn.executemany(
            "INSERT INTO other_substance (uuid, at, substance, amount, created_at) VALUES (?, ?, ?, ?, ?)",
            [(_uuid(), o.at, o.substance, o.amount, o.at) for o in data.others],
        )
        for plan in data.tapers:
            step = parse_step(plan.step)
            status = "finished" if plan.finished else ("stopped" if plan.stopped_on else "active")
            cursor = conn.execute(
                "INSERT INTO taper_plan (uuid, started_on, start_g, step_value, step_percent, every_days, floor_g, "
                "compound, rounding_g, status, ended_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0.25, ?, ?, ?)",
                (_uuid(), plan.start_day.isoformat(), plan.start_g, step.value, int(step.percent), plan.every_days,
                 plan.floor_g, status, plan.stopped_on.isoformat() if plan.stopped_on else None, now),
            )
            conn.executemany(
                "INSERT INTO taper_change (uuid, plan_id, day, kind, hold_days, created_at) VALUES (?, ?, ?, 'hold', ?, ?)",
                [(_uuid(), cursor.lastrowid, day.isoformat(), days, now) for day, days in plan.holds],
            )
        if finish is not None:
            finish(conn)
    return {
        "strains": len(data.strains), "doses": len(data.doses), "ratings": len(data.ratings),
        "questionnaires": len(data.checks), "no-use days": len(data.no_use_days),
        "other substances": len(data.others), "taper plans": len(data.tapers),
        "batches": len(data.batches), "purchases": len(data.purchases), "lab certificates": len(data.certificates),
    }
