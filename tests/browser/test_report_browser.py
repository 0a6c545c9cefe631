"""The exported report in real headless Chromium: offline, charts drawn, safe, accessible."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from report_fixtures import HOSTILE, make_responses

from assessment.content.questionnaires import load_bundle
from assessment.engine.assess import assess
from assessment.report.brand import Brand
from assessment.report.render import render_report

pytestmark = pytest.mark.browser

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
BRAND = Brand(
    name="Northwind Advisory",
    primary="#0b6e4f",
    logo_data_uri="data:image/png;base64," + base64.b64encode(PNG).decode(),
    footer="Confidential",
)
LOCAL = ("file:", "data:", "blob:")


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Reports on disk: one respondent, a 30-person workshop, and hostile user text."""
    bundle = load_bundle("crm-readiness")
    folder = tmp_path_factory.mktemp("reports")
    cases = {
        "one": (make_responses(bundle, 1), None),
        "thirty": (make_responses(bundle, 30), BRAND),
        "hostile": (
            make_responses(bundle, 6, hostile=True),
            Brand(name=HOSTILE["name"], footer=HOSTILE["note"], contact=HOSTILE["quote"]),
        ),
    }
    out = {}
    for name, (responses, brand) in cases.items():
        html = render_report(
            assess(bundle, responses), bundle, brand=brand, facilitator=HOSTILE["quote"]
        )
        out[name] = folder / f"{name}.html"
        out[name].write_text(html, encoding="utf-8")
    return out


class Watched:
    """A page with every request, console error, page error and dialog recorded."""

    def __init__(self, context: Any) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = context.new_page()
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: Path) -> str:
        """Open a report and wait until its charts are drawn (or failed); their state."""
        self.page.goto(path.as_uri())
        self.page.wait_for_function(
            "document.documentElement.dataset.charts !== 'pending'", timeout=30_000
        )
        return str(self.page.evaluate("document.documentElement.dataset.charts"))


@pytest.fixture
def offline(browser: Any) -> Iterator[Watched]:
    """A browser context where every non-local request is aborted (and recorded)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    aborted: list[str] = []

    def only_local(route: Any) -> None:
        if route.request.url.startswith(LOCAL):
            route.continue_()
        else:
            aborted.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    watched = Watched(context)
    yield watched
    context.close()
    assert aborted == []


@pytest.mark.parametrize("name", ["one", "thirty"])
def test_charts_render_offline_without_errors(
    offline: Watched, reports: dict[str, Path], name: str
) -> None:
    assert offline.open(reports[name]) == "ready"
    page = offline.page
    canvases = page.locator(".chart-canvas")
    expected = 1 if name == "one" else 3
    assert canvases.count() == expected
    for i in range(expected):
        chart = canvases.nth(i)
        assert "js-plotly-plot" in (chart.get_attribute("class") or "")
        assert chart.locator("svg.main-svg").count() >= 1
        assert chart.locator("svg.main-svg path").count() > 5
    assert page.locator(".chart-failed").count() == 0
    # No logo and no cloud button in the mode bar.
    assert page.locator(".modebar-btn--logo").count() == 0
    titles = page.eval_on_selector_all(".modebar-btn", "els => els.map(e => e.dataset.title)")
    assert titles and not [t for t in titles if "Chart Studio" in t or "Share" in t]
    assert offline.errors == []
    assert [u for u in offline.requests if not u.startswith(LOCAL)] == []
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF-") and len(pdf) > 50_000


def test_user_text_never_runs_as_script(offline: Watched, reports: dict[str, Path]) -> None:
    assert offline.open(reports["hostile"]) == "ready"
    page = offline.page
    for cell in page.locator(".respondents td").all()[:6]:
        cell.hover()
    page.locator("h1").hover()
    assert offline.dialogs == []
    assert page.title() == "CRM readiness report – " + HOSTILE["organisation"]
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    assert page.locator("script").count() == 6  # our five, plus the unpacked plotly.js
    assert page.locator("h1").inner_text() == HOSTILE["organisation"]
    assert offline.errors == []


def test_csp_blocks_markup_that_slips_in(browser: Any, reports: dict[str, Path]) -> None:
    # Defence in depth: even raw markup pasted into the file cannot run script.
    html = (
        reports["one"]
        .read_text(encoding="utf-8")
        .replace(
            "</main>",
            "<script>document.title='INJECTED'</script>"
            "<img src=x onerror=\"document.title='INJECTED'\"></main>",
        )
    )
    tampered = reports["one"].with_name("tampered.html")
    tampered.write_text(html, encoding="utf-8")
    context = browser.new_context()
    watched = Watched(context)
    assert watched.open(tampered) == "ready"
    assert "INJECTED" not in watched.page.title()
    assert any("Content Security Policy" in e for e in watched.errors)
    context.close()


@pytest.mark.parametrize("name", ["one", "thirty"])
def test_no_serious_accessibility_violations(
    offline: Watched, reports: dict[str, Path], name: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    assert offline.open(reports[name]) == "ready"
    found = Axe().run(offline.page).response["violations"]
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in found
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_print_layout_hides_controls_and_fits_a4(
    offline: Watched, reports: dict[str, Path]
) -> None:
    assert offline.open(reports["thirty"]) == "ready"
    page = offline.page
    page.emulate_media(media="print")
    hidden = page.eval_on_selector_all(
        ".topbar, .modebar-container", "els => els.map(e => getComputedStyle(e).display)"
    )
    assert hidden and set(hidden) == {"none"}
    breaks = page.eval_on_selector_all(
        "section:not(#cover)", "els => els.map(e => getComputedStyle(e).breakBefore)"
    )
    assert set(breaks) == {"page"}
    # A4 less the 14 mm side margins is 182 mm = 688 CSS pixels; no chart may be wider.
    widths = page.eval_on_selector_all(
        ".chart-canvas svg.main-svg", "els => els.map(e => e.getBoundingClientRect().width)"
    )
    assert widths and max(widths) <= 688
    heights = page.eval_on_selector_all(
        ".chart-canvas", "els => els.map(e => e.getBoundingClientRect().height)"
    )
    # 263 mm of printable height: every chart fits on one page.
    assert max(heights) <= 994
