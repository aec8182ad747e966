"""Texts shown in several places are written once, in `core/texts.py`: the help lines, "a screen is
not a diagnosis", the instruments' caveats and bands, the severity order of the warning levels, the
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
    "0–1 none",
    "0–13 low",
    "see 'kratomlog signals'",
    "explains each one and its source",
    "rests on published evidence",
    "a rule of thumb, not a published finding",
    "not medical advice, and",
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
    from kratomlog.core.instruments import DSM5, PSS10, SOWS, band, interpret, parse_scores

    lines = [line for section in SECTIONS for line in section.lines]
    assert texts.NOT_ADVICE in lines and texts.SOWS_CAVEAT in lines
    dsm = interpret(DSM5, parse_scores(DSM5, ",".join(["y"] * 4 + ["n"] * 7)), previous_total=None)
    assert texts.DSM_CAVEAT in dsm.lines and f"(DSM-5 bands: {texts.DSM_BANDS_TEXT})." in " ".join(dsm.lines)
    assert [band(DSM5, n) for n in (0, 1, 2, 3, 4, 5, 6, 11)] == ["none", "none", "mild", "mild", "moderate",
                                                                  "moderate", "severe", "severe"]
    assert [band(PSS10, n) for n in (0, 13, 14, 26, 27, 40)] == ["low", "low", "moderate", "moderate", "high", "high"]
    assert band(SOWS, 30) is None
    assert texts.DSM_BANDS_TEXT == "0–1 none, 2–3 mild, 4–5 moderate, 6+ severe"
    assert texts.PSS_BANDS_TEXT == "0–13 low, 14–26 moderate, 27–40 high"


@pytest.mark.parametrize("level, rank", [("warning", 0), ("caution", 1), ("info", 2), ("unknown", 3)])
def test_severity_rank(level, rank):
    assert texts.severity_rank(level) == rank


def test_the_help_of_commands_quotes_the_shared_text():
    from helpers import run

    def shown(*args):
        text = run(*args, "--help", env={"COLUMNS": "200"}).stdout
        return " ".join(text.replace("│", " ").split())

    assert "A screen is not a diagnosis." in shown("signals")
    assert "A screen is not a diagnosis. Without --scores" in shown("check", "dsm")
    assert f"Not medical advice. {texts.SAMHSA_LINE}." in shown("info")
    assert "{" not in shown("signals") + shown("check", "dsm") + shown("info")


def test_the_dsm_screen_and_the_check_in_help_line_follow_the_bands():
    from kratomlog.core.instruments import DSM_SUGGEST_HELP_AT, SOWS_NOTABLE_RISE, SOWS_SUGGEST_HELP_AT
    from kratomlog.core.signals import BY_ID

    assert DSM_SUGGEST_HELP_AT == BY_ID["dsm-screen"].limits.moderate == texts.band_low(texts.DSM_BANDS, "moderate")
    assert (SOWS_SUGGEST_HELP_AT, SOWS_NOTABLE_RISE) == (BY_ID["withdrawal"].limits.total, BY_ID["withdrawal"].limits.rise)
