"""Recording a purchase: one transaction that finds or creates the strain and the batch, checks the
amount against the strain's unit size and the currency default, then writes the purchase."""

from __future__ import annotations

from datetime import date
from kratomlog.core.records import NamedTuple

from kratomlog.core.batches import code_key
from kratomlog.core.days import day_start, today
from kratomlog.core.invalid import Invalid
from kratomlog.core.purchases import Bought, bought_grams
from kratomlog.core.settings import Settings
from kratomlog.store import batches as batch_store
from kratomlog.store import purchases as purchase_store
from kratomlog.store.model_rows import cold_recorder
from kratomlog.store.database import Database
from kratomlog.store.log_entries import resolve_strain


class LoggedPurchase(NamedTuple):
    id: int
    at: int
    strain: str
    strain_created: bool
    bought: Bought
    grams: float
    batch: str | None
    batch_id: int | None
    batch_created: bool
    price: float | None
    currency: str | None


def add_purchase(db: Database, *, now: int, settings: Settings, strain_name: str, bought: Bought,
                 batch_code: str | None, price: float | None, currency: str | None, day: date | None,
                 fields: dict, new: bool = False) -> LoggedPurchase:
    with db.write() as conn:
        recorder = cold_recorder(conn, now)
        strain, created, _ = resolve_strain(recorder, strain_name, new=new)
        grams = bought_grams(bought, strain.name, capsule_grams=strain.capsule_grams, form=strain.form,
                             unit_name=strain.unit_name, unit_grams=strain.unit_grams)
        if price is not None and currency is None:
            currency = purchase_store.last_currency(conn)
            if currency is None:
                raise Invalid("--price needs --currency the first time (a three-letter code such as USD, EUR, GBP); "
                              "later purchases default to the last one's")
        at = now if day is None else day_start(day, settings)
        batch, batch_created = None, False
        if batch_code is not None:
            batch = batch_store.find(conn, strain, batch_code)
            if batch is None:
                taken = conn.execute("SELECT 1 FROM batch WHERE code_key = ? AND strain_id != ?",
                                     (code_key(batch_code), strain.id)).fetchone()
                if taken:
                    batch_store.require(conn, strain, batch_code)  # raises: the code belongs to another strain
                batch_id = batch_store.add(recorder, strain, {
                    "code": batch_code, "bought_on": day or today(now, settings),
                    "vendor": fields.get("vendor")})
                batch, batch_created = batch_store.get(conn, batch_id), True
        purchase_id = purchase_store.add(recorder, {
            "at": at, "strain_id": strain.id, "batch_id": batch.id if batch else None, "amount": bought.value,
            "unit": bought.unit, "grams": grams, "price": price, "currency": currency if price is not None else None,
            **fields,
        })
    return LoggedPurchase(purchase_id, at, strain.name, created, bought, grams, batch.code if batch else None,
                          batch.id if batch else None, batch_created, price, currency if price is not None else None)
