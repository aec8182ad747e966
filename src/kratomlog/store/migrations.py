"""The schema as an ordered list of migrations, recorded in the `_migrations` table (as llm does).

Each migration runs once, in its own `BEGIN IMMEDIATE` transaction, and bumps `PRAGMA user_version`
to its position in the list. Never edit a released migration: append a new one.
"""

from __future__ import annotations

FORMS_CHECK = "('powder','capsule','extract','tea','7-oh','other')"

M001_FOUNDATION = f"""
CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE strain (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    vendor TEXT,
    batch TEXT,
    form TEXT NOT NULL DEFAULT 'powder' CHECK (form IN {FORMS_CHECK}),
    mitragynine_pct REAL CHECK (mitragynine_pct IS NULL OR (mitragynine_pct > 0 AND mitragynine_pct <= 100)),
    capsule_grams REAL CHECK (capsule_grams IS NULL OR capsule_grams > 0),
    lab_tested INTEGER NOT NULL DEFAULT 0,
    note TEXT,
    archived INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
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
);
CREATE INDEX dose_at ON dose(at);
CREATE INDEX dose_source_id ON dose(source_id) WHERE source_id IS NOT NULL;
CREATE TABLE rating (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    at INTEGER NOT NULL,
    stress INTEGER NOT NULL CHECK (stress BETWEEN 0 AND 10),
    craving INTEGER CHECK (craving IS NULL OR craving BETWEEN 0 AND 10),
    pain INTEGER CHECK (pain IS NULL OR pain BETWEEN 0 AND 10),
    note TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX rating_at ON rating(at);
CREATE TABLE no_use_day (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    day TEXT NOT NULL UNIQUE,
    note TEXT,
    created_at INTEGER NOT NULL
);
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
);
CREATE INDEX change_log_group ON change_log(group_id);
"""

M002_INSTRUMENTS_SIGNALS_TAPER = """
CREATE TABLE questionnaire (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    at INTEGER NOT NULL,
    instrument TEXT NOT NULL CHECK (instrument IN ('sows','dsm5','pss10')),
    total INTEGER NOT NULL,
    hours_since_dose REAL,
    note TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX questionnaire_at ON questionnaire(at);
CREATE TABLE questionnaire_item (
    questionnaire_id INTEGER NOT NULL REFERENCES questionnaire(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    answer INTEGER NOT NULL,
    PRIMARY KEY (questionnaire_id, key)
);
CREATE TABLE other_substance (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    at INTEGER NOT NULL,
    substance TEXT NOT NULL,
    amount TEXT,
    note TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX other_substance_at ON other_substance(at);
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
);
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
);
CREATE TABLE announced_signal (
    signal_id TEXT PRIMARY KEY,
    announced_at INTEGER NOT NULL
);
"""

M003_PRODUCTS = """
CREATE TABLE batch (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    strain_id INTEGER NOT NULL REFERENCES strain(id),
    code TEXT NOT NULL,
    code_key TEXT NOT NULL,
    bought_on TEXT,
    vendor TEXT,
    mitragynine_pct REAL CHECK (mitragynine_pct IS NULL OR (mitragynine_pct > 0 AND mitragynine_pct <= 100)),
    seven_oh_mg_per_g REAL CHECK (seven_oh_mg_per_g IS NULL OR seven_oh_mg_per_g >= 0),
    seven_oh_mg_per_unit REAL CHECK (seven_oh_mg_per_unit IS NULL OR seven_oh_mg_per_unit >= 0),
    in_use INTEGER NOT NULL DEFAULT 0,
    note TEXT,
    created_at INTEGER NOT NULL,
    UNIQUE (strain_id, code_key)
);
CREATE TABLE certificate (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    batch_id INTEGER NOT NULL REFERENCES batch(id),
    lab TEXT NOT NULL,
    tested_on TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT 'independent',
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
    created_at INTEGER NOT NULL
);
CREATE INDEX certificate_batch ON certificate(batch_id);
CREATE TABLE purchase (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    at INTEGER NOT NULL,
    strain_id INTEGER NOT NULL REFERENCES strain(id),
    batch_id INTEGER REFERENCES batch(id),
    amount REAL NOT NULL CHECK (amount > 0),
    unit TEXT NOT NULL,
    grams REAL NOT NULL CHECK (grams > 0),
    price REAL CHECK (price IS NULL OR price >= 0),
    currency TEXT,
    vendor TEXT,
    note TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX purchase_at ON purchase(at);
ALTER TABLE dose ADD COLUMN batch_id INTEGER REFERENCES batch(id);
"""

MIGRATIONS: list[tuple[str, str]] = [
    ("m001_foundation", M001_FOUNDATION),
    ("m002_instruments_signals_taper", M002_INSTRUMENTS_SIGNALS_TAPER),
    ("m003_products", M003_PRODUCTS),
]

LATEST = len(MIGRATIONS)
