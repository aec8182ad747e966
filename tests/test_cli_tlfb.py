"""`kratomlog export --format tlfb` end to end: the day calendar, the summary, JSON, the period and
its bad-input paths."""

from __future__ import annotations

import csv
import io
import json

import pytest

from helpers import NOW, db_file, everything, run

# NOW is Fri 2026-11-27 12:00 UTC; tests run in UTC.


def ok(*args: str):
    result = run(*args, now=NOW)
    assert result.exit_code == 0, result.stderr + result.stdout
    return result


@pytest.fixture
def logged():
    ok("dose", "3g", "Red Bali", "--at", "2026-11-24 08:00", "--reason", "stress")
    ok("dose", "2g", "--at", "2026-11-24 15:00", "--reason", "pain")
    ok("dose", "1g", "--at", "2026-11-26 09:30")
    ok("no-use", "--on", "2026-11-25")
    ok("stress", "5", "--at", "2026-11-23 10:00")  # a rating is not a record of use either way


def table(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_one_row_per_day_with_status_and_totals(logged):
    days = table(ok("export", "--format", "tlfb", "--from", "2026-11-23", "--to", "2026-11-26").stdout)
    assert [(d["date"], d["status"], d["doses"], d["grams"], d["first_dose"], d["reasons"]) for d in days] == [
        ("2026-11-23", "not-logged", "0", "0", "", ""),
        ("2026-11-24", "use", "2", "5", "08:00", "stress pain"),
        ("2026-11-25", "no-use", "0", "0", "", ""),
        ("2026-11-26", "use", "1", "1", "09:30", ""),
    ]
    assert days[1]["mitragynine_mg"] == "75" and days[1]["mitragynine_estimated"] == "true"


def test_the_default_period_is_the_90_finished_days_before_today(logged):
    days = table(ok("export", "--format", "tlfb").stdout)
    assert len(days) == 90
    assert (days[0]["date"], days[-1]["date"]) == ("2026-08-29", "2026-11-26")


def test_the_summary(logged):
    text = ok("export", "--format", "tlfb", "--from", "2026-11-23", "--to", "2026-11-26", "--summary").stdout
    values = dict(csv.reader(io.StringIO(text)))
    assert values["days"] == "4" and values["use_days"] == "2" and values["percent_days_used"] == "50"
    assert values["mean_grams_per_use_day"] == "3" and values["max_grams_per_use_day"] == "5"
    assert values["total_grams"] == "6" and values["not_logged_days"] == "1" and values["no_use_days"] == "1"
    assert values["longest_use_run"] == "1" and values["longest_no_use_run"] == "1"


def test_json_holds_the_days_and_the_summary(logged):
    document = json.loads(ok("export", "--format", "tlfb", "--from", "2026-11-24", "--to", "2026-11-25", "--json").stdout)
    assert [d["status"] for d in document["days"]] == ["use", "no-use"]
    assert document["days"][0]["reasons"] == ["stress", "pain"]
    assert document["summary"]["percent_days_used"] == 50.0


def test_day_starts_at_moves_an_early_dose_to_the_day_before():
    ok("config", "set", "day_starts_at", "04:00")
    ok("dose", "2g", "Green", "--at", "2026-11-25 01:30")
    days = table(ok("export", "--format", "tlfb", "--from", "2026-11-24", "--to", "2026-11-25").stdout)
    assert [(d["date"], d["status"], d["first_dose"]) for d in days] == [("2026-11-24", "use", "01:30"), ("2026-11-25", "not-logged", "")]


def test_written_to_a_file_readable_only_by_its_owner(logged, tmp_path):
    target = tmp_path / "tlfb.csv"
    result = ok("export", "--format", "tlfb", "--from", "2026-11-24", "--to", "2026-11-24", "-o", str(target))
    assert "Timeline Followback calendar" in result.stdout
    assert target.read_text().startswith("date,status,doses")
    assert target.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    "args, message",
    [
        (["--from", "2026-11-26", "--to", "2026-11-24"], "--from 2026-11-26 is after --to 2026-11-24"),
        (["--from", "2024-01-01", "--to", "2026-11-24"], "at most 731 days"),
        (["--from", "someday"], "someday"),
        (["--summary", "--json"], "give one of --summary and --json"),
    ],
)
def test_bad_periods_are_refused_and_nothing_is_written(logged, args, message):
    before = everything()
    result = run("export", "--format", "tlfb", *args, now=NOW)
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.startswith("error: ")
    assert result.stdout == ""
    assert everything() == before


@pytest.mark.parametrize("option", [["--from", "yesterday"], ["--to", "yesterday"], ["--summary"], ["--json"]])
def test_tlfb_options_go_with_the_tlfb_format_only(option):
    result = run("export", "--format", "csv", *option, now=NOW)
    assert result.exit_code == 2
    assert "go with --format tlfb" in result.stderr
    assert not db_file().exists()


def test_text_written_into_the_database_by_hand_cannot_become_a_formula(logged):
    import sqlite3

    conn = sqlite3.connect(db_file())
    conn.execute("UPDATE dose SET reasons = '=HYPERLINK(\"x\")' WHERE id = 3")
    conn.commit()
    conn.close()
    days = table(ok("export", "--format", "tlfb", "--from", "2026-11-26", "--to", "2026-11-26").stdout)
    assert days[0]["reasons"] == "'=HYPERLINK(\"x\")"
