"""AppTest: a question that does not apply is never shown (self-assessment, what-if), appears
once the screening answer changes, and "Not applicable here" is a choice where allowed."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.engine.screened import screened
from streamlit.testing.v1 import AppTest

from app_pages import ui
from assessment.content.questionnaires import load_bundle
from assessment.storage.store import Store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[AppTest, str]:
    """The app with only the screened test questionnaire installed, on a fresh database."""
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("CRM_READINESS_DATABASE_URL", url)
    monkeypatch.setattr(ui, "bundles", lambda: {"engine": screened()})
    return AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30).run(), url


def radios(at: AppTest) -> list[str]:
    return [str(r.key) for r in at.radio]


def progress(at: AppTest) -> str:
    return str(at.get("progress")[0].proto.text)


def test_a_skipped_question_never_appears_until_the_screening_answer_changes(
    app: tuple[AppTest, str],
) -> None:
    at, url = app
    at.switch_page("app_pages/self_assessment.py").run()
    at.button(key="sa_start").click().run()
    for _ in range(4):  # to the technology step
        next(b for b in at.button if b.label.startswith("Next")).click().run()
    assert radios(at) == ["q_t-selection", "q_t-upgrade", "q_t-data-quality"]
    at.radio(key="q_t-selection").set_value("1").run()
    assert not at.exception
    assert radios(at) == ["q_t-selection", "q_t-data-quality"]
    assert progress(at).endswith("2 questions: 1 answered, 1 not answered on this step")
    assert at.radio(key="q_t-data-quality").label.startswith("2. ")
    at.radio(key="q_t-selection").set_value("3").run()
    assert radios(at) == ["q_t-selection", "q_t-upgrade", "q_t-data-quality"]
    at.radio(key="q_t-selection").set_value("1").run()
    assert "q_t-upgrade" not in radios(at)

    quality = at.radio(key="q_t-data-quality")
    assert quality.options[-2:] == ["Don't know / not visible to me", "Not applicable here"]
    assert "Not applicable here" not in at.radio(key="q_t-selection").options
    quality.set_value("n/a").run()
    assert progress(at).endswith("2 questions: 1 answered, 1 not applicable on this step")
    token = str(at.session_state["crm_memo"].token)
    assert Store(url).get_assessment(token).answers == {"t-selection": 1, "t-data-quality": "n/a"}

    next(b for b in at.button if b.label.startswith("See my results")).click().run()
    at.switch_page("app_pages/results.py").run()
    assert not at.exception
    wi = [k for k in radios(at) if k.startswith("wi_")]
    assert "wi_t-upgrade" not in wi and "wi_t-selection" in wi
    at.radio(key="wi_t-selection").set_value("4").run()
    assert "wi_t-upgrade" in radios(at)  # the what-if shows it once it applies
    metric = next(m for m in at.metric if m.label.startswith("Of "))
    assert "not applicable" in (metric.proto.delta or "")


def test_the_participant_page_hides_what_does_not_apply(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'join.db'}"
    monkeypatch.setenv("CRM_READINESS_DATABASE_URL", url)
    store = Store(url)
    b = load_bundle("crm-readiness")
    e = store.create_engagement(
        b.questionnaire.id,
        b.questionnaire.version,
        b.sha256,
        organisation="Acme",
        passcode="facilitate-me",
    )
    token = store.join(e.code, "manager")
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30)
    at.query_params.update({"participant": token})
    at.run()
    at.switch_page("app_pages/workshop_join.py").run()
    assert not at.exception
    keys = [k for k in radios(at) if k.startswith("wj_q_")]
    assert {"wj_q_current-adoption", "wj_q_past-investment-review"} <= set(keys)
    total = len(keys)
    at.radio(key="wj_q_customer-records").set_value("1").run()
    assert not at.exception
    keys = [k for k in radios(at) if k.startswith("wj_q_")]
    assert "wj_q_current-adoption" not in keys and "wj_q_past-investment-review" not in keys
    assert len(keys) == total - 2
    assert progress(at) == f"{total - 2} questions: 1 answered, {total - 3} not answered"
    heads = [m.value for m in at.markdown if m.value[2:3].isdigit()]  # "**12. How ...**"
    assert [h[2:].split(".")[0] for h in heads] == [str(n) for n in range(1, total - 1)]
    at.radio(key="wj_q_customer-records").set_value("4").run()
    assert "wj_q_current-adoption" in radios(at)
