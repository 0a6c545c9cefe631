"""The Facilitate page with accounts (AppTest): sign-in, My engagements, claiming, erasing."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment.content.questionnaires import load_bundle
from assessment.storage.accounts import WRONG_PASSWORD
from assessment.storage.security import AttemptPolicy
from assessment.storage.store import Store

ROOT = Path(__file__).resolve().parents[2]
FACILITATE = "app_pages/workshop_facilitate.py"
PW = "correct horse battery"
PASS = "open sesame"
OWNED = "This workshop belongs to an account now: sign in to that account to open it."


@pytest.fixture
def app_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("CRM_READINESS_DATABASE_URL", url)
    monkeypatch.setattr(Store, "attempt_policy", AttemptPolicy(delay_seconds=0.0))
    store = Store(url)
    store.create_account("dana@example.org", PW)
    store.create_account("lee@example.org", PW)
    return store


def signed_in(email: str, password: str = PW) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30)
    at.run()
    at.switch_page(FACILITATE).run()
    at.text_input(key="wa_email").input(email)
    next(t for t in at.text_input if (t.key or "").startswith("wa_password")).input(password)
    return at.button(key="wa_sign_in").click().run()


def texts(at: AppTest) -> str:
    return " ".join(
        [w.value for w in at.warning]
        + [m.value for m in at.markdown]
        + [c.value for c in at.caption]
    )


def test_sign_in_refuses_calmly_then_lists_only_my_engagements(app_store: Store) -> None:
    b = load_bundle("crm-readiness")
    q = b.questionnaire
    lee = app_store.account_by_email("lee@example.org")
    assert lee is not None
    theirs = app_store.create_owned_engagement(lee, q.id, q.version, b.sha256, organisation="Lee's")
    for email in ("dana@example.org", "ghost@example.org"):
        at = signed_in(email, "not the password")
        assert [w.value for w in at.warning] == [WRONG_PASSWORD]
        assert not at.exception
    at = signed_in("DANA@example.org")
    assert at.title[0].value == "My engagements" and not at.exception
    at.text_input(key="wa_new_org").input("Acme Ltd")
    at.button(key="wa_create").click().run()
    assert at.title[0].value == "Workshop for Acme Ltd"
    assert "Participants" in at.segmented_control(key="wf_view").options
    assert "Access" not in at.segmented_control(key="wf_view").options
    at.button(key="wf_back").click().run()
    assert at.title[0].value == "My engagements"
    assert "Acme Ltd" in texts(at) and "Lee" not in texts(at) and theirs.code not in texts(at)


def test_claim_then_erase_a_participant_from_the_page(app_store: Store) -> None:
    b = load_bundle("crm-readiness")
    q = b.questionnaire
    e = app_store.create_engagement(
        q.id, q.version, b.sha256, organisation="Old Ltd", passcode=PASS
    )
    token = app_store.join(e.code, "manager", "Erin Erasable")
    app_store.save_participant_note(token, q.questions()[0].id, "gone soon")
    at = signed_in("dana@example.org")
    at.text_input(key="wa_claim_code").input(app_store.facilitator_code(e))
    next(t for t in at.text_input if (t.key or "").startswith("wa_claim_pass")).input(PASS)
    at.button(key="wa_claim").click().run()
    assert "Old Ltd" in texts(at) and "1 respondent" in texts(at)
    at.button(key=f"wa_open_{e.code}").click().run()
    at.segmented_control(key="wf_view").set_value("Participants").run()
    at.selectbox(key="wp_one").select_index(0).run()
    at.button(key="wp_erase").click().run()
    assert app_store.get_participant(token) is not None  # not without ticking the box
    at.checkbox(key="wp_sure").check().run()
    at.button(key="wp_erase").click().run()
    assert app_store.get_participant(token) is None and not at.exception
    assert [p.name for p in app_store.participant_entries(e)] == []


def test_a_claimed_workshop_no_longer_opens_by_passcode_alone(app_store: Store) -> None:
    b = load_bundle("crm-readiness")
    q = b.questionnaire
    e = app_store.create_engagement(
        q.id, q.version, b.sha256, organisation="Old Ltd", passcode=PASS
    )
    dana = app_store.account_by_email("dana@example.org")
    assert dana is not None
    app_store.claim_engagement(dana, app_store.facilitator_code(e), PASS)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30)
    at.run()
    at.switch_page(FACILITATE).run()
    at.text_input(key="wf_code_in").input(app_store.facilitator_code(e))
    next(t for t in at.text_input if (t.key or "").startswith("wf_pass_in")).input(PASS)
    at.button(key="wf_open").click().run()
    assert [w.value for w in at.warning] == [OWNED] and not at.exception
    assert at.title[0].value == "Run a workshop"
    assert "Old Ltd" not in texts(at)


def test_a_follow_up_compares_with_its_first_workshop_and_unsharing_ends_access(
    app_store: Store,
) -> None:
    b = load_bundle("crm-readiness")
    q = b.questionnaire
    dana = app_store.account_by_email("dana@example.org")
    assert dana is not None
    first = app_store.create_owned_engagement(dana, q.id, q.version, b.sha256, organisation="Acme")
    follow = app_store.duplicate_as_follow_up(dana, first, q.version, b.sha256)
    assert app_store.followed_up(dana, follow) == first
    for e, level in ((first, 2), (follow, 4)):
        token = app_store.join(e.code, "manager")
        for question in q.questions()[:5]:
            app_store.save_participant_answer(token, question.id, level)
    app_store.share_engagement(dana, follow, "lee@example.org")
    at = signed_in("lee@example.org")
    at.button(key=f"wa_open_{follow.code}").click().run()
    at.segmented_control(key="wf_view").set_value("History").run()
    follows = "This workshop follows up"
    assert not any(m.value.startswith(follows) for m in at.markdown)  # Lee lacks the first
    assert [m.label for m in at.metric] == []
    app_store.share_engagement(dana, first, "lee@example.org")
    at.run()
    assert any(m.value.startswith(follows) for m in at.markdown)
    assert [m.label for m in at.metric] == ["Overall readiness"] and not at.exception
    app_store.unshare_engagement(dana, follow, "lee@example.org")
    at.run()
    assert at.title[0].value == "My engagements"  # the workshop closed on Lee at once
    assert follow.code not in texts(at) and not at.exception
