"""`backup` (a consistent copy while the database may be in use) and `wipe` (delete it all)."""

from __future__ import annotations

from datetime import date
from typing import Optional

import typer

from kratomlog.cli.edge import check_output, close_all, command, db_path, err, open_db, out
from kratomlog.core.invalid import Invalid


@command
def backup(
    output: Optional[str] = typer.Option(None, "-o", "--output", help="The copy to write (default: kratomlog-YYYY-MM-DD.db here; mode 0600, whole or not at all).", metavar="FILE"),
    force: bool = typer.Option(False, "--force", help="Replace an existing file (never the database or its own files)."),
    encrypt: bool = typer.Option(False, "--encrypt", help="An age-encrypted backup (the complete JSON export), to a passphrase asked twice (or KRATOMLOG_PASSPHRASE_FILE); restore it with 'kratomlog import FILE'."),
    recipients: Optional[list[str]] = typer.Option(None, "--recipient", metavar="AGE1…", help="Encrypt to this age public key instead of a passphrase (repeatable)."),
) -> None:
    """Save a consistent copy of the database (safe while kratomlog is in use), readable by you only.

    Example: kratomlog backup -o kratomlog-2026-11-27.db

    Example: kratomlog backup --encrypt -o kratomlog-2026-11-27.json.age
    """
    from kratomlog.cli.sealing import sealer

    if output == "-":
        raise Invalid("a backup is a file and cannot go to standard output; give a file name, e.g. -o kratomlog-backup.db")
    sealed = encrypt or bool(recipients)
    name = output or f"kratomlog-{date.today().isoformat()}.{'json.age' if sealed else 'db'}"
    dest = check_output(name, force, example="kratomlog-backup.json.age" if sealed else "kratomlog-backup.db", stdout_allowed=False)
    source = db_path()
    if not source.exists():
        raise Invalid(f"there is no database at {source} yet; nothing to back up")
    seal = sealer(encrypt, recipients, "backup --encrypt")
    db = open_db()
    if seal is None:
        from kratomlog.store.files import backup as take_backup

        take_backup(db, dest)
        out(f"Backed up {source} to {dest} (readable by you only)")
        return
    from kratomlog.cli.edge import now
    from kratomlog.cli.sealing import emit
    from kratomlog.core.export_format import document_chunks
    from kratomlog.store.export_data import reading

    with reading(db) as rows:  # the export document (encrypted whole, in memory)
        document = "".join(document_chunks(rows, now()))
    emit(dest, seal(document.encode("utf-8")))
    out(f"Backed up {source} to {dest}, encrypted (age): every entry, strain, questionnaire, taper plan and setting. "
        f"Restore it with: kratomlog import {dest}")


@command
def wipe(yes: bool = typer.Option(False, "--yes", "-y", help="Delete without asking to type the file name.")) -> None:
    """Delete the database, its WAL/SHM/journal files and its migration backups. This cannot be undone.

    A --db or KRATOMLOG_DB that is a link: the file it names is deleted (and the link). Side files and
    backups go first and the database last, so an interrupted wipe is finished by running it again.

    Example: kratomlog wipe
    """
    import os
    from pathlib import Path

    from kratomlog.store.files import database_files

    given = db_path()
    real = Path(os.path.realpath(given))
    if real.exists():
        open_db()  # refuses (and leaves alone) a file that is not a kratomlog database
        close_all()
    files = database_files(given)
    if not files:
        out(f"There is no database at {given}; nothing to delete.")
        return
    others = [f for f in files if f not in (real, given)]
    linked = given != real and os.path.islink(given)
    if not yes:
        if real.exists():
            via = f" (the file {given} links to)" if linked else ""
            err(f"This deletes {real}{via} and {len(others)} related file(s). It cannot be undone.")
            err("To keep your data first, run:  kratomlog export --format json -o kratomlog-export.json")
        else:
            err(f"There is no database at {real} any more, but {len(others)} of its files are left:")
        for item in others:
            err(f"  {item}")
        err(f"Type the file name ({real.name}) to delete {'it' if real.exists() else 'them'}, or anything else to keep it all:")
        try:
            answer = input()
        except EOFError:
            answer = ""
        if answer.strip() != real.name:
            out("Nothing deleted.")
            return
    for item in files:  # side files and backups first, the database last
        try:
            item.unlink()
        except FileNotFoundError:
            pass
    if real in files:
        shown = f"Deleted {real}" + (f" (and the link {given})" if linked else "")
        out(shown + (f" and {len(others)} related file(s)" if others else ""))
    else:
        out(f"Deleted {len(others)} leftover file(s) of {real}: " + ", ".join(str(p) for p in others))
