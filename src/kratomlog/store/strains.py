"""Strains (what the person buys): add, find by name (ignoring case and spacing), edit, archive."""

from __future__ import annotations

from kratomlog.core.records import NamedTuple

import sqlite3

import math

from kratomlog.core.invalid import Invalid
from kratomlog.core.vocab import PRODUCT_UNITS
from kratomlog.core.names import clean_name, fold, meant_names
from kratomlog.core.safe_text import check_text
from kratomlog.store.changes import Recorder
from kratomlog.store.valid_rows import valid



class Strain(NamedTuple):
    id: int
    name: str
    vendor: str | None
    batch: str | None
    form: str
    mitragynine_pct: float | None
    capsule_grams: float | None
    lab_tested: bool
    note: str | None
    archived: bool
    seven_oh_mg_per_g: float | None = None  # label 7-OH content per gram
    seven_oh_mg_per_unit: float | None = None  # label 7-OH content per tablet or shot
    unit_name: str | None = None  # "tablet" | "shot": the product is counted in these
    unit_grams: float | None = None  # weight of one tablet or shot

_SELECT = ("SELECT id, name, vendor, batch, form, mitragynine_pct, capsule_grams, lab_tested, note, archived, "
           "seven_oh_mg_per_g, seven_oh_mg_per_unit, unit_name, unit_grams FROM strain")


def _strain(row: tuple) -> Strain:
    return Strain(*row[:7], bool(row[7]), row[8], bool(row[9]), *row[10:14])


def find(conn: sqlite3.Connection, name: str) -> Strain | None:
    row = conn.execute(f"{_SELECT} WHERE name_key = ?", (fold(name),)).fetchone()
    return _strain(row) if row else None


def get(conn: sqlite3.Connection, strain_id: int) -> Strain | None:
    row = conn.execute(f"{_SELECT} WHERE id = ?", (strain_id,)).fetchone()
    return _strain(row) if row else None


def require(conn: sqlite3.Connection, name: str) -> Strain:
    strain = find(conn, name)
    if strain is None:
        raise Invalid(f"no strain named {name!r}; see 'kratomlog strain list --all'")
    return strain


def all_strains(conn: sqlite3.Connection, include_archived: bool = False) -> list[Strain]:
    where = "" if include_archived else " WHERE archived = 0"
    return [_strain(r) for r in conn.execute(f"{_SELECT}{where} ORDER BY name COLLATE NOCASE")]


def check_not_near_duplicate(conn: sqlite3.Connection, name: str) -> None:
    names = [r[0] for r in conn.execute("SELECT name FROM strain")]
    close = meant_names(name, names)
    if close:
        options = " or ".join(repr(n) for n in close)
        raise Invalid(f"no strain named {name!r}; did you mean {options}? Add --new to create {name!r} anyway")


def validate_fields(fields: dict) -> dict:
    """Check the optional strain fields; returns them with name cleaned."""
    out = dict(fields)
    if "name" in out:
        out["name"] = clean_name(out["name"])
    for key, what, multiline in (("vendor", "--vendor", False), ("batch", "--batch", False), ("note", "the note", True)):
        if isinstance(out.get(key), str):
            check_text(out[key], what, newlines=multiline)
    pct = out.get("mitragynine_pct")
    if pct is not None and not (0 < pct <= 100):
        raise Invalid(f"--mitragynine is a percentage by weight above 0 and at most 100; got {pct:g}")
    grams = out.get("capsule_grams")
    if grams is not None and not (0 < grams <= 5):
        raise Invalid(f"--capsule-grams is the grams in one capsule, above 0 and at most 5; got {grams:g}")
    for key, option, high in (("seven_oh_mg_per_g", "--7oh-mg-per-g", 1000), ("seven_oh_mg_per_unit", "--7oh-mg-per-unit", 1000),
                              ("unit_grams", "--unit-grams", 100)):
        value = out.get(key)
        if value is not None and not (0 < value <= high and math.isfinite(value)):
            raise Invalid(f"{option} takes a number above 0 and at most {high}; got {value:g}")
    unit = out.get("unit_name")
    if unit is not None and unit not in PRODUCT_UNITS:
        raise Invalid(f"--unit takes {' or '.join(PRODUCT_UNITS)}; got {unit!r}")
    return out


def add(recorder: Recorder, fields: dict, *, allow_near: bool = True) -> int:
    fields = validate_fields(fields)
    name = fields["name"]
    existing = find(recorder.conn, name)
    if existing is not None:
        raise Invalid(f"a strain named {existing.name!r} already exists (names ignore case and spacing)")
    if not allow_near:
        check_not_near_duplicate(recorder.conn, name)
    values = {k: v for k, v in fields.items() if v is not None}
    values["name_key"] = fold(name)
    values.setdefault("form", "powder")
    for flag in ("lab_tested", "archived"):
        if flag in values:
            values[flag] = int(bool(values[flag]))
    return recorder.add("strain", values)


def edit(recorder: Recorder, strain: Strain, changes: dict) -> None:
    changes = validate_fields(changes)
    if "name" in changes:
        other = find(recorder.conn, changes["name"])
        if other is not None and other.id != strain.id:
            raise Invalid(f"a strain named {other.name!r} already exists (names ignore case and spacing)")
        changes["name_key"] = fold(changes["name"])
    for flag in ("lab_tested", "archived"):
        if flag in changes:
            changes[flag] = int(bool(changes[flag]))
    recorder.edit("strain", strain.id, changes)


class Repriced(NamedTuple):
    """One earlier dose given a strain's new mitragynine percentage (`strain edit --apply-to-past`)."""

    dose_id: int
    at: int
    grams: float
    pct_before: float | None
    pct_after: float
    mg_before: float | None
    mg_after: float | None


def apply_pct_to_past(recorder: Recorder, strain: Strain, pct: float, *, since: int | None, until: int) -> list[Repriced]:
    """Give the strain's doses logged in [since, until] the percentage `pct` (a label value, so not
    an estimate), each through the recorder: the same `undo` that reverts the strain edit reverts
    them. Doses that already carry exactly that label value are left alone."""
    from kratomlog.core.potency import mg_for

    found = recorder.conn.execute(
        f"SELECT id, at, grams, mitragynine_pct, mitragynine_mg, mitragynine_estimated FROM {valid('dose')}"
        " WHERE strain_id = ? AND at >= ? AND at <= ? ORDER BY at, id",
        (strain.id, since if since is not None else -(2**62), until),
    ).fetchall()
    changed = []
    for dose_id, at, grams, pct_before, mg_before, estimated in found:
        if pct_before == pct and not estimated:
            continue
        mg_after = mg_for(grams, pct)
        recorder.edit("dose", dose_id, {"mitragynine_pct": pct, "mitragynine_mg": mg_after, "mitragynine_estimated": 0})
        changed.append(Repriced(dose_id, at, grams, pct_before, pct, mg_before, mg_after))
    return changed


def dose_rows(conn: sqlite3.Connection, since: int | None = None) -> list[tuple]:
    """(strain name or None, at, grams, mitragynine_mg) of every dose from `since` on, for `strain stats`."""
    sql = f"SELECT s.name, d.at, d.grams, d.mitragynine_mg FROM {valid('dose')} d LEFT JOIN strain s ON s.id = d.strain_id"
    if since is None:
        return conn.execute(sql).fetchall()
    return conn.execute(sql + " WHERE d.at >= ?", (since,)).fetchall()
