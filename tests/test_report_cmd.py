"""`report`: the period (last 4 finished weeks by default), sections in order, consent, the demo
watermark, escaping, the file it writes, and every bad input refused before anything is written."""

from __future__ import annotations

import os
import re
import stat
from html.parser import HTMLParser

import pytest

from helpers import NOW, everything, run

DAY = 86400
VOID = {"meta", "br", "hr", "img", "link", "input", "path", "use", "rect", "circle", "ellipse", "line", "polyline", "polygon", "stop"}
HOSTILE = "Maeng <b>Da</b> | *x* [l](http://e.st)"
HTML_SECTIONS = ("Weekly totals", "Grams per day, stress and withdrawal", "Warning signals", "Latest questionnaires",
                 "Taper", "Products used")
MD_SECTIONS = ("# kratomlog report", "## Weekly totals", "## Grams per day, stress and withdrawal", "## Warning signals",
               "## Latest questionnaires", "## Taper", "## Products used", "## Help")


class Balance(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.problems, self.external, self.tags = [], [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag not in VOID:
            self.stack.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "xlink:href") and value and not value.startswith("#"):
                self.external.append(value)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack.pop() != tag:
            self.problems.append(tag)


@pytest.fixture
def month():
    """Four finished weeks (2026-10-26 … 2026-11-22) and the week in progress (NOW is Fri 27 Nov)."""
    assert run("strain", "add", "Red Bali", "--lab-tested", now=NOW).exit_code == 0
    assert run("strain", "add", HOSTILE, "--form", "capsule", now=NOW).exit_code == 0
    for args in (
        ("dose", "3g", "Red Bali", "--at", "2026-11-02 08:00", "--note", "secret-note"),
        ("dose", "2g", "Red Bali", "--at", "2026-11-10 09:00"),
        ("dose", "4g", HOSTILE, "--at", "2026-11-17 09:00"),
        ("dose", "9g", "Red Bali", "--at", "2026-11-24 09:00"),  # the week in progress: never in the default
        ("stress", "6", "--craving", "3", "--at", "2026-11-10 10:00"),
        ("withdrawal", "--scores", "1,2,0,0,1,0,0,1,1,2,2,0,0,1,0,1", "--at", "2026-11-11 08:00"),  # 12
        ("withdrawal", "--scores", "1,2,0,0,1,0,0,1,1,2,2,0,0,1,0,3", "--at", "2026-11-18 08:00"),  # 14
        ("check", "dsm", "--scores", "n,n,n,y,n,n,n,n,n,y,y", "--at", "2026-11-12 20:00"),
        ("other", "alcohol", "--amount", "2 drinks", "--at", "2026-11-17 20:00"),
    ):
        result = run(*args, now=NOW)
        assert result.exit_code == 0, (args, result.output)


def _md(*args, now=NOW):
    result = run("report", *args, now=now)
    assert result.exit_code == 0, result.output
    return result.stdout


def _html(tmp_path, *args, name="r.html"):
    out = tmp_path / name
    result = run("report", "--format", "html", "-o", str(out), *args, now=NOW)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def test_default_is_the_last_four_finished_weeks(month):
    text = _md()
    assert "Period: 2026-10-26 to 2026-11-22 (the last 4 finished weeks, 28 days)" in text
    # doses on 2, 10, 17 Nov; SOWS on 11 and 18 Nov; the DSM-5 check on 12 Nov (alcohol is on 17 Nov)
    assert "entries on 6 of 28 days" in text and "generated 2026-11-27" in text
    assert "| Period | 3/21 | 3 | 9.0 | 135 | 6.0 | 3.0 |  |" in text  # 21 days since the first entry
    assert "12.0" not in text and "18.0" not in text  # the in-progress week's 9 g are not counted
    assert "| 26 Oct–1 Nov | – | – | – |" in text  # before the first entry: unknown, not zero
    assert "| 2–8 Nov | 1/7 | 1 | 3.0 | 45 | – | – | – |" in text
    assert "| 9–15 Nov | 1/7 | 1 | 2.0 | 30 | 6.0 | 3.0 | -33% |" in text
    assert "| 16–22 Nov | 1/7 | 1 | 4.0 | 60 | – | – | +100% |" in text
    positions = [text.index(s) for s in MD_SECTIONS]
    assert positions == sorted(positions)


def test_weeks_from_to_and_of(month):
    assert "Period: 2026-11-16 to 2026-11-22 (the last finished week, 7 days)" in _md("--weeks", "1")
    text = _md("--from", "2026-11-10", "--to", "2026-11-27")
    assert "Period: 2026-11-10 to 2026-11-27 (chosen dates, 18 days)" in text
    assert "today is in progress and not in the totals" in text
    assert "| Period | 3/17 | 3 | 15.0 |" in text  # 2 + 4 + 9 g; today (27 Nov) not counted
    assert "| 10–15 Nov (6 d) | 1/6 |" in text and "| 23–27 Nov (5 d) | 1/4 | 1 | 9.0 |" in text
    assert "Period: 2026-11-16 to 2026-11-22 (the week of 2026-11-18, 7 days)" in _md("--of", "2026-11-18")


def test_questionnaires_signals_and_products(month):
    text = _md()
    assert "SOWS-16: 14/64 on 2026-11-18 08:00, change +2 since the one before" in text
    assert "SOWS-16 totals in the period: 11 Nov: 12; 18 Nov: 14." in text
    assert "DSM-5 self-check: 3 of 11 criteria answered yes" in text and "band mild" in text
    assert "Answered yes (3): craving, tolerance, withdrawal." in text
    assert "tolerance and withdrawal alone already reach" in text and "A screen is not a diagnosis." in text
    withdrawal = next(line for line in text.splitlines() if line.startswith("- **Withdrawal (warning; evidence+heuristic)**"))
    assert "Numbers: value 14, threshold 13." in withdrawal and "Source: Rogers et al. 2024" in withdrawal
    assert "Clear (" in text and "more data." in text
    assert "| Red Bali | powder | 56% | yes |" in text and "| capsule | 44% | no (not tested) |" in text
    assert "No taper plan covered this period." in text
    assert "1-800-662-4357" in text and "1-800-222-1222" in text and "local emergency number" in text


def test_consent_defaults_leave_out_notes_and_other_substance_names(month):
    text = _md()
    assert "secret-note" not in text and "alcohol" not in text
    assert "A depressant was logged within 12 h of a dose" in text
    assert "Left out: free-text notes, names of other substances" in text
    full = _md("--include", "notes", "--include", "other-substances")
    assert "secret-note" in full and "You logged alcohol" in full and "Other substances logged in the period: alcohol (1×)." in full
    assert "Left out: nothing" in full
    assert "secret-note" in _md("--include-notes")  # 0.1.0's option still works


def test_exclude_strains_replaces_every_product_name(month, tmp_path):
    for text in (_md("--exclude", "strains"), _html(tmp_path, "--exclude", "strains")):
        assert "Red Bali" not in text and "Maeng" not in text
        assert "product A" in text and "product B" in text
        assert "product (strain) names" in text.split("Left out:")[1]


def test_html_is_one_self_contained_page_with_svg_charts(month, tmp_path):
    page = _html(tmp_path)
    checker = Balance()
    checker.feed(page)
    checker.close()
    assert checker.problems == [] and checker.stack == []
    assert checker.external == [] and "script" not in checker.tags and "link" not in checker.tags
    assert "@import" not in page and "url(http" not in page and "@font-face" not in page
    assert page.startswith("<!DOCTYPE html>") and "@page" in page and "break-inside: avoid" in page
    assert page.count("<svg ") == 2 and page.count("<title id=") == 2 and page.count("<desc id=") == 2
    assert "grams per day (g)" in page and "SOWS-16 total (0–64)" in page  # axis titles are SVG text
    positions = [page.index(f"<h2>{s}</h2>") for s in (HTML_SECTIONS)]
    assert positions == sorted(positions)
    assert page.index("<h1>") < positions[0] and page.index('class="help"') > positions[-1]
    assert "Self-reported data; not a diagnosis." in page and "secret-note" not in page and "DEMO" not in page


def test_user_text_is_escaped(month, tmp_path):
    page = _html(tmp_path, "--include", "notes")
    assert "<b>Da</b>" not in page and "Maeng &lt;b&gt;Da&lt;/b&gt; | *x*" in page
    text = _md()
    # core.safe_text.markdown_escape (#11): backslash escapes, rendering as the same literal text.
    assert "Maeng \\<b\\>Da\\</b\\> \\| \\*x\\* \\[l\\](http://e.st)" in text
    assert "<b>" not in text
    import markdown_it

    rendered = markdown_it.MarkdownIt("commonmark").enable("table").render(text)
    assert "Maeng &lt;b&gt;Da&lt;/b&gt; | *x* [l](http://e.st)" in rendered and "<a " not in rendered


def test_demo_watermark_in_html_and_markdown(tmp_path):
    assert run("demo", "--scenario", "tapering", "--today", "2026-11-27", "--no-show", now=NOW).exit_code == 0
    result = run("--demo", "report", now=NOW)
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    assert "DEMO — synthetic data" in lines[0] and "DEMO — synthetic data" in lines[-1]
    page_out = tmp_path / "d.html"
    assert run("--demo", "report", "-f", "html", "-o", str(page_out), now=NOW).exit_code == 0
    page = page_out.read_text()
    assert 'class="demo-mark"' in page and "position: fixed" in page and "DEMO — synthetic data from a demo database" in page
    assert "Plan started" in page and "Finished days under the plan in this period: 28" in page


def test_taper_section(month):
    assert run("taper", "start", "--from", "10g", "--step", "10%", "--every", "7d", now=NOW - 14 * DAY).exit_code == 0
    assert run("taper", "hold", "--for", "3d", now=NOW - 10 * DAY).exit_code == 0
    text = _md()
    assert "Plan started Fri 2026-11-13 from 10 g a day" in text
    assert "Finished days under the plan in this period: 10 — 1 within the allowance, 0 over it, 9 not logged." in text
    assert "Holds and adjustments in the period: 2026-11-17: held 3 days." in text
    assert "Step 1 of" in text


def test_an_empty_database():
    text = _md()
    assert "entries on 0 of 28 days" in text and "No doses in this period." in text
    assert "No questionnaire taken" in text and "Self-reported data" in text


def test_file_is_private_and_not_overwritten(month, tmp_path):
    out = tmp_path / "r.md"
    assert run("report", "-o", str(out), now=NOW).exit_code == 0
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    out.write_text("mine")
    result = run("report", "-o", str(out), now=NOW)
    assert result.exit_code == 2 and "--force" in result.stderr and out.read_text() == "mine"
    assert run("report", "-o", str(out), "--force", now=NOW).exit_code == 0
    assert "kratomlog report" in out.read_text()
    assert "# kratomlog report" in run("report", "-o", "-", now=NOW).stdout


@pytest.mark.parametrize("args, message", [
    (["--format", "pdf"], "--format takes md or html"),
    (["--weeks", "0"], "--weeks takes a whole number from 1 to 52"),
    (["--weeks", "53"], "--weeks takes a whole number from 1 to 52"),
    (["--weeks", "x"], "--weeks takes a whole number from 1 to 52"),
    (["--from", "2026-11-01"], "--from and --to go together"),
    (["--to", "2026-11-01"], "--from and --to go together"),
    (["--from", "2026-11-10", "--to", "2026-11-01"], "is before --from"),
    (["--from", "2025-01-01", "--to", "2026-11-01"], "at most 52 weeks"),
    (["--from", "2026-11-01", "--to", "2026-12-01"], "has not started yet"),
    (["--from", "someday", "--to", "2026-11-01"], "cannot read the day"),
    (["--weeks", "2", "--of", "2026-11-10"], "give one of --weeks, --from/--to or --of"),
    (["--include", "names"], "--include takes notes, other-substances, strains"),
    (["--exclude", "notes", "--include", "notes"], "both included and excluded"),
    (["-o", "/nonexistent-folder/r.md"], "does not exist"),
])
def test_bad_input_is_one_line_and_writes_nothing(month, args, message):
    before = everything()
    result = run("report", *args, now=NOW)
    assert result.exit_code == 2, result.output
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("error: ") and result.stdout == ""
    assert everything() == before


def test_a_folder_or_fifo_is_refused(month, tmp_path):
    result = run("report", "-o", str(tmp_path), now=NOW)
    assert result.exit_code == 2 and "is a folder" in result.stderr
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = run("report", "-o", str(fifo), "--force", now=NOW)
    assert result.exit_code == 2 and "not a regular file" in result.stderr


def test_help_has_an_example():
    result = run("report", "--help")
    assert result.exit_code == 0 and "Example: kratomlog report" in result.stdout
    for option in ("--weeks", "--from", "--to", "--include", "--exclude", "--format"):
        assert option in result.stdout
    assert re.search(r"--include-notes", result.stdout) is None  # kept, but hidden


def test_a_partial_sows_is_marked_and_never_totalled(month, tmp_path):
    """A check-in with some items unanswered is stored with no total: the report marks it and
    keeps the latest complete total (and its change) for the questionnaire line."""
    import sqlite3
    import uuid

    from helpers import db_file

    conn = sqlite3.connect(db_file())
    with conn:
        at = NOW - 6 * DAY  # Sat 21 Nov
        qid = conn.execute("INSERT INTO questionnaire (uuid, at, instrument, total, created_at) VALUES (?, ?, 'sows', NULL, ?)",
                           (str(uuid.uuid4()), at, NOW)).lastrowid
        conn.executemany("INSERT INTO questionnaire_item (questionnaire_id, key, answer) VALUES (?, ?, ?)",
                         [(qid, key, 3) for key in ("anxious", "yawning", "perspiring", "eyes_tearing", "nose_running")])
    conn.close()
    text = _md()
    assert "SOWS-16 totals in the period: 11 Nov: 12; 18 Nov: 14; 21 Nov: partial (5 of 16 items, no total)." in text
    assert "SOWS-16: 14/64 on 2026-11-18 08:00, change +2" in text
    page = _html(tmp_path)
    assert "partial check-in (no total)" in page and "1 partial check-ins are marked and not totalled" in page


def test_a_partial_sows_is_marked_and_never_the_latest_total(month):
    """#12 point 1: a partial check-in after the complete ones neither crashes the report nor shows
    as its latest SOWS total; its point is marked partial."""
    result = run("withdrawal", "--item", "restless=2", "--at", "2026-11-19 08:00", now=NOW)
    assert result.exit_code == 0, result.output
    text = _md()
    assert "SOWS-16: 14/64" in text and "None" not in text
    assert "partial (1 of 16 items, no total)" in text
