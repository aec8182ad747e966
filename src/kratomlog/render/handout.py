"""The client handout (`demo handout`): one printable page for someone who keeps a paper log — what to
note each time, a blank one-week log grid, the withdrawal checklist with its 0–4 scale, the warning
patterns in plain words, and the help lines.

Self-contained HTML: no script, no external resource, no web font; black on white, readable in
black and white; laid out to fit one A4 or US Letter page (210 × 279 mm, the smaller of each side).
Plain values in (the instrument, the patterns, the help lines); every text is HTML-escaped.
"""

from __future__ import annotations

from html import escape
from typing import Sequence

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DOSE_ROWS = 4

_CSS = """
@page { margin: 10mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 8.2pt;
       line-height: 1.25; color: #000; background: #fff; }
main { width: 190mm; margin: 0 auto; }
h1 { font-size: 14pt; margin: 0 0 1mm 0; }
h2 { font-size: 10pt; margin: 2.2mm 0 1mm 0; border-bottom: 0.4pt solid #000; padding-bottom: 0.5mm; }
p { margin: 0.6mm 0; }
.lead { font-size: 8.8pt; }
.cols { display: flex; gap: 5mm; }
.cols > section { flex: 1 1 0; }
ul { margin: 0.5mm 0 0 0; padding-left: 4mm; }
ul.two { columns: 2; column-gap: 6mm; }
li { margin: 0.3mm 0; }
table { border-collapse: collapse; width: 100%; }
table.log { table-layout: fixed; }
th, td { border: 0.5pt solid #000; padding: 0.6mm 1mm; vertical-align: top; text-align: left; }
table.log td { height: 7mm; }
table.log th.row { width: 34mm; font-weight: normal; }
table.log th.day { text-align: center; }
table.sows td, table.sows th { padding: 0.15mm 1mm; }
table.sows td.box { width: 5mm; text-align: center; color: #444; }
table.sows td.item { width: auto; }
.small { font-size: 7.6pt; }
.help { border: 1pt solid #000; padding: 1.2mm 2mm; margin-top: 2mm; }
section, table, .help { break-inside: avoid; page-break-inside: avoid; }
"""


def _list(lines: Sequence[str], css_class: str = "") -> str:
    opening = f'<ul class="{css_class}">' if css_class else "<ul>"
    return opening + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>"


def _log_grid() -> str:
    head = "".join(f'<th class="day">{day}</th>' for day in DAYS)
    rows = [f'<tr><th class="row">Dose {n} <span class="small">time · amount · product · why</span></th>'
            + "<td></td>" * len(DAYS) + "</tr>" for n in range(1, DOSE_ROWS + 1)]
    for label in ("Stress 0–10", "Craving 0–10", "No kratom today ☐"):
        rows.append(f'<tr><th class="row">{escape(label)}</th>' + "<td></td>" * len(DAYS) + "</tr>")
    return f'<table class="log"><tr><th class="row">Week of ______</th>{head}</tr>{"".join(rows)}</table>'


def _checklist(items: Sequence[str], anchors: Sequence[tuple[int, str]]) -> str:
    values = "".join(f'<th class="small">{value}</th>' for value, _ in anchors)
    rows = "".join(
        f'<tr><td class="item">{n}. {escape(text)}</td>' + "".join('<td class="box">○</td>' for _ in anchors) + "</tr>"
        for n, text in enumerate(items, start=1)
    )
    return f'<table class="sows"><tr><th>Right now…</th>{values}</tr>{rows}</table>'


def handout_html(
    *,
    note_each_time: Sequence[str],
    checklist_title: str,
    checklist_items: Sequence[str],
    checklist_anchors: Sequence[tuple[int, str]],
    checklist_source: str,
    checklist_total_max: int,
    patterns: Sequence[tuple[str, str]],
    help_intro: str,
    help_lines: Sequence[str],
    not_a_diagnosis: str,
    tool_line: str,
    page_size: str | None = None,
) -> str:
    """The whole page. `patterns` are (title, plain words); `page_size` (e.g. "A4", "letter") sets
    the paper in @page, else the browser's or printer's own is used."""
    anchors = ", ".join(f"{value} {label}" for value, label in checklist_anchors)
    css = _CSS + (f"@page {{ size: {page_size}; margin: 10mm; }}\n" if page_size else "")
    pattern_lines = "".join(f"<li><b>{escape(title)}:</b> {escape(words)}</li>" for title, words in patterns)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Keeping a kratom log — a one-page guide</title>
<style>{css}</style>
</head>
<body>
<main>
<h1>Keeping a kratom log</h1>
<p class="lead">A private record helps you see your own patterns — tolerance, rising amounts, withdrawal —
early, and gives you something concrete to talk over if you want to. Nobody else needs to see it.</p>
<h2>What to note each time</h2>
{_list(note_each_time, "two")}
<h2>One week on paper</h2>
{_log_grid()}
<div class="cols">
<section>
<h2>{escape(checklist_title)}</h2>
<p class="small">Circle one number for each line, for how you feel right now: {escape(anchors)}.
Add up all {len(checklist_items)} lines for a total out of {checklist_total_max}; a partly filled
checklist has no total. Compare with your own earlier totals. {escape(not_a_diagnosis.capitalize())}.</p>
{_checklist(checklist_items, checklist_anchors)}
<p class="small">{escape(checklist_source)}</p>
</section>
<section>
<h2>Patterns worth noticing</h2>
<ul>{pattern_lines}</ul>
</section>
</div>
<div class="help">
<p><b>{escape(help_intro)}</b></p>
{_list(help_lines)}
</div>
<p class="small">{escape(tool_line)}</p>
</main>
</body>
</html>
"""
