"""Issue #12 point 4: a leaf product labelled above 3% is refused unless --yes and then counts as a
concentrate; the high-dose signal sees 75 mg of estimated mitragynine in any product."""

from __future__ import annotations

import json

import pytest

from helpers import NOW, everything, run
from kratomlog.core.potency import LEAF_MAX_PCT, implausible_leaf, is_concentrated


def ok(*args: str, now: int = NOW):
    result = run(*args, now=now)
    assert result.exit_code == 0, result.stderr + result.stdout
    return result


def signals() -> dict:
    return {s["id"]: s for s in json.loads(ok("signals", "--json").stdout)}


@pytest.mark.parametrize("form", ["powder", "capsule", "tea", None])
def test_leaf_forms_above_3_percent_are_implausible(form):
    assert LEAF_MAX_PCT == 3.0
    assert implausible_leaf(form, 3.0) is None
    assert "use --form extract" in implausible_leaf(form, 3.1)
    assert implausible_leaf(form, None) is None


@pytest.mark.parametrize("form", ["extract", "7-oh", "other"])
def test_other_forms_may_carry_any_label(form):
    assert implausible_leaf(form, 45.0) is None


def test_is_concentrated():
    assert is_concentrated("extract", None) and is_concentrated("7-oh", None)
    assert is_concentrated("powder", 3.5) and not is_concentrated("powder", 3.0)
    assert not is_concentrated("powder", None) and not is_concentrated("tea", 1.5)


def test_super_leaf_powder_at_45_percent_is_refused_and_nothing_written():
    ok("stress", "3")
    before = everything()
    result = run("strain", "add", "Super Leaf", "--form", "powder", "--mitragynine", "45", now=NOW)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: a powder labelled 45% mitragynine is not leaf")
    assert "leaf is about 1–2%" in lines[0] and "use --form extract" in lines[0] and "--yes" in lines[0]
    assert everything() == before
    # the default form is powder: the same refusal
    result = run("strain", "add", "Super Leaf", "--mitragynine", "45", now=NOW)
    assert result.exit_code == 2 and everything() == before
    # an extract at 45% is fine
    ok("strain", "add", "Gold 50x", "--form", "extract", "--mitragynine", "45")


def test_kept_with_yes_it_counts_as_a_concentrate_and_4g_is_a_high_dose():
    ok("strain", "add", "Super Leaf", "--form", "powder", "--mitragynine", "45", "--yes")
    ok("dose", "4g", "Super Leaf", "--at", "1h ago")
    found = signals()
    assert found["concentrate"]["status"] == "active"
    assert "(Super Leaf)" in found["concentrate"]["message"]
    assert found["high-dose"]["status"] == "active"
    assert found["high-dose"]["value"] == 1800.0 and found["high-dose"]["threshold"] == 75.0
    assert "1800 mg of mitragynine (estimated), 75 mg or more" in found["high-dose"]["message"]


def test_edit_to_an_implausible_leaf_label_is_refused_unless_yes():
    ok("strain", "add", "Red Bali", "--mitragynine", "1.6")
    before = everything()
    result = run("strain", "edit", "Red Bali", "--mitragynine", "12", now=NOW)
    assert result.exit_code == 2 and "a powder labelled 12% mitragynine is not leaf" in result.stderr
    assert everything() == before
    ok("strain", "add", "Gold", "--form", "extract", "--mitragynine", "45")
    before = everything()
    result = run("strain", "edit", "Gold", "--form", "capsule", now=NOW)  # form change makes it leaf at 45%
    assert result.exit_code == 2 and "a capsule labelled 45% mitragynine is not leaf" in result.stderr
    assert everything() == before
    ok("strain", "edit", "Red Bali", "--mitragynine", "12", "--yes")
    ok("strain", "edit", "Red Bali", "--vendor", "Leaf Co")  # unrelated edits of a kept strain go through


def test_an_extract_dose_of_75_mg_fires_high_dose_without_5_grams():
    ok("strain", "add", "Gold 50x", "--form", "extract", "--mitragynine", "50")
    ok("dose", "0.2g", "Gold 50x", "--at", "2h ago")  # 100 mg
    found = signals()
    assert found["high-dose"]["status"] == "active" and found["high-dose"]["value"] == 100.0
    assert found["concentrate"]["status"] == "active"
