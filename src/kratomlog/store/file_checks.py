"""Checks on the database's own files before SQLite opens any of them.

The database path must name a regular file (or nothing yet) outside `/dev`, `/proc` and `/sys`:
`--db /dev/null`, a FIFO or a folder is refused before anything is opened or created. The database
file and its `-wal`, `-shm` and `-journal` must be the current user's and private: a side file
planted by someone else in a shared folder (say mode 0666) would be used by SQLite and would then
hold the person's notes in a file the other user can read and rewrite. An empty database file of
ours (`touch kl.db`) holds nothing yet and is simply made private.
"""

from __future__ import annotations

import os
import stat

from kratomlog.errors import DatabaseProblem

# Strings and os.path only: this runs before every logging command, which never imports pathlib.
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")
SYSTEM_FOLDERS = ("/dev", "/proc", "/sys")  # /dev/stdout is a link into /proc


def system_folder_of(path: str | os.PathLike) -> str | None:
    """`/dev`, `/proc` or `/sys` when `path`, or any link on the way to what it names, is in one."""
    for hop in _hops(path):
        for system in SYSTEM_FOLDERS:
            if hop == system or hop.startswith(system + "/"):
                return system
    return None


def _hops(path: str | os.PathLike) -> list[str]:
    """`path` and every place its chain of links points to, each with its folder resolved (the
    magic links of /proc/self/fd resolve to whatever stdout is, so each hop is checked itself)."""
    hops, current = [], os.path.abspath(os.fspath(path))
    for _ in range(40):
        try:
            current = os.path.join(os.path.realpath(os.path.dirname(current)), os.path.basename(current))
        except OSError:
            pass
        hops.append(current)
        if not os.path.islink(current):
            break
        try:
            current = os.path.normpath(os.path.join(os.path.dirname(current), os.readlink(current)))
        except OSError:
            break
    return hops


def _folder(path: str | os.PathLike) -> str:
    """The folder holding `path` (`.` resolved: a bare file name's folder is the current one)."""
    return os.path.dirname(os.path.abspath(os.fspath(path)))


def kind_of(mode: int) -> str:
    """What a file is, in words, from its stat mode (for a refusal: 'is a folder')."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


def _choose_another(path, why: str) -> DatabaseProblem:
    return DatabaseProblem(f"{path} {why}, not a database file; nothing was opened. Choose a file with --db or KRATOMLOG_DB.")


def _private_problem(path, info: os.stat_result, what: str) -> str | None:
    if info.st_uid != os.getuid():
        return (
            f"{path} ({what}) belongs to another user (uid {info.st_uid}), who could read or change your "
            f"data through it; kratomlog has not opened the database. Check who put it there, then remove it "
            f"or move your database to a private folder"
        )
    if info.st_mode & 0o066:
        return (
            f"{path} ({what}) can be read or written by other users (mode {stat.S_IMODE(info.st_mode):04o}); "
            f"kratomlog has not opened the database. Make it private with: chmod 600 {path}"
        )
    return None


def check_private_database(path: str | os.PathLike) -> None:
    """The existing database file must be the user's and private (checked once its bytes have been
    judged to be a database, so a text file is still reported as "not a SQLite database")."""
    info = os.stat(path)
    problem = _private_problem(path, info, "the database")
    if problem and info.st_size == 0 and info.st_uid == os.getuid():
        os.chmod(path, 0o600)  # an empty file of ours holds nothing yet: make it private and use it
        problem = None
    if problem:
        raise DatabaseProblem(problem)


def check_database_files(path: str | os.PathLike) -> bool:
    """Refuse (`DatabaseProblem`, exit 1) a database path kratomlog must not open — a device, FIFO,
    folder, anything in /dev, /proc or /sys, a side file that is not the user's own and private;
    returns whether the database file exists."""
    system = system_folder_of(path)
    if system is not None:
        raise _choose_another(path, f"is in {system} (the system's devices and process files)")
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise DatabaseProblem(f"{path} cannot be used: {error.strerror}") from None
    if info is not None:
        if not stat.S_ISREG(info.st_mode):
            raise _choose_another(path, f"is {kind_of(info.st_mode)}")
    for suffix in SIDE_SUFFIXES:
        side = f"{os.fspath(path)}{suffix}"
        try:
            found = os.lstat(side)
        except FileNotFoundError:
            continue
        except OSError as error:
            raise DatabaseProblem(f"{side} cannot be checked: {error.strerror}") from None
        if not stat.S_ISREG(found.st_mode):
            raise DatabaseProblem(
                f"{side} (the database's {suffix.strip('-').upper()} file) is {kind_of(found.st_mode)}; kratomlog has "
                f"not opened the database. Check who put it there, then remove it"
            )
        problem = _private_problem(side, found, f"the database's {suffix.strip('-').upper()} file")
        if problem:
            raise DatabaseProblem(problem)
    return info is not None


def can_write(path: str | os.PathLike) -> bool:
    """Whether SQLite could change the database at `path`: the file writable, and its folder too
    (WAL mode creates `-wal` and `-shm` there) unless both already exist and are writable."""
    if not os.access(path, os.W_OK):
        return False
    if os.access(_folder(path), os.W_OK | os.X_OK):
        return True
    sides = [f"{os.fspath(path)}-wal", f"{os.fspath(path)}-shm"]
    return all(os.path.exists(side) and os.access(side, os.W_OK) for side in sides)


def _no_space(path: str | os.PathLike) -> bool:
    try:
        found = os.statvfs(_folder(path))
    except OSError:
        return False
    return found.f_bavail * found.f_frsize < 1024 * 1024


def io_problem(path: str | os.PathLike, error: BaseException) -> str | None:
    """What really happened, for an SQLite error that is about the disk or permissions rather than
    the file's content (None for anything else)."""
    text = str(error).lower()
    if "disk is full" in text or ("disk i/o error" in text and _no_space(path)):
        return f"no space left on the device holding {path}; nothing was written. Free some space and try again"
    if "readonly" in text or "read-only" in text or (
        "unable to open database file" in text and os.path.exists(path) and not can_write(path)
    ):
        return f"{path} is read-only (the file or its folder); kratomlog can show it but not change it, and nothing was written"
    if "disk i/o error" in text:
        return f"a disk I/O error while using {path} (the disk may be failing, full, or over a size limit); nothing was written"
    return None


def database_family(path) -> list:
    """Every file that holds, or may hold, the database's data — its `-wal`, `-shm`, `-journal` and
    migration backups, then the database file itself last — named after `path` and, when `path` is
    a link, after the real file too. Existing or not (backups: the existing ones). Paths (a cold path)."""
    from pathlib import Path

    given = Path(os.path.abspath(Path(path).expanduser()))
    real = Path(os.path.realpath(given))
    family: list[Path] = []
    for base in dict.fromkeys((real, given)):
        family += [Path(f"{base}{suffix}") for suffix in SIDE_SUFFIXES]
        try:
            family += sorted(base.parent.glob(f"{base.name}.pre-v*.bak"))
        except OSError:
            pass
    return family + list(dict.fromkeys((real, given)))


def sync_folder(folder) -> None:
    """Make a rename or new file in `folder` durable (best effort: a folder that cannot be opened or
    synced, as on some file systems, is left as it is)."""
    try:
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
