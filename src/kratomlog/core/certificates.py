"""Lab certificates (COA) of a batch and the checks they are held to (EVIDENCE.md §5).

- Heavy metals: USP ⟨2232⟩ daily limits for dietary supplements (lead 5, cadmium 5, inorganic
  arsenic 15, total mercury 15 µg/day); daily intake = ppm (µg/g) × the person's own mean grams
  per day over the last 14 finished days.
- Microbial tests (Salmonella, E. coli, yeast and mould): a failed test fails the certificate
  (CDC 2017–18 Salmonella outbreak).
- 7-OH share of the alkaloids a certificate reports, 7-OH ÷ (mitragynine + 7-OH), above 2%
  (Oklahoma's Kratom Consumer Protection Act; the AKA's GMP standard claims the same).
An independent lab's certificate and a vendor's own claim are different evidence and are kept
apart; a batch without a certificate is "not tested", never "safe".
"""

from __future__ import annotations

import math
from datetime import date
from kratomlog.core.records import NamedTuple

from kratomlog.core.invalid import Invalid


class Metal(NamedTuple):
    key: str  # column and option name: lead, arsenic, cadmium, mercury
    name: str  # as shown: "lead", "inorganic arsenic"
    limit_ug_per_day: float


# USP ⟨2232⟩ daily limits (EVIDENCE.md §5).
METALS: tuple[Metal, ...] = (
    Metal("lead", "lead", 5.0),
    Metal("arsenic", "inorganic arsenic", 15.0),
    Metal("cadmium", "cadmium", 5.0),
    Metal("mercury", "mercury", 15.0),
)
METAL_MAX_PPM = 1000.0  # above this a value is a typo, not a measurement (bad input)
USP_SOURCE = "USP ⟨2232⟩"


class Microbe(NamedTuple):
    key: str  # column name: salmonella, e_coli, yeast_mould
    option: str  # option name: salmonella, e-coli, yeast-mould
    name: str  # as shown


MICROBES: tuple[Microbe, ...] = (
    Microbe("salmonella", "salmonella", "Salmonella"),
    Microbe("e_coli", "e-coli", "E. coli"),
    Microbe("yeast_mould", "yeast-mould", "yeast and mould"),
)
MICROBE_RESULTS = ("pass", "fail")
MICROBE_SOURCE = "CDC 2018 Salmonella outbreak"

SEVEN_OH_SHARE_LIMIT_PCT = 2.0  # of the alkaloid fraction
SEVEN_OH_SOURCE = "Oklahoma Kratom Consumer Protection Act; AKA GMP standard (a vendor association)"

SOURCES = ("independent", "vendor-claim")
SOURCE_NAMES = {"independent": "independent lab", "vendor-claim": "vendor's own claim"}
NOT_TESTED = "not tested (no certificate) — which is not the same as safe"


class Certificate(NamedTuple):
    tested: date
    lab: str
    source: str  # "independent" | "vendor-claim"
    mitragynine_pct: float | None = None
    seven_oh_pct: float | None = None
    lead: float | None = None  # ppm = µg/g
    arsenic: float | None = None
    cadmium: float | None = None
    mercury: float | None = None
    salmonella: str | None = None  # "pass" | "fail" | None (not tested)
    e_coli: str | None = None
    yeast_mould: str | None = None
    file_name: str | None = None
    file_sha256: str | None = None
    batch_id: int | None = None
    id: int | None = None


class Finding(NamedTuple):
    check: str  # "lead", …, "salmonella", …, "7-oh-share"
    status: str  # "fail" | "pass" | "not-checked"
    message: str
    value: float | None  # µg/day, share %, or None
    limit: float | None
    basis: str  # "evidence"
    source: str


# ---------------------------------------------------------------- validation


def check_ppm(metal: str, value: float) -> float:
    if not math.isfinite(value) or value < 0 or value > METAL_MAX_PPM:
        raise Invalid(f"--{metal} takes parts per million (µg/g) from 0 to {METAL_MAX_PPM:g}; got {value!r}")
    return float(value)


def check_pct(option: str, value: float) -> float:
    if not math.isfinite(value) or value < 0 or value > 100:
        raise Invalid(f"{option} takes a percentage from 0 to 100; got {value!r}")
    return float(value)


def check_microbe(option: str, value: str) -> str:
    result = value.strip().lower()
    if result not in MICROBE_RESULTS:
        raise Invalid(f"--{option} takes pass or fail; got {value!r}")
    return result


def tested_problem(tested: date, today: date) -> str | None:
    """Why a certificate cannot be dated `tested` (the command line, `edit` and import say it alike)."""
    if tested > today:
        return f"{tested.isoformat()} is in the future; a certificate is dated on or before today"
    return None


def check_tested(tested: date, today: date) -> date:
    problem = tested_problem(tested, today)
    if problem:
        raise Invalid(f"--tested {problem}")
    return tested


def check_source(independent: bool, vendor_claim: bool) -> str:
    if independent and vendor_claim:
        raise Invalid("a certificate is either --independent or --vendor-claim, not both")
    return "vendor-claim" if vendor_claim else "independent"


# ---------------------------------------------------------------- checks


def _num(x: float) -> str:
    """1 decimal without a trailing .0 (9.2, 5, 0.3)."""
    return f"{round(x, 1):g}"


def _near(x: float, limit: float) -> str:
    """x to 1 decimal, or more when 1 decimal would read as the limit itself (5.04 is not 5)."""
    for places in (1, 2, 3):
        shown = f"{round(x, places):.{places}f}".rstrip("0").rstrip(".")
        if x == limit or float(shown) != limit:
            return shown
    return f"{x:.4g}"


def intake_ug_per_day(ppm: float, grams_per_day: float) -> float:
    """µg a day of a metal at `grams_per_day` of a product holding `ppm` µg/g."""
    return ppm * grams_per_day


def intake_text(metal: Metal, ppm: float, grams_per_day: float) -> str:
    """'at your average 9.2 g a day, lead from this batch is about 7.4 µg a day, above the 5 µg limit'."""
    intake = intake_ug_per_day(ppm, grams_per_day)
    limit = metal.limit_ug_per_day
    side = "above" if intake > limit else "within"
    return (f"at your average {_num(grams_per_day)} g a day, {metal.name} from this batch is about "
            f"{_near(intake, limit)} µg a day, {side} the {_num(limit)} µg limit")


def seven_oh_share_pct(mitragynine_pct: float, seven_oh_pct: float) -> float | None:
    """7-OH ÷ (mitragynine + 7-OH) in percent; None when both are 0."""
    total = mitragynine_pct + seven_oh_pct
    if total <= 0:
        return None
    return seven_oh_pct / total * 100


def _metal_finding(cert: Certificate, metal: Metal, grams_per_day: float) -> Finding:
    ppm = getattr(cert, metal.key)
    if ppm is None:
        return Finding(metal.key, "not-checked", f"{metal.name}: not on the certificate.", None,
                       metal.limit_ug_per_day, "evidence", USP_SOURCE)
    intake = intake_ug_per_day(ppm, grams_per_day)
    status = "fail" if intake > metal.limit_ug_per_day else "pass"
    return Finding(metal.key, status, f"{metal.name} {ppm:g} ppm: {intake_text(metal, ppm, grams_per_day)}.",
                   intake, metal.limit_ug_per_day, "evidence", USP_SOURCE)


def _microbe_finding(cert: Certificate, microbe: Microbe) -> Finding:
    result = getattr(cert, microbe.key)
    if result is None:
        return Finding(microbe.key, "not-checked", f"{microbe.name}: not on the certificate.", None, None,
                       "evidence", MICROBE_SOURCE)
    text = "failed the test" if result == "fail" else "passed the test"
    return Finding(microbe.key, result, f"{microbe.name}: {text}.", None, None, "evidence", MICROBE_SOURCE)


def _share_finding(cert: Certificate) -> Finding:
    limit = SEVEN_OH_SHARE_LIMIT_PCT
    if cert.seven_oh_pct is None or cert.mitragynine_pct is None:
        missing = "7-OH" if cert.seven_oh_pct is None else "mitragynine"
        return Finding("7-oh-share", "not-checked",
                       f"7-OH share of the alkaloids: cannot be worked out ({missing} is not on the certificate).",
                       None, limit, "evidence", SEVEN_OH_SOURCE)
    share = seven_oh_share_pct(cert.mitragynine_pct, cert.seven_oh_pct)
    if share is None:
        return Finding("7-oh-share", "not-checked",
                       "7-OH share of the alkaloids: cannot be worked out (no mitragynine and no 7-OH found).",
                       None, limit, "evidence", SEVEN_OH_SOURCE)
    side = "above" if share > limit else "within"
    return Finding(
        "7-oh-share", "fail" if share > limit else "pass",
        f"7-OH is {_near(share, limit)}% of the alkaloids on the certificate "
        f"({cert.seven_oh_pct:g}% 7-OH, {cert.mitragynine_pct:g}% mitragynine), {side} the {_num(limit)}% cap.",
        share, limit, "evidence", SEVEN_OH_SOURCE)


def certificate_findings(cert: Certificate, grams_per_day: float) -> list[Finding]:
    """Every check of one certificate, metals at the person's own mean grams per day."""
    return ([_metal_finding(cert, metal, grams_per_day) for metal in METALS]
            + [_microbe_finding(cert, microbe) for microbe in MICROBES]
            + [_share_finding(cert)])


def failures(cert: Certificate, grams_per_day: float) -> list[Finding]:
    return [f for f in certificate_findings(cert, grams_per_day) if f.status == "fail"]


def batch_status(certs: list[Certificate], grams_per_day: float) -> str:
    """'not tested' | 'fails a check' | 'passes the checks it reports' (per the worst certificate)."""
    if not certs:
        return "not tested"
    if any(failures(c, grams_per_day) for c in certs):
        return "fails a check"
    return "passes the checks it reports"


def source_name(source: str) -> str:
    return SOURCE_NAMES.get(source, source)


def certificate_json(cert: Certificate, grams_per_day: float) -> dict:
    """Keys: id (c12), tested_on, lab, source, the alkaloid %, metal ppm and microbe results as given,
    file_name, file_sha256, and findings [{check, status, message, value, limit, basis, source}]."""
    return {
        "id": f"c{cert.id}" if cert.id is not None else None,
        "tested_on": cert.tested.isoformat(),
        "lab": cert.lab,
        "source": cert.source,
        "mitragynine_pct": cert.mitragynine_pct,
        "seven_oh_pct": cert.seven_oh_pct,
        **{m.key: getattr(cert, m.key) for m in METALS},
        **{m.key: getattr(cert, m.key) for m in MICROBES},
        "file_name": cert.file_name,
        "file_sha256": cert.file_sha256,
        "findings": [f._asdict() for f in certificate_findings(cert, grams_per_day)],
    }
