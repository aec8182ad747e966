"""Writing new entries: doses, stress ratings and no-use days. Each call is one transaction, and
every check that can refuse runs inside it before the first write, so a refusal writes nothing."""

from __future__ import annotations

from kratomlog.core.records import NamedTuple

import math
import sqlite3
from datetime import date

from kratomlog.core.amounts import Amount, to_grams
from kratomlog.core.clock import elapsed_words
from kratomlog.core.days import day_range, local_day, today
from kratomlog.core.invalid import Invalid
from kratomlog.core.potency import Potency, potency, seven_oh_mg
from kratomlog.core.settings import Settings
from kratomlog.core.batches import label_pct, label_seven_oh
from kratomlog.store import batches as batch_store
from kratomlog.core.import_ranges import LARGE_DOSE_GRAMS, MAX_DOSE_GRAMS
from kratomlog.store import strains as strain_store
from kratomlog.store.changes import Recorder
from kratomlog.store.database import Database
from kratomlog.store.valid_rows import valid

MAX_DOSE_WITHOUT_YES_G = LARGE_DOSE_GRAMS
MAX_DOSE_G = MAX_DOSE_GRAMS
REPEAT_WINDOW_S = 120  # the same amount and strain this close to a logged dose looks like a repeat


class DayTotal(NamedTuple):
    day: date
    is_today: bool
    grams: float
    doses: int


class LoggedDose(NamedTuple):
    id: int
    at: int
    amount: Amount
    grams: float
    strain: str
    strain_created: bool
    strain_defaulted: bool
    strain_archived: bool
    potency: Potency
    reasons: tuple[str, ...]
    day_total: DayTotal
    rating: LoggedRating | None = None  # `dose … --stress N --craving N`: logged with it, undone with it
    batch: str | None = None  # the batch code it came from
    new_batch: bool = False  # the first dose from a new batch of a strain already used
    seven_oh_mg: float | None = None  # estimated 7-OH from the product's label content


class LoggedRating(NamedTuple):
    id: int
    at: int
    stress: int
    craving: int | None
    pain: int | None


class LastDose(NamedTuple):
    """What `again` repeats: the latest dose's amount, unit, strain and reasons (never its note)."""

    id: int
    at: int
    amount: Amount
    strain: str | None
    reasons: tuple[str, ...]


def latest_dose(conn: sqlite3.Connection, now: int) -> LastDose | None:
    """The latest dose by time, up to `now`."""
    row = conn.execute(
        f"SELECT d.id, d.at, d.amount, d.unit, s.name, d.reasons FROM {valid('dose')} d LEFT JOIN strain s ON s.id = d.strain_id "
        "WHERE d.at <= ? ORDER BY d.at DESC, d.id DESC LIMIT 1",
        (now,),
    ).fetchone()
    if row is None:
        return None
    return LastDose(row[0], row[1], Amount(row[2], row[3]), row[4], tuple(r for r in (row[5] or "").split(",") if r))


def day_total(conn: sqlite3.Connection, day: date, now: int, settings: Settings) -> DayTotal:
    start, end = day_range(day, settings)
    grams, count = conn.execute(
        f"SELECT coalesce(sum(grams), 0), count(*) FROM {valid('dose')} WHERE at >= ? AND at < ?", (start, end)
    ).fetchone()
    return DayTotal(day, day == today(now, settings), grams, count)


def no_use_id(conn: sqlite3.Connection, day: date) -> int | None:
    row = conn.execute("SELECT id FROM no_use_day WHERE day = ?", (day.isoformat(),)).fetchone()
    return row[0] if row else None


def default_strain(conn: sqlite3.Connection) -> strain_store.Strain | None:
    """The strain of the latest dose by time, skipping archived strains."""
    row = conn.execute(
        "SELECT s.id FROM dose d JOIN strain s ON s.id = d.strain_id WHERE s.archived = 0 ORDER BY d.at DESC, d.id DESC LIMIT 1"
    ).fetchone()
    return strain_store.get(conn, row[0]) if row else None


def resolve_strain(recorder: Recorder, name: str | None, *, new: bool) -> tuple[strain_store.Strain, bool, bool]:
    """Find or create the dose's strain; returns (strain, created, defaulted)."""
    conn = recorder.conn
    if name is None:
        strain = default_strain(conn)
        if strain is None:
            raise Invalid('which strain? Give one the first time, e.g. kratomlog dose 3g "Red Bali"')
        return strain, False, True
    strain = strain_store.find(conn, name)
    if strain is not None:
        return strain, False, False
    strain_id = strain_store.add(recorder, {"name": name}, allow_near=new)
    return strain_store.get(conn, strain_id), True, False


def check_grams(grams: float, yes: bool) -> None:
    if not math.isfinite(grams) or grams <= 0:
        raise Invalid("the amount must be a positive number of grams")
    if grams > MAX_DOSE_G:
        raise Invalid(f"{grams:g} g in one dose is more than {MAX_DOSE_G:g} g, more than any single dose; check the amount and unit")
    if grams > MAX_DOSE_WITHOUT_YES_G and not yes:
        raise Invalid(
            f"{grams:g} g in one dose is more than {MAX_DOSE_WITHOUT_YES_G:g} g; if that is right, add --yes"
        )


def check_not_a_repeat(conn: sqlite3.Connection, *, strain_id: int, grams: float, at: int, now: int) -> None:
    """Refuse the same amount and strain within REPEAT_WINDOW_S of a logged dose (shell history, a
    double Enter); --yes logs it anyway."""
    row = conn.execute(
        "SELECT id, created_at FROM dose WHERE strain_id = ? AND abs(grams - ?) < 1e-9 AND at BETWEEN ? AND ? "
        "ORDER BY created_at DESC, id DESC LIMIT 1",
        (strain_id, grams, at - REPEAT_WINDOW_S, at + REPEAT_WINDOW_S),
    ).fetchone()
    if row is not None:
        raise Invalid(
            f"looks like a repeat of d{row[0]} logged {elapsed_words(now - row[1])} ago — "
            "add --yes if you took it again"
        )


def add_dose(
    db: Database,
    *,
    now: int,
    settings: Settings,
    amount: Amount,
    strain_name: str | None,
    at: int,
    reasons: tuple[str, ...],
    note: str | None,
    new: bool = False,
    yes: bool = False,
    rating: tuple[int, int | None] | None = None,
    batch_code: str | None = None,
) -> LoggedDose:
    """Log a dose (and, with `rating` = (stress, craving), a rating at the same time, in the same
    transaction and the same undo group)."""
    with db.write() as conn:
        recorder = Recorder(conn, now)
        strain, created, defaulted = resolve_strain(recorder, strain_name, new=new)
        batch = batch_store.require(conn, strain, batch_code) if batch_code else batch_store.in_use(conn, strain.id)
        grams = to_grams(amount, strain.capsule_grams, strain=strain.name, form=strain.form,
                         unit_name=strain.unit_name, unit_grams=strain.unit_grams)
        check_grams(grams, yes)
        if not yes:
            check_not_a_repeat(conn, strain_id=strain.id, grams=grams, at=at, now=now)
        day = local_day(at, settings)
        if no_use_id(conn, day) is not None and not yes:
            raise Invalid(f"{day.isoformat()} is recorded as a no-use day; to log a dose on it anyway, add --yes")
        estimate = potency(grams, strain.form, label_pct(batch.mitragynine_pct if batch else None,
                                                         strain.mitragynine_pct))
        new_batch = False
        if batch is not None:
            from_batch, from_others = batch_store.dose_counts(conn, strain.id, batch.id)
            new_batch = from_batch == 0 and from_others > 0
        per_g, per_unit = label_seven_oh((batch.seven_oh_mg_per_g, batch.seven_oh_mg_per_unit) if batch else None,
                                         (strain.seven_oh_mg_per_g, strain.seven_oh_mg_per_unit))
        seven_oh = seven_oh_mg(amount.value, amount.unit, grams, per_g, per_unit, strain.unit_name)
        dose_id = recorder.add(
            "dose",
            {
                "at": at,
                "amount": amount.value,
                "unit": amount.unit,
                "grams": grams,
                "strain_id": strain.id,
                "mitragynine_pct": estimate.pct,
                "mitragynine_mg": estimate.mg,
                "mitragynine_estimated": int(estimate.estimated),
                "reasons": ",".join(reasons),
                "note": note,
                "batch_id": batch.id if batch else None,
                "seven_oh_mg": seven_oh,
            },
        )
        logged_rating = None
        if rating is not None:
            stress, craving = rating
            rating_id = recorder.add("stress", {"at": at, "stress": stress, "craving": craving, "pain": None, "note": None})
            logged_rating = LoggedRating(rating_id, at, stress, craving, None)
        total = day_total(conn, day, now, settings)
    return LoggedDose(
        dose_id, at, amount, grams, strain.name, created, defaulted, strain.archived, estimate, reasons, total,
        logged_rating, batch.code if batch else None, new_batch, seven_oh,
    )


def add_rating(
    db: Database, *, now: int, at: int, stress: int, craving: int | None, pain: int | None, note: str | None
) -> LoggedRating:
    with db.write() as conn:
        rating_id = Recorder(conn, now).add(
            "stress", {"at": at, "stress": stress, "craving": craving, "pain": pain, "note": note}
        )
    return LoggedRating(rating_id, at, stress, craving, pain)


def check_no_use_day(conn: sqlite3.Connection, day: date, settings: Settings, except_id: int | None = None) -> None:
    existing = no_use_id(conn, day)
    if existing is not None and existing != except_id:
        raise Invalid(f"{day.isoformat()} is already recorded as a no-use day (n{existing})")
    start, end = day_range(day, settings)
    count = conn.execute("SELECT count(*) FROM dose WHERE at >= ? AND at < ?", (start, end)).fetchone()[0]
    if count:
        raise Invalid(
            f"{day.isoformat()} has {count} dose{'s' if count != 1 else ''} logged, so it cannot be a no-use day"
        )


def add_no_use(db: Database, *, now: int, settings: Settings, day: date, note: str | None) -> int:
    with db.write() as conn:
        check_no_use_day(conn, day, settings)
        return Recorder(conn, now).add("no-use", {"day": day.isoformat(), "note": note})
