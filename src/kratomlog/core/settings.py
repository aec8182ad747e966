"""User settings that travel with the data (stored in the database's `setting` table)."""

from __future__ import annotations

from kratomlog.core.records import NamedTuple

from datetime import time

from kratomlog.core.invalid import Invalid

UNITS = ("g", "mg", "caps", "tsp", "tbsp")
WEEK_STARTS = ("monday", "sunday")


class Settings(NamedTuple):
    default_unit: str = "g"
    day_starts_at: time = time(0, 0)
    week_starts: str = "monday"


KEYS = ("default_unit", "day_starts_at", "week_starts")


def parse_setting(key: str, value: str) -> object:
    """Validate one setting's text value; return the typed value."""
    value = value.strip()
    if key == "default_unit":
        if value.lower() not in UNITS:
            raise Invalid(f"default_unit must be one of {', '.join(UNITS)}; got {value!r}")
        return value.lower()
    if key == "day_starts_at":
        try:
            hh, mm = value.split(":")
            if len(mm) != 2 or not hh.isdigit() or not mm.isdigit():
                raise ValueError
            parsed = time(int(hh), int(mm))
        except ValueError:
            raise Invalid(f"day_starts_at takes a clock time HH:MM from 00:00 to 23:59; got {value!r}") from None
        return parsed
    if key == "week_starts":
        if value.lower() not in WEEK_STARTS:
            raise Invalid(f"week_starts must be monday or sunday; got {value!r}")
        return value.lower()
    raise Invalid(f"unknown setting {key!r}; settings are {', '.join(KEYS)}")


def format_setting(value: object) -> str:
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value)


def settings_from_text(pairs: dict[str, str]) -> Settings:
    """Build Settings from stored text values; unknown keys are ignored, bad values fall back."""
    values: dict[str, object] = {}
    for key in KEYS:
        if key in pairs:
            try:
                values[key] = parse_setting(key, pairs[key])
            except Invalid:
                pass
    return Settings(**values)  # type: ignore[arg-type]
