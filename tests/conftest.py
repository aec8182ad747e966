"""Shared fixtures: every test runs against a temporary database (KRATOMLOG_DB), and tests can pin
the local time zone (with DST) through the `tz` fixture."""

from __future__ import annotations

import os
import time

import pytest


@pytest.fixture(autouse=True)
def db_path(tmp_path, monkeypatch):
    """A fresh database path for every test; the real user data directory is never touched."""
    path = tmp_path / "data" / "kratomlog.db"
    monkeypatch.setenv("KRATOMLOG_DB", str(path))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return path


@pytest.fixture
def tz():
    """Pin the local zone: `tz("America/New_York")`. Restored after the test."""
    before = os.environ.get("TZ")

    def pin(name: str) -> None:
        os.environ["TZ"] = name
        time.tzset()

    yield pin
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.fixture(autouse=True)
def _utc_by_default():
    """Tests run in UTC unless they pin another zone."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.fixture
def fresh_db(db_path):
    """The test's database, created (from the models) and open; closed after the test. Tests of a
    hot path in a subprocess use it so that the one-off creation, which loads SQLModel, is not
    counted against the path."""
    from kratomlog.store.database import open_database

    db = open_database(db_path)
    yield db
    db.close()

