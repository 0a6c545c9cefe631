"""The exported report on a phone and a tablet: nothing wider than the screen, charts whole.

Mobile emulation (as Playwright's `devices` do: viewport, device scale, is_mobile, touch):
a mobile browser widens its layout viewport to fit any content that overflows, so the page
fits only when window.innerWidth stays the device's width and nothing scrolls sideways.
Full-page screenshots go to out/screens/report-<case>-<width>.png (out/ is not committed).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from report_fixtures import make_responses

from assessment.content.questionnaires import load_bundle
from assessment.engine.assess import assess
from assessment.report.render import render_report

pytestmark = pytest.mark.browser

SCREENS = Path(__file__).resolve().parents[2] / "out" / "screens"
WIDTHS = (360, 390, 768)
NARROW = 760  # bootstrap.js: at this width and below, no mode bar

MEASURE = """() => {
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.right]; };
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    charts: [...document.querySelectorAll('.js-plotly-plot, .js-plotly-plot svg.main-svg')]
      .map(e => [e.closest('.chart-canvas').id, ...box(e)]),
    tables: [...document.querySelectorAll('.table-scroll')]
      .map(e => [e.getAttribute('aria-label'), ...box(e)]),
    modebars: [...document.querySelectorAll('.js-plotly-plot')]
      .filter(e => e.querySelector('.modebar-group')).length,
  };
}"""


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A one-person quick check and a 30-person workshop, on disk."""
    folder = tmp_path_factory.mktemp("phone")
    cases = {"one": ("executive-quick-check", 1), "thirty": ("crm-readiness", 30)}
    out = {}
    for name, (questionnaire, people) in cases.items():
        bundle = load_bundle(questionnaire)
        results = assess(bundle, make_responses(bundle, people))
        out[name] = folder / f"{name}.html"
        out[name].write_text(render_report(results, bundle), encoding="utf-8")
    return out


@pytest.fixture
def device(browser: Any) -> Iterator[Any]:
    """Opens a report in a new emulated device of the given width; closes them all after."""
    contexts: list[Any] = []

    def open_report(path: Path, width: int, *, mobile: bool = True) -> Any:
        context = browser.new_context(
            viewport={"width": width, "height": 800},
            device_scale_factor=3 if width < 400 else 2,
            is_mobile=mobile,
            has_touch=mobile,
        )
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri())
        page.wait_for_function(
            "document.documentElement.dataset.charts !== 'pending'", timeout=30_000
        )
        assert page.evaluate("document.documentElement.dataset.charts") == "ready"
        page.wait_for_timeout(250)  # let plotly finish its layout
        assert errors == []
        return page

    yield open_report
    for context in contexts:
        context.close()


def assert_fits(page: Any, width: int) -> dict[str, Any]:
    """Nothing is wider than the screen: page, charts (and their SVGs), table boxes."""
    m: dict[str, Any] = page.evaluate(MEASURE)
    assert m["innerWidth"] == width, m  # a mobile browser widens it when content overflows
    assert m["scrollWidth"] <= width, m
    assert m["charts"]
    outside = [c for c in [*m["charts"], *m["tables"]] if c[1] < -0.5 or c[2] > width + 0.5]
    assert outside == []
    return m


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("case", ["one", "thirty"])
def test_report_fits_the_screen(
    device: Any, reports: dict[str, Path], case: str, width: int
) -> None:
    page = device(reports[case], width)
    m = assert_fits(page, width)
    expected = 1 if case == "one" else 3
    assert len({c[0] for c in m["charts"]}) == expected
    if width <= NARROW:
        assert m["modebars"] == 0  # no toolbar floating over the charts on a phone
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"report-{case}-{width}.png"), full_page=True)


def test_wide_tables_scroll_inside_their_box(device: Any, reports: dict[str, Path]) -> None:
    page = device(reports["thirty"], 360, mobile=False)  # keys scroll with a keyboard
    boxes = page.eval_on_selector_all(
        ".table-scroll",
        "els => els.map(e => [e.getAttribute('aria-label'), e.scrollWidth > e.clientWidth,"
        " getComputedStyle(e).overflowX])",
    )
    assert boxes and {b[2] for b in boxes} == {"auto"}
    # The role table (eight columns) cannot fit 360 px: it scrolls in its box, by keyboard too.
    assert ["Scores by role table", True, "auto"] in boxes
    region = page.locator(".table-scroll[aria-label='Scores by role table']")
    region.focus()
    assert region.evaluate("e => e === document.activeElement")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # Keyboard scrolling may be smooth (animated): wait for it to move.
    page.wait_for_function(
        "() => document.querySelector(\".table-scroll[aria-label='Scores by role table']\")"
        ".scrollLeft > 0",
        timeout=5_000,
    )
    page.emulate_media(media="print")
    printed = page.eval_on_selector_all(
        ".table-scroll", "els => els.map(e => getComputedStyle(e).overflowX)"
    )
    assert set(printed) == {"visible"}  # print never clips a table


def test_charts_follow_the_window_when_it_narrows(device: Any, reports: dict[str, Path]) -> None:
    page = device(reports["thirty"], 1280, mobile=False)
    assert page.evaluate(MEASURE)["modebars"] == 3
    wide = page.eval_on_selector_all(
        ".chart-canvas svg.main-svg", "els => els.map(e => e.getBoundingClientRect().width)"
    )
    assert max(wide) == pytest.approx(680, abs=1)
    page.set_viewport_size({"width": 390, "height": 800})
    page.wait_for_function(
        "() => [...document.querySelectorAll('.chart-canvas svg.main-svg')]"
        ".every(e => e.getBoundingClientRect().right <= 390)",
        timeout=10_000,
    )
    page.wait_for_timeout(300)
    m = assert_fits(page, 390)
    assert m["modebars"] == 0
    # The heatmap's question labels are cut short on a narrow screen (the table has them whole).
    labels = page.eval_on_selector_all(
        "#chart-heatmap .ytick text", "els => els.map(e => e.textContent)"
    )
    assert labels and max(len(t) for t in labels) <= 24


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("case", ["one", "thirty"])
def test_no_accessibility_violations_of_any_impact(
    device: Any, reports: dict[str, Path], case: str, width: int
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = device(reports[case], width, mobile=width < 1000)
    found = Axe().run(page).response["violations"]
    assert [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in found] == []


@pytest.mark.parametrize("case", ["one", "thirty"])
def test_the_reader_sees_question_text_not_ids_and_no_empty_phases(
    device: Any, reports: dict[str, Path], case: str
) -> None:
    questionnaire = "executive-quick-check" if case == "one" else "crm-readiness"
    page = device(reports[case], 390)
    seen = page.evaluate(  # what the report itself writes: the respondents' notes left out
        """() => { const b = document.body.cloneNode(true);
                   b.querySelectorAll('ul.notes').forEach(n => n.remove());
                   document.documentElement.appendChild(b); b.style.display = 'block';
                   const t = b.innerText; b.remove(); return t; }"""
    )
    words = set(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)+", seen))
    ids = {q.id for q in load_bundle(questionnaire).questionnaire.questions() if "-" in q.id}
    assert not ids & words, sorted(ids & words)[:5]
    appendix = page.locator("#appendix").inner_text()
    first = load_bundle(questionnaire).questionnaire.questions()[0]
    assert first.text in appendix
    phases = page.locator("#roadmap li.phase")
    assert all(phases.nth(i).locator("li").count() for i in range(phases.count()))
    said = page.locator("#roadmap").inner_text().count("No remedy is needed")
    assert said == (0 if phases.count() else 1)  # one sentence only when no phase has a remedy
