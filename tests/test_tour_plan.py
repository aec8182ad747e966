"""The demo tour's lessons are generated from the person's own signals (core.tour), and every
warning rule has plain words (core.plain_signals) for the tour and the handout."""

from __future__ import annotations

from kratomlog.core.plain_signals import PLAIN_WORDS, plain_words
from kratomlog.core.signals import RULES
from kratomlog.core.tour import BASIS_WORDS, plan_tour

MEANINGS = {rule.id: rule.meaning for rule in RULES}


def signal(rule_id: str, basis: str = "evidence", message: str = "7 doses a day") -> dict:
    rule = next(r for r in RULES if r.id == rule_id)
    return {"id": rule_id, "title": rule.title, "status": "active", "level": rule.level,
            "message": message, "basis": basis, "source": rule.source}


def test_every_rule_has_plain_words_and_no_words_are_left_over():
    assert set(PLAIN_WORDS) == {rule.id for rule in RULES}
    assert all(plain_words(i).endswith(".") and len(plain_words(i)) < 120 for i in PLAIN_WORDS)


def test_every_basis_of_the_registry_has_its_explanation():
    assert {rule.basis for rule in RULES} <= set(BASIS_WORDS)


def test_one_lesson_per_active_signal_in_the_order_given():
    steps = plan_tour("escalating", "more doses", [signal("frequency"), signal("escalation", "evidence+heuristic")],
                      MEANINGS, has_taper=False, has_sows=True)
    titles = [s.title for s in steps]
    assert titles.index("Signal: Doses per day") < titles.index("Signal: Rising amount")
    lesson = steps[titles.index("Signal: Rising amount")]
    assert "What it measured: 7 doses a day" in lesson.body
    assert any(MEANINGS["escalation"] in line for line in lesson.body)
    assert any("threshold is a heuristic" in s for s in lesson.sentences)
    assert any(plain_words("escalation") in s for s in lesson.sentences)


def test_a_person_whose_signals_differ_gets_a_different_tour():
    first = plan_tour("x", "y", [signal("frequency")], MEANINGS, has_taper=False, has_sows=False)
    second = plan_tour("x", "y", [signal("combination", "extrapolated"), signal("concentrate")], MEANINGS,
                       has_taper=False, has_sows=False)
    assert [s.title for s in first] != [s.title for s in second]
    assert "Signal: Combined with a depressant" in [s.title for s in second]
    assert "Signal: Doses per day" not in [s.title for s in second]


def test_no_active_signal_is_one_calm_lesson():
    steps = plan_tour("steady", "occasional use", [], MEANINGS, has_taper=False, has_sows=False)
    assert not any(s.title.startswith("Signal:") for s in steps)
    (panel,) = [s for s in steps if s.title == "Warning signals"]
    assert "No warning pattern is active" in panel.sentences[0]


def test_taper_and_withdrawal_lessons_only_when_there_is_something_to_show():
    bare = [s.title for s in plan_tour("x", "y", [], MEANINGS, has_taper=False, has_sows=False)]
    full = [s.title for s in plan_tour("x", "y", [], MEANINGS, has_taper=True, has_sows=True)]
    assert "The taper plan" not in bare and "A withdrawal check-in" not in bare
    assert "The taper plan" in full and "A withdrawal check-in" in full


def test_the_tour_shows_the_dose_line_the_week_the_report_and_the_help_lines():
    steps = plan_tour("x", "y", [], MEANINGS, has_taper=False, has_sows=False)
    commands = [s.command for s in steps if s.command]
    assert ("week",) in commands and ("report", "--format", "md") in commands
    assert any(c[0] == "list" for c in commands)
    assert any("1-800-662-4357" in line for line in steps[-1].body)


def test_no_lesson_has_more_than_three_sentences():
    steps = plan_tour("x", "y", [signal("frequency")], MEANINGS, has_taper=True, has_sows=True)
    assert all(1 <= len(s.sentences) <= 3 for s in steps)


def test_a_lesson_never_carries_control_codes_to_the_terminal():
    from kratomlog.cli.tour_view import render_step
    from kratomlog.core.tour import Step

    step = Step("Signal: x", ("one",), None, ("What it measured: \x1b]0;title\x07 [bold]Red[/bold]",))
    lines = render_step(step, 1, 1, [], 80, 24)
    assert not any("\x1b" in line or "\x07" in line for line in lines)
    assert any("[bold]Red[/bold]" in line for line in lines)
