"""Point 1 of #11: user text is data — never markup, never control codes, Markdown and HTML escaped,
invalid UTF-8 refused as bad input."""

from __future__ import annotations

import html
import json
import sqlite3

import markdown_it
import pytest
from helpers import NOW, everything, run
from hostile import CONTROL, MARKUP, clean_output

from kratomlog.core.invalid import Invalid
from kratomlog.core.safe_text import check_text, for_display, html_escape, markdown_escape

DISPLAY = [("list",), ("strain", "list"), ("week",), ("week", "--of", "2026-11-20"), ("trends", "--weeks", "2"), ("signals",),
           ("report",), ("report", "--include-notes"), ("report", "--format", "html", "--include-notes")]


# --- the core helpers -----------------------------------------------------------------------

def test_check_text_names_the_character_and_its_position():
    assert check_text("tab\tok", "the note") == "tab\tok"
    assert check_text("two\nlines", "the note", newlines=True) == "two\nlines"
    with pytest.raises(Invalid, match=r"U\+001B ESC\) at character 4"):
        check_text("abc\x1b[2J", "the note", newlines=True)
    with pytest.raises(Invalid, match=r"line feed\) at character 2"):
        check_text("a\nb", "a strain name")
    for char in ("\x00", "\x07", "\r", "\x7f", "\x85", "\x9b"):
        with pytest.raises(Invalid, match=f"U\\+{ord(char):04X}"):
            check_text(f"x{char}", "the note", newlines=True)
    with pytest.raises(Invalid, match=r"not valid UTF-8 \(byte 0xff at character 2\)"):
        check_text("a\udcffb", "the note")
    with pytest.raises(Invalid, match="lone surrogate U\\+D800"):
        check_text("\ud800", "the note")


def test_for_display_makes_every_control_character_visible():
    shown = for_display("a\x1b]0;t\x07b\x9b\x00\x7f\udcff\tc\nd")
    assert shown == "a^[]0;t\ufffdb\ufffd\ufffd\ufffd\ufffd\tc\nd"
    assert for_display("a\nb", newlines=False) == "a b"
    for text in CONTROL:
        assert clean_output(for_display(text))


@pytest.mark.parametrize("text", MARKUP + CONTROL + ["1. one", "- item", "> quote", "+ plus", "=== ", "plain-text"])
def test_markdown_escape_renders_as_the_same_literal_text(text):
    md = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])
    escaped = markdown_escape(text)
    expected = for_display(text, newlines=False)
    prose = md.render(f"- note: {escaped}\n\n{markdown_escape(text, line_start=True)}\n")
    table = md.render(f"| a | b |\n|---|---|\n| {escaped} | x |\n")
    for page in (prose, table):
        tags = set(re_tags(page))
        assert tags <= {"p", "ul", "li", "table", "thead", "tbody", "tr", "th", "td"}, (text, page)
        assert "href=" not in page
    assert f"<p>{html.escape(expected.strip(), quote=False)}</p>" in prose.replace("&quot;", '"'), prose
    assert f"<td>{html.escape(expected.strip(), quote=False)}</td>" in table.replace("&quot;", '"'), table


def re_tags(page: str) -> list[str]:
    """The HTML elements in a rendered page (text shown as `&lt;img` is not one)."""
    import re

    return re.findall(r"<\s*/?\s*([a-zA-Z0-9]+)", page)


def test_html_escape():
    assert html_escape('<a href="x">\x1b') == "&lt;a href=&quot;x&quot;&gt;^["


# --- on the command line ----------------------------------------------------------------------

def _seed_markup_names():
    for i, name in enumerate(MARKUP):
        # Last week (Fri 2026-11-20), which the default report covers too.
        result = run("dose", "1g", name, "--new", "--note", f"note {name}", "--at", f"{7 * 24 + i}h ago", now=NOW)
        assert result.exit_code == 0, (name, result.output)
        assert name in result.stdout
    assert run("strain", "edit", MARKUP[0], "--vendor", "[b]Leaf[/b] & Co", "--batch", "<b>1</b>", now=NOW).exit_code == 0
    assert run("other", "alcohol", "--amount", "[2] drinks", "--note", "[red]x", now=NOW).exit_code == 0


@pytest.mark.parametrize("args", DISPLAY)
def test_markup_in_names_and_notes_is_shown_verbatim(args):
    _seed_markup_names()
    result = run(*args, now=NOW, env={"COLUMNS": "400"})  # wide enough that no cell wraps
    assert result.exit_code == 0, (args, result.output)
    assert "MarkupError" not in result.output and "Traceback" not in result.output
    shown = result.stdout
    if "html" in args:
        body = shown.split("<body")[1]
        import re

        assert not re.search(r"<a[\s>]|<script|<img|href=\"(?!#)|src=\"", body), body  # only the charts' own #refs
        assert "<script>alert" not in shown and "<img src=x" not in shown
        shown = html.unescape(shown)
    if args[0] in ("list", "strain"):
        for name in ("Red [/bold] Bali", "Green Malay [lab tested]", "[bold red]loud[/]"):
            assert name in shown, (args, name)
    if "--of" in args or "--include-notes" in args:
        assert "Green Malay [lab tested]" in shown or "Green Malay \\[lab tested\\]" in shown, shown


def test_markdown_report_escapes_every_user_string():
    _seed_markup_names()
    page = run("report", "--include-notes", now=NOW).stdout
    md = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])
    rendered = md.render(page)
    tags = set(re_tags(rendered))
    assert tags <= {"h1", "h2", "p", "ul", "li", "table", "thead", "tbody", "tr", "th", "td", "strong", "pre", "code", "hr"}, tags
    assert "href=" not in rendered  # no link, no image, whatever the names say
    assert "note Green Malay [lab tested]" in html.unescape(rendered)


@pytest.mark.parametrize("bad", ["\x1b]0;title\x07", "\x1b[2J", "a\x00b", "del\x7f", "c1\x9b", "cr\r"])
def test_control_characters_are_refused_on_input_naming_the_position(bad):
    assert run("dose", "1g", "Red", now=NOW).exit_code == 0
    before = everything()
    attempts = [
        ("dose", "1g", "Red", "--note", f"ok{bad}z"),
        ("dose", "1g", f"Red{bad}z", "--new"),
        ("stress", "3", "--note", f"ok{bad}z"),
        ("no-use", "--on", "3d ago", "--note", f"ok{bad}z"),
        ("other", "alcohol", "--amount", f"ok{bad}z"),
        ("strain", "add", f"N{bad}z"),
        ("strain", "edit", "Red", "--vendor", f"ok{bad}z"),
        ("strain", "edit", "Red", "--batch", f"ok{bad}z"),
        ("strain", "edit", "Red", "--note", f"ok{bad}z"),
        ("edit", "d1", "--note", f"ok{bad}z"),
        ("check", "pss", "--scores", "1,1,1,1,1,1,1,1,1,1", "--note", f"ok{bad}z"),
    ]
    for args in attempts:
        result = run(*args, now=NOW)
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, (args, result.stderr)
        assert "control character" in result.stderr and "at character" in result.stderr, (args, result.stderr)
        assert clean_output(result.output), (args, result.output)
        assert everything() == before, args


def test_a_note_may_hold_tabs_and_line_breaks():
    assert run("dose", "1g", "Red", "--note", "a\tb\nc", now=NOW).exit_code == 0
    assert json.loads(run("list", "--json", now=NOW).stdout)[0]["note"] == "a\tb\nc"


def test_arguments_that_are_not_utf8_are_bad_input():
    assert run("dose", "1g", "Red", now=NOW).exit_code == 0
    before = everything()
    for args in (("dose", "1g", "Red", "--note", "\udcff"), ("dose", "1g", "R\udcffd", "--new"),
                 ("stress", "4", "--note", "x\udcfe"), ("strain", "add", "\udcff"),
                 ("other", "alcohol", "--amount", "\udcff")):
        result = run(*args, now=NOW)
        assert result.exit_code == 2, (args, result.output)
        assert "not valid UTF-8" in result.stderr and result.stderr.count("\n") == 1, (args, result.stderr)
        assert "UnicodeEncodeError" not in result.output
        assert everything() == before


def test_lone_surrogates_in_an_imported_json_file_are_bad_input(tmp_path):
    assert run("dose", "1g", "Red", now=NOW).exit_code == 0
    document = json.loads(run("export", now=NOW).stdout)
    document["doses"][0]["uuid"] = "another"
    text = json.dumps(document).replace('"note": null', '"note": "bad \\udcff text"', 1)
    assert "\\udcff" in text
    path = tmp_path / "bad.json"
    path.write_text(text)
    before = everything()
    result = run("import", str(path), now=NOW)
    assert result.exit_code == 2, result.output
    assert "not valid Unicode" in result.stderr and result.stderr.count("\n") == 1
    assert everything() == before
    # A surrogate pair (an emoji spelled in escapes) is fine.
    path.write_text(text.replace("\\udcff", "\\ud83d\\ude00"))
    assert run("import", str(path), now=NOW).exit_code == 0


def _plant(db_path, name, note):
    """Write hostile text straight into the database, as an older version or another tool could."""
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE strain SET name = ?, vendor = ?, note = ?", (name, note, note))
        conn.execute("UPDATE dose SET note = ?", (note,))
    conn.close()


@pytest.mark.parametrize("args", DISPLAY + [("check", "history"), ("dose", "1g"), ("status",)])
def test_control_codes_already_stored_never_reach_the_terminal(db_path, args):
    assert run("dose", "2g", "Red", "--reason", "stress", now=NOW - 3600).exit_code == 0
    assert run("dose", "2g", "Red", "--note", "last week", "--at", "7d ago", now=NOW).exit_code == 0
    _plant(db_path, "Red \x1b]0;owned\x07\x1b[2J", "n\x1b]8;;http://evil\x1b\\x\x9b\x00")
    result = run(*args, now=NOW)
    assert result.exit_code == 0, (args, result.output)
    assert clean_output(result.output), (args, repr(result.output))
    if args[0] in ("list", "strain", "week", "dose"):
        assert "^[" in result.stdout, (args, result.stdout)


def test_control_codes_in_an_import_are_neutralised_in_its_summary_and_lists(tmp_path):
    assert run("dose", "1g", "Red", now=NOW).exit_code == 0
    document = json.loads(run("export", now=NOW).stdout)
    document["doses"][0]["uuid"] = "imported-one"
    document["doses"][0]["note"] = "x\x1b[2Jy"
    document["strains"].append(dict(document["strains"][0], uuid="s2", name="Evil\x1b]0;t\x07"))
    path = tmp_path / "in.json"
    path.write_text(json.dumps(document))
    result = run("import", str(path), now=NOW)
    assert result.exit_code == 0, result.output
    assert clean_output(result.output), repr(result.output)
    assert "control character" in result.stdout  # the strain row was skipped, with the reason
    listing = run("list", now=NOW)
    assert clean_output(listing.output) and "x^[[2Jy" in listing.stdout
