"""Error types of kratomlog and the exit code each one maps to.

The domain (`core`) raises `Invalid` for bad input; the store raises `DatabaseProblem` for a file
it refuses or cannot use. The CLI translates both at its edge into one `error: …` line.
"""

from kratomlog.core.invalid import Invalid

EXIT_OK = 0
EXIT_RUNTIME = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class KratomlogError(Exception):
    """Base of kratomlog's own errors; `exit_code` says how the CLI ends."""

    exit_code = EXIT_RUNTIME


class BadInput(KratomlogError, Invalid):
    """Bad input or usage detected outside the pure domain (exit 2)."""

    exit_code = EXIT_USAGE


class DatabaseProblem(KratomlogError):
    """The database cannot be used: not SQLite, someone else's, newer, or a failed migration (exit 1)."""

    exit_code = EXIT_RUNTIME


class CreatedMeanwhile(DatabaseProblem):
    """Another program created the database file while this command's first write was being made
    in memory (see `store.database.Database`): nothing of the command was written (exit 1; the CLI
    edge runs the command once more)."""


class WriteProblem(KratomlogError):
    """A file could not be written: disk full, read-only folder, no permission (exit 1)."""

    exit_code = EXIT_RUNTIME


def exit_code_for(error: BaseException) -> int:
    if isinstance(error, KratomlogError):
        return error.exit_code
    if isinstance(error, Invalid):
        return EXIT_USAGE
    return EXIT_RUNTIME
