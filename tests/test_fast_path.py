"""The pieces the fast path stands on: its argv parser (what it takes and what it leaves to Typer),
the user data folder found without platformdirs, number text without decimal, UUIDs without uuid."""

from __future__ import annotations

import os
import re
import uuid
from decimal import Decimal

import platformdirs
import pytest
from hypothesis import given, settings, strategies as st

from kratomlog import config
from kratomlog.cli import spec
from kratomlog.cli.fast import _NotPlain, parse_command, parse_globals, run
from kratomlog.core.amounts import typed_number as _number
from kratomlog.store.changes import new_uuid


def test_parse_dose_with_options_in_any_order():
    values = parse_command(spec.DOSE, ["--at", "1h ago", "3.5", "-r", "stress", "g", "--reason=pain", "Red", "--yes"])
    assert values == {"words": ["3.5", "g", "Red"], "at": "1h ago", "reason": ["stress", "pain"], "note": None,
                      "new": False, "yes": True, "batch": None, "stress": None, "craving": None}


def test_double_dash_ends_options_and_the_last_value_wins():
    values = parse_command(spec.DOSE, ["1g", "--at", "now", "--at", "2h ago", "--", "-x", "--new"])
    assert values["words"] == ["1g", "-x", "--new"] and values["at"] == "2h ago" and values["new"] is False


@pytest.mark.parametrize(
    "command, tokens",
    [
        (spec.DOSE, []),  # the amount is required
        (spec.DOSE, ["1g", "--help"]),
        (spec.DOSE, ["1g", "-h"]),
        (spec.DOSE, ["1g", "--at"]),  # a value is missing
        (spec.DOSE, ["1g", "--note", "--yes"]),  # a value that looks like an option
        (spec.DOSE, ["1g", "-yr", "stress"]),  # bundled short options
        (spec.DOSE, ["1g", "--ye"]),  # an abbreviation
        (spec.DOSE, ["1g", "--new=1"]),  # a flag given a value
        (spec.STRESS, ["4", "5"]),  # one word too many
        (spec.STRESS, ["-1"]),
        (spec.STATUS, ["--json", "x"]),
    ],
)
def test_what_is_not_plain_is_left_to_typer(command, tokens):
    with pytest.raises(_NotPlain):
        parse_command(command, tokens)


def test_globals_before_the_command():
    values, at = parse_globals(["--db", "x.db", "--demo", "--debug", "dose", "1g"])
    assert values == {"db": "x.db", "demo": True, "debug": True, "no_pager": False, "version": False} and at == 4
    assert parse_globals(["--db=y.db", "status"])[0]["db"] == "y.db"
    with pytest.raises(_NotPlain):
        parse_globals(["--verbose", "status"])


@pytest.mark.parametrize("argv", [[], ["--help"], ["week"], ["--db", "", "status"], ["strain", "list"], ["-h"]])
def test_run_declines(argv):
    assert run(argv) is None


@pytest.mark.parametrize(
    "env",
    [
        {"HOME": "/home/someone", "XDG_DATA_HOME": None},
        {"HOME": "/home/someone", "XDG_DATA_HOME": ""},
        {"HOME": "/home/someone", "XDG_DATA_HOME": "   "},
        {"HOME": "/home/someone", "XDG_DATA_HOME": "relative/data"},
        {"HOME": "/home/someone", "XDG_DATA_HOME": "/srv/data"},
        {"HOME": "/home/someone/", "XDG_DATA_HOME": "/srv/data/"},
    ],
)
def test_user_data_folder_is_platformdirs_own(monkeypatch, env):
    for key, value in env.items():
        if value is None:
            monkeypatch.delenv(key, raising=False)
        else:
            monkeypatch.setenv(key, value)
    expected = platformdirs.user_data_dir("kratomlog", appauthor=False)
    assert config.default_db_file() == f"{expected}/kratomlog.db"
    assert str(config.default_db_path()) == str(platformdirs.user_data_path("kratomlog", appauthor=False) / "kratomlog.db")


def test_relative_home_is_left_to_platformdirs(monkeypatch):
    monkeypatch.setenv("HOME", "relative")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert config._linux_user_data_dir() is None
    assert config.default_db_file() == platformdirs.user_data_dir("kratomlog", appauthor=False) + "/kratomlog.db"


def _decimal_number(value: float) -> str:
    text = format(Decimal(repr(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@settings(max_examples=300, deadline=None)
@given(st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([1e-5, 1.5e20, 1e16, 123456789012345678.0, -2.5e-7, 0.0, -0.0, 5e-324, 3.5, 0.1]),
))
def test_number_text_is_the_decimal_form(value):
    assert _number(value) == _decimal_number(value)


def test_new_uuid_is_a_random_version_4_uuid():
    made = {new_uuid() for _ in range(200)}
    assert len(made) == 200
    for text in made:
        parsed = uuid.UUID(text)
        assert parsed.version == 4 and str(parsed) == text
        assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", text)


def test_json_export_streams_with_the_c_encoder_and_is_byte_identical(monkeypatch, tmp_path, db_path):
    """One valid JSON document equal to `build_document`, the same bytes on two runs, and never the
    pure-Python encoder (which `indent=2` fell back to)."""
    import json
    import json.encoder

    from helpers import NOW, run
    from kratomlog.core.export_format import build_document
    from kratomlog.store.database import open_database
    from kratomlog.store.export_data import read_rows

    for args in (["dose", "3g", "Red \"Bali\" ✓", "--note", "line\nbreak", "-r", "stress", "--at", "2h ago"],
                 ["stress", "4"], ["other", "alcohol"], ["no-use", "--on", "2026-11-01"]):
        assert run(*args, now=NOW).exit_code == 0

    def pure_python(*args, **kwargs):
        raise AssertionError("the pure-Python JSON encoder was used")

    real = json.encoder._make_iterencode
    monkeypatch.setattr(json.encoder, "_make_iterencode", pure_python)
    outputs = []
    for n in range(2):
        target = tmp_path / f"e{n}.json"
        result = run("export", "-o", str(target), now=NOW)
        assert result.exit_code == 0, result.output
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    monkeypatch.setattr(json.encoder, "_make_iterencode", real)
    parsed = json.loads(outputs[0])
    db = open_database(db_path)
    try:
        assert parsed == build_document(read_rows(db), NOW)
    finally:
        db.close()
    assert parsed["doses"][0]["note"] == "line\nbreak" and len(parsed["ratings"]) == 1
