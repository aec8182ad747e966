"""Each warning signal of `core.signals.RULES` in plain words, for a client who keeps a paper log
(the handout) and for the guided demo tour. Keyed by the registry's ids; a test fails when a rule
has no plain words here, or when words are left for a rule that is gone, so the two cannot drift.

Calm and non-judgemental: each line says what to notice, not what to feel about it.
"""

from __future__ import annotations

PLAIN_WORDS: dict[str, str] = {
    "frequency": "More than 3 doses a day, on average over a week.",
    "high-dose": "A single dose of 5 g of leaf or more (or a strong product), or 22 or more doses in a week.",
    "daily-run": "Using every day for two weeks or more in a row.",
    "escalation": "Using a quarter more a day than you did a month ago.",
    "withdrawal": "Withdrawal feelings adding up to 13 or more on the checklist, or 4 more than last time.",
    "relief-use": "Taking kratom to ease withdrawal, twice or more in a week.",
    "dsm-screen": "Several yes answers on a self-check about how kratom fits in your life.",
    "concentrate": "Using an extract, a 7-OH product, or anything labelled above 3% mitragynine.",
    "contaminant": "A batch whose lab certificate shows too much lead or other metals, germs, or 7-OH.",
    "combination": "Alcohol, opioids, benzodiazepines, gabapentin or sleep aids within 12 hours of kratom.",
    "after-break": "Going back to your usual amount straight after a break of 3 days or more.",
    "shortening-gaps": "The time between doses on the same day getting shorter.",
    "earlier-first-dose": "The first dose of the day creeping earlier.",
}


def plain_words(rule_id: str) -> str:
    return PLAIN_WORDS[rule_id]
