"""The schema: the SQLModel models are the one place a table, column, type, NOT NULL, default, CHECK,
foreign key or index is declared. A new database is created from `SQLModel.metadata` (see
`create_statements`); an older one is brought to the same shape by the functions in `migrations.py`,
and a test holds the two identical. Importing this module costs SQLModel (~0.6 s), so only database
creation, migration and the cold paths import it — never the logging path, which talks to SQLite
directly with plain SQL on these same tables.

Instants are INTEGER UTC epoch seconds (never DateTime). Declared types are SQLite's own (TEXT,
REAL, INTEGER), so raw SQL and the models read the same values. Vocabularies (forms, instruments,
reasons, substances) are checked in `core`, not frozen into CHECK constraints here; CHECKs hold only
ranges and the internal state words the program itself writes.

Adding a column: add the field at the END of its model (SQLite's `ALTER TABLE … ADD COLUMN` appends)
and append a migration function; adding a table: a model and a migration that creates it.
"""

from __future__ import annotations

from typing import Any, Optional

from sqlalchemy import INTEGER, REAL, TEXT, CheckConstraint, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

AUTOINCREMENT = {"sqlite_autoincrement": True}  # ids are never reused: undo and short ids rely on it


def _field(sa_type: Any, *, server: str | None = None, **kwargs: Any) -> Any:
    if server is not None:
        kwargs["sa_column_kwargs"] = {"server_default": text(server)}
    return Field(sa_type=sa_type, **kwargs)


def Text(**kwargs: Any) -> Any:
    return _field(TEXT, **kwargs)


def Real(**kwargs: Any) -> Any:
    return _field(REAL, **kwargs)


def Int(**kwargs: Any) -> Any:
    return _field(INTEGER, **kwargs)


def Id() -> Any:
    return Field(default=None, primary_key=True, sa_type=INTEGER)


class Setting(SQLModel, table=True):
    __tablename__ = "setting"
    key: str = Text(primary_key=True)
    value: str = Text()


class Strain(SQLModel, table=True):
    __tablename__ = "strain"
    __table_args__ = (
        CheckConstraint("mitragynine_pct IS NULL OR (mitragynine_pct > 0 AND mitragynine_pct <= 100)"),
        CheckConstraint("capsule_grams IS NULL OR capsule_grams > 0"),
        CheckConstraint("seven_oh_mg_per_g IS NULL OR seven_oh_mg_per_g > 0"),
        CheckConstraint("seven_oh_mg_per_unit IS NULL OR seven_oh_mg_per_unit > 0"),
        CheckConstraint("unit_grams IS NULL OR unit_grams > 0"),
        AUTOINCREMENT,
    )
    id: Optional[int] = Id()
    uuid: str = Text(unique=True)
    name: str = Text()
    name_key: str = Text(unique=True)
    vendor: Optional[str] = Text(default=None)
    batch: Optional[str] = Text(default=None)
    form: str = Text(default="powder", server="'powder'")
    mitragynine_pct: Optional[float] = Real(default=None)
    capsule_grams: Optional[float] = Real(default=None)
    lab_tested: int = Int(default=0, server="0")
    note: Optional[str] = Text(default=None)
    archived: int = Int(default=0, server="0")
    created_at: int = Int()
    seven_oh_mg_per_g: Optional[float] = Real(default=None)  # label 7-OH content of powders and extracts
    seven_oh_mg_per_unit: Optional[float] = Real(default=None)  # label 7-OH per tablet or shot
    unit_name: Optional[str] = Text(default=None)  # "tablet" | "shot" (core.vocab.PRODUCT_UNITS)
    unit_grams: Optional[float] = Real(default=None)  # weight of one tablet or shot


class Dose(SQLModel, table=True):
    __tablename__ = "dose"
    __table_args__ = (
        CheckConstraint("amount > 0"),
        CheckConstraint("grams > 0"),
        Index("dose_at", "at"),
        Index("dose_source_id", "source_id", sqlite_where=text("source_id IS NOT NULL")),
        AUTOINCREMENT,
    )
    id: Optional[int] = Id()
    uuid: str = Text(unique=True)
    at: int = Int()
    amount: float = Real()
    unit: str = Text()
    grams: float = Real()
    strain_id: Optional[int] = Int(default=None, foreign_key="strain.id")
    mitragynine_pct: Optional[float] = Real(default=None)
    mitragynine_mg: Optional[float] = Real(default=None)
    mitragynine_estimated: int = Int(default=0, server="0")
    reasons: str = Text(default="", server="''")
    note: Optional[str] = Text(default=None)
    source_id: Optional[str] = Text(default=None)
    created_at: int = Int()
    seven_oh_mg: Optional[float] = Real(default=None)  # estimated 7-OH of this dose (label content)
    batch_id: Optional[int] = Int(default=None, foreign_key="batch.id")
    utc_offset: Optional[int] = Int(default=None)  # minutes east of UTC where it was logged (store.zones)
    zone: Optional[str] = Text(default=None)  # that zone's IANA name, where known


class Rating(SQLModel, table=True):
    __tablename__ = "rating"
    __table_args__ = (
        CheckConstraint("stress BETWEEN 0 AND 10"),
        CheckConstraint("craving IS NULL OR craving BETWEEN 0 AND 10"),
        CheckConstraint("pain IS NULL OR pain BETWEEN 0 AND 10"),
        Index("rating_at", "at"),
        AUTOINCREMENT,
    )
    id: Optional[int] = Id()
    uuid: str = Text(unique=True)
    at: int = Int()
    stress: int = Int()
    craving: Optional[int] = Int(default=None)
    pain: Optional[int] = Int(default=None)
    note: Optional[str] = Text(default=None)
    created_at: int = Int()
    utc_offset: Optional[int] = Int(default=None)  # minutes east of UTC where it was logged (store.zones)
    zone: Optional[str] = Text(default=None)  # that zone's IANA name, where known


class NoUseDay(SQLModel, table=True):
    __tablename__ = "no_use_day"
    __table_args__ = (AUTOINCREMENT,)
    id: Optional[int] = Id()
    uuid: str = Text(unique=True)
    day: str = Text(unique=True)
    note: Optional[str] = Text(default=None)
    created_at: int = Int()


class ChangeLog(SQLModel, table=True):
    __tablename__ = "change_log"
    __table_args__ = (
        CheckConstraint("action IN ('add', 'edit', 'delete')"),
        Index("change_log_group", "group_id"),
        AUTOINCREMENT,
    )
    id: Optional[int] = Id()
    group_id: int = Int()
    at: int = Int()
    action: str = Text()
    kind: str = Text()
    entry_id: int = Int()
    before: Optional[str] = Text(default=None)
    after: Optional[str] = Text(default=None)
    undone: int = Int(default=0, server="0")


class Questionnaire(SQLModel, table=True):
    __tablename__ = "questionnaire"
    __table_args__ = (Index("questionnaire_at", "at"), AUTOINCREMENT)
    id: Optional[int] = Id()
    uuid: str = Text(unique=True)
    at: int = Int()
    instrument: str = Text()
    total: Optional[int] = Int(default=None)  # NULL for a partial check-in (not every item answered)
    hours_since_dose: Optional[float] = Real(default=None)
    note: Optional[str] = Text(default=None)
    created_at: int = Int()
    version: int = Int(default=1, server="1")  # the wording version asked (core.instruments)
    utc_offset: Optional[int] = Int(default=None)  # minutes east of UTC where it was logged (store.zones)
    zone: Optional[str] = Text(default=None)  # that zone's IANA name, where known


class QuestionnaireItem(SQLModel, table=True):
    __tablename__ = "questionnaire_item"
    questionnaire_id: int = Int(foreign_key="questionnaire.id", ondelete="CASCADE", primary_key=True)
    key: str = Text(primary_key=True)
    answer: int = Int()


class OtherSubstance(SQLModel, table=True):
    __tablename__ = "other_substance"
    __table_args__ = (Index("other_substance_at", "at"), AUTOINCREMENT)
    id: Optional[int] = Id()
    uuid: str = Text(unique=True)
    at: int = Int()
    substance: str = Text()
    amount: Optional[str] = Text(default=None)
    note: Optional[str] = Text(default=None)
    created_at: int = Int()
    utc_offset: Optional[int] = Int(default=None)  # minutes east of UTC where it was logged (store.zones)
    zone: Optional[str] = Text(default=None)  # that zone's IANA name, where known


class TaperPlan(SQLModel, table=True):
    __tablename__ = "taper_plan"
    __table_args__ = (CheckConstraint("status IN ('active', 'finished', 'stopped')"), AUTOINCREMENT)
    id: Optional[int] = Id()
    uuid: str = Text(unique=True)
    started_on: str = Text()
    start_g: float = Real()
    step_value: float = Real()
    step_percent: int = Int()
    every_days: int = Int()
    floor_g: float = Real(default=0, server="0")
    compound: int = Int(default=0, server="0")
    rounding_g: float = Real(default=0.25, server="0.25")
    status: str = Text(default="active", server="'active'")
    ended_on: Optional[str] = Text(default=None)
    created_at: int = Int()


class TaperChange(SQLModel, table=True):
    __tablename__ = "taper_change"
    __table_args__ = (CheckConstraint("kind IN ('hold', 'adjust')"), AUTOINCREMENT)
    id: Optional[int] = Id()
    uuid: str = Text(unique=True)
    plan_id: int = Int(foreign_key="taper_plan.id", ondelete="CASCADE")
    day: str = Text()
    kind: str = Text()
    hold_days: Optional[int] = Int(default=None)
    step_value: Optional[float] = Real(default=None)
    step_percent: Optional[int] = Int(default=None)
    every_days: Optional[int] = Int(default=None)
    compound: Optional[int] = Int(default=None)
    created_at: int = Int()


class AnnouncedSignal(SQLModel, table=True):
    __tablename__ = "announced_signal"
    signal_id: str = Text(primary_key=True)
    announced_at: int = Int()


class Batch(SQLModel, table=True):
    """A batch of a strain; `in_use` marks the one new doses of the strain come from."""
    __tablename__ = "batch"
    __table_args__ = (
        UniqueConstraint("strain_id", "code_key"),
        CheckConstraint("mitragynine_pct IS NULL OR (mitragynine_pct > 0 AND mitragynine_pct <= 100)"),
        CheckConstraint("seven_oh_mg_per_g IS NULL OR seven_oh_mg_per_g > 0"),
        CheckConstraint("seven_oh_mg_per_unit IS NULL OR seven_oh_mg_per_unit > 0"),
        AUTOINCREMENT,
    )
    id: Optional[int] = Id()
    uuid: str = Text(unique=True)
    strain_id: int = Int(foreign_key="strain.id")
    code: str = Text()
    code_key: str = Text()
    bought_on: Optional[str] = Text(default=None)
    vendor: Optional[str] = Text(default=None)
    mitragynine_pct: Optional[float] = Real(default=None)
    seven_oh_mg_per_g: Optional[float] = Real(default=None)
    seven_oh_mg_per_unit: Optional[float] = Real(default=None)
    in_use: int = Int(default=0, server="0")
    note: Optional[str] = Text(default=None)
    created_at: int = Int()


class Certificate(SQLModel, table=True):
    """A lab certificate (COA) of a batch: as given, metals in ppm; the file's name and SHA-256 only."""
    __tablename__ = "certificate"
    __table_args__ = (
        CheckConstraint("source IN ('independent', 'vendor-claim')"),
        Index("certificate_batch", "batch_id"),
        AUTOINCREMENT,
    )
    id: Optional[int] = Id()
    uuid: str = Text(unique=True)
    batch_id: int = Int(foreign_key="batch.id")
    lab: str = Text()
    tested_on: str = Text()
    source: str = Text(default="independent", server="'independent'")
    mitragynine_pct: Optional[float] = Real(default=None)
    seven_oh_pct: Optional[float] = Real(default=None)
    lead: Optional[float] = Real(default=None)
    arsenic: Optional[float] = Real(default=None)
    cadmium: Optional[float] = Real(default=None)
    mercury: Optional[float] = Real(default=None)
    salmonella: Optional[str] = Text(default=None)
    e_coli: Optional[str] = Text(default=None)
    yeast_mould: Optional[str] = Text(default=None)
    file_name: Optional[str] = Text(default=None)
    file_sha256: Optional[str] = Text(default=None)
    note: Optional[str] = Text(default=None)
    created_at: int = Int()


class Purchase(SQLModel, table=True):
    """A purchase: the amount as entered and in grams; money per currency, never converted."""
    __tablename__ = "purchase"
    __table_args__ = (
        CheckConstraint("amount > 0"),
        CheckConstraint("grams > 0"),
        CheckConstraint("price IS NULL OR price >= 0"),
        Index("purchase_at", "at"),
        AUTOINCREMENT,
    )
    id: Optional[int] = Id()
    uuid: str = Text(unique=True)
    at: int = Int()
    strain_id: int = Int(foreign_key="strain.id")
    batch_id: Optional[int] = Int(default=None, foreign_key="batch.id")
    amount: float = Real()
    unit: str = Text()
    grams: float = Real()
    price: Optional[float] = Real(default=None)
    currency: Optional[str] = Text(default=None)
    vendor: Optional[str] = Text(default=None)
    note: Optional[str] = Text(default=None)
    created_at: int = Int()


def create_statements() -> list[str]:
    """The DDL of every model as SQLite statements, tables in foreign-key order, then their indexes."""
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable

    dialect = sqlite.dialect()
    statements = []
    for table in SQLModel.metadata.sorted_tables:
        statements.append(str(CreateTable(table).compile(dialect=dialect)).strip())
        for index in sorted(table.indexes, key=lambda i: i.name or ""):
            statements.append(str(CreateIndex(index).compile(dialect=dialect)).strip())
    return statements

