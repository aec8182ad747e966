"""Issue #15 point 6: `export` streams. The rows are read table by table with cursors and written as
they are read (JSON through the C encoder, CSV merged by time), into the one writer or standard
output; the document is the same as the one built whole, the same bytes on two runs, and memory
never holds the whole export."""

from __future__ import annotations

import csv
import io
import json
import os
import resource
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from helpers import NOW, everything, run
from kratomlog.core.export_format import build_csv, build_document
from kratomlog.store.database import open_database
from kratomlog.store.export_data import CHANGE_COLUMNS, COLUMNS, JOINED, NOT_EXPORTED, Section, read_rows, reading


@pytest.fixture
def person(db_path, tz):
    """A generated demo person with every section: batches, certificates, purchases, checks, a taper."""
    from kratomlog.core.demo import generate
    from kratomlog.store.bulk_write import replace_with

    tz("America/New_York")
    db = open_database(db_path)
    counts = replace_with(db, generate("tapering", 30, date(2026, 11, 27), seed=3), now=NOW, mark_demo=True)
    db.close()
    assert all(counts[s] for s in ("doses", "ratings", "questionnaires", "batches", "purchases", "lab certificates"))
    return db_path


def _whole(db_path: Path):
    db = open_database(db_path)
    try:
        return read_rows(db)
    finally:
        db.close()


def test_the_streamed_json_is_the_built_document_and_the_same_bytes_twice(person, tmp_path):
    outputs = []
    for n in range(2):
        target = tmp_path / f"e{n}.json"
        assert run("export", "-o", str(target), now=NOW).exit_code == 0
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    parsed = json.loads(outputs[0])
    rows = _whole(person)
    assert parsed == build_document(rows, NOW)
    assert all(parsed[s] for s in ("batches", "certificates", "purchases", "questionnaires", "taper_plans"))
    assert parsed["questionnaires"][0]["items"] and parsed["taper_plans"][0]["changes"]
    # standard output carries the same bytes
    assert run("export", now=NOW).stdout_bytes == outputs[0] == run("export", "-o", "-", now=NOW).stdout_bytes


def test_the_streamed_csv_is_the_built_table_in_time_order(person, tmp_path):
    target = tmp_path / "e.csv"
    result = run("export", "--format", "csv", "-o", str(target), now=NOW)
    assert result.exit_code == 0, result.output
    text = target.read_bytes().decode()
    assert text == build_csv(_whole(person), _settings(person))
    records = list(csv.DictReader(io.StringIO(text, newline="")))
    rows = _whole(person)
    entries = ("doses", "ratings", "questionnaires", "other_substances", "no_use_days", "purchases")
    assert len(records) == sum(len(rows.sections[s]) for s in entries)

    def moment(record):  # a no-use day sorts at its start (00:00 here)
        return datetime.fromisoformat(record["at"] or f"{record['day']}T00:00:00-05:00").timestamp()

    times = [moment(r) for r in records]
    assert times == sorted(times) and len(set(r["kind"] for r in records)) == 6
    assert f"{len(rows.sections['doses'])} doses" in result.stdout and "(one row per entry)" in result.stdout


def _settings(db_path: Path):
    from kratomlog.store.settings_store import load_settings

    db = open_database(db_path)
    try:
        return load_settings(db)
    finally:
        db.close()


def test_the_reader_is_lazy_and_rows_are_written_while_others_are_still_unread(person, tmp_path, monkeypatch):
    """The proof that memory does not hold the whole document: when the first block reaches the file,
    most rows have not been read from the database yet, and the file is written in many blocks."""
    import kratomlog.store.output_files as output_files

    read = [0]
    real_iter = Section.__iter__

    def counting(self):
        for row in real_iter(self):
            read[0] += 1
            yield row

    writes: list[tuple[int, int]] = []  # (rows read so far, bytes in this write)
    real_write = output_files._write_all

    def recording(handle, data):
        writes.append((read[0], len(data)))
        real_write(handle, data)

    monkeypatch.setattr(Section, "__iter__", counting)
    monkeypatch.setattr(output_files, "_write_all", recording)
    monkeypatch.setattr(output_files, "BLOCK", 4096)
    for fmt in ("json", "csv"):
        read[0] = 0
        writes.clear()
        target = tmp_path / f"e.{fmt}"
        assert run("export", "--format", fmt, "-o", str(target), now=NOW).exit_code == 0
        total = read[0]
        assert total > 500 and len(writes) > 20, (fmt, total, len(writes))
        assert writes[0][0] < total / 4, (fmt, writes[0], total)  # written before most rows were read
        assert max(size for _, size in writes) < 64 * 1024 and sum(size for _, size in writes) == target.stat().st_size
    db = open_database(person)
    try:
        with reading(db) as rows:
            assert all(isinstance(found, Section) for found in rows.sections.values())  # no lists
    finally:
        db.close()


def test_standard_output_gets_the_export_in_blocks_too(person, monkeypatch):
    import typer

    blocks: list[str] = []
    real_echo = typer.echo

    def recording(message=None, *args, **kwargs):
        blocks.append(message)
        real_echo(message, *args, **kwargs)

    monkeypatch.setattr(typer, "echo", recording)
    result = run("export", now=NOW)
    assert result.exit_code == 0 and len(blocks) > 1 and "".join(blocks) == result.stdout


def test_the_exported_columns_are_the_models_columns_and_none_is_forgotten():
    """The export reads with plain SQL (SQLModel costs half its budget to import): its column lists
    are held here against the models, so a renamed column fails, and a new one the export would
    leave out fails too."""
    from kratomlog.store.model_rows import table

    for section, (name, columns) in COLUMNS.items():
        model = set(table(name).c.keys())
        stored = {c for c in columns.split() if section not in JOINED.get(c, ())}
        assert stored <= model, (section, stored - model)
        assert model - stored <= set(NOT_EXPORTED), (section, model - stored)
    assert set(CHANGE_COLUMNS.split()) == set(table("taper_change").c.keys())
    assert set(table("questionnaire_item").c.keys()) == {"questionnaire_id", "key", "answer"}


def test_export_does_not_import_sqlmodel(person, tmp_path):
    code = ("import sys, runpy; sys.argv = ['kratomlog', 'export', '-o', sys.argv[1]];\n"
            "try:\n    runpy.run_module('kratomlog', run_name='__main__')\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
            "print(sorted(m for m in ('sqlmodel', 'sqlalchemy', 'pydantic') if m in sys.modules))")
    env = {**os.environ, "KRATOMLOG_NOW": str(NOW)}
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "e.json")], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def _peak_rss_kib(args: list[str], env: dict) -> int:
    """The peak resident memory of one kratomlog process, measured by a fresh parent."""
    code = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]);"
            "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, sys.executable, "-m", "kratomlog", *args], env=env,
                         capture_output=True, text=True, timeout=300, check=True).stdout.split()
    assert out[-2] == "0", out
    return int(out[-1])


@pytest.mark.slow  # builds three years of history and exports it four times
def test_memory_does_not_grow_with_the_history(tmp_path):
    from kratomlog.core.demo import long_history
    from kratomlog.store.bulk_write import replace_with

    small, big = tmp_path / "small.db", tmp_path / "big.db"
    for path, years in ((small, 0), (big, 3)):
        db = open_database(path)
        if years:
            replace_with(db, long_history(years, date(2026, 11, 27), 1), now=NOW, mark_demo=False)
        db.close()
    env = {**os.environ, "KRATOMLOG_NOW": str(NOW)}
    for fmt in ("json", "csv"):
        base = _peak_rss_kib(["--db", str(small), "export", "--format", fmt, "-o", str(tmp_path / "s"), "--force"], env)
        target = tmp_path / f"big.{fmt}"
        peak = _peak_rss_kib(["--db", str(big), "export", "--format", fmt, "-o", str(target), "--force"], env)
        assert target.stat().st_size > 1024 * 1024
        # held whole (rows or text), the 3-year export added 14–16 MiB; streamed, it adds about 0.2 MiB
        assert peak - base < 4 * 1024, (fmt, base, peak, target.stat().st_size)


@pytest.mark.slow  # kills a process at several moments of its write
def test_an_export_killed_midway_leaves_the_old_file_and_the_next_sweeps_its_temporary(tmp_path):
    import signal
    import time

    from kratomlog.core.demo import long_history
    from kratomlog.store.bulk_write import replace_with

    source = tmp_path / "source.db"
    db = open_database(source)
    replace_with(db, long_history(3, date(2026, 11, 27), 1), now=NOW, mark_demo=False)
    db.close()
    before = everything(source)
    target = tmp_path / "out" / "e.json"
    target.parent.mkdir()
    env = {**os.environ, "KRATOMLOG_NOW": str(NOW), "PYTHONPATH": os.pathsep.join(sys.path)}
    killed = 0
    for delay in (0.0, 0.01, 0.03, 0.08, 0.15):
        target.write_text("previous")
        proc = subprocess.Popen([sys.executable, "-m", "kratomlog", "--db", str(source), "export", "-o", str(target),
                                 "--force"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:  # wait for its temporary file
            if any(p.name.endswith(".kltmp") for p in target.parent.iterdir()):
                time.sleep(delay)
                proc.send_signal(signal.SIGKILL)
                break
            time.sleep(0.001)
        proc.wait(timeout=60)
        if proc.returncode == -signal.SIGKILL:
            killed += 1
            assert target.read_text() == "previous"  # never a half file under the target's name
        else:
            assert proc.returncode == 0 and json.loads(target.read_text())["doses"]
    assert killed >= 2
    assert run("--db", str(source), "export", "-o", str(target), "--force", now=NOW).exit_code == 0
    assert sorted(p.name for p in target.parent.iterdir()) == ["e.json"]  # the dead ones' temporaries swept
    assert json.loads(target.read_text())["doses"] and everything(source) == before
