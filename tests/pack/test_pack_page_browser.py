"""The pack's web page in Chromium: nothing fetched or run, nothing wider than a phone, no
accessibility violations (axe-core), and a printed PDF that starts with the signing gate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pack_fixtures import SCENARIOS, case
from pypdf import PdfReader

from assessment.report.brand import Brand
from assessment.report.pack.page import render_pack_html

pytestmark = [pytest.mark.browser]


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The page of a not-ready organisation (the longest gate) with a brand."""
    not_ready = [f for f in SCENARIOS if case(f).expected["verdict"] == "not_ready"]
    pack = max((case(f).pack for f in not_ready), key=lambda p: len(p.gate))
    path = tmp_path_factory.mktemp("page") / "pack.html"
    html = render_pack_html(pack, Brand(name="Northwind Advisory", primary="#7a1f5c"))
    path.write_text(html, encoding="utf-8")
    return path


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_the_page_is_offline_fits_the_screen_and_passes_axe(
    browser: Any, page_file: Path, width: int, height: int
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page(viewport={"width": width, "height": height})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(page_file.as_uri())
    assert requests == [page_file.as_uri()]  # nothing else is fetched
    assert page.evaluate("document.scripts.length") == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert Axe().run(page).response["violations"] == []
    page.close()


def test_the_printed_page_starts_with_the_cover_and_the_gate(
    browser: Any, page_file: Path, tmp_path: Path
) -> None:
    page = browser.new_page()
    page.goto(page_file.as_uri())
    pdf = tmp_path / "pack.pdf"
    page.pdf(path=str(pdf), format="A4")
    page.close()
    pages = PdfReader(pdf).pages
    assert len(pages) >= 5
    first = pages[0].extract_text()
    assert "Not ready to buy yet" in first and "1. The signing gate" in first
