"""Herbal Tracker+ import parsing (CSV export, JSON backup) and the spreadsheet quote guard."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings, strategies as st

from kratomlog.core.herbal import (
    BARE_LIST_STRAIN,
    detect_format,
    parse_herbal_csv,
    parse_herbal_json,
)
from kratomlog.core.invalid import Invalid
from kratomlog.core.spreadsheet import neutralise, unneutralise

HEADER = "date,time,iso_timestamp,strain_code,strain_name,amount_g,notes"


def utc(*args: int) -> int:
    return int(datetime(*args, tzinfo=timezone.utc).timestamp())


def csv_text(*rows: str) -> str:
    return "\ufeff" + "\r\n".join((HEADER, *rows)) + "\r\n"


# --- spreadsheet -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["=SUM(A1)", "+1", "-3", "@cmd", "\tx", "\rx", "\nx"])
def test_neutralise_prefixes_formula_starts_and_unneutralise_removes_it(text):
    assert neutralise(text) == "'" + text
    assert unneutralise("'" + text) == text


@pytest.mark.parametrize("text", [None, "", "Red Bali", "'tis fine", "3 g", "a=b"])
def test_ordinary_text_is_left_alone(text):
    assert neutralise(text) == text
    assert unneutralise(text) == text


@settings(max_examples=200)
@given(st.text())
def test_unneutralise_inverts_neutralise(text):
    if text.startswith("'") and len(text) > 1 and text[1] in "=+-@\t\r\n":
        return  # an already-quoted formula is ambiguous by construction of the format
    assert unneutralise(neutralise(text)) == text


# --- CSV ---------------------------------------------------------------------------------------


def test_csv_bom_quoting_and_prefix(tz):
    tz("America/New_York")
    text = csv_text(
        '2025-03-01,08:30,2025-03-01T08:30:00.000,RB,Red Bali,3.0,"calm, then ""sleepy"""',
        '2025-03-01,14:05,2025-03-01T14:05:00.000,RB,Red Bali,2.50,"line one\r\nline two"',
        "2025-03-02,09:00,2025-03-02T09:00:00.000,GM,Green Malay,1.75,'=not a formula",
        "2025-03-02,10:00,2025-03-02T10:00:00.000,'-X,'-Minus,2,",
    )
    parsed = parse_herbal_csv(text)
    assert parsed.format == "herbal-csv"
    assert parsed.skipped == ()
    first, second, third, fourth = parsed.doses
    assert first.note == 'calm, then "sleepy"'
    assert first.grams == 3.0 and first.strain == "Red Bali" and first.source_id is None
    assert first.at == utc(2025, 3, 1, 13, 30)  # 08:30 EST = 13:30 UTC
    assert first.row == "line 2"
    assert second.note == "line one\r\nline two" and second.grams == 2.5
    assert third.note == "=not a formula"
    assert fourth.strain == "-Minus" and fourth.note is None
    assert fourth.row == "line 6"  # the quoted note of line 3 spans two physical lines
    assert parsed.strains == ("Red Bali", "Green Malay", "-Minus")


def test_csv_z_timestamp_is_utc_and_local_ones_use_the_zone(tz):
    tz("America/New_York")
    text = csv_text(
        "2024-06-05,19:30,2024-06-05T23:30:00.000Z,RB,Red Bali,3.0,",
        "2024-06-05,20:00,2024-06-05T20:00:00.000,RB,Red Bali,3.0,",
    )
    z, local = parse_herbal_csv(text).doses
    assert z.at == utc(2024, 6, 5, 23, 30)
    assert local.at == utc(2024, 6, 6, 0, 0)  # 20:00 EDT
    berlin = parse_herbal_csv(text, tz=ZoneInfo("Europe/Berlin")).doses
    assert berlin[0].at == utc(2024, 6, 5, 23, 30)
    assert berlin[1].at == utc(2024, 6, 5, 18, 0)  # 20:00 CEST


def test_csv_falls_back_to_date_and_time(tz):
    tz("America/New_York")
    parsed = parse_herbal_csv(csv_text("2025-01-10,07:15,,RB,Red Bali,2.0,", "2025-01-10,07:45,garbage,RB,Red Bali,2.0,"))
    assert [d.at for d in parsed.doses] == [utc(2025, 1, 10, 12, 15), utc(2025, 1, 10, 12, 45)]


def test_csv_unknown_strain_and_bad_rows_are_reported():
    parsed = parse_herbal_csv(
        csv_text(
            "2025-03-01,08:30,2025-03-01T08:30:00.000,???,Unknown strain,3.0,",
            "2025-03-01,09:30,2025-03-01T09:30:00.000,RB,Red Bali,0,",
            "2025-03-01,10:30,2025-03-01T10:30:00.000,RB,Red Bali,-2,",
            "2025-03-01,11:30,2025-03-01T11:30:00.000,RB,Red Bali,lots,",
            "2025-13-01,25:30,not-a-time,RB,Red Bali,2.0,",
            "2025-03-01,12:30,2025-03-01T12:30:00.000,RB,Red Bali",
            "",
        )
    )
    assert [d.strain for d in parsed.doses] == ["Unknown strain"]
    assert parsed.doses[0].at == utc(2025, 3, 1, 8, 30)  # TZ=UTC by default
    rows = {s.row: s.reason for s in parsed.skipped}
    assert list(rows) == ["line 3", "line 4", "line 5", "line 6", "line 7"]
    assert "above 0" in rows["line 3"] and "above 0" in rows["line 4"]
    assert "bad amount 'lots'" in rows["line 5"]
    assert "bad timestamp" in rows["line 6"]
    assert rows["line 7"] == "expected 7 fields, found 5"


def test_csv_dst_repeated_time_is_read_early_with_a_note(tz):
    tz("America/New_York")
    parsed = parse_herbal_csv(csv_text("2025-11-02,01:30,2025-11-02T01:30:00.000,RB,Red Bali,2.0,"))
    assert parsed.doses[0].at == utc(2025, 11, 2, 5, 30)  # the first 01:30, still EDT
    assert len(parsed.notes) == 1 and "daylight-saving" in parsed.notes[0]


@pytest.mark.parametrize("text", ["", "\ufeff", "date,time,amount\n2025-01-01,08:00,3\n", '{"dosages": []}'])
def test_csv_with_wrong_header_is_invalid(text):
    with pytest.raises(Invalid, match="^not a Herbal Tracker\\+ CSV export: the first line must be date,time,"):
        parse_herbal_csv(text)


# --- JSON --------------------------------------------------------------------------------------

BACKUP = {
    "version": 1,
    "createdAt": "2025-03-05T10:00:00.000",
    "strains": [
        {"id": "s1", "name": "Red Bali", "code": "RB", "color": 4294198070, "icon": "leaf"},
        {"id": "s2", "name": "Unknown strain", "code": "???", "color": 0, "icon": "leaf"},
        {"id": 3, "name": "Green Malay", "code": "GM", "color": 0, "icon": "leaf"},
    ],
    "dosages": [
        {"id": "a1", "strainId": "s1", "amount": 3.0, "timestamp": "2025-03-01T08:30:00.000", "notes": "morning"},
        {"id": "a2", "strainId": "s2", "amount": 2.5, "timestamp": "2025-03-01T23:30:00.000Z", "notes": ""},
        {"id": "a3", "strainId": 3, "amount": 2, "timestamp": "2025-03-02T09:00:00.000", "notes": None},
        {"id": "a4", "strainId": "gone", "amount": 2.0, "timestamp": "2025-03-02T10:00:00.000", "notes": ""},
        {"id": "a5", "strainId": "s1", "amount": 0, "timestamp": "2025-03-02T11:00:00.000", "notes": ""},
        {"id": "a6", "strainId": "s1", "amount": 2.0, "timestamp": "yesterday", "notes": ""},
        {"id": "a7", "amount": 2.0, "timestamp": "2025-03-02T12:00:00.000"},
        {"id": "a8", "strainId": "s1", "amount": "2", "timestamp": "2025-03-02T12:00:00.000"},
        {"id": "a9", "strainId": "s1", "amount": 1.5, "timestamp": 1740900000},
    ],
    "settings": {"unit": "g", "theme": "dark"},
    "userName": "Alex Example",
}


def test_json_backup(tz):
    tz("America/New_York")
    parsed = parse_herbal_json(json.dumps(BACKUP))
    assert parsed.format == "herbal-json"
    assert [(d.source_id, d.strain, d.grams, d.note, d.row) for d in parsed.doses] == [
        ("a1", "Red Bali", 3.0, "morning", "dosage 1"),
        ("a2", "Unknown strain", 2.5, None, "dosage 2"),
        ("a3", "Green Malay", 2.0, None, "dosage 3"),
    ]
    assert [d.at for d in parsed.doses] == [
        utc(2025, 3, 1, 13, 30),  # 08:30 EST
        utc(2025, 3, 1, 23, 30),  # Z
        utc(2025, 3, 2, 14, 0),  # 09:00 EST
    ]
    assert parsed.strains == ("Red Bali", "Unknown strain", "Green Malay")
    reasons = {s.row: s.reason for s in parsed.skipped}
    assert reasons == {
        "dosage 4": "strain id 'gone' is not among the file's strains",
        "dosage 5": "amount must be above 0 g (got 0)",
        "dosage 6": "bad timestamp 'yesterday' (expected e.g. 2025-03-01T08:30:00.000)",
        "dosage 7": "missing strain id",
        "dosage 8": "bad amount '2' (needs a number of grams above 0)",
        "dosage 9": "bad timestamp 1740900000 (expected e.g. 2025-03-01T08:30:00.000)",
    }
    everything = repr(parsed)
    assert "Alex" not in everything and "dark" not in everything


def test_json_local_times_can_be_read_in_a_given_zone():
    parsed = parse_herbal_json(json.dumps(BACKUP), tz=ZoneInfo("Asia/Tokyo"))
    assert parsed.doses[0].at == utc(2025, 2, 28, 23, 30)  # 08:30 JST = 23:30 UTC the day before
    assert parsed.doses[1].at == utc(2025, 3, 1, 23, 30)  # Z is never moved


def test_json_bare_list_goes_under_one_strain_with_a_note():
    text = "\ufeff" + json.dumps(
        [
            {"id": 7, "strainId": "x", "amount": 2.25, "timestamp": "2025-03-01T08:30:00.000", "notes": "x"},
            {"id": 8, "strainId": "y", "amount": -1, "timestamp": "2025-03-01T09:30:00.000", "notes": ""},
        ]
    )
    assert detect_format(text) == "herbal-json"
    parsed = parse_herbal_json(text)
    assert [(d.source_id, d.strain, d.grams, d.at) for d in parsed.doses] == [
        ("7", BARE_LIST_STRAIN, 2.25, utc(2025, 3, 1, 8, 30))
    ]
    assert parsed.strains == (BARE_LIST_STRAIN,)
    assert parsed.skipped[0].row == "dosage 2" and "above 0" in parsed.skipped[0].reason
    assert any(BARE_LIST_STRAIN in note and "without strain names" in note for note in parsed.notes)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "^not a Herbal Tracker\\+ backup: invalid JSON at line 1, column 2"),
        ("", "^not a Herbal Tracker\\+ backup: invalid JSON"),
        ('"a string"', "expected an object"),
        ('{"version": 1, "strains": []}', 'expected a "dosages" list'),
        ('{"version": 2, "dosages": []}', "version 2 is not supported; version 1 is"),
        ('{"dosages": [], "strains": "nope"}', '"strains" must be a list'),
    ],
)
def test_malformed_json_is_invalid(text, message):
    with pytest.raises(Invalid, match=message) as caught:
        parse_herbal_json(text)
    assert "\n" not in str(caught.value)


def test_detect_format():
    assert detect_format(csv_text()) == "herbal-csv"
    assert detect_format(HEADER + "\n") == "herbal-csv"
    assert detect_format(json.dumps(BACKUP)) == "herbal-json"
    assert detect_format("[]") == "herbal-json"
    assert detect_format("{broken") is None
    assert detect_format('{"foo": 1}') is None
    assert detect_format("date,time,amount\n") is None
    assert detect_format("") is None
