"""One-line texts for the fast logging commands (plain strings; no Rich on the hot path)."""

from __future__ import annotations

from kratomlog.core.amounts import format_amount
from kratomlog.core.clock import to_local
from kratomlog.core.numbers import number_text
from kratomlog.core.safe_text import for_display


def signals_line(results) -> str:
    """`week`'s warning-signal line: 'Warning signals: 1 active (escalation) · 7 clear — see …'."""
    from kratomlog.core.signals import summary_line
    from kratomlog.core.texts import SEE_SIGNALS

    return f"Warning signals: {summary_line(results)} — {SEE_SIGNALS}"


def when_text(ts: int) -> str:
    return to_local(ts).strftime("%a %Y-%m-%d %H:%M")


def grams_text(grams: float) -> str:
    return number_text(grams) + " g"


def duration_text(seconds: int) -> str:
    seconds = max(0, int(seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes}m"
    return f"{minutes}m"


def dose_line(logged) -> str:
    amount = format_amount(logged.amount)
    if logged.amount.unit == "g" or logged.amount.estimate:  # an estimate already names its grams
        shown = amount
    else:
        shown = f"{amount} = {grams_text(logged.grams)}"
    batch = f" (batch {for_display(logged.batch, newlines=False)})" if logged.batch else ""
    parts = [f"Logged d{logged.id}: {shown} of {for_display(logged.strain, newlines=False)}{batch} at {when_text(logged.at)}"]
    potency = logged.potency
    if potency.mg is not None:
        basis = f"estimate: {potency.pct:g}% leaf default" if potency.estimated else f"label {potency.pct:g}%"
        parts.append(f"≈{number_text(potency.mg, 1)} mg mitragynine ({basis})")
    else:
        parts.append("mitragynine not estimated (no label value for this form)")
    if getattr(logged, "seven_oh_mg", None) is not None:
        parts.append(f"≈{number_text(logged.seven_oh_mg, 1)} mg 7-OH (label content)")
    if logged.reasons:
        parts.append("reason: " + ", ".join(logged.reasons))
    total = logged.day_total
    label = "today" if total.is_today else total.day.isoformat()
    parts.append(f"{label} {grams_text(total.grams)} in {total.doses} dose{'s' if total.doses != 1 else ''}")
    return " · ".join(parts)


def rating_line(logged) -> str:
    parts = [f"stress {logged.stress}"]
    if logged.craving is not None:
        parts.append(f"craving {logged.craving}")
    if logged.pain is not None:
        parts.append(f"pain {logged.pain}")
    return f"Logged s{logged.id}: {', '.join(parts)} at {when_text(logged.at)}"


def other_line(logged) -> str:
    amount = f" ({for_display(logged.amount, newlines=False)})" if logged.amount else ""
    return f"Logged o{logged.id}: {logged.substance}{amount} at {when_text(logged.at)}"


def status_line(status, now: int) -> str:
    parts = []
    if status.last_dose_at is None:
        parts.append("no doses logged yet")
    elif status.last_dose_at > now:
        parts.append(f"the latest dose is in the future ({when_text(status.last_dose_at)}); check the clock, or fix it with 'kratomlog edit'")
    else:
        parts.append(f"{duration_text(now - status.last_dose_at)} since last dose")
    parts.append(
        f"today {grams_text(status.today_g)} in {status.today_doses} dose{'s' if status.today_doses != 1 else ''}"
    )
    if status.last_stress is not None:
        rating = f"stress {status.last_stress}"
        if status.last_craving is not None:
            rating += f", craving {status.last_craving}"
        if status.last_rating_at is not None and now - status.last_rating_at > 12 * 3600:
            rating += f" ({duration_text(now - status.last_rating_at)} ago)"
        parts.append(rating)
    return " · ".join(parts)


def taper_suffix(found, day=None) -> str:
    """` · taper: …` for the dose line, from `(allowance, used, left, over)` (None: no plan, "").
    `day` is the dose's day when it is not today. Calm either way: the allowance is a budget to
    compare with, never a limit."""
    if found is None:
        return ""
    allowance, _used, left, over = found
    if over > 0:
        whose = "today's" if day is None else f"{day.strftime('%a %Y-%m-%d')}'s"
        return f" · taper: {grams_text(over)} over {whose} {grams_text(allowance)} allowance"
    when = "today" if day is None else f"on {day.strftime('%a %Y-%m-%d')}"
    return f" · taper: {grams_text(left)} left of {grams_text(allowance)} {when}"


def repriced_lines(strain: str, pct: float, repriced, since: str | None) -> list[str]:
    """What `strain edit --apply-to-past` changed: one line per dose, then how to take it back."""
    scope = f" since {since}" if since else ""
    if not repriced:
        return [f"No earlier dose of {strain!r}{scope} needed a change: they already carry {pct:g}%."]

    def mg(value) -> str:
        return "no estimate" if value is None else f"≈{number_text(value, 1)} mg"

    def old(value) -> str:
        return "no %" if value is None else f"{value:g}%"

    n = len(repriced)
    lines = [f"Gave {pct:g}% to {n} earlier dose{'s' if n != 1 else ''} of {strain!r}{scope}:"]
    for r in repriced:
        lines.append(f"  d{r.dose_id}  {when_text(r.at)}  {grams_text(r.grams)}  {old(r.pct_before)} → {r.pct_after:g}%  "
                     f"{mg(r.mg_before)} → {mg(r.mg_after)}")
    lines.append("'kratomlog undo' reverts the strain edit and these doses together.")
    return lines


def purchase_line(logged) -> str:
    from kratomlog.core.purchases import bought_text, money

    amount = bought_text(logged.bought)
    shown = amount if logged.bought.unit == "g" else f"{amount} = {grams_text(logged.grams)}"
    batch = f" (batch {logged.batch})" if logged.batch else ""
    parts = [f"Recorded p{logged.id}: bought {shown} of {logged.strain}{batch} on {to_local(logged.at).strftime('%a %Y-%m-%d')}"]
    if logged.price is not None:
        parts.append(money(logged.price, logged.currency))
    return " · ".join(parts)


def status_fields(status, now: int) -> dict[str, str]:
    """The `status --format` fields as text ("" where there is no value)."""
    def text(value) -> str:
        return "" if value is None else str(value)

    last = status.last_dose_at
    return {
        "since": "" if last is None else duration_text(now - last),
        "since_min": "" if last is None else str(max(0, now - last) // 60),
        "last_dose": "" if last is None else to_local(last).strftime("%H:%M"),
        "last_strain": text(status.last_strain),
        "today_g": number_text(status.today_g),
        "today_doses": str(status.today_doses),
        "last_stress": text(status.last_stress),
        "last_craving": text(status.last_craving),
    }


def day_lines(summary) -> list[str]:
    """`today`: a heading, one line per entry (oldest first), and the day's dose totals."""
    from kratomlog.core.shortids import short_id
    from kratomlog.render.tables import describe

    lines = [f"Today, {summary.day.strftime('%a %Y-%m-%d')}"]
    if not summary.entries:
        lines.append("  nothing logged yet today")
    for entry in reversed(summary.entries):
        when = "     " if entry.kind == "no-use" else to_local(entry.at).strftime("%H:%M")
        note = entry.fields.get("note")
        lines.append(f"  {when}  {short_id(entry.kind, entry.id):<5} {describe(entry)}" + (f" · note: {note}" if note else ""))
    total = f"{summary.doses} dose{'s' if summary.doses != 1 else ''} · {grams_text(summary.grams)}"
    if summary.mitragynine_mg is not None:
        total += f" · ≈{number_text(summary.mitragynine_mg)} mg mitragynine" + (" (includes estimates)" if summary.mg_estimated else "")
    lines.append(f"Total: {total}")
    return lines
