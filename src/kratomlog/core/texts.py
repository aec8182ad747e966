"""Texts shown in several places, declared once: the help lines of EVIDENCE.md §5 (wherever the tool
suggests talking to someone — a SOWS total of 13 or more, a DSM-5 screen of 4 or more, the taper's
"consider holding", active warning signals, `info`, the report and the handout), the liver-injury
warning signs, and "a screen is not a diagnosis".

Plain strings only: the fast logging path imports this module.
"""

from __future__ import annotations

NOT_A_DIAGNOSIS = "a screen is not a diagnosis"
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
