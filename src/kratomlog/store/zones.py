"""Where an entry is logged: the UTC offset in force at its instant and, where it can be known, the
zone's name (`TZ`, or the system's /etc/localtime link). Stamped on every dose, rating,
questionnaire and other substance as it is added, so days and times of day stay those of the place
it was logged (a diary's), whatever zone it is viewed in later."""

from __future__ import annotations

import os

from kratomlog.core.clock import offset_minutes
from kratomlog.core.vocab import ZONED_KINDS
ZONEINFO = "/usr/share/zoneinfo"


def zone_name() -> str | None:
    """The IANA name of the zone in force (America/Los_Angeles), or None when it cannot be told."""
    name = os.environ.get("TZ")
    if name is None:
        try:
            target = os.readlink("/etc/localtime")
        except OSError:
            return None
        _, found, name = target.rpartition("zoneinfo/")
        if not found:
            return None
    name = name.lstrip(":")
    if not name or ".." in name or name.startswith("/") or not os.path.isfile(os.path.join(ZONEINFO, name)):
        return None  # a POSIX rule such as "EST5EDT,M3.2.0,M11.1.0", or nothing we can name
    return name


def stamp(kind: str, values: dict) -> dict:
    """`values` with the entry's UTC offset (minutes east) and zone name, unless they were given
    (an import carries its own, or an explicit None for 'not known')."""
    if kind in ZONED_KINDS and "at" in values and "utc_offset" not in values:
        values = {**values, "utc_offset": offset_minutes(values["at"]), "zone": zone_name()}
    return values
