"""The executive quick check end to end in real Chromium against `streamlit run`.

Home -> self-assessment -> every step answered -> Results with the radar drawn -> the HTML
report downloaded and opened -> the resume link brings every answer back. Screenshots of Home,
a question step and Results are saved at 1280x800 and 390x844 (env CRM_READINESS_SCREENSHOTS,
else the test's tmp_path).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit_browser import settle, shoot

from assessment.content.questionnaires import load_bundle

ROOT = Path(__file__).resolve().parents[2]
QUICK = "executive-quick-check"
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}
# Option index per question (0-4 = levels 1-5, 5 = don't know), cycling through the steps.
PATTERN = (1, 3, 2, 5, 4, 0, 3)
NOTE = "Ask the board in March."

TO_TOP = "document.querySelectorAll('*').forEach(e => { if (e.scrollTop) e.scrollTop = 0; })"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served by `streamlit run` on a free port with its own SQLite file."""
    folder = tmp_path_factory.mktemp("app-e2e")
    port = free_port()
    env = {**os.environ, "CRM_READINESS_DATABASE_URL": f"sqlite:///{folder / 'app.db'}"}
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"),
           "--server.headless", "true", "--server.port", str(port),
           "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]  # fmt: skip
    with (folder / "server.log").open("wb") as log:
        server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(url)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    assert "Traceback" not in (folder / "server.log").read_text(encoding="utf-8", errors="replace")


def wait_healthy(url: str) -> None:
    """Wait until Streamlit answers its health check."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail("the app did not answer /_stcore/health within 60 seconds")


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where screenshots go."""
    folder = Path(os.environ.get("CRM_READINESS_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def new_page(browser: Any, size: str) -> Any:
    """A page in a fresh browser context of one of SIZES, patient with a busy machine."""
    width, height = SIZES[size]
    context = browser.new_context(
        viewport={"width": width, "height": height},
        is_mobile=size == "phone",
        has_touch=size == "phone",
        accept_downloads=True,
    )
    context.set_default_timeout(60_000)
    return context.new_page()


def option(page: Any, question_id: str, index: int) -> Any:
    """The radio input of one option of one question."""
    return page.locator(f".st-key-q_{question_id} input[type=radio]").nth(index)


def answer_all(page: Any, folder: Path) -> dict[str, int]:
    """Answer every step of the quick check; returns the option index chosen per question."""
    dims = load_bundle(QUICK).questionnaire.dimensions
    chosen: dict[str, int] = {}
    for step, dim in enumerate(dims):
        page.get_by_role("heading", name=dim.name, exact=True).wait_for()
        for question in dim.questions:
            index = PATTERN[len(chosen) % len(PATTERN)]
            page.locator(f".st-key-q_{question.id} [data-testid=stRadioOption]").nth(index).click()
            page.wait_for_function(
                "([sel, i]) => document.querySelectorAll(sel)[i]?.checked",
                arg=[f".st-key-q_{question.id} input[type=radio]", index],
            )
            settle(page)
            chosen[question.id] = index
        if step == 0:
            page.evaluate(TO_TOP)
            shoot(page, folder, "step-desktop")
            write_note(page, dim.questions[0].id)
        if step < len(dims) - 1:
            page.get_by_role("button", name=f"Next: {dims[step + 1].name}").click()
    return chosen


def write_note(page: Any, question_id: str) -> None:
    """Open the step's notes panel, write a note on one question, see it counted."""
    page.get_by_text("Notes on this step (optional)").click()
    box = page.locator(f".st-key-note_{question_id} textarea")
    box.fill(NOTE)
    box.press("Control+Enter")  # a text area sends its value on Ctrl+Enter or on leaving it
    page.get_by_text("on this step · 1 note").wait_for()
    settle(page)
    assert box.is_visible()  # the panel stays open for the next note


def open_link_panel(page: Any) -> str:
    """Open the 'come back later' panel and read the private link."""
    page.get_by_text("Come back later: your private link").click()
    code = page.locator('[data-testid="stCode"] code')
    code.wait_for()
    return str(code.inner_text()).strip()


def test_quick_check_in_chromium(browser: Any, app_url: str, shots: Path, tmp_path: Path) -> None:
    page = new_page(browser, "desktop")
    context = page.context
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(app_url)
    page.get_by_role("heading", name="Run a workshop").wait_for()
    shoot(page, shots, "home-desktop")
    page.get_by_role("button", name="Start a self-assessment").click()
    page.get_by_text("Executive quick check", exact=True).click()
    page.get_by_label("Organisation (optional)").fill("Acme Ltd")
    page.get_by_role("button", name="Start", exact=True).click()
    chosen = answer_all(page, shots)
    link = open_link_panel(page)
    assert link.startswith(f"{app_url}/?resume=")

    page.get_by_role("button", name="See my results").click()
    page.get_by_role("heading", name="Your CRM readiness").wait_for()
    radar = page.locator(".st-key-radar .polarlayer .trace path")
    radar.first.wait_for()
    assert radar.first.get_attribute("d")
    banner = page.locator(".st-key-verdict h2").inner_text()
    verdict = next(v for v in ("Not ready to buy", "Ready with conditions", "Ready") if v in banner)
    shoot(page, shots, "results-desktop")

    with page.expect_download() as download:
        page.locator(".st-key-dl_html button").click()
    report = tmp_path / "report.html"
    download.value.save_as(report)
    html = report.read_text(encoding="utf-8")
    assert html.lower().startswith("<!doctype html>") and "Acme Ltd" in html
    assert NOTE in html  # the note written on the first step reached the report
    with page.expect_download() as download:
        page.locator(".st-key-dl_pack").get_by_role("button", name="Purchase pack").click()
    archive = zipfile.ZipFile(download.value.path())
    names = sorted(archive.namelist())
    assert [n.rsplit("_", 1)[1] for n in names] == [
        "purchase-pack.docx",
        "purchase-pack.html",
        "vendor-scorecard.xlsx",
    ]
    assert "Acme Ltd" in archive.read(names[1]).decode("utf-8")  # the purchase pack's page
    viewer = context.new_page()
    viewer.on("pageerror", lambda exc: errors.append(f"report: {exc}"))
    viewer.goto(report.as_uri())
    viewer.locator(".js-plotly-plot .main-svg").first.wait_for()
    assert verdict in viewer.locator("body").inner_text()

    # Back with the resume link in a fresh browser: every answer is still there.
    again = new_page(browser, "desktop")
    again.goto(link)
    last = load_bundle(QUICK).questionnaire.dimensions[-1]
    again.get_by_role("heading", name=last.name, exact=True).wait_for()
    settle(again)
    for question in last.questions:
        assert option(again, question.id, chosen[question.id]).is_checked()
    again.get_by_role("button", name="Back").click()
    first_of_previous = load_bundle(QUICK).questionnaire.dimensions[-2].questions[0]
    option(again, first_of_previous.id, chosen[first_of_previous.id]).wait_for(state="attached")
    settle(again)
    assert option(again, first_of_previous.id, chosen[first_of_previous.id]).is_checked()
    again.reload()
    again.get_by_role("heading", name=last.name, exact=True).wait_for()
    assert not errors
    again.context.close()
    context.close()
    phone_screens(browser, app_url, link, shots)


def phone_screens(browser: Any, app_url: str, link: str, shots: Path) -> None:
    """Home, a question step and Results at 390x844 (an iPhone-sized screen)."""
    phone = new_page(browser, "phone")
    phone.goto(app_url)
    phone.get_by_role("heading", name="Run a workshop").wait_for()
    shoot(phone, shots, "home-phone")
    phone.goto(link)
    phone.get_by_role("heading", name="Technology", exact=True).wait_for()
    shoot(phone, shots, "step-phone")
    phone.goto(link.replace("/?resume=", "/results?resume="))
    phone.locator(".st-key-radar .polarlayer .trace path").first.wait_for()
    shoot(phone, shots, "results-phone")
    phone.context.close()
