"""Long output on a terminal goes through a pager, as git does: `KRATOMLOG_PAGER` (empty turns paging
off), else `$PAGER`, else `less -FRX` (quits at once when the text fits, keeps colour, leaves it on
the screen). Never when standard output is not a terminal; the global `--no-pager` turns it off.
The command's output is collected first and shown directly when it fits the screen."""

from __future__ import annotations

import functools
import io
import os
import shlex
import shutil
import sys
from typing import Callable

PAGER_ENV = "KRATOMLOG_PAGER"
DEFAULT_PAGER = "less -FRX"


def pager_command(env: dict | None = None, *, terminal: bool, no_pager: bool = False) -> list[str] | None:
    """The pager to run, as argv, or None when output should not be paged."""
    env = os.environ if env is None else env
    if no_pager or not terminal:
        return None
    if PAGER_ENV in env:
        chosen = env[PAGER_ENV]
    else:
        chosen = env.get("PAGER") or DEFAULT_PAGER
    try:
        argv = shlex.split(chosen)
    except ValueError:
        return None
    if not argv or argv[0] == "cat":
        return None
    return argv


class _Collector(io.StringIO):
    """Stands in for a terminal's standard output while a command runs (so colour stays on)."""

    def __init__(self, real) -> None:
        super().__init__()
        self.real = real

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.real.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.real, "encoding", "utf-8") or "utf-8"


def _show(text: str, pager: list[str], real) -> None:
    import subprocess

    height = shutil.get_terminal_size((80, 24)).lines
    if text.count("\n") < height:
        real.write(text)
        real.flush()
        return
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    try:
        process = subprocess.Popen(pager, stdin=subprocess.PIPE, env=env)
    except OSError:  # no such pager: show the text as it is
        real.write(text)
        real.flush()
        return
    try:
        process.stdin.write(text.encode(getattr(real, "encoding", None) or "utf-8", "replace"))
        process.stdin.close()
    except BrokenPipeError:  # the reader quit the pager early
        pass
    while True:
        try:
            process.wait()
            return
        except KeyboardInterrupt:  # Ctrl-C belongs to the pager while it runs
            continue


def paged(fn: Callable) -> Callable:
    """Run a read command with its standard output going through the pager when it is long."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from kratomlog.cli.edge import state

        real = sys.stdout
        pager = pager_command(terminal=real.isatty(), no_pager=state.no_pager)
        if pager is None:
            return fn(*args, **kwargs)
        sys.stdout = collector = _Collector(real)
        try:
            result = fn(*args, **kwargs)
        except BaseException:
            sys.stdout = real
            real.write(collector.getvalue())  # what was printed before an error is still shown
            raise
        sys.stdout = real
        _show(collector.getvalue(), pager, real)
        return result

    return wrapper
