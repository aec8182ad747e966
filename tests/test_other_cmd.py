"""`kratomlog other`: another substance, logged like any entry (list, delete, undo)."""

from __future__ import annotations

import json

import pytest

from helpers import NOW, everything, rows, run


def _other_rows():
    return [(r[2], r[3], r[4], r[5]) for r in rows("other_substance")]  # at, substance, amount, note


def test_other_logs_and_echoes_the_stored_local_time():
    result = run("other", "alcohol", "--amount", "2 drinks", "--at", "yesterday 21:00", "--note", "party", now=NOW)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Logged o1: alcohol (2 drinks) at Thu 2026-11-26 21:00"
    assert _other_rows() == [(NOW - 15 * 3600, "alcohol", "2 drinks", "party")]
    assert [r[3:5] for r in rows("change_log")] == [("add", "other")]


@pytest.mark.parametrize("typed, stored", [("Sleep aid", "sleep-aid"), ("sleep_aid", "sleep-aid"), ("BENZODIAZEPINE", "benzodiazepine")])
def test_substance_spellings(typed, stored):
    result = run("other", typed, now=NOW)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"Logged o1: {stored} at Fri 2026-11-27 12:00"
    assert _other_rows() == [(NOW, stored, None, None)]


@pytest.mark.parametrize(
    "args, message",
    [
        (("juice",), "error: unknown substance 'juice'; substances are alcohol, benzodiazepine, opioid, "
                     "gabapentinoid, sleep-aid, stimulant, cannabis, other (common names such as beer, "
                     "xanax, oxy, lyrica or ambien are understood)"),
        (("benz",), "error: unknown substance 'benz'; did you mean benzo? substances are"),  # a hint, no guess
        (("xanaz",), "error: unknown substance 'xanaz'; did you mean xanax?"),
        (("alcohol", "--amount", "x" * 101), "error: --amount can be at most 100 characters; got 101"),
        (("alcohol", "--at", "23:00"), "error:"),  # 11 h ahead of NOW
        (("alcohol", "--at", "soon"), "error:"),
        (("alcohol", "--note", "n" * 2001), "error: a note can be at most 2000 characters; got 2001"),
    ],
)
def test_bad_input_writes_nothing(args, message):
    assert run("stress", "3", now=NOW).exit_code == 0
    before = everything()
    result = run("other", *args, now=NOW)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert everything() == before


def test_other_entries_list_delete_and_undo():
    assert run("other", "opioid", "--amount", "10 mg", now=NOW - 600).exit_code == 0
    listed = json.loads(run("list", "--kind", "other", "--json", now=NOW).stdout)
    assert listed == [{"id": "o1", "kind": "other", "at": "2026-11-27T11:50:00+00:00", "substance": "opioid",
                       "amount": "10 mg", "note": None, "utc_offset": 0, "zone": "UTC"}]
    stored = rows("other_substance")
    deleted = run("delete", "o1", "--yes", now=NOW)
    assert deleted.exit_code == 0, deleted.stderr
    assert "Deleted o1: opioid (10 mg)" in deleted.stdout
    assert rows("other_substance") == []
    undone = run("undo", now=NOW)
    assert undone.stdout.strip() == "Undid the deletion of o1 (other) — o1 is back: opioid (10 mg) at 2026-11-27 11:50"
    assert rows("other_substance") == stored  # same id and uuid
    undone = run("undo", now=NOW)
    assert undone.stdout.strip() == "Undid logging o1 (other) — o1 is removed"
    assert rows("other_substance") == []


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("beer", "alcohol"), ("Wine", "alcohol"), ("spirits", "alcohol"),
        ("xanax", "benzodiazepine"), ("valium", "benzodiazepine"), ("klonopin", "benzodiazepine"),
        ("benzo", "benzodiazepine"),
        ("oxy", "opioid"), ("tramadol", "opioid"), ("codeine", "opioid"),
        ("Lyrica", "gabapentinoid"), ("gabapentin", "gabapentinoid"),
        ("zolpidem", "sleep-aid"), ("ambien", "sleep-aid"),
    ],
)
def test_common_names_are_stored_as_their_category_and_echoed(typed, stored):
    result = run("other", typed, "--amount", "1", now=NOW)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"Logged o1: {stored} (1) at Fri 2026-11-27 12:00 ({typed!r} is logged as {stored})"
    assert _other_rows() == [(NOW, stored, "1", None)]


def test_a_common_name_feeds_the_combination_signal():
    run("dose", "3g", "Red", "--at", "2h ago", now=NOW)
    result = run("other", "beer", now=NOW)
    assert "! new signal: combination" in result.stdout


def test_edit_takes_common_names_too():
    run("other", "alcohol", now=NOW)
    result = run("edit", "o1", "--substance", "xanax", now=NOW)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip().endswith("('xanax' is logged as benzodiazepine)")
    assert _other_rows()[0][1] == "benzodiazepine"


def test_the_psychonautwiki_import_reads_the_same_table():
    from kratomlog.core.psychonautwiki import COMBINATION_SUBSTANCES
    from kratomlog.core.vocab import DEPRESSANTS, SUBSTANCE_SYNONYMS

    assert COMBINATION_SUBSTANCES["alprazolam"] == SUBSTANCE_SYNONYMS["alprazolam"] == "benzodiazepine"
    assert set(COMBINATION_SUBSTANCES.values()) == set(DEPRESSANTS)
    assert "weed" not in COMBINATION_SUBSTANCES  # only the depressants the signal watches
