"""The charts read true (issue 13, points 1–4): a known value is drawn on the row whose label matches
it within half a row, in the week chart and in every trends chart, at the smallest and largest
height; days without a value are gaps; one quantity per axis; height follows the terminal."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from rich.console import Console

from chart_reading import read_charts
from kratomlog.core.clock import from_local
from kratomlog.core.settings import Settings
from kratomlog.core.weekly import summarize_trends, summarize_week
from kratomlog.render.charts import MAX_HEIGHT, MIN_HEIGHT, axis, chart_height, chart_week, runs
from kratomlog.render.trends_view import render_trends, trend_charts
from kratomlog.render.week_view import chart_week_for, render_week

S = Settings()
DAYS = ["Mon 16", "Tue 17", "Wed 18", "Thu 19", "Fri 20", "Sat 21", "Sun 22"]
GRAMS = [13.0, 17.5, 0.0, 26.0, 2.0, 9.75, 15.5]
STRESS = [1.0, None, 8.0, None, 6.5, 3.0, None]
BAR, POINT = "█", "●"


def at(y, m, d, hh, mm=0):
    return from_local(datetime(y, m, d, hh, mm))


def assert_labels_true(scale):
    assert len(scale.rows) >= 2
    assert scale.misplaced() == [], f"labels off their rows: {scale.rows}"


def assert_drawn_at(scale, row: int, value: float):
    assert abs(scale.value(row) - value) <= abs(scale.unit) / 2 + 1e-9, (
        f"{value} drawn on row {row}, which reads {scale.value(row):.2f} (a row is {scale.unit:.2f})"
    )


def top_bar_row(chart, column: int) -> int:
    """The top of the bar around `column` (a line drawn across a bar may hide one of its cells)."""
    return max(row for c in range(column - 2, column + 3) for row in chart.marks_in_column(c, BAR))


@pytest.mark.parametrize("height", [MIN_HEIGHT, 20, MAX_HEIGHT])
def test_week_chart_bars_and_stress_sit_on_the_rows_their_labels_name(height):
    text = chart_week(DAYS, GRAMS, STRESS, width=80, color=False, height=height)
    (chart,) = read_charts(text)
    assert len(chart.plot) == height - 4
    assert_labels_true(chart.left)
    assert_labels_true(chart.right)
    assert chart.right.rows[max(chart.right.rows)] == 10  # the stress scale's top is a label
    for day, grams in zip(DAYS, GRAMS):
        column = chart.column_of_label(day)
        if grams:
            assert_drawn_at(chart.left, top_bar_row(chart, column), grams)
        else:
            assert chart.marks_in_column(column, BAR) == []  # an empty day has no bar at all
    (row,) = chart.marks_in_column(chart.column_of_label("Wed 18"), POINT)  # a lone rating
    assert_drawn_at(chart.right, row, 8.0)


def test_the_reported_cases_read_true():
    """SOWS 26 was drawn on the row labelled 32; the week's labels 23.6/17.7/11.8/5.9 sat on rows
    worth 23.6/18.4/10.5/5.2."""
    from kratomlog.render.charts import chart_lines

    sows = [None] * 10 + [26.0] + [None] * 10
    (chart,) = read_charts(chart_lines("SOWS", [str(i) for i in range(21)], {"SOWS": sows}, width=80,
                                       color=False, scale=64))
    assert_labels_true(chart.left)
    ((row, _column),) = chart.marks(POINT)
    assert_drawn_at(chart.left, row, 26.0)
    assert max(chart.left.rows.values()) == 64
    (chart,) = read_charts(chart_week(DAYS, [20.5, 3, 8, 0, 0, 0, 0], [None] * 7, width=80, color=False))
    assert_labels_true(chart.left)
    assert_drawn_at(chart.left, top_bar_row(chart, chart.column_of_label("Mon 16")), 20.5)


def test_axis_ticks_fall_on_whole_rows_for_many_tops_and_heights():
    for rows in range(6, MAX_HEIGHT - 3):
        for top in (0.3, 1, 2.6, 7.7, 10, 13.5, 20.1, 26, 64, 131.5, 1540):
            for kw in ({}, {"fixed": True}, {"whole": True}):
                if kw.get("whole") and top < 1 or kw.get("fixed") and top not in (10, 64):
                    continue
                found = axis(top, rows, **kw)
                unit = found.high / (rows - 1)
                assert found.high >= top
                for tick in found.ticks:
                    assert abs(tick / unit - round(tick / unit)) < 1e-6, (top, rows, kw, found)
                assert 2 <= len(found.ticks) <= 6
                if kw.get("fixed"):
                    assert found.ticks[-1] == top
                if kw.get("whole"):
                    assert all(t == int(t) for t in found.ticks)


# --- trends: every chart ---------------------------------------------------------------------

NOW = at(2026, 11, 23, 10)  # Monday: the week in progress has no finished day yet


def trends_report():
    doses = []
    for d in range(16, 23):  # 16–22 Nov: 4 doses a day, 13 g a day, at 08:xx, 12:00, 16:00, 20:00
        for hour, grams in ((8, 4.0), (12, 3.0), (16, 3.0), (20, 3.0)):
            doses.append((at(2026, 11, d, hour, 15), grams, "Red Bali", None))
    ratings = [(at(2026, 11, 17, 9), 6, 3, None), (at(2026, 11, 19, 9), 7, 4, None)]
    sows = [(at(2026, 11, 18, 20), 26)]
    return summarize_trends(date(2026, 11, 23), 3, NOW, S, doses, ratings, sows, [], date(2026, 11, 16))


@pytest.mark.parametrize("height", [MIN_HEIGHT, MAX_HEIGHT])
def test_every_trends_chart_draws_its_known_value_on_the_matching_row(height):
    report = trends_report()
    texts = trend_charts(report, width=80, color=False, height=height)
    charts = [read_charts(t)[0] for t in texts]
    titles = [c.title for c in charts]
    assert [t.split(":")[0].split(" (")[0] for t in titles] == [
        "grams per day, weekly mean", "doses per day, weekly mean", "weekly mean rating",
        "SOWS-16 totals", "doses by hour of day",
    ]
    grams, doses, ratings, sows, hours = charts
    for chart in charts:
        assert_labels_true(chart.left)
        assert chart.right is None  # one quantity per chart
    # weeks: 09 Nov (before the first entry), 16 Nov (known), 23 Nov (no finished day: no value)
    ((row, _),) = grams.marks(POINT)
    assert_drawn_at(grams.left, row, 13.0)
    ((row, _),) = doses.marks(POINT)
    assert_drawn_at(doses.left, row, 4.0)
    assert max(doses.left.rows.values()) < 10  # doses get their own scale, not the grams'
    (stress,) = ratings.marks(POINT)
    (craving,) = ratings.marks("+")
    assert_drawn_at(ratings.left, stress[0], 6.5)
    assert_drawn_at(ratings.left, craving[0], 3.5)
    ((row, _),) = sows.marks(POINT)
    assert_drawn_at(sows.left, row, 26.0)
    assert_drawn_at(hours.left, top_bar_row(hours, hours.column_of_label("08")), 7)
    assert hours.marks_in_column(hours.column_of_label("11"), BAR) == []


# --- gaps ----------------------------------------------------------------------------------------


def test_days_without_a_rating_are_gaps_not_interpolated_points():
    (chart,) = read_charts(chart_week(DAYS, [0.0] * 7, STRESS, width=80, color=False))
    mon, wed = chart.column_of_label("Mon 16"), chart.column_of_label("Wed 18")
    fri, sat = chart.column_of_label("Fri 20"), chart.column_of_label("Sat 21")
    points = chart.marks(POINT)
    assert not [c for _, c in points if mon < c < wed]  # Tue has no rating: nothing drawn across it
    assert [c for _, c in points if fri < c < sat]  # Fri and Sat both have one: joined
    assert not [c for _, c in points if c > sat]  # nothing after the last rating


def test_runs_split_series_at_missing_values():
    assert runs([1, None, 3, 4, None, None, 7]) == [([1], [1.0]), ([3, 4], [3.0, 4.0]), ([7], [7.0])]
    assert runs([None, None]) == []


def test_week_screen_stress_line_skips_an_unrated_day():
    doses = [(at(2026, 11, d, 9), 3.0, "Red Bali", None) for d in range(16, 23)]
    ratings = [(at(2026, 11, 16, 9), 6, None, None), (at(2026, 11, 18, 9), 6, None, None)]
    report = summarize_week(date(2026, 11, 16), at(2026, 11, 25, 12), S, doses, ratings, [], [], date(2026, 11, 16))
    (chart,) = read_charts(chart_week_for(report, width=80, color=False))
    mon, wed = chart.column_of_label("Mon 16"), chart.column_of_label("Wed 18")
    assert not [c for _, c in chart.marks(POINT) if mon < c < wed]


# --- one scale per quantity; height ------------------------------------------------------------


def test_trends_screen_has_separate_grams_and_doses_charts_with_units():
    console = Console(record=True, width=80)
    render_trends(console, trends_report(), chart=True)
    text = console.export_text()
    assert "grams per day, weekly mean (g)" in text and "doses per day, weekly mean" in text
    assert "weekly mean per day: ● grams · + doses" not in text


def test_chart_height_grows_with_the_terminal_within_reason():
    assert chart_height(None) == MIN_HEIGHT == chart_height(24) == 14
    assert chart_height(40) == 24 and chart_height(50) == MAX_HEIGHT == chart_height(200) == 30


@pytest.mark.parametrize("rows,expected", [(24, MIN_HEIGHT), (50, MAX_HEIGHT)])
def test_week_screen_chart_follows_the_console_height(rows, expected):
    import io

    report = summarize_week(date(2026, 11, 16), at(2026, 11, 25, 12), S,
                            [(at(2026, 11, 16, 9), 3.0, "Red Bali", None)], [], [], [], date(2026, 11, 16))
    console = Console(file=io.StringIO(), width=80, height=rows, force_terminal=True, no_color=True,
                      color_system=None)
    render_week(console, report, chart=True)
    (chart,) = read_charts(console.file.getvalue())
    assert len(chart.plot) == expected - 4
