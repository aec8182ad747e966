"""User text is data: the one check for text coming in, and the neutralising and escaping for text
going out (terminal, Markdown, HTML).

`check_text` refuses control characters (C0 other than tab — and line feed where the field allows
it — DEL, C1; ESC is one of them) naming the character's position, and text that is not valid
UTF-8: an argument with invalid bytes reaches Python as lone surrogates (`surrogateescape`), and a
JSON file can spell them as `\\udcff`. Standard library only, so the Typer-free fast path calls
the same function as the commands do.

`for_display` neutralises what is already stored or imported (ESC becomes a visible `^[`, any
other control character or lone surrogate `�`); `markdown_escape` and `html_escape` make a user
string render as the same literal text, never as markup, links or images; `json_inert` writes the
controls the JSON encoder leaves raw (DEL, C1) as escapes.
"""

from __future__ import annotations

import re

from kratomlog.core.invalid import Invalid

REPLACEMENT = "\ufffd"
ESC_SHOWN = "^["

# C0 except tab and line feed (decided per field), DEL, C1.
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f"
_SURROGATE = "\ud800-\udfff"
_BAD_IN_LINE = re.compile(f"[{_CONTROL}\n{_SURROGATE}]")
_BAD_IN_NOTE = re.compile(f"[{_CONTROL}{_SURROGATE}]")
_NEUTRALISE = re.compile(f"[{_CONTROL}{_SURROGATE}]")
_NEUTRALISE_LINE = re.compile(f"[{_CONTROL}\n{_SURROGATE}]")
# Inline Markdown/HTML: code, emphasis, links and images, raw HTML and entities, table bars,
# strikethrough. At the start of a line also what opens a block (heading, list, quote, rule).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>&!|~])")
_MARKDOWN_LINE_START = re.compile(r"^(\s*)([#+\-=>]|\d+(?=[.)]))")
_CONTROL_NAMES = {
    0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x0A: "line feed", 0x0B: "VT", 0x0C: "FF",
    0x0D: "carriage return", 0x1B: "ESC", 0x7F: "DEL", 0x9B: "CSI",
}


def _describe(char: str) -> str:
    code = ord(char)
    name = _CONTROL_NAMES.get(code)
    return f"U+{code:04X} {name}" if name else f"U+{code:04X}"


def check_text(value: str, what: str, *, newlines: bool = False) -> str:
    """`value` unchanged if it is clean text; `Invalid` naming the first bad character's position
    (1-based) otherwise. `newlines=True` for notes, which may hold line breaks."""
    found = (_BAD_IN_NOTE if newlines else _BAD_IN_LINE).search(value)
    if found is None:
        return value
    char, position = found.group(), found.start() + 1
    if "\udc80" <= char <= "\udcff":  # an undecodable byte, as Python's surrogateescape carries it
        raise Invalid(
            f"{what} is not valid UTF-8 (byte 0x{ord(char) - 0xDC00:02x} at character {position}); give the text in UTF-8"
        )
    if "\ud800" <= char <= "\udfff":
        raise Invalid(f"{what} is not valid Unicode text (a lone surrogate U+{ord(char):04X} at character {position})")
    allowed = "tabs and line breaks" if newlines else "tabs"
    raise Invalid(
        f"{what} has a control character ({_describe(char)}) at character {position}; text may hold {allowed} but no other control characters"
    )


def has_surrogates(value: str) -> bool:
    return any("\ud800" <= char <= "\udfff" for char in value)


def _shown(match: re.Match) -> str:
    char = match.group()
    if char == "\x1b":
        return ESC_SHOWN
    if char == "\n":
        return " "
    return REPLACEMENT


def for_display(value: str, *, newlines: bool = True) -> str:
    """`value` with every control character made visible (ESC as `^[`, the others and lone
    surrogates as `�`); tabs kept, line feeds kept (or, `newlines=False`, shown as a space)."""
    pattern = _NEUTRALISE if newlines else _NEUTRALISE_LINE
    return pattern.sub(_shown, value)


def markdown_escape(value: str, *, line_start: bool = False) -> str:
    """`value` as Markdown that renders as the same literal text, in a table cell or in prose:
    control characters neutralised, line breaks as spaces, and every character that could open
    HTML, an entity, a link, an image, emphasis, code or a table cell backslash-escaped.
    `line_start=True` when the text begins a line: then what opens a heading, list or quote too."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", for_display(value, newlines=False))
    start = _MARKDOWN_LINE_START.match(text) if line_start else None
    if start is None:
        return text
    lead, mark = start.groups()
    rest = text[start.end():]
    if mark.isdigit():  # "1." or "2)" would start an ordered list: escape the dot or bracket
        return f"{lead}{mark}\\{rest}"
    return f"{lead}\\{mark}{rest}"


_JSON_UNESCAPED = re.compile("[\x7f-\x9f]")  # the JSON encoder escapes C0 only


def json_inert(encoded: str) -> str:
    """Encoded JSON with DEL and the C1 controls also written as `\\u` escapes: the same document
    when read back, and nothing a terminal would act on when it is shown (`export` to stdout)."""
    if _JSON_UNESCAPED.search(encoded) is None:
        return encoded
    return _JSON_UNESCAPED.sub(lambda found: f"\\u{ord(found.group()):04x}", encoded)


def html_escape(value: str) -> str:
    """`value` as HTML text (also safe inside a quoted attribute), control characters neutralised."""
    import html

    return html.escape(for_display(value), quote=True)


PATH_ARGUMENTS = frozenset({"file", "output"})  # a file name may hold any bytes; it is not stored


def check_arguments(arguments: dict) -> None:
    """Refuse a command's text arguments that are not valid UTF-8 before anything runs: the
    terminal passed bytes that cannot be stored or shown (`--note $'\\xff'`). File names are exempt."""
    for name, value in arguments.items():
        if name in PATH_ARGUMENTS:
            continue
        values = value if isinstance(value, (list, tuple)) else (value,)
        for item in values:
            if isinstance(item, str) and has_surrogates(item):
                check_text(item, f"the {name.strip('_').replace('_', ' ')} given", newlines=True)


def lone_surrogate_in(value) -> str | None:
    """The first string inside a parsed JSON value (dict keys included) that holds a lone
    surrogate — JSON may spell one as `\\udcff`, and it can be neither stored nor shown."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if has_surrogates(item):
                return item
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None
