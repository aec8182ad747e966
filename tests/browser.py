"""Printing a page in a real browser for the tests: headless Chromium (Debian's `chromium`) prints
HTML to PDF on A4 and on US Letter, and pypdf reads it back. Locally the fixtures skip (with the
reason) when either is missing; under CI=true they fail instead (.ci/run installs Chromium)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

PAPERS = ("A4", "letter")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--no-pdf-header-footer")


def _need(what: str, found: object) -> None:
    if found:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is required under CI=true (.ci/run installs it)")
    pytest.skip(f"{what} is not installed here; the real-browser report test needs it (it runs under CI=true)")


@pytest.fixture(scope="module")
def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    _need("Chromium", found)
    return found


@pytest.fixture(scope="module")
def pypdf():
    try:
        import pypdf as module
    except ImportError:
        module = None
    _need("pypdf (the test extra)", module)
    return module


def print_pdfs(chromium: str, page: str, folder: Path, name: str) -> dict[str, Path]:
    """One PDF per paper size: the page's own CSS leaves the size to the printer, so the test
    chooses it with an @page rule, as a print dialog would. Both run at once."""
    jobs = {}
    for paper in PAPERS:
        html = folder / f"{name}-{paper}.html"
        html.write_text(page.replace("<style>", f"<style>@page {{ size: {paper}; }}", 1), encoding="utf-8")
        pdf = folder / f"{name}-{paper}.pdf"
        profile = tempfile.mkdtemp(dir=folder, prefix="profile-")
        jobs[paper] = (pdf, subprocess.Popen(
            [chromium, *FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", html.as_uri()],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True))
    found = {}
    for paper, (pdf, job) in jobs.items():
        _, errors = job.communicate(timeout=120)
        assert job.returncode == 0 and pdf.exists(), errors[-2000:]
        found[paper] = pdf
    return found
