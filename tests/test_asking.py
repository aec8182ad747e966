"""The interactive questionnaire state machine."""

from __future__ import annotations

import pytest

from kratomlog.core.asking import Asker
from kratomlog.core.instruments import DSM5, PSS10, SOWS, score


def test_prompt_shows_position_item_and_range_and_the_intro_the_anchors_once():
    asker = Asker(SOWS)
    assert asker.prompt() == "1/16 I feel anxious [0–4]: "
    asker.answer("0")
    asker.answer("1")
    assert asker.prompt() == "3/16 I am perspiring [0–4]: "
    assert "Type b to go back" in asker.intro and "right now" in asker.intro
    assert "Answers: 0 not at all, 1 a little, 2 moderately, 3 quite a bit, 4 extremely." in asker.intro


def test_a_stem_every_item_shares_is_shown_once():
    asker = Asker(PSS10)
    assert 'Each question begins "In the last month, how often have you …".' in asker.intro
    assert asker.prompt() == "1/10 …been upset because of something that happened unexpectedly? [0–4]: "
    assert Asker(SOWS).stem == "" and Asker(DSM5).stem == ""  # "I feel" is too short to factor out


def test_dsm_prompt_is_a_question_with_yes_no():
    asker = Asker(DSM5)
    assert asker.prompt() == "1/11 Have you taken kratom in larger amounts, or for longer, than you meant to? [y/n]: "
    assert "Answers: y yes, n no." in asker.intro


def test_empty_answer_is_required_and_reasks_same_item():
    asker = Asker(SOWS)
    asker.answer("2")
    before = asker.prompt()
    message = asker.answer("   ")
    assert message == "An answer is needed: type 0–4, or b to go back."
    assert asker.prompt() == before
    assert asker.answers == {"anxious": 2}


@pytest.mark.parametrize("bad", ["5", "-1", "x", "1.5", "y", "22"])
def test_invalid_answer_says_what_is_accepted(bad):
    asker = Asker(PSS10)
    message = asker.answer(bad)
    assert message == f"{bad!r} is not an answer here: type 0–4, or b to go back."
    assert asker.prompt().startswith("1/10 ")
    assert asker.answers == {} and not asker.done


@pytest.mark.parametrize("bad", ["2", "maybe", "yep"])
def test_dsm_invalid_answer(bad):
    message = Asker(DSM5).answer(bad)
    assert message == f"{bad!r} is not an answer here: type y/n (or 1/0), or b to go back."


def test_back_on_first_item_stays():
    asker = Asker(SOWS)
    assert asker.answer("b") == "This is the first item; there is nothing to go back to."
    assert asker.prompt().startswith("1/16 I feel anxious")


def test_back_returns_to_previous_item_and_forgets_its_answer():
    asker = Asker(SOWS)
    asker.answer("3")
    asker.answer("2")
    assert asker.answer("BACK") is None
    assert asker.prompt().startswith("2/16 I feel like yawning")
    assert asker.answers == {"anxious": 3}
    assert asker.answer("b") is None
    assert asker.answers == {}
    asker.answer("1")
    assert asker.answers == {"anxious": 1}


def test_completion_gives_every_answer_in_order():
    asker = Asker(PSS10)
    typed = ["3", "2", "3", "1", "1", "3", "2", "1", "3"]
    for word in typed:
        assert asker.answer(word) is None
        assert not asker.done
    assert asker.prompt().startswith("10/10 …felt difficulties were piling up")
    assert asker.answer(" 2 ") is None
    assert asker.done
    assert list(asker.answers.values()) == [3, 2, 3, 1, 1, 3, 2, 1, 3, 2]
    assert score(PSS10, asker.answers) == 27  # hand-computed in test_instruments
    with pytest.raises(RuntimeError):
        asker.prompt()
    with pytest.raises(RuntimeError):
        asker.answer("1")


def test_dsm_accepts_words_and_digits():
    asker = Asker(DSM5)
    for word in ["y", "n", "Yes", "no", "1", "0", "Y", "N", "yes", "no", "1"]:
        assert asker.answer(word) is None
    assert asker.done
    assert score(DSM5, asker.answers) == 6


def test_back_after_mistake_then_finish():
    asker = Asker(SOWS)
    for _ in range(15):
        asker.answer("0")
    assert asker.answer("b") is None
    asker.answer("4")
    asker.answer("1")
    assert asker.done
    assert asker.answers["cramps"] == 4 and asker.answers["craving"] == 1
    assert score(SOWS, asker.answers) == 5
