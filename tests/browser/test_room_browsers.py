"""A room of real browsers: ten Chromium pages join one workshop and click answers briskly.

Each participant has its own browser context (its own Streamlit session). They take turns
clicking, without waiting for the page between clicks, and now and then change an earlier
answer. When every page has settled, what each screen shows as chosen must be what was clicked
last, must say "Saved", and must be what the database holds for that participant.
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit_browser import settle

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "out" / "screenshots"
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_room  # noqa: E402

from assessment.model.vocabulary import ROLES  # noqa: E402
from assessment.storage.store import Store  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = 10
ROUNDS = 10  # clicks per page
ROLE_LABEL = {"executive": "Executive", "manager": "Manager", "frontline": "Front-line staff"}
# Every answer question on the page: its user key, the option shown as checked, its status.
READ_SCREEN = """() => Array.from(document.querySelectorAll('[class*="st-key-wj_q_"]')).map(e => {
    const key = Array.from(e.classList).find(c => c.startsWith('st-key-wj_q_')).slice(7);
    const input = e.querySelector('input[type="radio"]:checked');
    const option = input ? input.closest('label').innerText.trim() : null;
    const next = e.nextElementSibling;
    return [key, option, next ? next.innerText.trim() : ''];
})"""


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[bench_room.Server, str]]:
    """The served app with its own database and one open workshop."""
    server = bench_room.serve(tmp_path_factory.mktemp("room-browsers"))
    try:
        yield server, bench_room.create_workshop(server.url)
    finally:
        server.stop()


def join(browser: Any, port: int, code: str, role: str) -> Any:
    """One participant in a fresh browser context, on the question page."""
    page = browser.new_context(viewport={"width": 420, "height": 900}).new_page()
    page.set_default_timeout(60_000)
    page.goto(f"http://127.0.0.1:{port}/?join={code}")
    page.get_by_text(ROLE_LABEL[role], exact=True).click()
    page.get_by_role("button", name="Join the workshop").click()
    page.get_by_text(re.compile(r"^\d+ questions: \d+ answered")).wait_for()
    assert "participant=" in page.url
    return page


def answer_of(option: str) -> int | str:
    """What a shown option ('3 · ...' or "Don't know ...") stores."""
    return bench_room.to_answer(option)


def test_ten_browsers_answer_briskly_and_the_screens_match_the_database(
    browser: Any, room: tuple[bench_room.Server, str]
) -> None:
    server, code = room
    rng = random.Random(7)
    roles = [r for r in ROLES if r in ROLE_LABEL]
    pages = [join(browser, server.port, code, roles[i % len(roles)]) for i in range(PAGES)]
    # Each role has its own questions: every page answers among the first 15 of its own.
    keys = [[k for k, _, _ in page.evaluate(READ_SCREEN)][:15] for page in pages]
    assert all(len(mine) == 15 for mine in keys)
    clicked: list[dict[str, int]] = [{} for _ in pages]  # page -> user key -> option index
    clicks = 0
    retried: list[str] = []
    for _ in range(ROUNDS):
        for page, mine, own in zip(pages, clicked, keys, strict=True):
            change = mine and rng.random() < 0.3  # now and then change an earlier answer
            key = rng.choice(list(mine) if change else own)
            options = page.locator(f".st-key-{key}").get_by_role("radio")
            options.first.wait_for(state="attached")  # it may be between two renders
            index = rng.choice([i for i in range(options.count()) if i != mine.get(key)])
            option = options.nth(index)
            # Click the option's label as a person would (not a forced click on the hidden
            # input: that can land on the sticky top navigation and leave the page).
            label = page.locator(f".st-key-{key}").get_by_test_id("stRadioOption").nth(index)
            try:
                label.click()  # no waiting for the page: the next page clicks at once
                mine[key] = index
                clicks += 1
                if not option.is_checked(timeout=20_000):  # between two renders: look again
                    page.wait_for_timeout(300)
                    if not option.is_checked(timeout=20_000):
                        retried.append(f"{key} option {index}")
                        label.click()
            except Exception:
                SHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SHOTS / "room-browsers-failure.png"), full_page=True)
                (SHOTS / "room-browsers-failure.txt").write_text(
                    f"{page.url}\n{key}\n{page.locator('body').inner_text()}"
                )
                raise
    assert clicks == PAGES * ROUNDS
    assert all("/join" in page.url for page in pages)
    # A click a person would have to repeat is worth knowing about, but is not a lost answer.
    print(f"{clicks} clicks, {len(retried)} clicked twice: {retried[:10]}")

    store = Store(server.url)
    try:
        for page, mine in zip(pages, clicked, strict=True):
            settle(page)
            screen = {k: (option, status) for k, option, status in page.evaluate(READ_SCREEN)}
            token = page.url.split("participant=")[1].split("&")[0]
            me = store.get_participant(token)
            assert me is not None
            shown: dict[str, int | str] = {}
            for key, (option, status) in screen.items():
                qid = key.removeprefix("wj_q_")
                if option is None:
                    assert key not in mine, f"{key} clicked but nothing is shown as chosen"
                    assert qid not in me.answers, f"{qid} stored but nothing shown"
                    continue
                shown[qid] = answer_of(option)
                assert "Saved" in status and "Not saved" not in status, (key, status)
            expected = {
                k.removeprefix("wj_q_"): (i + 1 if i < 5 else "unknown") for k, i in mine.items()
            }
            assert shown == expected, "the screen shows what was clicked last"
            assert me.answers == shown, "the database holds what the screen shows"
    finally:
        store.close()
        for page in pages:
            page.context.close()
    assert server.log_problems() == []
