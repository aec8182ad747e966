"""Point 6 of #11: imported and stored values can never lock anyone out — import ranges (2000–2099,
finite amounts, 0 < g ≤ 250, above 25 g listed), JSON never holds NaN/Infinity, KRATOMLOG_NOW
before 2000 refused, status with a future dose, DST-gap offsets in time order."""

from __future__ import annotations

import json
import sqlite3

import pytest
from helpers import NOW, everything, run


def _strict(text: str):
    """json.loads that refuses NaN and Infinity, which are not JSON."""
    def refuse(name):
        raise AssertionError(f"{name} in JSON output")

    return json.loads(text, parse_constant=refuse)


def _export_with(tmp_path, **changes):
    assert run("dose", "2g", "Red", now=NOW).exit_code == 0
    document = json.loads(run("export", now=NOW).stdout)
    dose = document["doses"][0]
    rows = []
    for i, (key, value) in enumerate(changes.items()):
        rows.append(dict(dose, uuid=f"bad-{i}", **{key: value}))
    document["doses"] = rows + [dict(dose, uuid="big", grams=30.0, amount=30.0)]
    path = tmp_path / "in.json"
    path.write_text(json.dumps(document))
    return path


def test_import_skips_out_of_range_instants_and_amounts_and_lists_big_doses(tmp_path):
    path = _export_with(tmp_path, at="0001-01-01T00:00:00+00:00")
    document = json.loads(path.read_text())
    base = document["doses"][-1]  # the good row (30 g)
    document["doses"] += [
        dict(base, uuid="late", at="9999-12-31T23:00:00+00:00"),
        dict(base, uuid="early", at="1999-12-31T23:59:59+00:00"),
        dict(base, uuid="huge", grams=1e308, amount=1e308),
        dict(base, uuid="over", grams=250.5, amount=250.5),
        dict(base, uuid="zero", grams=0, amount=0),
    ]
    path.write_text(json.dumps(document))
    before = everything()
    result = run("import", str(path), "--json", now=NOW)
    assert result.exit_code == 0, result.output
    report = _strict(result.stdout)
    reasons = " | ".join(s["reason"] for s in report["skipped"])
    assert len(report["skipped"]) == 6, reasons
    assert "outside 2000-01-01 to 2099-12-31" in reasons and "above 250 g" in reasons
    assert report["added"]["doses"] == 1
    assert any("above 25 g" in note and "30 g" in note for note in report["notes"]), report["notes"]
    assert everything() != before


def test_herbal_rows_out_of_range_are_skipped(tmp_path):
    path = tmp_path / "herbal_tracker_plus_export_20261101_090000.csv"
    header = "date,time,iso_timestamp,strain_code,strain_name,amount_g,notes"
    path.write_text("\n".join([
        header,
        "2026-11-01,08:00,2026-11-01T08:00:00,RB,Red Bali,3,",
        "1990-01-01,08:00,1990-01-01T08:00:00,RB,Red Bali,3,",
        "2026-11-02,08:00,2026-11-02T08:00:00,RB,Red Bali,300,",
        "2026-11-03,08:00,2026-11-03T08:00:00,RB,Red Bali,30,",
    ]) + "\n")
    result = run("import", str(path), "--json", now=NOW)
    assert result.exit_code == 0, result.output
    report = _strict(result.stdout)
    assert report["added"]["doses"] == 2 and len(report["skipped"]) == 2, report
    assert any("above 25 g" in n for n in report["notes"])


def test_the_command_line_refuses_more_than_250_g(db_path):
    before = everything()
    result = run("dose", "251g", "Red", "--yes", now=NOW)
    assert result.exit_code == 2 and "250 g" in result.stderr and everything() == before
    assert run("dose", "30g", "Red", "--yes", now=NOW).exit_code == 0


def test_json_writers_never_emit_nan_or_infinity(db_path):
    assert run("dose", "2g", "Red", "--at", "1d ago", now=NOW).exit_code == 0
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE dose SET grams = ?, amount = ?, mitragynine_mg = ?", (float("inf"), float("inf"), float("inf")))
    conn.close()
    for args in (("list", "--json"), ("export",), ("week", "--json"), ("status", "--json")):
        result = run(*args, now=NOW)
        assert result.exit_code == 0, (args, result.output)
        _strict(result.stdout)
    exported = run("export", now=NOW)
    assert "not finite" in exported.stderr and _strict(exported.stdout)["doses"][0]["grams"] is None


def test_every_json_dumps_in_the_source_refuses_nan():
    import pathlib
    import re

    root = pathlib.Path(__file__).parent.parent / "src" / "kratomlog"
    checked = 0
    for path in root.rglob("*.py"):
        if path.name in ("changes.py", "taper_store.py"):  # internal: undo snapshots, day lists
            continue
        text = path.read_text()
        for match in re.finditer(r"(?<!`)(json\.dumps\(|JSONEncoder\()(?!\.\.\.)", text):  # calls, not `json.dumps(...)` in prose
            call = text[match.start():text.find("\n\n", match.start())]
            assert "allow_nan=False" in call, (path.name, call[:200])
            checked += 1
    assert checked >= 3


@pytest.mark.parametrize("pinned", ["0", "946684799", "-5", "315532800"])
def test_kratomlog_now_before_2000_is_refused(pinned, db_path):
    result = run("dose", "2g", "Red", env={"KRATOMLOG_NOW": pinned})
    assert result.exit_code == 2 and "KRATOMLOG_NOW" in result.stderr and "2000" in result.stderr
    assert not db_path.exists() or everything()["dose"] == []


def test_status_with_the_latest_dose_in_the_future_says_so(db_path):
    assert run("dose", "2g", "Red", now=NOW).exit_code == 0
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE dose SET at = ?", (NOW + 30 * 86400,))
    conn.close()
    result = run("status", now=NOW)
    assert result.exit_code == 0 and "in the future" in result.stdout and "d " not in result.stdout.split("·")[0]


def test_a_dst_gap_names_the_offsets_in_time_order(tz):
    tz("America/New_York")  # 2026-03-08 02:00 EST (-05:00) → 03:00 EDT (-04:00)
    now = 1773000000  # 2026-03-08T20:00Z
    result = run("dose", "1g", "Red", "--at", "2026-03-08 02:30", now=now)
    assert result.exit_code == 2 and "between offsets -05:00 and -04:00" in result.stderr, result.stderr
    tz("Europe/Berlin")  # 2026-03-29 02:00 CET (+01:00) → 03:00 CEST (+02:00)
    result = run("dose", "1g", "Red", "--at", "2026-03-29 02:30", now=1774800000)
    assert result.exit_code == 2 and "between offsets +01:00 and +02:00" in result.stderr, result.stderr
