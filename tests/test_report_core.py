"""core.report: the period, consent, weekly rows, signal redaction, taper adherence, products and the
charts' SVG (matplotlib, text kept as text)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kratomlog.core import report as rp
from kratomlog.core.instruments import DSM5
from kratomlog.core.invalid import Invalid
from kratomlog.core.settings import Settings
from kratomlog.core.signals import SignalResult
from kratomlog.core.taper import Change, Plan, PlanSpec, Step
from kratomlog.core.weekly import summarize_period

S = Settings()
THU = date(2026, 11, 26)


def test_default_period_is_the_last_four_finished_weeks():
    p = rp.last_weeks(THU, S)
    assert (p.first, p.last, p.days) == (date(2026, 10, 26), date(2026, 11, 22), 28)
    assert p.how == "the last 4 finished weeks"
    # on the week's last day (Sunday) the week is still in progress: it does not count
    assert rp.last_weeks(date(2026, 11, 29), S).last == date(2026, 11, 22)
    assert rp.last_weeks(date(2026, 11, 30), S).last == date(2026, 11, 29)
    assert rp.last_weeks(THU, S, 1).first == date(2026, 11, 16)
    sunday_weeks = Settings(week_starts="sunday")
    assert rp.last_weeks(THU, sunday_weeks).last == date(2026, 11, 21)


@pytest.mark.parametrize("text", ["0", "53", "-1", "4.5", "four", ""])
def test_weeks_out_of_range(text):
    with pytest.raises(Invalid, match="1 to 52"):
        rp.parse_weeks(text)


def test_chosen_dates_are_checked():
    assert rp.chosen_dates(date(2026, 11, 1), date(2026, 11, 1)).days == 1
    with pytest.raises(Invalid, match="before --from"):
        rp.chosen_dates(date(2026, 11, 2), date(2026, 11, 1))
    with pytest.raises(Invalid, match="at most 52 weeks"):
        rp.chosen_dates(date(2025, 1, 1), date(2026, 1, 1))
    assert rp.chosen_dates(date(2025, 1, 1), date(2025, 12, 30)).days == 364


def test_consent_defaults_names_and_conflicts():
    assert rp.consent([], []) == {"strains"}
    assert rp.consent(["notes,other-substances"], []) == {"strains", "notes", "other-substances"}
    assert rp.consent(["notes"], ["strains"]) == {"notes"}
    with pytest.raises(Invalid, match="--include takes notes, other-substances, strains"):
        rp.consent(["names"], [])
    with pytest.raises(Invalid, match="both included and excluded"):
        rp.consent(["notes"], ["notes"])
    inside, outside = rp.consent_lines(frozenset({"strains"}))
    assert "product (strain) names" in inside and "free-text notes" in outside and "names of other substances" in outside


def test_product_labels_hide_names_in_order():
    names = ["Red", None, "Green", "White"]
    assert rp.product_labels(names, True) == {"Red": "Red", None: "no product named", "Green": "Green", "White": "White"}
    assert rp.product_labels(names, False) == {"Red": "product A", None: "no product named", "Green": "product B", "White": "product C"}
    many = rp.product_labels([f"s{i}" for i in range(28)], False)
    assert many["s25"] == "product Z" and many["s26"] == "product AA" and many["s27"] == "product AB"


def _sig(id_, status, message="m", value=1.0, level="warning"):
    return SignalResult(id_, id_.title(), status, level, message, value, 1.0, "evidence", "src")


def test_signals_grouped_and_redacted():
    results = [
        _sig("combination", "active", "You logged alcohol 2 h from a dose on 2026-11-20 (2 times in the last 7 days); ...", 2.0),
        _sig("concentrate", "active", "You logged 1 dose ... the latest on 2026-11-20 (Red Bali Extra); concentrated ...", 1.0, "caution"),
        _sig("frequency", "clear"), _sig("daily-run", "insufficient-data"), _sig("escalation", "insufficient-data"),
    ]
    labels = {"Red Bali Extra": "product A", "Red Bali": "product B"}
    hidden = rp.group_signals(results, frozenset(), labels)
    assert [r.id for r in hidden.active] == ["combination", "concentrate"]
    assert "alcohol" not in hidden.active[0].message and "A depressant was logged within 12 h" in hidden.active[0].message
    assert "(2 times)" in hidden.active[0].message
    assert "(product A)" in hidden.active[1].message and "Red Bali" not in hidden.active[1].message
    assert hidden.clear == ["Frequency"] and hidden.need_data == 2
    shown = rp.group_signals(results, frozenset({"strains", "other-substances"}), {"Red Bali Extra": "Red Bali Extra"})
    assert "alcohol" in shown.active[0].message and "Red Bali Extra" in shown.active[1].message
    assert rp.signal_numbers(_sig("x", "active", value=4.42857)) == "value 4.4, threshold 1"


def test_dsm_criteria_answered_yes_by_name():
    taken = rp.Taken("dsm5", 0, 2, None, {k: int(k in ("tolerance", "withdrawal")) for k in DSM5.keys})
    assert taken.dsm_yes == ["tolerance", "withdrawal"] and rp.band_of(taken) == "mild"


def test_sows_point_partial_has_no_total():
    assert rp.sows_point(0, THU, 9, 16).total == 9
    assert rp.sows_point(0, THU, 9, 5).total is None
    assert rp.sows_point(0, THU, 9, 0).total == 9  # stored without items: keeps its total
    assert rp.sows_point(0, THU, None, 3).total is None and rp.sows_point(0, THU, None, 3).answered == 3


def _instant(day: date, hour: int = 9) -> int:
    from datetime import datetime, timezone

    return int(datetime(day.year, day.month, day.day, hour, tzinfo=timezone.utc).timestamp())


def _summary(doses, first=date(2026, 11, 2), last=date(2026, 11, 22), ratings=(), no_use=()):
    now = _instant(THU, 12)
    return summarize_period(first, last, now, S, doses, list(ratings), [], list(no_use), date(2026, 10, 1))


def test_week_rows_totals_and_change():
    doses = [(_instant(date(2026, 10, 28)), 2.0, "Red", 30.0)]  # the week before the period: 2 g over 7 days
    doses += [(_instant(date(2026, 11, 2) + timedelta(days=i)), 1.0, "Red", 15.0) for i in range(7)]  # 7 g
    doses += [(_instant(date(2026, 11, 16)), 3.5, "Green", None)]
    summary = _summary(doses)
    rows = rp.week_rows(summary)
    assert [(r.start, r.end, r.days) for r in rows] == [
        (date(2026, 11, 2), date(2026, 11, 8), 7), (date(2026, 11, 9), date(2026, 11, 15), 7), (date(2026, 11, 16), date(2026, 11, 22), 7)]
    assert rows[0].totals.grams == 7.0 and rows[0].totals.days_used == 7 and rows[0].mitragynine_mg == 105.0
    assert rows[0].change_pct == pytest.approx(250.0)  # 1 g/day against 2/7 g/day
    assert rows[1].totals.grams == 0 and rows[1].change_pct == pytest.approx(-100.0)
    assert rows[2].change_new and rows[2].change_pct is None and rows[2].mitragynine_mg is None
    assert summary.totals.grams == 10.5 and rp.days_with_entries(summary, []) == 8
    assert rp.days_with_entries(summary, [date(2026, 11, 9), date(2026, 11, 2), date(2026, 10, 30)]) == 9
    assert [s.name for s in summary.strains] == ["Red", "Green"]


def test_a_clipped_week_counts_its_own_days():
    summary = _summary([(_instant(date(2026, 11, 4)), 1.0, None, None)], first=date(2026, 11, 4), last=date(2026, 11, 10))
    rows = rp.week_rows(summary)
    assert [(r.start, r.end, r.days) for r in rows] == [(date(2026, 11, 4), date(2026, 11, 8), 5), (date(2026, 11, 9), date(2026, 11, 10), 2)]
    assert rows[0].totals.mean_grams_per_day == pytest.approx(0.2)


def test_today_is_not_in_the_totals():
    summary = _summary([(_instant(THU), 5.0, None, None), (_instant(date(2026, 11, 25)), 1.0, None, None)],
                       first=date(2026, 11, 23), last=THU)
    assert summary.totals.grams == 1.0 and summary.days[-1].grams == 5.0


def test_taper_adherence_over_the_period():
    spec = PlanSpec(start_day=date(2026, 11, 9), start_g=10.0, step=Step(10, True), every_days=7)
    plan = Plan(1, spec, (Change(date(2026, 11, 12), "hold", hold_days=3), Change(date(2026, 11, 24), "hold", hold_days=1)))
    doses = [(_instant(date(2026, 11, 9)), 9.0, None, None), (_instant(date(2026, 11, 10)), 12.0, None, None)]
    part = rp.taper_part([plan], _summary(doses, ratings=[(_instant(date(2026, 11, 11)), 4, None, None)],
                                          no_use=[date(2026, 11, 12)]))
    assert (part.days, part.within, part.over, part.not_logged) == (14, 3, 1, 10)  # 9 g, rated, no-use within; 12 g over
    assert part.step == 2 and part.allowance_g == 9.0 and part.state == "active"
    assert part.changes == [plan.changes[0]]  # only changes dated within the period
    assert rp.taper_part([], _summary(doses)) is None


def test_product_rows_shares():
    rows = rp.product_rows([("Red", "powder", 1, 3.0), (None, None, None, 1.0)], {"Red": "product A", None: "no product named"})
    assert [(r.label, r.form, round(r.share, 2), r.lab_tested) for r in rows] == [
        ("product A", "powder", 0.75, True), ("no product named", None, 0.25, None)]
    assert rp.product_rows([], {}) == []


def test_as_of_drops_later_entries():
    from kratomlog.core.entries import Dose, NoUseDay
    from kratomlog.core.signals import SignalInput

    cut = _instant(date(2026, 11, 23), 0)
    data = SignalInput(now=_instant(THU), settings=S,
                       doses=(Dose(at=cut - 10, grams=1.0), Dose(at=cut, grams=9.0)), questionnaires=(), others=(),
                       no_use_days=(NoUseDay(day=date(2026, 11, 22)), NoUseDay(day=date(2026, 11, 23))),
                       first_entry_at=cut - 10)
    past = rp.as_of(data, cut)
    assert past.now == cut and [d.grams for d in past.doses] == [1.0] and [n.day for n in past.no_use_days] == [date(2026, 11, 22)]


def test_charts_are_svg_with_text_titles_and_prefixed_ids():
    from kratomlog.render.report_charts import grams_chart, sows_chart

    first = date(2026, 11, 2)
    svg = grams_chart(first, [1.0, None, 2.5] + [0.0] * 25, [3.0, None, 5.0] + [None] * 25, [2.0] * 28)
    assert svg.startswith("<svg ") and svg.rstrip().endswith("</svg>")
    assert '<title id="grams-title">Grams per day with mean stress</title>' in svg and '<desc id="grams-desc">' in svg
    assert "taper allowance" in svg and "grams per day (g)" in svg and "mean stress (0–10)" in svg  # text kept as text
    assert 'id="grams-' in svg and "<?xml" not in svg and "<metadata" not in svg
    assert not any(i.startswith('"') for i in svg.split('id="')[1:] if not i.startswith(("grams-", )))
    sows = sows_chart(first, 28, [(3, 14), (10, None), (17, 9)])
    assert "SOWS-16 total (0–64)" in sows and "partial check-in (no total)" in sows
    assert "2 SOWS-16 totals" in sows and "1 partial check-ins are marked and not totalled" in sows
    ids = [chunk.split('"')[0] for chunk in sows.split(' id="')[1:]]
    assert ids and all(i.startswith("sows-") for i in ids)
