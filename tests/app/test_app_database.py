"""AppTest: which database the app writes to (environment first, then Streamlit secrets)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment.storage.store import Store

ROOT = Path(__file__).resolve().parents[2]


def start_assessment(at: AppTest) -> str:
    """Start the first questionnaire from the Self-assessment page; return the resume token."""
    at.run()
    at.switch_page("app_pages/self_assessment.py").run()
    at.button(key="sa_start").click().run()
    assert not at.exception and not at.error
    return str(at.session_state["crm_memo"].token)


def test_secrets_name_the_database_when_the_environment_does_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CRM_READINESS_DATABASE_URL", raising=False)
    url = f"sqlite:///{tmp_path / 'from-secrets.db'}"
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30)
    at.secrets["database_url"] = url
    token = start_assessment(at)
    assert Store(url).get_assessment(token) is not None


def test_the_environment_wins_over_secrets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env_url = f"sqlite:///{tmp_path / 'from-env.db'}"
    monkeypatch.setenv("CRM_READINESS_DATABASE_URL", env_url)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30)
    at.secrets["database_url"] = f"sqlite:///{tmp_path / 'from-secrets.db'}"
    token = start_assessment(at)
    assert Store(env_url).get_assessment(token) is not None
    assert not (tmp_path / "from-secrets.db").exists()
