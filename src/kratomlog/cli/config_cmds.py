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
def where(as_json: bool = typer.Option(False, "--json", help="Print JSON only.")) -> None:
    """Show the database file in use, and whether it is encrypted and unlocked.

    Example: kratomlog where
    """
    from kratomlog.store.cipher import looks_encrypted

    path = db_path()
    encrypted = path.exists() and looks_encrypted(path)
    unlocked = None
    if encrypted:
        from kratomlog.store.unlocking import unlocked_key

        unlocked = unlocked_key(path) is not None
    info = {"database": str(path), "exists": path.exists(), "demo": state.demo, "encrypted": encrypted, "unlocked": unlocked}
    if as_json:
        print_json(info)
        return
    out(str(path) + ("" if path.exists() else "  (not created yet)"))
    if encrypted:
        out("encrypted (SQLCipher); " + ("unlocked" if unlocked else "locked — run 'kratomlog unlock'"))
    elif path.exists():
        out("not encrypted: anyone who can read your files can read it ('kratomlog encrypt' to change that)")
