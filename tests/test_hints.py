"""Error hints that name the thing, and `undo` saying what the entry looks like now."""

from __future__ import annotations

from helpers import NOW, everything, run


def test_caps_for_a_powder_names_the_strain_and_its_form():
    run("dose", "3g", "Red Bali", "--at", "1h ago", now=NOW)
    before = everything()
    result = run("dose", "2caps", now=NOW)
    assert result.exit_code == 2
    assert result.stderr == (
        "error: 'Red Bali' is a powder, with no capsule size, so 2caps cannot be weighed; give grams (e.g. 3g), "
        "or if you put it in capsules, set their size: kratomlog strain edit 'Red Bali' --capsule-grams 0.5\n"
    )
    assert everything() == before


def test_caps_for_a_capsule_strain_without_a_size_says_so():
    run("strain", "add", "Gold", "--form", "capsule")
    result = run("dose", "2caps", "Gold", now=NOW)
    assert result.exit_code == 2
    assert result.stderr == "error: 'Gold' has no capsule size yet, so 2caps cannot be weighed; set it: kratomlog strain edit 'Gold' --capsule-grams 0.5\n"


def test_edit_of_a_deleted_entry_mentions_undo():
    run("dose", "3g", "Red", "--at", "2h ago", now=NOW)
    run("delete", "d1", "--yes", now=NOW)
    before = everything()
    result = run("edit", "d1", "--amount", "2g", now=NOW)
    assert result.exit_code == 2
    assert result.stderr == "error: d1 was deleted; 'kratomlog undo' brings it back\n"
    run("stress", "3", now=NOW)
    result = run("delete", "d1", "--yes", now=NOW)
    assert result.stderr == "error: d1 was deleted; 'kratomlog undo' brings it back after undoing the 1 later change first\n"
    assert run("edit", "d9", "--amount", "2g", now=NOW).stderr == "error: there is no entry d9; see 'kratomlog list'\n"
    assert everything()["dose"] == before["dose"]


def test_undo_says_what_the_entry_looks_like_now():
    run("dose", "3g", "Red", "--at", "2h ago", now=NOW)
    run("edit", "d1", "--amount", "2g", now=NOW)
    result = run("undo", now=NOW)
    assert result.stdout == "Undid the edit of d1 (dose) — d1 is now: 3 g of Red · ≈45 mg (est.) at 2026-11-27 10:00\n"
    run("delete", "d1", "--yes", now=NOW)
    result = run("undo", now=NOW)
    assert result.stdout == "Undid the deletion of d1 (dose) — d1 is back: 3 g of Red · ≈45 mg (est.) at 2026-11-27 10:00\n"
    run("stress", "4", "--craving", "2", now=NOW)
    assert run("undo", now=NOW).stdout == "Undid logging s1 (stress) — s1 is removed\n"
