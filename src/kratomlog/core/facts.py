"""The text of `kratomlog info`: what each warning signal means (generated from the rule registry so
it cannot drift), and the dosing and harm-reduction facts of EVIDENCE.md §4–5, each with its source."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from kratomlog.core.signals import RULES, Rule
from kratomlog.core.taper import GUIDANCE
from kratomlog.core.texts import HELP_LINES, LIVER_LINES, NOT_ADVICE, SOWS_CAVEAT


@dataclass(frozen=True)
class Section:
    title: str
    lines: tuple[str, ...]


def signal_lines(rules: Sequence[Rule] = RULES) -> tuple[str, ...]:
    """One line per rule: title, id, level, basis, meaning and source."""
    intro = ("Each signal says whether it rests on evidence, a heuristic (a rule of thumb) or evidence "
             "extrapolated from a neighbouring field such as opioid guidance.")
    return (intro,) + tuple(
        f"{r.title} ({r.id}; {r.level}; {r.basis}): {r.meaning} Source: {r.source}." for r in rules
    )


SECTIONS: tuple[Section, ...] = (
    Section("Warning signals", signal_lines()),
    Section("Dosing", (
        "The most common dose is 1–3 g of leaf (49%), and daily use is the most common pattern (59%) "
        "(Garcia-Romeu et al. 2020, n=2,798).",
        "Usual frequency is 2–3 times a day, often within an hour of waking (Smith et al. 2024).",
        "Adverse effects clustered at 5 g or more per dose and 22 or more doses a week (Grundmann 2017, n=8,049).",
        "More than 3 servings a day went with dependence and withdrawal (Singh et al. 2014, 2019); frequency "
        "matters more than amount (Rogers et al. 2024).",
        "Leaf holds about 1.3–2.0% mitragynine by weight (Tanna et al. 2022: 19.5 mg/g = 1.95%; Huestis et al. "
        "2024: about 1.33%); kratomlog "
        "assumes 1.5% when a product has no label value and marks that as an estimate.",
        "Extract labels claim 45–65% mitragynine: vendor claims, not assays.",
        "Half-life of mitragynine: 23 ± 16 h (Trakulsrichai 2015); median 45 h after 2 g of tea (Tanna 2022).",
    )),
    Section("Contamination", (
        "A Salmonella outbreak linked to kratom in 2017–18 made 199 people ill in 41 states; 38% were "
        "hospitalised (CDC).",
        "The FDA found lead and/or nickel in 30 tested kratom products (2018–19).",
        "Recording vendor, batch and whether a product was lab-tested helps you trace a bad batch.",
    )),
    Section("7-OH products", (
        "Concentrated 7-hydroxymitragynine (7-OH) products held 22–75 mg/g 7-OH, unlike leaf "
        "(Brown et al. 2025, J AOAC Int).",
        "The FDA sent warning letters about 7-OH products on 15 July 2025 and recommended DEA scheduling of "
        "7-OH on 29 July 2025; leaf was not targeted.",
        "Oklahoma's Kratom Consumer Protection Act caps 7-OH at 2% of the alkaloid fraction.",
    )),
    Section("Interactions", (
        "2 g of kratom tea raised exposure to midazolam (a CYP3A4 drug) 1.39-fold (Tanna et al. 2023), so "
        "kratom may change how some medicines act.",
        "Of 27,338 overdose deaths in 27 states (2016–17), 152 were kratom-positive, 7 with kratom alone "
        "(Olsen et al., MMWR 2019).",
        "The added risk of combining kratom with alcohol, benzodiazepines or other depressants is extrapolated "
        "from opioid guidance, not measured for kratom.",
    )),
    Section("Tapering", GUIDANCE),
    Section("Withdrawal", (
        "Reported kratom withdrawal symptoms include muscle aches and spasms, trouble sleeping, watery eyes "
        "and nose, hot flashes, low appetite, restlessness, anxiety, irritability and craving "
        "(Singh et al. 2014; Smith et al. 2022).",
        "When withdrawal starts and how long it lasts is not established in peer-reviewed sources; consumer "
        "pages say onset 6–24 h and an acute phase of 5–10 days, which is low-quality evidence.",
        SOWS_CAVEAT,
    )),
    Section("Liver", LIVER_LINES),
    Section("Legal status", (
        "Legal status differs by place and changes over time; kratomlog does not state the law where "
        "you live.",
        "Dated note, written in 2025 (after the FDA's July 2025 actions on 7-OH and Oklahoma's 7-OH cap): "
        "rules on kratom and 7-OH products may have changed since; check local law.",
    )),
    Section("About this information", (
        NOT_ADVICE,
        "kratomlog informs and does not diagnose; talking with a clinician can help with decisions about use.",
        *HELP_LINES,
    )),
)
