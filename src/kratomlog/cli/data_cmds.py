"""`export` (kratomlog JSON, lossless; or one tidy CSV table for spreadsheets) and `import` (every
format of the registry in `core.formats`: kratomlog JSON, Herbal Tracker+ CSV export and JSON
backup, PsychonautWiki Journal export, …)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from kratomlog.cli.edge import check_output, command, err, fail, now, open_db, out, print_json
from kratomlog.core import formats

EXPORT_FORMATS = ("json", "csv", "tlfb")
MAX_IMPORT_BYTES = 200 * 1024 * 1024
SECTION_WORDS = {  # section → (one, many)
    "strains": ("strain", "strains"),
    "doses": ("dose", "doses"),
    "ratings": ("stress rating", "stress ratings"),
    "no_use_days": ("no-use day", "no-use days"),
    "questionnaires": ("questionnaire", "questionnaires"),
    "other_substances": ("other substance", "other substances"),
    "taper_plans": ("taper plan", "taper plans"),
    "taper_changes": ("taper plan change", "taper plan changes"),
    "batches": ("batch", "batches"),
    "certificates": ("lab certificate", "lab certificates"),
    "purchases": ("purchase", "purchases"),
    "settings": ("setting", "settings"),
}


def _count(section: str, n: int) -> str:
    one, many = SECTION_WORDS[section]
    return f"{n} {one if n == 1 else many}"


@command
def export(
    fmt: str = typer.Option("json", "--format", "-f", metavar="FORMAT", help="json (everything, lossless, re-importable), csv (one row per entry, for spreadsheets) or tlfb (a Timeline Followback calendar: one row per day)."),
    output: Optional[str] = typer.Option(None, "--output", "-o", metavar="FILE", help="Write to FILE (mode 0600, written whole or not at all) instead of standard output; '-' is standard output."),
    force: bool = typer.Option(False, "--force", help="Replace FILE if it exists (never the database or its own files)."),
    since: Optional[str] = typer.Option(None, "--from", metavar="DAY", help="tlfb: the first day (default: 90 days before --to)."),
    until: Optional[str] = typer.Option(None, "--to", metavar="DAY", help="tlfb: the last day, included (default: yesterday, the last finished day)."),
    summary: bool = typer.Option(False, "--summary", help="tlfb: write the summary (use days, percent days used, means, runs) instead of the days."),
    as_json: bool = typer.Option(False, "--json", help="tlfb: the days and the summary as one JSON document."),
    encrypt: bool = typer.Option(False, "--encrypt", help="Write an age-encrypted file, to a passphrase asked twice on the terminal (or KRATOMLOG_PASSPHRASE_FILE)."),
    recipients: Optional[list[str]] = typer.Option(None, "--recipient", metavar="AGE1…", help="Encrypt to this age public key instead of a passphrase (repeatable)."),
) -> None:
    """Export your data: every entry, strain, questionnaire, other substance, taper plan and setting.

    Example: kratomlog export --format json -o mydata.json

    Example: kratomlog export --encrypt -o mydata.json.age

    Example: kratomlog export --format tlfb --from 2026-09-01 --to 2026-11-30 -o tlfb.csv
    """
    from kratomlog.core.export_format import ENTRY_SECTIONS, SECTIONS, carried_sections, csv_chunks, document_chunks
    from kratomlog.core.shortids import short_id
    from kratomlog.core.stored_ranges import exported_text
    from kratomlog.store.export_data import reading
    from kratomlog.store.settings_store import load_settings

    fmt = fmt.strip().lower()
    if fmt not in EXPORT_FORMATS:
        fail(f"unknown export format {fmt!r}; formats are json (lossless), csv (for spreadsheets) and tlfb (Timeline Followback)")
    if fmt != "tlfb" and (since, until, summary, as_json) != (None, None, False, False):
        fail("--from, --to, --summary and --json go with --format tlfb")
    if summary and as_json:
        fail("--json already holds the summary beside the days; give one of --summary and --json")
    path = check_output(output, force, example=f"mydata.{'csv' if fmt == 'tlfb' else fmt}")
    from kratomlog.cli.sealing import sealer

    seal = sealer(encrypt, recipients, "export --encrypt")
    current = now()
    db = open_db()
    if fmt == "tlfb":
        from kratomlog.cli.tlfb_export import tlfb_text

        text = tlfb_text(db, current, since, until, summary_only=summary, as_json=as_json)
        _stream(path, [text], seal)
        _said(path, seal, f"the Timeline Followback {'summary' if summary else 'calendar'}")
        return
    bad = [0]
    counted: dict[str, int] = {}
    with reading(db) as rows:  # read and written as it goes: the whole export is never in memory
        carried = {ENTRY_SECTIONS[s] for s in carried_sections(fmt) if s in ENTRY_SECTIONS}
        flagged = [short_id(kind, row_id) for kind, row_id in rows.invalid if kind in carried]
        if flagged:
            err(exported_text(flagged, marked=fmt == "json"))
        if fmt == "json":
            chunks = document_chunks(rows, current, bad, counted)
        else:
            chunks = csv_chunks(rows, load_settings(db), counted)
        _stream(path, chunks, seal)
    if bad[0]:
        err(f"Note: {bad[0]} stored number(s) were not finite (NaN or infinity) and are exported as null; "
            "such rows are skipped on import. Fix them with 'kratomlog edit' or 'kratomlog delete'.")
    shown = ", ".join(_count(s, counted[s]) for s in SECTIONS if counted.get(s))
    _said(path, seal, shown or "the settings (nothing logged yet)", " (one row per entry)" if fmt == "csv" else "")


def _stream(path, chunks, seal) -> None:
    """The export's text, made piece by piece, to standard output (path None) or FILE as it comes;
    an age-encrypted one is encrypted whole, in memory."""
    if seal is not None:
        from kratomlog.cli.sealing import emit

        emit(path, seal("".join(chunks).encode("utf-8")))
    elif path is None:
        from kratomlog.store.output_files import blocks

        for block in blocks(chunks):  # whole rows per write: an escape sequence is never split
            typer.echo(block, nl=False)
    else:
        from kratomlog.store.output_files import write_chunks

        write_chunks(path, chunks)


def _said(path, seal, what: str, detail: str = "") -> None:
    """The line that says what was exported where (nothing when it went to standard output)."""
    if path is not None:
        out(f"Exported {what}{', encrypted (age),' if seal is not None else ''} to {path}{detail}")


def _read(file: str, identity: str | None = None) -> str:
    # Never more than the limit plus one byte: standard input, a pipe or /dev/zero have no size to check.
    too_large = f"{'standard input' if file == '-' else file} is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB; that is not an export kratomlog reads"
    if file == "-":
        data = sys.stdin.buffer.read(MAX_IMPORT_BYTES + 1) if hasattr(sys.stdin, "buffer") else sys.stdin.read(MAX_IMPORT_BYTES + 1).encode()
    else:
        path = Path(file).expanduser()
        try:
            if path.is_dir():
                fail(f"{file} is a folder, not a file to import")
            if path.stat().st_size > MAX_IMPORT_BYTES:
                fail(too_large)
            with open(path, "rb") as handle:
                data = handle.read(MAX_IMPORT_BYTES + 1)
        except FileNotFoundError:
            fail(f"no such file: {file}")
        except PermissionError:
            fail(f"{file} cannot be read (permission denied)")
        except OSError as error:
            fail(f"{file} cannot be read: {error.strerror or error}")
    if len(data) > MAX_IMPORT_BYTES:
        fail(too_large)
    from kratomlog.cli.sealing import opened

    data = opened(data, identity, file)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        fail(f"{file} is not UTF-8 text; kratomlog imports {formats.described()}")


def _refuse_lone_surrogates(text: str, file: str) -> None:
    """A JSON file may escape a lone surrogate (`\\udcff`): text that cannot be stored. Bad input."""
    import re

    if not re.search(r"\\u[dD][89a-fA-F]", text):
        return
    from kratomlog.core.safe_text import lone_surrogate_in

    try:
        data = json.loads(text.lstrip("\ufeff"))
    except (ValueError, RecursionError):
        return  # not JSON: the format checks say why
    found = lone_surrogate_in(data)
    if found is not None:
        shown = found.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")[:60]
        fail(f"{file} holds text that is not valid Unicode (a lone surrogate in {shown!r}); nothing was imported")


def _zone(name: str | None):
    if name is None:
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        fail(f"unknown time zone {name!r}; give an IANA name such as Europe/Berlin or America/New_York")


def _large_doses(content) -> list[str]:
    """Where the file's doses above 25 g are ("dose 3: 30 g"), whatever its format."""
    from kratomlog.core.import_ranges import LARGE_DOSE_GRAMS as LARGE_DOSE_G

    sections = getattr(content, "sections", None)
    doses = sections.get("doses", []) if sections is not None else getattr(content, "doses", ())
    found = []
    for dose in doses:
        grams = dose.get("grams") if isinstance(dose, dict) else getattr(dose, "grams", None)
        row = dose.get("row") if isinstance(dose, dict) else getattr(dose, "row", "?")
        if isinstance(grams, (int, float)) and grams > LARGE_DOSE_G:
            found.append(f"{row}: {grams:g} g")
    return found


def _nothing_importable(file: str, found, content) -> None:
    if content.total():
        return
    skipped = content.skipped
    if found.notes_explain_empty:
        told = "; ".join(content.notes)
        fail(f"{file} holds nothing kratomlog imports: {told}" + (f"; {len(skipped)} row(s) had problems (first: {skipped[0].row}: {skipped[0].reason})" if skipped else ""))
    if not skipped:
        fail(f"{file} holds nothing to import")
    first = skipped[0]
    rows = "its one row was skipped" if len(skipped) == 1 else f"all {len(skipped)} rows were skipped"
    fail(f"{file} holds nothing importable: {rows} (first: {first.row}: {first.reason})")


@command
def import_(
    file: str = typer.Argument(..., metavar="FILE", help="The file to import ('-' reads standard input)."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", metavar="FORMAT", help=formats.choices_help()),
    tz: Optional[str] = typer.Option(None, "--tz", metavar="ZONE", help="Herbal Tracker+ times without an offset are in this zone (default: this computer's)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check the file and report what would be imported; write nothing."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON only."),
    allow_demo: bool = typer.Option(False, "--allow-demo", help="Import an export of a demo database (synthetic data) into a database that is not a demo one."),
    identity: Optional[str] = typer.Option(None, "--identity", metavar="FILE", help="For an age-encrypted file made with --recipient: the identity file (AGE-SECRET-KEY-1… lines)."),
) -> None:
    """Import a file kratomlog reads (the formats are listed under --format).

    Example: kratomlog import herbal_tracker_plus_export_20261101_090000.csv --dry-run

    Example: kratomlog import 'Journal 2026-11-30.json'

    Herbal Tracker+ was formerly called KratomTracker (Android).

    Everything is checked first; rows with a problem are skipped and listed, and the rest is written in one step (all or nothing). Importing the same file again adds nothing.

    An export of a demo database ("demo": true) is refused into a real database unless --allow-demo.
    """
    from kratomlog.core.formats.base import Head
    from kratomlog.store.import_data import import_content

    chosen = formats.by_name(fmt) if fmt is not None else None
    zone = _zone(tz)
    head = Head(_read(file, identity), file)  # the only reference to the text: parse may let it go
    _refuse_lone_surrogates(head.text, file)
    found = chosen or formats.detect(file, head)
    current = now()
    content = found.parse(head, tz=zone, now=current)
    del head
    _nothing_importable(file, found, content)
    large = _large_doses(content)
    db = open_db()
    if content.demo and not allow_demo:
        from kratomlog.store.settings_store import is_demo

        if not is_demo(db):
            fail(f"{file} is an export of a demo database (synthetic data, \"demo\": true); importing it would mix "
                 "a made-up person into your own records. Add --allow-demo if that is really what you want")
    if not dry_run:
        db.create_file()  # rows are coming: a new file takes them directly, not held whole in memory first
    report = import_content(db, content, now=current, dry_run=dry_run)
    if tz is not None and found.tz_note is not None:
        report.notes.append(f"--tz was not needed: {found.tz_note}")
    if large:
        from kratomlog.core.import_ranges import LARGE_DOSE_GRAMS as LARGE_DOSE_G

        report.notes.append(f"{len(large)} dose(s) above {LARGE_DOSE_G:g} g (the command line asks --yes for those) "
                            f"{'would be' if dry_run else 'were'} imported; check them: " + ", ".join(large[:10])
                            + (" …" if len(large) > 10 else ""))
    if as_json:
        from kratomlog.core.json_shapes import import_json

        print_json(import_json(file, report))
        return
    _show(file, found.title, report)


import_.__doc__ = import_.__doc__.replace(
    "a file kratomlog reads (the formats are listed under --format)", f"{formats.described()}", 1)


def _show(file: str, title: str, report) -> None:
    if report.dry_run:
        out(f"Dry run: nothing was written. From {file} ({title}) kratomlog would import:")
    else:
        out(f"Imported from {file} ({title}):")
    lines = 0
    for section, (_, word) in SECTION_WORDS.items():
        added, present = report.added[section], report.present[section]
        if not added and not present:
            continue
        text = f"  {word}: {added} {'to add' if report.dry_run else 'added'}"
        if present:
            text += f", {present} already here"
        if section == "strains" and report.new_strains:
            text += " (new: " + ", ".join(report.new_strains) + ")"
        out(text)
        lines += 1
    if not sum(report.added.values()):
        out("  nothing new" + (": everything in the file is already here" if lines else ""))
    if report.skipped:
        count = len(report.skipped)
        out(f"Skipped {count} row{'s' if count != 1 else ''}:")
        for skipped in report.skipped:
            out(f"  {skipped.row}: {skipped.reason}")
    for note in report.notes:
        out(f"Note: {note}")
    undoable = sum(n for s, n in report.added.items() if s != "settings")
    if not report.dry_run and undoable:
        out("To take this import back: kratomlog undo" + (" (imported settings stay)" if report.added["settings"] else ""))
