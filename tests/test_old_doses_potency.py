"""Old doses keep their potency (issue 13, point 7): an edit never re-prices a dose unless asked
(`edit ID --mitragynine PCT`), and `strain edit NAME --mitragynine PCT --apply-to-past [--since DAY]`
updates earlier doses of the strain on purpose, listed and undoable."""

from __future__ import annotations

import json

import pytest

from helpers import NOW, everything, run

DAY = 86400


def ok(*args, now=NOW):
    result = run(*args, now=now)
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return result.stdout


def dose(entry="d1"):
    (found,) = [e for e in json.loads(ok("list", "--kind", "dose", "--json")) if e["id"] == entry]
    return found["mitragynine_pct"], found["mitragynine_mg"], found["mitragynine_estimated"], found["grams"]


@pytest.fixture
def repriced_strain():
    """d1 logged at 1.6%, then the strain's label changed to 1.4% (the issue's reproduction)."""
    ok("strain", "add", "Red Bali", "--mitragynine", "1.6")
    ok("dose", "3.5g", "Red Bali", "--at", "2026-11-20 08:00")
    ok("strain", "edit", "Red Bali", "--mitragynine", "1.4")


def test_retyping_its_own_strain_keeps_the_percentage_it_was_logged_with(repriced_strain):
    out = ok("edit", "d1", "--strain", "red bali")
    assert dose() == (1.6, 56.0, False, 3.5)
    assert "Mitragynine: 1.6% kept" in out


def test_a_new_amount_keeps_the_percentage(repriced_strain):
    ok("edit", "d1", "--amount", "4g")
    assert dose() == (1.6, 64.0, False, 4.0)


def test_edit_mitragynine_sets_it_and_undo_takes_it_back(repriced_strain):
    out = ok("edit", "d1", "--mitragynine", "1.5%")
    assert dose() == (1.5, 52.5, False, 3.5)
    assert "Mitragynine: 1.6% → 1.5%" in out
    ok("undo")
    assert dose() == (1.6, 56.0, False, 3.5)


def test_moving_a_dose_to_another_strain_applies_that_strains_value_and_says_so(repriced_strain):
    ok("strain", "add", "Gold Extract", "--form", "extract")
    out = ok("edit", "d1", "--strain", "Gold Extract")
    assert dose()[:2] == (None, None)  # an extract without a label value has no estimate
    assert "Mitragynine: 1.6% → no estimate" in out


@pytest.mark.parametrize("value", ["0", "abc", "101", "-1", "nan"])
def test_a_bad_percentage_is_refused_and_nothing_is_written(repriced_strain, value):
    before = everything()
    result = run("edit", "d1", "--mitragynine", value, now=NOW)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --mitragynine is a percentage by weight above 0 and at most 100")
    assert len(result.stderr.strip().splitlines()) == 1
    assert everything() == before


def test_mitragynine_does_not_apply_to_a_rating():
    ok("stress", "5")
    before = everything()
    result = run("edit", "s1", "--mitragynine", "1.4", now=NOW)
    assert result.exit_code == 2 and "--mitragynine does not apply to s1" in result.stderr
    assert everything() == before


def test_strain_edit_apply_to_past_since_a_day_lists_each_dose_and_undo_reverts_all():
    ok("strain", "add", "Red Bali", "--mitragynine", "1.6")
    ok("dose", "3.5g", "Red Bali", "--at", "2026-10-30 08:00")  # before --since: untouched
    ok("dose", "2.5g", "Red Bali", "--at", "2026-11-02 08:00")
    ok("dose", "5g", "Red Bali", "--at", "2026-11-20 08:00")
    ok("strain", "add", "Green")
    ok("dose", "2g", "Green", "--at", "2026-11-21 08:00")  # another strain: untouched
    out = ok("strain", "edit", "Red Bali", "--mitragynine", "1.4", "--apply-to-past", "--since", "2026-11-01")
    lines = out.splitlines()
    assert lines[0] == "Updated strain 'Red Bali'"
    assert lines[1] == "Gave 1.4% to 2 earlier doses of 'Red Bali' since 2026-11-01:"
    assert lines[2].split() == ["d2", "Mon", "2026-11-02", "08:00", "2.5", "g", "1.6%", "→", "1.4%", "≈40", "mg", "→", "≈35", "mg"]
    assert lines[3].startswith("  d3  Fri 2026-11-20 08:00  5 g  1.6% → 1.4%  ≈80 mg → ≈70 mg")
    assert "undo" in lines[4]
    assert [dose(d)[:2] for d in ("d1", "d2", "d3", "d4")] == [(1.6, 56.0), (1.4, 35.0), (1.4, 70.0), (1.5, 30.0)]
    ok("dose", "1g", "Red Bali")  # a new dose uses the new label
    assert dose("d5")[:2] == (1.4, 14.0)
    ok("undo")  # the dose just logged
    ok("undo")  # the strain edit and the two doses, together
    assert [dose(d)[:2] for d in ("d1", "d2", "d3")] == [(1.6, 56.0), (1.6, 40.0), (1.6, 80.0)]
    strains = json.loads(ok("strain", "list", "--json"))
    assert [s["mitragynine_pct"] for s in strains if s["name"] == "Red Bali"] == [1.6]


def test_apply_to_past_gives_leaf_default_estimates_the_label_value():
    ok("dose", "2g", "Plain", "--new", "--at", "2026-11-20 08:00")
    assert dose()[:3] == (1.5, 30.0, True)
    out = ok("strain", "edit", "Plain", "--mitragynine", "1.8", "--apply-to-past")
    assert "Gave 1.8% to 1 earlier dose of 'Plain':" in out
    assert dose()[:3] == (1.8, 36.0, False)
    out = ok("strain", "edit", "Plain", "--mitragynine", "1.8", "--apply-to-past")
    assert "No earlier dose of 'Plain' needed a change" in out


@pytest.mark.parametrize(
    "args,message",
    [
        (["--apply-to-past", "--vendor", "X"], "error: --apply-to-past needs --mitragynine PERCENT"),
        (["--mitragynine", "1.4", "--since", "2026-11-01"], "error: --since goes with --apply-to-past"),
        (["--mitragynine", "1.4", "--apply-to-past", "--since", "someday"], "error: "),
        (["--mitragynine", "0", "--apply-to-past"], "error: --mitragynine is a percentage by weight above 0"),
    ],
)
def test_apply_to_past_bad_input_writes_nothing(args, message):
    ok("strain", "add", "Red Bali", "--mitragynine", "1.6")
    ok("dose", "3.5g", "Red Bali", "--at", "2026-11-20 08:00")
    before = everything()
    result = run("strain", "edit", "Red Bali", *args, now=NOW)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(message) and len(result.stderr.strip().splitlines()) == 1
    assert everything() == before
