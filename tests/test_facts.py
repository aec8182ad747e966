import re

from kratomlog.core.facts import SECTIONS, Section, signal_lines
from kratomlog.core.texts import HELP_LINES
from kratomlog.core.signals import RULES, Rule, check_frequency


def _all_text() -> str:
    return "\n".join(line for s in SECTIONS for line in s.lines)


def _section(title: str) -> Section:
    return next(s for s in SECTIONS if s.title == title)


def test_sections_are_plain_and_non_empty():
    assert len({s.title for s in SECTIONS}) == len(SECTIONS)
    for s in SECTIONS:
        assert s.lines and all(isinstance(line, str) and line.strip() for line in s.lines)


def test_every_rule_is_described_with_its_basis_and_source():
    lines = _section("Warning signals").lines
    for rule in RULES:
        line = next(line for line in lines if f"({rule.id};" in line)
        assert rule.basis in line and rule.source in line and rule.meaning in line and rule.level in line
    assert len(lines) == len(RULES) + 1


def test_signal_lines_follow_the_registry():
    extra = Rule("new-rule", "A new rule", "info", "heuristic", "somewhere 2030", "Means this.", check_frequency)
    lines = signal_lines(RULES + (extra,))
    assert lines[-1] == "A new rule (new-rule; info; heuristic): Means this. Source: somewhere 2030."


def test_harm_reduction_facts_and_sources():
    text = _all_text()
    for needle in ("Salmonella", "199", "41 states", "lead and/or nickel", "15 July 2025", "29 July 2025",
                   "Brown et al. 2025", "2% of the alkaloid fraction", "Tanna et al. 2023", "1.39",
                   "MMWR 2019", "Kiyokawa et al. 2023", "HHS 2019", "heuristics", "low-quality evidence"):
        assert needle in text, needle
    assert "extrapolated from opioid guidance" in _section("Interactions").lines[-1]


def test_legal_note_is_dated_and_never_states_current_legality():
    lines = _section("Legal status").lines
    assert any("Dated note, written in 2025" in line and "check local law" in line for line in lines)
    assert not any("EVIDENCE" in line for line in lines)  # an internal file name is not for users
    assert not re.search(r"\bis (now )?(il)?legal\b", _all_text(), re.IGNORECASE)


def test_not_medical_advice_and_helpline():
    lines = _section("About this information").lines
    assert any("not medical advice" in line for line in lines)
    for line in HELP_LINES:
        assert line in lines
    text = " ".join(lines)
    assert "1-800-662-4357" in text and "1-800-222-1222" in text and "911" in text
    assert "local emergency number" in text


def test_liver_injury_warning_signs():
    text = " ".join(_section("Liver").lines)
    for sign in ("dark urine", "yellow skin or eyes", "itching", "belly pain"):
        assert sign in text
    assert "clinician" in text and "Schimmel & Dart 2020" in text


def test_leaf_range_reads_1_3_to_2_0_percent():
    text = " ".join(_section("Dosing").lines)
    assert "1.3–2.0%" in text and "1.95%" in text and "1.3–1.9" not in text
