"""Texts shown in several places are written once, in `core/texts.py`: the help lines, "a screen is
not a diagnosis", the instruments' caveats and reference figures (their bands are part of each
`Instrument`), the severity order of the warning levels, the
basis words and the pointer to `kratomlog signals`. This test fails when one of them (or a key phrase
of one) is written out in any other module of the program — docstrings and `--help` included."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kratomlog.core import texts

SRC = Path(texts.__file__).resolve().parents[1]
HOME = Path(texts.__file__).resolve()

# Phrases that give a shared text away even when it is reworded around them.
KEY_PHRASES = (
    "a screen is not a diagnosis",
    "1-800-662-4357",
    "1-800-222-1222",
    "no published severity bands",
    "alone already reach",
    "13.5 (SD 11.9)",
    "12.1 (SD 5.9)",
    "is a study convention",
    "see 'kratomlog signals'",
    "explains each one and its source",
    "rests on published evidence",
    "a rule of thumb, not a published finding",
    "not medical advice, and",
    "'need'} more data",
)


def _shared_strings() -> list[str]:
    """Every string `core.texts` declares at module level (in tuples and dicts too), long enough
    that finding it elsewhere means a copy."""
    found: list[str] = []
    for name, value in vars(texts).items():
        if name.startswith("_"):
            continue
        values = value.values() if isinstance(value, dict) else value if isinstance(value, tuple) else (value,)
        found += [v for v in values if isinstance(v, str) and len(v) >= 20]  # not the basis/level words
    return found


LEVELS = set(texts.LEVELS_BY_SEVERITY)


def _level_orders(tree: ast.AST) -> list[int]:
    """Lines of tuple literals, or dicts of numbers, that spell out the warning levels (a second
    severity order; a dict of styles per level is not an order)."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            ranks = all(isinstance(v, ast.Constant) and type(v.value) is int for v in node.values)
            items = node.keys if ranks else None
        else:
            items = node.elts if isinstance(node, (ast.Tuple, ast.List)) else None
        if items is None:
            continue
        words = {i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)}
        if words == LEVELS:
            lines.append(node.lineno)
    return lines


def offenders(sources: dict[str, str]) -> list[str]:
    shared = _shared_strings()
    found = []
    for where, code in sources.items():
        lowered = code.lower()
        found += [f"{where}: {text!r}" for text in shared if text.lower() in lowered]
        found += [f"{where}: {phrase!r}" for phrase in KEY_PHRASES if phrase.lower() in lowered]
        found += [f"{where}:{line}: a severity order" for line in _level_orders(ast.parse(code))]
    return found


def _program() -> dict[str, str]:
    return {str(p.relative_to(SRC)): p.read_text(encoding="utf-8")
            for p in sorted(SRC.rglob("*.py")) if p.resolve() != HOME}


def test_no_shared_text_is_written_outside_core_texts():
    assert offenders(_program()) == []


def test_the_scan_finds_a_copy():
    planted = {
        "a.py": 'LINE = "Call SAMHSA on 1-800-662-4357"\n',
        "b.py": f'X = {texts.SOWS_CAVEAT!r}\n',
        "c.py": '"""Remember: A screen is not a diagnosis."""\n',
        "d.py": '_SEVERITY = {"warning": 0, "caution": 1, "info": 2}\n',
        "e.py": 'LEVELS = ("info", "caution", "warning")\n',
    }
    found = offenders(planted)
    assert {f.split(":")[0] for f in found} == set(planted)


def test_the_shared_texts_are_the_ones_each_place_shows():
    from kratomlog.core.facts import SECTIONS
    from kratomlog.core.instruments import DSM5, PSS10, SOWS, interpret, parse_scores
    from kratomlog.core.report import PSS_CAVEAT

    lines = [line for section in SECTIONS for line in section.lines]
    assert texts.NOT_ADVICE in lines and texts.SOWS_CAVEAT in lines
    dsm = interpret(DSM5, parse_scores(DSM5, ",".join(["y"] * 4 + ["n"] * 7)), previous_total=None)
    assert texts.DSM_CAVEAT in dsm.lines
    sows = interpret(SOWS, parse_scores(SOWS, ",".join(["1"] * 16)), previous_total=None)
    assert f"For reference: {texts.SOWS_REFERENCE}." in sows.lines
    pss = interpret(PSS10, parse_scores(PSS10, ",".join(["2"] * 10)), previous_total=None)
    assert f"Published norms: {texts.PSS_NORMS}." in pss.lines and texts.PSS_NORMS in PSS_CAVEAT


@pytest.mark.parametrize("level, rank", [("warning", 0), ("caution", 1), ("info", 2), ("unknown", 3)])
def test_severity_rank(level, rank):
    assert texts.severity_rank(level) == rank


def test_the_help_of_commands_quotes_the_shared_text():
    from helpers import run

    def shown(*args):
        text = run(*args, "--help", env={"COLUMNS": "200"}).stdout
        return " ".join(text.replace("│", " ").split())

    assert "A screen is not a diagnosis." in shown("signals")
    assert "A screen is not a diagnosis." in shown("check", "dsm")
    assert f"Not medical advice. {texts.SAMHSA_LINE}." in shown("info")
    assert "{" not in shown("signals") + shown("check", "dsm") + shown("info")


def test_the_dsm_screen_and_the_check_ins_use_the_same_numbers():
    from kratomlog.core.instruments import (
        DSM5,
        DSM_SUGGEST_HELP_AT,
        SOWS,
        SOWS_NOTABLE_RISE,
        SOWS_SUGGEST_HELP_AT,
        band,
    )
    from kratomlog.core.signals import BY_ID

    dsm = BY_ID["dsm-screen"].limits
    # the rule's bands start where the instrument's do (signals cannot import the instruments: fast path)
    lows = {word: min(n for n in range(DSM5.total_min, DSM5.total_max + 1) if band(DSM5, n) == word)
            for word in ("mild", "moderate", "severe")}
    assert lows == {"mild": dsm.mild, "moderate": dsm.moderate, "severe": dsm.severe}
    assert dsm.criteria == len(DSM5.items)
    assert DSM_SUGGEST_HELP_AT == DSM5.help_at == dsm.moderate
    withdrawal = BY_ID["withdrawal"].limits
    assert (SOWS_SUGGEST_HELP_AT, SOWS.help_at, SOWS_NOTABLE_RISE) == (withdrawal.total, withdrawal.total, withdrawal.rise)
