"""#11 point 7: the hostile corpus (tests/hostile.py) through every command that takes free text and
every command that shows or writes it.

One database is built per module (`seeded`): names with brackets, Rich markup, HTML and Markdown
typed through the CLI, then control codes, text that is not valid UTF-8 and 5000-character text
written straight into every text column with sqlite3 (as an older version or another tool could).
Each test works on its own copy of it.

To extend the sweep, add ONE line:
- a command that shows user text on the terminal → `SHOWN` (with the names it must show verbatim);
- a free-text option or argument that is stored → `TYPED` (`{}` marks where the bad text goes).
Writers (report, export, handout, where, import summaries) have a test each below.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import shutil
import sqlite3
from html.parser import HTMLParser

import markdown_it
import pytest
from helpers import NOW, everything, run
from hostile import CONTROL, LONG, MARKUP, clean_output

from kratomlog.core.names import fold

# Strain names typed through the CLI (valid input: brackets and markup are data).
BRACKETS = "Red [/bold] Bali"  # the latest dose's strain; kept as typed: every screen shows it verbatim
LOUD = "[bold red]loud[/]"
LAB = "Green Malay [lab tested]"
SCRIPT = "<script>alert(1)</script>"  # renamed below to control codes
IMAGE = "![x](http://tracker.example/p.png)"  # renamed below to bytes that are not UTF-8
LINK = "[link=javascript:alert(1)]x[/link]"
NAMES = (BRACKETS, LOUD, LAB, SCRIPT, IMAGE, LINK, "| a | b |", "# heading *em* _u_ `code` ~~s~~ &amp; \\")
VERBATIM = (BRACKETS, LOUD)  # what every screen that names strains must show exactly as typed

PLANTED_NAME = "Evil \x1b]0;owned\x07\x1b[2J name"
NOT_UTF8 = b"Bad \xff\xfe bytes"  # stored as TEXT by another tool; SQLite does not check
TEXTS = MARKUP + CONTROL + [LONG]  # notes and labels, planted in turn
MD_TAGS = {"h1", "h2", "h3", "p", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "strong", "em",
           "pre", "code", "hr", "blockquote"}
HTML_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "footer", "main", "section", "div",
             "figure", "figcaption", "h1", "h2", "h3", "p", "ul", "ol", "li", "strong", "b", "em", "i", "span",
             "small", "br", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "svg", "defs", "g",
             "path", "rect", "line", "circle", "polyline", "use", "clippath", "desc", "text", "tspan"}


def ok(*args: str, db, input: str | None = None):
    result = run(*args, now=NOW, input=input, env={"KRATOMLOG_DB": str(db), "COLUMNS": "400"})
    assert result.exit_code == 0, (args, result.output)
    return result


def _seed(db) -> None:
    """Three weeks of use over the markup-named strains, with every kind of record."""
    for n, name in enumerate(NAMES):
        ok("strain", "add", name, "--new", "--vendor", "[b]Leaf[/b] & <i>Co</i>", "--batch", "<b>1</b>",
           "--note", f"note of {name}", db=db)
    ok("batch", "add", BRACKETS, "[RB]-<1>", "--vendor", "[u]V[/u]", "--note", "[i]batch note", db=db)
    ok("batch", "use", BRACKETS, "[RB]-<1>", db=db)
    ok("batch", "add", LOUD, "B2", db=db)
    certificate = db.parent / "[coa] <x> ![i](http-x).pdf"
    certificate.write_bytes(b"%PDF-1.4 hostile")
    ok("coa", "add", BRACKETS, "[RB]-<1>", "--lab", "[b]Acme[/b] <i>Labs</i>", "--tested", "2026-11-02",
       "--lead", "9", "--salmonella", "fail", "--file", str(certificate), "--note", "<script>x</script>", db=db)
    ok("buy", BRACKETS, "250g", "--batch", "[RB]-<1>", "--price", "24.99", "--currency", "USD", "--on", "2026-11-05",
       "--vendor", "[b]shop[/b]", "--note", "![n](http://t.example/n.png)", db=db)
    ok("buy", LOUD, "100g", "--batch", "B2", "--price", "10", "--currency", "EUR", "--on", "2026-11-06", db=db)
    for day in range(12, 27):
        name = NAMES[day % len(NAMES)]
        ok("dose", "3g", name, "--at", f"2026-11-{day:02d} 08:00", "--reason", "stress", "--yes", db=db)
        if day % 2:
            ok("dose", "2.5g", BRACKETS, "--at", f"2026-11-{day:02d} 19:00", "--reason", "withdrawal", "--yes", db=db)
        if day % 3 == 0:
            ok("stress", str(day % 10), "--craving", "3", "--at", f"2026-11-{day:02d} 07:30", "--note", "[b]s", db=db)
    ok("dose", "2g", BRACKETS, "--at", "2026-11-27 09:00", "--note", "[b]today", "--yes", db=db)
    ok("stress", "6", "--craving", "4", "--at", "2026-11-27 09:30", db=db)
    ok("no-use", "--on", "2026-11-05", "--note", "[i]no use", db=db)
    ok("other", "alcohol", "--amount", "[2] drinks", "--at", "2026-11-26 21:00", "--note", "[red]x", db=db)
    ok("withdrawal", "--scores", "1,2,0,0,1,0,0,1,1,2,2,0,0,1,0,3", "--at", "2026-11-20 08:00", db=db)
    ok("withdrawal", "--scores", "2,2,1,1,1,1,1,1,1,2,2,1,1,1,1,3", "--at", "2026-11-26 08:00", db=db)
    ok("withdrawal", "--item", "restless=2", "--at", "2026-11-26 20:00", db=db)
    ok("check", "dsm", "--scores", "n,n,n,y,n,n,n,n,n,y,y", "--at", "2026-11-21 10:00", "--note", "[b]dsm", db=db)
    ok("check", "pss", "--scores", "3,2,3,1,1,3,2,1,3,2", "--at", "2026-11-21 10:05", db=db)
    ok("taper", "start", "--from", "6g", "--step", "10%", "--every", "7d", db=db)
    _plant(db)


def _plant(db) -> None:
    """Control codes, invalid UTF-8 and very long text in every text column, straight into the file."""
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE strain SET name = ?, name_key = ? WHERE name = ?", (PLANTED_NAME, fold(PLANTED_NAME), SCRIPT))
        conn.execute("UPDATE strain SET name = CAST(? AS TEXT), name_key = 'bad bytes' WHERE name = ?", (NOT_UTF8, IMAGE))
        conn.execute("UPDATE strain SET vendor = ?, note = ? WHERE name = ?", (CONTROL[1], LONG, LAB))
        conn.execute("UPDATE strain SET batch = ? WHERE name = ?", (CONTROL[2], LINK))
        for table, columns in (("dose", ("note",)), ("rating", ("note",)), ("no_use_day", ("note",)),
                               ("questionnaire", ("note",)), ("other_substance", ("amount", "note")),
                               ("batch", ("vendor", "note")), ("certificate", ("lab", "file_name", "note")),
                               ("purchase", ("vendor", "note"))):
            ids = [i for (i,) in conn.execute(f"SELECT id FROM {table} ORDER BY id")]
            for n, row_id in enumerate(ids):
                values = [TEXTS[(n + k) % len(TEXTS)] for k in range(len(columns))]
                sets = ", ".join(f"{c} = ?" for c in columns)
                conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", (*values, row_id))
        conn.execute("UPDATE batch SET code = ?, code_key = 'b2' WHERE code = 'B2'", ("B2\x1b[31m\x9b",))
        conn.execute("UPDATE dose SET note = CAST(? AS TEXT) WHERE id = 3", (NOT_UTF8,))
        conn.execute("UPDATE rating SET note = CAST(? AS TEXT) WHERE id = 1", (NOT_UTF8,))
        latest = conn.execute("SELECT max(id) FROM dose").fetchone()[0]
        conn.execute("UPDATE dose SET note = ? WHERE id = ?", ("\x1b]8;;http://evil.example\x1b\\today\x1b]8;;\x1b\\", latest))
    conn.close()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    folder.chmod(0o700)
    path = folder / "kratomlog.db"
    _seed(path)
    return path


@pytest.fixture
def hostile_db(seeded, db_path):
    """This test's own copy of the module's hostile database."""
    db_path.parent.mkdir(mode=0o700, exist_ok=True)
    for suffix in ("", "-wal"):
        if os.path.exists(f"{seeded}{suffix}"):
            shutil.copy2(f"{seeded}{suffix}", f"{db_path}{suffix}")
    return db_path


def shown_ok(result, args) -> str:
    """Exit 0, no traceback, no live markup error, no control character on the terminal."""
    assert result.exit_code == 0, (args, result.output[-2000:])
    assert "Traceback" not in result.output and "MarkupError" not in result.output, args
    assert clean_output(result.output), (args, [m for m in re.findall("[\x00-\x08\x0b-\x1f\x7f-\x9f].{0,12}", result.output)][:5])
    return result.stdout


# --- every display command ------------------------------------------------------------------------

# args, the typed names it must show exactly as typed (markup that stayed text).
SHOWN = [
    (("list",), VERBATIM),
    (("list", "-n", "200", "--kind", "dose"), VERBATIM),
    (("list", "--json"), ()),
    (("strain", "list", "--all"), VERBATIM),
    (("strain", "list", "--json"), ()),
    (("strain", "stats"), VERBATIM),
    (("strain", "stats", "--json"), ()),
    (("week",), VERBATIM),
    (("week", "--prev"), VERBATIM),
    (("week", "--of", "2026-11-20", "--json"), ()),
    (("trends", "--weeks", "4"), VERBATIM),
    (("trends", "--weeks", "4", "--json"), ()),
    (("calendar", "--months", "2"), ()),
    (("calendar", "--json"), ()),
    (("signals",), ()),
    (("signals", "--json"), ()),
    (("insights", "--days", "30"), ()),
    (("insights", "--json"), ()),
    (("taper", "status"), ()),
    (("taper", "status", "--json"), ()),
    (("taper", "history"), ()),
    (("check", "history"), ()),
    (("check", "history", "--json"), ()),
    (("batch", "list"), (BRACKETS, "[RB]-<1>")),
    (("batch", "list", "--json"), ()),
    (("coa", "show", BRACKETS, "[RB]-<1>"), (BRACKETS, "[RB]-<1>")),
    (("coa", "show", BRACKETS, "[RB]-<1>", "--json"), ()),
    (("stock",), VERBATIM),
    (("stock", "--json"), ()),
    (("spend",), VERBATIM),
    (("spend", "--json"), ()),
    (("today",), (BRACKETS,)),
    (("today", "--json"), ()),
    (("status",), ()),
    (("status", "--json"), ()),
    (("status", "--format", "{last_strain} {since} {today_g}g"), (BRACKETS,)),
    (("status", "--format", "\x1b]0;t\x07{last_strain}\x9b"), (BRACKETS,)),  # the template is neutralised too
    (("info",), ()),
    (("info", "--json"), ()),
    (("config", "show"), ()),
    (("config", "show", "--json"), ()),
    (("report", "--exclude", "strains", "--include", "notes"), ()),
    (("where", "--all"), ()),
    (("where", "--all", "--json"), ()),
    (("taper", "history", "--json"), ()),
]


@pytest.mark.parametrize("args, verbatim", SHOWN, ids=[" ".join(a).replace("\x1b", "ESC") for a, _ in SHOWN])
def test_every_display_command_shows_hostile_text_as_inert_text(hostile_db, args, verbatim):
    before = everything()
    stdout = shown_ok(run(*args, now=NOW, env={"COLUMNS": "400"}), args)
    for name in verbatim:
        assert name in stdout, (args, name)
    if "--json" in args:
        json.loads(stdout, parse_constant=lambda c: pytest.fail(f"{args}: {c} is not JSON"))
    assert everything() == before, args  # a read changes nothing


# Commands that write and then show user text (each on its own copy of the database).
WRITES_AND_SHOWS = [
    (("again", "--yes"), (BRACKETS,)),
    (("dose", "1g", "--yes"), (BRACKETS,)),
    (("dose", "1g", LOUD, "--batch", "B2\x1b[31m\x9b"), None),  # a planted code cannot be typed: refused, clean
    (("edit", "d1", "--note", "fine"), ()),
    (("edit", "p1", "--note", "fine"), (BRACKETS,)),
    (("edit", "b1", "--note", "fine"), ()),
    (("edit", "c1", "--note", "fine"), ()),
    (("edit", "o1", "--note", "fine"), ()),
    (("edit", "q1", "--note", "fine"), ()),
    (("edit", "s1", "--note", "fine"), ()),
    (("edit", "n1", "--note", "fine"), ()),
    (("delete", "d2"), ()),  # asks, showing the entry; "n" keeps it
    (("delete", "p1"), ()),
    (("delete", "d5", "--forever"), ()),
    (("forget", "--before", "today"), ()),
    (("buy", BRACKETS, "10g", "--price", "2"), (BRACKETS,)),
    (("batch", "use", LOUD, "B2"), ()),
    (("strain", "edit", BRACKETS, "--vendor", "plain"), (BRACKETS,)),
    (("strain", "archive", LOUD), (LOUD,)),
    (("withdrawal", "--scores", "2,2,2,1,1,1,1,1,1,2,2,1,1,1,1,3"), ()),
    (("stress", "5", "--note", "<b>x</b>"), ()),
    (("strain", "add", "[i]New[/i] <b>", "--new"), ("[i]New[/i] <b>",)),
    (("strain", "edit", LOUD, "--name", "[u]Renamed[/u]"), ("[u]Renamed[/u]",)),
    (("check", "dsm", "--scores", "y,y,y,y,y,n,n,n,n,y,y"), ()),
    (("taper", "hold", "--for", "3d"), ()),
    (("taper", "adjust", "--step", "5%"), ()),
    (("taper", "stop"), ()),
]


@pytest.mark.parametrize("args, verbatim", WRITES_AND_SHOWS, ids=[" ".join(a).replace("\x1b", "ESC") for a, _ in WRITES_AND_SHOWS])
def test_commands_that_write_show_hostile_text_as_inert_text(hostile_db, args, verbatim):
    before = everything()
    result = run(*args, now=NOW, input="n\n", env={"COLUMNS": "400"})
    if verbatim is None:  # refused: one line, exit 2, nothing written
        assert result.exit_code == 2, (args, result.output)
        assert clean_output(result.output) and result.stderr.count("\n") == 1, (args, result.output)
        assert everything() == before
        return
    stdout = shown_ok(result, args)
    for name in verbatim:
        assert name in stdout, (args, name)
    if args[0] in ("delete", "forget"):  # declined
        assert everything() == before, args


def test_undo_shows_the_entry_it_brought_back_as_inert_text(hostile_db):
    ok("edit", "d3", "--amount", "2g", db=hostile_db)  # the dose whose note is not UTF-8
    shown_ok(run("undo", now=NOW), ("undo",))
    ok("delete", "d4", "--yes", db=hostile_db)
    shown_ok(run("undo", now=NOW), ("undo",))


def test_text_that_is_not_utf8_shows_as_invalid_and_can_be_fixed(hostile_db):
    listing = json.loads(run("list", "--json", "-n", "500", now=NOW).stdout)
    (bad,) = [e for e in listing if e["id"] == "d3"]
    assert bad["note"] == "Bad \ufffd\ufffd bytes"
    assert "Bad \ufffd\ufffd bytes" in [s["name"] for s in json.loads(run("strain", "list", "--all", "--json", now=NOW).stdout)]
    ok("edit", "d3", "--note", "fixed", db=hostile_db)
    assert [e for e in json.loads(run("list", "--json", "-n", "500", now=NOW).stdout) if e["id"] == "d3"][0]["note"] == "fixed"


# --- the demo's text paths ------------------------------------------------------------------------

@pytest.mark.slow  # builds a demo person (a few seconds on a loaded machine)
def test_demo_tour_and_dashboard_neutralise_hostile_text_in_the_demo_database(db_path):
    db_path.parent.mkdir(mode=0o700, exist_ok=True)
    assert run("demo", "--no-show", "--scenario", "tapering", "--yes", now=NOW).exit_code == 0
    demo = db_path.with_name("demo.db")
    conn = sqlite3.connect(demo)
    with conn:
        conn.execute("UPDATE strain SET name = ? || name", ("[bold]\x1b]0;t\x07<script>",))
        conn.execute("UPDATE dose SET note = ?", (CONTROL[1],))
        conn.execute("UPDATE batch SET code = ? || code", ("\x1b[2J[u]",))
        conn.execute("UPDATE certificate SET lab = ?", ("[b]Lab\x9b",))
    conn.close()
    for args in (("demo", "tour", "--print"), ("--demo", "week"), ("--demo", "signals"), ("--demo", "list")):
        stdout = shown_ok(run(*args, now=NOW, env={"COLUMNS": "400"}), args)
        if args[-1] != "signals":
            assert "[bold]^[]0;t" in stdout, args


# --- free text typed on the command line ---------------------------------------------------------

BAD_TEXT = {"ESC": "\x1b[2J", "C1": "\x9b31m", "DEL": "x\x7f", "invalid UTF-8": "\udcff"}
# Every free-text option or argument that is stored; "{}" is where the bad text goes. A file name
# ({file}) is of a file that exists, named with the bad text.
TYPED = [
    ("dose", "1g", BRACKETS, "--note", "a{}"),
    ("dose", "1g", "N{}", "--new"),
    ("dose", "1g", BRACKETS, "--batch", "B{}"),
    ("stress", "3", "--note", "a{}"),
    ("no-use", "--on", "2026-11-01", "--note", "a{}"),
    ("other", "alcohol", "--amount", "a{}"),
    ("other", "alcohol", "--note", "a{}"),
    ("withdrawal", "--item", "restless=1", "--note", "a{}"),
    ("check", "pss", "--scores", "1,1,1,1,1,1,1,1,1,1", "--note", "a{}"),
    ("strain", "add", "N{}"),
    ("strain", "add", "Fine", "--vendor", "a{}"),
    ("strain", "add", "Fine", "--batch", "a{}"),
    ("strain", "add", "Fine", "--note", "a{}"),
    ("strain", "edit", BRACKETS, "--name", "N{}"),
    ("strain", "edit", BRACKETS, "--vendor", "a{}"),
    ("strain", "edit", BRACKETS, "--batch", "a{}"),
    ("strain", "edit", BRACKETS, "--note", "a{}"),
    ("batch", "add", BRACKETS, "C{}"),
    ("batch", "add", BRACKETS, "C9", "--vendor", "a{}"),
    ("batch", "add", BRACKETS, "C9", "--note", "a{}"),
    ("coa", "add", BRACKETS, "[RB]-<1>", "--lab", "L{}", "--tested", "2026-11-02"),
    ("coa", "add", BRACKETS, "[RB]-<1>", "--lab", "L", "--tested", "2026-11-02", "--note", "a{}"),
    ("coa", "add", BRACKETS, "[RB]-<1>", "--lab", "L", "--tested", "2026-11-02", "--file", "{file}"),
    ("buy", BRACKETS, "10g", "--vendor", "a{}"),
    ("buy", BRACKETS, "10g", "--note", "a{}"),
    ("buy", BRACKETS, "10g", "--batch", "C{}"),
    ("buy", BRACKETS, "10g", "--price", "1", "--currency", "U{}D"),
    ("buy", "N{}", "10g", "--new"),
    ("edit", "d1", "--note", "a{}"),
    ("edit", "d1", "--strain", "N{}"),
    ("edit", "d1", "--batch", "C{}"),
    ("edit", "o1", "--amount", "a{}"),
    ("edit", "s1", "--note", "a{}"),
    ("edit", "n1", "--note", "a{}"),
    ("edit", "q1", "--note", "a{}"),
    ("edit", "p1", "--vendor", "a{}"),
    ("edit", "p1", "--note", "a{}"),
    ("edit", "p1", "--currency", "U{}D"),
    ("edit", "p1", "--batch", "C{}"),
    ("edit", "b1", "--set", "code=C{}"),
    ("edit", "b1", "--set", "vendor=a{}"),
    ("edit", "b1", "--vendor", "a{}"),
    ("edit", "b1", "--note", "a{}"),
    ("edit", "c1", "--set", "lab=L{}"),
    ("edit", "c1", "--note", "a{}"),
    ("edit", "c1", "--set", "source=a{}"),
    ("config", "set", "week_starts", "monday{}"),
    ("config", "set", "day_starts_at", "04:00{}"),
    ("config", "set", "default_unit", "g{}"),
    ("taper", "start", "--from", "3g{}", "--step", "10%", "--every", "7d"),
    ("taper", "adjust", "--step", "5%{}"),
    ("taper", "hold", "--for", "3d{}"),
]


@pytest.mark.parametrize("template", TYPED, ids=[" ".join(t) for t in TYPED])
def test_free_text_with_control_characters_or_bad_utf8_is_refused_before_any_write(hostile_db, template):
    before = everything()
    for what, bad in BAD_TEXT.items():
        if "{file}" in template:
            file = hostile_db.parent / f"coa{bad}.pdf"
            file.write_bytes(b"%PDF")
            args = [str(file) if part == "{file}" else part for part in template]
        else:
            args = [part.replace("{}", bad) for part in template]
        result = run(*args, now=NOW)
        assert result.exit_code == 2, (what, args, result.output)
        assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, (what, args, result.stderr)
        assert clean_output(result.output), (what, args, result.output)
        assert "Traceback" not in result.output
        assert everything() == before, (what, args)


def test_a_certificate_file_name_with_a_control_character_is_refused_naming_it(hostile_db):
    file = hostile_db.parent / "coa\x1b[2J.pdf"
    file.write_bytes(b"%PDF")
    before = everything()
    result = run("coa", "add", BRACKETS, "[RB]-<1>", "--lab", "L", "--tested", "2026-11-02", "--file", str(file), now=NOW)
    assert result.exit_code == 2
    assert "the certificate file's name has a control character (U+001B ESC) at character 4" in result.stderr
    assert "rename the file" in result.stderr
    bad = hostile_db.parent / os.fsdecode(b"coa\xff.pdf")
    bad.write_bytes(b"%PDF")
    result = run("coa", "add", BRACKETS, "[RB]-<1>", "--lab", "L", "--tested", "2026-11-02", "--file", str(bad), now=NOW)
    assert result.exit_code == 2 and "is not valid UTF-8 (byte 0xff at character 4)" in result.stderr
    assert everything() == before


# --- writers --------------------------------------------------------------------------------------

def _tags(page: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    found: list = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

        handle_startendtag = handle_starttag

    Collect(convert_charrefs=True).feed(page)
    return found


def html_is_inert(page: str) -> None:
    """Only the page's own elements; no script, image, frame or outside link; no event handler or
    javascript: URL, whatever the user's text says."""
    for tag, attrs in _tags(page):
        assert tag in HTML_TAGS, (tag, attrs)
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "xlink:href", "src"):
                assert (value or "").startswith("#"), (tag, name, value)
            assert "javascript:" not in (value or "").lower(), (tag, name, value)
    assert clean_output(page)


def markdown_is_inert(page: str) -> str:
    rendered = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(page)
    found = _tags(rendered)
    assert {tag for tag, _ in found} <= MD_TAGS, {tag for tag, _ in found} - MD_TAGS
    attributes = [a for _, attrs in found for a in attrs if a[0] != "style" or not a[1].startswith("text-align:")]
    assert not attributes, attributes  # no link, no image, no raw HTML (only table-column alignment)
    assert clean_output(page)
    return html.unescape(rendered)


@pytest.mark.parametrize("to_file", [False, True], ids=["stdout", "file"])
def test_the_markdown_report_renders_hostile_text_as_literal_text(hostile_db, tmp_path, to_file):
    args = ["report", "--include-notes"]
    if to_file:
        args += ["-o", str(tmp_path / "r.md")]
    result = run(*args, now=NOW)
    shown_ok(result, args)
    page = (tmp_path / "r.md").read_text() if to_file else result.stdout
    text = markdown_is_inert(page)
    for name in VERBATIM:
        assert name in text, name


def test_the_html_report_holds_hostile_text_as_plain_text(hostile_db, tmp_path):
    target = tmp_path / "r.html"
    shown_ok(run("report", "--format", "html", "--include-notes", "-o", str(target), now=NOW), "report")
    page = target.read_text()
    html_is_inert(page)
    assert "<script>alert" not in page
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    for name in VERBATIM:
        assert name in text, name


def test_the_handout_is_inert_html(hostile_db, tmp_path):
    target = tmp_path / "handout.html"
    shown_ok(run("--demo", "demo", "handout", "-o", str(target), now=NOW), "handout")
    html_is_inert(target.read_text())
    result = run("demo", "handout", "-o", "-", "--paper", "a4", now=NOW)
    shown_ok(result, "handout -o -")
    html_is_inert(result.stdout)


def _stored(db, sql: str) -> list:
    conn = sqlite3.connect(db)
    conn.text_factory = lambda b: b.decode("utf-8", "replace")
    try:
        return [r[0] for r in conn.execute(sql)]
    finally:
        conn.close()


def test_the_json_export_keeps_hostile_text_exactly_and_shows_no_control_character(hostile_db, tmp_path):
    result = run("export", now=NOW)
    shown_ok(result, "export")  # also on a terminal: control characters are \\u escapes
    document = json.loads(result.stdout, parse_constant=lambda c: pytest.fail(f"{c} is not JSON"))
    assert [d["note"] for d in document["doses"]] == _stored(hostile_db, "SELECT note FROM dose ORDER BY id")
    assert [c["lab"] for c in document["certificates"]] == _stored(hostile_db, "SELECT lab FROM certificate ORDER BY id")
    assert PLANTED_NAME in [s["name"] for s in document["strains"]]
    # And it comes back: a fresh database gets the same notes (a name with control codes is skipped, with its reason).
    path = tmp_path / "e.json"
    path.write_text(result.stdout)
    fresh = tmp_path / "fresh" / "kratomlog.db"
    for extra in (("--dry-run",), ("--dry-run", "--json")):
        shown_ok(run("import", str(path), *extra, now=NOW, env={"KRATOMLOG_DB": str(fresh), "COLUMNS": "400"}), extra)
    imported = run("import", str(path), now=NOW, env={"KRATOMLOG_DB": str(fresh), "COLUMNS": "400"})
    shown_ok(imported, "import")
    assert "control character" in imported.stdout  # the planted strain name, skipped and named
    sql = "SELECT uuid || char(31) || note FROM dose WHERE note IS NOT NULL"
    kept = dict(row.split("\x1f", 1) for row in _stored(fresh, sql))
    original = dict(row.split("\x1f", 1) for row in _stored(hostile_db, sql))
    assert len(kept) >= 10 and all(original[uuid] == note for uuid, note in kept.items())
    assert any("\x1b" in note for note in kept.values()) and LONG in original.values()


def test_the_csv_export_is_clean_and_formula_safe(hostile_db, tmp_path):
    result = run("export", "--format", "csv", now=NOW)
    shown_ok(result, "export csv")
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    notes = [r["note"] for r in table if r["kind"] == "dose"]
    assert "^[]0;title\ufffd" in notes and LONG in notes  # control characters made visible, nothing lost around them
    assert all(not (cell or "")[:1] in ("=", "+", "@") for row in table for cell in (row["note"], row["strain"]))
    target = tmp_path / "e.csv"
    shown_ok(run("export", "--format", "csv", "-o", str(target), now=NOW), "export csv -o")
    with open(target, newline="") as handle:
        written = handle.read()
    assert written.endswith("\r\n") and written.count("\r\n") >= len(table) + 1  # RFC 4180 line ends in the file
    assert written.replace("\r\n", "\n") == result.stdout.replace("\r\n", "\n")


@pytest.mark.parametrize("args", [("export", "--format", "tlfb"), ("export", "--format", "tlfb", "--summary"),
                                  ("export", "--format", "tlfb", "--json")])
def test_the_timeline_followback_export_is_clean(hostile_db, args):
    shown_ok(run(*args, "--from", "2026-11-01", now=NOW), args)


def test_import_summaries_of_every_format_show_hostile_text_as_inert_text(db_path, tmp_path):
    import pwj

    herbal = tmp_path / "herbal_tracker_plus_export_20261101_090000.csv"
    lines = ["date,time,iso_timestamp,strain_code,strain_name,amount_g,notes",
             f"2026-11-01,08:30,2026-11-01T08:30:00.000,RB,{BRACKETS},3.0,\"{LOUD}\"",
             "2026-11-01,09:30,2026-11-01T09:30:00.000,RB,Evil \x1b]0;t\x07,3.0,\x1b[2J",
             "2026-11-02,09:30,2026-11-02T09:30:00.000,RB,Red,lots\x1b[2J,x",
             f"2026-11-03,09:30,2026-11-03T09:30:00.000,RB,{LOUD},300,x"]
    herbal.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode())
    journal = tmp_path / "Journal.json"
    journal.write_text(pwj.text(pwj.export(
        pwj.experience(pwj.ingestion(notes="[b]n\x1b[2J"), pwj.ingestion(substance="Alcohol\x1b]0;t\x07", time_ms=1_764_000_100_000),
                       pwj.ingestion(substance=LOUD, time_ms=1_764_000_200_000), title="[red]t\x1b[2J")), ))
    for path in (herbal, journal):
        for extra in (("--dry-run",), ("--json",), ()):
            result = run("import", str(path), *extra, now=NOW, env={"COLUMNS": "400"})
            assert result.exit_code in (0, 2), (path.name, extra, result.output)
            shown_ok(result, (path.name, extra)) if result.exit_code == 0 else None
            assert clean_output(result.output), (path.name, extra, result.output)
    shown_ok(run("list", now=NOW, env={"COLUMNS": "400"}), "list")
    assert BRACKETS in run("list", now=NOW, env={"COLUMNS": "400"}).stdout


# --- shell completion -----------------------------------------------------------------------------

@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_offers_no_name_with_control_characters(hostile_db, shell):
    from test_completion import complete

    offered = complete("kratomlog strain edit ", shell=shell)
    text = "\n".join(offered)
    assert clean_output(text), offered
    assert any("Bali" in word for word in offered), offered  # the names that can be typed are offered


# --- the fast path (no Typer: its own printing), narrow terminals, the tour's own screen -----------

FAST = [("dose", "1g", "--yes"), ("again", "--yes"), ("today",), ("status",), ("status", "--format", "{last_strain}"),
        ("stress", "4"), ("other", "alcohol")]


def test_the_fast_path_prints_hostile_text_as_inert_text(hostile_db):
    import subprocess
    import sys

    env = {**os.environ, "KRATOMLOG_DB": str(hostile_db), "KRATOMLOG_NOW": str(NOW), "COLUMNS": "400"}
    for args in FAST:
        done = subprocess.run([sys.executable, "-m", "kratomlog", *args], capture_output=True, text=True, env=env, timeout=60)
        assert done.returncode == 0, (args, done.stdout, done.stderr)
        assert clean_output(done.stdout + done.stderr), (args, done.stdout, done.stderr)
        if args[0] in ("dose", "again", "today") or "--format" in args:
            assert BRACKETS in done.stdout, (args, done.stdout)


NARROW = [("list",), ("week",), ("trends", "--weeks", "3"), ("strain", "list", "--all"), ("strain", "stats"),
          ("batch", "list"), ("coa", "show", BRACKETS, "[RB]-<1>"), ("stock",), ("spend",), ("today",),
          ("check", "history"), ("calendar",), ("signals",), ("taper", "status")]


@pytest.mark.parametrize("args", NARROW, ids=[" ".join(a) for a in NARROW])
def test_narrow_terminals_show_hostile_text_as_inert_text(hostile_db, args):
    shown_ok(run(*args, now=NOW, env={"COLUMNS": "60"}), args)


def test_the_interactive_tour_screen_neutralises_the_text_it_quotes(monkeypatch):
    from kratomlog.cli import tour_view
    from kratomlog.core.tour import Step

    step = Step(title="t", sentences=("s",), command=(), body=(f"{PLANTED_NAME} [bold]x[/bold]", CONTROL[1]))
    written: list[str] = []
    monkeypatch.setattr(tour_view, "_read_key", lambda: "q")
    tour_view._walk([step], lambda _step: [], written.append)
    screen = "".join(written)
    assert screen.startswith("\x1b[2J\x1b[H")  # the tour's own clear-screen, and nothing else
    assert clean_output(screen.replace("\x1b[2J\x1b[H", "", 1)), repr(screen)
    assert "Evil ^[]0;owned\ufffd^[[2J name [bold]x[/bold]" in screen


# --- a hostile --db: every command refuses it before opening anything ------------------------------

ON_BAD_DB = sorted({args for args, _ in SHOWN if args[0] not in ("info", "where")} | set(FAST) | {
    ("export",), ("export", "--format", "csv"), ("export", "--format", "tlfb"), ("report",),
    ("report", "--format", "html"), ("backup", "-o", "b.db"), ("import", "x.json"), ("undo",), ("edit", "d1", "--note", "x"),
    ("delete", "d1", "--yes"), ("buy", "Red", "10g"), ("batch", "add", "Red", "C1"), ("strain", "add", "Red"),
    ("withdrawal", "--item", "restless=1"), ("config", "set", "week_starts", "sunday"), ("forget", "--before", "today", "--yes"),
})


@pytest.mark.parametrize("args", ON_BAD_DB, ids=[" ".join(a) for a in ON_BAD_DB])
def test_a_device_pipe_folder_or_link_to_a_device_as_database_is_refused_by_every_command(tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)  # a writer that wrongly went ahead would leave its file here
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    folder = tmp_path / "folder"
    folder.mkdir()
    link = tmp_path / "null-link"
    link.symlink_to("/dev/null")
    for target in ("/dev/null", fifo, folder, link):
        result = run("--db", str(target), *args, now=NOW)
        assert result.exit_code in (1, 2), (target, args, result.output)
        assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, (target, args, result.stderr)
        assert result.stdout == "" and clean_output(result.output), (target, args, result.output)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo", "folder", "null-link"]
    assert not any(os.path.exists(f"/dev/null{s}") for s in ("-journal", "-wal", "-shm"))


# --- a read-only database (file and folder), as an unprivileged user ------------------------------

_EVERY_SHOWN = r"""
import json, sys
from typer.testing import CliRunner
from kratomlog.cli.app import build_app
results = []
for args in json.loads(sys.argv[1]):
    got = CliRunner().invoke(build_app(), args)
    results.append({"args": args, "code": got.exit_code, "output": got.output})
print(json.dumps(results))
"""


@pytest.mark.slow  # one unprivileged interpreter runs every display command (a few seconds)
@pytest.mark.skipif(os.getuid() != 0 or shutil.which("setpriv") is None, reason="needs root and setpriv to act as nobody")
def test_every_display_command_reads_a_read_only_hostile_database(seeded, tmp_path):
    import subprocess
    import sys
    import tempfile

    folder = tempfile.mkdtemp(prefix="kl-ro-", dir="/tmp")
    db = os.path.join(folder, "kratomlog.db")
    shutil.copy2(seeded, db)
    try:
        for path in (folder, db):
            os.chown(path, 65534, 65534)
        os.chmod(db, 0o400)
        os.chmod(folder, 0o555)
        before = open(db, "rb").read()
        commands = [list(args) for args, _ in SHOWN if args[0] != "where"]
        env = {**os.environ, "KRATOMLOG_DB": db, "KRATOMLOG_NOW": str(NOW), "HOME": folder, "COLUMNS": "400"}
        done = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", sys.executable,
                               "-c", _EVERY_SHOWN, json.dumps(commands)], env=env, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
        for found in json.loads(done.stdout):
            assert found["code"] == 0, found
            assert clean_output(found["output"]) and "Traceback" not in found["output"], found["args"]
        assert open(db, "rb").read() == before and os.listdir(folder) == ["kratomlog.db"]
    finally:
        os.chmod(folder, 0o755)
        shutil.rmtree(folder, ignore_errors=True)
