"""Point 5 of #11: deleted means deleted when the person asks — `delete --forever`, `forget
--before`, secure_delete + VACUUM + WAL checkpoint — and `where --all` lists the files that hold data."""

from __future__ import annotations

import json
import sqlite3

import pytest

from helpers import NOW, everything, run

SECRET = "ZQX-unique-note-7f3a9c"


def _files(db_path):
    return [p for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)]


def _found_in(db_path, text: str) -> list[str]:
    needle = text.encode()
    return [p.name for p in _files(db_path) if needle in p.read_bytes()]


def test_secure_delete_is_on_for_every_connection(db_path):
    from kratomlog.store.database import connect_like, open_database

    db = open_database(db_path)
    try:
        assert db.conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
        other = connect_like(db)
        assert other.execute("PRAGMA secure_delete").fetchone()[0] == 1
        other.close()
    finally:
        db.close()


def test_delete_forever_leaves_the_note_in_none_of_the_files(db_path):
    assert run("dose", "2g", "Red", "--note", SECRET, "--at", "2h ago", now=NOW).exit_code == 0
    assert run("dose", "1g", "Red", "--note", "stays", now=NOW).exit_code == 0
    assert run("edit", "d1", "--note", SECRET + "-edited", now=NOW).exit_code == 0
    assert run("delete", "d1", "--yes", now=NOW).exit_code == 0  # an ordinary delete keeps the copy
    assert _found_in(db_path, SECRET), "the test must be able to fail: the copy is in the file"
    assert run("undo", now=NOW).exit_code == 0  # bring it back, then delete it for good
    result = run("delete", "d1", "--forever", input="n\n", now=NOW)
    assert result.exit_code == 0 and "Nothing deleted" in result.stdout and "forever" in result.stderr
    result = run("delete", "d1", "--forever", "--yes", now=NOW)
    assert result.exit_code == 0 and "forever" in result.stdout, result.output
    assert _found_in(db_path, SECRET) == []
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM change_log WHERE kind = 'dose' AND entry_id = 1").fetchone()[0] == 0
    assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
    conn.close()
    # undo skips it: it reverts the change before, never brings d1 back
    while run("undo", now=NOW).exit_code == 0 and json.loads(run("list", "--json", now=NOW).stdout):
        assert "d1" not in [e["id"] for e in json.loads(run("list", "--json", now=NOW).stdout)]
    assert _found_in(db_path, SECRET) == []


def test_delete_forever_of_a_missing_entry_is_bad_input(db_path):
    assert run("dose", "2g", "Red", now=NOW).exit_code == 0
    before = everything()
    result = run("delete", "d9", "--forever", "--yes", now=NOW)
    assert result.exit_code == 2 and result.stderr.startswith("error: ") and "d9" in result.stderr
    assert everything() == before


def test_forget_drops_old_undo_history_and_its_bytes(db_path):
    day = 86400
    assert run("dose", "2g", "Red", "--note", SECRET, now=NOW - 3 * day).exit_code == 0
    assert run("edit", "d1", "--note", "now harmless", now=NOW - 3 * day).exit_code == 0  # the old note: only in change_log
    assert run("stress", "4", "--note", "recent", now=NOW).exit_code == 0
    assert _found_in(db_path, SECRET)
    before = everything()
    result = run("forget", "--before", "today", input="no\n", now=NOW)
    assert result.exit_code == 0 and "Nothing forgotten" in result.stdout and everything() == before
    result = run("forget", "--before", "someday", "--yes", now=NOW)
    assert result.exit_code == 2 and result.stderr.startswith("error: ") and everything() == before
    result = run("forget", "--before", "today", "--yes", now=NOW)
    assert result.exit_code == 0 and "Forgot 3 undo record(s)" in result.stdout, result.output
    assert _found_in(db_path, SECRET) == []
    listing = json.loads(run("list", "--json", now=NOW).stdout)
    assert {e["note"] for e in listing} == {"now harmless", "recent"}  # the entries themselves stay
    assert run("undo", now=NOW).exit_code == 0  # the recent change can still be undone
    assert "nothing to forget" in run("forget", "--before", "2026-01-01", "--yes", now=NOW).stdout


def test_forget_leaves_nothing_in_the_wal_of_a_busy_database(db_path):
    """Another connection keeps the WAL alive; the checkpoint still moves and empties it."""
    assert run("dose", "2g", "Red", "--note", SECRET, now=NOW - 86400 * 2).exit_code == 0
    assert run("edit", "d1", "--note", "x", now=NOW - 86400 * 2).exit_code == 0
    reader = sqlite3.connect(db_path)
    reader.execute("SELECT count(*) FROM dose").fetchone()  # holds the -wal and -shm open, idle
    try:
        assert run("forget", "--before", "today", "--yes", now=NOW).exit_code == 0
        assert _found_in(db_path, SECRET) == []
    finally:
        reader.close()


def test_where_all_lists_the_files_that_hold_data(db_path):
    result = run("where", "--all", "--json", now=NOW)
    assert json.loads(result.stdout)["files"] == []
    assert run("dose", "2g", "Red", now=NOW).exit_code == 0
    backup = db_path.parent / f"{db_path.name}.pre-v3-from-v2-20261127T120000-0123456789abcdef.bak"
    backup.write_bytes(b"copy")
    result = run("where", "--all", now=NOW)
    assert result.exit_code == 0 and str(db_path) in result.stdout and str(backup) in result.stdout
    assert "migration backup" in result.stdout and "the database" in result.stdout
    shown = json.loads(run("where", "--all", "--json", now=NOW).stdout)
    assert [f["path"] for f in shown["files"]][-1] == str(db_path)
    assert {f["path"] for f in shown["files"]} >= {str(db_path), str(backup)}
    assert "files" not in json.loads(run("where", "--json", now=NOW).stdout)


def test_the_connections_of_encrypt_and_decrypt_erase_freed_content_too(monkeypatch, tmp_path):
    """encrypt/decrypt open their own SQLCipher-driver connections (the conversion, its attached copy,
    the check of the copy) beside `database._connect`: each runs with secure_delete as well."""
    pytest.importorskip("sqlcipher3")
    from secrets_fixtures import PASSPHRASE

    from kratomlog.store import cipher

    passphrase = tmp_path / "passphrase"
    passphrase.write_text(PASSPHRASE)
    passphrase.chmod(0o600)
    monkeypatch.setenv("KRATOMLOG_PASSPHRASE_FILE", str(passphrase))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    real = cipher.driver()
    seen: list[tuple[str, int]] = []

    class Recorded:
        """A real connection that reports its secure_delete setting when it is closed (and that of
        the attached copy when the conversion starts)."""

        def __init__(self, conn):
            self._conn = conn

        def __getattr__(self, name):
            return getattr(self._conn, name)

        def execute(self, sql, *args):
            if "sqlcipher_export" in sql:
                seen.append(("converted copy", self._conn.execute("PRAGMA converted.secure_delete").fetchone()[0]))
            return self._conn.execute(sql, *args)

        def close(self):
            seen.append(("connection", self._conn.execute("PRAGMA secure_delete").fetchone()[0]))
            self._conn.close()

    class Driver:
        def __getattr__(self, name):
            return getattr(real, name)

        def connect(self, *args, **kwargs):
            return Recorded(real.connect(*args, **kwargs))

    assert run("dose", "2g", "Red", "--note", SECRET, now=NOW).exit_code == 0
    monkeypatch.setattr(cipher, "driver", lambda: Driver())
    for command in ("encrypt", "decrypt"):
        seen.clear()
        result = run(command, now=NOW)
        assert result.exit_code == 0, (command, result.output)
        assert ("converted copy", 1) in seen and len(seen) >= 3, (command, seen)
        assert all(value == 1 for _, value in seen), (command, seen)
