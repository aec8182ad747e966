"""Reads behind `insights`: the doses, ratings and no-use days around a window of finished days."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from kratomlog.core import days
from kratomlog.core.insights import Insight, InsightInput, compute_insights
from kratomlog.core.settings import Settings
from kratomlog.store.signal_reads import read_doses, read_no_use_days, read_ratings


def insight_input(conn: sqlite3.Connection, now: int, settings: Settings, first_day: date, last_day: date) -> InsightInput:
    """Everything `compute_insights` needs for first_day..last_day inclusive.

    Doses and ratings are read with a day's margin either side: a rating just inside the window can
    sit within 2 h before a dose just outside it, and a dose on the last day pairs with a rating up
    to 4 h later.
    """
    start, end = days.days_range(first_day - timedelta(days=1), last_day + timedelta(days=1), settings)
    return InsightInput(
        now=now,
        settings=settings,
        doses=read_doses(conn, start, end),
        ratings=read_ratings(conn, start, end),
        no_use_days=tuple(n for n in read_no_use_days(conn, first_day) if first_day <= n.day <= last_day),
        first_day=first_day,
        last_day=last_day,
    )


def insights_for(conn: sqlite3.Connection, now: int, settings: Settings, first_day: date, last_day: date) -> list[Insight]:
    return compute_insights(insight_input(conn, now, settings, first_day, last_day))
