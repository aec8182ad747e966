"""What an interrupted encrypt/decrypt leaves is swept: the temporary database and SQLite's side
files of it (a SIGKILL mid-write leaves a `-journal` that may hold plaintext pages)."""

from __future__ import annotations

from kratomlog.store.encryption import leftovers


def test_leftovers_include_the_temporary_databases_side_files(tmp_path):
    path = tmp_path / "kratomlog.db"
    names = [".kratomlog.db.encrypting-1b54c865ae6aa4d5.tmp", ".kratomlog.db.encrypting-1b54c865ae6aa4d5.tmp-journal",
             ".kratomlog.db.decrypting-00.tmp-wal", ".kratomlog.db.plaintext-00.tmp-shm"]
    for name in names + ["kratomlog.db", "kratomlog.db-wal", ".other.db.encrypting-00.tmp", ".kratomlog.db.encrypting-00.txt"]:
        (tmp_path / name).write_text("x")
    assert sorted(p.name for p in leftovers(path)) == sorted(names)
