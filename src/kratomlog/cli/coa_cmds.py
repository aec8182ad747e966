"""`kratomlog coa …`: lab certificates (COA) of a batch — add one, show a batch's certificates and
the checks they are held to (EVIDENCE.md §5). Only a certificate file's name and SHA-256 are kept."""

from __future__ import annotations

from typing import Optional

import typer

from kratomlog.cli import options
from kratomlog.cli.edge import command, now, open_db, out, print_json
from kratomlog.core.invalid import Invalid

app = typer.Typer(help="Lab certificates of a batch: alkaloids, heavy metals, microbial tests; checks against "
                       "USP ⟨2232⟩ limits, failed microbial tests and the 2% 7-OH cap.", no_args_is_help=True)

PASS_FAIL = "pass or fail"


def file_fingerprint(path_text: str) -> tuple[str, str]:
    """(file name, SHA-256 hex) of a certificate file; the file itself is never stored."""
    import hashlib
    import os
    import stat
    from pathlib import Path

    from kratomlog.core.safe_text import check_text

    path = Path(path_text)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise Invalid(f"--file {path_text!r}: no such file") from None
    if not stat.S_ISREG(info.st_mode):
        raise Invalid(f"--file {path_text!r} is not a regular file (give the certificate's PDF or image)")
    try:
        check_text(path.name, "the certificate file's name")
    except Invalid as error:  # the name is kept and shown as text: it must be clean text
        raise Invalid(f"{error}; rename the file") from None
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return path.name, digest.hexdigest()


@app.command("add")
@command
def add(
    strain: str = typer.Argument(..., help="The strain.", metavar="STRAIN"),
    code: str = typer.Argument(..., help="The batch code the certificate is for.", metavar="CODE"),
    lab: str = typer.Option(..., "--lab", help="The laboratory that tested it.", metavar="TEXT"),
    tested: str = typer.Option(..., "--tested", help="The test date on the certificate: 2026-11-02, yesterday…", metavar="DAY"),
    independent: bool = typer.Option(False, "--independent", help="An independent lab's certificate (the default)."),
    vendor_claim: bool = typer.Option(False, "--vendor-claim", help="The vendor's own claim, not an independent test."),
    mitragynine: Optional[float] = typer.Option(None, "--mitragynine", help="Mitragynine, % by weight.", metavar="PCT"),
    seven_oh: Optional[float] = typer.Option(None, "--7oh-pct", help="7-hydroxymitragynine, % by weight.", metavar="PCT"),
    lead: Optional[float] = typer.Option(None, "--lead", help="Lead, ppm (µg/g).", metavar="PPM"),
    arsenic: Optional[float] = typer.Option(None, "--arsenic", help="Arsenic, ppm (µg/g).", metavar="PPM"),
    cadmium: Optional[float] = typer.Option(None, "--cadmium", help="Cadmium, ppm (µg/g).", metavar="PPM"),
    mercury: Optional[float] = typer.Option(None, "--mercury", help="Mercury, ppm (µg/g).", metavar="PPM"),
    salmonella: Optional[str] = typer.Option(None, "--salmonella", help=f"Salmonella: {PASS_FAIL}.", metavar="pass|fail"),
    e_coli: Optional[str] = typer.Option(None, "--e-coli", help=f"E. coli: {PASS_FAIL}.", metavar="pass|fail"),
    yeast_mould: Optional[str] = typer.Option(None, "--yeast-mould", help=f"Yeast and mould: {PASS_FAIL}.", metavar="pass|fail"),
    file: Optional[str] = typer.Option(None, "--file", help="The certificate file: only its name and SHA-256 are kept.", metavar="PATH"),
    note: Optional[str] = typer.Option(None, "--note", help="A free-text note.", metavar="TEXT"),
) -> None:
    """Add a lab certificate (COA) to a batch.

    Example: kratomlog coa add "Red Bali" RB-0425 --lab "Acme Labs" --tested 2026-11-02 --lead 0.4 --salmonella pass --file coa.pdf
    """
    from kratomlog.core import certificates as c
    from kratomlog.core.batches import clean_code, clean_label
    from kratomlog.core.days import today
    from kratomlog.core.when import parse_day
    from kratomlog.store import batches, strains
    from kratomlog.store.model_rows import cold_recorder
    from kratomlog.store.settings_store import load_settings

    current = now()
    clean_code(code)
    fields = {
        "lab": clean_label(lab, "--lab"),
        "source": c.check_source(independent, vendor_claim),
        "mitragynine_pct": None if mitragynine is None else c.check_pct("--mitragynine", mitragynine),
        "seven_oh_pct": None if seven_oh is None else c.check_pct("--7oh-pct", seven_oh),
        "note": options.note(note),
    }
    if not fields["lab"]:
        raise Invalid("--lab needs the laboratory's name")
    for metal, value in (("lead", lead), ("arsenic", arsenic), ("cadmium", cadmium), ("mercury", mercury)):
        fields[metal] = None if value is None else c.check_ppm(metal, value)
    for microbe, value in zip(c.MICROBES, (salmonella, e_coli, yeast_mould)):
        fields[microbe.key] = None if value is None else c.check_microbe(microbe.option, value)
    if file is not None:
        fields["file_name"], fields["file_sha256"] = file_fingerprint(file)
    db = open_db()
    settings = load_settings(db)
    try:
        tested_on = parse_day(tested, current, settings)
    except Invalid as error:
        raise Invalid(f"--tested: {error}") from None
    fields["tested_on"] = c.check_tested(tested_on, today(current, settings))
    with db.write() as conn:
        batch = batches.require(conn, strains.require(conn, strain), code)
        cert_id = batches.add_certificate(cold_recorder(conn, current), batch, fields)
        (cert,) = [x for x in batches.certificates(conn, batch.id) if x.id == cert_id]
    from kratomlog.store.purchases import grams_per_day

    failing = c.failures(cert, grams_per_day(db.conn, current, settings))
    verdict = "fails: " + "; ".join(f.message.rstrip(".") for f in failing) if failing else \
        "no check fails on what it reports"
    out(f"Added c{cert_id}: {c.source_name(cert.source)} certificate from {cert.lab} ({cert.tested.isoformat()}) "
        f"for batch {batch.code} of {batch.strain} — {verdict}")


@app.command("show")
@command
def show(
    strain: str = typer.Argument(..., help="The strain.", metavar="STRAIN"),
    code: str = typer.Argument(..., help="The batch code.", metavar="CODE"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """Show a batch's certificates and their checks; independent tests and vendor claims apart.

    Example: kratomlog coa show "Red Bali" RB-0425 --json
    """
    from kratomlog.core.certificates import batch_status
    from kratomlog.store import batches, strains
    from kratomlog.store.product_reads import certificate_rows
    from kratomlog.store.settings_store import load_settings

    current = now()
    db = open_db()
    settings = load_settings(db)
    batch = batches.require(db.conn, strains.require(db.conn, strain), code)
    certs, per_day = certificate_rows(db.conn, batch.id, current, settings)
    if as_json:
        from kratomlog.core.json_shapes import coa_json

        status = batch_status(batches.certificates(db.conn, batch.id), per_day)
        print_json(coa_json(batch.strain, batch.code, per_day, status, certs))
        return
    from kratomlog.render.products_view import certificate_view

    certificate_view(batch.strain, batch.code, certs, per_day)
