"""The self-assessment as a keyboard, touch and screen-reader user meets it, in real Chromium.

Next and Back bring the new step's heading into view and the first Tab to its first question;
answer choices under the keyboard have a visible ring; the resume link has a copy button that
says so when it has copied; and axe-core finds nothing on Home, a question step, Results and
the Questionnaires page at desktop and phone sizes (screenshots in out/screens/, gitignored,
or CRM_READINESS_SCREENSHOTS).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit_browser import new_page, screens_folder, served_app, settle, shoot, violations

from assessment.content.questionnaires import load_bundle
from assessment.storage.store import Store

ROOT = Path(__file__).resolve().parents[2]
QUICK = "executive-quick-check"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Store]]:
    """The app served on a free port with its own SQLite file, and a store over that file."""
    yield from served_app(tmp_path_factory.mktemp("self-ux"))


def start_quick_check(page: Any, url: str) -> None:
    """Open the self-assessment and start the quick check."""
    page.goto(f"{url}/self-assessment")
    page.get_by_text("Executive quick check", exact=True).click()
    page.get_by_role("button", name="Start", exact=True).click()


def answered(store: Store, step: int | None = None) -> str:
    """A stored quick check, every question answered (level 3), or those before `step`."""
    bundle = load_bundle(QUICK)
    dims, version = bundle.questionnaire.dimensions, bundle.questionnaire.version
    token = store.create_assessment(
        QUICK, version, bundle.sha256, organisation="Acme Ltd", role="executive"
    )
    for dim in dims[: (step - 1) if step else None]:
        for question in dim.questions:
            store.save_answer(token, question.id, 3)
    return token


def step_is_at_the_top_with_focus_before_its_first_question(page: Any, step: int) -> None:
    """The step's heading is on screen, uncovered; the first Tab reaches its first question."""
    dim = load_bundle(QUICK).questionnaire.dimensions[step - 1]
    page.locator(f".st-key-sa_head_{step} h2").wait_for()
    settle(page)
    where = page.evaluate(
        """(sel) => {
            const h = document.querySelector(sel);
            const r = h.getBoundingClientRect();
            const hit = document.elementFromPoint(r.left + 5, r.top + r.height / 2);
            return {top: r.top, height: innerHeight, uncovered: h.contains(hit)};
        }""",
        f".st-key-sa_head_{step} h2",
    )
    assert 0 <= where["top"] < where["height"], where
    assert where["uncovered"], "the heading is hidden under the top bar"
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """(sel) => {
            const a = document.activeElement;
            return {radio: a.matches("input[type=radio]"), first: !!a.closest(sel)};
        }""",
        f".st-key-q_{dim.questions[0].id}",
    )
    assert focused == {"radio": True, "first": True}


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_next_and_back_show_the_top_of_the_step_and_tab_to_its_first_question(
    browser: Any, app: tuple[str, Store], size: str
) -> None:
    url, _ = app
    page = new_page(browser, size)
    start_quick_check(page, url)
    step_is_at_the_top_with_focus_before_its_first_question(page, 1)
    dims = load_bundle(QUICK).questionnaire.dimensions
    page.get_by_text("Notes on this step (optional)").click()
    page.locator(f".st-key-note_{dims[0].questions[0].id} textarea").wait_for()
    for step in (2, 3):
        page.get_by_role("button", name=f"Next: {dims[step - 1].name}").click()
        step_is_at_the_top_with_focus_before_its_first_question(page, step)
        assert not page.locator(".st-key-sa_notes textarea").count()  # notes closed
        assert not page.locator(".st-key-sa_notes details[open]").count()
    # An answer reruns only the step's fragment: it must not move the view or the focus.
    last = f".st-key-q_{dims[2].questions[-1].id}"
    page.locator(f"{last} [data-testid=stRadioOption]").nth(2).click()
    settle(page)
    assert page.evaluate("(sel) => !!document.activeElement.closest(sel)", last)
    page.get_by_role("button", name="Back").click()
    step_is_at_the_top_with_focus_before_its_first_question(page, 2)
    page.context.close()


def contrast(rgb: str, background: tuple[int, int, int] = (255, 255, 255)) -> float:
    """WCAG contrast ratio of a CSS rgb()/rgba() colour against a background."""

    def luminance(channels: tuple[float, ...]) -> float:
        lin = [c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4
               for c in channels]  # fmt: skip
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    parts = tuple(float(p) for p in rgb[rgb.index("(") + 1 : -1].split(",")[:3])
    light, dark = sorted((luminance(parts), luminance(tuple(map(float, background)))))[::-1]
    return (light + 0.05) / (dark + 0.05)


def test_the_answer_choice_under_the_keyboard_has_a_visible_ring(
    browser: Any, app: tuple[str, Store]
) -> None:
    url, _ = app
    page = new_page(browser, "desktop")
    start_quick_check(page, url)
    step_is_at_the_top_with_focus_before_its_first_question(page, 1)  # one Tab: on a radio
    ring = page.evaluate(
        """() => {
            const option = document.activeElement.closest("[data-testid=stRadioOption]");
            const s = getComputedStyle(option);
            return {width: parseFloat(s.outlineWidth), style: s.outlineStyle,
                    colour: s.outlineColor};
        }"""
    )
    assert ring["width"] >= 2 and ring["style"] == "solid", ring
    assert contrast(ring["colour"]) >= 3, ring
    page.keyboard.press("ArrowDown")  # the ring follows the choice
    ring = page.evaluate(
        "() => getComputedStyle(document.activeElement.closest('[data-testid=stRadioOption]'))"
        ".outlineWidth"
    )
    assert float(ring.removesuffix("px")) >= 2
    page.context.close()


def open_link_panel(page: Any) -> Any:
    """Open 'Come back later' and return its copy button."""
    page.get_by_text("Come back later: your private link").click()
    button = page.get_by_role("button", name="Copy link")
    button.wait_for()
    return button


def test_copy_link_button_copies_and_says_so(browser: Any, app: tuple[str, Store]) -> None:
    url, store = app
    token = answered(store, step=2)
    page = new_page(browser, "desktop", permissions=["clipboard-read", "clipboard-write"])
    page.goto(f"{url}/?resume={token}")
    button = open_link_panel(page)
    link = f"{url}/?resume={token}"
    shown = page.locator(".st-key-sa_copy [data-testid=stCode] code")
    assert shown.inner_text() == link  # visible for copying by hand too
    assert button.is_visible()  # always there, not only on hover
    button.click()
    status = page.locator(".crm-copy [role=status]")
    assert status.get_attribute("aria-live") == "polite"
    page.get_by_role("button", name="Copied").wait_for()
    assert status.inner_text() == "Copied"
    assert page.evaluate("navigator.clipboard.readText()") == link
    page.wait_for_function(
        "() => document.querySelector('.crm-copy [role=status]').textContent === ''",
        timeout=10_000,
    )
    assert button.inner_text() == "Copy link"
    page.context.close()


def test_copy_link_works_by_touch_without_the_clipboard_api(
    browser: Any, app: tuple[str, Store]
) -> None:
    url, store = app
    token = answered(store, step=2)
    page = new_page(browser, "phone", permissions=["clipboard-read", "clipboard-write"])
    page.goto(f"{url}/?resume={token}")
    button = open_link_panel(page)
    page.evaluate("navigator.clipboard.writeText('something else')")
    # As on plain http in a LAN: no secure context, so the fallback copies.
    page.evaluate("Object.defineProperty(window, 'isSecureContext', {value: false})")
    button.tap()
    page.get_by_role("button", name="Copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == f"{url}/?resume={token}"
    page.context.close()


@pytest.fixture
def screens() -> Path:
    return screens_folder()


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_no_accessibility_violations_on_the_main_pages(
    browser: Any, app: tuple[str, Store], screens: Path, size: str
) -> None:
    url, store = app
    token = answered(store)
    page = new_page(browser, size)
    found: dict[str, Any] = {}

    page.goto(url)
    page.get_by_role("heading", name="Run a workshop").wait_for()
    shoot(page, screens, f"home-{size}")
    found["home"] = violations(page)

    page.goto(f"{url}/?resume={token}")
    page.locator(".st-key-sa_head_5 h2").wait_for()
    page.get_by_role("button", name="Back").click()
    page.locator(".st-key-sa_head_4 h2").wait_for()
    shoot(page, screens, f"step-{size}")
    found["step"] = violations(page)

    page.goto(f"{url}/results?resume={token}")
    page.locator(".st-key-radar .polarlayer .trace path").first.wait_for()
    shoot(page, screens, f"results-{size}")
    found["results"] = violations(page)

    page.goto(f"{url}/questionnaires")
    page.get_by_role("heading", name="Questionnaires").wait_for()
    shoot(page, screens, f"questionnaires-{size}")
    found["questionnaires"] = violations(page)

    assert found == {name: [] for name in found}
    page.context.close()
