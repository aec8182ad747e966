"""Timeline Followback (Sobell & Sobell 1992): one row per calendar day of a period, and the summary
variables clinicians and researchers use (EVIDENCE §7).

A day is `use` when it has a dose, `no-use` when it was recorded as a deliberate no-use day, and
`not-logged` otherwise — a day with no record of use either way is asked about, never assumed to be
a non-use day. Days follow `day_starts_at`. Plain values in, plain values out.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Iterable

from kratomlog.core.records import NamedTuple

from kratomlog.core.clock import to_local_naive
from kratomlog.core.days import local_day
from kratomlog.core.settings import Settings
from kratomlog.core.spreadsheet import neutralise

DEFAULT_DAYS = 90
MAX_DAYS = 731  # the method covers 7 days to 24 months (EVIDENCE §7)
STATUSES = ("use", "no-use", "not-logged")
CSV_COLUMNS = ("date", "status", "doses", "grams", "mitragynine_mg", "mitragynine_estimated", "first_dose", "reasons")
SUMMARY_KEYS = (
    "first_day",
    "last_day",
    "days",
    "use_days",
    "percent_days_used",
    "mean_grams_per_use_day",
    "max_grams_per_use_day",
    "total_grams",
    "longest_use_run",
    "longest_no_use_run",
    "no_use_days",
    "not_logged_days",
)


class TlfbDose(NamedTuple):
    at: int
    grams: float
    mitragynine_mg: float | None
    estimated: bool
    reasons: tuple[str, ...]


class TlfbDay(NamedTuple):
    day: date
    status: str
    doses: int
    grams: float
    mitragynine_mg: float | None  # None when no dose of the day has an estimate
    mitragynine_estimated: bool  # any of the day's figure rests on the leaf default
    first_dose: str | None  # local HH:MM
    reasons: tuple[str, ...]


def calendar(
    first: date, last: date, doses: Iterable[TlfbDose], no_use_days: Iterable[date], settings: Settings
) -> list[TlfbDay]:
    """Every day first..last inclusive, oldest first."""
    by_day: dict[date, list[TlfbDose]] = {}
    for dose in doses:
        by_day.setdefault(local_day(dose.at, settings), []).append(dose)
    no_use = set(no_use_days)
    days = []
    day = first
    while day <= last:
        logged = sorted(by_day.get(day, []))
        if logged:
            with_mg = [d.mitragynine_mg for d in logged if d.mitragynine_mg is not None]
            reasons = tuple(dict.fromkeys(r for d in logged for r in d.reasons))
            days.append(
                TlfbDay(
                    day,
                    "use",
                    len(logged),
                    sum(d.grams for d in logged),
                    sum(with_mg) if with_mg else None,
                    any(d.estimated for d in logged if d.mitragynine_mg is not None),
                    to_local_naive(logged[0].at).strftime("%H:%M"),
                    reasons,
                )
            )
        else:
            days.append(TlfbDay(day, "no-use" if day in no_use else "not-logged", 0, 0.0, None, False, None, ()))
        day += timedelta(days=1)
    return days


def _longest_run(days: list[TlfbDay], status: str) -> int:
    best = run = 0
    for day in days:
        run = run + 1 if day.status == status else 0
        best = max(best, run)
    return best


def summary(days: list[TlfbDay]) -> dict:
    """The TLFB summary variables; not-logged days are counted apart (an interviewer asks about them)."""
    use = [d.grams for d in days if d.status == "use"]
    return {
        "first_day": days[0].day.isoformat() if days else None,
        "last_day": days[-1].day.isoformat() if days else None,
        "days": len(days),
        "use_days": len(use),
        "percent_days_used": 100 * len(use) / len(days) if days else None,
        "mean_grams_per_use_day": sum(use) / len(use) if use else None,
        "max_grams_per_use_day": max(use) if use else None,
        "total_grams": sum(use),
        "longest_use_run": _longest_run(days, "use"),
        "longest_no_use_run": _longest_run(days, "no-use"),
        "no_use_days": sum(1 for d in days if d.status == "no-use"),
        "not_logged_days": sum(1 for d in days if d.status == "not-logged"),
    }


def _number(value: float | None) -> str:
    return "" if value is None else f"{round(value, 2):g}"


def day_record(day: TlfbDay) -> dict:
    """One day as the CSV and `--json` show it (numbers to 2 decimals, reasons space-separated)."""
    return {
        "date": day.day.isoformat(),
        "status": day.status,
        "doses": day.doses,
        "grams": round(day.grams, 2),
        "mitragynine_mg": None if day.mitragynine_mg is None else round(day.mitragynine_mg, 2),
        "mitragynine_estimated": day.mitragynine_estimated,
        "first_dose": day.first_dose,
        "reasons": list(day.reasons),
    }


def summary_record(values: dict) -> dict:
    return {key: round(value, 2) if isinstance(value, float) else value for key, value in values.items()}


def build_csv(days: list[TlfbDay]) -> str:
    """RFC 4180 with CRLF, one row per day. The one text cell (reasons) is formula-safe as in the
    other CSV export, even if the database was edited by hand."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for day in days:
        record = day_record(day)
        writer.writerow(
            [
                record["date"],
                record["status"],
                record["doses"],
                _number(day.grams),
                _number(day.mitragynine_mg),
                "true" if day.mitragynine_estimated else "false",
                day.first_dose or "",
                neutralise(" ".join(day.reasons)),
            ]
        )
    return buffer.getvalue()


def build_summary_csv(values: dict) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(("measure", "value"))
    for key in SUMMARY_KEYS:
        value = values[key]
        writer.writerow((key, _number(value) if isinstance(value, float) else ("" if value is None else value)))
    return buffer.getvalue()
