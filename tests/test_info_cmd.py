"""`kratomlog info`: the signals with their sources, safety facts, legal note and helpline."""

from __future__ import annotations

from kratomlog.core.texts import HELP_LINES

import json

from helpers import everything, run
from kratomlog.core.signals import RULES


def test_info_text():
    result = run("info")
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())  # undo Rich's wrapping
    for rule in RULES:
        assert f"({rule.id}; {rule.level}; {rule.basis})" in text
        assert f"Source: {rule.source}." in text
    for needle in ("Salmonella", "lead and/or nickel", "7-OH", "midazolam", "HHS 2019", "check local law",
                   "not medical advice", "1-800-662-4357"):
        assert needle in text, needle


def test_info_json_and_bad_option():
    result = run("info", "--json")
    assert result.exit_code == 0, result.stderr
    sections = json.loads(result.stdout)
    assert [list(s) for s in sections] == [["title", "lines"]] * len(sections)
    assert sections[0]["title"] == "Warning signals"
    assert sections[-1]["lines"][-2:] == list(HELP_LINES)
    before = everything()
    bad = run("info", "--all")
    assert bad.exit_code == 2
    assert everything() == before
