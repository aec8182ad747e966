"""`kratomlog strain …`: add, list, edit, archive and unarchive what you buy."""

from __future__ import annotations

from typing import Optional

import typer

from kratomlog.cli import left_out
from kratomlog.cli.edge import command, now, open_db, out, print_json
from kratomlog.cli.paging import paged
from kratomlog.core.vocab import CONCENTRATE_FORMS, FORMS, PRODUCT_UNITS, parse_form
from kratomlog.core.invalid import Invalid

app = typer.Typer(help="Strains and products: name, vendor, batch, form, mitragynine %, capsule size, lab test.", no_args_is_help=True)

FORM_HELP = "Form: " + ", ".join(FORMS) + "."


SEVEN_OH_PER_G_HELP = "Label 7-OH content in mg per gram (powders and extracts), e.g. 40."
SEVEN_OH_PER_UNIT_HELP = "Label 7-OH content in mg per tablet or shot (with --unit), e.g. 15."
UNIT_HELP = "The product is counted in tablets or shots: tablet or shot (then 'dose 1tablet' / 'dose 2shots')."
UNIT_GRAMS_HELP = "Weight of one tablet or shot in grams (needed to log a dose by count), e.g. 0.5."


def _unit(value: str | None) -> str | None:
    if value is None:
        return None
    unit = value.strip().lower()
    unit = {"tablets": "tablet", "tab": "tablet", "tabs": "tablet", "shots": "shot"}.get(unit, unit)
    if unit not in PRODUCT_UNITS:
        raise Invalid(f"--unit takes {' or '.join(PRODUCT_UNITS)}; got {value!r}")
    return unit


def _seven_oh(per_g, per_unit, unit, unit_grams) -> dict:
    fields = {"seven_oh_mg_per_g": per_g, "seven_oh_mg_per_unit": per_unit, "unit_name": _unit(unit),
              "unit_grams": unit_grams}
    return {k: v for k, v in fields.items() if v is not None}


def _check_seven_oh(form: str | None, fields: dict) -> None:
    """7-OH label content belongs to 7-OH products and extracts; a per-unit content needs its unit."""
    given = [k for k in ("seven_oh_mg_per_g", "seven_oh_mg_per_unit") if fields.get(k) is not None]
    if given and (form or "powder") not in CONCENTRATE_FORMS:
        raise Invalid(f"7-OH label content is for 7-OH products and extracts; this strain is a {form or 'powder'} "
                      "(use --form 7-oh or --form extract)")
    if fields.get("seven_oh_mg_per_unit") is not None and fields.get("unit_name") is None:
        raise Invalid("--7oh-mg-per-unit needs --unit tablet or --unit shot")


def _fields(vendor, batch, form, mitragynine, capsule_grams, lab_tested, note) -> dict:
    fields = {
        "vendor": vendor,
        "batch": batch,
        "form": None if form is None else parse_form(form),
        "mitragynine_pct": mitragynine,
        "capsule_grams": capsule_grams,
        "lab_tested": lab_tested,
        "note": note,
    }
    return {k: v for k, v in fields.items() if v is not None}


@app.command("add")
@command
def add(
    name: str = typer.Argument(..., metavar="NAME", help="The strain's name (unique, ignoring case and spacing)."),
    vendor: Optional[str] = typer.Option(None, "--vendor", metavar="TEXT", help="Who sold it (the shop or brand)."),
    batch: Optional[str] = typer.Option(None, "--batch", metavar="TEXT", help="The batch or lot number on the package, to tell batches apart."),
    form: Optional[str] = typer.Option(None, "--form", metavar="FORM", help=FORM_HELP + " Default powder."),
    mitragynine: Optional[float] = typer.Option(None, "--mitragynine", metavar="PERCENT", help="Label mitragynine, % by weight."),
    capsule_grams: Optional[float] = typer.Option(None, "--capsule-grams", metavar="GRAMS", help="Grams of powder in one capsule."),
    lab_tested: Optional[bool] = typer.Option(None, "--lab-tested/--not-lab-tested", help="Whether the batch has a lab test."),
    note: Optional[str] = typer.Option(None, "--note", help="A free-text note about the strain."),
    new: bool = typer.Option(False, "--new", help="Create it even if its name is close to an existing one."),
    yes: bool = typer.Option(False, "--yes", help="Keep a leaf form labelled above 3% mitragynine (it then counts as a concentrate)."),
    seven_oh_per_g: Optional[float] = typer.Option(None, "--7oh-mg-per-g", metavar="MG", help=SEVEN_OH_PER_G_HELP),
    seven_oh_per_unit: Optional[float] = typer.Option(None, "--7oh-mg-per-unit", metavar="MG", help=SEVEN_OH_PER_UNIT_HELP),
    unit: Optional[str] = typer.Option(None, "--unit", metavar="UNIT", help=UNIT_HELP),
    unit_grams: Optional[float] = typer.Option(None, "--unit-grams", metavar="GRAMS", help=UNIT_GRAMS_HELP),
) -> None:
    """Add a strain.

    A powder, capsule or tea labelled above 3% mitragynine is refused (leaf is about 1–2%; use
    --form extract) unless --yes.

    Example: kratomlog strain add "Red Bali" --vendor "Leaf & Co" --batch RB-0425 --form powder --mitragynine 1.6

    Example: kratomlog strain add "Seven Tabs" --form 7-oh --unit tablet --7oh-mg-per-unit 15 --unit-grams 0.5
    """
    from kratomlog.core.potency import implausible_leaf
    from kratomlog.store import strains
    from kratomlog.store.model_rows import cold_recorder

    fields = {"name": name, **_fields(vendor, batch, form, mitragynine, capsule_grams, lab_tested, note),
              **_seven_oh(seven_oh_per_g, seven_oh_per_unit, unit, unit_grams)}
    _check_seven_oh(fields.get("form"), fields)
    problem = implausible_leaf(fields.get("form"), fields.get("mitragynine_pct"))
    if problem and not yes:
        raise Invalid(problem)
    db = open_db()
    with db.write() as conn:
        strain_id = strains.add(cold_recorder(conn, now()), fields, allow_near=new)
        strain = strains.get(conn, strain_id)
    out(f"Added strain {strain.name!r} ({strain.form})")


@app.command("list")
@command
@paged
def list_strains(
    all_: bool = typer.Option(False, "--all", help="Include archived strains."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """List strains.

    Example: kratomlog strain list --all --json
    """
    from kratomlog.store import strains

    db = open_db()
    found = strains.all_strains(db.conn, include_archived=all_)
    if as_json:
        from kratomlog.core.json_shapes import strain_json

        print_json([strain_json(s) for s in found])
        return
    if not found:
        out("No strains yet. Add one with: kratomlog strain add NAME, or just log a dose with a strain name.")
        return
    from kratomlog.render.tables import strain_table

    strain_table(found)


@app.command("stats")
@command
@paged
def stats(
    since: Optional[str] = typer.Option(None, "--since", help="Only doses from this time or day (e.g. '30d ago', 2026-11-01)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """Per strain: doses, grams, estimated mitragynine, mean dose, days used and when it was last used.

    Example: kratomlog strain stats --since "30d ago"
    """
    from kratomlog.core.strain_stats import summarise
    from kratomlog.core.when import parse_bound
    from kratomlog.store import strains
    from kratomlog.store.settings_store import load_settings

    current = now()
    db = open_db()
    settings = load_settings(db)
    start = parse_bound(since, current, settings, end=False) if since else None
    found = summarise(strains.dose_rows(db.conn, start), settings)
    window = None if start is None else (start, 2**62)
    if as_json:
        from kratomlog.core.json_shapes import strain_stats_json

        print_json(strain_stats_json(found))
        left_out.note(db, window, stderr=True)  # a list cannot grow a key
        return
    if not found:
        out("No doses in that time yet." if since else 'No doses logged yet. Start with: kratomlog dose 3g "Red Bali"')
    else:
        from kratomlog.render.tables import strain_stats_table

        strain_stats_table(found)
    left_out.note(db, window)


@app.command("edit")
@command
def edit(
    name: str = typer.Argument(..., metavar="NAME", help="The strain to edit."),
    rename: Optional[str] = typer.Option(None, "--name", metavar="NAME", help="A new name."),
    vendor: Optional[str] = typer.Option(None, "--vendor", metavar="TEXT", help="Who sold it (the shop or brand)."),
    batch: Optional[str] = typer.Option(None, "--batch", metavar="TEXT", help="The batch or lot number on the package."),
    form: Optional[str] = typer.Option(None, "--form", metavar="FORM", help=FORM_HELP),
    mitragynine: Optional[float] = typer.Option(None, "--mitragynine", metavar="PERCENT", help="Label mitragynine, % by weight (applies to doses logged from now on)."),
    capsule_grams: Optional[float] = typer.Option(None, "--capsule-grams", metavar="GRAMS", help="Grams of powder in one capsule."),
    lab_tested: Optional[bool] = typer.Option(None, "--lab-tested/--not-lab-tested", help="Whether the batch has a lab test."),
    note: Optional[str] = typer.Option(None, "--note", help="A free-text note about the strain."),
    yes: bool = typer.Option(False, "--yes", help="Keep a leaf form labelled above 3% mitragynine (it then counts as a concentrate)."),
    seven_oh_per_g: Optional[float] = typer.Option(None, "--7oh-mg-per-g", metavar="MG", help=SEVEN_OH_PER_G_HELP),
    seven_oh_per_unit: Optional[float] = typer.Option(None, "--7oh-mg-per-unit", metavar="MG", help=SEVEN_OH_PER_UNIT_HELP),
    unit: Optional[str] = typer.Option(None, "--unit", metavar="UNIT", help=UNIT_HELP),
    unit_grams: Optional[float] = typer.Option(None, "--unit-grams", metavar="GRAMS", help=UNIT_GRAMS_HELP),
    apply_to_past: bool = typer.Option(False, "--apply-to-past", help="Also give doses already logged of this strain the new --mitragynine % (listed; one undo reverts it all)."),
    since: Optional[str] = typer.Option(None, "--since", metavar="DAY", help="With --apply-to-past: only doses from this day on (2026-11-01, '14d ago')."),
) -> None:
    """Change a strain's details. Doses already logged keep the mitragynine % that applied then.

    A leaf form (powder, capsule, tea) labelled above 3% mitragynine is refused unless --yes.
    With --apply-to-past, earlier doses of the strain get the new --mitragynine % on purpose (each
    is listed; 'kratomlog undo' reverts the edit and those doses together).

    Example: kratomlog strain edit "Red Bali" --capsule-grams 0.5

    Example: kratomlog strain edit "Red Bali" --mitragynine 1.4 --apply-to-past --since 2026-11-01
    """
    from kratomlog.core.potency import implausible_leaf
    from kratomlog.store import strains
    from kratomlog.store.model_rows import cold_recorder

    changes = {**_fields(vendor, batch, form, mitragynine, capsule_grams, lab_tested, note),
               **_seven_oh(seven_oh_per_g, seven_oh_per_unit, unit, unit_grams)}
    if rename is not None:
        changes["name"] = rename
    if not changes:
        raise Invalid("nothing to change; give at least one of --name, --vendor, --batch, --form, --mitragynine, --capsule-grams, --lab-tested, --note, --7oh-mg-per-g, --7oh-mg-per-unit, --unit, --unit-grams")
    if apply_to_past and mitragynine is None:
        raise Invalid("--apply-to-past needs --mitragynine PERCENT: the value to give the earlier doses")
    if since is not None and not apply_to_past:
        raise Invalid("--since goes with --apply-to-past (it limits which earlier doses get the new %)")
    current = now()
    db = open_db()
    since_at = None
    if since is not None:
        from kratomlog.core.days import day_start
        from kratomlog.core.when import parse_day
        from kratomlog.store.settings_store import load_settings

        settings = load_settings(db)
        since_at = day_start(parse_day(since, current, settings), settings)
    repriced: list = []
    with db.write() as conn:
        strain = strains.require(conn, name)
        problem = implausible_leaf(changes.get("form", strain.form), changes.get("mitragynine_pct", strain.mitragynine_pct))
        if problem and not yes and ("form" in changes or "mitragynine_pct" in changes):
            raise Invalid(problem)
        merged = {"unit_name": strain.unit_name, "seven_oh_mg_per_g": strain.seven_oh_mg_per_g,
                  "seven_oh_mg_per_unit": strain.seven_oh_mg_per_unit, **changes}
        if any(k in changes for k in ("form", "seven_oh_mg_per_g", "seven_oh_mg_per_unit", "unit_name")):
            _check_seven_oh(changes.get("form", strain.form), merged)
        recorder = cold_recorder(conn, current)
        strains.edit(recorder, strain, changes)
        updated = strains.get(conn, strain.id)
        if apply_to_past:
            repriced = strains.apply_pct_to_past(recorder, updated, updated.mitragynine_pct, since=since_at, until=current)
    out(f"Updated strain {updated.name!r}")
    if apply_to_past:
        from kratomlog.render.lines import repriced_lines

        for line in repriced_lines(updated.name, updated.mitragynine_pct, repriced, since):
            out(line)


def _set_archived(name: str, archived: bool) -> None:
    from kratomlog.store import strains
    from kratomlog.store.model_rows import cold_recorder

    db = open_db()
    with db.write() as conn:
        strain = strains.require(conn, name)
        if strain.archived == archived:
            out(f"{strain.name!r} is already {'archived' if archived else 'active'}")
            return
        strains.edit(cold_recorder(conn, now()), strain, {"archived": archived})
    if archived:
        out(f"Archived {strain.name!r}: it keeps its entries and can still be used by its exact name, but is never the default.")
    else:
        out(f"Unarchived {strain.name!r}")


@app.command("archive")
@command
def archive(name: str = typer.Argument(..., metavar="NAME", help="The strain to archive.")) -> None:
    """Archive a strain you no longer use (its entries stay).

    Example: kratomlog strain archive "Red Bali"
    """
    _set_archived(name, True)


@app.command("unarchive")
@command
def unarchive(name: str = typer.Argument(..., metavar="NAME", help="The strain to bring back.")) -> None:
    """Bring an archived strain back.

    Example: kratomlog strain unarchive "Red Bali"
    """
    _set_archived(name, False)
