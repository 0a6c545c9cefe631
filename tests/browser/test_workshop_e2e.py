"""A small workshop end to end in real Chromium against the served app.

The facilitator creates an engagement, three participants join from their own browser contexts
with different roles and answer, the live dashboard shows three respondents and a role gap, the
facilitator records one consensus answer, closes the workshop and downloads the report.
"""

from __future__ import annotations

import datetime as dt
import re
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from streamlit_browser import serve, settle

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "out" / "screenshots"
PASSCODE = "room-42-secret"
# Each role answers the first four questions: leaders high, front line low.
PLAN = {"executive": 5, "manager": 3, "frontline": 1}
ROLE_LABEL = {"executive": "Executive", "manager": "Manager", "frontline": "Front-line staff"}
ANSWERS_EACH = 4

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served by Streamlit on a free port, with its own SQLite file."""
    # One person per role: the anonymity threshold (3) would hide every role group, so this
    # flow test lowers it (tests/browser/test_projector_browser.py checks the threshold).
    proc, url = serve(tmp_path_factory.mktemp("e2e") / "workshop.db", CRM_READINESS_MIN_GROUP="1")
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def create_workshop(page: Any, url: str) -> str:
    """Create an engagement on the facilitator page; return its join code."""
    page.goto(f"{url}/facilitate")
    page.get_by_role("tab", name="Create a workshop").click()
    page.get_by_label("Questionnaire").click()
    page.get_by_role("option", name="CRM readiness workshop").click()
    page.get_by_label("Organisation").fill("Acme Ltd")
    page.get_by_label("Facilitator passcode (at least 6 characters)").fill(PASSCODE)
    page.get_by_label("Passcode again").fill(PASSCODE)
    page.get_by_role("button", name="Create the workshop").click()
    page.get_by_text("Workshop created").wait_for()
    caption = page.get_by_text(re.compile(r"^Code [A-Z0-9]{5}-[A-Z0-9]{5}")).inner_text()
    assert "CRM readiness workshop · open" in caption
    qr = page.get_by_role("img", name="Scan to join")
    if not qr.count():
        qr = page.locator('[data-testid="stImage"] img')
    qr.first.wait_for()
    return caption.split()[1].replace("-", "")


def join_and_answer(browser: Any, url: str, code: str, role: str) -> Any:
    """One participant in their own browser context: join, choose a role, answer."""
    page = browser.new_context(viewport={"width": 420, "height": 900}).new_page()
    page.goto(f"{url}/?join={code}")
    page.get_by_text(ROLE_LABEL[role], exact=True).click()
    page.get_by_role("button", name="Join the workshop").click()
    progress = page.get_by_text(re.compile(r"^\d+ questions: \d+ answered"))
    progress.wait_for()
    assert "participant=" in page.url
    page.screenshot(path=str(SHOTS / f"participant-{role}-start.png"))
    for i in range(ANSWERS_EACH):
        group = page.get_by_role("radiogroup").nth(i)
        group.get_by_role("radio").nth(PLAN[role] - 1).check(force=True)
        page.get_by_text(re.compile(rf"^\d+ questions: {i + 1} answered\b")).wait_for()
    return page


def test_small_workshop_end_to_end(browser: Any, app_url: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    fac = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    facilitator = fac.new_page()
    code = create_workshop(facilitator, app_url)
    facilitator.screenshot(path=str(SHOTS / "facilitator-invite.png"))

    people = {role: join_and_answer(browser, app_url, code, role) for role in PLAN}
    people["frontline"].screenshot(path=str(SHOTS / "participant.png"))
    # A participant sees only their own answers: nothing about the others or the dashboard.
    frontline_text = people["frontline"].locator("body").inner_text()
    assert "Role gap" not in frontline_text and "Respondents" not in frontline_text

    facilitator.get_by_role("radio", name="Live results").click()
    facilitator.get_by_text("Role gap:").wait_for(timeout=20_000)
    metric = facilitator.locator('[data-testid="stMetric"]', has_text="Respondents with answers")
    assert metric.locator('[data-testid="stMetricValue"]').inner_text() == "3"
    gap = facilitator.get_by_text(re.compile("rate readiness")).inner_text()
    assert re.search(r"Executives rate readiness \d+ points higher than front-line staff", gap)
    facilitator.screenshot(path=str(SHOTS / "facilitator-dashboard.png"))
    facilitator.get_by_text("Discussion agenda").scroll_into_view_if_needed()
    facilitator.screenshot(path=str(SHOTS / "facilitator-agenda.png"))
    page_text = facilitator.locator("body").inner_text()
    assert "Acme" in page_text and "Dana" not in page_text

    facilitator.get_by_role("radio", name="Consensus").click()
    try:
        facilitator.get_by_text("Agreed level", exact=True).wait_for()
    except Exception:
        facilitator.screenshot(path=str(SHOTS / "failure.png"))
        raise
    facilitator.get_by_role("radiogroup", name="Agreed level").get_by_role("radio").nth(1).check(
        force=True
    )
    facilitator.get_by_label("Facilitator note").fill("Front line is closer to the truth.")
    facilitator.get_by_role("button", name="Record the agreed answer").click()
    facilitator.get_by_text("Agreed answers recorded so far: 1.").wait_for()
    facilitator.screenshot(path=str(SHOTS / "facilitator-consensus.png"))

    facilitator.get_by_role("radio", name="Close and report").click()
    facilitator.get_by_text("Participants can no longer change their answers after this").click()
    facilitator.get_by_role("button", name="Close the workshop").click()
    facilitator.get_by_text(re.compile("^Closed .* The answers are final.$")).wait_for()
    # A deferred download asks the server for the file by an id that each run renews; a click
    # on a button from an earlier run finds nothing. Let the page settle first, as a person
    # would, and click once more if nothing came (what a person would do too).
    settle(facilitator)
    button = facilitator.get_by_role("button", name="Download the report (HTML)")
    try:
        with facilitator.expect_download(timeout=30_000) as download:
            button.click()
    except PlaywrightTimeout:
        settle(facilitator)
        with facilitator.expect_download(timeout=60_000) as download:
            button.click()
    report = Path(download.value.path()).read_text(encoding="utf-8")
    today = dt.date.today().isoformat()
    assert download.value.suggested_filename == f"acme-ltd_crm-readiness_{today}.html"
    assert "Acme Ltd" in report and "Agreed level 2" in report

    people["executive"].reload()
    people["executive"].get_by_text("This workshop is closed.", exact=False).wait_for()
    assert people["executive"].get_by_role("radio").first.is_disabled()
    fac.close()


def test_a_killed_server_keeps_every_acknowledged_answer(browser: Any, tmp_path: Path) -> None:
    from assessment.content.questionnaires import load_bundle
    from assessment.storage.store import Store

    db = tmp_path / "durable.db"
    b = load_bundle("crm-readiness")
    store = Store(f"sqlite:///{db}")
    e = store.create_engagement("crm-readiness", b.questionnaire.version, b.sha256,
                                organisation="Durable plc", passcode=PASSCODE)  # fmt: skip
    store.close()
    proc, url = serve(db)
    try:
        page = join_and_answer(browser, url, e.code, "manager")  # waits for each acknowledgement
        token = page.url.split("participant=")[1]
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    proc, url = serve(db)
    try:
        page.goto(f"{url}/?participant={token}")
        page.get_by_text(re.compile(rf"^\d+ questions: {ANSWERS_EACH} answered\b")).wait_for()
        for i in range(ANSWERS_EACH):
            group = page.get_by_role("radiogroup").nth(i)
            assert group.get_by_role("radio").nth(PLAN["manager"] - 1).is_checked()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    me = Store(f"sqlite:///{db}").get_participant(token)
    assert me is not None and len(me.answers) == ANSWERS_EACH
