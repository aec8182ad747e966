"""The interactive questionnaire as a pure state machine: the CLI shows `intro` once, then
`prompt()`, reads a line and passes it to `answer()`, until `done`. No I/O here (Ctrl-C belongs to
the CLI). Compact: the anchors, and a stem every item shares ("In the last month, how often have
you"), are shown once in the intro; each prompt is then `4/16 My eyes are tearing [0–4]: `."""

from __future__ import annotations

from kratomlog.core.instruments import Instrument, accepted, parse_value, scale_text, validate_answers

BACK = ("b", "back")
MIN_STEM = 15  # a shared opening shorter than this is left in the prompts


def shared_stem(texts: list[str]) -> str:
    """The words every text starts with (e.g. "In the last month, how often have you"), or ""."""
    if len(texts) < 2:
        return ""
    words = texts[0].split(" ")
    for count in range(len(words) - 1, 0, -1):
        stem = " ".join(words[:count])
        if all(t.startswith(stem + " ") for t in texts):
            return stem if len(stem) >= MIN_STEM else ""
    return ""


class Asker:
    """Asks every item of one instrument in order; an answer is required, `b`/`back` steps back."""

    def __init__(self, instrument: Instrument) -> None:
        self.instrument = instrument
        self.index = 0
        self.answers: dict[str, int] = {}
        self.done = False
        self.stem = shared_stem([item.text for item in instrument.items])

    @property
    def intro(self) -> str:
        """What to show once before the first prompt: the title, how to answer (the anchors), and
        the stem every question shares."""
        instrument = self.instrument
        text = " ".join(filter(None, (f"{instrument.title}.", instrument.instructions, f"Answers: {scale_text(instrument)}.")))
        if self.stem:
            text += f" Each question begins \"{self.stem} …\"."
        return text + " Type b to go back."

    def prompt(self) -> str:
        """`4/16 My eyes are tearing [0–4]: `"""
        if self.done:
            raise RuntimeError("every item is answered; nothing left to ask")
        text = self.instrument.items[self.index].text
        if self.stem:
            text = "…" + text[len(self.stem) + 1 :]
        return f"{self.index + 1}/{len(self.instrument.items)} {text} [{accepted(self.instrument, short=True)}]: "

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
