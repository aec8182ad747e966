"""The hostile corpus: user text and files an attacker or a careless user would try. Every display
command and writer is run over it (tests/test_hostile_*.py)."""

from __future__ import annotations

import re

# Names and notes that must be shown verbatim: brackets, Rich markup, HTML, Markdown.
MARKUP = [
    "Red [/bold] Bali",
    "Green Malay [lab tested]",
    "[link=javascript:alert(1)]x[/link]",
    "[bold red]loud[/]",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "![x](http://tracker.example/p.png)",
    "[click](javascript:alert(1))",
    "| a | b |",
    "# heading *em* _u_ `code` ~~s~~ &amp; \\",
]
# Control sequences (refused on input; neutralised when already stored or imported).
CONTROL = [
    "\x1b]0;title\x07",
    "\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "\x1b[2J\x1b[H",
    "a\x00b",
    "del\x7f",
    "c1\x9b31m",
    "cr\rover",
]
LONG = "x" * 5000

ESCAPE = "\x1b"
CONTROL_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_output(text: str) -> bool:
    """No control character other than tab and newline reaches the terminal."""
    return CONTROL_CHARS.search(text) is None
