"""Point 4 of #11: `wipe` removes everything — through a link, side files and backups first and the
database last, so an interrupted wipe is finished by running it again."""

from __future__ import annotations

import pathlib

from helpers import NOW, run


def _make(db):
    assert run("--db", str(db), "dose", "2g", "Red", "--note", "private", now=NOW).exit_code == 0
    backup = db.parent / f"{db.name}.pre-v3-from-v2-20261127T120000-0123456789abcdef.bak"
    backup.write_bytes(b"old copy")
    journal = db.parent / f"{db.name}-journal"
    journal.write_bytes(b"")
    return backup, journal


def test_wipe_through_a_link_deletes_the_real_file_and_shows_it(tmp_path):
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    real = real_dir / "kl.db"
    backup, journal = _make(real)
    link = tmp_path / "link.db"
    link.symlink_to(real)
    result = run("--db", str(link), "wipe", input="link.db\n", now=NOW)  # the link's name is not enough
    assert result.exit_code == 0 and "Nothing deleted" in result.stdout
    assert str(real) in result.stderr and f"the file {link} links to" in result.stderr
    assert real.exists()
    result = run("--db", str(link), "wipe", input="kl.db\n", now=NOW)
    assert result.exit_code == 0, result.output
    assert f"Deleted {real}" in result.stdout
    assert list(real_dir.iterdir()) == [] and not link.is_symlink() and not link.exists()


def test_side_files_and_backups_go_first_and_the_database_last(db_path, monkeypatch):
    backup, journal = _make(db_path)
    order = []
    original = pathlib.Path.unlink

    def recording(self, *args, **kwargs):
        order.append(self.name)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "unlink", recording)
    assert run("wipe", "--yes", now=NOW).exit_code == 0
    assert order[-1] == db_path.name and set(order[:-1]) >= {backup.name, journal.name}
    assert list(db_path.parent.iterdir()) == []


def test_an_interrupted_wipe_is_finished_by_running_it_again(db_path, monkeypatch):
    backup, journal = _make(db_path)
    original = pathlib.Path.unlink
    calls = []

    def killed_after_one(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 2:
            raise KeyboardInterrupt  # a Ctrl-C (or a kill) in the middle
        return original(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "unlink", killed_after_one)
    assert run("wipe", "--yes", now=NOW).exit_code == 130
    monkeypatch.setattr(pathlib.Path, "unlink", original)
    assert db_path.exists()  # the database goes last, so it is still there to be wiped
    left = sorted(p.name for p in db_path.parent.iterdir())
    assert db_path.name in left and len(left) >= 2
    result = run("wipe", "--yes", now=NOW)
    assert result.exit_code == 0, result.output
    assert list(db_path.parent.iterdir()) == []


def test_wipe_with_the_database_gone_removes_and_lists_what_is_left(db_path):
    backup, journal = _make(db_path)
    db_path.unlink()
    wal = db_path.parent / f"{db_path.name}-wal"
    wal.write_bytes(b"pages")
    result = run("wipe", input="nope\n", now=NOW)
    assert result.exit_code == 0 and "Nothing deleted" in result.stdout
    for item in (backup, journal, wal):
        assert str(item) in result.stderr and item.exists()
    assert not db_path.exists()  # wipe never creates the database it is asked to delete
    result = run("wipe", "--yes", now=NOW)
    assert result.exit_code == 0 and "leftover file(s)" in result.stdout
    for item in (backup, journal, wal):
        assert str(item) in result.stdout and not item.exists()
    assert list(db_path.parent.iterdir()) == []
    assert "nothing to delete" in run("wipe", "--yes", now=NOW).stdout
