"""Rich views of products: batches, a batch's certificates and their checks, stock, and spend.
Takes plain values (core records and dicts); user text reaches Rich as `Text`, never as markup."""

from __future__ import annotations

from kratomlog.core.certificates import NOT_TESTED, source_name
from kratomlog.core.purchases import money
from kratomlog.core.stock import USED_MORE
from kratomlog.core.safe_text import for_display
from kratomlog.render.console import make_console
from kratomlog.render.lines import number_text


def _t(value) -> "object":
    """User text as a Rich Text: never markup, control characters made visible."""
    from rich.text import Text

    return Text("" if value is None else for_display(str(value), newlines=False))


def _n(value: float | None, suffix: str = "") -> str:
    return "" if value is None else number_text(value) + suffix


def seven_oh_text(per_g: float | None, per_unit: float | None) -> str:
    if per_g is not None:
        return f"{number_text(per_g)} mg/g"
    if per_unit is not None:
        return f"{number_text(per_unit)} mg/unit"
    return ""


def _label(r: dict) -> str:
    parts = []
    if r["mitragynine_pct"] is not None:
        parts.append(f"{number_text(r['mitragynine_pct'])}% mitr.")
    seven_oh = seven_oh_text(r["seven_oh_mg_per_g"], r["seven_oh_mg_per_unit"])
    if seven_oh:
        parts.append(f"7-OH {seven_oh}")
    return ", ".join(parts)


def batch_table(rows: list[dict], console=None) -> None:
    """rows: batch_json dicts (the vendor and note are in --json)."""
    from rich.table import Table

    console = console or make_console()
    table = Table(title="Batches", title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column("strain", min_width=8)
    table.add_column("batch", min_width=8, overflow="fold")
    table.add_column("bought", no_wrap=True)
    table.add_column("label")
    table.add_column("doses", justify="right", min_width=5)
    table.add_column("lab certificate", min_width=10)
    for r in rows:
        code = r["code"] + (" (in use)" if r["in_use"] else "")
        table.add_row(r["id"], _t(r["strain"]), _t(code), r["bought_on"] or "", _label(r), str(r["doses"]),
                      _t(r["status"]))
    console.print(table)


def certificate_view(strain: str, code: str, certs: list[dict], grams_per_day: float, console=None) -> None:
    """certs: certificate_json dicts, newest first, each with its findings."""
    from rich.text import Text

    console = console or make_console()
    console.print(Text(for_display(f"Batch {code} of {strain}", newlines=False), style="bold"))
    if not certs:
        console.print(Text(f"No certificate: {NOT_TESTED}."))
        return
    console.print(Text(f"Metals are checked at your own average of {number_text(grams_per_day)} g a day over the "
                       "last 14 finished days (USP ⟨2232⟩ daily limits)."))
    for group, title in (("independent", "Independent lab tests"), ("vendor-claim", "Vendor's own claims")):
        chosen = [c for c in certs if c["source"] == group]
        if not chosen:
            continue
        console.print()
        console.print(Text(title, style="bold"))
        for c in chosen:
            head = f"{c['id']} · {c['lab']} · tested {c['tested_on']} · {source_name(c['source'])}"
            if c["file_name"]:
                head += f" · file {c['file_name']} (sha256 {c['file_sha256'][:12]}…)"
            console.print(Text(for_display(head, newlines=False)))
            alkaloids = []
            if c["mitragynine_pct"] is not None:
                alkaloids.append(f"mitragynine {number_text(c['mitragynine_pct'])}%")
            if c["seven_oh_pct"] is not None:
                alkaloids.append(f"7-OH {c['seven_oh_pct']:g}%")
            if alkaloids:
                console.print(Text("  alkaloids: " + ", ".join(alkaloids)))
            for f in c["findings"]:
                if f["status"] == "not-checked":
                    continue
                mark, style = ("FAIL", "bold red") if f["status"] == "fail" else ("ok", None)
                console.print(Text(f"  {mark:>4}  {f['message']} ({f['basis']}: {f['source']})", style=style))
            missing = [f["message"].split(":")[0] for f in c["findings"] if f["status"] == "not-checked"]
            if missing:
                console.print(Text("     —  not on the certificate, so not checked: " + ", ".join(missing)))
    console.print()
    console.print(Text("An independent lab's certificate and a vendor's own claim are not the same evidence."))


def stock_table(rows: list[dict], console=None) -> None:
    from rich.table import Table

    console = console or make_console()
    table = Table(title="Stock (bought minus used since)", title_justify="left")
    table.add_column("strain")
    table.add_column("batch", overflow="fold")
    for column in ("bought g", "used g", "left g", "g/day (14 d)", "days left"):
        table.add_column(column, justify="right")
    over = []
    for r in rows:
        left = _n(r["left_g"])
        if r["used_more_than_bought"]:
            left = "used more"
            over.append(f"{r['strain']} ({'batch ' + r['batch'] if r['batch'] else 'any batch'}): {USED_MORE}, "
                        f"by {number_text(-r['left_g'])} g")
        table.add_row(_t(r["strain"]), _t(r["batch"] or "any"), _n(r["bought_g"]), _n(r["used_g"]),
                      left, _n(r["per_day_g"]), "" if r["days_left"] is None else str(r["days_left"]))
    console.print(table)
    from rich.text import Text

    for line in over:
        console.print(Text(for_display(line, newlines=False) + " — a purchase may be missing, or doses were logged against the wrong "
                                  "strain or batch."))


def _totals(totals: dict) -> str:
    return " · ".join(money(v, c) for c, v in totals.items()) or "—"


def spend_view(report: dict, console=None) -> None:
    """report: spend_json's dict."""
    from rich.table import Table
    from rich.text import Text

    console = console or make_console()
    weeks = Table(title=f"Spend by week ({report['first']} to {report['last']})", title_justify="left")
    weeks.add_column("week of")
    weeks.add_column("spent (per currency, never mixed)")
    for w in report["weeks"]:
        weeks.add_row(w["period"], _totals(w["totals"]))
    console.print(weeks)
    months = Table(title="By month", title_justify="left")
    months.add_column("month")
    months.add_column("spent")
    for m in report["months"]:
        months.add_row(m["period"] + ("" if m["first"].endswith("-01") else f" (from {m['first']})"), _totals(m["totals"]))
    console.print(months)
    if report["strains"]:
        strains = Table(title="By strain", title_justify="left")
        for column in ("strain", "spent", "grams", "per g", "per g mitragynine"):
            strains.add_column(column)
        for s in report["strains"]:
            per_m = "" if s["cost_per_g_mitragynine"] is None else money(s["cost_per_g_mitragynine"], s["currency"])
            if per_m and s["estimated"]:
                per_m += " (est.)"
            strains.add_row(_t(s["strain"]), money(s["spent"], s["currency"]), _n(s["grams"]),
                            "" if s["cost_per_g"] is None else money(s["cost_per_g"], s["currency"]), per_m or "unknown")
        console.print(strains)
    console.print(Text(f"Total: {_totals(report['totals'])}"))
    if report["unpriced"]:
        console.print(Text(f"{report['unpriced']} purchase(s) without a price are not counted here."))
    console.print(Text("Cost per gram of mitragynine uses the batch's label value, else the strain's, else the "
                       "1.5% leaf default (est.); extracts without a label value are 'unknown'."))


def week_spend_line(console, spent: dict) -> None:
    """'Spent: 24.99 USD this week · 10.00 EUR last week (per currency, never mixed)'."""
    from rich.text import Text

    from kratomlog.core.spend import totals_text

    console.print(Text(f"Spent: {totals_text(spent['week'])} this week · {totals_text(spent['previous'])} the week "
                       "before (per currency, never mixed) — see 'kratomlog spend'"), highlight=False)


def trends_spend_line(console, weeks: list[dict]) -> None:
    """'Spent over these 8 weeks: 54.99 USD · 10.00 EUR; this week: 24.99 USD'."""
    from rich.text import Text

    from kratomlog.core.spend import sum_totals, totals_text

    total = sum_totals(w["totals"] for w in weeks)
    console.print(Text(f"Spent over these {len(weeks)} weeks: {totals_text(total)}; "
                       f"this week: {totals_text(weeks[-1]['totals'])} (per currency, never mixed) — see "
                       "'kratomlog spend'"), highlight=False)
