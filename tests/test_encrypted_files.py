"""Encrypted exports and backups (age, through pyrage): to a passphrase or to public keys, restored
with `import`, no known string in the file, and the bad paths (wrong passphrase or identity, a bad
recipient) changing nothing."""

from __future__ import annotations

import json

import pytest

from secrets_fixtures import PASSPHRASE, passphrase_file  # noqa: F401 — fixtures
from helpers import NOW, db_file, everything, run

pyrage = pytest.importorskip("pyrage")

SECRET_NOTE = "unique-note-5b2e8d17"
STRAIN = "Quokka Velvet Bali"
AGE_HEADER = b"age-encryption.org/v1\n"




@pytest.fixture
def logged():
    ok("dose", "3g", STRAIN, "--at", "2026-11-26 08:00", "--note", SECRET_NOTE)
    ok("stress", "6", "--craving", "3", "--at", "2026-11-26 09:00")


def ok(*args: str):
    result = run(*args, now=NOW)
    assert result.exit_code == 0, result.stderr + result.stdout
    return result


def sealed(path) -> bytes:
    data = path.read_bytes()
    assert data.startswith(AGE_HEADER)
    assert SECRET_NOTE.encode() not in data and STRAIN.encode() not in data
    return data


def notes_in(db) -> list:
    return [e.get("note") for e in json.loads(ok("--db", str(db), "list", "--json").stdout)]


def test_an_export_to_a_passphrase_round_trips_through_import(passphrase_file, logged, tmp_path):
    target = tmp_path / "mydata.json.age"
    result = ok("export", "--encrypt", "-o", str(target))
    assert "encrypted (age)" in result.stdout
    sealed(target)
    assert target.stat().st_mode & 0o777 == 0o600
    other = tmp_path / "restored" / "k.db"
    imported = ok("--db", str(other), "import", str(target))
    assert "doses: 1 added" in imported.stdout
    assert SECRET_NOTE in notes_in(other)


def test_csv_and_tlfb_exports_can_be_encrypted_too(passphrase_file, logged, tmp_path):
    for fmt in ("csv", "tlfb"):
        target = tmp_path / f"e.{fmt}.age"
        ok("export", "--format", fmt, "--encrypt", "-o", str(target))
        plain = pyrage.passphrase.decrypt(sealed(target), PASSPHRASE).decode()
        assert plain.startswith("kind,id,uuid" if fmt == "csv" else "date,status")


def test_an_export_to_public_keys_needs_an_identity_to_import(logged, tmp_path):
    first, second = pyrage.x25519.Identity.generate(), pyrage.x25519.Identity.generate()
    target = tmp_path / "for-two.age"
    ok("export", "--recipient", str(first.to_public()), "--recipient", str(second.to_public()), "-o", str(target))
    sealed(target)
    key_file = tmp_path / "key.txt"
    key_file.write_text(f"# created: today\n{second}\n")
    other = tmp_path / "restored" / "k.db"
    ok("--db", str(other), "import", str(target), "--identity", str(key_file))
    assert SECRET_NOTE in notes_in(other)


def test_a_wrong_passphrase_or_identity_imports_nothing(passphrase_file, logged, tmp_path, monkeypatch):
    target = tmp_path / "e.age"
    ok("export", "--encrypt", "-o", str(target))
    wrong = tmp_path / "wrong"
    wrong.write_text("not this one at all")
    wrong.chmod(0o600)
    other = tmp_path / "other" / "k.db"
    ok("--db", str(other), "stress", "2")
    before = everything(other)
    monkeypatch.setenv("KRATOMLOG_PASSPHRASE_FILE", str(wrong))
    result = run("--db", str(other), "import", str(target), now=NOW)
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("error: this passphrase does not decrypt the file")
    assert "--identity FILE" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    key_file = tmp_path / "key.txt"
    key_file.write_text(f"{pyrage.x25519.Identity.generate()}\n")
    result = run("--db", str(other), "import", str(target), "--identity", str(key_file), now=NOW)
    assert result.exit_code == 1 and "identity does not decrypt" in result.stderr
    assert everything(other) == before


@pytest.mark.parametrize("recipient", ["age1nope", "ssh-rsa AAAA", ""])
def test_a_bad_recipient_is_refused_before_anything_is_written(logged, tmp_path, recipient):
    target = tmp_path / "e.age"
    result = run("export", "--recipient", recipient, "-o", str(target), now=NOW)
    assert result.exit_code == 2 and "is not an age public key" in result.stderr
    assert not target.exists()


def test_identity_is_for_encrypted_files_only(logged, tmp_path):
    plain = tmp_path / "plain.json"
    ok("export", "-o", str(plain))
    key_file = tmp_path / "key.txt"
    key_file.write_text(f"{pyrage.x25519.Identity.generate()}\n")
    before = everything()
    result = run("import", str(plain), "--identity", str(key_file), now=NOW)
    assert result.exit_code == 2 and "--identity is for age-encrypted files" in result.stderr
    assert everything() == before


def test_an_encrypted_backup_holds_everything_and_restores_with_import(passphrase_file, logged, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = ok("backup", "--encrypt")
    (made,) = tmp_path.glob("kratomlog-*.json.age")
    assert "Restore it with: kratomlog import" in result.stdout
    sealed(made)
    document = json.loads(pyrage.passphrase.decrypt(made.read_bytes(), PASSPHRASE))
    assert document["format"] == "kratomlog" and len(document["doses"]) == 1
    restored = tmp_path / "restored" / "k.db"
    ok("--db", str(restored), "import", str(made))
    assert SECRET_NOTE in notes_in(restored)


def test_an_encrypted_export_is_never_printed_on_standard_output_as_text(passphrase_file, logged):
    result = run("export", "--encrypt", now=NOW)  # CliRunner's standard output is not a terminal
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(AGE_HEADER)
    assert SECRET_NOTE.encode() not in result.stdout_bytes


def test_the_export_passphrase_follows_the_same_rules(tmp_path, logged, monkeypatch):
    short = tmp_path / "short"
    short.write_text("short")
    short.chmod(0o600)
    monkeypatch.setenv("KRATOMLOG_PASSPHRASE_FILE", str(short))
    target = tmp_path / "e.age"
    result = run("export", "--encrypt", "-o", str(target), now=NOW)
    assert result.exit_code == 2 and "at least 8 characters" in result.stderr
    assert not target.exists()
    assert db_file().exists()
