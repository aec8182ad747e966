"""SOWS-16, DSM-5 self-check and PSS-10: data, parsing, scoring and interpretation."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kratomlog.core.instruments import (
    DSM5,
    INSTRUMENTS,
    NOT_A_DIAGNOSIS,
    PSS10,
    SOWS,
    get_instrument,
    interpret,
    is_complete,
    total_or_none,
    parse_item_flags,
    parse_scores,
    score,
    validate_answers,
)
from kratomlog.core.invalid import Invalid
from kratomlog.core.texts import EMERGENCY_LINE, HELP_LINES, SAMHSA_LINE

SAMHSA_HELPLINE = SAMHSA_LINE

SOWS_KEYS = (
    "anxious yawning perspiring eyes_tearing nose_running gooseflesh shaking hot_flashes "
    "cold_flashes aches restless nauseous vomit twitching cramps craving"
).split()
DSM_KEYS = (
    "more_than_intended cut_down time_spent craving obligations relationships gave_up hazardous "
    "despite_problems tolerance withdrawal"
).split()
PSS_KEYS = "upset control nervous confident going_your_way cope irritations on_top angered piling_up".split()


def answers(instrument, values):
    return dict(zip([i.key for i in instrument.items], values, strict=True))


def dsm_with(count):
    return answers(DSM5, [1] * count + [0] * (11 - count))


# --- the data -------------------------------------------------------------------------------


def test_agreed_item_keys_in_order():
    assert [i.key for i in SOWS.items] == SOWS_KEYS
    assert [i.key for i in DSM5.items] == DSM_KEYS
    assert [i.key for i in PSS10.items] == PSS_KEYS
    assert set(INSTRUMENTS) == {"sows", "dsm5", "pss10"}


# EVIDENCE.md §1–§3, copied here word for word so a change to either side is caught.
EVIDENCE_SOWS = (
    "I feel anxious", "I feel like yawning", "I am perspiring", "My eyes are tearing", "My nose is running",
    "I have goose flesh", "I am shaking", "I have hot flushes", "I have cold flushes",
    "My bones and muscles ache", "I feel restless", "I feel nauseous", "I feel like vomiting",
    "My muscles twitch", "I have stomach cramps", "I feel like using now",
)  # fmt: skip
EVIDENCE_DSM = (
    "Have you taken kratom in larger amounts, or for longer, than you meant to?",
    "Have you wanted to cut down or control your kratom use, or tried to and not managed?",
    "Have you spent a lot of time getting kratom, using it, or recovering from its effects?",
    "Have you had cravings — a strong wish or urge to use kratom?",
    "Has your kratom use made you fail to do what you had to at work, school or home?",
    "Have you kept using kratom although it caused or worsened problems with other people?",
    "Have you given up or cut down important social, work or leisure activities because of kratom?",
    "Have you used kratom again and again in situations where that was physically dangerous (for example "
    "before driving)?",
    "Have you kept using kratom although you knew it caused or worsened a lasting physical or psychological "
    "problem?",
    "Have you needed clearly more kratom for the same effect, or felt much less from the same amount?",
    "Have you had withdrawal symptoms when you cut down or stopped, or used kratom (or something like it) to "
    "relieve or avoid them?",
)
EVIDENCE_PSS = (
    "been upset because of something that happened unexpectedly?",
    "felt that you were unable to control the important things in your life?",
    'felt nervous and "stressed"?',
    "felt confident about your ability to handle your personal problems?",
    "felt that things were going your way?",
    "found that you could not cope with all the things that you had to do?",
    "been able to control irritations in your life?",
    "felt that you were on top of things?",
    "been angered because of things that were outside of your control?",
    "felt difficulties were piling up so high that you could not overcome them?",
)


def test_sows_items_are_the_published_first_person_statements():
    assert tuple(i.text for i in SOWS.items) == EVIDENCE_SOWS
    assert "right now" in SOWS.instructions
    assert "adapted" in SOWS.source and "shooting up" in SOWS.source  # item 16 says it is adapted


def test_every_dsm_item_names_kratom_and_the_link_to_use():
    assert tuple(i.text for i in DSM5.items) == EVIDENCE_DSM
    for item in DSM5.items:
        assert "kratom" in item.text, item.key
        assert item.text.endswith("?")
    assert "adapted by kratomlog" in DSM5.source and "American Psychiatric Association" in DSM5.source


def test_pss_items_are_the_published_wording_with_attribution():
    for item, published in zip(PSS10.items, EVIDENCE_PSS, strict=True):
        assert item.text == "In the last month, how often have you " + published
    assert PSS10.source.startswith("Perceived Stress Scale, Cohen, Kamarck & Mermelstein 1983")


def test_each_instrument_declares_its_wording_version():
    # version 1 was 0.1.0's shortened wording; the published wording is version 2
    assert SOWS.version == DSM5.version == PSS10.version == 2


def test_dsm_result_lists_the_criteria_answered_yes():
    result = interpret(DSM5, answers(DSM5, [0] * 3 + [1] + [0] * 5 + [1, 1]), None)
    assert "Answered yes: craving, tolerance, withdrawal." in result.lines
    assert "Answered yes: none." in interpret(DSM5, dsm_with(0), None).lines


@pytest.mark.parametrize(("total", "helped"), [(12, False), (13, True), (64, True)])
def test_sows_help_lines_from_thirteen(total, helped):
    values = [4] * (total // 4) + [total % 4] + [0] * (16 - total // 4 - 1) if total < 64 else [4] * 16
    result = interpret(SOWS, answers(SOWS, values), None)
    assert result.total == total
    assert result.suggest_help is helped
    for line in HELP_LINES:
        assert (line in result.lines) is helped
    body = text_of(result)
    assert ("1-800-662-4357" in body) is helped
    assert ("1-800-222-1222" in body and "911" in body and "local emergency number" in body) is helped


def test_wording_and_anchors_follow_evidence():
    assert [a.label for a in SOWS.scale] == ["not at all", "a little", "moderately", "quite a bit", "extremely"]
    assert [a.label for a in PSS10.scale] == ["never", "almost never", "sometimes", "fairly often", "very often"]
    assert [(a.value, a.label) for a in DSM5.scale] == [(0, "no"), (1, "yes")]
    assert "past 12 months" in DSM5.instructions
    assert PSS10.reverse == {"confident", "going_your_way", "irritations", "on_top"}
    assert (SOWS.total_max, DSM5.total_max, PSS10.total_max) == (64, 11, 40)
    assert (SOWS.time_frame, DSM5.time_frame, PSS10.time_frame) == (
        "right now",
        "in the past 12 months",
        "in the last month",
    )


def test_no_kds_cows_or_leeds():
    names = " ".join(f"{i.id} {i.title}" for i in INSTRUMENTS.values()).lower()
    for absent in ("kds", "kratom dependence", "cows", "clinical opiate", "leeds", "ldq"):
        assert absent not in names


@pytest.mark.parametrize(
    ("name", "expected"),
    [("sows", "sows"), ("dsm", "dsm5"), ("dsm5", "dsm5"), ("DSM-5", "dsm5"), ("pss", "pss10"), (" PSS10 ", "pss10")],
)
def test_get_instrument_by_alias(name, expected):
    assert get_instrument(name).id == expected


def test_get_instrument_unknown_names_the_known_ones():
    with pytest.raises(Invalid, match=r"unknown questionnaire 'kds'; known: sows, dsm5 \(or dsm\), pss10 \(or pss\)"):
        get_instrument("kds")


# --- scoring (hand-computed) ----------------------------------------------------------------


def test_sows_scores():
    assert score(SOWS, answers(SOWS, [0] * 16)) == 0
    assert score(SOWS, answers(SOWS, [4] * 16)) == 64
    # 0+1+2+3+4 three times = 30, plus the craving item 1 → 31
    assert score(SOWS, answers(SOWS, [0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 1])) == 31


def test_dsm_scores_count_yes():
    assert score(DSM5, dsm_with(0)) == 0
    assert score(DSM5, dsm_with(11)) == 11
    assert score(DSM5, answers(DSM5, [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1])) == 6


def test_pss_scores_reverse_items_4_5_7_8():
    # all 0: reversed items 4,5,7,8 each count 4 → 16
    assert score(PSS10, answers(PSS10, [0] * 10)) == 16
    # all 4: six forward items 6×4 = 24, reversed items 0 → 24
    assert score(PSS10, answers(PSS10, [4] * 10)) == 24
    # 3,2,3,1,1,3,2,1,3,2: forward 1,2,3,6,9,10 = 3+2+3+3+3+2 = 16;
    # reversed 4,5,7,8 = (4-1)+(4-1)+(4-2)+(4-1) = 11; total 27
    assert score(PSS10, parse_scores(PSS10, "3,2,3,1,1,3,2,1,3,2")) == 27
    # the lowest possible stress: forward 0, reversed answered 4 → 0; the highest → 40
    assert score(PSS10, answers(PSS10, [0, 0, 0, 4, 4, 0, 4, 4, 0, 0])) == 0
    assert score(PSS10, answers(PSS10, [4, 4, 4, 0, 0, 4, 0, 0, 4, 4])) == 40


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(list(INSTRUMENTS.values())), st.data())
def test_score_within_bounds_and_text_round_trips(instrument, data):
    values = data.draw(st.lists(st.integers(instrument.low, instrument.high), min_size=len(instrument.items), max_size=len(instrument.items)))
    parsed = parse_scores(instrument, ",".join(map(str, values)))
    assert list(parsed.values()) == values
    assert instrument.total_min <= score(instrument, parsed) <= instrument.total_max


# --- parse_scores ---------------------------------------------------------------------------


def test_parse_scores_tolerates_spaces_and_dsm_words():
    assert list(parse_scores(SOWS, " 1, 2 ,0,0,0,0,0,0,0,0,0,0,0,0,0,4 ").values())[:2] == [1, 2]
    got = parse_scores(DSM5, "y,n,YES,no,1,0,Y,N,yes,No,1")
    assert list(got.values()) == [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1]


@pytest.mark.parametrize(
    ("instrument", "text", "message"),
    [
        (SOWS, ",".join(["1"] * 15), "--scores needs 16 comma-separated values 0–4 in item order; got 15"),
        (SOWS, ",".join(["1"] * 17), "--scores needs 16 comma-separated values 0–4 in item order; got 17"),
        (SOWS, "", "--scores needs 16 comma-separated values 0–4 in item order; got 0"),
        (PSS10, "1,2,3,4,5,0,0,0,0,0", "--scores needs 10 comma-separated values 0–4 in item order; value 5 (going_your_way) is '5'"),
        (PSS10, "1,2,x,4,0,0,0,0,0,0", "value 3 (nervous) is 'x'"),
        (PSS10, "1,2,1.5,4,0,0,0,0,0,0", "value 3 (nervous) is '1.5'"),
        (PSS10, "1,-1,1,4,0,0,0,0,0,0", "value 2 (control) is '-1'"),
        (PSS10, "1,2,,4,0,0,0,0,0,0", "value 3 (nervous) is empty"),
        (DSM5, "y,n,maybe,y,y,y,y,y,y,y,y", "--scores needs 11 comma-separated answers y/n (or 1/0) in item order; value 3 (time_spent) is 'maybe'"),
        (DSM5, "2,0,0,0,0,0,0,0,0,0,0", "value 1 (more_than_intended) is '2'"),
        (DSM5, "y,n", "--scores needs 11 comma-separated answers y/n (or 1/0) in item order; got 2"),
    ],
)
def test_parse_scores_errors(instrument, text, message):
    with pytest.raises(Invalid) as caught:
        parse_scores(instrument, text)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


# --- parse_item_flags -----------------------------------------------------------------------


def test_parse_item_flags_gives_only_the_items_named_in_item_order():
    got, missing = parse_item_flags(SOWS, ["restless=2", "Eyes-Tearing=3"])
    assert got == {"eyes_tearing": 3, "restless": 2} and list(got) == ["eyes_tearing", "restless"]
    assert missing == 14  # never made up as 0
    got, missing = parse_item_flags(DSM5, ["tolerance=y", "withdrawal=yes", "craving=n"])
    assert got == {"craving": 0, "tolerance": 1, "withdrawal": 1} and missing == 8
    with pytest.raises(Invalid, match="needs an answer for every item"):
        score(DSM5, got)  # a partial check-in has no total


def test_a_partial_check_in_has_no_total_change_band_or_help():
    assert total_or_none(SOWS, {"restless": 4, "anxious": 4, "aches": 4, "shaking": 4}) is None
    assert total_or_none(SOWS, dict.fromkeys(SOWS_KEYS, 1)) == 16
    result = interpret(SOWS, {"restless": 4, "anxious": 4, "aches": 4, "shaking": 4}, previous_total=64)
    assert (result.total, result.change, result.band, result.suggest_help) == (None, None, None, False)
    assert (result.answered, result.complete) == (4, False)
    assert result.lines[0] == "SOWS-16: partial (4 of 16 items) — anxious 4, shaking 4, aches 4, restless 4."
    body = text_of(result)
    assert "/64" not in body and "Change" not in body and "1-800" not in body
    assert "needs all 16 items" in body and "never counts for a signal" in body
    assert is_complete(SOWS, dict.fromkeys(SOWS_KEYS, 0)) and not is_complete(SOWS, {"anxious": 0})
    assert parse_item_flags(PSS10, [])[1] == 10


@pytest.mark.parametrize(
    ("instrument", "flags", "message"),
    [
        (SOWS, ["restless"], "an item answer is KEY=VALUE, e.g. anxious=4; got 'restless'"),
        (SOWS, ["=2"], "an item answer is KEY=VALUE"),
        (SOWS, ["sleepy=2"], "'sleepy' is not a sows item; items are anxious, yawning"),
        (SOWS, ["restless=1", "restless=2"], "restless is given more than once"),
        (SOWS, ["restless=5"], "restless takes 0–4; got '5'"),
        (SOWS, ["restless=two"], "restless takes 0–4; got 'two'"),
        (SOWS, ["restless="], "restless takes 0–4; got ''"),
        (DSM5, ["tolerance=maybe"], "tolerance takes y/n (or 1/0); got 'maybe'"),
    ],
)
def test_parse_item_flags_errors(instrument, flags, message):
    with pytest.raises(Invalid) as caught:
        parse_item_flags(instrument, flags)
    assert message in str(caught.value)


# --- validate_answers -----------------------------------------------------------------------


def test_validate_answers_orders_by_item():
    shuffled = dict(reversed(list(answers(PSS10, [1] * 10).items())))
    assert list(validate_answers(PSS10, shuffled)) == PSS_KEYS


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda a: a.pop("cope"), "pss10 needs an answer for every item; missing: cope"),
        (lambda a: a.update(sleep=1), "not pss10 items: sleep; items are upset, control"),
        (lambda a: a.update(cope=5), "cope must be a whole number 0–4; got 5"),
        (lambda a: a.update(cope=-1), "cope must be a whole number 0–4; got -1"),
        (lambda a: a.update(cope=2.0), "cope must be a whole number 0–4; got 2.0"),
        (lambda a: a.update(cope="2"), "cope must be a whole number 0–4; got '2'"),
        (lambda a: a.update(cope=True), "cope must be a whole number 0–4; got True"),
    ],
)
def test_validate_answers_errors(change, message):
    given_answers = answers(PSS10, [1] * 10)
    change(given_answers)
    with pytest.raises(Invalid, match=re.escape(message)):
        validate_answers(PSS10, given_answers)
    with pytest.raises(Invalid, match=re.escape(message)):
        score(PSS10, given_answers)


def test_validate_dsm_range_is_zero_or_one():
    with pytest.raises(Invalid, match="tolerance must be a whole number 0–1; got 2"):
        validate_answers(DSM5, {**dsm_with(0), "tolerance": 2})


# --- interpretation -------------------------------------------------------------------------


def text_of(result):
    return "\n".join(result.lines)


def test_sows_interpretation_reference_no_bands_and_change():
    result = interpret(SOWS, answers(SOWS, [1] * 14 + [0, 0]), previous_total=None)
    assert (result.total, result.total_max, result.change, result.band, result.suggest_help) == (14, 64, None, None, True)
    body = text_of(result)
    assert "14/64" in body
    assert "For reference: 395 US kratom consumers averaged 13.5 (SD 11.9) on stopping (Rogers et al. 2024)." in body
    assert "no published severity bands" in body
    assert "since" not in body


@pytest.mark.parametrize(("previous", "change", "notable"), [(10, 4, True), (11, 3, False), (14, 0, False), (20, -6, False)])
def test_sows_notable_rise_is_four_or_more(previous, change, notable):
    result = interpret(SOWS, answers(SOWS, [1] * 14 + [0, 0]), previous_total=previous)
    assert result.change == change
    body = text_of(result)
    assert ("notable rise" in body) is notable
    if notable:
        assert "+4" in body and "heuristic, after Vernon et al. 2016" in body


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 4), min_size=16, max_size=16), st.none() | st.integers(0, 64))
def test_sows_never_labelled_with_severity(values, previous):
    body = text_of(interpret(SOWS, answers(SOWS, values), previous)).lower()
    for word in ("mild", "moderate", "severe"):
        assert word not in body


@pytest.mark.parametrize(
    ("count", "band"),
    [(0, "none"), (1, "none"), (2, "mild"), (3, "mild"), (4, "moderate"), (5, "moderate"), (6, "severe"), (11, "severe")],
)
def test_dsm_bands(count, band):
    result = interpret(DSM5, dsm_with(count), None)
    assert result.total == count and result.total_max == 11
    assert result.band == band
    body = text_of(result)
    assert f"{count} of 11 criteria" in body
    assert f"Band: {band} " in body
    assert NOT_A_DIAGNOSIS in body
    assert 'tolerance and withdrawal alone already reach "mild" (Smith et al. 2022)' in body


@pytest.mark.parametrize(("count", "helped"), [(3, False), (4, True), (6, True)])
def test_dsm_helpline_from_four(count, helped):
    result = interpret(DSM5, dsm_with(count), None)
    assert result.suggest_help is helped
    assert (SAMHSA_HELPLINE in result.lines) is helped
    assert (EMERGENCY_LINE in result.lines) is helped
    assert ("1-800-662-4357" in text_of(result)) is helped
    assert ("1-800-222-1222" in text_of(result)) is helped
    assert ("clinician" in text_of(result)) is helped


def test_tolerance_and_withdrawal_alone_are_mild():
    result = interpret(DSM5, answers(DSM5, [0] * 9 + [1, 1]), previous_total=3)
    assert result.band == "mild" and result.change == -1
    assert "Change since your last self-check: -1." in result.lines


def test_pss_interpretation_norms_band_label_and_change():
    result = interpret(PSS10, parse_scores(PSS10, "3,2,3,1,1,3,2,1,3,2"), previous_total=20)
    assert (result.total, result.total_max, result.change, result.band, result.suggest_help) == (27, 40, 7, "high", False)
    body = text_of(result)
    assert "27/40" in body
    assert "Change since your last PSS-10: +7." in body
    assert "Published norms: men 12.1 (SD 5.9), women 13.7 (SD 6.6) (Cohen & Williamson 1988)." in body
    assert "a study convention, not an official cut-off" in body
    assert "not diagnostic" in body and "your own baseline" in body


@pytest.mark.parametrize(
    ("values", "total", "band"),
    [
        ([0, 0, 0, 4, 4, 0, 4, 4, 0, 0], 0, "low"),
        ([4, 4, 4, 4, 4, 1, 4, 4, 0, 0], 13, "low"),  # forward 4+4+4+1 = 13, reversed all 0
        ([4, 4, 4, 4, 4, 2, 4, 4, 0, 0], 14, "moderate"),
        ([4, 4, 4, 1, 1, 4, 1, 1, 4, 4], 36, "high"),  # forward 24, reversed 3×4 = 12
        ([4, 4, 4, 4, 4, 4, 4, 4, 2, 0], 18, "moderate"),  # forward 4+4+4+4+2+0 = 18
    ],
)
def test_pss_band_boundaries(values, total, band):
    result = interpret(PSS10, answers(PSS10, values), None)
    assert (result.total, result.band) == (total, band)


def test_pss_band_edges_26_27():
    # forward items all 4 = 24, reversed: 4-2 = 2 → 26; 4-1 = 3 → 27
    assert interpret(PSS10, answers(PSS10, [4, 4, 4, 2, 4, 4, 4, 4, 4, 4]), None).band == "moderate"
    assert interpret(PSS10, answers(PSS10, [4, 4, 4, 1, 4, 4, 4, 4, 4, 4]), None).band == "high"


def test_interpret_rejects_bad_answers():
    with pytest.raises(Invalid, match="at least one item"):
        interpret(SOWS, {}, None)
