"""Showing the demo tour: each step's real command is run (a separate `kratomlog --db DEMO …`
process, so its output is exactly what a person would see), one screen per step on a terminal —
Enter or space goes on, `b` goes back, `q` ends, Ctrl-C stops (exit 130) — or every step one after
another with `--print`. Nothing is written: the commands a step runs only read."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Callable, Sequence

from kratomlog.core.safe_text import for_display
from kratomlog.core.tour import Step

KEYS_LINE = "Enter or space: next · b: back · q: quit"
MIN_WIDTH, MIN_HEIGHT = 40, 12


def command_output(db: Path, command: Sequence[str], width: int) -> list[str]:
    """The real output of `kratomlog --db DB COMMAND…`, as lines (standard output only)."""
    env = {**os.environ, "COLUMNS": str(width), "KRATOMLOG_PAGER": "", "PAGER": "cat"}
    env.pop("LINES", None)
    done = subprocess.run(
        [sys.executable, "-m", "kratomlog", "--db", str(db), *command],
        capture_output=True, text=True, env=env, timeout=120,
    )
    return done.stdout.rstrip("\n").splitlines()


def _wrap(text: str, width: int, indent: str = "") -> list[str]:
    return textwrap.wrap(text, width=width, subsequent_indent=indent, break_long_words=True, break_on_hyphens=False) or [""]


def _fit(line: str, width: int) -> list[str]:
    """A line as it fits the width: unchanged when it does, else wrapped with a hanging indent."""
    return [line] if len(line) <= width else _wrap(line, width, "  ")


def render_step(step: Step, number: int, total: int, output: list[str], width: int, height: int | None) -> list[str]:
    """The lines of one screen; with a height, the output is cut to fit and says how to see the rest."""
    lines = [f"Tour step {number} of {total} — {step.title}", "─" * width]
    for sentence in step.sentences:
        lines.extend(_wrap(sentence, width))
    lines.append("")
    if step.command:
        lines.extend(_fit("$ kratomlog --demo " + " ".join(step.command), width))
    # The body quotes signal messages (they name strains); on a terminal it is written directly,
    # so control characters are neutralised here as `out` would.
    body = [for_display(line) for line in step.body]
    shown = [part for line in (*body, *output) for part in _fit(line, width)]
    if height is None:
        lines.extend(shown)
        return lines
    room = max(1, height - len(lines) - 2)
    if len(shown) > room:
        hidden = len(shown) - (room - 1)
        shown = shown[: room - 1] + [f"… {hidden} more line(s): run the command above to see it all"[:width]]
    lines.extend(shown)
    return lines


def screen_size() -> tuple[int, int]:
    size = shutil.get_terminal_size((80, 24))
    return max(MIN_WIDTH, size.columns), max(MIN_HEIGHT, size.lines)


def print_all(steps: Sequence[Step], outputs: Callable[[Step], list[str]], width: int, write: Callable[[str], None]) -> None:
    for number, step in enumerate(steps, start=1):
        if number > 1:
            write("")
        for line in render_step(step, number, len(steps), outputs(step), width, None):
            write(line)


def _read_key() -> str:
    return os.read(sys.stdin.fileno(), 1).decode("utf-8", "replace")


def present(steps: Sequence[Step], outputs: Callable[[Step], list[str]], write: Callable[[str], None]) -> int:
    """Step through the tour on a terminal, one key at a time (keys typed ahead are kept; Ctrl-C
    still raises KeyboardInterrupt); returns how many steps were seen."""
    import termios
    import tty

    fd = sys.stdin.fileno()
    old = termios.tcgetattr(fd)
    tty.setcbreak(fd, termios.TCSANOW)
    try:
        return _walk(steps, outputs, write)
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, old)


def _walk(steps: Sequence[Step], outputs: Callable[[Step], list[str]], write: Callable[[str], None]) -> int:
    index, seen = 0, 1
    while True:
        width, height = screen_size()
        lines = render_step(steps[index], index + 1, len(steps), outputs(steps[index]), width, height)
        write("\x1b[2J\x1b[H" + "\n".join(lines))
        write("\n" * max(0, height - len(lines) - 1) + KEYS_LINE)
        while True:
            key = _read_key()
            if key in ("q", "Q", "b", "B", "\n", "\r", " "):
                break
        if key in ("q", "Q"):
            write("\n")
            return seen
        if key in ("b", "B"):
            index = max(0, index - 1)
            continue
        if index == len(steps) - 1:
            write("\n")
            return seen
        index += 1
        seen = max(seen, index + 1)
