"""The projector view at 1920x1080 in real Chromium: a room of forty, seen on the wall.

The room is seeded through the Store (39 people in four roles with different views, and one IT
person, below the anonymity threshold); the facilitator signs in through the page, opens the
live results and switches to the projector view. It must use the screen: no navigation bar,
main content wider than 1500 px, no horizontal scroll, heatmap labels of 14 px or more with
the full question text, and no role group of fewer than three people shown by itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from streamlit_browser import settle
from test_workshop_e2e import SHOTS, serve

PASSCODE = "projector-42-secret"
ROOM = {"executive": (6, 5), "manager": (9, 4), "frontline": (20, 2), "other": (4, 3)}
QUESTIONS = 12

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Any]]:
    """A served app whose database holds one workshop answered by a room of forty."""
    from assessment.content.questionnaires import load_bundle
    from assessment.storage.store import Store

    db = tmp_path_factory.mktemp("projector") / "room.db"
    bundle = load_bundle("crm-readiness")
    store = Store(f"sqlite:///{db}")
    e = store.create_engagement("crm-readiness", bundle.questionnaire.version, bundle.sha256,
                                organisation="Kestrel Freight", passcode=PASSCODE)  # fmt: skip
    asked = [q.id for q in bundle.questionnaire.questions() if "it" in q.roles][:QUESTIONS]
    people = [(role, level) for role, (n, level) in ROOM.items() for _ in range(n)]
    people.append(("it", 1))  # one IT person: never shown by themselves
    for i, (role, level) in enumerate(people):
        token = store.join(e.code, role, f"Person {i}")
        for j, qid in enumerate(asked):
            store.save_participant_answer(token, qid, max(1, min(5, level + (i + j) % 3 - 1)))
    facilitator_code = store.facilitator_code(e)
    store.close()
    proc, url = serve(db)
    try:
        yield url, facilitator_code, bundle.questionnaire.question(asked[0]).text
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def sign_in(page: Any, url: str, code: str) -> None:
    """Open the workshop on the facilitator page with its code and passcode."""
    page.goto(f"{url}/facilitate")
    code_box = page.get_by_role("textbox", name="Facilitator code")
    code_box.wait_for()
    code_box.fill(code)
    page.get_by_role("textbox", name="Facilitator passcode").fill(PASSCODE)
    page.get_by_role("button", name="Open", exact=True).click()
    page.get_by_role("radio", name="Live results").wait_for(timeout=30_000)


def test_projector_view_uses_a_1920_screen(browser: Any, room: tuple[str, str, Any]) -> None:
    url, code, first = room
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()

    # Without signing in, ?view=projector is just the facilitator's sign-in page.
    page.goto(f"{url}/facilitate?view=projector")
    page.get_by_role("textbox", name="Facilitator passcode").wait_for()
    assert page.locator('[data-testid="stHeatmap"], .js-plotly-plot').count() == 0

    sign_in(page, url, code)
    page.get_by_role("radio", name="Consensus").click()
    page.get_by_text("Mean level by role").wait_for(timeout=30_000)
    settle(page)
    page.screenshot(path=str(SHOTS / "facilitator-consensus-anonymous.png"))
    means = page.locator("p", has_text="Mean level by role").first.inner_text()
    assert not re.search(r"\bIT\b", means) and "Other roles" in means, means
    page.get_by_role("radio", name="Live results").click()
    page.get_by_role("button", name="Projector view").wait_for(timeout=30_000)
    settle(page)
    page.screenshot(path=str(SHOTS / "facilitator-live-anonymous.png"))
    page.get_by_role("button", name="Projector view").click()
    page.get_by_role("button", name="Leave projector view").wait_for(timeout=30_000)
    assert "view=projector" in page.url
    page.locator(".js-plotly-plot").nth(1).wait_for(timeout=30_000)
    page.locator(".js-plotly-plot .ytick text").first.wait_for()
    settle(page)
    page.screenshot(path=str(SHOTS / "projector-1920-top.png"))
    page.locator(".js-plotly-plot").nth(1).scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "projector-1920-heatmap.png"))
    page.locator('[data-testid="stTable"]').first.evaluate("t => t.scrollIntoView()")
    page.screenshot(path=str(SHOTS / "projector-1920-agenda.png"))

    m = page.evaluate(
        """() => {
            const main = document.querySelector('[data-testid="stMainBlockContainer"]')
                || document.querySelector('.block-container');
            const heat = document.querySelectorAll('.js-plotly-plot')[1];
            const ticks = [...heat.querySelectorAll('.ytick text')];
            const sizes = ticks.map(t => parseFloat(getComputedStyle(t).fontSize));
            const labels = ticks.map(t => t.textContent);
            const xticks = [...heat.querySelectorAll('.xtick text')].map(t => t.textContent);
            const tables = [...document.querySelectorAll('[data-testid="stTable"]')];
            return {
                nav: !!document.querySelector('[data-testid="stNavigation"], nav, '
                    + '[data-testid="stTopNavLink"], [data-testid="stSidebarNav"]'),
                mainWidth: main.getBoundingClientRect().width,
                scrollWidth: document.documentElement.scrollWidth,
                clientWidth: document.documentElement.clientWidth,
                tickMin: Math.min(...sizes),
                labels: labels,
                roles: xticks,
                tableOverflow: tables.some(t => t.scrollWidth > t.clientWidth + 1),
                body: document.body.innerText,
            };
        }"""
    )
    assert not m["nav"], "the projector view shows no navigation bar"
    assert m["mainWidth"] > 1500, m["mainWidth"]
    assert m["scrollWidth"] <= m["clientWidth"] == 1920 or m["scrollWidth"] <= 1920
    assert m["tickMin"] >= 14, m["tickMin"]
    # Full question text (wrapped over lines, never cut with an ellipsis).
    label_text = " ".join(m["labels"])
    assert "…" not in label_text
    assert first.split()[-1] in label_text
    assert not m["tableOverflow"], "the agenda table fits its columns"
    # The lone IT person is not shown by themselves: they are counted in "Other roles".
    assert "IT" not in m["roles"] and "Other roles" in m["roles"]
    assert "Groups smaller than 3 people are not shown separately" in m["body"]
    assert not re.search(r"\bIT \d", m["body"])
    assert "Person " not in m["body"]

    # A second tab of the same browser (the projector's screen) opens the view directly: the
    # sign-in comes from this browser's cookie.
    second = context.new_page()
    second.goto(f"{url}/facilitate?view=projector")
    second.get_by_role("button", name="Leave projector view").wait_for(timeout=30_000)
    second.close()

    page.get_by_role("button", name="Leave projector view").click()
    page.get_by_role("radio", name="Live results").wait_for(timeout=30_000)
    assert "view=projector" not in page.url
    context.close()
