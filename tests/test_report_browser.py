"""The HTML report in a real browser: each demo scenario rendered once by headless Chromium, printed
to PDF on A4 and on US Letter, and read back with pypdf: one page each, the charts' SVG present
(their axis titles are text in the PDF), and the key numbers in the PDF's text.

Locally this skips (with the reason) when Chromium is absent; under CI=true it must run (.ci/run
installs Debian's `chromium`)."""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from browser import PAPERS, chromium, pypdf, print_pdfs as _print  # noqa: F401 — fixtures
from helpers import NOW, run

pytestmark = pytest.mark.slow  # a real browser: excluded by `pytest -m "not slow"`

FIRST, LAST = date(2026, 10, 26), date(2026, 11, 22)  # the last 4 finished weeks before NOW (Fri 27 Nov)


def _local_utc():
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    return before


def _restore(before):
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def _render(folder: Path, scenario: str, weeks: int, *report_args: str) -> tuple[str, Path]:
    db = folder / f"{scenario}-{weeks}" / "kratomlog.db"
    env = {"KRATOMLOG_DB": str(db)}
    built = run("demo", "--scenario", scenario, "--weeks", str(weeks), "--today", "2026-11-27", "--no-show", now=NOW, env=env)
    assert built.exit_code == 0, built.output
    out = folder / f"{scenario}-{weeks}.html"
    made = run("--demo", "report", "--format", "html", "-o", str(out), *report_args, now=NOW, env=env)
    assert made.exit_code == 0, made.output
    return out.read_text(encoding="utf-8"), db.parent / "demo.db"


@pytest.fixture(scope="module")
def printed(chromium, pypdf, tmp_path_factory):
    """Each scenario rendered once and printed on both papers; every assertion reuses them."""
    folder = tmp_path_factory.mktemp("browser")
    before = _local_utc()
    try:
        found = {}
        for scenario in ("steady", "escalating", "tapering"):
            page, demo_db = _render(folder, scenario, 8)
            pdfs = _print(chromium, page, folder, scenario)
            found[scenario] = (page, demo_db, {paper: pypdf.PdfReader(str(p)) for paper, p in pdfs.items()})
        return found
    finally:
        _restore(before)


SCENARIOS = ("steady", "escalating", "tapering")


def _text(reader) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _sums(demo_db: Path) -> tuple[float, int]:
    start = int(datetime(FIRST.year, FIRST.month, FIRST.day, tzinfo=timezone.utc).timestamp())
    end = int(datetime(2026, 11, 23, tzinfo=timezone.utc).timestamp())
    conn = sqlite3.connect(demo_db)
    try:
        return conn.execute("SELECT sum(grams), count(*) FROM dose WHERE at >= ? AND at < ?", (start, end)).fetchone()
    finally:
        conn.close()


@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("paper", PAPERS)
def test_one_page_on_each_paper(printed, scenario, paper):
    _, _, readers = printed[scenario]
    reader = readers[paper]
    assert len(reader.pages) == 1
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == ((595, 842) if paper == "A4" else (612, 792))


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_charts_and_key_numbers_reach_the_pdf(printed, scenario):
    page, demo_db, readers = printed[scenario]
    assert page.count("<svg ") == 2 and page.count("</svg>") == 2
    grams, doses = _sums(demo_db)
    for paper in PAPERS:
        text = _text(readers[paper])
        for needed in (
            "kratomlog report — 26 Oct – 22 Nov 2026", "DEMO — synthetic data", "Self-reported data; not a diagnosis.",
            "Period: 2026-10-26 to 2026-11-22", f"{grams:.1f}", f" {doses} ",
            "grams per day (g)", "mean stress (0–10)", "SOWS-16 total (0–64)",  # the SVG's text, printed as text
            "Warning signals", "Latest questionnaires", "Taper", "Products used", "1-800-662-4357",
        ):
            assert needed in text, (scenario, paper, needed)
    if scenario == "tapering":
        assert "taper allowance" in _text(readers["A4"]) and "Finished days under the plan" in _text(readers["A4"])
    if scenario == "escalating":
        assert "Rising amount" in _text(readers["A4"])


def test_watermark_on_every_page_of_a_longer_report(chromium, pypdf, tmp_path):
    """52 weekly rows do not fit one sheet: each printed page still says DEMO."""
    before = _local_utc()
    try:
        page, _ = _render(tmp_path, "steady", 53, "--weeks", "52")
        pdfs = _print(chromium, page, tmp_path, "long")
    finally:
        _restore(before)
    reader = pypdf.PdfReader(str(pdfs["A4"]))
    assert len(reader.pages) >= 2
    for number, sheet in enumerate(reader.pages, 1):
        assert "DEMO — synthetic data" in " ".join(sheet.extract_text().split()), number
