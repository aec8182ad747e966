"""`report`: one page as Markdown or well-formed, self-contained HTML; no notes unless asked."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from helpers import NOW, everything, run

VOID = {"meta", "br", "hr", "img", "link", "input"}


class Balance(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.problems, self.external = [], [], []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)
        for name, value in attrs:
            if name in ("src", "href") and value and "://" in value:
                self.external.append(value)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.problems.append(tag)


@pytest.fixture
def week():
    run("dose", "3g", "Red Bali", "--at", "2026-11-23 08:00", "--reason", "stress", "--note", "secret-note", now=NOW)
    run("dose", "2g", "--at", "2026-11-24 09:00", now=NOW)
    run("stress", "6", "--craving", "3", "--at", "2026-11-24 10:00", now=NOW)
    run("withdrawal", "--scores", "1,2,0,0,1,0,0,1,1,2,2,0,0,1,0,3", "--at", "2026-11-25 08:00", now=NOW)


def test_markdown_report_has_the_page_and_footer_but_no_notes(week):
    result = run("report", "--of", "2026-11-24", now=NOW)
    assert result.exit_code == 0, result.output
    text = result.stdout
    for needed in ("# kratomlog weekly report", "## Totals", "| grams | 5.0 |", "## Day by day", "| Mon 23 Nov | 1 | 3.0 |",
                   "## Warning signals", "SOWS-16 (withdrawal, 0–64): 14", "A screen is not a diagnosis.",
                   "Self-reported data; not a diagnosis.", "generated 2026-11-27"):
        assert needed in text, needed
    assert "secret-note" not in text


def test_include_notes(week):
    assert "secret-note" in run("report", "--include-notes", now=NOW).stdout


def test_html_report_is_well_formed_and_self_contained(week, tmp_path):
    out = tmp_path / "week.html"
    result = run("report", "--format", "html", "-o", str(out), now=NOW)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    checker = Balance()
    checker.feed(page)
    checker.close()
    assert checker.problems == [] and checker.stack == []
    assert checker.external == []
    assert page.lstrip().startswith("<!DOCTYPE html>")
    assert "Self-reported data; not a diagnosis." in page
    assert "secret-note" not in page


@pytest.mark.parametrize("args, message", [(["--format", "pdf"], "md or html"), (["--of", "someday"], "")])
def test_report_bad_input(week, args, message):
    before = everything()
    result = run("report", *args, now=NOW)
    assert result.exit_code == 2 and message in result.stderr
    assert everything() == before


def test_report_refuses_to_overwrite(week, tmp_path):
    out = tmp_path / "r.md"
    out.write_text("mine")
    result = run("report", "-o", str(out), now=NOW)
    assert result.exit_code == 2 and "--force" in result.stderr
    assert out.read_text() == "mine"
    assert run("report", "-o", str(out), "--force", now=NOW).exit_code == 0
    assert "weekly report" in out.read_text()


def test_report_on_an_empty_database():
    result = run("report", now=NOW)
    assert result.exit_code == 0
    assert "Self-reported data" in result.stdout
