import re

from kratomlog.core.facts import HELPLINE, SECTIONS, Section, signal_lines
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
    assert HELPLINE == "SAMHSA National Helpline (free, confidential, 24/7): 1-800-662-4357"
    assert HELPLINE in lines
