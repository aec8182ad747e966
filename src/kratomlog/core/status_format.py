"""`status --format`: a one-line template for a shell prompt or status bar, with named fields
(`{since} {today_g}g`). Only plain `{field}` is allowed — no attribute or index access, no format
spec — so a template can never reach into Python objects. Pure: values in, text out."""

from __future__ import annotations

from kratomlog.core.invalid import Invalid
from kratomlog.core.vocab import STATUS_FIELDS as FIELDS


def check_template(template: str) -> list[str]:
    """The fields a template uses; refuses unknown fields and anything but plain `{field}`."""
    import string

    used = []
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as error:
        raise Invalid(f"--format {template!r}: {error}; write {{{{ and }}}} for literal braces") from None
    for _text, field, spec, conversion in parts:
        if field is None:
            continue
        names = ", ".join("{" + f + "}" for f in FIELDS)
        if field not in FIELDS:
            raise Invalid(f"--format: unknown field {{{field}}}; fields are {names}")
        if spec or conversion:
            shown = "{" + field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            raise Invalid(f"--format: only plain fields such as {{{field}}} are allowed; got {shown}")
        used.append(field)
    return used


def fill(template: str, values: dict[str, str]) -> str:
    check_template(template)
    return template.format_map({name: values.get(name, "") for name in FIELDS})
