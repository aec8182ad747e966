"""Texts shown in several places, declared once: the help lines of EVIDENCE.md §5 (wherever the tool
suggests talking to someone — a high SOWS total, a DSM-5 screen in the moderate band, the taper's
"consider holding", active warning signals, `info`, the report and the handout), the liver-injury
warning signs, "a screen is not a diagnosis", the instruments' caveats and reference figures
(SOWS-16, DSM-5, PSS-10: `check`, `info`, the report, the tour; their bands are part of each
`core.instruments.Instrument`), the warning levels in their order of severity, the
basis words, and the pointer to `kratomlog signals`. `tests/test_texts.py` fails when one of these
is written out anywhere else.

Plain strings and tuples only, standard library only: the fast logging path imports this module.
"""

from __future__ import annotations

NOT_A_DIAGNOSIS = "a screen is not a diagnosis"
NOT_ADVICE = f"This is not medical advice, and {NOT_A_DIAGNOSIS}."
DEMO_BANNER = "DEMO — synthetic data in a demo database, not a real person's record"

SAMHSA_NUMBER = "1-800-662-4357"
POISON_CONTROL_NUMBER = "1-800-222-1222"
EMERGENCY_NUMBER = "911"

SAMHSA_LINE = f"SAMHSA National Helpline (US; free, confidential, 24/7): {SAMHSA_NUMBER}"
EMERGENCY_LINE = (
    f"In an emergency: call {EMERGENCY_NUMBER} (US) or US Poison Control (free, 24/7) "
    f"{POISON_CONTROL_NUMBER}; outside the US, call your local emergency number."
)
HELP_INTRO = "If you would like to talk to someone:"

# The lines to show together wherever the tool suggests talking to someone (EVIDENCE.md §5).
HELP_LINES: tuple[str, ...] = (SAMHSA_LINE, EMERGENCY_LINE)

LIVER_SIGNS = ("dark urine", "yellow skin or eyes", "itching", "belly pain or discomfort")
LIVER_LINES: tuple[str, ...] = (
    "Kratom likely causes liver injury, rarely, on low-quality human evidence (Schimmel & Dart 2020: "
    "26 case reports plus registry cases; median onset about 21 days after starting, range 2–49; "
    "LiverTox rates kratom a likely but rare cause).",
    "See a clinician if you notice warning signs of liver injury: " + ", ".join(LIVER_SIGNS) + ".",
)


def help_block(intro: str = HELP_INTRO) -> tuple[str, ...]:
    """The intro line followed by every help line, for plain-text output."""
    return (intro, *HELP_LINES)


def sentence(text: str) -> str:
    """'a screen is not a diagnosis' → 'A screen is not a diagnosis.'"""
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


# ---- the instruments' caveats and reference figures (EVIDENCE.md §1–3) ---------------------------------------

SOWS_NO_BANDS = "SOWS-16 has no published severity bands"
SOWS_REFERENCE = "395 US kratom consumers averaged 13.5 (SD 11.9) on stopping (Rogers et al. 2024)"
SOWS_CAVEAT = f"{SOWS_NO_BANDS}; {SOWS_REFERENCE}."
DSM_CAVEAT = 'In kratom users, tolerance and withdrawal alone already reach "mild" (Smith et al. 2022).'
PSS_NORMS = "men 12.1 (SD 5.9), women 13.7 (SD 6.6) (Cohen & Williamson 1988)"

# ---- warning signals: levels, basis words, where to look --------------------------------------

LEVELS_BY_SEVERITY: tuple[str, ...] = ("warning", "caution", "info")  # most severe first


def severity_rank(level: str) -> int:
    """0 for the most severe level; an unknown level sorts last."""
    return LEVELS_BY_SEVERITY.index(level) if level in LEVELS_BY_SEVERITY else len(LEVELS_BY_SEVERITY)


# What each basis of EVIDENCE.md §6 means, in a sentence.
BASIS_WORDS: dict[str, str] = {
    "evidence": "This rule rests on published evidence.",
    "heuristic": "This rule is a heuristic — a rule of thumb, not a published finding.",
    "evidence+heuristic": "This rule rests on published evidence; its exact threshold is a heuristic.",
    "extrapolated": "This rule is extrapolated: the evidence comes from a neighbouring field (opioid guidance).",
}
BASES: tuple[str, ...] = tuple(BASIS_WORDS)

SEE_SIGNALS = "see 'kratomlog signals'"


def need_more_data(count: int) -> str:
    """'1 needs more data' / '5 need more data' (signals that lack their minimum data)."""
    return f"{count} {'needs' if count == 1 else 'need'} more data"
SEE_INFO = "'kratomlog info' explains each one and its source"
