"""`buy`, `stock` and `spend`: what you bought, what is left, and what it cost (per currency)."""

from __future__ import annotations

from typing import Optional

import typer

from kratomlog.cli import options
from kratomlog.cli.edge import command, now, open_db, out, print_json
from kratomlog.core.invalid import Invalid
from kratomlog.cli import left_out


@command
def buy(
    strain: str = typer.Argument(..., help="The strain (product) you bought; a new name is created.", metavar="STRAIN"),
    amount: str = typer.Argument(..., metavar="AMOUNT", help="How much: 250g, 0.5kg, 4oz, or 100caps / 30tablets of a strain with a unit size."),
    batch: Optional[str] = typer.Option(None, "--batch", help="The batch code on the pack (a new code is added to the strain's batches).", metavar="CODE"),
    price: Optional[str] = typer.Option(None, "--price", help="What it cost, e.g. 24.99 (0 or more).", metavar="MONEY"),
    currency: Optional[str] = typer.Option(None, "--currency", help="Three-letter code (USD, EUR, GBP); default: your last purchase's.", metavar="CODE"),
    on: Optional[str] = typer.Option(None, "--on", help="The day you bought it (default now): today, yesterday, mon, 2026-11-20.", metavar="DAY"),
    vendor: Optional[str] = typer.Option(None, "--vendor", help="Who sold it.", metavar="TEXT"),
    note: Optional[str] = typer.Option(None, "--note", help="A free-text note.", metavar="TEXT"),
    new: bool = typer.Option(False, "--new", help="Create the strain even if its name is close to an existing one."),
) -> None:
    """Record a purchase (for stock and spend).

    Example: kratomlog buy "Red Bali" 250g --batch RB-0425 --price 24.99 --currency USD
    """
    from kratomlog.core.batches import clean_code, clean_label
    from kratomlog.core.purchases import parse_bought, parse_currency, parse_price
    from kratomlog.core.when import parse_day
    from kratomlog.render.lines import purchase_line
    from kratomlog.store.purchase_write import add_purchase
    from kratomlog.store.settings_store import load_settings

    current = now()
    bought = parse_bought(amount)
    money = parse_price(price) if price is not None else None
    code = clean_code(batch) if batch is not None else None
    chosen = parse_currency(currency) if currency is not None else None
    if chosen is not None and money is None:
        raise Invalid("--currency needs --price (e.g. --price 24.99 --currency USD)")
    fields = {"vendor": clean_label(vendor, "--vendor"), "note": options.note(note)}
    db = open_db()
    settings = load_settings(db)
    day = parse_day(on, current, settings) if on is not None else None
    logged = add_purchase(db, now=current, settings=settings, strain_name=strain, bought=bought, batch_code=code,
                          price=money, currency=chosen, day=day, fields=fields, new=new)
    if logged.strain_created:
        out(f"New strain {logged.strain!r} created; add details with: kratomlog strain edit {logged.strain!r} --vendor … --mitragynine …")
    if logged.batch_created:
        out(f"New batch {logged.batch} of {logged.strain} added (b{logged.batch_id})")
    out(purchase_line(logged))


@command
def stock(
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """What is left of each strain/batch: bought minus used since, and the days it lasts at your 14-day average.

    Example: kratomlog stock --json
    """
    from kratomlog.core.stock import stock_json
    from kratomlog.store.product_reads import stock_rows
    from kratomlog.store.settings_store import load_settings

    current = now()
    db = open_db()
    rows = [stock_json(r) for r in stock_rows(db.conn, current, load_settings(db))]
    if as_json:
        print_json(rows)
        left_out.note(db, stderr=True)  # a list cannot grow a key
        return
    if not rows:
        out("No purchases yet. Record one with: kratomlog buy STRAIN 250g --price 24.99 --currency USD")
    else:
        from kratomlog.render.products_view import stock_table

        stock_table(rows)
    left_out.note(db)


@command
def spend(
    weeks: int = typer.Option(8, "--weeks", help="How many weeks back, this one included (1–520).", metavar="N"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """Money spent per week, month and strain, cost per gram and per gram of mitragynine — per currency.

    Example: kratomlog spend --weeks 12 --json
    """
    from kratomlog.core.spend import spend_json
    from kratomlog.store.product_reads import spend_report
    from kratomlog.store.settings_store import load_settings

    if not 1 <= weeks <= 520:
        raise Invalid(f"--weeks takes a whole number from 1 to 520; got {weeks}")
    current = now()
    db = open_db()
    report = spend_json(spend_report(db.conn, current, load_settings(db), weeks))
    if as_json:
        print_json({**report, **left_out.json_part(db, kinds=("purchase",))})
        return
    from kratomlog.render.products_view import spend_view

    spend_view(report)
    left_out.note(db, kinds=("purchase",))
