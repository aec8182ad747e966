"""The clinician's report, laid out from `core.report.ReportData`: a self-contained HTML page that
prints on one A4 or US Letter sheet (inline CSS and SVG, no script, no external file, no web font;
black-and-white safe), and Markdown with the same sections and a text chart for pasting into notes.

Sections, in order: header (period, consent, "not a diagnosis"), weekly totals, charts, warning
signals, latest questionnaires, taper, products, notes (only when consented), help lines. Every
piece of user text is escaped (HTML) or made inert (Markdown). A demo database is watermarked on
every page.
"""

from __future__ import annotations

from datetime import date, timedelta

from kratomlog.core.clock import show_local
from kratomlog.core.safe_text import html_escape, markdown_escape
from kratomlog.core.texts import DSM_CAVEAT, NOT_A_DIAGNOSIS, SOWS_CAVEAT, need_more_data, sentence
from kratomlog.core.report import (
    DSM_BANDS,
    PSS_CAVEAT,
    MG_NOTE,
    SOURCE_LINE,
    ReportData,
    TaperPart,
    Taken,
    WeekRow,
    band_of,
    consent_lines,
    signal_numbers,
)
from kratomlog.render.lines import grams_text, number_text

DEMO_MARK = "DEMO — synthetic data"
DEMO_LINE = "DEMO — synthetic data from a demo database, not a real person's record."


# --- shared wording --------------------------------------------------------------------------


def _n(value: float | int | None, pattern: str = "{:.1f}") -> str:
    return "–" if value is None else pattern.format(value)


def _range(first: date, last: date) -> str:
    return f"{first.day} {first:%b} – {last.day} {last:%b %Y}" if first.year == last.year else f"{first.day} {first:%b %Y} – {last.day} {last:%b %Y}"


def title(data: ReportData) -> str:
    return f"kratomlog report — {_range(data.period.first, data.period.last)}"


def period_line(data: ReportData) -> str:
    p = data.period
    tail = ""
    if p.last >= data.generated:
        tail = " · today is in progress and not in the totals"
    return (
        f"Period: {p.first.isoformat()} to {p.last.isoformat()} ({p.how}, {p.days} days) · "
        f"entries on {data.days_with_entries} of {p.days} days · generated {data.generated.isoformat()}{tail}"
    )


def week_label(row: WeekRow) -> str:
    text = f"{row.start.day} {row.start:%b}–{row.end.day} {row.end:%b}" if row.start.month != row.end.month else f"{row.start.day}–{row.end.day} {row.end:%b}"
    if row.days < 7:
        text += f" ({row.days} d)"
    return text


def change_text(row: WeekRow) -> str:
    if row.change_new:
        return "new use"
    if row.change_pct is None:
        return "–"
    if abs(row.change_pct) < 0.5:
        return "±0%"
    return f"{row.change_pct:+.0f}%"


WEEK_HEADERS = ("Week", "Use days", "Doses", "Grams", "Est. mitragynine mg", "Mean stress", "Mean craving", "g/day vs week before")


def week_cells(row: WeekRow) -> list[str]:
    t = row.totals
    used = "–" if t.days_used is None else f"{t.days_used}/{row.finished_days}"
    return [week_label(row), used, _n(t.doses, "{:d}"), _n(t.grams), _n(row.mitragynine_mg, "{:.0f}"),
            _n(t.mean_stress), _n(t.mean_craving), change_text(row)]


def period_cells(data: ReportData) -> list[str]:
    t = data.summary.totals
    mg = [r.mitragynine_mg for r in data.weeks if r.mitragynine_mg is not None]
    used = "–" if t.days_used is None else f"{t.days_used}/{t.days_counted}"
    return ["Period", used, _n(t.doses, "{:d}"), _n(t.grams), _n(sum(mg) if mg else None, "{:.0f}"),
            _n(t.mean_stress), _n(t.mean_craving), ""]


def signal_head(r) -> str:
    return f"{r.title} ({r.level}; {r.basis})"


def signal_tail(r) -> str:
    numbers = signal_numbers(r)
    return (f"Numbers: {numbers}. " if numbers else "") + f"Source: {r.source}."


def clear_line(data: ReportData) -> str:
    g = data.signals
    parts = []
    if g.clear:
        parts.append(f"Clear ({len(g.clear)}): " + ", ".join(g.clear) + ".")
    if g.need_data:
        parts.append(f"{need_more_data(g.need_data)}.")
    return " ".join(parts)


def signals_intro(data: ReportData) -> str:
    n = len(data.signals.active)
    when = f"at the end of {data.period.last.isoformat()}" if data.period.last < data.generated else "now"
    return (f"As they stood {when}: " + (f"{n} active" if n else "none active")
            + "; each with its numbers, its basis (evidence, heuristic or extrapolated) and its source.")


def _change(change: int | None, what: str) -> str:
    if change is None:
        return ""
    return f", no change since the {what}" if change == 0 else f", change {change:+d} since the {what}"


def sows_lines(t: Taken) -> list[str]:
    change = _change(t.change, "one before")
    return [f"SOWS-16: {t.total}/64 on {show_local(t.at)}{change}.", SOWS_CAVEAT]


def pss_lines(t: Taken) -> list[str]:
    change = _change(t.change, "one before")
    return [f"PSS-10: {t.total}/40 on {show_local(t.at)}{change}; band {band_of(t)}.", PSS_CAVEAT]


def dsm_lines(t: Taken) -> list[str]:
    yes = t.dsm_yes
    named = ", ".join(yes) if yes else "none"
    return [
        f"DSM-5 self-check: {t.total} of 11 criteria answered yes on {show_local(t.at)} — band {band_of(t)} ({DSM_BANDS}).",
        f"Answered yes ({len(yes)}): {named}.",
        DSM_CAVEAT + " Questions adapted from the DSM-5 criteria by kratomlog.",
    ]


def plain_lines(t: Taken) -> list[str]:
    """An instrument without lines of its own here: its name, total, change and band, from its definition."""
    from kratomlog.core.instruments import INSTRUMENTS

    instrument = INSTRUMENTS.get(t.instrument)
    if instrument is None:
        return []
    level = band_of(t)
    return [f"{instrument.name}: {t.total}/{instrument.total_max} on {show_local(t.at)}{_change(t.change, 'one before')}"
            + (f"; band {level} ({instrument.band_basis})." if level else ".")]


def questionnaire_lines(data: ReportData) -> list[str]:
    lines: list[str] = []
    found = data.taken
    if "sows" in found:
        lines += sows_lines(found["sows"])
    if "pss10" in found:
        lines += pss_lines(found["pss10"])
    if "dsm5" in found:
        lines += dsm_lines(found["dsm5"])
    for instrument, t in found.items():
        if instrument not in ("sows", "pss10", "dsm5"):
            lines += plain_lines(t)
    if not lines:
        return ["No questionnaire taken by the end of this period."]
    return lines + [sentence(NOT_A_DIAGNOSIS)]


def taper_lines(part: TaperPart | None) -> list[str]:
    from kratomlog.render.taper_view import change_text as taper_change, day_text, rule_text

    if part is None:
        return ["No taper plan covered this period."]
    plan = part.plan
    lines = [
        f"Plan started {day_text(plan.spec.start_day)} from {grams_text(plan.spec.start_g)} a day: {rule_text(plan)}; "
        f"{part.state} at the end of the period.",
    ]
    if part.step is not None and part.allowance_g is not None:
        lines.append(f"Step {part.step} of {part.steps}: allowance {grams_text(part.allowance_g)} a day on the period's last plan day.")
    if part.days:
        lines.append(
            f"Finished days under the plan in this period: {part.days} — {part.within} within the allowance, "
            f"{part.over} over it, {part.not_logged} not logged."
        )
    changes = [taper_change(c) for c in part.changes]
    lines.append("Holds and adjustments in the period: " + ("; ".join(changes) if changes else "none") + ".")
    return lines


def _share(value: float) -> str:
    return f"{value * 100:.0f}%"


def _lab(value: bool | None) -> str:
    return "–" if value is None else "yes" if value else "no (not tested)"


LAB_HEADER = "Lab-tested / batch certificates"


def _lab_cell(product) -> str:
    """The batches dosed and their certificate status when batches were recorded, else the strain's flag."""
    return product.batches if product.batches and product.batches != "–" else _lab(product.lab_tested)


def others_line(data: ReportData) -> str | None:
    if data.others is None:
        return None
    if not data.others:
        return "Other substances logged in the period: none."
    return "Other substances logged in the period: " + ", ".join(f"{name} ({n}×)" for name, n in data.others) + "."


def sows_chart_points(data: ReportData) -> list[tuple[int, int | None]]:
    return [((p.day - data.period.first).days, p.total) for p in data.sows]


# --- HTML ------------------------------------------------------------------------------------

CSS = """
@page { margin: 9mm 10mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 7.6pt; line-height: 1.25;
       color: #000; background: #fff; margin: 0 auto; max-width: 190mm; padding: 0; }
h1 { font-size: 13pt; margin: 0 0 1mm; }
h2 { font-size: 9.5pt; margin: 2.2mm 0 0.8mm; border-bottom: 0.3mm solid #000; padding-bottom: 0.3mm; }
p { margin: 0.5mm 0; }
header, table, tr, figure, li, .charts, .help { break-inside: avoid; page-break-inside: avoid; }
body > section { break-inside: avoid; page-break-inside: avoid; }
h2 { break-after: avoid; page-break-after: avoid; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.2mm solid #777; padding: 0.5mm 1.2mm; text-align: right; vertical-align: top; }
th:first-child, td:first-child { text-align: left; }
th { background: #e8e8e8; font-weight: bold; }
tr.total td { font-weight: bold; border-top: 0.4mm solid #000; }
.meta { color: #222; }
.small { font-size: 7pt; color: #222; }
.charts { display: flex; gap: 3mm; align-items: flex-start; margin-top: 1mm; }
.charts figure { margin: 0; }
.charts figure.wide { flex: 2 1 0; }
.charts figure.narrow { flex: 1 1 0; }
.charts svg { width: 100%; height: auto; display: block; }
.charts .none { border: 0.2mm dashed #777; padding: 2mm; }
.cols { column-count: 2; column-gap: 5mm; margin-top: 1mm; }
.cols > section { break-inside: avoid; page-break-inside: avoid; margin-bottom: 1.8mm; }
.cols > section.flows { break-inside: auto; page-break-inside: auto; }
.cols > section > h2:first-child { margin-top: 0; }
.cols p { break-inside: avoid; orphans: 2; widows: 2; }
ul { margin: 0.5mm 0 0.5mm 4mm; padding: 0; }
li { margin: 0.3mm 0; }
.level { font-weight: bold; }
.help { border: 0.3mm solid #000; padding: 1mm 2mm; margin-top: 2mm; }
.demo-banner { border: 0.5mm solid #000; padding: 1mm 2mm; font-weight: bold; margin-bottom: 1.5mm; text-align: center; }
.demo-mark { position: fixed; top: 40%; left: 0; right: 0; text-align: center; font-size: 54pt; font-weight: bold;
             color: rgba(0, 0, 0, 0.08); transform: rotate(-28deg); z-index: 0; pointer-events: none; }
.demo-corner { position: fixed; bottom: 0; right: 0; font-size: 7pt; font-weight: bold; border: 0.3mm solid #000;
               padding: 0.3mm 1mm; background: #fff; }
"""


def _e(text: object) -> str:
    return html_escape(str(text))


def _section(heading: str, body: str, cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    return f"<section{klass}>\n<h2>{_e(heading)}</h2>\n{body}\n</section>"


def _ps(lines: list[str], cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    return "\n".join(f"<p{klass}>{_e(line)}</p>" for line in lines)


def _table(headers: list[str] | tuple[str, ...], rows: list[list[str]], total: list[str] | None = None) -> str:
    head = "<tr>" + "".join(f"<th>{_e(h)}</th>" for h in headers) + "</tr>"
    body = ["<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows]
    if total is not None:
        body.append('<tr class="total">' + "".join(f"<td>{_e(c)}</td>" for c in total) + "</tr>")
    return "<table>\n<thead>" + head + "</thead>\n<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>"


def _charts(data: ReportData) -> str:
    from kratomlog.render.report_charts import grams_chart, sows_chart

    days = data.summary.days
    grams = [d.grams if d.has_data else None for d in days]
    stress = [d.mean_stress for d in days]
    wide = grams_chart(data.period.first, grams, stress, data.allowance)
    figures = [f'<figure class="wide">{wide}</figure>']
    points = sows_chart_points(data)
    if points:
        figures.append(f'<figure class="narrow">{sows_chart(data.period.first, data.period.days, points)}</figure>')
    else:
        figures.append('<figure class="narrow"><p class="none">No SOWS-16 check-in in this period.</p></figure>')
    return '<div class="charts">\n' + "\n".join(figures) + "\n</div>"


def left_out_line(data: ReportData) -> str:
    """Stored entries holding invalid values are left out of every number of the report: say so."""
    from kratomlog.core.stored_ranges import left_out_text

    return left_out_text(list(data.left_out))


def html(data: ReportData) -> str:
    parts: list[str] = []
    if data.demo:
        parts.append(f'<div class="demo-mark" aria-hidden="true">DEMO</div>\n<div class="demo-corner">{_e(DEMO_MARK)}</div>')
        parts.append(f'<div class="demo-banner">{_e(DEMO_LINE)}</div>')
    included, left_out = consent_lines(data.included)
    parts.append(
        f"<header>\n<h1>{_e(title(data))}</h1>\n"
        + _ps([period_line(data), f"{included} {left_out}"], "meta")
        + f"\n<p><strong>{_e(SOURCE_LINE)}</strong></p>"
        + ("\n" + _ps([left_out_line(data)], "meta") if data.left_out else "")
        + "\n</header>"
    )
    rows = [week_cells(r) for r in data.weeks]
    parts.append(_section("Weekly totals", _table(WEEK_HEADERS, rows, period_cells(data)) + "\n" + _ps([MG_NOTE], "small")))
    parts.append(_section("Grams per day, stress and withdrawal", _charts(data)))
    active = "".join(
        f'<li><span class="level">{_e(signal_head(r))}</span>: {_e(r.message)} {_e(signal_tail(r))}</li>'
        for r in data.signals.active
    )
    body = _ps([signals_intro(data)]) + (f"\n<ul>{active}</ul>" if active else "") + "\n" + _ps([clear_line(data)], "small")
    left = _section("Warning signals", body, "flows")
    products = [[p.label, p.form or "–", _share(p.share), _lab_cell(p)] for p in data.products]
    body = _table(("Product", "Form", "Share of grams", LAB_HEADER), products) if products else _ps(["No doses in this period."])
    other = others_line(data)
    if other:
        body += "\n" + _ps([other])
    sections = [
        left,
        _section("Latest questionnaires", _ps(questionnaire_lines(data)), "flows"),
        _section("Taper", _ps(taper_lines(data.taper))),
        _section("Products used", body),
    ]
    if data.notes is not None:
        sections.append(_section("Notes", _notes_html(data), "flows"))
    flow = "\n".join(sections)
    parts.append(f'<div class="cols">\n{flow}\n</div>')
    parts.append('<section class="help">\n' + _ps([data.help_intro, *data.help_lines]) + "\n</section>")
    parts.append(f'<footer class="small"><p>{_e(footer(data))}</p></footer>')
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{_e(title(data))}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(parts)
        + "\n</body>\n</html>\n"
    )


def _notes_html(data: ReportData) -> str:
    if not data.notes:
        return _ps(["No notes in this period."])
    items = "".join(f"<li>{_e(show_local(at))} ({_e(sid)}): {_e(text)}</li>" for at, sid, text in data.notes)
    more = _ps([f"and {data.notes_more} older notes (see 'kratomlog list')."], "small") if data.notes_more else ""
    return f"<ul>{items}</ul>{more}"


def footer(data: ReportData) -> str:
    demo = f"{DEMO_MARK} · " if data.demo else ""
    return f"{demo}kratomlog · {data.period.first.isoformat()} to {data.period.last.isoformat()} · generated {data.generated.isoformat()} · {SOURCE_LINE}"


# --- Markdown --------------------------------------------------------------------------------


def md_text(value: object) -> str:
    """Text made inert in Markdown, on one line (`core.safe_text.markdown_escape`)."""
    return markdown_escape(" ".join(str(value).split()))


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(md_text(c) for c in cells) + " |"


def _text_chart(data: ReportData) -> str:
    from kratomlog.render.charts import chart_week

    days = data.summary.days
    first = data.period.first
    labels = [f"{d.day.day} {d.day:%b}" if (d.day - first).days % 7 == 0 else "" for d in days]
    return chart_week(labels, [d.grams if d.has_data else None for d in days], [d.mean_stress for d in days],
                      width=78, color=False, allowance=data.allowance)


def markdown(data: ReportData) -> str:
    lines: list[str] = []
    if data.demo:
        lines += [f"> **{DEMO_LINE}**", ""]
    included, left_out = consent_lines(data.included)
    lines += [f"# {md_text(title(data))}", "", md_text(period_line(data)), "", md_text(included) + " " + md_text(left_out), "",
              f"**{md_text(SOURCE_LINE)}**", ""]
    if data.left_out:
        lines += [md_text(left_out_line(data)), ""]
    lines += ["## Weekly totals", "", _md_row(list(WEEK_HEADERS)), "|---|" + "---:|" * (len(WEEK_HEADERS) - 1)]
    lines += [_md_row(week_cells(r)) for r in data.weeks] + [_md_row(period_cells(data)), "", md_text(MG_NOTE), ""]
    lines += ["## Grams per day, stress and withdrawal", "", "```", _text_chart(data), "```", ""]
    sows = [f"{p.day.day} {p.day:%b}: {p.total}" if p.total is not None else f"{p.day.day} {p.day:%b}: partial ({p.answered} of 16 items, no total)" for p in data.sows]
    lines += ["SOWS-16 totals in the period: " + (md_text("; ".join(sows)) if sows else "none") + ".", ""]
    lines += ["## Warning signals", "", md_text(signals_intro(data)), ""]
    for r in data.signals.active:
        lines.append(f"- **{md_text(signal_head(r))}**: {md_text(r.message)} {md_text(signal_tail(r))}")
    if data.signals.active:
        lines.append("")
    lines += [md_text(clear_line(data)), ""]
    lines += ["## Latest questionnaires", ""] + [f"- {md_text(t)}" for t in questionnaire_lines(data)] + [""]
    lines += ["## Taper", ""] + [f"- {md_text(t)}" for t in taper_lines(data.taper)] + [""]
    lines += ["## Products used", ""]
    if data.products:
        lines += [f"| Product | Form | Share of grams | {LAB_HEADER} |", "|---|---|---:|---|"]
        lines += [_md_row([p.label, p.form or "–", _share(p.share), _lab_cell(p)]) for p in data.products]
    else:
        lines.append("No doses in this period.")
    other = others_line(data)
    if other:
        lines += ["", md_text(other)]
    lines.append("")
    if data.notes is not None:
        lines += ["## Notes", ""]
        if data.notes:
            lines += [f"- {md_text(show_local(at))} ({md_text(sid)}): {md_text(text)}" for at, sid, text in data.notes]
            if data.notes_more:
                lines.append(f"- and {data.notes_more} older notes (see 'kratomlog list').")
        else:
            lines.append("No notes in this period.")
        lines.append("")
    lines += ["## Help", "", md_text(data.help_intro), ""] + [f"- {md_text(t)}" for t in data.help_lines] + [""]
    lines += ["---", "", md_text(footer(data)), ""]
    if data.demo:
        lines += [f"> **{DEMO_LINE}**", ""]
    return "\n".join(lines)
