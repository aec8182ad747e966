"""Shell completion from the database (bash, zsh, fish through Typer's own `--install-completion` and
`--show-completion`): strain names, entry ids, reasons, substances, forms, kinds, instruments and
config keys. Imported only when the shell asks for completions (`help_names.COMPLETE_ENV` is set),
so a normal command never loads it; the value a parameter completes is declared once, in
COMPLETERS, by option name or argument metavar. A completer never writes, never prompts and never fails: any
problem means no suggestions."""

from __future__ import annotations

from typing import Callable

RECENT_IDS = 30  # entry ids offered: the newest ones


def _open(ctx):
    from kratomlog.config import resolve_db_path
    from kratomlog.store.database import open_database

    root = ctx.find_root().params
    path = resolve_db_path(root.get("db"), bool(root.get("demo")))
    if not path.is_file():
        return None
    return open_database(path, create=False)


def _matching(values, incomplete: str) -> list[str]:
    typed = incomplete.casefold()
    return [v for v in values if v.casefold().startswith(typed)]


def strains(ctx, incomplete: str) -> list[str]:
    """Names that could be typed: one holding a control character (stored by another tool) is never
    offered — the shell would print it raw, and the command would refuse it anyway."""
    from kratomlog.store.strains import all_strains

    db = _open(ctx)
    if db is None:
        return []
    try:
        return _matching([s.name for s in all_strains(db.conn, include_archived=True) if _typeable(s.name)], incomplete)
    finally:
        db.close()


def _typeable(name: str) -> bool:
    from kratomlog.core.invalid import Invalid
    from kratomlog.core.safe_text import check_text

    try:
        check_text(name, "a strain name")
    except Invalid:
        return False
    return True


def dose_words(ctx, incomplete: str) -> list[str]:
    """After the amount, a strain name (the words typed so far are in ctx.params)."""
    typed = ctx.params.get("words") or ()
    return strains(ctx, incomplete) if typed else []


def entry_ids(ctx, incomplete: str) -> list[str]:
    from kratomlog.core.shortids import short_id
    from kratomlog.store.entries_read import list_entries
    from kratomlog.store.settings_store import load_settings

    db = _open(ctx)
    if db is None:
        return []
    try:
        found = list_entries(db.conn, load_settings(db), limit=RECENT_IDS)
        return _matching([short_id(e.kind, e.id) for e in found], incomplete)
    finally:
        db.close()


def reasons(ctx, incomplete: str) -> list[str]:
    from kratomlog.core.vocab import REASONS

    return _matching(REASONS, incomplete)


def substances(ctx, incomplete: str) -> list[str]:
    from kratomlog.core.vocab import SUBSTANCE_SYNONYMS, SUBSTANCES

    return _matching([*SUBSTANCES, *sorted(SUBSTANCE_SYNONYMS)], incomplete)


def forms(ctx, incomplete: str) -> list[str]:
    from kratomlog.core.vocab import FORMS

    return _matching(FORMS, incomplete)


def kinds(ctx, incomplete: str) -> list[str]:
    from kratomlog.store.entries_read import KINDS

    return _matching(KINDS, incomplete)


def instruments(ctx, incomplete: str) -> list[str]:
    from kratomlog.core.instruments import INSTRUMENTS

    return _matching(tuple(INSTRUMENTS), incomplete)


def config_keys(ctx, incomplete: str) -> list[str]:
    from kratomlog.core.settings import KEYS

    return _matching(KEYS, incomplete)


def units(ctx, incomplete: str) -> list[str]:
    from kratomlog.core.settings import UNITS

    return _matching(UNITS, incomplete)


# What each parameter completes: by option name, or by argument metavar.
COMPLETERS: dict[str, Callable] = {
    "--strain": strains,
    "--reason": reasons,
    "--substance": substances,
    "--form": forms,
    "--kind": kinds,
    "--instrument": instruments,
    "AMOUNT [STRAIN]": dose_words,
    "ID": entry_ids,
    "NAME": strains,
    "SUBSTANCE": substances,
    "KEY": config_keys,
}


def _quiet(completer: Callable) -> Callable:
    def complete(ctx, param, incomplete):
        try:
            return completer(ctx, incomplete or "")
        except Exception:  # a locked, foreign or damaged database: no suggestions, never an error
            return []

    return complete


def attach(param) -> None:
    """Give one parameter its completer from COMPLETERS, if it has one."""
    key = param.metavar if param.param_type_name == "argument" else next(
        (name for name in param.opts if name.startswith("--")), None
    )
    completer = COMPLETERS.get(key or "")
    if completer is not None:
        param._custom_shell_complete = _quiet(completer)  # Click's hook behind `shell_complete=`
