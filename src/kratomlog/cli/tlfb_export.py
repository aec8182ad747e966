"""`export --format tlfb`: the Timeline Followback calendar (one CSV row per day), its summary
(`--summary`), or both as JSON (`--json`)."""

from __future__ import annotations

import json
from datetime import timedelta

from kratomlog.cli.edge import fail


def tlfb_text(db, current: int, since: str | None, until: str | None, *, summary_only: bool, as_json: bool) -> str:
    from kratomlog.core import tlfb
    from kratomlog.core.days import today
    from kratomlog.core.when import parse_day
    from kratomlog.store.settings_store import load_settings
    from kratomlog.store.tlfb_reads import read_period

    settings = load_settings(db)
    last = parse_day(until, current, settings) if until is not None else today(current, settings) - timedelta(days=1)
    first = parse_day(since, current, settings) if since is not None else last - timedelta(days=tlfb.DEFAULT_DAYS - 1)
    if first > last:
        fail(f"--from {first.isoformat()} is after --to {last.isoformat()}; give the earlier day first")
    if (last - first).days >= tlfb.MAX_DAYS:
        fail(f"a Timeline Followback covers at most {tlfb.MAX_DAYS} days (24 months); got {(last - first).days + 1}")
    doses, no_use = read_period(db.conn, first, last, settings)
    days = tlfb.calendar(first, last, doses, no_use, settings)
    values = tlfb.summary(days)
    if as_json:
        document = {"days": [tlfb.day_record(day) for day in days], "summary": tlfb.summary_record(values)}
        return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    return tlfb.build_summary_csv(values) if summary_only else tlfb.build_csv(days)
