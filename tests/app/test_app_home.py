"""AppTest: the Home page, its three ways in, and links that land on '/'."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh SQLite file for the app under test."""
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("CRM_READINESS_DATABASE_URL", url)
    return url


def app(**query: str) -> AppTest:
    """The app opened at '/' with these query parameters."""
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30)
    at.query_params.update(query)
    return at.run()


def test_home_explains_and_offers_three_ways_in() -> None:
    at = app()
    assert not at.exception and not at.error
    assert at.title[0].value == "Is your organisation ready for CRM?"
    assert [s.value for s in at.header] == [
        "Assess on your own",
        "Join a workshop",
        "Run a workshop",
    ]
    nav = at.session_state["crm_memo"].nav
    assert [list(pages) for pages in nav.sections.values()] == [
        ["home", "self", "results", "questionnaires"],
        ["join", "facilitate"],
    ]
    at.button(key="home_self").click().run()
    assert at.session_state["crm_memo"].nav.current_path == "self-assessment"
    assert at.radio(key="sa_questionnaire").value == "executive-quick-check"


@pytest.mark.parametrize("param", ["join", "participant"])
def test_workshop_links_on_the_default_page_are_handed_on(param: str) -> None:
    at = app(**{param: "K7Q2-XY"})
    assert not at.exception and not at.error
    if at.session_state["crm_memo"].nav.page("join") is not None:
        assert at.session_state["crm_memo"].nav.current_path == "join"
        assert not [t for t in at.title if t.value == "Is your organisation ready for CRM?"]
    else:
        assert at.info[0].value.startswith("This link is meant for a workshop")
        assert param not in at.query_params
