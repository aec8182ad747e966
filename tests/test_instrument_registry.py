"""An instrument is described in one place: a questionnaire added as ONE definition in
`core.instruments.INSTRUMENTS` works in `check`, `check history`, `list`, `edit`, export/import and
the report, with its own names, scale, reverse items and bands — and without it none of that
knows the name (so these tests can fail)."""

from __future__ import annotations

import json

import pytest

from helpers import NOW, everything, run
from kratomlog.core.instruments import INSTRUMENTS, Anchor, Band, Instrument, Item

DUMMY = Instrument(
    id="wb3",
    title="WB-3 (a three-item wellbeing check made up for this test)",
    name="WB-3",
    column_name="WB-3",
    command="wellbeing",
    time_frame="over the last two weeks",
    items=(Item("cheerful", "I have felt cheerful"), Item("tense", "I have felt tense"), Item("rested", "I woke rested")),
    scale=tuple(Anchor(v, w) for v, w in enumerate(("never", "sometimes", "often", "always"))),
    reverse=frozenset({"tense"}),
    total_min=0,
    total_max=9,
    source="made up for kratomlog's tests",
    aliases=("wb",),
    bands=(Band(3, "low"), Band(None, "fine")),
    band_basis="a band made up for the test",
)


@pytest.fixture
def with_dummy(monkeypatch):
    """The one line a new questionnaire needs: its definition in the registry (the `check` group is
    built from the registry when the program starts; here it is rebuilt after adding it)."""
    from kratomlog.cli import check_cmds

    monkeypatch.setitem(INSTRUMENTS, DUMMY.id, DUMMY)
    monkeypatch.setattr(check_cmds, "app", check_cmds.build())


def test_without_the_definition_nothing_knows_it():
    before = everything()
    result = run("check", "wellbeing", "--scores", "1,2,3")
    assert result.exit_code == 2 and "No such command 'wellbeing'" in result.stderr and everything() == before
    result = run("check", "history", "--instrument", "wb3")
    assert result.exit_code == 2 and "unknown questionnaire 'wb3'" in result.stderr


def test_check_takes_it_scores_it_with_its_reverse_item_and_bands(with_dummy):
    result = run("check", "wellbeing", "--scores", "3,1,2", now=NOW)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Saved q1: WB-3 at ")
    # cheerful 3 + tense reversed (3 − 1 = 2) + rested 2 = 7 → "fine"
    assert "WB-3 total: 7/9 (over the last two weeks)." in result.stdout
    assert "Band: fine (a band made up for the test: 0–3 low, 4+ fine)." in result.stdout
    history = json.loads(run("check", "history", "--json").stdout)
    assert [(h["instrument"], h["total"], h["total_max"], h["items"]) for h in history] == [
        ("wb3", 7, 9, {"cheerful": 3, "tense": 1, "rested": 2})
    ]


def test_its_other_names_and_asking_item_by_item_work(with_dummy):
    assert run("check", "wb", "--scores", "0,3,0", now=NOW - 60).exit_code == 0
    asked = run("check", "wb3", input="1\n1\n1\n", now=NOW)
    assert asked.exit_code == 0, asked.output
    assert asked.stdout.startswith("WB-3 (a three-item wellbeing check made up for this test). Answers: 0 never")
    assert "1/3 I have felt cheerful [0–3]: 1" in asked.stdout
    assert "Change since your last WB-3: +4." in asked.stdout  # 1 + (3 − 1) + 1 after 0 + (3 − 3) + 0
    rows = json.loads(run("check", "history", "--instrument", "WB", "--json").stdout)
    assert [r["total"] for r in rows] == [4, 0]


@pytest.mark.parametrize(
    "args, message",
    [
        (("--scores", "1,2"), "--scores needs 3 comma-separated values 0–3 in item order; got 2"),
        (("--scores", "1,2,4"), "value 3 (rested) is '4'"),
        (("--item", "cheerful=1"), "No such option: --item"),  # no partial check-ins for it
    ],
)
def test_bad_answers_are_refused_with_one_line_and_nothing_is_written(with_dummy, args, message):
    assert run("check", "wellbeing", "--scores", "1,1,1").exit_code == 0
    before = everything()
    result = run("check", "wellbeing", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and message in result.stderr and len(result.stderr.splitlines()) == 1
    assert everything() == before


def test_list_edit_and_help_read_the_definition(with_dummy):
    assert run("check", "wellbeing", "--scores", "0,0,0", now=NOW).exit_code == 0
    assert "WB-3 total 3" in run("list").stdout
    edited = run("edit", "q1", "--item", "cheerful=3", now=NOW)
    assert edited.exit_code == 0, edited.output
    assert json.loads(run("check", "history", "--json").stdout)[0]["total"] == 6
    listed = run("check", "--help", env={"COLUMNS": "200"}).stdout
    assert "wellbeing" in listed and "WB-3 (a three-item wellbeing check" in listed
    helped = run("check", "wellbeing", "--help", env={"COLUMNS": "200"}).stdout
    assert "Example: kratomlog check wellbeing --scores 0,1,2" in helped and "Items in order: cheerful, tense, rested." in helped


def test_export_and_import_carry_it(with_dummy, tmp_path, monkeypatch):
    assert run("check", "wellbeing", "--scores", "2,2,2", now=NOW).exit_code == 0
    exported = tmp_path / "out.json"
    assert run("export", "-o", str(exported), now=NOW).exit_code == 0
    document = json.loads(exported.read_text())
    assert [(q["instrument"], q["total"], q["items"]) for q in document["questionnaires"]] == [
        ("wb3", 5, {"cheerful": 2, "tense": 2, "rested": 2})
    ]
    monkeypatch.setenv("KRATOMLOG_DB", str(tmp_path / "other.db"))
    imported = run("import", str(exported), "--json", now=NOW)
    assert imported.exit_code == 0, imported.output
    assert json.loads(imported.stdout)["added"]["questionnaires"] == 1
    again = json.loads(run("check", "history", "--json").stdout)
    assert [(h["instrument"], h["total"], h["items"]) for h in again] == [("wb3", 5, {"cheerful": 2, "tense": 2, "rested": 2})]


def test_the_report_shows_it(with_dummy):
    assert run("check", "wellbeing", "--scores", "1,3,0", now=NOW - 8 * 86400).exit_code == 0  # in the last finished week
    report = run("report", "--weeks", "1", now=NOW)
    assert report.exit_code == 0, report.output
    assert "WB-3: 1/9 on " in report.stdout and "band low (a band made up for the test)" in report.stdout
