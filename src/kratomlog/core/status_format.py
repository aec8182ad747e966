"""`status --format`: a one-line template for a shell prompt or status bar, with named fields
(`{since} {today_g}g`). Only plain `{field}` is allowed — no attribute or index access, no format
spec — so a template can never reach into Python objects. Pure: values in, text out."""

from __future__ import annotations

import string

from kratomlog.core.invalid import Invalid

# field → what it holds (shown in --help and the README; an empty string when there is no value)
FIELDS = {
    "since": "time since the last dose, e.g. 3h 16m",
    "since_min": "minutes since the last dose",
    "last_dose": "local time of the last dose, HH:MM",
    "last_strain": "strain of the last dose",
    "today_g": "grams today, e.g. 5.5",
    "today_doses": "doses today",
    "last_stress": "the latest stress rating",
    "last_craving": "the latest craving rating",
}


def check_template(template: str) -> list[str]:
    """The fields a template uses; refuses unknown fields and anything but plain `{field}`."""
    used = []
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as error:
        raise Invalid(f"--format {template!r}: {error}; write {{{{ and }}}} for literal braces") from None
    for _text, field, spec, conversion in parts:
        if field is None:
            continue
        if field not in FIELDS or spec or conversion:
            raise Invalid(f"--format: unknown field {{{field}}}; fields are {', '.join('{' + f + '}' for f in FIELDS)}")
        used.append(field)
    return used


def fill(template: str, values: dict[str, str]) -> str:
    check_template(template)
    return template.format_map({name: values.get(name, "") for name in FIELDS})
