"""Reading entries back: the merged, newest-first list with short ids, one entry by id, and the
numbers behind `status`."""

from __future__ import annotations

import sqlite3
from kratomlog.core.records import NamedTuple
from datetime import date

from kratomlog.core.days import day_range, day_start, today
from kratomlog.core.settings import Settings
from kratomlog.store.database import SQLITE_MAX_INTEGER
from kratomlog.store.valid_rows import KIND_TABLE, flag_of, left_out, valid

KINDS = ("dose", "stress", "no-use", "questionnaire", "other", "purchase")


class Entry(NamedTuple):
    kind: str
    id: int
    at: int | None  # None: the stored time is invalid (fields["invalid"] says so)
    fields: dict
    utc_offset: int | None = None  # minutes east of UTC where it was logged (None: not stored)
    zone: str | None = None  # that zone's name, where known


def _reasons(text: str) -> list[str]:
    return [r for r in (text or "").split(",") if r]


def _doses(conn, where: str, params: tuple, limit: int | None) -> list[Entry]:
    sql = (
        "SELECT d.id, d.at, d.amount, d.unit, d.grams, d.mitragynine_pct, d.mitragynine_mg, d.mitragynine_estimated, "
        "s.name, d.reasons, d.note, b.code, d.utc_offset, d.zone, d.seven_oh_mg FROM dose d LEFT JOIN strain s ON s.id = d.strain_id "
        "LEFT JOIN batch b ON b.id = d.batch_id "
        f"WHERE {where} ORDER BY d.at DESC, d.id DESC" + (f" LIMIT {int(limit)}" if limit else "")
    )
    out = []
    for row in conn.execute(sql, params):
        out.append(
            Entry(
                "dose",
                row[0],
                row[1],
                {
                    "amount": row[2],
                    "unit": row[3],
                    "grams": row[4],
                    "mitragynine_pct": row[5],
                    "mitragynine_mg": row[6],
                    "mitragynine_estimated": bool(row[7]),
                    "seven_oh_mg": row[14],
                    "strain": row[8],
                    "reasons": _reasons(row[9]),
                    "note": row[10],
                    "batch": row[11],
                },
                row[12],
                row[13],
            )
        )
    return out


def _ratings(conn, where: str, params: tuple, limit: int | None) -> list[Entry]:
    sql = (f"SELECT id, at, stress, craving, pain, note, utc_offset, zone FROM rating d WHERE {where} "
           "ORDER BY at DESC, id DESC" + (f" LIMIT {int(limit)}" if limit else ""))
    return [
        Entry("stress", r[0], r[1], {"stress": r[2], "craving": r[3], "pain": r[4], "note": r[5]}, r[6], r[7])
        for r in conn.execute(sql, params)
    ]


def _questionnaires(conn, where: str, params: tuple, limit: int | None) -> list[Entry]:
    sql = (
        f"SELECT id, at, instrument, total, hours_since_dose, note, version, utc_offset, zone FROM questionnaire d WHERE {where} "
        "ORDER BY at DESC, id DESC" + (f" LIMIT {int(limit)}" if limit else "")
    )
    rows = conn.execute(sql, params).fetchall()
    out = []
    for r in rows:
        items = dict(
            conn.execute(
                "SELECT key, answer FROM questionnaire_item WHERE questionnaire_id = ? ORDER BY rowid", (r[0],)
            ).fetchall()
        )
        out.append(
            Entry(
                "questionnaire",
                r[0],
                r[1],
                {"instrument": r[2], "total": r[3], "complete": r[3] is not None, "answered": len(items),
                 "version": r[6], "items": items, "hours_since_dose": r[4], "note": r[5]},
                r[7],
                r[8],
            )
        )
    return out


def _others(conn, where: str, params: tuple, limit: int | None) -> list[Entry]:
    sql = (f"SELECT id, at, substance, amount, note, utc_offset, zone FROM other_substance d WHERE {where} "
           "ORDER BY at DESC, id DESC" + (f" LIMIT {int(limit)}" if limit else ""))
    return [
        Entry("other", r[0], r[1], {"substance": r[2], "amount": r[3], "note": r[4]}, r[5], r[6])
        for r in conn.execute(sql, params)
    ]


def _no_use(conn, since: int | None, until: int | None, settings: Settings, grep: str | None = None) -> list[Entry]:
    out = []
    for entry_id, day_text, note in conn.execute(f"SELECT id, day, note FROM {valid('no_use_day')} ORDER BY day DESC"):
        at = day_start(date.fromisoformat(day_text), settings)
        if (since is None or at >= since) and (until is None or at < until) and (grep is None or _contains(note, grep)):
            out.append(Entry("no-use", entry_id, at, {"day": day_text, "note": note}))
    return out


def _purchases(conn, where: str, params: tuple, limit: int | None) -> list[Entry]:
    sql = (
        "SELECT d.id, d.at, d.amount, d.unit, d.grams, s.name, b.code, d.price, d.currency, d.vendor, d.note "
        "FROM purchase d JOIN strain s ON s.id = d.strain_id LEFT JOIN batch b ON b.id = d.batch_id "
        f"WHERE {where} ORDER BY d.at DESC, d.id DESC" + (f" LIMIT {int(limit)}" if limit else "")
    )
    keys = ("amount", "unit", "grams", "strain", "batch", "price", "currency", "vendor", "note")
    return [Entry("purchase", r[0], r[1], dict(zip(keys, r[2:]))) for r in conn.execute(sql, params)]


def _contains(text: str | None, needle: str) -> bool:
    """Whether `needle` occurs in `text`, ignoring case in every alphabet (SQLite's LIKE folds ASCII only)."""
    return text is not None and needle.casefold() in text.casefold()


_READERS = {"dose": _doses, "stress": _ratings, "questionnaire": _questionnaires, "other": _others,
            "purchase": _purchases}


def list_entries(
    conn: sqlite3.Connection,
    settings: Settings,
    *,
    since: int | None = None,
    until: int | None = None,
    kinds: tuple[str, ...] = KINDS,
    limit: int | None = 20,
    grep: str | None = None,
    strain_id: int | None = None,
    reason: str | None = None,
) -> list[Entry]:
    """Entries newest first; `until` is exclusive. `grep` keeps entries whose note contains it
    (ignoring case); `strain_id` and `reason` keep doses of that strain / with that reason."""
    if limit:
        limit = min(int(limit), SQLITE_MAX_INTEGER)  # `-n 99999999999999999999` means all of them
    clauses, params = [], []
    if since is not None:
        clauses.append("d.at >= ?")
        params.append(since)
    if until is not None:
        clauses.append("d.at < ?")
        params.append(until)
    if grep is not None:
        conn.create_function("kl_contains", 2, lambda text, needle: int(_contains(text, needle)), deterministic=True)
        clauses.append("kl_contains(d.note, ?)")
        params.append(grep)
    dose_clauses, dose_params = list(clauses), list(params)
    if strain_id is not None:
        dose_clauses.append("d.strain_id = ?")
        dose_params.append(strain_id)
    if reason is not None:
        dose_clauses.append("(',' || d.reasons || ',') LIKE ?")
        dose_params.append(f"%,{reason},%")  # reasons come from a fixed vocabulary: no LIKE wildcards
    if strain_id is not None or reason is not None:
        kinds = tuple(k for k in kinds if k == "dose")
    # Rows holding invalid values are listed, marked with what is wrong; those whose time itself is
    # invalid have no place on any day, so they come first, and only in a list without a range.
    checked = tuple(k for k in kinds if k in KIND_TABLE)
    bad = {(f.kind, f.row_id): f for f in left_out(conn, checked, window=(0, 0))}  # by the index: no time, no window
    unranged = since is None and until is None and strain_id is None and reason is None
    found: list[Entry] = []
    for kind in kinds:
        timeless = [i for (k, i), f in bad.items() if k == kind and f.timeless]
        skip = [f"d.id NOT IN ({', '.join(map(str, timeless))})"] if timeless else []
        if kind == "no-use":
            found.extend(_no_use(conn, since, until, settings, grep))
        elif kind == "dose":
            found.extend(_doses(conn, " AND ".join(dose_clauses + skip) or "1", tuple(dose_params), limit))
        else:
            found.extend(_READERS[kind](conn, " AND ".join(clauses + skip) or "1", tuple(params), limit))
        if timeless and unranged:
            found.extend(e._replace(at=None) for e in _flagged_entries(conn, kind, timeless)
                         if grep is None or _contains(e.fields.get("note"), grep))
    found.sort(key=lambda e: (e.at is None, e.at or 0, e.id), reverse=True)
    found = found[:limit] if limit else found
    # The other rows holding invalid values, as cheaply as the list allows: those in its range (by the
    # index), one look-up per listed entry (a short list), or every one (a whole list).
    if since is not None or until is not None:
        bad.update(((f.kind, f.row_id), f) for f in left_out(conn, checked, window=(since or 0, until or 2**62)))
    elif limit:
        bad.update(((e.kind, e.id), flag) for e in found if e.kind in KIND_TABLE and (e.kind, e.id) not in bad
                   and (flag := flag_of(conn, e.kind, e.id)) is not None)
    else:
        bad.update(((f.kind, f.row_id), f) for f in left_out(conn, checked))
    return [e._replace(fields={**e.fields, "invalid": list(bad[(e.kind, e.id)].problems)}) if (e.kind, e.id) in bad else e
            for e in found]


def _flagged_entries(conn, kind: str, ids: list[int]) -> list[Entry]:
    """Entries by id whatever they hold (a no-use day that is not a date included)."""
    if kind == "no-use":
        marks = ", ".join("?" for _ in ids)
        rows = conn.execute(f"SELECT id, day, note FROM no_use_day WHERE id IN ({marks})", ids)
        return [Entry("no-use", i, None, {"day": day, "note": note}) for i, day, note in rows]
    return _READERS[kind](conn, f"d.id IN ({', '.join(map(str, ids))})", (), None)


def _product_entry(conn: sqlite3.Connection, kind: str, entry_id: int) -> Entry | None:
    if kind == "batch":
        row = conn.execute("SELECT b.id, b.created_at, s.name, b.code, b.note FROM batch b "
                           "JOIN strain s ON s.id = b.strain_id WHERE b.id = ?", (entry_id,)).fetchone()
        keys = ("strain", "code", "note")
    else:
        row = conn.execute("SELECT c.id, c.created_at, s.name, b.code, c.lab, c.tested_on, c.source, c.note "
                           "FROM certificate c JOIN batch b ON b.id = c.batch_id JOIN strain s ON s.id = b.strain_id "
                           "WHERE c.id = ?", (entry_id,)).fetchone()
        keys = ("strain", "code", "lab", "tested_on", "source", "note")
    return None if row is None else Entry(kind, row[0], row[1], dict(zip(keys, row[2:])))


def get_entry(conn: sqlite3.Connection, settings: Settings, kind: str, entry_id: int) -> Entry | None:
    if kind in ("batch", "certificate"):
        return _product_entry(conn, kind, entry_id)
    if kind == "no-use":
        row = conn.execute("SELECT id, day, note FROM no_use_day WHERE id = ?", (entry_id,)).fetchone()
        if row is None:
            return None
        flag = flag_of(conn, kind, entry_id)
        if flag is not None:
            return Entry("no-use", row[0], None, {"day": row[1], "note": row[2], "invalid": list(flag.problems)})
        return Entry("no-use", row[0], day_start(date.fromisoformat(row[1]), settings), {"day": row[1], "note": row[2]})
    found = _READERS[kind](conn, "d.id = ?", (entry_id,), 1)
    if not found:
        return None
    flag = flag_of(conn, kind, entry_id)  # an entry holding invalid values says so, as in the list
    if flag is None:
        return found[0]
    return found[0]._replace(at=None if flag.timeless else found[0].at,
                             fields={**found[0].fields, "invalid": list(flag.problems)})


class Status(NamedTuple):
    last_dose_at: int | None
    last_strain: str | None
    today_g: float
    today_doses: int
    last_stress: int | None
    last_craving: int | None
    last_rating_at: int | None


def status(conn: sqlite3.Connection, now: int, settings: Settings) -> Status:
    # A dose stored more than the 5 minutes ahead the command line allows (a wrong clock, an import,
    # an older version) is the one to report: status then says it is in the future.
    last = conn.execute(
        f"SELECT d.at, s.name FROM {valid('dose')} d LEFT JOIN strain s ON s.id = d.strain_id "
        "WHERE d.at > ? ORDER BY d.at DESC, d.id DESC LIMIT 1",
        (now + 300,),
    ).fetchone() or conn.execute(
        f"SELECT d.at, s.name FROM {valid('dose')} d LEFT JOIN strain s ON s.id = d.strain_id "
        "WHERE d.at <= ? ORDER BY d.at DESC, d.id DESC LIMIT 1",
        (now,),
    ).fetchone()
    start, end = day_range(today(now, settings), settings)
    grams, count = conn.execute(
        f"SELECT coalesce(sum(grams), 0), count(*) FROM {valid('dose')} WHERE at >= ? AND at < ?", (start, end)
    ).fetchone()
    rating = conn.execute(f"SELECT stress, craving, at FROM {valid('rating')} ORDER BY at DESC, id DESC LIMIT 1").fetchone()
    return Status(
        last[0] if last else None,
        last[1] if last else None,
        round(grams, 2),
        count,
        rating[0] if rating else None,
        rating[1] if rating else None,
        rating[2] if rating else None,
    )


def first_entry_at(conn: sqlite3.Connection) -> int | None:
    """The earliest instant of any entry (doses, ratings, questionnaires, other substances)."""
    row = conn.execute(
        f"SELECT min(m) FROM (SELECT min(at) AS m FROM {valid('dose')} UNION ALL SELECT min(at) FROM {valid('rating')} "
        f"UNION ALL SELECT min(at) FROM {valid('questionnaire')} UNION ALL SELECT min(at) FROM {valid('other_substance')})"
    ).fetchone()
    return row[0] if row else None


class DaySummary(NamedTuple):
    day: date
    doses: int
    grams: float
    mitragynine_mg: float | None  # the sum over doses with an estimate; None when none has one
    mg_estimated: bool  # some of it is the leaf-default estimate, not a label value
    entries: list


def day_summary(conn: sqlite3.Connection, day: date, settings: Settings) -> DaySummary:
    """A local day's entries (newest first) and its dose totals, for `today`."""
    start, end = day_range(day, settings)
    count, grams, mg, estimated = conn.execute(
        "SELECT count(*), coalesce(sum(grams), 0.0), sum(mitragynine_mg), max(mitragynine_estimated) "
        f"FROM {valid('dose')} WHERE at >= ? AND at < ?",
        (start, end),
    ).fetchone()
    entries = list_entries(conn, settings, since=start, until=end, limit=None)
    return DaySummary(day, count, grams, mg, bool(estimated), entries)
