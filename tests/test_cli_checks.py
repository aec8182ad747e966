"""`withdrawal` and `check`: flags and the interactive flow, what is stored, what is shown, history,
and every bad input refused with one `error:` line, exit 2 and nothing written."""

from __future__ import annotations

import builtins
import json

import pytest

from helpers import NOW, everything, rows, run

SOWS_SCORES = "1,2,0,0,1,0,0,1,1,2,2,0,0,1,0,3"  # total 14
SOWS_KEYS = (
    "anxious", "yawning", "perspiring", "eyes_tearing", "nose_running", "gooseflesh", "shaking", "hot_flashes",
    "cold_flashes", "aches", "restless", "nauseous", "vomit", "twitching", "cramps", "craving",
)  # fmt: skip
HOUR = 3600


def ok(*args, **kwargs):
    result = run(*args, now=kwargs.pop("now", NOW), **kwargs)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def items_of(qid: int) -> list[tuple]:
    return [(key, answer) for q, key, answer in rows("questionnaire_item") if q == qid]


def questionnaire(qid: int) -> dict:
    names = ("id", "uuid", "at", "instrument", "total", "hours_since_dose", "note", "created_at")
    found = [dict(zip(names, r)) for r in rows("questionnaire") if r[0] == qid]
    assert found, f"no questionnaire {qid}"
    return found[0]


# --- scoring and storing -------------------------------------------------------------------------


def test_withdrawal_scores_stored_itemised_with_total_and_reference():
    result = ok("withdrawal", "--scores", SOWS_SCORES)
    q = questionnaire(1)
    assert (q["instrument"], q["total"], q["at"], q["hours_since_dose"]) == ("sows", 14, NOW, None)
    assert items_of(1) == list(zip(SOWS_KEYS, [1, 2, 0, 0, 1, 0, 0, 1, 1, 2, 2, 0, 0, 1, 0, 3]))
    assert result.stdout.splitlines()[0] == "Saved q1: SOWS-16 at Fri 2026-11-27 12:00 · no dose logged before it"
    assert "SOWS-16 total: 14/64" in result.stdout
    assert "averaged 13.5 (SD 11.9) on stopping (Rogers et al. 2024)" in result.stdout
    assert "Change since" not in result.stdout  # nothing to compare with yet
    assert result.stderr == ""


@pytest.mark.parametrize("scores", [SOWS_SCORES, "4," * 15 + "4", "0," * 15 + "0", "3,3,3,3,2,2,2,2,3,3,3,3,2,2,2,2"])
def test_sows_never_gets_a_severity_label(scores):
    text = ok("withdrawal", "--scores", scores).stdout.lower()
    for word in ("mild", "moderate", "severe"):
        assert word not in text


def test_hours_since_the_last_dose_before_that_moment():
    ok("dose", "3g", "Red Bali", "--at", "5h ago")
    ok("dose", "2g", "--at", "30m ago")  # after the SOWS below: does not count for it
    result = ok("withdrawal", "--scores", SOWS_SCORES, "--at", "1h30m ago")
    assert questionnaire(1)["hours_since_dose"] == 3.5
    assert questionnaire(1)["at"] == NOW - 90 * 60
    assert "Fri 2026-11-27 10:30 · 3h 30m after your last dose" in result.stdout


def test_item_flags_make_a_partial_check_in_without_a_total():
    result = ok("withdrawal", "--item", "restless=2", "--item", "Yawning=1", "--at", "08:00")
    q = questionnaire(1)
    assert (q["total"], q["at"]) == (None, NOW - 4 * HOUR)
    assert dict(items_of(1)) == {"yawning": 1, "restless": 2}  # only what was answered; never a 0 made up
    assert "SOWS-16: partial (2 of 16 items) — yawning 1, restless 2." in result.stdout
    assert "total:" not in result.stdout and "Change since" not in result.stdout
    assert "To complete it later: kratomlog edit q1 --item KEY=N for the other 14 items." in result.stdout


def test_a_partial_check_in_does_not_clear_the_withdrawal_signal():
    """The reproduction of issue #12 point 1: 64, then 2 items, was 'total 3/64, change −61' and cleared it."""
    ok("withdrawal", "--scores", ",".join(["4"] * 16), now=NOW - 2 * HOUR)
    result = ok("withdrawal", "--item", "restless=2", "--item", "yawning=1")
    assert "3/64" not in result.stdout and "-61" not in result.stdout
    found = {s["id"]: s for s in json.loads(ok("signals", "--json").stdout)}
    assert found["withdrawal"]["status"] == "active" and found["withdrawal"]["value"] == 64.0
    history = json.loads(ok("check", "history", "--json").stdout)
    partial, full = history
    assert (partial["total"], partial["complete"], partial["answered"], partial["change"]) == (None, False, 2, None)
    assert (full["total"], full["complete"], full["answered"]) == (64, True, 16)
    assert partial["version"] == full["version"] == 2
    table = ok("check", "history").stdout
    assert "partial 2/16" in table and "2 of 16 items answered" in table
    listed = ok("list").stdout
    assert "SOWS-16 partial 2/16" in listed
    entry = json.loads(ok("list", "--json").stdout)[0]
    assert (entry["total"], entry["complete"], entry["answered"]) == (None, False, 2)


def test_the_next_complete_check_in_compares_with_the_last_complete_one():
    ok("withdrawal", "--scores", SOWS_SCORES, now=NOW - 3 * HOUR)  # 14
    ok("withdrawal", "--item", "restless=4", now=NOW - 2 * HOUR)  # partial: skipped by the comparison
    result = ok("withdrawal", "--scores", ",".join(["1"] * 16))  # 16
    assert "Change since your last SOWS: +2." in result.stdout
    history = json.loads(ok("check", "history", "--json").stdout)
    assert [h["change"] for h in history] == [2, None, None]


def test_edit_completes_a_partial_check_in():
    ok("withdrawal", "--item", "restless=2", "--item", "yawning=1", now=NOW - HOUR)
    result = ok("edit", "q1", "--item", "anxious=1")
    assert "partial (3 of 16 items)" in result.stdout and "other 13 items" in result.stdout
    assert questionnaire(1)["total"] is None
    rest = [f"{k}=0" for k in SOWS_KEYS if k not in ("restless", "yawning", "anxious")]
    args = [a for k in rest for a in ("--item", k)]
    result = ok("edit", "q1", *args)
    assert questionnaire(1)["total"] == 4
    assert "SOWS-16 total: 4/64" in result.stdout
    entry = json.loads(ok("check", "history", "--json").stdout)[0]
    assert (entry["complete"], entry["answered"], entry["total"]) == (True, 16, 4)


def test_scores_still_need_every_item_and_nothing_is_written():
    before = everything()
    result = run("withdrawal", "--scores", "1,2,3", now=NOW)
    assert result.exit_code == 2 and "--scores needs 16" in result.stderr
    assert everything() == before


def sows_of(total: int) -> str:
    """All 16 answers adding up to `total` (0–64), for a complete check-in."""
    values = [min(4, max(0, total - 4 * i)) for i in range(16)]
    return ",".join(map(str, values))


def test_change_since_previous_sows_and_notable_rise():
    ok("withdrawal", "--scores", SOWS_SCORES, now=NOW - 2 * HOUR)
    second = ok("withdrawal", "--scores", sows_of(2), now=NOW - HOUR)
    assert "Change since your last SOWS: -12." in second.stdout
    third = ok("withdrawal", "--scores", sows_of(6))
    assert "Change since your last SOWS: +4 — a notable rise" in third.stdout
    assert "heuristic" in third.stdout


def test_backdated_sows_compares_with_the_one_before_it_in_time():
    ok("withdrawal", "--scores", sows_of(1), "--at", "3h ago")
    ok("withdrawal", "--scores", sows_of(4), "--at", "1h ago")
    middle = ok("withdrawal", "--scores", sows_of(3), "--at", "2h ago")
    assert "Change since your last SOWS: +2." in middle.stdout


def test_dsm_count_band_caveat_and_helpline_from_four():
    result = ok("check", "dsm", "--scores", "y,y,y,y,n,n,n,n,n,y,y")
    q = questionnaire(1)
    assert (q["instrument"], q["total"]) == ("dsm5", 6)
    assert dict(items_of(1))["tolerance"] == 1 and dict(items_of(1))["hazardous"] == 0
    text = result.stdout
    assert "DSM-5 self-check: 6 of 11 criteria" in text
    assert "Band: severe" in text
    assert "a screen is not a diagnosis" in text
    assert 'tolerance and withdrawal alone already reach "mild"' in text
    assert "1-800-662-4357" in text and "clinician" in text


def test_dsm_three_is_mild_without_helpline_and_dsm5_alias_takes_1_0():
    result = ok("check", "dsm5", "--scores", "1,0,0,0,0,0,0,0,0,1,1")
    assert questionnaire(1)["total"] == 3
    assert "Band: mild" in result.stdout
    assert "1-800-662-4357" not in result.stdout and "clinician" not in result.stdout
    assert "a screen is not a diagnosis" in result.stdout


def test_pss_reverse_scored_total_norms_and_study_convention():
    # items 4, 5, 7, 8 are reversed: 1,1,2,1 count as 3,3,2,3 → 3+2+3+3+3+3+2+3+3+2 = 27
    result = ok("check", "pss", "--scores", "3,2,3,1,1,3,2,1,3,2")
    q = questionnaire(1)
    assert (q["instrument"], q["total"], q["hours_since_dose"]) == ("pss10", 27, None)
    assert dict(items_of(1))["confident"] == 1  # the answer as given, not reversed
    assert "PSS-10 total: 27/40" in result.stdout
    assert "men 12.1 (SD 5.9), women 13.7 (SD 6.6)" in result.stdout
    assert "a study convention" in result.stdout
    again = ok("check", "pss10", "--scores", "0,0,0,4,4,0,4,4,0,0")
    assert questionnaire(2)["total"] == 0
    assert "Change since your last PSS-10: -27." in again.stdout


def test_dsm_does_not_track_hours_since_dose():
    ok("dose", "3g", "Red", "--at", "2h ago")
    ok("check", "dsm", "--scores", "n,n,n,n,n,n,n,n,n,n,n")
    assert questionnaire(1)["hours_since_dose"] is None


def test_check_sows_is_withdrawal():
    ok("check", "sows", "--scores", SOWS_SCORES)
    assert questionnaire(1)["total"] == 14


def test_note_is_stored():
    ok("check", "pss", "--scores", "2,2,2,2,2,2,2,2,2,2", "--note", "  exam week ")
    assert questionnaire(1)["note"] == "exam week"


# --- interactive ---------------------------------------------------------------------------------


def test_interactive_withdrawal_requires_answers_and_goes_back():
    answers = ["", "2", "b", "3", "x", "5"] + ["1"] * 14 + ["4"]
    # 3 replaces the 2 for item 1; "x" and "5" are refused for item 2, then 1 … and 4 for craving.
    result = ok("withdrawal", input="\n".join(answers) + "\n")
    assert dict(items_of(1)) == {**{k: 1 for k in SOWS_KEYS}, "anxious": 3, "craving": 4}
    assert questionnaire(1)["total"] == 3 + 14 + 4
    out = result.stdout
    assert " ".join(out.split()).startswith("SOWS-16 (Subjective Opiate Withdrawal Scale). Rate each statement by how you feel right now.")  # wrapped to the terminal
    assert "1/16 I feel anxious [0–4]: " in out
    assert out.count("quite a bit") == 1  # the anchors once, in the intro
    assert "An answer is needed: type 0–4, or b to go back." in out
    assert "'x' is not an answer here" in out and "'5' is not an answer here" in out
    assert "16/16 I feel like using now" in out
    assert "Saved q1: SOWS-16" in out and "SOWS-16 total: 21/64" in out


def test_interactive_dsm_yes_no():
    result = ok("check", "dsm", input="y\nn\nyes\nno\n1\n0\nn\nn\nn\ny\ny\n")
    assert questionnaire(1)["total"] == 5  # y, yes, 1, y, y
    assert "Band: moderate" in result.stdout
    assert "1/11 Have you taken kratom in larger amounts" in result.stdout
    assert "1-800-662-4357" in result.stdout


def test_interactive_end_of_input_saves_nothing():
    ok("withdrawal", "--scores", SOWS_SCORES)
    before = everything()
    result = run("check", "pss", input="1\n2\n3\n", now=NOW)
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: stopped before the last item; nothing saved"
    assert everything() == before


def test_interactive_ctrl_c_abandons_with_130(monkeypatch):
    ok("withdrawal", "--scores", SOWS_SCORES)
    before = everything()
    typed = iter(["1", "2"])

    def fake_input(prompt=""):
        try:
            return next(typed)
        except StopIteration:
            raise KeyboardInterrupt from None

    monkeypatch.setattr(builtins, "input", fake_input)
    result = run("withdrawal", now=NOW)
    assert result.exit_code == 130
    assert "nothing saved" in result.stderr and "Traceback" not in result.stderr + result.stdout
    assert everything() == before


def test_bad_at_is_refused_before_asking():
    result = run("withdrawal", "--at", "25:00", input="1\n" * 16, now=NOW)
    assert result.exit_code == 2 and result.stderr.startswith("error: ")
    assert "1/16" not in result.stdout
    assert everything()["questionnaire"] == []


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, message",
    [
        (("withdrawal", "--scores", "1,2,3"), "--scores needs 16 comma-separated values 0–4 in item order; got 3"),
        (("withdrawal", "--scores", SOWS_SCORES + ",1"), "got 17"),
        (("withdrawal", "--scores", "5" + SOWS_SCORES[1:]), "value 1 (anxious) is '5'"),
        (("withdrawal", "--scores", "1,,0,0,1,0,0,1,1,2,2,0,0,1,0,3"), "value 2 (yawning) is empty"),
        (("withdrawal", "--item", "sweaty=2"), "'sweaty' is not a sows item; items are anxious, yawning"),
        (("withdrawal", "--item", "restless=5"), "restless takes 0–4; got '5'"),
        (("withdrawal", "--item", "restless"), "an item answer is KEY=VALUE"),
        (("withdrawal", "--item", "restless=1", "--item", "restless=2"), "restless is given more than once"),
        (("withdrawal", "--scores", SOWS_SCORES, "--item", "restless=1"), "not both"),
        (("withdrawal", "--scores", SOWS_SCORES, "--at", "13:00"), "did you mean yesterday 13:00?"),
        (("check", "dsm", "--scores", "y,n,y"), "--scores needs 11 comma-separated answers y/n (or 1/0)"),
        (("check", "dsm", "--scores", "y,n,y,n,y,n,y,n,y,n,2"), "value 11 (withdrawal) is '2'"),
        (("check", "pss", "--scores", "1,1,1,1,1,1,1,1,1,-1"), "value 10 (piling_up) is '-1'"),
        (("check", "pss10", "--scores", "1,1,1,1,1,1,1,1,1"), "got 9"),
        (("check", "history", "--instrument", "cows"), "unknown questionnaire 'cows'"),
        (("check", "history", "-n", "-1"), "-n takes 0 (all) or a positive number"),
    ],
)
def test_bad_input_writes_nothing(args, message):
    ok("withdrawal", "--scores", SOWS_SCORES)
    before = everything()
    result = run(*args, now=NOW)
    assert result.exit_code == 2, result.stdout
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Saved" not in result.stdout
    assert everything() == before


def test_item_flag_is_not_offered_for_dsm():
    ok("withdrawal", "--scores", SOWS_SCORES)
    before = everything()
    result = run("check", "dsm", "--item", "craving=1", now=NOW)
    assert result.exit_code == 2
    assert everything() == before


# --- history -------------------------------------------------------------------------------------


def _three():
    ok("dose", "3g", "Red", "--at", "6h ago")
    ok("withdrawal", "--scores", SOWS_SCORES, "--at", "4h ago")  # q1, 2 h after the dose
    ok("check", "dsm", "--scores", "n,n,n,n,n,n,n,n,n,y,y", "--at", "3h ago")  # q2
    ok("withdrawal", "--scores", "4" + ",0" * 15, "--at", "2h ago")  # q3, change -10


def test_history_json_newest_first_with_items_change_and_gap(tz):
    tz("America/New_York")
    _three()
    data = json.loads(ok("check", "history", "--json").stdout)
    assert [d["id"] for d in data] == ["q3", "q2", "q1"]
    q3, q2, q1 = data
    assert q3["instrument"] == "sows" and q3["total"] == 4 and q3["change"] == -10
    assert q3["at"] == "2026-11-27T05:00:00-05:00"
    assert q3["hours_since_dose"] == 4.0 and q1["hours_since_dose"] == 2.0 and q1["change"] is None
    assert list(q1["items"]) == list(SOWS_KEYS) and q1["items"]["craving"] == 3
    assert q2["instrument"] == "dsm5" and q2["total"] == 2 and q2["change"] is None
    assert "hours_since_dose" not in q2
    assert set(q3) == {"id", "instrument", "at", "total", "total_max", "complete", "answered", "change", "version",
                       "items", "hours_since_dose", "note"}
    assert (q3["complete"], q3["answered"], q3["version"]) == (True, 16, 2)


def test_history_filter_limit_and_table():
    _three()
    only = json.loads(ok("check", "history", "-i", "SOWS", "--json").stdout)
    assert [d["id"] for d in only] == ["q3", "q1"]
    one = json.loads(ok("check", "history", "--instrument", "dsm", "-n", "1", "--json").stdout)
    assert [d["id"] for d in one] == ["q2"]
    table = ok("check", "history").stdout
    lines = [line for line in table.splitlines() if line.startswith("│ q")]
    assert len(lines) == 3
    assert "q3" in lines[0] and "2026-11-27 10:00" in lines[0] and "4/64" in lines[0] and "-10" in lines[0]
    assert "4h 0m" in lines[0]
    assert "q2" in lines[1] and "DSM-5 check" in lines[1] and "2/11" in lines[1]
    assert "q1" in lines[2] and "14/64" in lines[2] and "2h 0m" in lines[2]
    assert max(len(line) for line in table.splitlines()) <= 80


def test_history_empty():
    assert json.loads(ok("check", "history", "--json").stdout) == []
    assert "No questionnaires yet" in ok("check", "history").stdout


# --- list, edit, delete, undo --------------------------------------------------------------------


def test_list_shows_questionnaires():
    ok("withdrawal", "--scores", SOWS_SCORES)
    data = json.loads(ok("list", "--kind", "questionnaire", "--json").stdout)
    assert data[0]["id"] == "q1" and data[0]["total"] == 14 and data[0]["items"]["yawning"] == 2
    assert "SOWS-16 total 14" in ok("list").stdout


def test_edit_scores_reanswers_and_undo_restores_items():
    ok("withdrawal", "--scores", SOWS_SCORES)
    original = items_of(1)
    result = ok("edit", "q1", "--scores", "0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,2")
    assert questionnaire(1)["total"] == 2
    assert dict(items_of(1)) == {**{k: 0 for k in SOWS_KEYS}, "craving": 2}
    assert result.stdout.startswith("Updated q1: SOWS-16 at Fri 2026-11-27 12:00")
    assert "SOWS-16 total: 2/64" in result.stdout
    assert "Undid the edit of q1" in ok("undo").stdout
    assert questionnaire(1)["total"] == 14 and items_of(1) == original


def test_edit_item_changes_only_that_item():
    ok("check", "dsm", "--scores", "n,n,n,n,n,n,n,n,n,y,y")
    result = ok("edit", "q1", "--item", "craving=y", "--item", "withdrawal=n")
    stored = dict(items_of(1))
    assert stored["craving"] == 1 and stored["withdrawal"] == 0 and stored["tolerance"] == 1
    assert questionnaire(1)["total"] == 2
    assert "DSM-5 self-check: 2 of 11" in result.stdout


def test_edit_at_recomputes_hours_since_dose_and_note():
    ok("dose", "3g", "Red", "--at", "10h ago")
    ok("withdrawal", "--scores", SOWS_SCORES)
    assert questionnaire(1)["hours_since_dose"] == 10.0
    ok("edit", "q1", "--at", "4h ago", "--note", "woke up like this")
    q = questionnaire(1)
    assert (q["at"], q["hours_since_dose"], q["note"], q["total"]) == (NOW - 4 * HOUR, 6.0, "woke up like this", 14)
    ok("edit", "q1", "--note", "")
    assert questionnaire(1)["note"] is None


@pytest.mark.parametrize(
    "args, message",
    [
        (("edit", "q1", "--amount", "3g"), "--amount does not apply to q1; for this entry use --scores, --item, --at, --note"),
        (("edit", "q1", "--stress", "3", "--on", "today"), "--stress, --on does not apply to q1"),
        (("edit", "q1"), "nothing to change for q1; give one of --scores, --item, --at, --note"),
        (("edit", "q1", "--scores", "1,2"), "--scores needs 16 comma-separated values"),
        (("edit", "q1", "--item", "nope=1"), "'nope' is not a sows item"),
        (("edit", "q1", "--item", "anxious=9"), "anxious takes 0–4; got '9'"),
        (("edit", "q1", "--scores", SOWS_SCORES, "--item", "anxious=1"), "not both"),
        (("edit", "q1", "--at", "in an hour"), "times look like"),
        (("edit", "q9", "--scores", SOWS_SCORES), "there is no entry q9"),
    ],
)
def test_edit_questionnaire_bad_input_writes_nothing(args, message):
    ok("withdrawal", "--scores", SOWS_SCORES)
    before = everything()
    result = run(*args, now=NOW)
    assert result.exit_code == 2, result.stdout
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert everything() == before


def test_delete_and_undo_bring_back_every_item():
    ok("check", "pss", "--scores", "3,2,3,1,1,3,2,1,3,2")
    before = everything()
    ok("delete", "q1", "--yes")
    assert rows("questionnaire") == [] and rows("questionnaire_item") == []
    ok("undo")
    after = everything()
    assert after["questionnaire"] == before["questionnaire"]
    assert after["questionnaire_item"] == before["questionnaire_item"]


def test_undo_of_logging_removes_items():
    ok("withdrawal", "--scores", SOWS_SCORES)
    ok("undo")
    assert rows("questionnaire") == [] and rows("questionnaire_item") == []


# --- fast path -----------------------------------------------------------------------------------

HEAVY = ("sqlmodel", "sqlalchemy", "pydantic", "plotext", "rich.console", "rich.table")
FAST_SCRIPT = """
import sys
from kratomlog.cli.app import build_app
try:
    build_app("withdrawal")(ARGS, prog_name="kratomlog")
except SystemExit as done:
    code = done.code
print("EXIT", code)
print("HEAVY", sorted(m for m in sys.modules if m in HEAVY))
"""


@pytest.mark.parametrize(
    "args",
    [["withdrawal", "--scores", SOWS_SCORES], ["withdrawal", "--item", "restless=2", "--at", "08:00"]],
)
def test_withdrawal_with_flags_stays_on_the_fast_path(args, fresh_db, db_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    import kratomlog

    src = str(Path(kratomlog.__file__).resolve().parent.parent)
    script = f"HEAVY = {HEAVY!r}\nARGS = {args!r}\n" + FAST_SCRIPT
    env = {**os.environ, "PYTHONPATH": src, "KRATOMLOG_NOW": str(NOW), "KRATOMLOG_DB": str(db_path)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert "EXIT 0" in done.stdout, done.stdout + done.stderr
    assert "HEAVY []" in done.stdout, done.stdout
    assert "Saved q1: SOWS-16" in done.stdout


def test_sows_of_64_shows_every_help_line_and_12_none():
    from kratomlog.core.texts import HELP_LINES

    high = ok("withdrawal", "--scores", ",".join(["4"] * 16)).stdout
    assert "SOWS-16 total: 64/64" in high
    for line in HELP_LINES:
        assert line in high
    assert "1-800-222-1222" in high and "911" in high and "local emergency number" in high
    low = ok("withdrawal", "--scores", ",".join(["3"] * 4 + ["0"] * 12), now=NOW + 60).stdout
    assert "SOWS-16 total: 12/64" in low and "1-800-662-4357" not in low


@pytest.mark.parametrize("args, items", [(("withdrawal",), 16), (("check", "pss"), 10), (("check", "dsm"), 11)])
def test_interactive_questionnaires_are_compact_at_80_columns(args, items):
    answer = "n" if "dsm" in args else "1"
    result = run(*args, input=f"{answer}\n" * items, now=NOW, env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    asked = result.stdout.split("Saved q1")[0].splitlines()
    assert all(len(line) <= 80 for line in asked), [line for line in asked if len(line) > 80]
    assert all(not line.endswith(("-", " ")) or line.endswith(": ") for line in asked)  # broken between words
    prompts = [line for line in asked if line[:1].isdigit() and "/" in line[:6]]
    assert len(prompts) == items
    assert len(asked) <= items * 2 + 4  # the intro once, then a line (rarely two) per item and its echo
