"""`demo`: a separate, marked, deterministic demo database whose scenarios show the promised signals."""

from __future__ import annotations

import json
import stat

import pytest

from helpers import NOW, everything, file_hash, rows, run


def demo(*args):
    result = run("demo", "--today", "2026-11-27", "--no-show", *args, now=NOW)
    assert result.exit_code == 0, result.output
    return result


def active(db_args=("--demo",)):
    result = run(*db_args, "signals", "--json", now=NOW)
    assert result.exit_code == 0, result.output
    return {r["id"] for r in json.loads(result.stdout) if r["status"] == "active"}


def test_demo_writes_demo_db_beside_the_real_one_and_never_touches_it(db_path):
    run("dose", "2g", "Mine", now=NOW)
    before = everything(db_path)
    demo("--scenario", "steady")
    demo_db = db_path.parent / "demo.db"
    assert demo_db.exists()
    assert stat.S_IMODE(demo_db.stat().st_mode) == 0o600
    assert everything(db_path) == before
    assert len(rows("dose", demo_db)) > 20


def test_demo_banner_on_stderr_and_json_stays_clean():
    demo()
    result = run("--demo", "status", "--json", now=NOW)
    assert "DEMO" in result.stderr
    assert json.loads(result.stdout)["today_doses"] >= 0


def test_demo_without_a_demo_database_says_so(db_path):
    result = run("--demo", "week", now=NOW)
    assert result.exit_code == 1 and "kratomlog demo" in result.stderr
    assert not (db_path.parent / "demo.db").exists()


def test_same_seed_same_data_other_seed_other_data(db_path):
    demo("--seed", "3")
    first = run("--demo", "list", "--json", "-n", "0", now=NOW).stdout
    demo("--seed", "3")
    assert run("--demo", "list", "--json", "-n", "0", now=NOW).stdout == first
    assert rows("dose", db_path.parent / "demo.db") == rows("dose", db_path.parent / "demo.db")
    demo("--seed", "4")
    assert run("--demo", "list", "--json", "-n", "0", now=NOW).stdout != first


def test_steady_scenario_has_no_active_signal():
    demo("--scenario", "steady", "--weeks", "10")
    assert active() == set()


def test_escalating_scenario_shows_frequency_and_escalation():
    demo("--scenario", "escalating", "--weeks", "12")
    assert {"frequency", "escalation"} <= active()


def test_tapering_scenario_has_a_plan_from_week_3_with_a_hold():
    demo("--scenario", "tapering", "--weeks", "10")
    status = json.loads(run("--demo", "taper", "status", "--json", now=NOW).stdout)
    assert status["active"] is True
    history = json.loads(run("--demo", "taper", "history", "--json", now=NOW).stdout)
    assert [c["kind"] for c in history[0]["changes"]] == ["hold"]
    # 10 weeks back from 2026-11-27 starts on 2026-09-18; after 4 weeks of daily use: 2026-10-16
    assert history[0]["started_on"] == "2026-10-16"
    # the guidance after long-term use: 10% of the starting amount a month
    assert (history[0]["step_percent"], history[0]["every_days"]) == (1, 30)


def test_demo_refuses_to_overwrite_a_real_database_named_demo_db(db_path):
    db_path.parent.mkdir(parents=True, exist_ok=True)
    real = db_path.parent / "demo.db"
    run("--db", str(real), "dose", "2g", "Mine", now=NOW)
    before = file_hash(real)
    result = run("demo", "--no-show", now=NOW)
    assert result.exit_code == 1 and "not a demo database" in result.stderr
    assert file_hash(real) == before


@pytest.mark.parametrize(
    "args, message",
    [
        (["--scenario", "chaotic"], "scenarios are steady, escalating, tapering, seven-oh, restart"),
        (["--scenario", "restart", "--weeks", "8"], "the restart scenario needs at least 9 weeks"),
        (["--weeks", "2"], "weeks"),
        (["--today", "27/11/2026"], "YYYY-MM-DD"),
    ],
)
def test_demo_bad_input(db_path, args, message):
    result = run("demo", "--no-show", *args, now=NOW)
    assert result.exit_code == 2 and message in result.stderr
    assert not (db_path.parent / "demo.db").exists()


def test_demo_shows_the_dashboard_and_how_to_explore():
    result = run("demo", "--today", "2026-11-27", now=NOW)
    assert result.exit_code == 0
    assert "Week Mon 23 Nov" in result.stdout
    assert "Warning signals" in result.stdout
    assert "kratomlog --demo signals" in result.stdout


def test_same_seed_gives_the_same_export_apart_from_its_time():
    demo("--scenario", "tapering", "--seed", "11")
    first = json.loads(run("--demo", "export", now=NOW).stdout)
    demo("--scenario", "tapering", "--seed", "11")
    second = json.loads(run("--demo", "export", now=NOW + 60).stdout)
    assert first.pop("exported_at") != second.pop("exported_at")
    assert first == second
    assert first["taper_plans"] and first["questionnaires"] and first["doses"]


@pytest.mark.slow  # the decade dataset
def test_benchmark_decade_has_the_promised_volume(tmp_path):
    import sys
    from datetime import date
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))
    from make_dataset import make

    counts = make(10, tmp_path / "decade.db", seed=1, today=date(2026, 11, 27))
    assert 20000 <= counts["doses"] <= 24000
    assert 6000 <= counts["ratings"] <= 8000
    plans = rows("taper_plan", tmp_path / "decade.db")
    assert [p[10] for p in plans] == ["finished", "finished"]
    sows = [r for r in rows("questionnaire", tmp_path / "decade.db") if r[3] == "sows"]
    assert 400 <= len(sows) <= 600


# --- every signal in at least one scenario (issue #12 point 7) -----------------------------------


def test_list_names_each_scenario_and_what_it_shows():
    from kratomlog.core.demo import SCENARIO_LIST

    result = run("demo", "--list", now=NOW)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split(" — ")[0] for line in lines] == [s.name for s in SCENARIO_LIST]
    assert all(len(line.split(" — ")) == 2 and line.split(" — ")[1] for line in lines)
    for scenario, line in zip(SCENARIO_LIST, lines):
        for signal in scenario.signals:  # the line names every signal it promises
            assert signal in line, (scenario.name, signal)
    assert "stays clear" in lines[0]


def test_every_signal_is_promised_by_some_scenario():
    from kratomlog.core.demo import SCENARIO_LIST
    from kratomlog.core.signals import RULES

    promised = {signal for scenario in SCENARIO_LIST for signal in scenario.signals}
    # contaminant needs a batch with a lab certificate: the products issue (#18) adds it to the demo
    assert promised >= {rule.id for rule in RULES} - {"contaminant"}
    assert promised <= {rule.id for rule in RULES}


SCENARIO_NAMES = ("steady", "escalating", "tapering", "seven-oh", "restart")


@pytest.mark.parametrize("name", SCENARIO_NAMES)
@pytest.mark.parametrize("seed", [7, 2])
def test_signals_in_each_scenario_show_what_its_line_promises(name, seed):
    from kratomlog.core.demo import SCENARIO_BY_NAME

    scenario = SCENARIO_BY_NAME[name]
    demo("--scenario", name, "--seed", str(seed), "--weeks", str(max(10, scenario.min_weeks)))
    found = active()
    if not scenario.signals:
        assert found == set()
    assert set(scenario.signals) <= found, (name, set(scenario.signals) - found)


def test_tapering_plan_matches_the_guidance_so_taper_start_would_not_warn():
    demo("--scenario", "tapering")
    status = json.loads(run("--demo", "taper", "status", "--json", now=NOW).stdout)
    assert status["active"] is True
    first, second = status["plan"][0], status["plan"][1]
    start_g = first["allowance_g"]
    assert start_g - second["allowance_g"] <= 0.1 * start_g + 0.25
