"""A kratomlog export in the layout kratomlog writes is read line by line (`core/formats/
own_layout.py`): the same document as `json.loads` gives, each row parsed only when it is reached;
any other layout of a valid document is read whole, with the same result; a broken file is refused
and writes nothing."""

from __future__ import annotations

import json

import pytest

from helpers import NOW, everything, run
from kratomlog.core.export_format import read_document
from kratomlog.core.formats import own_layout
from kratomlog.core.formats.base import Head
from kratomlog.core.formats.kratomlog_json import KratomlogJson
from kratomlog.core.formats.own_layout import NotOwnLayout, StreamedDocument


def ok(*args, now=NOW):
    result = run(*args, now=now)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def exported(tmp_path) -> str:
    ok("strain", "add", "Red Bali", "--mitragynine", "1.6")
    ok("batch", "add", "Red Bali", "RB-1")
    ok("coa", "add", "Red Bali", "RB-1", "--lab", "Acme", "--tested", "2026-11-02", "--lead", "0.3")
    ok("buy", "Red Bali", "50g", "--price", "20", "--currency", "EUR", "--on", "2026-11-20")
    for hours in (30, 26, 5):
        ok("dose", "3g", "Red Bali", "--at", f"{hours}h ago", "--note", 'a "quoted", note, with commas,')
    ok("stress", "6", "--craving", "3", "--at", "2h ago")
    ok("withdrawal", "--scores", "1,1,0,0,1,0,0,1,1,1,1,0,0,1,0,2")
    ok("no-use", "--on", "2026-11-10")
    path = tmp_path / "mine.json"
    ok("export", "-o", str(path))
    return path.read_text(encoding="utf-8")


def streamed(text: str):
    data = StreamedDocument(text)
    document = read_document(data, consume=True)
    data.finish()
    return document


def test_the_written_layout_is_read_line_by_line_into_the_same_document(exported):
    assert exported.startswith(own_layout.PREFIX)
    assert streamed(exported) == read_document(json.loads(exported))


def test_rows_are_parsed_only_when_reached(exported):
    lines = exported.split("\n")
    last_dose = max(i for i, line in enumerate(lines) if '"mitragynine_mg"' in line)
    lines[last_dose] = "    {broken"  # far down the file
    data = StreamedDocument("\n".join(lines))
    for section in ("strains", "batches"):
        list(data.pop(section, []))
    doses = data.pop("doses", [])
    assert iter(doses) is doses  # an iterator, not a list
    next(doses)  # the first dose is read; the broken one is not reached yet
    with pytest.raises(NotOwnLayout):
        list(doses)


@pytest.mark.parametrize("change", [
    lambda doc: json.dumps(doc, indent=2),  # pretty-printed by hand
    lambda doc: json.dumps(doc),  # one line
    lambda doc: json.dumps({k: doc[k] for k in reversed(list(doc))}, indent=1),  # sections in another order
    lambda doc: json.dumps({**doc, "extra": [1, 2]}, ensure_ascii=False),  # a key kratomlog does not write
])
def test_any_other_layout_of_a_valid_document_is_read_whole_with_the_same_result(exported, change):
    doc = json.loads(exported)
    text = change(doc)
    with pytest.raises(NotOwnLayout):
        streamed(text)
    parsed = KratomlogJson().parse(Head(text, "f.json"), tz=None, now=NOW)
    assert parsed == read_document(json.loads(text))


@pytest.mark.parametrize("cut", [
    lambda text: text[: text.index('"doses"') + 40],  # truncated in the middle of the doses
    lambda text: text.replace("  ],\n", "  ]\n", 1),  # a comma missing between two sections
    lambda text: text + "{}",  # something after the document
    lambda text: text.replace("},\n    {", "}\n    {", 1),  # a comma missing between two rows
])
def test_a_broken_file_in_the_written_layout_is_refused_and_writes_nothing(tmp_path, exported, cut):
    text = cut(exported)
    with pytest.raises(ValueError):
        json.loads(text)  # the test's file really is broken
    path = tmp_path / "broken.json"
    path.write_text(text, encoding="utf-8")
    before = everything()
    result = run("import", str(path), now=NOW)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "JSON" in result.stderr and result.stderr.count("\n") == 1
    assert everything() == before


def test_the_command_reads_its_own_export_line_by_line(tmp_path, exported, monkeypatch):
    finished = []
    real = StreamedDocument.finish

    def spy(self):
        finished.append(True)
        return real(self)

    monkeypatch.setattr(StreamedDocument, "finish", spy)
    path = tmp_path / "mine.json"
    path.write_text(exported, encoding="utf-8")
    report = json.loads(ok("--db", str(tmp_path / "b.db"), "import", str(path), "--json").stdout)
    assert finished == [True] and report["added"]["doses"] == 3 and report["skipped"] == []
