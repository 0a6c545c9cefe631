"""Print a rendered report to PDF with headless Chromium (optional; needs a local Chromium)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--no-pdf-header-footer",
    # Charts are drawn after plotly.js is unpacked in the page; virtual time lets every
    # pending task finish before printing, yet returns as soon as the page is idle.
    "--virtual-time-budget=30000",
)
TIMEOUT_SECONDS = 120
PAPER_SIZES = ("A4", "letter")  # CSS @page size names


class PdfError(Exception):
    """Printing to PDF is impossible here; the message says why and what to do."""


def find_chromium() -> str | None:
    """The Chromium to use: $CRM_READINESS_CHROMIUM, else the first browser on PATH."""
    configured = os.environ.get("CRM_READINESS_CHROMIUM")
    if configured:
        return configured if Path(configured).is_file() else None
    for name in CANDIDATES:
        if found := shutil.which(name):
            return found
    return None


def with_paper(html: str, paper: str) -> str:
    """The page with its paper size forced (a later @page rule wins over the page's own)."""
    if paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {', '.join(PAPER_SIZES)}, not {paper!r}")
    rule = f"<style>@page {{ size: {paper}; }}</style>"
    head_end = html.find("</head>")
    return html + rule if head_end < 0 else html[:head_end] + rule + html[head_end:]


def html_to_pdf(html: str, chromium: str | None = None, paper: str | None = None) -> bytes:
    """The PDF of a self-contained HTML page printed by headless Chromium.

    The page's own @page size decides the paper (the report asks for A4) unless paper
    ("A4" or "letter") forces one.
    """
    if paper is not None:
        html = with_paper(html, paper)
    browser = chromium or find_chromium()
    if browser is None:
        raise PdfError(
            "--format pdf needs Chromium, which was not found (install it, e.g. "
            "'apt-get install chromium', or set CRM_READINESS_CHROMIUM); "
            "or write HTML and print it from any browser"
        )
    with tempfile.TemporaryDirectory(prefix="crm-report-") as tmp:
        page = Path(tmp) / "report.html"
        out = Path(tmp) / "report.pdf"
        page.write_text(html, encoding="utf-8")
        cmd = [browser, *FLAGS, f"--user-data-dir={tmp}/profile", f"--print-to-pdf={out}",
               page.as_uri()]  # fmt: skip
        try:
            subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PdfError(f"Chromium could not print the report ({exc})") from None
        if not out.is_file() or out.stat().st_size == 0:
            raise PdfError(f"Chromium ({browser}) did not produce a PDF")
        return out.read_bytes()
