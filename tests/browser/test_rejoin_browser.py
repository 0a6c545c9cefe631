"""Scanning the join code again on the same device returns to the same participant.

In real Chromium against the served app: a browser context is one device. The same device
opening the join link again lands on its own answers (one participant in the database, not
two), can say "I am someone else" to join as a new person, and another device gets the role
choice as a newcomer.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from streamlit_browser import settle

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_room  # noqa: E402

from assessment.storage.store import Store  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[bench_room.Server, str]]:
    server = bench_room.serve(tmp_path_factory.mktemp("rejoin"))
    try:
        yield server, bench_room.create_workshop(server.url)
    finally:
        server.stop()


def token_of(page: Any) -> str:
    return parse_qs(urlparse(page.url).query)["participant"][0]


def participants(store: Store, code: str) -> int:
    engagement = store.get_engagement(code)
    assert engagement is not None
    return len(store.respondents(engagement))


def open_join_link(context: Any, port: int, code: str) -> Any:
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"http://127.0.0.1:{port}/?join={code}")
    settle(page)
    return page


def join_as(page: Any, role_label: str) -> str:
    page.get_by_text(role_label, exact=True).click()
    page.get_by_role("button", name="Join the workshop").click()
    page.get_by_text(re.compile(r"^\d+ questions: \d+ answered")).wait_for()
    settle(page)
    return token_of(page)


def test_the_same_device_returns_to_its_participant(
    browser: Any, room: tuple[bench_room.Server, str]
) -> None:
    server, code = room
    store = Store(server.url)
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    page = open_join_link(phone, server.port, code)
    first = join_as(page, "Manager")
    page.locator('[data-testid="stRadio"]').first.locator('[data-testid="stRadioOption"]').nth(
        3
    ).click()
    page.get_by_text("Saved").first.wait_for()
    page.close()
    assert participants(store, code) == 1

    again = open_join_link(phone, server.port, code)  # the QR code scanned a second time
    again.get_by_text("Welcome back").wait_for()
    assert token_of(again) == first
    checked = again.locator('[data-testid="stRadio"]').first.locator("input:checked")
    assert checked.get_attribute("value") == "3"  # the fourth option, as answered
    assert participants(store, code) == 1

    again.get_by_role("button", name="I am someone else").click()
    again.get_by_text("Your role").wait_for()
    second = join_as(again, "IT")
    assert second != first
    assert participants(store, code) == 2
    me = store.get_participant(first)
    assert me is not None and me.role == "manager" and len(me.answers) == 1
    phone.close()

    laptop = browser.new_context()
    other = open_join_link(laptop, server.port, code)
    other.get_by_text("Your role").wait_for()
    assert "Welcome back" not in other.content()
    assert "participant=" not in other.url
    laptop.close()
