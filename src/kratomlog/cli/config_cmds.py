"""`config show|set` (settings stored in the database) and `where` (the database file in use)."""

from __future__ import annotations

import typer

from kratomlog.cli.edge import command, db_path, open_db, out, print_json, state

app = typer.Typer(help="Settings stored in the database: default_unit, day_starts_at, week_starts.", no_args_is_help=True)


@app.command("show")
@command
def show(as_json: bool = typer.Option(False, "--json", help="Print JSON only.")) -> None:
    """Show the settings.

    Example: kratomlog config show --json
    """
    from kratomlog.store.settings_store import shown_settings

    values = shown_settings(open_db())
    if as_json:
        print_json(values)
        return
    for key, value in values.items():
        out(f"{key} = {value}")


@app.command("set")
@command
def set_(
    key: str = typer.Argument(..., metavar="KEY", help="default_unit (g, mg, caps, tsp, tbsp), day_starts_at (HH:MM) or week_starts (monday, sunday)."),
    value: str = typer.Argument(..., metavar="VALUE", help="The new value."),
) -> None:
    """Change a setting.

    Example: kratomlog config set day_starts_at 04:00
    """
    from kratomlog.core.settings import parse_setting
    from kratomlog.store.settings_store import set_setting

    parse_setting(key, value)  # refuse bad input before the database is opened
    stored = set_setting(open_db(), key, value)
    out(f"{key} = {stored}")


@command
def where(
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
    all_files: bool = typer.Option(False, "--all", help="Also list every file that holds your data: side files and migration backups."),
) -> None:
    """Show the database file in use, and whether it is encrypted and unlocked.

    Example: kratomlog where --all
    """
    from kratomlog.store.cipher import looks_encrypted

    path = db_path()
    encrypted = path.exists() and looks_encrypted(path)
    unlocked = None
    if encrypted:
        from kratomlog.store.unlocking import unlocked_key

        unlocked = unlocked_key(path) is not None
    files = _data_files(path) if all_files else None
    if as_json:
        from kratomlog.core.json_shapes import where_json

        print_json(where_json(path, path.exists(), state.demo, encrypted, unlocked, files))
        return
    out(str(path) + ("" if path.exists() else "  (not created yet)"))
    if encrypted:
        out("encrypted (SQLCipher); " + ("unlocked" if unlocked else "locked — run 'kratomlog unlock'"))
    elif path.exists():
        out("not encrypted: anyone who can read your files can read it ('kratomlog encrypt' to change that)")
    if files is not None:
        out("Files that hold your data:" if files else "No file holds data yet.")
        for item in files:
            out(f"  {item['path']}  ({item['role']}, {item['bytes']} bytes)")
        out("Your own exports and backups (export -o, report -o, backup -o) are not listed: they are wherever you put them.")


ROLES = {"-wal": "write-ahead log: recent changes", "-shm": "shared-memory index of the log",
         "-journal": "rollback journal"}


def _data_files(path) -> list[dict]:
    """The files `wipe` would delete, each with its role and size."""
    import os

    from kratomlog.store.files import database_files

    found = []
    for item in database_files(path):
        role = next((r for suffix, r in ROLES.items() if item.name.endswith(suffix)), None)
        if role is None:
            role = "migration backup (a copy taken before a schema upgrade)" if item.name.endswith(".bak") else "the database"
        if os.path.islink(item):
            role = f"a link to {os.path.realpath(item)}"
        size = os.lstat(item).st_size
        found.append({"path": str(item), "role": role, "bytes": size})
    return found
