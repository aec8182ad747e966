"""The handout's content, gathered from the registries it must not drift from — the SOWS-16 items
and scale (core.instruments), each warning rule's title and plain words (core.signals,
core.plain_signals), the help lines (core.texts) — and written through the one file writer."""

from __future__ import annotations

from pathlib import Path

NOTE_EACH_TIME = (
    "The time you took it",
    "How much (grams, capsules or teaspoons) and which product (name and batch)",
    "Why you took it: stress, pain, energy, mood, focus, sleep, social, withdrawal, habit…",
    "Your stress from 0 (none) to 10 (the most), and your craving from 0 to 10",
    "Days you chose not to use — a blank day could mean either",
)
TOOL_LINE = (
    "If you later want this on a computer: kratomlog is a free, private command-line log that keeps "
    "everything on your own machine and shows these patterns for you."
)


def handout_page(page_size: str | None) -> str:
    from kratomlog.core import texts
    from kratomlog.core.instruments import SOWS
    from kratomlog.core.plain_signals import plain_words
    from kratomlog.core.signals import RULES
    from kratomlog.render.handout import handout_html

    return handout_html(
        note_each_time=NOTE_EACH_TIME,
        checklist_title=SOWS.title,
        checklist_items=[item.text for item in SOWS.items],
        checklist_anchors=[(anchor.value, anchor.label) for anchor in SOWS.scale],
        checklist_source=SOWS.source,
        checklist_total_max=SOWS.total_max,
        patterns=[(rule.title, plain_words(rule.id)) for rule in RULES],
        help_intro=texts.HELP_INTRO,
        help_lines=texts.HELP_LINES,
        not_a_diagnosis=texts.NOT_A_DIAGNOSIS,
        tool_line=TOOL_LINE,
        page_size=page_size,
    )


def write_page(output: str, force: bool, page: str) -> Path | None:
    """Write the page to FILE through the one writer (never a database or its files, never through
    a link, all or nothing); `-` prints it. Returns the file written, None for stdout."""
    from kratomlog.cli.edge import check_output
    from kratomlog.store.output_files import write_text

    target = check_output(output, force, example="handout.html")
    if target is None:
        import sys

        sys.stdout.write(page)
        return None
    return write_text(target, page)
