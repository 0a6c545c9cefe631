"""Facilitator sign-in in real Chromium against the served app.

A passcode typed then left with Tab still signs in; wrong passcodes typed with the projected
join code never lock the facilitator out; a signed-in facilitator stays signed in across a
reload (and not after signing out); the public address from CRM_READINESS_PUBLIC_URL is in
the link and the QR code shown; a local address is warned about.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops, ImageStat
from playwright.sync_api import expect
from streamlit_browser import serve, settle

from assessment.content.questionnaires import load_bundle
from assessment.services.workshop import link, qr_png
from assessment.storage.facilitators import WRONG_PASSCODE
from assessment.storage.records import Engagement
from assessment.storage.store import Store

ROOT = Path(__file__).resolve().parents[2]
PASSCODE = "room-42-secret"
PUBLIC = "https://crm.example.test"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


class Served:
    """A served app and its database."""

    def __init__(self, db: Path, **env: str) -> None:
        self.db = db
        self.proc, self.url = serve(db, **env)

    def engagement(self, org: str = "Acme Ltd") -> tuple[Engagement, str]:
        """A new engagement and its facilitator code."""
        b = load_bundle("crm-readiness")
        store = Store(f"sqlite:///{self.db}")
        try:
            e = store.create_engagement("crm-readiness", b.questionnaire.version, b.sha256,
                                        organisation=org, passcode=PASSCODE)  # fmt: skip
            return e, store.facilitator_code(e)
        finally:
            store.close()

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=20)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The app served with no public address configured."""
    served = Served(tmp_path_factory.mktemp("fac") / "fac.db")
    yield served
    served.stop()


@pytest.fixture(scope="module")
def public_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The app served with CRM_READINESS_PUBLIC_URL set."""
    served = Served(tmp_path_factory.mktemp("pub") / "pub.db", CRM_READINESS_PUBLIC_URL=PUBLIC)
    yield served
    served.stop()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    yield context.new_page()
    context.close()


def open_doors(page: Any, url: str) -> None:
    page.goto(f"{url}/facilitate")
    page.get_by_label("Facilitator code", exact=True).wait_for()
    settle(page)


def attempt(page: Any, code: str, passcode: str, submit: str = "click") -> None:
    """Type the code and passcode as a person does, leave the passcode with Tab, submit."""
    page.get_by_label("Facilitator code", exact=True).fill(code)
    box = page.get_by_label("Facilitator passcode", exact=True)
    box.click()
    box.press_sequentially(passcode)
    page.keyboard.press("Tab")  # focus moves to the eye icon; the value must not be lost
    if submit == "enter":
        box.press("Enter")
    else:
        page.get_by_role("button", name="Open", exact=True).click()


def signed_in(page: Any, org: str = "Acme Ltd") -> None:
    page.get_by_role("heading", name=f"Workshop for {org}").wait_for(timeout=20_000)


def test_passcode_then_tab_then_open_signs_in(page: Any, app: Served) -> None:
    e, code = app.engagement()
    open_doors(page, app.url)
    attempt(page, code, PASSCODE)
    signed_in(page)
    settle(page)
    assert WRONG_PASSCODE not in page.locator("body").inner_text()


def test_wrong_passcodes_with_the_join_code_never_lock_the_facilitator(
    page: Any, app: Served
) -> None:
    e, code = app.engagement("Room Ltd")
    open_doors(page, app.url)
    for i in range(6):  # more than the 5 that would lock the facilitator code
        attempt(page, e.code, f"wrong-guess-{i}", submit="enter" if i % 2 else "click")
        expect(page.get_by_label("Facilitator passcode", exact=True)).to_have_value("")
        settle(page)
        expect(page.get_by_text(WRONG_PASSCODE)).to_be_visible()
    attempt(page, code, PASSCODE)
    signed_in(page, "Room Ltd")
    assert "Too many wrong passcodes" not in page.locator("body").inner_text()


def test_signed_in_facilitator_stays_signed_in_after_a_reload(page: Any, app: Served) -> None:
    e, code = app.engagement("Reload plc")
    open_doors(page, app.url)
    attempt(page, code, PASSCODE)
    signed_in(page, "Reload plc")
    settle(page)
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["crm_facilitator"]["sameSite"] == "Strict"
    assert cookies["crm_facilitator"]["path"] == "/"
    page.reload()
    signed_in(page, "Reload plc")
    page.goto(f"{app.url}/facilitate?view=projector")  # a reloaded projector view too
    page.get_by_role("button", name="Leave projector view").wait_for(timeout=20_000)
    page.goto(f"{app.url}/facilitate")  # reopened in the same browser
    signed_in(page, "Reload plc")
    settle(page)
    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("Facilitator code", exact=True).wait_for()
    settle(page)
    assert "crm_facilitator" not in {c["name"] for c in page.context.cookies()}
    page.reload()
    page.get_by_label("Facilitator code", exact=True).wait_for()
    settle(page)
    assert "Workshop for Reload plc" not in page.locator("body").inner_text()


def qr_bytes(page: Any, url: str) -> bytes:
    img = page.locator('[data-testid="stImage"] img').first
    img.wait_for()
    src = img.get_attribute("src")
    assert src
    response = page.request.get(src if src.startswith("http") else f"{url}{src}")
    assert response.ok
    return bytes(response.body())


def qr_mismatch(served: bytes, png: bytes) -> float:
    """Share of pixels that differ between the QR image served and a QR code PNG, both in
    black and white at the served size (Streamlit scales images to fit and sends JPEG)."""
    s = Image.open(io.BytesIO(served)).convert("L")
    e = Image.open(io.BytesIO(png)).convert("RGB").resize(s.size, Image.Resampling.BILINEAR)
    black_white = [im.convert("L").point(lambda v: 255 if v > 127 else 0) for im in (s, e)]
    return float(ImageStat.Stat(ImageChops.difference(*black_white)).mean[0] / 255)


def assert_qr_encodes(served: bytes, expected: str) -> None:
    """The served QR image is the QR code of `expected`, and not that of a near neighbour."""
    assert qr_mismatch(served, qr_png(expected)) < 0.01
    assert qr_mismatch(served, qr_png(expected.replace("join=", "join=X"))) > 0.05


def test_public_address_is_in_the_link_and_the_qr_code(page: Any, public_app: Served) -> None:
    e, code = public_app.engagement("Public Ltd")
    open_doors(page, public_app.url)
    attempt(page, code, PASSCODE)
    signed_in(page, "Public Ltd")
    settle(page)
    expected = link(PUBLIC, join=e.code)
    assert page.locator('[data-testid="stCode"]').first.inner_text().strip() == expected
    assert_qr_encodes(qr_bytes(page, public_app.url), expected)
    assert "Phones in the room cannot reach this address" not in page.locator("body").inner_text()


def test_a_local_address_is_warned_about(page: Any, app: Served) -> None:
    e, code = app.engagement("Local Ltd")
    open_doors(page, app.url)
    attempt(page, code, PASSCODE)
    signed_in(page, "Local Ltd")
    settle(page)
    shown = page.locator('[data-testid="stCode"]').first.inner_text().strip()
    assert shown == link(app.url, join=e.code)  # http://127.0.0.1:<port>
    assert_qr_encodes(qr_bytes(page, app.url), shown)
    page.get_by_text("Phones in the room cannot reach this address").wait_for()
    # Setting the workshop's own address on the page fixes link, QR code and warning.
    page.get_by_label("Address people in the room open", exact=True).fill(
        "https://crm.local-ltd.test"
    )
    page.get_by_role("button", name="Use this address").click()
    expected = link("https://crm.local-ltd.test", join=e.code)
    expect(page.locator('[data-testid="stCode"]').first).to_have_text(expected)
    settle(page)
    assert_qr_encodes(qr_bytes(page, app.url), expected)
    assert "Phones in the room cannot reach this address" not in page.locator("body").inner_text()
    page.reload()  # kept with the workshop (and the sign-in survives the reload)
    signed_in(page, "Local Ltd")
    expect(page.locator('[data-testid="stCode"]').first).to_have_text(expected)


def test_create_form_keeps_passcodes_left_with_tab(page: Any, app: Served) -> None:
    page.goto(f"{app.url}/facilitate")
    page.get_by_role("tab", name="Create a workshop").click()
    page.get_by_label("Organisation").fill("Tabbed Ltd")
    for label in ("Facilitator passcode (at least 6 characters)", "Passcode again"):
        box = page.get_by_label(label, exact=True)
        box.click()
        box.press_sequentially(PASSCODE)
        page.keyboard.press("Tab")
    page.get_by_role("button", name="Create the workshop").click()
    page.get_by_text("Workshop created").wait_for()
    signed_in(page, "Tabbed Ltd")
    settle(page)
    text = page.locator("body").inner_text()
    assert "needs at least 6 characters" not in text
    code = page.locator("strong").filter(has_text="-").first.inner_text()
    assert len(code.replace("-", "")) == 20  # the private facilitator code, shown once here
    page.screenshot(path=str(ROOT / "out" / "screenshots" / "facilitator-created.png"))
    page.get_by_role("radio", name="Access").click()
    expect(page.locator('[data-testid="stCode"]').first).to_have_text(code)
