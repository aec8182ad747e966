"""Every rule's thresholds and windows are data in its registry entry (`Rule.limits`): a copy of the
registry with a changed limit changes the check, its message, its meaning and what it reads; no
check writes a number of its own; every declared limit is used; a new rule is one function and one
entry."""

from __future__ import annotations

import ast
import inspect
import string
import textwrap
from datetime import date, datetime, time, timedelta

import pytest

from kratomlog.core import signals
from kratomlog.core.clock import from_local
from kratomlog.core.entries import Dose, Questionnaire
from kratomlog.core.facts import signal_lines
from kratomlog.core.settings import Settings
from kratomlog.core.signals import BY_ID, RULES, Limits, Reads, Rule, SignalInput, evaluate, reads_needed

TODAY = date(2026, 6, 15)


def at(days_ago: int, hh: int = 9) -> int:
    return from_local(datetime.combine(TODAY - timedelta(days=days_ago), time(hh, 0)))


NOW = at(0, 12)


def make(doses=(), questionnaires=()) -> SignalInput:
    doses = tuple(sorted(doses, key=lambda d: d.at))
    return SignalInput(now=NOW, settings=Settings(), doses=doses, questionnaires=tuple(questionnaires), others=(),
                       no_use_days=(), first_entry_at=doses[0].at if doses else None)


def daily(n_days: int, per_day: int, grams: float = 2.0, start_ago: int = 1) -> list[Dose]:
    return [Dose(at=at(start_ago + k, 8 + 2 * i), grams=grams, form="powder")
            for k in range(n_days) for i in range(per_day)]


def one(rule: Rule, data: SignalInput):
    (result,) = evaluate(data, [rule])
    return result


def test_a_lower_frequency_threshold_moves_the_check_the_message_and_the_meaning():
    data = make(daily(7, 2) + daily(4, 1, start_ago=1))  # 18 doses in 7 days: 2.6 a day
    rule = BY_ID["frequency"]
    assert one(rule, data).status == "clear"
    changed = rule.with_limits(above=2.0)
    r = one(changed, data)
    assert r.status == "active" and r.threshold == 2.0
    assert r.message == "You averaged 2.6 doses a day over the last 7 finished days (above 2)."
    assert changed.meaning.startswith("More than 2 doses a day on average over the last 7 finished days.")
    assert BY_ID["frequency"].limits.above == 3.0 and rule.meaning.startswith("More than 3 doses")  # a copy


def test_a_changed_window_moves_the_check_its_message_and_what_the_store_reads():
    rule = BY_ID["daily-run"].with_limits(days=10)
    assert rule.reads.doses == 10 and reads_needed([rule]).doses == 10
    r = one(rule, make(daily(10, 1)))
    assert r.status == "active" and r.message == "You used on each of the last 10 finished days."
    assert one(BY_ID["daily-run"], make(daily(10, 1))).message == "Needs 14 finished days since your first entry; has 10."
    assert "Use on every one of the last 10 finished days" in rule.meaning and "the 10 days are a heuristic" in rule.meaning


def test_withdrawal_follows_its_total_and_its_rise():
    def sows(days_ago, total):
        return Questionnaire(at=at(days_ago), instrument="sows", total=total)

    rule = BY_ID["withdrawal"].with_limits(total=10, rise=2)
    r = one(rule, make(questionnaires=[sows(1, 11)]))
    assert r.status == "active" and r.threshold == 10
    assert r.message.endswith("totals 11 (10 or more; people who stopped kratom averaged 13.5 in one survey).")
    r = one(rule, make(questionnaires=[sows(40, 5), sows(1, 7)]))
    assert r.status == "active" and r.message.endswith("up 2 from 5 at the check before (a rise of 2 or more).")
    assert one(BY_ID["withdrawal"], make(questionnaires=[sows(40, 5), sows(1, 7)])).status == "clear"
    assert "totals 10 or more" in rule.meaning and "rose by 2 or more" in rule.meaning


def test_escalation_follows_its_percentage_and_its_windows():
    data = make(daily(7, 1, grams=5.2) + daily(7, 1, grams=4.0, start_ago=29))  # +30%
    assert one(BY_ID["escalation"], data).status == "active"
    r = one(BY_ID["escalation"].with_limits(rise_pct=50.0), data)
    assert r.status == "clear" and r.threshold == 50.0
    assert r.message.endswith("(a rise of 50% or more would trigger this).")
    # the older window moved to days 22–28: this record has no use there
    moved = BY_ID["escalation"].with_limits(older_from=22, older_to=28)
    assert one(moved, data).message.startswith("Needs use in both the last 7 finished days and finished days 22–28")
    assert moved.reads.doses == 28


def test_the_dsm_bands_and_the_source_text_follow_their_limits():
    rule = BY_ID["dsm-screen"].with_limits(moderate=3)
    r = one(rule, make(questionnaires=[Questionnaire(at=at(1), instrument="dsm5", total=3)]))
    assert r.status == "active" and r.level == "caution" and "'moderate' band is 3–5" in r.message
    line = BY_ID["concentrate"].with_limits(above_pct=2.5)
    assert line.source == "FDA 2025; Brown et al. 2025; the 2.5% line is a heuristic"
    assert one(line, make([Dose(at=at(1), grams=2, form="powder", mitragynine_pct=2.8)])).status == "active"
    assert one(BY_ID["concentrate"], make([Dose(at=at(1), grams=2, form="powder", mitragynine_pct=2.8)])).status == "clear"


def test_limits_are_read_only_and_an_unknown_limit_is_refused():
    with pytest.raises(TypeError):
        BY_ID["frequency"].limits["above"] = 1
    with pytest.raises(KeyError, match="frequency has no limit dayz"):
        BY_ID["frequency"].with_limits(dayz=3)


# ---- no number written twice ------------------------------------------------------------------------

ALLOWED = {0, 1, 100}  # none, one (a single dose/check, "− 1"), and percent


def _numbers(function) -> list:
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and type(node.value) in (int, float) and node.value not in ALLOWED]


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_no_check_writes_a_number_of_its_own(rule):
    assert _numbers(rule.check) == [], f"{rule.id}: put these numbers in its Limits"


def test_the_literal_scan_can_fail():
    def check_bad(data, rule):
        return 13 if data else 2.5

    assert _numbers(check_bad) == [13, 2.5]


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_limit_is_used_and_every_placeholder_is_a_limit(rule):
    code = inspect.getsource(rule.check) + inspect.getsource(rule.reading) if callable(rule.reading) \
        else inspect.getsource(rule.check)
    if rule.id == "after-break":
        code += inspect.getsource(signals._after_break_usually_enough)
    shown = _placeholders(rule.about) | _placeholders(rule.cited)
    assert shown <= set(rule.limits), rule.id
    for name in rule.limits:
        assert f"t.{name}" in code or name in shown, f"{rule.id}: limit {name} is declared but not used"


# ---- a new rule -------------------------------------------------------------------------------------


def check_heavy_day(data: SignalInput, rule: Rule):
    t = rule.limits
    heaviest = max((sum(d.grams for d in found) for found in data.by_day.values()), default=0.0)
    status = "active" if heaviest >= t.grams else "clear"
    return rule.result(status, f"Your heaviest day held {heaviest:g} g ({t.grams:g} g or more triggers this).",
                       heaviest, t.grams)


HEAVY_DAY = Rule("heavy-day", "Heavy day", "info", "heuristic", "a test", "A day of {grams:g} g or more in the "
                 "last {days} days.", check_heavy_day, lambda t: Reads(doses=t.days), Limits(days=90, grams=20.0))


def test_a_new_rule_is_one_function_and_one_entry():
    rules = RULES + (HEAVY_DAY,)
    results = evaluate(make(daily(3, 4, grams=6.0)), rules)
    assert [r.id for r in results] == [r.id for r in rules]
    mine = results[-1]
    assert (mine.status, mine.threshold, mine.message) == ("active", 20.0, "Your heaviest day held 24 g (20 g or more triggers this).")
    assert reads_needed(rules).doses == max(90, reads_needed().doses)
    assert signal_lines(rules)[-1] == "Heavy day (heavy-day; info; heuristic): A day of 20 g or more in the last 90 days. Source: a test."
    assert one(HEAVY_DAY.with_limits(grams=30.0), make(daily(3, 4, grams=6.0))).status == "clear"
