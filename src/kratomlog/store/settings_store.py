"""Settings kept in the database's `setting` table, so they travel with the data."""

from __future__ import annotations

from kratomlog.core.settings import KEYS, Settings, format_setting, parse_setting, settings_from_text
from kratomlog.store.database import Database

DEMO_MARKER = "demo_database"


def raw_settings(db: Database) -> dict[str, str]:
    """The setting table, read once per command: kept on `db` until a write commits."""
    if db.settings_cache is None:
        db.settings_cache = dict(db.query("SELECT key, value FROM setting"))
    return dict(db.settings_cache)


def load_settings(db: Database) -> Settings:
    return settings_from_text(raw_settings(db))


def set_setting(db: Database, key: str, value: str) -> str:
    """Validate and store one setting; returns the stored text."""
    text = format_setting(parse_setting(key, value))
    with db.write() as conn:
        conn.execute(
            "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, text),
        )
    return text


def shown_settings(db: Database) -> dict[str, str]:
    settings = load_settings(db)
    return {key: format_setting(getattr(settings, key)) for key in KEYS}


def is_demo(db: Database) -> bool:
    return raw_settings(db).get(DEMO_MARKER) == "1"
