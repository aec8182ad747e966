"""`kratomlog batch …`: the batches of a strain (add, list, use) — each with its own label potency."""

from __future__ import annotations

from typing import Optional

import typer

from kratomlog.cli import options
from kratomlog.cli.edge import command, now, open_db, out, print_json
from kratomlog.core.invalid import Invalid

app = typer.Typer(help="Batches of a strain: code, date bought, vendor, label potency; the batch in use.",
                  no_args_is_help=True)


def parse_fields(code: str, bought: str | None, vendor: str | None, mitragynine: float | None,
                 per_g: float | None, per_unit: float | None, note: str | None, current: int, settings) -> dict:
    from kratomlog.core.batches import check_mitragynine, check_seven_oh, clean_code, clean_label
    from kratomlog.core.when import parse_day

    if per_g is not None and per_unit is not None:
        raise Invalid("give --7oh-mg-per-g (powders, extracts) or --7oh-mg-per-unit (tablets, shots), not both")
    return {
        "code": clean_code(code),
        "bought_on": parse_day(bought, current, settings) if bought is not None else None,
        "vendor": clean_label(vendor, "--vendor"),
        "mitragynine_pct": check_mitragynine(mitragynine),
        "seven_oh_mg_per_g": check_seven_oh(per_g, "--7oh-mg-per-g"),
        "seven_oh_mg_per_unit": check_seven_oh(per_unit, "--7oh-mg-per-unit"),
        "note": options.note(note),
    }


@app.command("add")
@command
def add(
    strain: str = typer.Argument(..., help="The strain (product) the batch belongs to.", metavar="STRAIN"),
    code: str = typer.Argument(..., help="The batch code printed on the pack, e.g. RB-0425.", metavar="CODE"),
    bought: Optional[str] = typer.Option(None, "--bought", help="The day you bought it: today, yesterday, mon, 2026-11-20.", metavar="DAY"),
    vendor: Optional[str] = typer.Option(None, "--vendor", help="Who sold it (when it differs from the strain's vendor).", metavar="TEXT"),
    mitragynine: Optional[float] = typer.Option(None, "--mitragynine", help="This batch's label mitragynine, % by weight (overrides the strain's for its doses).", metavar="PCT"),
    per_g: Optional[float] = typer.Option(None, "--7oh-mg-per-g", help="This batch's label 7-OH, mg per gram (powders, extracts).", metavar="MG"),
    per_unit: Optional[float] = typer.Option(None, "--7oh-mg-per-unit", help="This batch's label 7-OH, mg per tablet or shot.", metavar="MG"),
    note: Optional[str] = typer.Option(None, "--note", help="A free-text note.", metavar="TEXT"),
) -> None:
    """Add a batch of a strain (the strain must exist).

    Example: kratomlog batch add "Red Bali" RB-0425 --bought 2026-11-20 --mitragynine 1.4
    """
    from kratomlog.core.batches import clean_code
    from kratomlog.store import batches, strains
    from kratomlog.store.model_rows import cold_recorder
    from kratomlog.store.settings_store import load_settings

    current = now()
    clean_code(code)  # the checks that need no database run before it is opened
    options.note(note)
    db = open_db()
    settings = load_settings(db)
    fields = parse_fields(code, bought, vendor, mitragynine, per_g, per_unit, note, current, settings)
    with db.write() as conn:
        found = strains.require(conn, strain)
        batch_id = batches.add(cold_recorder(conn, current), found, fields)
        added = batches.get(conn, batch_id)
    out(f"Added b{batch_id}: batch {added.code} of {added.strain}"
        f"{'' if added.mitragynine_pct is None else f' (label {added.mitragynine_pct:g}% mitragynine)'}; "
        f"make it the batch new doses come from with: kratomlog batch use {added.strain!r} {added.code!r}")


@app.command("list")
@command
def list_batches(
    strain: Optional[str] = typer.Argument(None, help="Only this strain's batches.", metavar="STRAIN"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """List batches with their certificate status ('not tested' is not the same as safe).

    Example: kratomlog batch list "Red Bali" --json
    """
    from kratomlog.store import strains
    from kratomlog.store.product_reads import batch_rows
    from kratomlog.store.settings_store import load_settings

    current = now()
    db = open_db()
    settings = load_settings(db)
    only = strains.require(db.conn, strain) if strain is not None else None
    rows = batch_rows(db.conn, current, settings, only)
    if as_json:
        print_json(rows)
        return
    if not rows:
        where = f" for {only.name!r}" if only else ""
        out(f"No batches{where} yet. Add one with: kratomlog batch add STRAIN CODE")
        return
    from kratomlog.render.products_view import batch_table

    batch_table(rows)


@app.command("use")
@command
def use(
    strain: str = typer.Argument(..., help="The strain.", metavar="STRAIN"),
    code: str = typer.Argument(..., help="The batch new doses of this strain come from.", metavar="CODE"),
) -> None:
    """Choose the batch that new doses of a strain come from (one dose: dose --batch CODE).

    Example: kratomlog batch use "Red Bali" RB-0425
    """
    from kratomlog.core.batches import clean_code
    from kratomlog.store import batches, strains
    from kratomlog.store.model_rows import cold_recorder

    clean_code(code)
    db = open_db()
    with db.write() as conn:
        found = strains.require(conn, strain)
        batch = batches.require(conn, found, code)
        before = batches.use(cold_recorder(conn, now()), batch)
    if before is not None and before.id == batch.id:
        out(f"Batch {batch.code} is already the one new doses of {batch.strain} come from")
        return
    was = f" (was {before.code})" if before is not None else ""
    out(f"New doses of {batch.strain} now come from batch {batch.code}{was}")
