"""Fixtures for the encryption tests: a passphrase file (KRATOMLOG_PASSPHRASE_FILE, mode 0600) and a
private runtime folder ($XDG_RUNTIME_DIR) for keys kept by `unlock`."""

from __future__ import annotations

import pytest

PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def passphrase_file(tmp_path, monkeypatch):
    path = tmp_path / "passphrase"
    path.write_text(PASSPHRASE + "\n")  # one trailing newline is not part of it
    path.chmod(0o600)
    monkeypatch.setenv("KRATOMLOG_PASSPHRASE_FILE", str(path))
    return path


@pytest.fixture
def runtime_dir(tmp_path, monkeypatch):
    path = tmp_path / "run"
    path.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(path))
    return path
