"""Each warning signal of `core.signals.RULES` in plain words, for a client who keeps a paper log
(the handout) and for the guided demo tour. Keyed by the registry's ids; a test fails when a rule
has no plain words here, or when words are left for a rule that is gone, so the two cannot drift.
The numbers are the rule's own limits (`{name}` placeholders), never written here.

Calm and non-judgemental: each line says what to notice, not what to feel about it.
"""

from __future__ import annotations

from typing import Sequence

from kratomlog.core.signals import BY_ID, Rule

PLAIN_WORDS: dict[str, str] = {
    "frequency": "More than {above:g} doses a day, on average over {days} days.",
    "high-dose": "A single dose of {leaf_grams:g} g of leaf or more (or a strong product), or {doses} or more doses "
                 "in {days} days.",
    "daily-run": "Using every day for {days} days or more in a row.",
    "escalation": "Using {rise_pct:g}% more a day than you did a month ago.",
    "withdrawal": "Withdrawal feelings adding up to {total} or more on the checklist, or {rise} more than last time.",
    "relief-use": "Taking kratom to ease withdrawal, {doses:word} times or more in {days} days.",
    "dsm-screen": "Several yes answers on a self-check about how kratom fits in your life.",
    "concentrate": "Using an extract, a 7-OH product, or anything labelled above {above_pct:g}% mitragynine.",
    "contaminant": "A batch whose lab certificate shows too much lead or other metals, germs, or 7-OH.",
    "combination": "Alcohol, opioids, benzodiazepines, gabapentin or sleep aids within {hours:g} hours of kratom.",
    "after-break": "Going back to your usual amount straight after a break of {gap} days or more.",
    "shortening-gaps": "The time between doses on the same day getting shorter.",
    "earlier-first-dose": "The first dose of the day creeping earlier.",
}


def plain_words(rule_id: str, rules: Sequence[Rule] | None = None) -> str:
    """The rule's plain words with its own numbers (from `rules`, default the registry)."""
    rule = BY_ID[rule_id] if rules is None else next(r for r in rules if r.id == rule_id)
    return rule.explain(PLAIN_WORDS[rule_id])
