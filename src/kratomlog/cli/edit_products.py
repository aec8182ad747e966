"""`edit` of purchases (p7: the options of `buy`), batches (b2) and certificates (c3: `--set KEY=VALUE`
with the option names of `batch add` / `coa add`; `KEY=` clears an optional value). Every value is
validated before the one write transaction."""

from __future__ import annotations

from typing import Callable

from kratomlog.cli.edge import open_db, out
from kratomlog.core.invalid import Invalid


def _number(key: str, text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise Invalid(f"--set {key}= takes a number; got {text!r}") from None


def _batch_keys(current: int, settings) -> dict[str, tuple[str, Callable[[str], object], bool]]:
    """--set key → (column, parser, may be cleared)."""
    from kratomlog.core.batches import check_mitragynine, check_seven_oh, clean_code, clean_label
    from kratomlog.core.when import parse_day

    return {
        "code": ("code", clean_code, False),
        "bought": ("bought_on", lambda v: parse_day(v, current, settings), True),
        "vendor": ("vendor", lambda v: clean_label(v, "vendor"), True),
        "mitragynine": ("mitragynine_pct", lambda v: check_mitragynine(_number("mitragynine", v)), True),
        "7oh-mg-per-g": ("seven_oh_mg_per_g", lambda v: check_seven_oh(_number("7oh-mg-per-g", v), "7oh-mg-per-g"), True),
        "7oh-mg-per-unit": ("seven_oh_mg_per_unit",
                            lambda v: check_seven_oh(_number("7oh-mg-per-unit", v), "7oh-mg-per-unit"), True),
    }


def _certificate_keys(current: int, settings) -> dict[str, tuple[str, Callable[[str], object], bool]]:
    from kratomlog.core import certificates as c
    from kratomlog.core.batches import clean_label
    from kratomlog.core.when import parse_day

    def source(value: str) -> str:
        if value.strip().lower() not in c.SOURCES:
            raise Invalid(f"--set source= takes {' or '.join(c.SOURCES)}; got {value!r}")
        return value.strip().lower()

    def lab(value: str) -> str:
        cleaned = clean_label(value, "lab")
        if not cleaned:
            raise Invalid("--set lab= needs the laboratory's name")
        return cleaned

    keys = {
        "lab": ("lab", lab, False),
        "tested": ("tested_on", lambda v: parse_day(v, current, settings), False),
        "source": ("source", source, False),
        "mitragynine": ("mitragynine_pct", lambda v: c.check_pct("mitragynine", _number("mitragynine", v)), True),
        "7oh-pct": ("seven_oh_pct", lambda v: c.check_pct("7oh-pct", _number("7oh-pct", v)), True),
    }
    for metal in c.METALS:
        keys[metal.key] = (metal.key, lambda v, m=metal.key: c.check_ppm(m, _number(m, v)), True)
    for microbe in c.MICROBES:
        keys[microbe.option] = (microbe.key, lambda v, m=microbe.option: c.check_microbe(m, v), True)
    return keys


def parse_sets(items: list[str], keys: dict, label: str) -> dict:
    changes: dict = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip().lower()
        if not sep or key not in keys:
            raise Invalid(f"--set {item!r}: {label} takes KEY=VALUE with KEY one of {', '.join(keys)}")
        column, parse, clearable = keys[key]
        if value.strip() == "":
            if not clearable:
                raise Invalid(f"--set {key}= cannot be cleared; give a value")
            changes[column] = None
        else:
            changes[column] = parse(value.strip())
    return changes


def edit_product_kind(kind: str, label: str, entry_id: int, current: int, *, amount, strain, at, reason, note,
                      note_given, stress, craving, pain, on, substance, scores, item, new, yes, batch, price,
                      currency, vendor, set_) -> None:
    from kratomlog.cli.edit_checks import not_for as _not_for, nothing_to_change as _nothing

    common = {"--reason": reason, "--stress": stress, "--craving": craving, "--pain": pain,
              "--substance": substance, "--scores": scores, "--item": item, "--at": at}
    if kind == "purchase":
        _not_for(kind, label, {**common, "--set": set_})
        _edit_purchase(label, entry_id, current, amount, strain, batch, price, currency, on, vendor, note,
                       note_given, new)
        return
    _not_for(kind, label, {**common, "--amount": amount, "--strain": strain, "--batch": batch, "--price": price,
                           "--currency": currency, "--on": on, **({"--vendor": vendor} if kind == "certificate" else {})})
    from kratomlog.core.batches import clean_label
    from kratomlog.store.settings_store import load_settings

    if not set_ and not note_given and vendor is None:
        _nothing(label, kind)
    db = open_db()
    settings = load_settings(db)
    keys = _batch_keys(current, settings) if kind == "batch" else _certificate_keys(current, settings)
    changes = parse_sets(set_, keys, label)
    if note_given:
        changes["note"] = note
    if vendor is not None:
        changes["vendor"] = clean_label(vendor, "--vendor")
    if kind == "batch":
        from kratomlog.store.product_edit import edit_batch

        if changes.get("seven_oh_mg_per_g") is not None and changes.get("seven_oh_mg_per_unit") is not None:
            raise Invalid("give 7oh-mg-per-g or 7oh-mg-per-unit, not both")
        edit_batch(db, now=current, entry_id=entry_id, label=label, changes=changes)
    else:
        from kratomlog.core.days import today
        from kratomlog.store.product_edit import edit_certificate

        edit_certificate(db, now=current, entry_id=entry_id, label=label, changes=changes,
                         today=today(current, settings))
    _show_after(db, settings, kind, entry_id, label)


def _edit_purchase(label, entry_id, current, amount, strain, batch, price, currency, on, vendor, note, note_given,
                   new) -> None:
    from kratomlog.cli.edit_checks import nothing_to_change as _nothing
    from kratomlog.core.batches import clean_code, clean_label
    from kratomlog.core.purchases import parse_bought, parse_currency, parse_price
    from kratomlog.core.when import parse_day
    from kratomlog.store.product_edit import edit_purchase
    from kratomlog.store.settings_store import load_settings

    if all(v is None for v in (amount, strain, batch, price, currency, on, vendor)) and not note_given:
        _nothing(label, "purchase")
    bought = parse_bought(amount) if amount is not None else None
    money = parse_price(price) if price is not None else None
    chosen = parse_currency(currency) if currency is not None else None
    code = clean_code(batch) if batch is not None else None
    fields: dict = {}
    if vendor is not None:
        fields["vendor"] = clean_label(vendor, "--vendor")
    if note_given:
        fields["note"] = note
    db = open_db()
    settings = load_settings(db)
    day = parse_day(on, current, settings) if on is not None else None
    edit_purchase(db, now=current, settings=settings, entry_id=entry_id, label=label, bought=bought,
                  strain_name=strain, batch_code=code, price=money, currency=chosen, day=day, fields=fields, new=new)
    _show_after(db, settings, "purchase", entry_id, label)


def _show_after(db, settings, kind: str, entry_id: int, label: str) -> None:
    from kratomlog.render.tables import describe
    from kratomlog.store.entries_read import get_entry

    out(f"Updated {label}: {describe(get_entry(db.conn, settings, kind, entry_id))}")
