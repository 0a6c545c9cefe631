"""AppTest: the facilitator's Invite view offers the printable handout."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment.content.questionnaires import load_bundle
from assessment.storage.store import Store

ROOT = Path(__file__).resolve().parents[2]
PASS = "facilitate-me"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("CRM_READINESS_DATABASE_URL", url)
    return Store(url)


def test_the_invite_view_offers_the_handout(store: Store) -> None:
    b = load_bundle("crm-readiness")
    q = b.questionnaire
    e = store.create_engagement(q.id, q.version, b.sha256, organisation="Acme Ltd", passcode=PASS)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30)
    at.run()
    at.switch_page("app_pages/workshop_facilitate.py").run()
    at.text_input(key="wf_code_in").input(store.facilitator_code(e))
    at.text_input(key="wf_pass_in").input(PASS)
    at.button(key="wf_open").click().run()
    assert not at.exception and not at.error
    buttons = [d for d in at.get("download_button") if d.proto.label.startswith("Download hand")]
    assert [d.proto.label for d in buttons] == ["Download handout (print to PDF)"]
    assert "browser's Print" in buttons[0].proto.help
