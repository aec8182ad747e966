"""The self-report instruments as data — SOWS-16, the DSM-5 self-check and PSS-10 — with their
parsing, validation, scoring and plain-language interpretation (EVIDENCE.md §1–3).

An `Instrument` is the only place a questionnaire is described: its id and the other names it is
known by, its `check` command, names for lines and table columns, items, scale, reverse items,
total range, bands, the total at which help is suggested, whether it records the time since the last
dose, and the lines that explain a total. `check`, `check history`, `list`, `edit`, export/import,
the report, the handout and storage read it from `INSTRUMENTS`. Adding a questionnaire is one
definition added to `INSTRUMENTS` (and its tests).

Deliberately absent: COWS (clinician-rated), the Kratom Dependence Scale (UNVERIFIED) and the
Leeds Dependence Questionnaire (its licence forbids modified wording).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from kratomlog.core.invalid import Invalid
from kratomlog.core.signals import BY_ID as SIGNAL_RULES
from kratomlog.core.texts import DSM_CAVEAT, HELP_LINES, NOT_A_DIAGNOSIS, PSS_NORMS, SOWS_NO_BANDS, SOWS_REFERENCE

# Where a check-in suggests help or calls a rise notable are the warning signals' own lines (one
# number, one place: the rules' limits in core/signals.py).
SOWS_NOTABLE_RISE = SIGNAL_RULES["withdrawal"].limits.rise  # heuristic, after Vernon et al. 2016
SOWS_SUGGEST_HELP_AT = SIGNAL_RULES["withdrawal"].limits.total  # Rogers et al. 2024: mean 13.5 on stopping
DSM_SUGGEST_HELP_AT = SIGNAL_RULES["dsm-screen"].limits.moderate  # the dsm-screen's "talk to a clinician"


@dataclass(frozen=True)
class Item:
    key: str
    text: str
    short: str = ""  # a few words naming the item in a result line (DSM-5 criteria)


@dataclass(frozen=True)
class Anchor:
    value: int
    label: str


@dataclass(frozen=True)
class Band:
    up_to: int | None  # the highest total in this band; None: this total and every one above
    word: str


# How a complete total is explained: (instrument, total, change since the last one, answers) → lines
# (None lines are dropped).
Explain = Callable[["Instrument", int, "int | None", "dict[str, int]"], "list[str | None]"]


@dataclass(frozen=True)
class Instrument:
    id: str
    title: str
    name: str  # in a line of text: "SOWS-16"
    column_name: str  # in a table's column, where space is short: "DSM-5 check"
    command: str  # `kratomlog check COMMAND`
    time_frame: str
    items: tuple[Item, ...]
    scale: tuple[Anchor, ...]
    reverse: frozenset[str]
    total_min: int
    total_max: int
    source: str
    instructions: str = ""  # one line to show before the first item
    # The wording the items are asked with; each check-in stores the version it was asked with.
    # Version 1 was 0.1.0's shortened wording; keys never change between versions.
    version: int = 1
    aliases: tuple[str, ...] = ()  # other names accepted (the id and the command always are)
    bands: tuple[Band, ...] = ()  # lowest first; none: a total gets no label (SOWS has none)
    band_basis: str = ""  # what the bands are, in a few words: "DSM-5 bands", "a study convention"
    help_at: int | None = None  # a total this high or higher suggests talking to someone (with the help lines)
    tracks_dose_gap: bool = False  # each check-in stores the hours since the last dose
    partial: bool = False  # `--item KEY=N` may answer some items: a partial check-in (no total)
    explain: Explain | None = None  # the lines for a complete total; None: the plain lines of `_plain_lines`

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(item.key for item in self.items)

    @property
    def low(self) -> int:
        return min(a.value for a in self.scale)

    @property
    def high(self) -> int:
        return max(a.value for a in self.scale)

    @property
    def yes_no(self) -> bool:
        return self.high == 1


def _items(pairs: list[tuple[str, str]]) -> tuple[Item, ...]:
    return tuple(Item(key, text, DSM_SHORT.get(key, "")) for key, text in pairs)


# The DSM-5 criteria in a few words, for the line that lists the criteria answered yes.
DSM_SHORT = {
    "more_than_intended": "more or longer than meant",
    "cut_down": "could not cut down",
    "time_spent": "much time spent",
    "craving": "craving",
    "obligations": "failed obligations",
    "relationships": "problems with others",
    "gave_up": "gave up activities",
    "hazardous": "physically dangerous use",
    "despite_problems": "use despite a health problem",
    "tolerance": "tolerance",
    "withdrawal": "withdrawal",
}


PSS_STEM = "In the last month, how often have you"


def _pss(text: str) -> str:
    return f"{PSS_STEM} {text}?"


def band(instrument: Instrument, total: int) -> str | None:
    """The instrument's band for a total (DSM-5 severity, PSS-10 study convention); None when it has
    no bands (SOWS)."""
    for each in instrument.bands:
        if each.up_to is None or total <= each.up_to:
            return each.word
    return None


def bands_text(instrument: Instrument) -> str:
    """`0–1 none, 2–3 mild, 4–5 moderate, 6+ severe` or `0–13 low, 14–26 moderate, 27–40 high`."""
    parts, low = [], instrument.total_min
    for each in instrument.bands:
        if each.up_to is None:
            parts.append(f"{low}+ {each.word}")
            break
        parts.append(f"{low}–{each.up_to} {each.word}" if each.up_to > low else f"{low} {each.word}")
        low = each.up_to + 1
    return ", ".join(parts)


def suggests_help(instrument: Instrument, total: int | None) -> bool:
    return total is not None and instrument.help_at is not None and total >= instrument.help_at


def _change_line(what: str, change: int | None) -> str | None:
    if change is None:
        return None
    if change == 0:
        return f"No change since your last {what}."
    return f"Change since your last {what}: {change:+d}."


def _sows_lines(instrument: Instrument, total: int, change: int | None, answers: dict[str, int]) -> list[str | None]:
    change_line = _change_line("SOWS", change)
    if change is not None and change >= SOWS_NOTABLE_RISE:
        change_line = (
            f"Change since your last SOWS: {change:+d} — a notable rise "
            f"(a rise of {SOWS_NOTABLE_RISE} or more; heuristic, after Vernon et al. 2016)."
        )
    lines: list[str | None] = [
        f"{instrument.name} total: {total}/{instrument.total_max} (how you feel {instrument.time_frame}).",
        change_line,
        f"For reference: {SOWS_REFERENCE}.",
        f"{SOWS_NO_BANDS}, so this total gets no label; "
        "it is most useful compared with your own earlier totals.",
    ]
    if suggests_help(instrument, total):
        lines += [
            f"A total of {instrument.help_at} or more is where the withdrawal signal starts; "
            "it may help to talk this over with a clinician or someone you trust.",
            *HELP_LINES,
        ]
    return lines


def yes_criteria(answers: dict[str, int], instrument: Instrument | None = None) -> list[str]:
    """The items answered yes (the DSM-5 criteria by default), in item order, in a few words each."""
    return [item.short or item.key for item in (instrument or DSM5).items if answers.get(item.key) == 1]


def _dsm_lines(instrument: Instrument, count: int, change: int | None, answers: dict[str, int]) -> list[str | None]:
    yes = yes_criteria(answers, instrument)
    lines: list[str | None] = [
        f"{instrument.name}: {count} of {len(instrument.items)} criteria {instrument.time_frame}.",
        f"Answered yes: {', '.join(yes)}." if yes else "Answered yes: none.",
        _change_line("self-check", change),
        f"Band: {band(instrument, count)} ({instrument.band_basis}: {bands_text(instrument)}).",
        f"This is a self-check, and {NOT_A_DIAGNOSIS}.",
        DSM_CAVEAT,
    ]
    if suggests_help(instrument, count):
        lines += [
            "It may help to talk this over with a clinician or another health professional you trust.",
            *HELP_LINES,
        ]
    return lines


def _pss_lines(instrument: Instrument, total: int, change: int | None, answers: dict[str, int]) -> list[str | None]:
    return [
        f"{instrument.name} total: {total}/{instrument.total_max} (the last month).",
        _change_line(instrument.name, change),
        f"Published norms: {PSS_NORMS}.",
        f"Band: {band(instrument, total)} ({bands_text(instrument)}) — {instrument.band_basis}, not an official cut-off.",
        "The PSS is not diagnostic; it is most useful compared with your own baseline.",
    ]


def _plain_lines(instrument: Instrument, total: int, change: int | None, answers: dict[str, int]) -> list[str | None]:
    """The lines of an instrument without its own `explain`: its total, change, band and help."""
    level = band(instrument, total)
    lines: list[str | None] = [
        f"{instrument.name} total: {total}/{instrument.total_max} ({instrument.time_frame}).",
        _change_line(instrument.name, change),
        f"Band: {level} ({instrument.band_basis}: {bands_text(instrument)})." if level else None,
    ]
    if suggests_help(instrument, total):
        lines += ["It may help to talk this over with a clinician or someone you trust.", *HELP_LINES]
    return lines


SOWS = Instrument(
    id="sows",
    title="SOWS-16 (Subjective Opiate Withdrawal Scale)",
    name="SOWS-16",
    column_name="SOWS-16",
    command="sows",
    time_frame="right now",
    items=_items(
        [
            ("anxious", "I feel anxious"),
            ("yawning", "I feel like yawning"),
            ("perspiring", "I am perspiring"),
            ("eyes_tearing", "My eyes are tearing"),
            ("nose_running", "My nose is running"),
            ("gooseflesh", "I have goose flesh"),
            ("shaking", "I am shaking"),
            ("hot_flashes", "I have hot flushes"),
            ("cold_flashes", "I have cold flushes"),
            ("aches", "My bones and muscles ache"),
            ("restless", "I feel restless"),
            ("nauseous", "I feel nauseous"),
            ("vomit", "I feel like vomiting"),
            ("twitching", "My muscles twitch"),
            ("cramps", "I have stomach cramps"),
            ("craving", "I feel like using now"),
        ]
    ),
    scale=(
        Anchor(0, "not at all"),
        Anchor(1, "a little"),
        Anchor(2, "moderately"),
        Anchor(3, "quite a bit"),
        Anchor(4, "extremely"),
    ),
    reverse=frozenset(),
    total_min=0,
    total_max=64,
    source=(
        "Handelsman et al. 1987, Am J Drug Alcohol Abuse 13:293–308; item 16 adapted by kratomlog "
        '("I feel like using now"; the original reads "shooting up")'
    ),
    instructions="Rate each statement by how you feel right now.",
    version=2,
    help_at=SOWS_SUGGEST_HELP_AT,
    tracks_dose_gap=True,  # withdrawal depends on it; the others look back weeks
    partial=True,
    explain=_sows_lines,
)

DSM5 = Instrument(
    id="dsm5",
    title="DSM-5 self-check (substance use disorder criteria)",
    name="DSM-5 self-check",
    column_name="DSM-5 check",
    command="dsm",
    time_frame="in the past 12 months",
    items=_items(
        [
            ("more_than_intended", "Have you taken kratom in larger amounts, or for longer, than you meant to?"),
            ("cut_down", "Have you wanted to cut down or control your kratom use, or tried to and not managed?"),
            ("time_spent", "Have you spent a lot of time getting kratom, using it, or recovering from its effects?"),
            ("craving", "Have you had cravings — a strong wish or urge to use kratom?"),
            ("obligations", "Has your kratom use made you fail to do what you had to at work, school or home?"),
            ("relationships", "Have you kept using kratom although it caused or worsened problems with other people?"),
            ("gave_up", "Have you given up or cut down important social, work or leisure activities because of kratom?"),
            (
                "hazardous",
                "Have you used kratom again and again in situations where that was physically dangerous "
                "(for example before driving)?",
            ),
            (
                "despite_problems",
                "Have you kept using kratom although you knew it caused or worsened a lasting physical or "
                "psychological problem?",
            ),
            (
                "tolerance",
                "Have you needed clearly more kratom for the same effect, or felt much less from the same amount?",
            ),
            (
                "withdrawal",
                "Have you had withdrawal symptoms when you cut down or stopped, or used kratom (or something "
                "like it) to relieve or avoid them?",
            ),
        ]
    ),
    scale=(Anchor(0, "no"), Anchor(1, "yes")),
    reverse=frozenset(),
    total_min=0,
    total_max=11,
    source=(
        "the eleven DSM-5 substance use disorder criteria (American Psychiatric Association); "
        "the question wording is adapted by kratomlog"
    ),
    instructions="Answer y or n about the past 12 months.",
    version=2,
    bands=(Band(1, "none"), Band(3, "mild"), Band(5, "moderate"), Band(None, "severe")),
    band_basis="DSM-5 bands",
    help_at=DSM_SUGGEST_HELP_AT,
    explain=_dsm_lines,
)

PSS10 = Instrument(
    id="pss10",
    title="PSS-10 (Perceived Stress Scale)",
    name="PSS-10",
    column_name="PSS-10",
    command="pss",
    time_frame="in the last month",
    items=_items(
        [
            ("upset", _pss("been upset because of something that happened unexpectedly")),
            ("control", _pss("felt that you were unable to control the important things in your life")),
            ("nervous", _pss('felt nervous and "stressed"')),
            ("confident", _pss("felt confident about your ability to handle your personal problems")),
            ("going_your_way", _pss("felt that things were going your way")),
            ("cope", _pss("found that you could not cope with all the things that you had to do")),
            ("irritations", _pss("been able to control irritations in your life")),
            ("on_top", _pss("felt that you were on top of things")),
            ("angered", _pss("been angered because of things that were outside of your control")),
            ("piling_up", _pss("felt difficulties were piling up so high that you could not overcome them")),
        ]
    ),
    scale=(
        Anchor(0, "never"),
        Anchor(1, "almost never"),
        Anchor(2, "sometimes"),
        Anchor(3, "fairly often"),
        Anchor(4, "very often"),
    ),
    reverse=frozenset({"confident", "going_your_way", "irritations", "on_top"}),
    total_min=0,
    total_max=40,
    source="Perceived Stress Scale, Cohen, Kamarck & Mermelstein 1983; Cohen & Williamson 1988",
    instructions="For each question, how often in the last month?",
    version=2,
    bands=(Band(13, "low"), Band(26, "moderate"), Band(40, "high")),
    band_basis="a study convention",
    explain=_pss_lines,
)

# The registry: every instrument kratomlog knows, in the order it lists them.
INSTRUMENTS: dict[str, Instrument] = {i.id: i for i in (SOWS, DSM5, PSS10)}

_YES = {"1": 1, "y": 1, "yes": 1, "0": 0, "n": 0, "no": 0}


def _plain(name: str) -> str:
    return name.strip().lower().replace("-", "").replace("_", "").replace(" ", "")


def other_names(instrument: Instrument) -> tuple[str, ...]:
    """The names besides its id that an instrument answers to: its command and its aliases."""
    return tuple(dict.fromkeys(n for n in (instrument.command, *instrument.aliases) if n != instrument.id))


def known_names() -> str:
    """`sows, dsm5 (or dsm), pss10 (or pss)` — every instrument and its other names, for help and errors."""
    parts = []
    for instrument in INSTRUMENTS.values():
        others = other_names(instrument)
        parts.append(instrument.id + (f" (or {', '.join(others)})" if others else ""))
    return ", ".join(parts)


def get_instrument(name: str) -> Instrument:
    """The instrument named by its id, command or an alias (case, hyphens and spaces ignored: `DSM-5` works)."""
    wanted = _plain(name)
    for instrument in INSTRUMENTS.values():
        if wanted in {_plain(n) for n in (instrument.id, instrument.command, *instrument.aliases)}:
            return instrument
    raise Invalid(f"unknown questionnaire {name!r}; known: {known_names()}")


def example_scores(instrument: Instrument) -> str:
    """A valid `--scores` value for help texts: the scale's answers in turn, one per item."""
    words = ["n", "y"] if instrument.yes_no else [str(a.value) for a in instrument.scale]
    return ",".join(words[i % len(words)] for i in range(len(instrument.items)))


def accepted(instrument: Instrument, *, short: bool = False) -> str:
    """What one answer may be, in words: `0–4` or `y/n (or 1/0)` (`y/n` when short)."""
    if instrument.yes_no:
        return "y/n" if short else "y/n (or 1/0)"
    return f"{instrument.low}–{instrument.high}"


def scale_text(instrument: Instrument) -> str:
    """The anchors in one line: `0 not at all, 1 a little, …` or `y yes, n no`."""
    if instrument.yes_no:
        return "y yes, n no"
    return ", ".join(f"{a.value} {a.label}" for a in instrument.scale)


def parse_value(instrument: Instrument, text: str) -> int | None:
    """One answer as its value, or None if it is not an accepted answer for this instrument."""
    word = text.strip().lower()
    if instrument.yes_no:
        return _YES.get(word)
    if not (word.isascii() and word.isdigit()):
        return None
    value = int(word)
    return value if instrument.low <= value <= instrument.high else None


def _scores_need(instrument: Instrument) -> str:
    kind = "answers" if instrument.yes_no else "values"
    return f"--scores needs {len(instrument.items)} comma-separated {kind} {accepted(instrument)} in item order"


def parse_scores(instrument: Instrument, text: str) -> dict[str, int]:
    """`"1,2,0,…"` — one answer per item, in item order — as answers keyed by item."""
    parts = [p.strip() for p in text.split(",")] if text.strip() else []
    if len(parts) != len(instrument.items):
        raise Invalid(f"{_scores_need(instrument)}; got {len(parts)}")
    answers: dict[str, int] = {}
    for position, (item, part) in enumerate(zip(instrument.items, parts), start=1):
        value = parse_value(instrument, part)
        if value is None:
            shown = repr(part) if part else "empty"
            raise Invalid(f"{_scores_need(instrument)}; value {position} ({item.key}) is {shown}")
        answers[item.key] = value
    return answers


def parse_item_flags(instrument: Instrument, flags: list[str]) -> tuple[dict[str, int], int]:
    """`["restless=2", …]` as the answers of the items named, in item order, and how many items were
    not answered. Items not named are not answered (never taken as 0): fewer than all of them make a
    partial check-in, which has no total (EVIDENCE.md §1)."""
    given = parse_items_given(instrument, flags)
    answers = {k: given[k] for k in instrument.keys if k in given}
    return answers, len(instrument.items) - len(given)


def parse_items_given(instrument: Instrument, flags: list[str]) -> dict[str, int]:
    """`["restless=2", …]` as the answers of just the items named (for re-answering a few items)."""
    given: dict[str, int] = {}
    for flag in flags:
        key, sep, raw = flag.partition("=")
        key = key.strip().lower().replace("-", "_")
        if not sep or not key:
            example = f"{instrument.items[0].key}={instrument.high}"
            raise Invalid(f"an item answer is KEY=VALUE, e.g. {example}; got {flag!r}")
        if key not in instrument.keys:
            raise Invalid(f"{key!r} is not a {instrument.id} item; items are {', '.join(instrument.keys)}")
        if key in given:
            raise Invalid(f"{key} is given more than once; give each item at most once")
        value = parse_value(instrument, raw)
        if value is None:
            raise Invalid(f"{key} takes {accepted(instrument)}; got {raw.strip()!r}")
        given[key] = value
    return given


def validate_answers(instrument: Instrument, answers: dict[str, int], *, partial: bool = False) -> dict[str, int]:
    """The answers in item order, once every key is one of the instrument's and every value in range.
    Every item must be answered unless `partial` (then at least one)."""
    unknown = [k for k in answers if k not in instrument.keys]
    if unknown:
        named = ", ".join(map(str, unknown))
        raise Invalid(f"not {instrument.id} items: {named}; items are {', '.join(instrument.keys)}")
    missing = [k for k in instrument.keys if k not in answers]
    if missing and not partial:
        raise Invalid(f"{instrument.id} needs an answer for every item; missing: {', '.join(missing)}")
    if not answers:
        raise Invalid(f"{instrument.id} needs an answer for at least one item")
    for key in answers:
        value = answers[key]
        if type(value) is not int or not instrument.low <= value <= instrument.high:
            raise Invalid(f"{key} must be a whole number {instrument.low}–{instrument.high}; got {value!r}")
    return {k: answers[k] for k in instrument.keys if k in answers}


def is_complete(instrument: Instrument, answers: dict[str, int]) -> bool:
    """Whether every item is answered (only then is there a total)."""
    return all(k in answers for k in instrument.keys)


def score(instrument: Instrument, answers: dict[str, int]) -> int:
    """The total, with reverse-scored items counted as high − value (every item must be answered)."""
    checked = validate_answers(instrument, answers)
    return sum(instrument.high - v if k in instrument.reverse else v for k, v in checked.items())


def total_or_none(instrument: Instrument, answers: dict[str, int]) -> int | None:
    """The total of a complete check-in; None for a partial one (EVIDENCE.md §1: no total, no change)."""
    checked = validate_answers(instrument, answers, partial=True)
    return score(instrument, checked) if is_complete(instrument, checked) else None


def partial_text(instrument: Instrument, answered: int) -> str:
    """`partial (2 of 16 items)` — how a partial check-in is named wherever it is shown."""
    return f"partial ({answered} of {len(instrument.items)} items)"


@dataclass(frozen=True)
class Interpretation:
    total: int | None  # None: a partial check-in
    total_max: int
    change: int | None
    lines: tuple[str, ...]
    band: str | None
    suggest_help: bool
    answered: int = 0
    complete: bool = True


def _partial_lines(instrument: Instrument, answers: dict[str, int]) -> list[str]:
    given = ", ".join(f"{k} {v}" for k, v in answers.items())
    short = instrument.name
    return [
        f"{short}: {partial_text(instrument, len(answers))} — {given}.",
        f"No total and no change: a {short} total needs all {len(instrument.items)} items "
        f"({instrument.source.split(';')[0]}); a partial check-in never counts for a signal.",
    ]


def interpret(instrument: Instrument, answers: dict[str, int], previous_total: int | None) -> Interpretation:
    """Total, change since the previous total of the same instrument, and the lines to show. A partial
    check-in (not every item answered) gets its items, and no total, change, band or help line."""
    answers = validate_answers(instrument, answers, partial=True)
    if not is_complete(instrument, answers):
        return Interpretation(None, instrument.total_max, None, tuple(_partial_lines(instrument, answers)), None,
                              False, answered=len(answers), complete=False)
    total = score(instrument, answers)
    change = None if previous_total is None else total - previous_total
    level = band(instrument, total)
    lines = (instrument.explain or _plain_lines)(instrument, total, change, answers)
    return Interpretation(
        total=total,
        total_max=instrument.total_max,
        change=change,
        lines=tuple(line for line in lines if line is not None),
        band=level,
        suggest_help=suggests_help(instrument, total),
        answered=len(answers),
    )
