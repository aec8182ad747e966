import math

import pytest
from hypothesis import given, settings, strategies as st

from kratomlog.core.amounts import (
    TBSP_GRAMS,
    TSP_GRAMS,
    UNIT_WORDS,
    Amount,
    amount_text,
    format_amount,
    parse_amount,
    split_dose_words,
    to_grams,
)
from kratomlog.core.invalid import Invalid

ACCEPTED = "amounts look like 3.5g, 3.5 g, 500mg, 2caps, 1tsp, 1tbsp"


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("3.5g", 3.5, "g"),
        ("3.5 g", 3.5, "g"),
        ("  3.5   G ", 3.5, "g"),
        ("3.5 grams", 3.5, "g"),
        ("1 gram", 1.0, "g"),
        (".5g", 0.5, "g"),
        ("500mg", 500.0, "mg"),
        ("500 Milligrams", 500.0, "mg"),
        ("2caps", 2.0, "caps"),
        ("2 caps", 2.0, "caps"),
        ("1cap", 1.0, "caps"),
        ("3 Capsules", 3.0, "caps"),
        ("1 capsule", 1.0, "caps"),
        ("1tsp", 1.0, "tsp"),
        ("1.5 teaspoons", 1.5, "tsp"),
        ("1 Teaspoon", 1.0, "tsp"),
        ("1tbsp", 1.0, "tbsp"),
        ("2 tablespoons", 2.0, "tbsp"),
        ("1 TBSP", 1.0, "tbsp"),
        ("3", 3.0, "g"),
        ("0.25", 0.25, "g"),
        ("1/2tsp", 0.5, "tsp"),
        ("1/2 tsp", 0.5, "tsp"),
        ("½ tsp", 0.5, "tsp"),
        ("½tsp", 0.5, "tsp"),
        ("1½g", 1.5, "g"),
        ("1 1/2 g", 1.5, "g"),
        ("1 ½ teaspoons", 1.5, "tsp"),
        ("3/4", 0.75, "g"),
        ("1/8 tbsp", 0.125, "tbsp"),
        ("¾ caps", 0.75, "caps"),
    ],
)
def test_accepted_amounts(text, value, unit):
    assert parse_amount(text) == Amount(value, unit)


def test_bare_number_takes_the_default_unit():
    assert parse_amount("2", default_unit="caps") == Amount(2.0, "caps")
    assert parse_amount("2g", default_unit="caps") == Amount(2.0, "g")


def test_unknown_default_unit_is_refused():
    with pytest.raises(Invalid, match="default unit must be one of g, mg, caps, tsp, tbsp"):
        parse_amount("2", default_unit="kg")


@pytest.mark.parametrize(
    "text, message",
    [
        ("3,5", "use a dot for decimals"),
        ("3,5g", "use a dot for decimals"),
        ("-3g", "must be more than 0"),
        ("-0.5", "must be more than 0"),
        ("0", "must be more than 0"),
        ("0.000g", "must be more than 0"),
        ("nan", "cannot read amount"),
        ("inf", "cannot read amount"),
        ("1e999", "cannot read amount"),
        ("1e3g", "cannot read amount"),
        ("1" + "0" * 400, "too large"),
        ("3.5.1g", "cannot read amount"),
        ("g", "cannot read amount"),
        ("three", "cannot read amount"),
        ("", "cannot read amount"),
        ("3.", "cannot read amount"),
        ("3.5kg", "unknown unit 'kg'"),
        ("2 pills", "unknown unit 'pills'"),
        ("3.5 g g", "cannot read amount"),
        ("3.5g Red", "cannot read amount"),
        ("３g", "cannot read amount"),  # full-width digit
        ("-1g", "the amount must be more than 0 (got '-1g')"),
        ("1/2 1/2", "cannot read amount"),
        ("1/2/3g", "cannot read amount"),
    ],
)
def test_refused_amounts_name_what_is_accepted(text, message):
    with pytest.raises(Invalid) as caught:
        parse_amount(text)
    text_of = str(caught.value)
    assert message in text_of
    assert ACCEPTED in text_of
    assert "\n" not in text_of


@pytest.mark.parametrize(
    "text, message",
    [
        ("1,000mg", "amount '1,000mg': no thousands separators: 1000mg"),
        ("1,500", "no thousands separators: 1500"),
        ("12,000 mg", "no thousands separators: 12000 mg"),
        ("1/3tsp", "1/3 is not an exact decimal; write the amount as a decimal (e.g. 0.33tsp)"),
        ("⅔ tsp", "2/3 is not an exact decimal"),
        ("2/0g", "cannot read the fraction in '2/0g'; fractions look like 1/2tsp or 1 1/2 g"),
        ("0/2g", "cannot read the fraction"),
        ("1 3/2 g", "cannot read the fraction"),
        ("1/1234567g", "cannot read amount"),
    ],
)
def test_specific_refusals(text, message):
    with pytest.raises(Invalid) as caught:
        parse_amount(text)
    assert message in str(caught.value)


def test_a_fraction_after_a_whole_number_is_part_of_the_amount():
    assert split_dose_words(["1", "1/2", "g", "Red", "Bali"]) == ("1 1/2 g", "Red Bali")
    assert split_dose_words(["1", "½", "tsp"]) == ("1 ½ tsp", None)
    assert split_dose_words(["½", "tsp", "Red"]) == ("½ tsp", "Red")
    assert split_dose_words(["2", "1/2"]) == ("2 1/2", None)


def test_estimate_only_for_volume_units():
    assert parse_amount("1tsp").estimate
    assert parse_amount("1tbsp").estimate
    assert not parse_amount("1g").estimate
    assert not parse_amount("2caps").estimate
    assert not parse_amount("500mg").estimate


@pytest.mark.parametrize(
    "words, expected",
    [
        (["3.5", "g", "Red", "Bali"], ("3.5 g", "Red Bali")),
        (["3.5g", "Red Bali"], ("3.5g", "Red Bali")),
        (["3.5g", "Red", "Bali"], ("3.5g", "Red Bali")),
        (["3.5", "Grams", "Green  Maeng   Da"], ("3.5 Grams", "Green Maeng Da")),
        (["2", "caps"], ("2 caps", None)),
        (["3.5g"], ("3.5g", None)),
        (["3.5"], ("3.5", None)),
        (["3.5", "Red"], ("3.5", "Red")),
        (["3.5", "   "], ("3.5", None)),
        # a unit word after a complete amount is still joined, so parse_amount refuses it
        (["3.5g", "g"], ("3.5g g", None)),
        (["1", "tsp", "Gold"], ("1 tsp", "Gold")),
    ],
)
def test_split_dose_words(words, expected):
    assert split_dose_words(words) == expected


def test_split_then_parse_refuses_a_unit_taken_as_strain():
    amount, strain = split_dose_words(["3.5g", "g"])
    assert strain is None
    with pytest.raises(Invalid):
        parse_amount(amount)


def test_a_unit_word_is_never_a_strain():
    with pytest.raises(Invalid, match="'caps' is a unit, not a strain name"):
        split_dose_words(["3.5", "g", "caps"])


@pytest.mark.parametrize("words", [[], [""], ["  "]])
def test_split_needs_an_amount(words):
    with pytest.raises(Invalid, match="dose needs an amount first"):
        split_dose_words(words)


def test_to_grams():
    assert to_grams(Amount(3.5, "g")) == 3.5
    assert to_grams(Amount(500, "mg")) == 0.5
    assert to_grams(Amount(2, "caps"), capsule_grams=0.5) == 1.0
    assert to_grams(Amount(1, "tsp")) == 2.5
    assert to_grams(Amount(2, "tsp")) == 5.0
    assert to_grams(Amount(1, "tbsp")) == 7.5
    assert (TSP_GRAMS, TBSP_GRAMS) == (2.5, 7.5)


def test_caps_need_the_capsule_size():
    with pytest.raises(Invalid) as caught:
        to_grams(Amount(2, "caps"))
    assert str(caught.value) == (
        "2caps needs the strain's capsule size: kratomlog strain edit NAME --capsule-grams 0.5"
    )
    with pytest.raises(Invalid, match="capsule size must be more than 0 g"):
        to_grams(Amount(2, "caps"), capsule_grams=0)
    with pytest.raises(Invalid, match="capsule size must be more than 0 g"):
        to_grams(Amount(2, "caps"), capsule_grams=math.nan)


@pytest.mark.parametrize(
    "amount, shown",
    [
        (Amount(3.5, "g"), "3.5 g"),
        (Amount(3.0, "g"), "3 g"),
        (Amount(500.0, "mg"), "500 mg"),
        (Amount(2.0, "caps"), "2 caps"),
        (Amount(1.0, "caps"), "1 cap"),
        (Amount(1.0, "tsp"), "1 tsp (≈2.5 g, estimate)"),
        (Amount(2.0, "tsp"), "2 tsp (≈5 g, estimate)"),
        (Amount(1.0, "tbsp"), "1 tbsp (≈7.5 g, estimate)"),
        (Amount(0.1, "tsp"), "0.1 tsp (≈0.25 g, estimate)"),
        (Amount(1e-7, "g"), "0.0000001 g"),
        (Amount(1.5e20, "mg"), "150000000000000000000 mg"),
    ],
)
def test_format_amount(amount, shown):
    assert format_amount(amount) == shown


unit_words = st.sampled_from(sorted(UNIT_WORDS))
# Every string of 1–8 digits (leading zeros included), as r"[0-9]{1,8}" would give, drawn from
# integers: from_regex made this test take seconds.
fraction_digits = st.integers(1, 8).flatmap(lambda n: st.integers(0, 10**n - 1).map(lambda v: str(v).zfill(n)))
decimals = st.builds(
    lambda whole, frac: f"{whole}.{frac}" if frac else str(whole),
    st.integers(min_value=0, max_value=10**12),
    st.one_of(st.just(""), fraction_digits),
).filter(lambda text: float(text) > 0)


@settings(max_examples=200, deadline=None)
@given(number=decimals, word=unit_words, sep=st.sampled_from(["", " "]), upper=st.booleans())
def test_any_positive_decimal_with_any_unit_round_trips(number, word, sep, upper):
    parsed = parse_amount(f"{number}{sep}{word.upper() if upper else word}")
    assert parsed.value == float(number)
    assert parsed.unit == UNIT_WORDS[word]
    assert parse_amount(amount_text(parsed)) == parsed
    assert format_amount(parsed).startswith(amount_text(parsed))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_arbitrary_text_raises_only_invalid(text):
    try:
        amount = parse_amount(text)
    except Invalid as error:
        assert "\n" not in str(error)
    else:
        assert amount.value > 0 and math.isfinite(amount.value)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=12), max_size=5))
def test_arbitrary_words_split_raises_only_invalid(words):
    try:
        amount, strain = split_dose_words(words)
    except Invalid:
        return
    assert amount
    assert strain is None or (strain == strain.strip() and "  " not in strain)
