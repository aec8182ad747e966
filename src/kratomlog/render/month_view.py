"""The `calendar` screen: months side by side, each day marked (and, on a colour terminal, coloured)
by its status and grams. The marks alone tell every status apart, so NO_COLOR loses nothing."""

from __future__ import annotations

from datetime import date

from kratomlog.core.month_grid import CalendarDay
from kratomlog.core.numbers import number_text
from kratomlog.render.console import make_console

LEVEL_MARKS = "░▒▓█"
MARKS = {"no-use": "○", "not-logged": "·", "no-data": " ", "future": " "}
LEVEL_STYLES = ("color(229)", "color(221)", "color(214)", "color(208)")
STYLES = {"no-use": "green", "not-logged": "dim", "no-data": "dim", "future": "dim"}
CELL = 4  # "27▓ "
GAP = "   "
WEEKDAY_NAMES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")


def _mark(day: CalendarDay) -> tuple[str, str]:
    if day.status == "use":
        return LEVEL_MARKS[day.level - 1], LEVEL_STYLES[day.level - 1]
    return MARKS[day.status], STYLES[day.status]


def _month_lines(days: list[CalendarDay], first_weekday: int, today: date):
    from rich.text import Text

    first = days[0].day
    names = [WEEKDAY_NAMES[(first_weekday + n) % 7] for n in range(7)]
    lines = [Text(first.strftime("%B %Y"), style="bold"), Text("".join(f"{name:<{CELL}}" for name in names))]
    row = Text(" " * CELL * ((first.weekday() - first_weekday) % 7))
    for day in days:
        mark, style = _mark(day)
        row.append(f"{day.day.day:2d}", style="bold underline" if day.day == today else None)
        row.append(mark, style=style)
        row.append(" ")
        if (day.day.weekday() - first_weekday) % 7 == 6:
            lines.append(row)
            row = Text()
    if row.plain:
        lines.append(row)
    return lines


def legend_text(bounds: tuple[float, ...]) -> str:
    if not bounds:
        return "no days with doses in these months"
    parts = [f"{LEVEL_MARKS[n]} ≤{number_text(bound)}" for n, bound in enumerate(bounds)]
    return "  ".join(parts) + " grams a day (quarters of the highest day shown)"


def render_calendar(months: list[list[CalendarDay]], bounds: tuple[float, ...], *, week_starts: str, today: date,
                    console=None) -> None:
    from rich.text import Text

    console = console or make_console()
    first_weekday = 6 if week_starts == "sunday" else 0
    per_row = max(1, (console.width + len(GAP)) // (CELL * 7 + len(GAP)))
    blocks = [_month_lines(days, first_weekday, today) for days in months]
    for start in range(0, len(blocks), per_row):
        group = blocks[start : start + per_row]
        for n in range(max(len(b) for b in group)):
            line = Text()
            for index, block in enumerate(group):
                piece = block[n] if n < len(block) else Text()
                if index < len(group) - 1:
                    piece = piece.copy()
                    piece.pad_right(CELL * 7 - len(piece.plain))
                    piece.append(GAP)
                line.append_text(piece)
            console.print(line)
        console.print()
    every = [d for days in months for d in days]
    counts = {status: sum(1 for d in every if d.status == status) for status in ("use", "no-use", "not-logged")}
    console.print(Text(legend_text(bounds)))
    console.print(Text("○ deliberate no-use day  · nothing logged (unknown, not a day without use)"))
    console.print(Text(
        f"{_days(counts['use'])} with doses · {_days(counts['no-use'], 'deliberate no-use day')} · "
        f"{_days(counts['not-logged'])} not logged"
    ))


def _days(count: int, word: str = "day") -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"
