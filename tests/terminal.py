"""Driving kratomlog through a pseudo-terminal, as a person at a keyboard would: start it with a
terminal of a given size, send keys, read the screen."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time


def _controlling_terminal() -> None:
    """In the child: a session of its own whose controlling terminal is the pty, so Ctrl-C is SIGINT."""
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Terminal:
    def __init__(self, args: list[str], *, columns: int = 80, lines: int = 24, env: dict | None = None):
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        environment = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "COLUMNS": str(columns),
                       "LINES": str(lines), "TERM": "xterm", **(env or {})}
        self.proc = subprocess.Popen([sys.executable, "-m", "kratomlog", *args], stdin=slave, stdout=slave,
                                     stderr=slave, env=environment, preexec_fn=_controlling_terminal)
        os.close(slave)
        self.seen = ""

    def read_until(self, text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{text!r} did not appear; the screen so far:\n{self.seen[-3000:]}")
            ready, _, _ = select.select([self.master], [], [], min(left, 0.5))
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    chunk = b""
                if not chunk and self.proc.poll() is not None:
                    raise AssertionError(f"ended before {text!r} appeared:\n{self.seen[-3000:]}")
                self.seen += chunk.decode("utf-8", "replace")
        return self.seen

    def send(self, keys: str) -> None:
        """Type keys; what was on the screen before is forgotten, so `read_until` sees only what follows."""
        self.seen = ""
        os.write(self.master, keys.encode())

    def interrupt(self) -> None:
        self.send("\x03")  # Ctrl-C, as the terminal turns it into SIGINT

    def wait(self, timeout: float = 60) -> int:
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.2)
            if ready:
                try:
                    self.seen += os.read(self.master, 65536).decode("utf-8", "replace")
                except OSError:
                    break
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        code = self.proc.wait(timeout=10)
        os.close(self.master)
        return code
