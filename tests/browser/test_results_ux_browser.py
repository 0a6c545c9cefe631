"""The results page and the workshop pages as a first-time user meets them, in real Chromium.

Answers are counted apart (answered, don't know, not answered); the verdict leads with the
blocking perils, then the conditions, then one short line of weak areas; the roadmap numbers
its phases by their fixed place, so technology is never phase 1; What if…? sits on the page
itself with every option written out in full, at laptop and phone sizes; and axe-core finds
nothing on the join and facilitate pages, the participant page and the live dashboard.
Screenshots go to out/screens/ (gitignored) or CRM_READINESS_SCREENSHOTS.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit_browser import SIZES, new_page, screens_folder, served_app, settle, shoot, violations

from assessment.content.questionnaires import load_bundle
from assessment.model.vocabulary import DONT_KNOW_LABEL
from assessment.storage.store import Store

ROOT = Path(__file__).resolve().parents[2]
QUICK = "executive-quick-check"
PASSCODE = "room-42-secret"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Store]]:
    """The app served on a free port with its own SQLite file, and a store over that file."""
    yield from served_app(tmp_path_factory.mktemp("results-ux"))


@pytest.fixture
def screens() -> Path:
    return screens_folder()


def stored(store: Store, answer: Any) -> str:
    """A stored quick check; answer(index, question) gives each answer (None: not given)."""
    bundle = load_bundle(QUICK)
    token = store.create_assessment(
        QUICK, bundle.questionnaire.version, bundle.sha256, organisation="Acme Ltd",
        role="executive",
    )  # fmt: skip
    for i, q in enumerate(bundle.questionnaire.questions()):
        given = answer(i, q)
        if given is not None:
            store.save_answer(token, q.id, given)
    return token


def open_results(page: Any, url: str, token: str) -> None:
    page.goto(f"{url}/results?resume={token}")
    page.locator(".st-key-verdict").wait_for()
    settle(page)


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_results_count_answered_dont_know_and_not_answered_apart(
    browser: Any, app: tuple[str, Store], size: str
) -> None:
    url, store = app
    allowed = [q.id for q in load_bundle(QUICK).questionnaire.questions() if q.allow_unknown]
    dont_know = set(allowed[:2])
    skipped = next(
        q.id for q in load_bundle(QUICK).questionnaire.questions() if q.id not in dont_know
    )
    token = stored(
        store, lambda i, q: "unknown" if q.id in dont_know else (None if q.id == skipped else 3)
    )
    page = new_page(browser, size)
    open_results(page, url, token)
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Of 15 questions")
    assert [line for line in metric.inner_text().split("\n") if line.strip()] == [
        "Of 15 questions",
        "12 answered",
        "2 don't know, 1 not answered",
    ]
    body = page.locator("body").inner_text()
    assert not re.search(r"\b1[0-9] of 15\b", body)  # no "13 of 15" that hides don't knows
    page.context.close()


def test_verdict_leads_with_blocking_and_the_roadmap_never_starts_with_technology(
    browser: Any, app: tuple[str, Store], screens: Path
) -> None:
    url, store = app
    token = stored(store, lambda i, q: 1)
    page = new_page(browser, "desktop")
    open_results(page, url, token)
    verdict = [t for t in page.locator(".st-key-verdict").inner_text().split("\n") if t.strip()]
    headings = [
        line
        for line in verdict
        if line.endswith(("buying any software", "before signing", "Weak areas"))
    ]
    assert headings[0].startswith("Blocking")
    assert headings == sorted(headings, key=lambda h: ["Bl", "Co", "We"].index(h[:2]))
    weak = verdict[verdict.index("Weak areas") + 1 :]
    assert weak and all(line.startswith(("Below level 3", "Not judged")) for line in weak)
    assert len(weak) <= 2  # one line for all the weak dimensions, not a line each
    roadmap = page.locator('[data-testid="stMarkdownContainer"] strong').all_inner_texts()
    phases = [t for t in roadmap if re.match(r"^[1-4]\. ", t)]
    assert phases and not phases[0].startswith("1. Only then choose the technology")
    assert all(not t.startswith(("1.", "2.", "3.")) or "technology" not in t for t in phases)
    shoot(page, screens, "results-not-ready-desktop")
    page.context.close()


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_what_if_is_on_the_page_with_every_option_in_full(
    browser: Any, app: tuple[str, Store], screens: Path, size: str
) -> None:
    url, store = app
    bundle = load_bundle(QUICK)
    first = bundle.questionnaire.questions()[0]
    token = stored(store, lambda i, q: 2)
    page = new_page(browser, size)
    open_results(page, url, token)
    entry = page.get_by_text(re.compile(r"^What if…\? Try other answers"))
    entry.scroll_into_view_if_needed()
    assert entry.is_visible()  # on the page itself, not behind a side panel
    entry.click()
    group = page.get_by_role("radiogroup", name=first.text)
    group.scroll_into_view_if_needed()
    labels = group.locator("label").all()
    expected = [f"{o.level} · {o.label}" for o in first.options]
    expected += [DONT_KNOW_LABEL] if first.allow_unknown else []
    assert [lab.inner_text().strip() for lab in labels] == expected
    for lab in labels:  # written out in full: no text box cut off, nothing past the screen
        clipped = lab.evaluate(
            """(el) => [...el.querySelectorAll('*')]
                .filter(e => e.textContent.trim() && e.scrollWidth > e.clientWidth + 1
                             && getComputedStyle(e).overflow !== 'visible')
                .map(e => e.outerHTML.slice(0, 120))"""
        )
        box = lab.bounding_box()
        assert not clipped, clipped
        assert box is not None and box["x"] + box["width"] <= SIZES[size][0]
    labels[4].click()
    page.get_by_text(re.compile(r"^What-if view: 1 of your answers changed")).wait_for()
    settle(page)
    shoot(page, screens, f"results-what-if-{size}")
    page.get_by_role("button", name="Back to my real answers").click()
    page.get_by_text(re.compile(r"^What-if view")).wait_for(state="detached")
    page.context.close()


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_no_accessibility_violations_on_the_workshop_pages(
    browser: Any, app: tuple[str, Store], screens: Path, size: str
) -> None:
    url, store = app
    bundle = load_bundle("crm-readiness")
    e = store.create_engagement("crm-readiness", bundle.questionnaire.version, bundle.sha256,
                                organisation=f"Room {size}", passcode=PASSCODE)  # fmt: skip
    for role in ("executive", "manager", "frontline", "frontline", "it"):
        other = store.join(e.code, role)
        for q in bundle.questionnaire.questions()[:12]:
            if role in q.roles:
                store.save_participant_answer(other, q.id, 2 if role == "frontline" else 4)
    found: dict[str, Any] = {}

    page = new_page(browser, size)
    page.goto(f"{url}/join")  # the code box, before anyone has joined
    page.get_by_label("Workshop code").wait_for()
    shoot(page, screens, f"join-{size}")
    found["join"] = violations(page)
    page.goto(f"{url}/facilitate")  # the doors: sign in or create
    page.get_by_label("Facilitator code", exact=True).wait_for()
    shoot(page, screens, f"facilitate-{size}")
    found["facilitate"] = violations(page)
    page.context.close()

    page = new_page(browser, size)
    token = store.join(e.code, "manager", "Kim")
    page.goto(f"{url}/?participant={token}")
    page.get_by_text(re.compile(r"^\d+ questions: \d+ answered")).wait_for()
    page.get_by_role("radiogroup").first.get_by_role("radio").nth(2).check(force=True)
    page.get_by_text(re.compile(r"^\d+ questions: 1 answered")).wait_for()
    shoot(page, screens, f"participant-{size}")
    found["participant"] = violations(page)
    page.context.close()

    page = new_page(browser, size)
    page.goto(f"{url}/facilitate")
    page.get_by_label("Facilitator code", exact=True).fill(store.facilitator_code(e))
    page.get_by_label("Facilitator passcode", exact=True).fill(PASSCODE)
    page.get_by_role("button", name="Open", exact=True).click()
    page.get_by_role("heading", name=f"Workshop for Room {size}").wait_for()
    page.get_by_text("Live results", exact=True).click()
    page.get_by_text(re.compile(r"^Updates every \d+ seconds")).wait_for()
    shoot(page, screens, f"dashboard-{size}")
    found["dashboard"] = violations(page)
    page.context.close()

    assert found == {name: [] for name in found}
