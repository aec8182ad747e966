"""The one writer of files the person asks for (`export -o`, `report -o`, `backup -o`).

`check_target` runs before the database is opened: the target must be a regular file or not exist
yet (never a folder, device, FIFO or socket — nor a link to one), in a folder that exists; it must
not be the database, its `-wal`/`-shm`/`-journal` or one of its backups, judged by identity (a
symlink or hard link to them is refused too), and an existing target (a dangling link included)
needs `--force`.

`write_text` / `write_chunks` (text made piece by piece, written a block at a time) / `write_with`
then write a temporary file beside the target — created exclusively,
mode 0600, never through a link, its name unguessable and carrying our process id — fsync it and
rename it over the target atomically (a link at the target is replaced, not followed), so the
target is either the old file or the complete new one. A failed write removes its temporary
file; one left by a killed process is swept by the next write to the same target.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Callable, Iterable, Iterator

from kratomlog.errors import BadInput, WriteProblem
from kratomlog.store.file_checks import database_family, kind_of, sync_folder, system_folder_of

STDOUT = "-"
TEMP_SUFFIX = ".kltmp"
_LEGACY = re.compile(r"[a-z0-9_]{8}\.tmp")


def database_side_files(db: Path) -> list[Path]:
    """The files a writer must never replace: the database's whole family (`file_checks`)."""
    return database_family(db)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def _same_name(a: Path, b: Path) -> bool:
    try:
        return os.path.abspath(a.parent.resolve() / a.name) == os.path.abspath(b.parent.resolve() / b.name)
    except OSError:
        return False


def check_target(output: str, *, force: bool, protected: Iterable[Path], example: str) -> Path:
    """The checked target path; `BadInput` (exit 2) for every target kratomlog will not write.
    `example` is a file name to suggest, e.g. `mydata.json`."""
    path = Path(output).expanduser()
    if output == "" or path.name in ("", ".", ".."):
        raise BadInput(f"-o needs a file name, e.g. -o {example}")
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        link = None
    except OSError as error:
        raise BadInput(f"{output} cannot be used: {error.strerror}") from None
    try:
        target = os.stat(path) if link is not None else None
    except OSError:
        target = None  # a dangling link: replaced, never followed
    if target is not None and not stat.S_ISREG(target.st_mode):
        via = " (through a link)" if link is not None and stat.S_ISLNK(link.st_mode) else ""
        raise BadInput(
            f"{output} is {kind_of(target.st_mode)}{via}, not a regular file; give a file name, e.g. -o {example}"
        )
    system = system_folder_of(path)
    if system is not None:
        raise BadInput(
            f"{output} is in {system} (the system's devices and process files), not a file kratomlog writes; "
            f"use -o - for standard output, or give a file name, e.g. -o {example}"
        )
    folder = path.parent
    if not folder.is_dir():
        raise BadInput(f"there is no folder {folder} (it does not exist); create it first, or choose another place for {path.name}")
    chosen = {i for i in (_identity(path),) if i is not None}
    for own in protected:
        if (chosen and _identity(own) in chosen) or _same_name(path, own):
            raise BadInput(
                f"{output} is the database or one of its own files ({own.name}); kratomlog never writes over it. "
                f"Choose another file name, e.g. -o {example}"
            )
    if link is not None and not force:
        raise BadInput(f"{output} already exists; add --force to overwrite it, or choose another name")
    return path


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but someone else's
        return True
    return True


def sweep_temporaries(path: Path) -> list[Path]:
    """Remove the temporary files a killed write to `path` left behind (ours by owner and process
    id; a write still in progress in another process is left alone). Returns what was removed."""
    removed = []
    try:
        candidates = list(path.parent.glob(f".{path.name}.*{TEMP_SUFFIX}*"))
        legacy = [p for p in path.parent.glob(f".{path.name}.*.tmp") if _LEGACY.fullmatch(p.name[len(path.name) + 2:])]
    except OSError:
        return removed
    for item in legacy:  # kratomlog 0.1.0's mkstemp names (no process id to check)
        try:
            if os.lstat(item).st_uid == os.getuid():
                item.unlink()
                removed.append(item)
        except OSError:
            pass
    for item in candidates:
        parts = item.name[len(path.name) + 2:].split(".")
        try:
            info = os.lstat(item)
            pid = int(parts[0])
        except (OSError, ValueError, IndexError):
            continue
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() or _pid_alive(pid):
            continue
        try:
            item.unlink()
            removed.append(item)
        except OSError:
            pass
    return removed


def _temporary(path: Path) -> tuple[Path, int]:
    """A new file beside `path`: exclusive, 0600, never a link followed."""
    import secrets

    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    while True:
        temp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(8)}{TEMP_SUFFIX}")
        try:
            return temp, os.open(temp, flags, 0o600)
        except FileExistsError:
            continue


def write_problem(path: Path, error: BaseException) -> WriteProblem:
    """One honest line for a write that failed: what happened, to which file, and that nothing was written."""
    import errno
    import sqlite3

    code = getattr(error, "errno", None)
    text = str(error).lower()
    if code in (errno.ENOSPC, errno.EDQUOT) or "disk is full" in text:
        why = "no space left on the device"
    elif code == errno.EFBIG:
        why = "the file grew beyond the size limit for files (no space for it)"
    elif code == errno.EROFS or "readonly" in text or "read-only" in text:
        why = f"{path.parent} is read-only"
    elif code in (errno.EACCES, errno.EPERM):
        why = f"permission denied in {path.parent}"
    elif isinstance(error, sqlite3.Error) and "disk i/o" in text:
        why = "a disk I/O error (the disk may be full)"
    else:
        why = getattr(error, "strerror", None) or str(error)
    return WriteProblem(f"could not write {path}: {why}; nothing was written there (any previous file is unchanged)")


def write_with(path: Path, fill: Callable[[Path, int], None]) -> Path:
    """Create a private temporary file beside `path`, let `fill(temp_path, fd)` write it, then fsync
    and rename it over `path`. On any failure (or Ctrl-C) the temporary file is removed, and a failed
    write is one `WriteProblem` line."""
    import sqlite3

    try:
        return _write_with(path, fill)
    except (OSError, sqlite3.Error) as error:
        raise write_problem(path, error) from error


def _write_with(path: Path, fill: Callable[[Path, int], None]) -> Path:
    sweep_temporaries(path)
    temp, handle = _temporary(path)
    try:
        try:
            fill(temp, handle)
            os.fchmod(handle, 0o600)
            os.fsync(handle)
        finally:
            os.close(handle)
        os.replace(temp, path)  # a link at `path` is replaced itself, never followed
    except BaseException:
        for leftover in (temp, Path(f"{temp}-journal"), Path(f"{temp}-wal"), Path(f"{temp}-shm")):
            try:
                leftover.unlink()
            except OSError:
                pass
        raise
    sync_folder(path.parent)
    return path


def write_text(path: Path, text: str) -> Path:
    """Write `text` (UTF-8) to `path` through `write_with`."""
    return write_bytes(path, text.encode("utf-8", "replace"))


BLOCK = 1 << 16  # characters gathered before one write


def blocks(chunks: Iterable[str], size: int | None = None) -> Iterator[str]:
    """Text pieces gathered into blocks of about `size` characters (`BLOCK`), each made of whole
    pieces (a row is never split across two writes)."""
    size = size or BLOCK
    gathered: list[str] = []
    length = 0
    for chunk in chunks:
        gathered.append(chunk)
        length += len(chunk)
        if length >= size:
            yield "".join(gathered)
            gathered.clear()
            length = 0
    if gathered:
        yield "".join(gathered)


def write_chunks(path: Path, chunks: Iterable[str]) -> Path:
    """Write text made piece by piece (UTF-8) to `path` through `write_with`, a block at a time as
    the pieces come: never the whole text in memory."""

    def fill(_temp: Path, handle: int) -> None:
        for block in blocks(chunks):
            _write_all(handle, block.encode("utf-8", "replace"))

    return write_with(path, fill)


def _write_all(handle: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(handle, view)
        view = view[written:]


def write_bytes(path: Path, data: bytes) -> Path:
    """Write `data` to `path` through `write_with` (an age-encrypted export or backup, say)."""

    return write_with(path, lambda _temp, handle: _write_all(handle, data))
