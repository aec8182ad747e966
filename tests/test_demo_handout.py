"""`demo handout`: the printable page for a client keeping a paper log — its content comes from the
registries (SOWS items, warning rules, help lines), its file goes through the one writer, and it
prints on one page at A4 and at US Letter in a real browser."""

from __future__ import annotations

import re

import pytest

from browser import PAPERS, chromium, print_pdfs, pypdf  # noqa: F401 — fixtures
from helpers import NOW, db_file, everything, run
from kratomlog.core import texts
from kratomlog.core.instruments import SOWS
from kratomlog.core.plain_signals import PLAIN_WORDS, plain_words
from kratomlog.core.signals import RULES


def ok(*args: str):
    result = run(*args, now=NOW)
    assert result.exit_code == 0, result.stderr + result.stdout
    return result


@pytest.fixture
def page(tmp_path) -> str:
    target = tmp_path / "handout.html"
    result = ok("demo", "handout", "-o", str(target))
    assert "Wrote the handout" in result.stdout
    assert target.stat().st_mode & 0o777 == 0o600
    return target.read_text(encoding="utf-8")


def test_the_page_holds_every_part_from_its_registry(page):
    for item in SOWS.items:
        assert item.text in page
    for anchor in SOWS.scale:
        assert f"{anchor.value} {anchor.label}" in page
    for rule in RULES:
        assert rule.title in page and plain_words(rule.id) in page
    for line in texts.HELP_LINES:
        assert line in page
    for thing in ("stress", "craving", "product", "Week of", "kratomlog"):
        assert thing in page
    assert page.count("<tr>") >= len(SOWS.items) + 8  # the checklist and the week grid


def test_the_page_is_self_contained(page):
    assert "<script" not in page.lower()
    assert not re.search(r"(src|href)\s*=", page, flags=re.I)
    assert "url(" not in page and "@import" not in page and "http" not in page.lower()


def test_the_handout_needs_no_database():
    ok("demo", "handout", "-o", "-")
    assert not db_file().exists()


def test_dash_prints_the_page_on_standard_output():
    assert ok("demo", "handout", "-o", "-").stdout.startswith("<!DOCTYPE html>")


def test_paper_sets_the_page_size(tmp_path):
    target = tmp_path / "a4.html"
    ok("demo", "handout", "-o", str(target), "--paper", "A4")
    assert "size: A4" in target.read_text()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--paper", "legal"], "--paper takes a4 or letter"),
        ([], "already exists; add --force"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(tmp_path, args, message):
    target = tmp_path / "handout.html"
    target.write_text("keep me")
    result = run("demo", "handout", "-o", str(target), *args, now=NOW)
    assert result.exit_code == 2 and message in result.stderr
    assert target.read_text() == "keep me"


def test_the_database_itself_is_never_the_target():
    ok("dose", "2g", "Green")
    before = everything()
    result = run("demo", "handout", "-o", str(db_file()), "--force", now=NOW)
    assert result.exit_code == 2 and "the database" in result.stderr
    assert everything() == before


@pytest.mark.slow  # a real browser
def test_one_printed_page_on_a4_and_on_letter(chromium, pypdf, tmp_path):
    target = tmp_path / "handout.html"
    ok("demo", "handout", "-o", str(target))
    pdfs = print_pdfs(chromium, target.read_text(encoding="utf-8"), tmp_path, "handout")
    for paper in PAPERS:
        reader = pypdf.PdfReader(str(pdfs[paper]))
        assert len(reader.pages) == 1, paper
        text = " ".join(reader.pages[0].extract_text().split())
        for needed in ("Keeping a kratom log", "One week on paper", "I feel anxious", "1-800-662-4357",
                       "Patterns worth noticing", "Doses per day"):
            assert needed in text, (paper, needed)


@pytest.mark.parametrize("command", [["demo", "handout"], ["export"], ["report"]])
def test_the_demo_database_beside_the_real_one_is_never_a_target_either(command):
    ok("demo", "--scenario", "steady", "--no-show")
    demo = db_file().parent / "demo.db"
    before = everything(demo)
    result = run(*command, "-o", str(demo), "--force", now=NOW)
    assert result.exit_code == 2 and "the database" in result.stderr
    assert everything(demo) == before
