"""A line chart draws the values that stand alone (between two gaps) as one set of unjoined points
instead of one plotext signal each: the text is exactly what drawing each stretch on its own gives
(the former way, kept here as the reference), with and without colour, one or two series."""

from __future__ import annotations

from hypothesis import given, settings as hsettings, strategies as st

from kratomlog.render import charts


def _draw_each_stretch(plt, fig, values, symbol, colour, *, yside="left"):
    """The reference: one signal per stretch of neighbouring values, a lone value included."""
    for xs, ys in charts.runs(values):
        line = fig.signal(xs, ys, marker=charts._marker(plt, symbol, colour), yside=yside)
        line.lines(len(xs) > 1)
        fig.draw(line)


values = st.lists(st.one_of(st.none(), st.floats(0, 10, allow_nan=False)), min_size=1, max_size=400)


def _both(monkeypatch, draw):
    found = draw()
    monkeypatch.setattr(charts, "_draw_line", _draw_each_stretch)
    reference = draw()
    monkeypatch.undo()
    return found, reference


@hsettings(max_examples=20, deadline=None)
@given(first=values, second=values, color=st.booleans())
def test_lone_points_drawn_together_give_the_same_chart(first, second, color):
    from _pytest.monkeypatch import MonkeyPatch

    labels = [f"d{i}" for i in range(max(len(first), len(second)))]
    series = {"stress": first + [None] * (len(labels) - len(first)), "craving": second + [None] * (len(labels) - len(second))}
    with MonkeyPatch.context() as monkeypatch:
        found, reference = _both(
            monkeypatch, lambda: charts.chart_lines("rating", labels, series, width=100, color=color, scale=10)
        )
    assert found == reference


def test_sows_like_series_of_lone_points_is_unchanged(monkeypatch):
    totals = [None] * 3650
    for day in range(0, 3650, 5):  # a check-in every fifth day: every value stands alone
        totals[day] = (day * 7) % 65
    totals[100:104] = [10, 20, 30, 40]  # and one stretch that is joined
    labels = [f"{i}" for i in range(len(totals))]
    found, reference = _both(
        monkeypatch, lambda: charts.chart_lines("SOWS", labels, {"SOWS": totals}, width=100, color=False, scale=64)
    )
    assert found == reference
    week = _both(monkeypatch, lambda: charts.chart_week(
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], [1.0, None, 2.0, 3.0, None, 4.0, 5.0],
        [5.0, None, 6.0, None, 2.0, 3.0, None], width=80, color=True,
    ))
    assert week[0] == week[1]
