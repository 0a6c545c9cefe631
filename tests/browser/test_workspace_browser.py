"""A consultant's workspace in real Chromium against the served app (issue 17).

Sign-in, My engagements, reopen with a reason, duplicate as a follow-up, the export-everything
ZIP (downloaded and opened), delete, erasing one participant — after which no text column of
any table, on SQLite and on PostgreSQL, holds their name, notes or link, and no table has a
row naming them — and a second account that never sees the first one's engagement, whether
through the page, through the address (query parameters) or by guessing codes.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from storage_fixtures import pg_schema_url
from streamlit_browser import new_page, screens_folder, serve, settle, shoot
from trace_search import rows_naming, text_columns, traces

from assessment.content.questionnaires import load_bundle
from assessment.storage.accounts import WRONG_PASSWORD
from assessment.storage.facilitators import WRONG_PASSCODE
from assessment.storage.migrations import participants
from assessment.storage.records import Account, Engagement
from assessment.storage.store import Store

PW = "correct horse battery"
NAME, NOTE = "Erin Erasable-Person", "Please-forget-what-I-said-here"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


class Served:
    """A served app, a store over its database, and its two accounts."""

    def __init__(self, folder: Path, url: str | None = None) -> None:
        self.folder = folder
        db = folder / "app.db"
        env = {"CRM_READINESS_DATABASE_URL": url} if url else {}
        self.proc, self.url = serve(db, **env)
        self.store = Store(url or f"sqlite:///{db}")
        self.dana = self.store.create_account("dana@example.org", PW)
        self.lee = self.store.create_account("lee@example.org", PW)

    def engagement(
        self, who: Account, org: str, name: str = NAME, note: str = NOTE
    ) -> tuple[Engagement, list[str]]:
        """An engagement of the account's with three participants who answered and noted."""
        b = load_bundle("crm-readiness")
        q = b.questionnaire
        e = self.store.create_owned_engagement(who, q.id, q.version, b.sha256, organisation=org)
        first = q.questions()[0].id
        tokens = []
        who_answers = (("manager", name), ("executive", None), ("frontline", "Kim Kept"))
        for n, (role, given) in enumerate(who_answers):
            token = self.store.join(e.code, role, given)
            self.store.save_participant_answer(token, first, n + 2)
            tokens.append(token)
        self.store.save_participant_note(tokens[0], first, note)
        return e, tokens

    def stop(self) -> None:
        self.store.close()
        self.proc.terminate()
        self.proc.wait(timeout=20)
        for log in self.folder.glob("server-*.log"):
            assert "Traceback" not in log.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    served = Served(tmp_path_factory.mktemp("ws"))
    yield served
    served.stop()


@pytest.fixture(scope="module")
def page(browser: Any) -> Iterator[Any]:
    """Dana's browser, signed in through the tests of this module in order."""
    p = new_page(browser, "desktop", accept_downloads=True)
    yield p
    p.context.close()


def sign_in(page: Any, url: str, email: str, password: str = PW) -> None:
    page.goto(f"{url}/facilitate")
    page.get_by_role("tab", name="Sign in to your account").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    settle(page)


def row(page: Any, e: Engagement) -> Any:
    return page.locator(f".st-key-wa_row_{e.code}")


def manage(page: Any, e: Engagement) -> Any:
    r = row(page, e)
    r.get_by_text("Manage", exact=True).click()
    return r


def body(page: Any) -> str:
    return str(page.locator("body").inner_text())


def test_sign_in_shows_my_engagements(app: Served, page: Any) -> None:
    acme, _ = app.engagement(app.dana, "Acme Ltd")
    app.engagement(app.lee, "Rival plc", "Rory Rival", "A note of the rival's")
    sign_in(page, app.url, "nobody@example.org", "not my password")  # as for a wrong password
    expect(page.get_by_text(WRONG_PASSWORD)).to_be_visible()
    sign_in(page, app.url, "dana@example.org")
    page.get_by_role("heading", name="My engagements").wait_for()
    text = row(page, acme).inner_text()
    assert "Acme Ltd" in text and "3 respondents" in text and "open" in text
    assert "last activity" in text and "Rival plc" not in body(page)
    shoot(page, screens_folder(), "workspace-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    settle(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, screens_folder(), "workspace-phone")
    page.set_viewport_size({"width": 1280, "height": 800})
    settle(page)


def acme_of(app: Served) -> Engagement:
    return next(s.engagement for s in app.store.my_engagements(app.dana)
                if s.engagement.organisation == "Acme Ltd" and not s.follow_up_code)  # fmt: skip


def test_close_then_reopen_with_a_reason(app: Served, page: Any) -> None:
    acme = acme_of(app)
    manage(page, acme).get_by_role("button", name="Close", exact=True).click()
    settle(page)
    expect(row(page, acme).get_by_text(re.compile(r"· closed ·"))).to_be_visible()
    r = row(page, acme)
    if not r.get_by_label("Why reopen it?").is_visible():  # the expander may have folded
        manage(page, acme)
    shoot(page, screens_folder(), "workspace-manage-desktop")
    r.get_by_label("Why reopen it?").fill("Two managers were on leave")
    r.get_by_role("button", name="Reopen").click()
    page.get_by_text("The workshop for Acme Ltd is open again.").wait_for()
    assert app.store.get_engagement(acme.code).is_open  # type: ignore[union-attr]
    log = [(a.action, a.detail) for a in app.store.audit_lines(acme)]
    assert log[-1] == ("reopened", "Two managers were on leave")


def test_duplicate_as_a_follow_up(app: Served, page: Any) -> None:
    acme = acme_of(app)
    r = row(page, acme)
    if not r.get_by_role("button", name="Duplicate as a follow-up").is_visible():
        manage(page, acme)
    r.get_by_role("button", name="Duplicate as a follow-up").click()
    page.get_by_text(re.compile("^Follow-up created for Acme Ltd")).wait_for()
    settle(page)
    follow = next(s for s in app.store.my_engagements(app.dana) if s.follow_up_code)
    assert follow.engagement.follow_up_of == acme.id and follow.respondents == 0
    assert (
        f"follow-up of {acme.code[:5]}-{acme.code[5:]}" in row(page, follow.engagement).inner_text()
    )


def test_export_everything_downloads_a_zip_with_every_part(app: Served, page: Any) -> None:
    acme = acme_of(app)
    r = row(page, acme)
    button = r.get_by_role("button", name="Export everything (ZIP)")
    if not button.is_visible():
        manage(page, acme)
    with page.expect_download(timeout=90_000) as download:
        button.click()
    got = download.value
    assert re.fullmatch(
        r"acme-ltd_crm-readiness_\d{4}-\d\d-\d\d_everything\.zip", got.suggested_filename
    )
    with zipfile.ZipFile(io.BytesIO(Path(got.path()).read_bytes())) as zf:
        names = sorted(zf.namelist())
        stem = got.suggested_filename.removesuffix("_everything.zip")
        assert names == sorted(
            [
                "engagement.json",
                f"{stem}_responses.csv",
                f"{stem}_results.json",
                f"{stem}_scores.csv",
                f"{stem}_report.html",
                f"{stem}_deck.pptx",
            ]
        )
        every = b"".join(zf.read(n) for n in names if not n.endswith(".pptx")).decode("utf-8")
        with zipfile.ZipFile(io.BytesIO(zf.read(f"{stem}_deck.pptx"))) as deck:
            assert "ppt/slides/slide1.xml" in deck.namelist()
    assert "Acme Ltd" in every and '"reopened"' in every and NOTE in every
    assert NAME not in every and "Kim Kept" not in every  # names never leave the workshop


def erase_in_browser(page: Any, e: Engagement) -> None:
    row(page, e).get_by_role("button", name="Open", exact=True).click()
    page.get_by_role("heading", name=f"Workshop for {e.organisation}").wait_for()
    page.get_by_role("radio", name="Participants").click()
    page.get_by_label("Participant", exact=True).click()
    page.get_by_role("option", name=re.compile(NAME)).click()
    page.get_by_text("Their answers, notes and name are deleted for good").click()
    page.get_by_role("button", name="Erase on request").click()
    page.get_by_text(re.compile("^Removed. Their answers, notes and name are gone")).wait_for()
    settle(page)


def assert_no_trace(store: Store, pid: int, token: str) -> None:
    tables = text_columns(store.engine)
    assert {"participants", "answers", "audit_log", "accounts"} <= set(tables)
    assert traces(store.engine, NAME, NOTE, token) == []
    assert rows_naming(store.engine, "participant_id", pid) == []


def test_erasing_a_participant_leaves_no_trace_on_sqlite(app: Served, page: Any) -> None:
    acme = acme_of(app)
    erin = next(p for p in app.store.participant_entries(acme) if p.name == NAME)
    with app.store.engine.connect() as conn:
        token = conn.scalar(select(participants.c.token).where(participants.c.id == erin.id))
    assert traces(app.store.engine, NAME, NOTE)  # the search finds them before
    erase_in_browser(page, acme)
    assert_no_trace(app.store, erin.id, token)
    assert [p.name for p in app.store.participant_entries(acme)] == [None, "Kim Kept"]
    shoot(page, screens_folder(), "workspace-participants-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    settle(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, screens_folder(), "workspace-participants-phone")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("button", name="Back to my engagements").click()
    page.get_by_role("heading", name="My engagements").wait_for()


def test_erasing_a_participant_leaves_no_trace_on_postgresql(
    pg_url: str, browser: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    for url in pg_schema_url(pg_url):
        served = Served(tmp_path_factory.mktemp("wspg"), url)
        try:
            acme, tokens = served.engagement(served.dana, "Acme Ltd")
            erin = next(p for p in served.store.participant_entries(acme) if p.name == NAME)
            assert traces(served.store.engine, NAME, NOTE, tokens[0])
            p = new_page(browser, "desktop")
            sign_in(p, served.url, "dana@example.org")
            erase_in_browser(p, acme)
            p.context.close()
            assert_no_trace(served.store, erin.id, tokens[0])
        finally:
            served.stop()


def test_delete_an_engagement(app: Served, page: Any) -> None:
    follow = next(s.engagement for s in app.store.my_engagements(app.dana) if s.follow_up_code)
    r = manage(page, follow)
    r.get_by_text("Delete this workshop and every answer in it for good").click()
    r.get_by_role("button", name="Delete", exact=True).click()
    page.get_by_text("Deleted the workshop for Acme Ltd.").wait_for()
    settle(page)
    assert app.store.get_engagement(follow.code) is None
    expect(row(page, follow)).to_have_count(0)


def test_another_account_never_sees_it(app: Served, browser: Any) -> None:
    acme = acme_of(app)
    code = app.store.facilitator_code(acme)
    lee = new_page(browser, "desktop")
    sign_in(lee, app.url, "lee@example.org")
    lee.get_by_role("heading", name="My engagements").wait_for()
    assert "Rival plc" in body(lee) and "Acme" not in body(lee)
    for query in (f"code={acme.code}&wf_code={acme.code}", f"engagement={acme.code}",
                  f"view=projector&join={acme.code}"):  # fmt: skip
        lee.goto(f"{app.url}/facilitate?{query}")
        lee.get_by_role("heading", name="My engagements").wait_for()
        settle(lee)
        assert "Acme" not in body(lee), query
    for guess in (acme.code, code):  # its join code, and even its facilitator code
        lee.get_by_role("tab", name="Add a workshop you ran with a passcode").click()
        lee.get_by_label("Its facilitator code").fill(guess)
        lee.get_by_label("Its passcode").fill("a guessed passcode")
        lee.get_by_role("button", name="Add to my engagements").click()
        settle(lee)
        expect(lee.get_by_text(WRONG_PASSCODE)).to_be_visible()
        assert "Acme" not in body(lee)
    assert [s.engagement.organisation for s in app.store.my_engagements(app.lee)] == ["Rival plc"]
    lee.context.close()
