"""Reading everything exportable out of the database as plain rows (one SQLAlchemy Core query per
table on the models' tables, run on the open connection; no ORM objects),
for `core.export_format` to turn into the JSON document or the CSV. `announced_signal` and
`change_log` are the tool's own bookkeeping, not data, and are never exported; of the settings
only those that shape the data (`core.settings.KEYS`) are, with their effective values."""

from __future__ import annotations

from kratomlog.core.export_format import ENTRY_SECTIONS, Rows
from kratomlog.store.database import Database
from kratomlog.store.settings_store import is_demo, shown_settings
from kratomlog.store.valid_rows import left_out

_COLUMNS = {
    "strains": ("strain", "id uuid name vendor batch form mitragynine_pct capsule_grams lab_tested note archived created_at "
                "seven_oh_mg_per_g seven_oh_mg_per_unit unit_name unit_grams"),
    "doses": ("dose", "id uuid at amount unit grams strain batch mitragynine_pct mitragynine_mg mitragynine_estimated "
              "reasons note source_id created_at utc_offset zone seven_oh_mg"),
    "ratings": ("rating", "id uuid at stress craving pain note created_at utc_offset zone"),
    "no_use_days": ("no_use_day", "id uuid day note created_at"),
    "questionnaires": ("questionnaire", "id uuid at instrument total hours_since_dose note created_at version "
                       "utc_offset zone"),
    "other_substances": ("other_substance", "id uuid at substance amount note created_at utc_offset zone"),
    "taper_plans": ("taper_plan", "id uuid started_on start_g step_value step_percent every_days floor_g compound "
                    "rounding_g status ended_on created_at"),
    "batches": ("batch", "id uuid strain code bought_on vendor mitragynine_pct seven_oh_mg_per_g seven_oh_mg_per_unit "
                "in_use note created_at"),
    "certificates": ("certificate", "id uuid strain batch lab tested_on source mitragynine_pct seven_oh_pct lead "
                     "arsenic cadmium mercury salmonella e_coli yeast_mould file_name file_sha256 note created_at"),
    "purchases": ("purchase", "id uuid at strain batch amount unit grams price currency vendor note created_at"),
}
# In doses, batches, certificates and purchases "strain" is the strain's name and (except in
# batches) "batch" the batch's code, joined in; they are not stored columns there.
_CHANGE_COLUMNS = "id plan_id uuid day kind hold_days step_value step_percent every_days compound created_at"


def _queries() -> dict:
    """One SQLAlchemy Core SELECT per section, on the models' tables (a renamed or missing column
    fails here, not in a file someone keeps)."""
    from sqlalchemy import literal_column, select

    from kratomlog.store.model_rows import table

    out = {}
    for section, (name, columns) in _COLUMNS.items():
        source = table(name)
        strain, batch = table("strain").alias("s"), table("batch").alias("b")
        joined = source
        if section in ("doses", "purchases", "batches"):
            joined = joined.outerjoin(strain, strain.c.id == source.c.strain_id)
        if section in ("doses", "purchases", "certificates"):
            joined = joined.outerjoin(batch, batch.c.id == source.c.batch_id)
        if section == "certificates":
            joined = joined.outerjoin(strain, strain.c.id == batch.c.strain_id)
        picked = []
        for column in columns.split():
            if section in ("doses", "purchases", "batches", "certificates") and column == "strain":
                picked.append(strain.c.name.label("strain"))
            elif section in ("doses", "purchases", "certificates") and column == "batch":
                picked.append(batch.c.code.label("batch"))
            else:
                picked.append(source.c[column])
        query = select(*picked).select_from(joined)
        order = {"strains": ("id",), "taper_plans": ("id",), "no_use_days": ("day", "id"), "batches": ("id",),
                 "certificates": ("id",)}.get(section, ("at", "id"))
        out[section] = query.order_by(*(source.c[c] for c in order))
    plan_changes = table("taper_change")
    items = table("questionnaire_item")
    out["_taper_changes"] = select(*(plan_changes.c[c] for c in _CHANGE_COLUMNS.split())).order_by(
        plan_changes.c.plan_id, plan_changes.c.id
    )
    out["_items"] = select(items.c.questionnaire_id, items.c.key, items.c.answer).order_by(
        items.c.questionnaire_id, literal_column("rowid")  # items in the order they were asked
    )
    return out


def read_rows(db: Database) -> Rows:
    """Everything exportable, read in one read transaction so the parts agree with each other."""
    from kratomlog.store.model_rows import rows_as_dicts

    conn = db.conn
    queries = _queries()
    conn.execute("BEGIN")
    try:
        sections = {section: list(rows_as_dicts(conn, queries[section])) for section in _COLUMNS}
        items: dict[int, dict[str, int]] = {}
        for item in rows_as_dicts(conn, queries["_items"]):
            items.setdefault(item["questionnaire_id"], {})[item["key"]] = item["answer"]
        for row in sections["questionnaires"]:
            row["items"] = items.get(row["id"], {})
        changes: dict[int, list[dict]] = {}
        for change in rows_as_dicts(conn, queries["_taper_changes"]):
            changes.setdefault(change["plan_id"], []).append(change)
        for plan in sections["taper_plans"]:
            plan["changes"] = changes.get(plan["id"], [])
        bad = {(f.kind, f.row_id): f.problems for f in left_out(conn)}
        for section, kind in ENTRY_SECTIONS.items():
            for row in sections[section]:
                if (kind, row["id"]) in bad:
                    row["invalid"] = bad[(kind, row["id"])]
        settings = shown_settings(db)
        demo = is_demo(db)
    finally:
        conn.execute("COMMIT")
    return Rows(settings=settings, sections=sections, demo=demo)
