"""The interactive questionnaire as a pure state machine: the CLI shows `prompt()`, reads a line and
passes it to `answer()`, until `done`. No I/O here (Ctrl-C belongs to the CLI)."""

from __future__ import annotations

from kratomlog.core.instruments import Instrument, accepted, parse_value, scale_text, validate_answers

BACK = ("b", "back")


class Asker:
    """Asks every item of one instrument in order; an answer is required, `b`/`back` steps back."""

    def __init__(self, instrument: Instrument) -> None:
        self.instrument = instrument
        self.index = 0
        self.answers: dict[str, int] = {}
        self.done = False

    @property
    def intro(self) -> str:
        """A line to show once before the first prompt: the title and how to answer."""
        return f"{self.instrument.title}. {self.instrument.instructions} Type b to go back."

    def prompt(self) -> str:
        """`3/16 perspiring — 0 not at all, 1 a little, … 4 extremely: `"""
        if self.done:
            raise RuntimeError("every item is answered; nothing left to ask")
        item = self.instrument.items[self.index]
        return f"{self.index + 1}/{len(self.instrument.items)} {item.text} — {scale_text(self.instrument)}: "

    def answer(self, text: str) -> str | None:
        """Take one typed line. Returns a line to show (the same item is asked again), or None."""
        if self.done:
            raise RuntimeError("every item is answered; nothing left to ask")
        word = text.strip().lower()
        if not word:
            return f"An answer is needed: {self._accepts()}."
        if word in BACK:
            if self.index == 0:
                return "This is the first item; there is nothing to go back to."
            self.index -= 1
            self.answers.pop(self.instrument.items[self.index].key, None)
            return None
        value = parse_value(self.instrument, word)
        if value is None:
            return f"{text.strip()!r} is not an answer here: {self._accepts()}."
        self.answers[self.instrument.items[self.index].key] = value
        self.index += 1
        if self.index == len(self.instrument.items):
            self.answers = validate_answers(self.instrument, self.answers)
            self.done = True
        return None

    def _accepts(self) -> str:
        return f"type {accepted(self.instrument)}, or b to go back"
