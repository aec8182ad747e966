"""The schema as SQLModel models, mirroring the tables the migrations create (a test keeps the two
in step). Used where the ORM helps — export, import and tests — never on the fast logging path,
which talks to SQLite directly. Instants are INTEGER UTC epoch seconds here too, never DateTime.
"""

from __future__ import annotations

from typing import Optional

from sqlmodel import Field, SQLModel


class Setting(SQLModel, table=True):
    __tablename__ = "setting"
    key: str = Field(primary_key=True)
    value: str


class Strain(SQLModel, table=True):
    __tablename__ = "strain"
    id: Optional[int] = Field(default=None, primary_key=True)
    uuid: str = Field(unique=True)
    name: str
    name_key: str = Field(unique=True)
    vendor: Optional[str] = None
    batch: Optional[str] = None
    form: str = "powder"
    mitragynine_pct: Optional[float] = None
    capsule_grams: Optional[float] = None
    lab_tested: int = 0
    note: Optional[str] = None
    archived: int = 0
    created_at: int


class Dose(SQLModel, table=True):
    __tablename__ = "dose"
    id: Optional[int] = Field(default=None, primary_key=True)
    uuid: str = Field(unique=True)
    at: int = Field(index=True)
    amount: float
    unit: str
    grams: float
    strain_id: Optional[int] = Field(default=None, foreign_key="strain.id")
    mitragynine_pct: Optional[float] = None
    mitragynine_mg: Optional[float] = None
    mitragynine_estimated: int = 0
    reasons: str = ""
    note: Optional[str] = None
    source_id: Optional[str] = None
    created_at: int
    batch_id: Optional[int] = Field(default=None, foreign_key="batch.id")


class Rating(SQLModel, table=True):
    __tablename__ = "rating"
    id: Optional[int] = Field(default=None, primary_key=True)
    uuid: str = Field(unique=True)
    at: int = Field(index=True)
    stress: int
    craving: Optional[int] = None
    pain: Optional[int] = None
    note: Optional[str] = None
    created_at: int


class NoUseDay(SQLModel, table=True):
    __tablename__ = "no_use_day"
    id: Optional[int] = Field(default=None, primary_key=True)
    uuid: str = Field(unique=True)
    day: str = Field(unique=True)
    note: Optional[str] = None
    created_at: int


class ChangeLog(SQLModel, table=True):
    __tablename__ = "change_log"
    id: Optional[int] = Field(default=None, primary_key=True)
    group_id: int
    at: int
    action: str
    kind: str
    entry_id: int
    before: Optional[str] = None
    after: Optional[str] = None
    undone: int = 0


class Questionnaire(SQLModel, table=True):
    __tablename__ = "questionnaire"
    id: Optional[int] = Field(default=None, primary_key=True)
    uuid: str = Field(unique=True)
    at: int = Field(index=True)
    instrument: str
    total: int
    hours_since_dose: Optional[float] = None
    note: Optional[str] = None
    created_at: int


class QuestionnaireItem(SQLModel, table=True):
    __tablename__ = "questionnaire_item"
    questionnaire_id: int = Field(foreign_key="questionnaire.id", primary_key=True)
    key: str = Field(primary_key=True)
    answer: int


class OtherSubstance(SQLModel, table=True):
    __tablename__ = "other_substance"
    id: Optional[int] = Field(default=None, primary_key=True)
    uuid: str = Field(unique=True)
    at: int = Field(index=True)
    substance: str
    amount: Optional[str] = None
    note: Optional[str] = None
    created_at: int


class TaperPlan(SQLModel, table=True):
    __tablename__ = "taper_plan"
    id: Optional[int] = Field(default=None, primary_key=True)
    uuid: str = Field(unique=True)
    started_on: str
    start_g: float
    step_value: float
    step_percent: int
    every_days: int
    floor_g: float = 0
    compound: int = 0
    rounding_g: float = 0.25
    status: str = "active"
    ended_on: Optional[str] = None
    created_at: int


class TaperChange(SQLModel, table=True):
    __tablename__ = "taper_change"
    id: Optional[int] = Field(default=None, primary_key=True)
    uuid: str = Field(unique=True)
    plan_id: int = Field(foreign_key="taper_plan.id")
    day: str
    kind: str
    hold_days: Optional[int] = None
    step_value: Optional[float] = None
    step_percent: Optional[int] = None
    every_days: Optional[int] = None
    compound: Optional[int] = None
    created_at: int


class AnnouncedSignal(SQLModel, table=True):
    __tablename__ = "announced_signal"
    signal_id: str = Field(primary_key=True)
    announced_at: int


class Batch(SQLModel, table=True):
    __tablename__ = "batch"
    id: Optional[int] = Field(default=None, primary_key=True)
    uuid: str = Field(unique=True)
    strain_id: int = Field(foreign_key="strain.id")
    code: str
    code_key: str
    bought_on: Optional[str] = None
    vendor: Optional[str] = None
    mitragynine_pct: Optional[float] = None
    seven_oh_mg_per_g: Optional[float] = None
    seven_oh_mg_per_unit: Optional[float] = None
    in_use: int = 0
    note: Optional[str] = None
    created_at: int


class Certificate(SQLModel, table=True):
    __tablename__ = "certificate"
    id: Optional[int] = Field(default=None, primary_key=True)
    uuid: str = Field(unique=True)
    batch_id: int = Field(foreign_key="batch.id", index=True)
    lab: str
    tested_on: str
    source: str = "independent"
    mitragynine_pct: Optional[float] = None
    seven_oh_pct: Optional[float] = None
    lead: Optional[float] = None
    arsenic: Optional[float] = None
    cadmium: Optional[float] = None
    mercury: Optional[float] = None
    salmonella: Optional[str] = None
    e_coli: Optional[str] = None
    yeast_mould: Optional[str] = None
    file_name: Optional[str] = None
    file_sha256: Optional[str] = None
    note: Optional[str] = None
    created_at: int


class Purchase(SQLModel, table=True):
    __tablename__ = "purchase"
    id: Optional[int] = Field(default=None, primary_key=True)
    uuid: str = Field(unique=True)
    at: int = Field(index=True)
    strain_id: int = Field(foreign_key="strain.id")
    batch_id: Optional[int] = Field(default=None, foreign_key="batch.id")
    amount: float
    unit: str
    grams: float
    price: Optional[float] = None
    currency: Optional[str] = None
    vendor: Optional[str] = None
    note: Optional[str] = None
    created_at: int


def engine_for(path):
    """A SQLAlchemy engine on an already opened and migrated kratomlog file."""
    from sqlmodel import create_engine

    return create_engine(f"sqlite:///{path}")
