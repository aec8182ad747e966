"""The demo person's products: a batch for each strain (the one its doses come from), purchases that
keep up with what the person uses, and lab certificates — in the `tapering` scenario one
independent certificate whose lead content is above the USP ⟨2232⟩ limit at the person's own
14-day mean grams a day (so `contaminant` teaches the intake arithmetic), one vendor's claim that
passes, and the other batches not tested. Pure and seeded: the same arguments give the same data."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date

from kratomlog.core.certificates import METALS
from kratomlog.core.settings import Settings
from kratomlog.core.stock import mean_grams_per_day

FAILING_SCENARIO = "tapering"
PACK_GRAMS = {"powder": 250.0, "capsule": 50.0}  # 250 g bags; 100 capsules of 0.5 g
PRICE_PER_G = {"powder": (0.07, 0.12), "capsule": (0.18, 0.25)}  # USD, fictional
CURRENCY = "USD"
LEAD_OVER = 1.3  # the failing certificate's lead gives 1.3 × the limit at the person's mean


@dataclass(frozen=True)
class DemoBatch:
    strain: str
    code: str
    bought_on: date
    vendor: str


@dataclass(frozen=True)
class DemoCertificate:
    strain: str
    batch: str
    lab: str
    tested_on: date
    source: str  # "independent" | "vendor-claim"
    mitragynine_pct: float | None
    seven_oh_pct: float | None
    lead: float | None
    arsenic: float | None
    cadmium: float | None
    mercury: float | None
    salmonella: str | None
    e_coli: str | None
    yeast_mould: str | None


@dataclass(frozen=True)
class DemoPurchase:
    at: int
    strain: str
    batch: str
    amount: float
    unit: str
    grams: float
    price: float
    currency: str


def _day_of(at: int, settings: Settings) -> date:
    from kratomlog.core.days import local_day

    return local_day(at, settings)


def with_products(data, scenario: str, seed: int, now: int, settings: Settings = Settings()):
    """`data` (a DemoData) with batches, purchases and certificates added."""
    rng = random.Random(f"kratomlog-demo-products:{scenario}:{seed}")
    by_strain = {s.name: s for s in data.strains}
    batches, purchases = [], []
    for strain in data.strains:
        doses = [d for d in data.doses if d.strain == strain.name]
        if not doses:
            continue
        form = strain.form if strain.form in PACK_GRAMS else "powder"
        pack = PACK_GRAMS[form]
        price = round(pack * rng.uniform(*PRICE_PER_G[form]), 2)
        batches.append(DemoBatch(strain.name, strain.batch, _day_of(doses[0].at, settings), strain.vendor))
        left = 0.0
        for dose in doses:
            if left < dose.grams:
                count = pack / strain.capsule_grams if form == "capsule" and strain.capsule_grams else pack
                unit = "caps" if form == "capsule" and strain.capsule_grams else "g"
                purchases.append(DemoPurchase(dose.at - 3600, strain.name, strain.batch, count, unit, pack, price,
                                              CURRENCY))
                left += pack
            left -= dose.grams
    certificates = []
    if scenario == FAILING_SCENARIO and batches:
        recent = [d for d in data.doses if d.at >= now - 30 * 86400]
        most = max(by_strain, key=lambda name: sum(d.grams for d in recent if d.strain == name))
        per_day = mean_grams_per_day(data.doses, now, settings)
        lead_limit = next(m.limit_ug_per_day for m in METALS if m.key == "lead")
        failing = next(b for b in batches if b.strain == most)
        certificates.append(DemoCertificate(
            failing.strain, failing.code, "Riverside Labs", failing.bought_on, "independent",
            by_strain[most].mitragynine_pct or 1.4, 0.02, round(LEAD_OVER * lead_limit / max(per_day, 0.1), 2),
            0.3, 0.1, 0.02, "pass", "pass", "pass"))
        others = [b for b in batches if b.strain != most]
        if others:
            claimed = others[0]
            certificates.append(DemoCertificate(
                claimed.strain, claimed.code, claimed.vendor, claimed.bought_on, "vendor-claim", 1.5, 0.01, 0.1,
                0.1, 0.05, 0.01, "pass", "pass", "pass"))
    return replace(data, batches=tuple(batches), purchases=tuple(p for p in purchases if p.at <= now),
                   certificates=tuple(certificates))
