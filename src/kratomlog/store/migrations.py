"""The migrations: ordered Python functions, each run once in its own `BEGIN IMMEDIATE` transaction
and recorded by name in the `_migrations` table (as llm does); `PRAGMA user_version` is the number
run. A new database is created from the SQLModel models instead (`schema.py`) and records every
migration as applied; a test builds a database at every earlier version from frozen SQL fixtures,
migrates it and holds its whole schema identical to a fresh one, every row kept.

Never edit a released migration: append a function decorated with `@migration`. Statements are
executed one by one (no splitting of SQL text); for a change `ALTER TABLE` cannot make, use
`rebuild_table`. The runner switches foreign keys off around the migrations and runs
`PRAGMA foreign_key_check` before each commit. Before an existing database is migrated, an online
backup of it is taken (`database.py`). When you add one, freeze the schema it starts from:
`python tests/fixtures/freeze.py` writes `tests/fixtures/schema_v<N>.sql`.
"""

from __future__ import annotations

import sqlite3

from kratomlog.store.rebuild import rebuild_table

Migration = "Callable[[sqlite3.Connection], None]"  # a function migrating one step (annotations only)
MIGRATIONS: list[Migration] = []

MIGRATIONS_TABLE = "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)"


def migration(function: Migration) -> Migration:
    """Append `function` to the ordered list; its name is what `_migrations` records."""
    MIGRATIONS.append(function)
    return function


def _run(conn: sqlite3.Connection, statements: Iterable[str]) -> None:
    for statement in statements:
        conn.execute(statement)


@migration
def m001_foundation(conn: sqlite3.Connection) -> None:
    """Settings, strains, doses, ratings, no-use days and the change log (0.1.0's first schema)."""
    _run(conn, M001_STATEMENTS)


@migration
def m002_instruments_signals_taper(conn: sqlite3.Connection) -> None:
    """Questionnaires and their items, other substances, taper plans, announced signals."""
    _run(conn, M002_STATEMENTS)


@migration
def m003_tables_from_models(conn: sqlite3.Connection) -> None:
    """Every table rebuilt into the shape the SQLModel models declare: vocabularies (strain forms,
    questionnaire instruments) are no longer CHECK constraints (core checks them), primary keys are
    NOT NULL, and uniqueness and CHECKs are table constraints. Ids, AUTOINCREMENT counters and
    indexes are kept."""
    for table, create_sql in M003_TABLES.items():
        rebuild_table(conn, table, create_sql)


@migration
def m004_honest_instruments_and_potency(conn: sqlite3.Connection) -> None:
    """Questionnaires record the wording version they were asked with (0.1.0's rows: 1) and may be
    partial (fewer answers than items: no total, so `total` may be NULL); strains carry their label
    7-OH content (mg per gram, or mg per tablet/shot with the unit and its weight); doses keep their
    estimated 7-OH mg."""
    rebuild_table(conn, "questionnaire", M004_QUESTIONNAIRE)
    _run(conn, (
        "ALTER TABLE strain ADD COLUMN seven_oh_mg_per_g REAL CHECK (seven_oh_mg_per_g IS NULL OR seven_oh_mg_per_g > 0)",
        "ALTER TABLE strain ADD COLUMN seven_oh_mg_per_unit REAL "
        "CHECK (seven_oh_mg_per_unit IS NULL OR seven_oh_mg_per_unit > 0)",
        "ALTER TABLE strain ADD COLUMN unit_name TEXT",
        "ALTER TABLE strain ADD COLUMN unit_grams REAL CHECK (unit_grams IS NULL OR unit_grams > 0)",
        "ALTER TABLE dose ADD COLUMN seven_oh_mg REAL",
    ))


@migration
def m005_products(conn: sqlite3.Connection) -> None:
    """Batches of a strain, their lab certificates, purchases, and the batch each dose came from."""
    _run(conn, M005_STATEMENTS)


@migration
def m006_entry_zones(conn: sqlite3.Connection) -> None:
    """Each dose, rating, questionnaire and other substance records the UTC offset (minutes east)
    and, where known, the zone name it was logged in; rows from before have neither (NULL: read in
    the zone in force)."""
    for table in ("dose", "rating", "questionnaire", "other_substance"):
        _run(conn, (f"ALTER TABLE {table} ADD COLUMN utc_offset INTEGER", f"ALTER TABLE {table} ADD COLUMN zone TEXT"))


def names() -> list[str]:
    return [function.__name__ for function in MIGRATIONS]


# --- frozen schema text (history: never edited) ---------------------------------------------------

M001_STATEMENTS = (
    """\
CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
)""",
    """\
CREATE TABLE strain (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    vendor TEXT,
    batch TEXT,
    form TEXT NOT NULL DEFAULT 'powder' CHECK (form IN ('powder','capsule','extract','tea','7-oh','other')),
    mitragynine_pct REAL CHECK (mitragynine_pct IS NULL OR (mitragynine_pct > 0 AND mitragynine_pct <= 100)),
    capsule_grams REAL CHECK (capsule_grams IS NULL OR capsule_grams > 0),
    lab_tested INTEGER NOT NULL DEFAULT 0,
    note TEXT,
    archived INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
)""",
    """\
CREATE TABLE dose (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    at INTEGER NOT NULL,
    amount REAL NOT NULL CHECK (amount > 0),
    unit TEXT NOT NULL,
    grams REAL NOT NULL CHECK (grams > 0),
    strain_id INTEGER REFERENCES strain(id),
    mitragynine_pct REAL,
    mitragynine_mg REAL,
    mitragynine_estimated INTEGER NOT NULL DEFAULT 0,
    reasons TEXT NOT NULL DEFAULT '',
    note TEXT,
    source_id TEXT,
    created_at INTEGER NOT NULL
)""",
    """\
CREATE INDEX dose_at ON dose(at)""",
    """\
CREATE INDEX dose_source_id ON dose(source_id) WHERE source_id IS NOT NULL""",
    """\
CREATE TABLE rating (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    at INTEGER NOT NULL,
    stress INTEGER NOT NULL CHECK (stress BETWEEN 0 AND 10),
    craving INTEGER CHECK (craving IS NULL OR craving BETWEEN 0 AND 10),
    pain INTEGER CHECK (pain IS NULL OR pain BETWEEN 0 AND 10),
    note TEXT,
    created_at INTEGER NOT NULL
)""",
    """\
CREATE INDEX rating_at ON rating(at)""",
    """\
CREATE TABLE no_use_day (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    day TEXT NOT NULL UNIQUE,
    note TEXT,
    created_at INTEGER NOT NULL
)""",
    """\
CREATE TABLE change_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id INTEGER NOT NULL,
    at INTEGER NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('add','edit','delete')),
    kind TEXT NOT NULL,
    entry_id INTEGER NOT NULL,
    before TEXT,
    after TEXT,
    undone INTEGER NOT NULL DEFAULT 0
)""",
    """\
CREATE INDEX change_log_group ON change_log(group_id)""",
)

M002_STATEMENTS = (
    """\
CREATE TABLE questionnaire (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    at INTEGER NOT NULL,
    instrument TEXT NOT NULL CHECK (instrument IN ('sows','dsm5','pss10')),
    total INTEGER NOT NULL,
    hours_since_dose REAL,
    note TEXT,
    created_at INTEGER NOT NULL
)""",
    """\
CREATE INDEX questionnaire_at ON questionnaire(at)""",
    """\
CREATE TABLE questionnaire_item (
    questionnaire_id INTEGER NOT NULL REFERENCES questionnaire(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    answer INTEGER NOT NULL,
    PRIMARY KEY (questionnaire_id, key)
)""",
    """\
CREATE TABLE other_substance (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    at INTEGER NOT NULL,
    substance TEXT NOT NULL,
    amount TEXT,
    note TEXT,
    created_at INTEGER NOT NULL
)""",
    """\
CREATE INDEX other_substance_at ON other_substance(at)""",
    """\
CREATE TABLE taper_plan (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    started_on TEXT NOT NULL,
    start_g REAL NOT NULL,
    step_value REAL NOT NULL,
    step_percent INTEGER NOT NULL,
    every_days INTEGER NOT NULL,
    floor_g REAL NOT NULL DEFAULT 0,
    compound INTEGER NOT NULL DEFAULT 0,
    rounding_g REAL NOT NULL DEFAULT 0.25,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','finished','stopped')),
    ended_on TEXT,
    created_at INTEGER NOT NULL
)""",
    """\
CREATE TABLE taper_change (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    plan_id INTEGER NOT NULL REFERENCES taper_plan(id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('hold','adjust')),
    hold_days INTEGER,
    step_value REAL,
    step_percent INTEGER,
    every_days INTEGER,
    compound INTEGER,
    created_at INTEGER NOT NULL
)""",
    """\
CREATE TABLE announced_signal (
    signal_id TEXT PRIMARY KEY,
    announced_at INTEGER NOT NULL
)""",
)

M003_TABLES = {
    "announced_signal": """\
CREATE TABLE announced_signal (
    signal_id TEXT NOT NULL,
    announced_at INTEGER NOT NULL,
    PRIMARY KEY (signal_id)
)""",
    "change_log": """\
CREATE TABLE change_log (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    group_id INTEGER NOT NULL,
    at INTEGER NOT NULL,
    action TEXT NOT NULL,
    kind TEXT NOT NULL,
    entry_id INTEGER NOT NULL,
    "before" TEXT,
    "after" TEXT,
    undone INTEGER DEFAULT 0 NOT NULL,
    CHECK (action IN ('add', 'edit', 'delete'))
)""",
    "no_use_day": """\
CREATE TABLE no_use_day (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL,
    day TEXT NOT NULL,
    note TEXT,
    created_at INTEGER NOT NULL,
    UNIQUE (uuid),
    UNIQUE (day)
)""",
    "other_substance": """\
CREATE TABLE other_substance (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL,
    at INTEGER NOT NULL,
    substance TEXT NOT NULL,
    amount TEXT,
    note TEXT,
    created_at INTEGER NOT NULL,
    UNIQUE (uuid)
)""",
    "questionnaire": """\
CREATE TABLE questionnaire (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL,
    at INTEGER NOT NULL,
    instrument TEXT NOT NULL,
    total INTEGER NOT NULL,
    hours_since_dose REAL,
    note TEXT,
    created_at INTEGER NOT NULL,
    UNIQUE (uuid)
)""",
    "rating": """\
CREATE TABLE rating (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL,
    at INTEGER NOT NULL,
    stress INTEGER NOT NULL,
    craving INTEGER,
    pain INTEGER,
    note TEXT,
    created_at INTEGER NOT NULL,
    CHECK (stress BETWEEN 0 AND 10),
    CHECK (craving IS NULL OR craving BETWEEN 0 AND 10),
    CHECK (pain IS NULL OR pain BETWEEN 0 AND 10),
    UNIQUE (uuid)
)""",
    "setting": """\
CREATE TABLE setting (
    "key" TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY ("key")
)""",
    "strain": """\
CREATE TABLE strain (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    vendor TEXT,
    batch TEXT,
    form TEXT DEFAULT 'powder' NOT NULL,
    mitragynine_pct REAL,
    capsule_grams REAL,
    lab_tested INTEGER DEFAULT 0 NOT NULL,
    note TEXT,
    archived INTEGER DEFAULT 0 NOT NULL,
    created_at INTEGER NOT NULL,
    CHECK (mitragynine_pct IS NULL OR (mitragynine_pct > 0 AND mitragynine_pct <= 100)),
    CHECK (capsule_grams IS NULL OR capsule_grams > 0),
    UNIQUE (uuid),
    UNIQUE (name_key)
)""",
    "taper_plan": """\
CREATE TABLE taper_plan (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL,
    started_on TEXT NOT NULL,
    start_g REAL NOT NULL,
    step_value REAL NOT NULL,
    step_percent INTEGER NOT NULL,
    every_days INTEGER NOT NULL,
    floor_g REAL DEFAULT 0 NOT NULL,
    compound INTEGER DEFAULT 0 NOT NULL,
    rounding_g REAL DEFAULT (0.25) NOT NULL,
    status TEXT DEFAULT 'active' NOT NULL,
    ended_on TEXT,
    created_at INTEGER NOT NULL,
    CHECK (status IN ('active', 'finished', 'stopped')),
    UNIQUE (uuid)
)""",
    "dose": """\
CREATE TABLE dose (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL,
    at INTEGER NOT NULL,
    amount REAL NOT NULL,
    unit TEXT NOT NULL,
    grams REAL NOT NULL,
    strain_id INTEGER,
    mitragynine_pct REAL,
    mitragynine_mg REAL,
    mitragynine_estimated INTEGER DEFAULT 0 NOT NULL,
    reasons TEXT DEFAULT '' NOT NULL,
    note TEXT,
    source_id TEXT,
    created_at INTEGER NOT NULL,
    CHECK (amount > 0),
    CHECK (grams > 0),
    UNIQUE (uuid),
    FOREIGN KEY(strain_id) REFERENCES strain (id)
)""",
    "questionnaire_item": """\
CREATE TABLE questionnaire_item (
    questionnaire_id INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    answer INTEGER NOT NULL,
    PRIMARY KEY (questionnaire_id, "key"),
    FOREIGN KEY(questionnaire_id) REFERENCES questionnaire (id) ON DELETE CASCADE
)""",
    "taper_change": """\
CREATE TABLE taper_change (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL,
    plan_id INTEGER NOT NULL,
    day TEXT NOT NULL,
    kind TEXT NOT NULL,
    hold_days INTEGER,
    step_value REAL,
    step_percent INTEGER,
    every_days INTEGER,
    compound INTEGER,
    created_at INTEGER NOT NULL,
    CHECK (kind IN ('hold', 'adjust')),
    UNIQUE (uuid),
    FOREIGN KEY(plan_id) REFERENCES taper_plan (id) ON DELETE CASCADE
)""",
}

M005_STATEMENTS = (
    """\
CREATE TABLE batch (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL,
    strain_id INTEGER NOT NULL,
    code TEXT NOT NULL,
    code_key TEXT NOT NULL,
    bought_on TEXT,
    vendor TEXT,
    mitragynine_pct REAL,
    seven_oh_mg_per_g REAL,
    seven_oh_mg_per_unit REAL,
    in_use INTEGER DEFAULT 0 NOT NULL,
    note TEXT,
    created_at INTEGER NOT NULL,
    UNIQUE (strain_id, code_key),
    CHECK (mitragynine_pct IS NULL OR (mitragynine_pct > 0 AND mitragynine_pct <= 100)),
    CHECK (seven_oh_mg_per_g IS NULL OR seven_oh_mg_per_g > 0),
    CHECK (seven_oh_mg_per_unit IS NULL OR seven_oh_mg_per_unit > 0),
    UNIQUE (uuid),
    FOREIGN KEY(strain_id) REFERENCES strain (id)
)""",
    """\
CREATE TABLE certificate (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL,
    batch_id INTEGER NOT NULL,
    lab TEXT NOT NULL,
    tested_on TEXT NOT NULL,
    source TEXT DEFAULT 'independent' NOT NULL,
    mitragynine_pct REAL,
    seven_oh_pct REAL,
    lead REAL,
    arsenic REAL,
    cadmium REAL,
    mercury REAL,
    salmonella TEXT,
    e_coli TEXT,
    yeast_mould TEXT,
    file_name TEXT,
    file_sha256 TEXT,
    note TEXT,
    created_at INTEGER NOT NULL,
    CHECK (source IN ('independent', 'vendor-claim')),
    UNIQUE (uuid),
    FOREIGN KEY(batch_id) REFERENCES batch (id)
)""",
    """\
CREATE INDEX certificate_batch ON certificate (batch_id)""",
    """\
CREATE TABLE purchase (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL,
    at INTEGER NOT NULL,
    strain_id INTEGER NOT NULL,
    batch_id INTEGER,
    amount REAL NOT NULL,
    unit TEXT NOT NULL,
    grams REAL NOT NULL,
    price REAL,
    currency TEXT,
    vendor TEXT,
    note TEXT,
    created_at INTEGER NOT NULL,
    CHECK (amount > 0),
    CHECK (grams > 0),
    CHECK (price IS NULL OR price >= 0),
    UNIQUE (uuid),
    FOREIGN KEY(strain_id) REFERENCES strain (id),
    FOREIGN KEY(batch_id) REFERENCES batch (id)
)""",
    """\
CREATE INDEX purchase_at ON purchase (at)""",
    """\
ALTER TABLE dose ADD COLUMN batch_id INTEGER REFERENCES batch (id)""",
)

M004_QUESTIONNAIRE = """\
CREATE TABLE questionnaire (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL,
    at INTEGER NOT NULL,
    instrument TEXT NOT NULL,
    total INTEGER,
    hours_since_dose REAL,
    note TEXT,
    created_at INTEGER NOT NULL,
    version INTEGER DEFAULT 1 NOT NULL,
    UNIQUE (uuid)
)"""

LATEST = len(MIGRATIONS)
