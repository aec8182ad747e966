"""The Rich console every rendering command prints through: colour only on a terminal, NO_COLOR
respected, the terminal's full width; a closed pipe is left to the CLI's edge."""

from __future__ import annotations

import errno
import os
import sys

# Below this many columns, screens shorten their labels (never their figures) to fit.
NARROW_BELOW = 80


def make_console(*, stderr: bool = False, width: int | None = None, record: bool = False):
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            # Rich would exit 1 here; the CLI's edge ends every command the same quiet way.
            self.quiet = True
            raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    stream = sys.stderr if stderr else sys.stdout
    color = stream.isatty() and not os.environ.get("NO_COLOR")
    return _Console(
        file=stream,
        no_color=not color,
        color_system="auto" if color else None,
        highlight=False,
        width=width,
        record=record,
        soft_wrap=False,
    )


def colour_on(console) -> bool:
    return console.color_system is not None and not console.no_color
