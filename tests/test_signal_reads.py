"""The store reads what the rule registry declares: every rule's result on the store's read equals
its result on the whole record (random histories of doses, questionnaires, other substances and
no-use days, with breaks of every length); each declared window is covered; a new rule's longer
window is read without touching the store; the usual (short) dose read is used only when it gives
every rule the same result as the full one."""

from __future__ import annotations

import random
import uuid
from datetime import datetime, time, timedelta

import pytest

from helpers import NOW
from kratomlog.core import days
from kratomlog.core.clock import from_local, to_local_naive
from kratomlog.core.settings import Settings
from kratomlog.core.signals import RULES, Reads, Rule, SignalInput, evaluate, reads_needed
from kratomlog.store import signal_reads
from kratomlog.store.database import open_database
from kratomlog.store.signal_reads import read_signal_input, signal_input

EVERYTHING = Reads(doses=100_000, ratings=100_000, questionnaires=100_000, others=100_000, no_use_days=100_000,
                   record_start=True, batches=True)


def history(rng: random.Random) -> list[tuple[int, float]]:
    """Runs of use-days separated by breaks of 0–120 days, going back up to 400 days."""
    today = to_local_naive(NOW).date()
    doses, day = [], 0
    while day < 400:
        for _ in range(rng.choice([1, 3, 7, 14, 15, 20, 40])):
            if day >= 400:
                break
            for _ in range(rng.randint(1, 4)):
                wall = datetime.combine(today - timedelta(days=day), time(rng.randint(0, 23), rng.randint(0, 59)))
                doses.append((from_local(wall), rng.choice([1.0, 2.0, 3.0, 5.0])))
            day += 1
        day += rng.choice([0, 1, 2, 3, 4, 10, 30, 120])
    return doses


def fill(conn, rng: random.Random, *, reach_days: int = 500) -> None:
    """Doses (some over 5 g, some for withdrawal, some of an extract), questionnaires of every
    instrument, other substances and no-use days, back to `reach_days` days ago."""
    leaf = conn.execute("INSERT INTO strain (uuid, name, name_key, created_at) VALUES (?, 'R', 'r', 0)",
                        (str(uuid.uuid4()),)).lastrowid
    extract = conn.execute("INSERT INTO strain (uuid, name, name_key, form, created_at) VALUES (?, 'X', 'x', 'extract', 0)",
                           (str(uuid.uuid4()),)).lastrowid
    doses = history(rng) + [(NOW - rng.randint(400, reach_days) * 86400, 2.0) for _ in range(rng.randint(0, 3))]
    conn.executemany(
        "INSERT INTO dose (uuid, at, amount, unit, grams, strain_id, reasons, created_at) VALUES (?, ?, ?, 'g', ?, ?, ?, 0)",
        [(str(uuid.uuid4()), at, g, g, extract if rng.random() < 0.02 else leaf,
          "withdrawal" if rng.random() < 0.1 else "", ) for at, g in doses],
    )
    for _ in range(rng.randint(0, 12)):
        conn.execute(
            "INSERT INTO questionnaire (uuid, at, instrument, total, created_at) VALUES (?, ?, ?, ?, 0)",
            (str(uuid.uuid4()), NOW - rng.randint(0, reach_days * 86400), rng.choice(["sows", "dsm5", "pss10"]),
             rng.randint(0, 11)),
        )
    for _ in range(rng.randint(0, 12)):
        conn.execute(
            "INSERT INTO other_substance (uuid, at, substance, created_at) VALUES (?, ?, ?, 0)",
            (str(uuid.uuid4()), NOW - rng.randint(0, 30 * 86400), rng.choice(["alcohol", "opioid", "cannabis"])),
        )
    today = days.today(NOW, Settings())
    for back in rng.sample(range(reach_days), rng.randint(0, 5)):
        conn.execute("INSERT OR IGNORE INTO no_use_day (uuid, day, created_at) VALUES (?, ?, 0)",
                     (str(uuid.uuid4()), (today - timedelta(days=back)).isoformat()))


def by_rule(data: SignalInput, rules=None) -> dict:
    return {r.id: r for r in evaluate(data, rules)}


def test_every_rule_sees_on_the_store_read_what_it_would_see_on_the_whole_record(tmp_path):
    for seed in range(25):
        rng = random.Random(seed)
        db = open_database(tmp_path / f"s{seed}.db")
        fill(db.conn, rng)
        now = NOW - rng.randint(0, 86399)
        whole = by_rule(read_signal_input(db.conn, now, Settings(), EVERYTHING))
        assert by_rule(signal_input(db.conn, now, Settings())) == whole, seed
        assert by_rule(signal_input(db.conn, now, Settings(), full=True)) == whole, seed
        db.close()


def _count_rule(rule_id: str, field: str, back: int, reads: Reads) -> Rule:
    """A new rule counting one input over the last `back` days."""
    def check(data: SignalInput, rule: Rule):
        items = [x for x in getattr(data, field) if x.at >= data.now - back * 86400]
        return rule.result("active" if items else "clear", f"{len(items)} in {back} days", float(len(items)))

    return Rule(rule_id, rule_id, "info", "heuristic", "test", "counts", check, reads)


@pytest.mark.parametrize(
    "rule",
    [_count_rule("doses-90", "doses", 90, Reads(doses=90)),
     _count_rule("others-14", "others", 14, Reads(others=14, doses=14)),
     _count_rule("checks-500", "questionnaires", 500, Reads(questionnaires=500))],
    ids=["a 90-day dose rule", "a 14-day combination rule", "a 500-day questionnaire rule"],
)
def test_a_new_rule_with_a_longer_window_is_read_in_full_without_touching_the_store(tmp_path, rule):
    rules = RULES + (rule,)
    for seed in range(6):
        db = open_database(tmp_path / f"{rule.id}{seed}.db")
        fill(db.conn, random.Random(seed), reach_days=600)
        whole = by_rule(read_signal_input(db.conn, NOW, Settings(), EVERYTHING), rules)
        assert by_rule(signal_input(db.conn, NOW, Settings(), rules=rules), rules) == whole, seed
        db.close()
    # and the same rule without its declaration would be cut off: the check above can fail
    blind = rule._replace(reading=Reads())
    db = open_database(tmp_path / "blind.db")
    back = int(rule.id.split("-")[1]) - 3  # an entry just inside the rule's window
    today = days.today(NOW, Settings())
    daily(db.conn, range(100))
    at = days.day_start(today - timedelta(days=back), Settings()) + 9 * 3600
    db.conn.execute("INSERT INTO dose (uuid, at, amount, unit, grams, created_at) VALUES ('old', ?, 1, 'g', 1, 0)", (at,))
    db.conn.execute("INSERT INTO questionnaire (uuid, at, instrument, total, created_at) VALUES ('q', ?, 'sows', 1, 0)", (at,))
    db.conn.execute("INSERT INTO other_substance (uuid, at, substance, created_at) VALUES ('o', ?, 'alcohol', 0)", (at,))
    assert by_rule(signal_input(db.conn, NOW, Settings(), rules=RULES + (blind,)), [blind]) != \
        by_rule(read_signal_input(db.conn, NOW, Settings(), EVERYTHING), [blind])
    assert by_rule(signal_input(db.conn, NOW, Settings(), rules=rules), [rule]) == \
        by_rule(read_signal_input(db.conn, NOW, Settings(), EVERYTHING), [rule])
    db.close()


def daily(conn, backs, *, kinds=("dose",)) -> None:
    """One entry of each kind at 09:00 on each day `back` days before today."""
    today = days.today(NOW, Settings())
    for back in backs:
        at = days.day_start(today - timedelta(days=back), Settings()) + 9 * 3600
        if "dose" in kinds:
            conn.execute("INSERT INTO dose (uuid, at, amount, unit, grams, created_at) VALUES (?, ?, 1, 'g', 1, 0)",
                         (f"d{back}", at))
        if "questionnaire" in kinds:
            conn.execute("INSERT INTO questionnaire (uuid, at, instrument, total, created_at) VALUES (?, ?, 'sows', 1, 0)",
                         (f"q{back}", at))
        if "other" in kinds:
            conn.execute("INSERT INTO other_substance (uuid, at, substance, created_at) VALUES (?, ?, 'alcohol', 0)",
                         (f"o{back}", at))


def test_the_store_read_covers_every_declared_window(tmp_path):
    """With an entry of each kind every day for 500 days, each input reaches back at least as far
    as each rule declares (the usual dose window for a rule that has one and it suffices)."""
    db = open_database(tmp_path / "daily.db")
    today = days.today(NOW, Settings())
    daily(db.conn, range(500), kinds=("dose", "questionnaire", "other"))
    for full in (False, True):
        data = signal_input(db.conn, NOW, Settings(), full=full)
        reach = {field: (today - days.local_day(min(x.at for x in getattr(data, field)), Settings())).days
                 for field in ("doses", "questionnaires", "others")}
        for rule in RULES:
            declared = rule.reads
            dose_days = declared.doses if full or declared.doses_usually is None else declared.doses_usually
            assert reach["doses"] >= dose_days, rule.id
            assert reach["questionnaires"] >= declared.questionnaires, rule.id
            assert reach["others"] >= declared.others, rule.id
            if declared.record_start:
                assert data.first_entry_at is not None and data.first_dose_at is not None, rule.id
    db.close()


def test_every_rule_declares_what_it_reads():
    for rule in RULES:
        assert rule.reads != Reads(), f"{rule.id} declares no input"
    need = reads_needed()
    assert need.doses == max(r.reads.doses for r in RULES)
    assert need.doses_usually is not None and need.doses_usually < need.doses


def test_short_read_gives_the_same_results_as_the_full_lookback(tmp_path, monkeypatch):
    used = []
    real = signal_reads.usual_read_enough
    monkeypatch.setattr(signal_reads, "usual_read_enough", lambda *a: used.append(real(*a)) or used[-1])
    for seed in range(40):
        rng = random.Random(seed)
        db = open_database(tmp_path / f"s{seed}.db")
        conn = db.conn
        strain = conn.execute("INSERT INTO strain (uuid, name, name_key, created_at) VALUES (?, 'R', 'r', 0)",
                              (str(uuid.uuid4()),)).lastrowid
        conn.executemany(
            "INSERT INTO dose (uuid, at, amount, unit, grams, strain_id, created_at) VALUES (?, ?, ?, 'g', ?, ?, 0)",
            [(str(uuid.uuid4()), at, g, g, strain) for at, g in history(rng)],
        )
        now = NOW - rng.randint(0, 86399)
        short = signal_input(conn, now, Settings())
        full = signal_input(conn, now, Settings(), full=True)
        assert evaluate(short) == evaluate(full), seed
        db.close()
    # both cases occur: a regular record (short read) and a long break before a recent return (full read)
    assert used.count(True) >= 5 and used.count(False) >= 5
