"""A question that does not apply is never shown, in real Chromium: with no customer system
yet ("customer-records" at level 1), the self-assessment's People step has no question about
the current system's use; once the answer says a system exists, that question appears."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from streamlit_browser import new_page, screens_folder, served_app, settle, shoot

from assessment.content.questionnaires import load_bundle
from assessment.storage.store import Store

FULL = "crm-readiness"
SCREEN = "customer-records"
SKIPPED = "current-adoption"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Store]]:
    """The app served on a free port with its own SQLite file, and a store over that file."""
    yield from served_app(tmp_path_factory.mktemp("applicability"))


def on_people_step(store: Store) -> str:
    """A stored workshop-questionnaire self-assessment with the first three steps answered and
    'no system yet' on customer-records, so it reopens on the People step."""
    bundle = load_bundle(FULL)
    token = store.create_assessment(FULL, bundle.questionnaire.version, bundle.sha256)
    for dim in bundle.questionnaire.dimensions[:3]:
        for q in dim.questions:
            store.save_answer(token, q.id, 3)
    store.save_answer(token, SCREEN, 1)
    return token


def test_a_question_that_does_not_apply_never_appears(browser: Any, app: tuple[str, Store]) -> None:
    url, store = app
    questionnaire = load_bundle(FULL).questionnaire
    text = questionnaire.question(SKIPPED).text
    page = new_page(browser, "desktop")
    page.goto(f"{url}/?resume={on_people_step(store)}")
    page.locator(f".st-key-q_{SCREEN}").wait_for()
    settle(page)
    assert page.get_by_role("heading", name="People").count() == 1
    assert page.locator(f".st-key-q_{SKIPPED}").count() == 0
    assert text not in page.locator("[data-testid=stMain]").inner_text()
    people = next(d for d in questionnaire.dimensions if d.id == "people")
    progress = page.locator("[data-testid=stProgress]").first.inner_text()
    assert f"{len(people.questions) - 1} questions: 1 answered" in progress
    shoot(page, screens_folder(), "applicability-skipped")
    # "A CRM system or customer database in some departments": now the question applies.
    page.locator(f".st-key-q_{SCREEN} [data-testid=stRadioOption]").nth(2).click()
    page.locator(f".st-key-q_{SKIPPED}").wait_for()
    settle(page)
    assert text in page.locator("[data-testid=stMain]").inner_text()
    page.locator(f".st-key-q_{SCREEN} [data-testid=stRadioOption]").nth(0).click()
    page.locator(f".st-key-q_{SKIPPED}").wait_for(state="detached")
    settle(page)
    assert page.locator(f".st-key-q_{SKIPPED}").count() == 0
    page.context.close()
