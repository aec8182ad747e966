"""Reading everything exportable out of the database, as it is written: one plain SQL query per
table (the columns declared once below, held against the SQLModel models by
`tests/test_export_stream.py`), read with a cursor row by row inside one read transaction, for
`core.export_format` to turn into the JSON document or the CSV as the rows come. Nothing holds a
whole table: a section is an iterable that runs its query each time it is iterated.
`announced_signal` and `change_log` are the tool's own bookkeeping, not data, and are never
exported; of the settings only those that shape the data (`core.settings.KEYS`) are, with their
effective values.

Plain SQL, not the models' tables, because importing SQLModel costs about 0.3 s, half of the
export's budget (issue #15); the logging path and the aggregate reads do the same."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from itertools import groupby
from typing import Iterator

from kratomlog.core.export_format import ENTRY_SECTIONS, Rows
from kratomlog.store.database import Database
from kratomlog.store.settings_store import is_demo, shown_settings
from kratomlog.store.valid_rows import left_out

COLUMNS = {
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
JOINED = {"strain": ("doses", "purchases", "batches", "certificates"), "batch": ("doses", "purchases", "certificates")}
ORDER = {"strains": ("id",), "taper_plans": ("id",), "no_use_days": ("day", "id"), "batches": ("id",),
         "certificates": ("id",)}  # every other section: ("at", "id")
# Stored but not exported: the links (shown as the strain's name and the batch's code instead) and
# the folded keys a name or code is matched by (made again from the name on import).
NOT_EXPORTED = ("strain_id", "batch_id", "name_key", "code_key")
CHANGE_COLUMNS = "id plan_id uuid day kind hold_days step_value step_percent every_days compound created_at"


def _select(section: str) -> str:
    name, columns = COLUMNS[section]
    picked = []
    for column in columns.split():
        if column == "strain" and section in JOINED["strain"]:
            picked.append("s.name AS strain")
        elif column == "batch" and section in JOINED["batch"]:
            picked.append("b.code AS batch")
        else:
            picked.append(f't."{column}"')
    joins = ""
    if section in ("doses", "purchases", "batches"):
        joins += " LEFT JOIN strain AS s ON s.id = t.strain_id"
    if section in JOINED["batch"]:
        joins += " LEFT JOIN batch AS b ON b.id = t.batch_id"
    if section == "certificates":
        joins += " LEFT JOIN strain AS s ON s.id = b.strain_id"
    order = ", ".join(f't."{c}"' for c in ORDER.get(section, ("at", "id")))
    return f"SELECT {', '.join(picked)} FROM {name} AS t{joins} ORDER BY {order}"


QUERIES = {section: _select(section) for section in COLUMNS}
# Questionnaires with their items in one pass: each questionnaire's rows, its items in the order asked.
QUERIES["questionnaires"] = QUERIES["questionnaires"].replace(
    " FROM questionnaire AS t", ", i.\"key\" AS _key, i.answer AS _answer FROM questionnaire AS t "
    "LEFT JOIN questionnaire_item AS i ON i.questionnaire_id = t.id"
) + ", i.rowid"
_CHANGES = (f"SELECT {', '.join(CHANGE_COLUMNS.split())} FROM taper_change WHERE plan_id = ? ORDER BY id")


class Section:
    """One section's rows as dicts, read with a cursor as they are iterated (each iteration runs the
    query afresh, inside the export's read transaction)."""

    def __init__(self, conn: sqlite3.Connection, section: str, invalid: dict | None = None):
        self.conn, self.section = conn, section
        self.invalid = {row_id: found for (kind, row_id), found in (invalid or {}).items()
                        if kind == ENTRY_SECTIONS.get(section)}

    def __iter__(self) -> Iterator[dict]:
        cursor = self.conn.execute(QUERIES[self.section])
        names = [c[0] for c in cursor.description]
        if self.section == "questionnaires":
            yield from self._questionnaires(cursor, names)
            return
        for values in cursor:
            row = dict(zip(names, values))
            if self.section == "taper_plans":
                row["changes"] = self._changes(row["id"])
            if self.invalid and row["id"] in self.invalid:
                row["invalid"] = self.invalid[row["id"]]
            yield row

    def _questionnaires(self, cursor: sqlite3.Cursor, names: list[str]) -> Iterator[dict]:
        width = len(names) - 2
        for _, group in groupby(cursor, key=lambda values: values[0]):
            first = None
            items: dict[str, int] = {}
            for values in group:
                if first is None:
                    first = dict(zip(names[:width], values[:width]))
                if values[width] is not None:
                    items[values[width]] = values[width + 1]
            first["items"] = items
            if first["id"] in self.invalid:
                first["invalid"] = self.invalid[first["id"]]
            yield first

    def _changes(self, plan_id: int) -> list[dict]:
        cursor = self.conn.execute(_CHANGES, (plan_id,))
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, values)) for values in cursor]


@contextmanager
def reading(db: Database) -> Iterator[Rows]:
    """Everything exportable, as `Rows` whose sections are read lazily (`Section`), all in one read
    transaction held until the block ends, so the parts agree with each other."""
    conn = db.conn
    conn.execute("BEGIN")
    try:
        invalid = {(f.kind, f.row_id): f.problems for f in left_out(conn)}  # only the (few) bad rows are held
        yield Rows(settings=shown_settings(db), sections={s: Section(conn, s, invalid) for s in COLUMNS},
                   demo=is_demo(db), invalid=invalid)
    finally:
        conn.execute("COMMIT")


def read_rows(db: Database) -> Rows:
    """Everything exportable, read whole (each section a list): the reference the tests hold the
    streamed export against."""
    with reading(db) as rows:
        return Rows(settings=rows.settings, sections={s: list(found) for s, found in rows.sections.items()},
                    demo=rows.demo, invalid=rows.invalid)
