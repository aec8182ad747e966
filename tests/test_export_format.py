"""core/export_format: validating a kratomlog document into rows, and the spreadsheet CSV."""

from __future__ import annotations

import csv
import io

import pytest

from kratomlog.core.export_format import CSV_COLUMNS, Rows, build_csv, build_document, read_document
from kratomlog.core.invalid import Invalid
from kratomlog.core.settings import Settings

NOW = 1795780800  # Fri 2026-11-27 12:00:00 UTC

DSM_ITEMS = {
    "more_than_intended": 1, "cut_down": 0, "time_spent": 0, "craving": 1, "obligations": 0,
    "relationships": 0, "gave_up": 0, "hazardous": 0, "despite_problems": 0, "tolerance": 1, "withdrawal": 0,
}


def dose(**changes) -> dict:
    row = {
        "uuid": "d-1", "at": "2026-11-27T06:30:00-05:00", "amount": 3.5, "unit": "g", "grams": 3.5,
        "strain": "Red Bali", "mitragynine_pct": 1.6, "mitragynine_mg": 56.0, "mitragynine_estimated": False,
        "reasons": ["stress"], "note": None, "source_id": None, "created_at": "2026-11-27T06:31:00-05:00",
    }
    row.update(changes)
    return row


def document(**sections) -> dict:
    return {"format": "kratomlog", "version": 1, "exported_at": "2026-11-27T07:00:00-05:00", **sections}


def test_a_good_dose_becomes_stored_values():
    doc = read_document(document(doses=[dose(reasons=["stress", "pain", "stress"])]))
    (record,) = doc.sections["doses"]
    assert record["at"] == NOW - 1800  # 06:30 EST = 11:30 UTC
    assert record["created_at"] == NOW - 1740
    assert record["reasons"] == "stress,pain"
    assert record["mitragynine_estimated"] == 0
    assert record["row"] == "dose 1"
    assert doc.skipped == []


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"grams": -1}, "grams: out of range: -1"),
        ({"grams": True}, "grams: needs a number; got True"),
        ({"unit": "kg"}, "unit: needs one of g, mg, caps, tsp, tbsp, tablet, shot; got 'kg'"),
        ({"at": "2026-11-27T06:30:00"}, "at: '2026-11-27T06:30:00' has no UTC offset"),
        ({"at": "yesterday"}, "at: 'yesterday' is not a time"),
        ({"reasons": ["boredom"]}, "reasons: unknown reason 'boredom'"),
        ({"uuid": ""}, "uuid: needs a non-empty text"),
        ({"mitragynine_estimated": 1}, "mitragynine_estimated: needs true or false; got 1"),
    ],
)
def test_a_bad_dose_is_skipped_with_its_reason(changes, reason):
    doc = read_document(document(doses=[dose(uuid="ok"), dose(**changes)]))
    assert [r["uuid"] for r in doc.sections["doses"]] == ["ok"]
    (skipped,) = doc.skipped
    assert skipped.row == "dose 2"
    assert skipped.reason.startswith(reason)


def test_missing_required_key_but_absent_nullable_keys_are_null():
    row = dose()
    del row["note"], row["source_id"], row["created_at"]
    doc = read_document(document(doses=[row]))
    assert doc.skipped[0].reason == "has no 'created_at'"
    row["created_at"] = "2026-11-27T11:31:00Z"
    (record,) = read_document(document(doses=[row])).sections["doses"]
    assert record["note"] is None and record["source_id"] is None and record["created_at"] == NOW - 1740


def test_repeated_uuids_names_and_days_are_skipped():
    strain = {"uuid": "s-1", "name": "Red Bali", "form": "powder", "lab_tested": False, "archived": False,
              "created_at": "2026-11-27T12:00:00+00:00"}
    day = {"uuid": "n-1", "day": "2026-11-20", "created_at": "2026-11-27T12:00:00+00:00"}
    doc = read_document(document(
        doses=[dose(), dose()],
        strains=[strain, {**strain, "uuid": "s-2", "name": "red  BALI"}],
        no_use_days=[day, {**day, "uuid": "n-2"}],
    ))
    assert [(s.row, s.reason) for s in doc.skipped] == [
        ("strain 2", "repeats the name of strain 1"),
        ("dose 2", "repeats the uuid of dose 1"),
        ("no-use day 2", "repeats the day of no-use day 1"),
    ]


def test_questionnaire_items_must_be_complete_and_add_up_to_the_total():
    base = {"uuid": "q-1", "at": "2026-11-27T12:00:00Z", "instrument": "dsm5", "total": 3, "items": DSM_ITEMS,
            "created_at": "2026-11-27T12:00:00Z"}
    wrong_total = {**base, "uuid": "q-2", "total": 4}
    missing = {**base, "uuid": "q-3", "items": {"craving": 1}}
    doc = read_document(document(questionnaires=[base, wrong_total, missing]))
    assert [r["uuid"] for r in doc.sections["questionnaires"]] == ["q-1"]
    assert doc.sections["questionnaires"][0]["items"] == DSM_ITEMS
    reasons = {s.row: s.reason for s in doc.skipped}
    assert reasons["questionnaire 2"] == "total 4 does not match its items (they add up to 3)"
    assert reasons["questionnaire 3"] == ("total 3 given for a partial check-in (1 of 11 items); a partial "
                                          "check-in has no total")


def test_a_bad_taper_change_skips_its_whole_plan():
    plan = {"uuid": "t-1", "started_on": "2026-10-01", "start_g": 6.0, "step_value": 10, "step_percent": True,
            "every_days": 7, "floor_g": 0, "compound": False, "rounding_g": 0.25, "status": "active",
            "ended_on": None, "created_at": "2026-10-01T08:00:00Z",
            "changes": [{"uuid": "c-1", "day": "2026-10-09", "kind": "pause", "created_at": "2026-10-09T08:00:00Z"}]}
    doc = read_document(document(taper_plans=[plan]))
    assert doc.sections["taper_plans"] == []
    assert doc.skipped[0].reason == "change 1: kind: needs one of hold, adjust; got 'pause'"


def test_settings_are_validated_and_unknown_ones_left_out_with_a_note():
    doc = read_document(document(settings={"day_starts_at": "4:00", "week_starts": "Friday", "demo_database": "1"}))
    assert doc.settings == {"day_starts_at": "04:00"}
    assert any("week_starts was left out" in n for n in doc.notes)
    assert any("'demo_database' is not one kratomlog knows" in n for n in doc.notes)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"format": "other"}, 'expected an object with "format": "kratomlog"'),
        ([1, 2], 'expected an object with "format": "kratomlog"'),
        ({"format": "kratomlog", "version": 3}, "version 3 is not supported; this kratomlog reads versions 1, 2; upgrade"),
        ({"format": "kratomlog"}, "version None is not supported"),
        (document(doses={"a": 1}), '"doses" must be a list'),
        (document(settings=[]), '"settings" must be an object'),
    ],
)
def test_a_document_of_the_wrong_shape_is_invalid(data, message):
    with pytest.raises(Invalid, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_document(data)


def test_document_shows_instants_in_local_time_with_offset(tz):
    tz("America/New_York")
    rows = Rows(
        settings={"default_unit": "g", "day_starts_at": "00:00", "week_starts": "monday"},
        sections={"doses": [{"id": 9, "uuid": "u", "at": NOW - 1800, "amount": 2, "unit": "caps", "grams": 1.0,
                             "strain": None, "mitragynine_pct": None, "mitragynine_mg": None,
                             "mitragynine_estimated": 1, "reasons": "", "note": None, "source_id": None,
                             "created_at": NOW}]},
    )
    built = build_document(rows, NOW)
    assert built["exported_at"] == "2026-11-27T07:00:00-05:00"
    assert built["doses"] == [{
        "uuid": "u", "at": "2026-11-27T06:30:00-05:00", "amount": 2, "unit": "caps", "grams": 1.0, "strain": None,
        "batch": None, "mitragynine_pct": None, "mitragynine_mg": None, "mitragynine_estimated": True, "reasons": [], "note": None,
        "source_id": None, "created_at": "2026-11-27T07:00:00-05:00", "seven_oh_mg": None, "utc_offset": None, "zone": None,
    }]
    assert built["ratings"] == [] and built["taper_plans"] == []
    # a dose logged in Los Angeles: its `at` carries that offset (the same instant), with the zone
    rows.sections["doses"][0].update({"utc_offset": -480, "zone": "America/Los_Angeles"})
    (la,) = build_document(rows, NOW)["doses"]
    assert (la["at"], la["utc_offset"], la["zone"]) == ("2026-11-27T03:30:00-08:00", -480, "America/Los_Angeles")
    assert "id" not in built["doses"][0]


def test_csv_guards_free_text_and_is_rfc4180():
    rows = Rows(sections={
        "other_substances": [{"id": 2, "uuid": "o", "at": NOW, "substance": "@alcohol", "amount": "+2 beers",
                              "note": "-\tx", "created_at": NOW}],
        "doses": [{"id": 1, "uuid": "d", "at": NOW, "amount": 3.0, "unit": "g", "grams": 3.0, "strain": "=Red",
                   "mitragynine_pct": 1.5, "mitragynine_mg": 45.0, "mitragynine_estimated": 1,
                   "reasons": "stress,pain", "note": 'a, "b"\r\nc', "source_id": None, "created_at": NOW}],
    })
    text = build_csv(rows, Settings())
    assert text.startswith(",".join(CSV_COLUMNS) + "\r\n")
    records = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["kind"] for r in records] == ["dose", "other"]  # same instant: doses first
    first, second = records
    assert first["strain"] == "'=Red" and first["note"] == 'a, "b"\r\nc'
    assert first["reasons"] == "stress pain" and first["mitragynine_estimated"] == "true"
    assert first["id"] == "d1" and first["day"] == "2026-11-27" and first["at"] == "2026-11-27T12:00:00+00:00"
    assert second["substance"] == "'@alcohol" and second["other_amount"] == "'+2 beers" and second["note"] == "'-\tx"
    assert second["stress"] == "" and second["id"] == "o2"
