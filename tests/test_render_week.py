import io
import re
from datetime import date, datetime

import pytest
from rich.console import Console

from kratomlog.core.clock import from_local
from kratomlog.core.settings import Settings
from kratomlog.core.weekly import summarize_trends, summarize_week
from kratomlog.render.charts import chart_bars, chart_lines, chart_week
from kratomlog.render.week_view import change_cell, empty_message, render_week
from kratomlog.render.trends_view import render_trends

ANSI = re.compile(r"\x1b\[")
S = Settings()
DAYS = ["Mon 16", "Tue 17", "Wed 18", "Thu 19", "Fri 20", "Sat 21", "Sun 22"]


def at(y, m, d, hh, mm=0):
    return from_local(datetime(y, m, d, hh, mm))


NOW = at(2026, 11, 19, 15)
DOSES = [
    (at(2026, 11, 9, 8), 3.0, "Red Bali", 45.0),
    (at(2026, 11, 12, 9), 4.0, "Green Maeng Da", None),
    (at(2026, 11, 16, 8), 3.5, "Red Bali", 52.5),
    (at(2026, 11, 16, 14), 2.0, "Red Bali", 30.0),
    (at(2026, 11, 18, 7, 45), 5.0, "Green Maeng Da", 75.0),
    (at(2026, 11, 19, 9), 2.5, None, 37.5),
]
RATINGS = [(at(2026, 11, 16, 9), 6, 4, None), (at(2026, 11, 18, 9), 3, 2, 1), (at(2026, 11, 10, 9), 7, 5, None)]
SOWS = [(at(2026, 11, 18, 20), 14)]


def week(first_entry=date(2026, 11, 11)):
    return summarize_week(date(2026, 11, 16), NOW, S, DOSES, RATINGS, SOWS, [date(2026, 11, 17)], first_entry)


@pytest.mark.parametrize("width", [80, 120])
def test_chart_week_fits_width_and_has_no_ansi_without_colour(width):
    text = chart_week(DAYS, [3.5, 0.0, 5.0, 2.5, None, None, None], [6.0, None, 3.0, None, None, None, None],
                      width=width, color=False)
    lines = text.splitlines()
    assert 10 <= len(lines) <= 16
    assert max(len(line) for line in lines) <= width
    assert max(len(line) for line in lines) >= width - 4  # uses the width it is given
    assert not ANSI.search(text)
    assert "Mon 16" in text and "Sun 22" in text and "█" in text and "●" in text


def test_chart_week_with_colour_and_allowance_keeps_visible_width():
    text = chart_week(DAYS, [1, 2, 3, 4, 5, 6, 7], [1, 2, 3, 4, 5, 6, 7], width=80, color=True,
                      allowance=[4.0] * 7)
    assert ANSI.search(text)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert max(len(line) for line in plain.splitlines()) <= 80
    assert "allowance" in plain


@pytest.mark.parametrize("width", [80, 120])
def test_other_charts_fit_width(width):
    labels = [f"w{i}" for i in range(520)]
    texts = [
        chart_lines("many weeks", labels, {"a": [float(i % 9) for i in range(520)], "b": [None] * 520},
                    width=width, color=False),
        chart_bars("hours", [f"{h:02d}" for h in range(24)], [h % 4 for h in range(24)], width=width, color=False),
    ]
    for text in texts:
        assert not ANSI.search(text)
        assert max(len(line) for line in text.splitlines()) <= width


def test_change_cell_arrows_and_calm_colours():
    up, down, same = change_cell(5.0, 3.0), change_cell(2.0, 3.5), change_cell(3.0, 3.02)
    assert (up.plain, str(up.style)) == ("↑ +2.0", "yellow")
    assert (down.plain, str(down.style)) == ("↓ −1.5", "green")
    assert same.plain == "→ same"
    assert change_cell(None, 3.0).plain == "" and change_cell(3.0, None).plain == ""


def test_render_week_into_recorded_console():
    console = Console(record=True, width=80)
    render_week(console, week(), chart=True, signal_summary="No signals active.")
    text = console.export_text()
    assert max(len(line) for line in text.splitlines()) <= 80
    flowing = text.replace("\n", " ")  # long lines wrap at 80 columns
    assert "in progress" in text and "Thu 19 Nov (today)" in text
    assert "no-use day" in text
    assert "Comparing the 3 finished days of this week with the same days last week." in text
    assert "Same days last week" in text and "↑" in text
    # strains over the same 3 finished days as the totals; today's dose apart and labelled
    assert "Strains over the 3 finished days: Red Bali 52% (5.5 g) · Green Maeng Da 48% (5.0 g)" in flowing
    assert "Today so far (partial, not in the totals): 1 dose · 2.5 g — (no strain) 2.5 g" in flowing
    assert "No signals active." in text
    assert "07:45" in text and "14" in text


def test_render_week_days_before_first_entry_say_no_data():
    console = Console(record=True, width=80)
    render_week(console, week(first_entry=date(2026, 11, 18)), chart=False)
    lines = console.export_text().splitlines()
    mon = next(line for line in lines if line.startswith("Mon 16 Nov"))
    fri = next(line for line in lines if line.startswith("Fri 20 Nov"))
    assert "no data" in mon
    assert fri.strip() == "Fri 20 Nov"  # a day not begun is blank
    assert not any("grams per day" in line and "█" in line for line in lines)  # --no-chart


def test_render_past_week_says_last_week_and_no_colour_when_asked():
    out = io.StringIO()
    console = Console(file=out, width=100, force_terminal=True, no_color=True)
    r = summarize_week(date(2026, 11, 9), NOW, S, DOSES, RATINGS, SOWS, [], date(2026, 11, 1))
    render_week(console, r, chart=True)
    text = out.getvalue()
    assert "Last week" in text and "in progress" not in text
    assert not re.search(r"\x1b\[(3[0-9]|9[0-7]|38;)", text)  # no foreground colours at all


def test_empty_database_and_empty_week_say_so_in_one_line():
    console = Console(record=True, width=80)
    empty = summarize_week(date(2026, 11, 16), NOW, S, [], [], [], [], None)
    render_week(console, empty, chart=True)
    assert console.export_text().strip() == empty_message(empty)
    assert "Nothing logged yet" in empty_message(empty)
    quiet = summarize_week(date(2026, 11, 23), NOW, S, DOSES, [], [], [], date(2026, 11, 1))
    console = Console(record=True, width=80)
    render_week(console, quiet, chart=True)
    assert console.export_text().strip() == "Nothing logged in the week Mon 23 Nov – Sun 29 Nov 2026."


@pytest.mark.parametrize("chart", [True, False])
def test_render_trends_into_recorded_console(chart):
    report = summarize_trends(date(2026, 11, 16), 12, NOW, S, DOSES, RATINGS, SOWS, [], date(2026, 11, 9))
    console = Console(record=True, width=80)
    render_trends(console, report, chart=chart)
    text = console.export_text()
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "Last 12 weeks" in text and "16 Nov 2026 *" in text
    assert ("doses by hour of day" in text) is chart
    assert ("SOWS-16 totals" in text) is chart
    assert "Red Bali" in text


def test_render_trends_empty():
    console = Console(record=True, width=80)
    render_trends(console, summarize_trends(date(2026, 11, 16), 4, NOW, S, [], [], [], [], None), chart=True)
    assert len(console.export_text().strip().splitlines()) == 1
