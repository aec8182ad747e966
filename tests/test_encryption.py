"""An opt-in SQLCipher database: encrypt/decrypt round trips, unlock/lock, the passphrase file, wrong
and missing keys, every command on an encrypted database, and no known string left in any file."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

import pytest

from secrets_fixtures import PASSPHRASE, passphrase_file, runtime_dir  # noqa: F401 — fixtures
from helpers import NOW, db_file, everything, file_hash, run

pytest.importorskip("sqlcipher3")

SECRET_NOTE = "unique-note-7f3a9c41"
STRAIN = "Zebra Quokka Maeng"






def ok(*args: str, input: str | None = None):
    result = run(*args, now=NOW, input=input)
    assert result.exit_code == 0, result.stderr + result.stdout
    return result


def logged() -> None:
    ok("strain", "add", STRAIN, "--form", "powder", "--mitragynine", "1.6")
    ok("dose", "3g", STRAIN, "--at", "2026-11-26 08:00", "--note", SECRET_NOTE)
    ok("stress", "6", "--craving", "3", "--at", "2026-11-26 09:00")
    ok("other", "alcohol", "--amount", "2 drinks", "--at", "2026-11-26 20:00")


def files_of(path: Path) -> list[Path]:
    return [p for p in path.parent.iterdir() if p.name.startswith(path.name) or p.name.startswith(f".{path.name}")]


def assert_no_plaintext(path: Path) -> None:
    for item in files_of(path):
        data = item.read_bytes()
        for secret in (SECRET_NOTE, STRAIN):
            assert secret.encode() not in data, f"{secret} found in {item.name}"
        assert b"SQLite format 3" not in data[:16], item.name


def test_encrypt_leaves_no_known_string_in_any_file_and_decrypt_restores_every_row(passphrase_file):
    logged()
    before = everything()
    result = ok("encrypt")
    assert "Encrypted" in result.stdout and "cannot be recovered" in result.stdout
    path = db_file()
    assert_no_plaintext(path)
    assert path.stat().st_mode & 0o777 == 0o600
    ok("dose", "2g", "--at", "2026-11-27 08:00", "--note", SECRET_NOTE + "-2")  # the logging path
    assert_no_plaintext(path)
    ok("decrypt")
    after = everything()
    assert after["dose"][: len(before["dose"])] == before["dose"]
    assert len(after["dose"]) == len(before["dose"]) + 1
    for table in ("strain", "rating", "other_substance", "setting"):
        assert after[table] == before[table]


def test_a_passphrase_shorter_than_8_characters_is_refused_and_nothing_changes(tmp_path, monkeypatch):
    logged()
    short = tmp_path / "short"
    short.write_text("1234567")
    short.chmod(0o600)
    monkeypatch.setenv("KRATOMLOG_PASSPHRASE_FILE", str(short))
    digest = file_hash(db_file())
    result = run("encrypt", now=NOW)
    assert result.exit_code == 2
    assert "at least 8 characters" in result.stderr
    assert file_hash(db_file()) == digest


def test_a_short_but_allowed_passphrase_gets_a_warning(tmp_path, monkeypatch):
    logged()
    medium = tmp_path / "medium"
    medium.write_text("abcdefghij")
    medium.chmod(0o600)
    monkeypatch.setenv("KRATOMLOG_PASSPHRASE_FILE", str(medium))
    result = ok("encrypt")
    assert "12 or more characters" in result.stderr


def test_a_passphrase_file_readable_by_others_is_refused(passphrase_file):
    logged()
    passphrase_file.chmod(0o644)
    digest = file_hash(db_file())
    result = run("encrypt", now=NOW)
    assert result.exit_code == 1
    assert "chmod 600" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert file_hash(db_file()) == digest


def test_without_a_terminal_or_a_passphrase_file_encrypt_says_how():
    logged()
    result = run("encrypt", now=NOW)
    assert result.exit_code == 2
    assert "on a terminal" in result.stderr and "KRATOMLOG_PASSPHRASE_FILE" in result.stderr


def test_a_wrong_passphrase_is_one_line_exit_1_and_changes_nothing(passphrase_file, tmp_path, monkeypatch):
    logged()
    ok("encrypt")
    digest = file_hash(db_file())
    wrong = tmp_path / "wrong"
    wrong.write_text("not the passphrase at all")
    wrong.chmod(0o600)
    monkeypatch.setenv("KRATOMLOG_PASSPHRASE_FILE", str(wrong))
    for args in (["status"], ["dose", "1g"], ["list"]):
        result = run(*args, now=NOW)
        assert result.exit_code == 1
        assert result.stderr.strip() == f"error: {db_file()} is encrypted and this passphrase does not open it; nothing was changed"
    assert file_hash(db_file()) == digest


def test_a_locked_database_says_to_unlock(passphrase_file, monkeypatch):
    logged()
    ok("encrypt")
    monkeypatch.delenv("KRATOMLOG_PASSPHRASE_FILE")
    result = run("status", now=NOW)
    assert result.exit_code == 1
    assert "is encrypted and locked; run 'kratomlog unlock' first" in result.stderr


def test_unlock_keeps_the_key_for_a_while_and_lock_forgets_it(passphrase_file, runtime_dir, monkeypatch):
    logged()
    ok("encrypt")
    result = ok("unlock", "--for", "2h")
    assert "Unlocked" in result.stdout
    (kept,) = (runtime_dir / "kratomlog").iterdir()
    assert kept.stat().st_mode & 0o777 == 0o600
    assert PASSPHRASE.encode() not in kept.read_bytes()
    monkeypatch.delenv("KRATOMLOG_PASSPHRASE_FILE")
    ok("dose", "1g", "--at", "2026-11-27 07:00")
    where = json.loads(ok("where", "--json").stdout)
    assert (where["encrypted"], where["unlocked"]) == (True, True)
    ok("lock")
    assert not kept.exists()
    assert run("status", now=NOW).exit_code == 1
    assert json.loads(ok("where", "--json").stdout)["unlocked"] is False


def test_an_expired_unlock_fails_cleanly_and_is_removed(passphrase_file, runtime_dir, monkeypatch):
    from kratomlog.store.cipher import derive_key, file_salt
    from kratomlog.store.unlocking import remember

    logged()
    ok("encrypt")
    path = db_file()
    remember(path, derive_key(PASSPHRASE, file_salt(path)), int(time.time()) - 1)  # real clock
    monkeypatch.delenv("KRATOMLOG_PASSPHRASE_FILE")
    result = run("status", now=NOW)
    assert result.exit_code == 1 and "locked" in result.stderr
    assert list((runtime_dir / "kratomlog").iterdir()) == []


def test_a_lost_key_file_fails_cleanly(passphrase_file, runtime_dir, monkeypatch):
    logged()
    ok("encrypt")
    ok("unlock")
    for item in (runtime_dir / "kratomlog").iterdir():
        item.unlink()
    monkeypatch.delenv("KRATOMLOG_PASSPHRASE_FILE")
    result = run("list", now=NOW)
    assert result.exit_code == 1 and "run 'kratomlog unlock' first" in result.stderr


@pytest.mark.parametrize("duration", ["0h", "forever", "8d", ""])
def test_unlock_refuses_a_bad_duration(passphrase_file, duration):
    logged()
    ok("encrypt")
    result = run("unlock", "--for", duration, now=NOW)
    assert result.exit_code == 2 and "--for" in result.stderr


def test_unlock_and_decrypt_refuse_a_plain_database_and_encrypt_an_encrypted_one(passphrase_file):
    logged()
    assert run("unlock", now=NOW).exit_code == 2
    assert run("decrypt", now=NOW).exit_code == 2
    ok("encrypt")
    result = run("encrypt", now=NOW)
    assert result.exit_code == 2 and "already encrypted" in result.stderr


def test_encrypt_removes_migration_backups_and_side_files(passphrase_file):
    logged()
    path = db_file()
    backup = path.with_name(f"{path.name}.pre-v3-from-v2-20261101T000000.bak")
    backup.write_bytes(b"SQLite format 3\x00" + SECRET_NOTE.encode())
    ok("encrypt")
    assert not backup.exists()
    assert not Path(f"{path}-wal").exists() or SECRET_NOTE.encode() not in Path(f"{path}-wal").read_bytes()


def test_a_backup_of_an_encrypted_database_is_encrypted_too(passphrase_file, tmp_path):
    logged()
    ok("encrypt")
    target = tmp_path / "copy.db"
    ok("backup", "-o", str(target))
    data = target.read_bytes()
    assert SECRET_NOTE.encode() not in data and not data.startswith(b"SQLite format 3")
    listed = json.loads(ok("--db", str(target), "list", "--json").stdout)
    assert any(e.get("note") == SECRET_NOTE for e in listed)


COMMANDS = [
    ["dose", "2g", STRAIN, "--at", "2026-11-27 07:00", "--reason", "stress"],
    ["stress", "4", "--craving", "2"],
    ["no-use", "--on", "2026-11-20"],
    ["other", "opioid", "--at", "2026-11-26 10:00"],
    ["withdrawal", "--scores", "1,2,0,0,1,0,0,1,1,2,2,0,0,1,0,3"],
    ["check", "dsm", "--scores", "n,n,n,y,n,n,n,n,n,y,y"],
    ["status"],
    ["status", "--json"],
    ["list", "--json"],
    ["edit", "d1", "--amount", "2.5g"],
    ["delete", "d1", "--yes"],
    ["undo"],
    ["week", "--json"],
    ["trends", "--weeks", "4", "--no-chart"],
    ["signals", "--json"],
    ["insights"],
    ["info"],
    ["strain", "list", "--json"],
    ["strain", "edit", STRAIN, "--vendor", "Leaf Co"],
    ["config", "set", "week_starts", "sunday"],
    ["config", "show"],
    ["taper", "start", "--from", "6g", "--step", "10%", "--every", "7d"],
    ["taper", "status"],
    ["check", "history", "--json"],
    ["export", "--format", "json"],
    ["export", "--format", "csv"],
    ["export", "--format", "tlfb", "--summary"],
    ["report"],
    ["where"],
]


@pytest.mark.slow  # every command, each deriving the key
@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a[:2]) for a in COMMANDS])
def test_every_command_works_on_an_encrypted_database(passphrase_file, args):
    logged()
    ok("encrypt")
    ok(*args)
    assert_no_plaintext(db_file())


def test_import_into_an_encrypted_database(passphrase_file, tmp_path):
    logged()
    exported = tmp_path / "e.json"
    ok("export", "-o", str(exported))
    other = tmp_path / "other" / "k.db"
    ok("--db", str(other), "dose", "1g", "Green", "--at", "2026-11-25 08:00")
    ok("--db", str(other), "encrypt")
    result = ok("--db", str(other), "import", str(exported))
    assert "doses: 1 added" in result.stdout
    assert_no_plaintext(other)


def test_sqlite_cannot_read_the_encrypted_file(passphrase_file):
    logged()
    ok("encrypt")
    conn = sqlite3.connect(db_file())
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.close()


@pytest.mark.parametrize(
    "args",
    [
        ["dose", "2g", STRAIN, "--at", "2026-11-27 07:00"],
        ["stress", "4", "--craving", "2"],
        ["no-use", "--on", "2026-11-20"],
        ["other", "alcohol", "--amount", "1 drink"],
        ["status"],
        ["status", "--json"],
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_the_logging_commands_as_a_separate_process_work_on_an_encrypted_database(passphrase_file, runtime_dir, args):
    """As a person runs them (the plain logging forms may take a road of their own, without Typer)."""
    import subprocess
    import sys

    logged()
    ok("encrypt")
    ok("unlock")
    env = {k: v for k, v in os.environ.items() if k != "KRATOMLOG_PASSPHRASE_FILE"}
    env.update({"KRATOMLOG_NOW": str(NOW), "PYTHONPATH": os.pathsep.join(sys.path)})
    done = subprocess.run([sys.executable, "-m", "kratomlog", *args], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert_no_plaintext(db_file())
    ok("lock")
    locked = subprocess.run([sys.executable, "-m", "kratomlog", *args], env=env, capture_output=True, text=True)
    assert locked.returncode == 1 and "kratomlog unlock" in locked.stderr
