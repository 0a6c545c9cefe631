"""Facilitator access: private facilitator codes, the lock, browser sessions, the public address.

Store tests run on a temporary SQLite file and on the real PostgreSQL
(CRM_READINESS_TEST_PG_URL); the page tests use AppTest.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
import storage_fixtures as fx
from sqlalchemy import func, select, text
from streamlit.testing.v1 import AppTest

from app_pages.browser_memory import cookie_script
from assessment.content.questionnaires import load_bundle
from assessment.storage.base import StoreError, make_engine, now
from assessment.storage.facilitators import NO_PASSCODE
from assessment.storage.migrations import (
    LATEST,
    engagements,
    facilitator_sessions,
    migrate,
    passcode_failures,
)
from assessment.storage.records import BAD_ADDRESS, Engagement
from assessment.storage.security import (
    FACILITATOR_LENGTH,
    JOIN_ALPHABET,
    AccessDenied,
    TooManyAttempts,
    format_facilitator_code,
    hash_passcode,
    hash_token,
)
from assessment.storage.store import Store

store = fx.store
store_url = fx.store_url
H = "c" * 64
PASS = "open sesame"
WRONG = "The facilitator code or passcode is not right."
ROOT = Path(__file__).resolve().parents[2]
FACILITATE = "app_pages/workshop_facilitate.py"


def new(store: Store, org: str = "Acme Ltd") -> Engagement:
    return store.create_engagement("crm-readiness", "1.0", H, organisation=org, passcode=PASS)


def failures(store: Store, e: Engagement) -> int:
    with store.engine.connect() as conn:
        return int(
            conn.scalar(
                select(func.count())
                .select_from(passcode_failures)
                .where(passcode_failures.c.engagement_id == e.id)
            )
            or 0
        )


# ----------------------------------------------------------------- facilitator codes


def test_each_engagement_gets_a_long_private_facilitator_code(store: Store) -> None:
    first, second = new(store), new(store)
    code = store.facilitator_code(first)
    assert len(code) == FACILITATOR_LENGTH and set(code) <= set(JOIN_ALPHABET)
    assert code != first.code and code != store.facilitator_code(second)
    assert code not in repr(first)  # the engagement participants' pages hold does not carry it
    assert not store.uses_join_code_to_sign_in(first)
    shown = format_facilitator_code(code)
    assert shown.count("-") == 3 and shown.replace("-", "") == code
    assert store.sign_in(shown.lower(), PASS) == first  # dashes and case ignored


def test_the_join_code_never_signs_in_and_never_locks(store: Store) -> None:
    e = new(store)
    for _ in range(10):  # a room full of people guessing with the projected join code
        with pytest.raises(AccessDenied) as info:
            store.sign_in(e.code, "guess-guess")
        assert not isinstance(info.value, TooManyAttempts)
        assert str(info.value) == WRONG
    with pytest.raises(AccessDenied, match=WRONG):
        store.sign_in(e.code, PASS)  # even with the right passcode
    assert failures(store, e) == 0
    assert store.sign_in(store.facilitator_code(e), PASS) == e


def test_the_lock_counts_wrong_passcodes_with_the_facilitator_code_only(store: Store) -> None:
    e, other = new(store), new(store, "Other plc")
    code = store.facilitator_code(e)
    for _ in range(3):  # the fixture's policy locks after 3
        with pytest.raises(AccessDenied, match=WRONG):
            store.sign_in(code, "guess-guess")
    with pytest.raises(TooManyAttempts, match="Try again in 15 minutes"):
        store.sign_in(code, PASS)
    assert store.sign_in(store.facilitator_code(other), PASS) == other  # per engagement
    fresh = store.renew_facilitator_code(e)  # a new code starts with a clean slate
    assert store.sign_in(fresh, PASS) == e
    with pytest.raises(AccessDenied, match=WRONG):
        store.sign_in(code, PASS)  # the old code no longer signs in


def test_an_empty_passcode_is_refused_without_counting(store: Store) -> None:
    e = new(store)
    for _ in range(10):
        with pytest.raises(AccessDenied) as info:
            store.sign_in(store.facilitator_code(e), "")
        assert str(info.value) == NO_PASSCODE
    assert failures(store, e) == 0
    assert store.sign_in(store.facilitator_code(e), PASS) == e


# ------------------------------------------------------------------------ sessions


def test_a_session_token_opens_its_engagement_until_signed_out(store: Store) -> None:
    e, other = new(store), new(store)
    token, other_token = store.open_session(e), store.open_session(other)
    assert len(token) >= 43 and token != other_token
    assert store.session_engagement(token) == e
    assert store.session_engagement(other_token) == other
    store.end_session(token)
    assert store.session_engagement(token) is None
    assert store.session_engagement(other_token) == other
    assert store.session_engagement("forged") is None and store.session_engagement("") is None


def test_sessions_expire(store: Store) -> None:
    e = new(store)
    gone = store.open_session(e, lifetime=timedelta(seconds=-1))
    live = store.open_session(e)
    assert store.session_engagement(gone) is None
    assert store.session_engagement(live) == e
    with store.engine.connect() as conn:  # expired rows are swept when sessions open
        stamps = list(conn.scalars(select(facilitator_sessions.c.expires_at)))
    assert len(stamps) == 1


def test_session_tokens_are_stored_hashed(store: Store) -> None:
    e = new(store)
    token = store.open_session(e)
    with store.engine.connect() as conn:
        rows = [tuple(str(v) for v in r) for r in conn.execute(select(facilitator_sessions))]
    assert len(rows) == 1
    assert hashlib.sha256(token.encode()).hexdigest() == hash_token(token) in rows[0]
    assert not any(token in value for value in rows[0])


# ------------------------------------------------------------------ public address


def test_public_address_is_kept_with_the_engagement(store: Store) -> None:
    e = new(store)
    saved = store.set_public_url(e, "  https://crm.example.org:8443/app/?x=1  ")
    assert saved.public_url == "https://crm.example.org:8443/app"
    assert store.get_engagement(e.code) == saved
    assert store.set_public_url(e, "").public_url is None
    for bad in ("crm.example.org", "javascript:alert(1)", "https://", "http://a b", "ftp://x"):
        with pytest.raises(StoreError) as info:
            store.set_public_url(e, bad)
        assert str(info.value) == BAD_ADDRESS


# ---------------------------------------------------------------------- migration


def test_previous_schema_with_data_upgrades(store_url: str) -> None:
    engine = make_engine(store_url)
    assert migrate(engine, upto=3) == [
        "0001_self_assessment",
        "0002_workshops",
        "0003_passcode_failures",
    ]
    with engine.begin() as conn:  # what the previous release left: one engagement, one person
        conn.execute(
            text(
                "INSERT INTO engagements (code, organisation, questionnaire_id, version, sha256,"
                " passcode_hash, status, created_at) VALUES ('ABCDE23456', 'Old Ltd',"
                " 'crm-readiness', '1.0', :h, :p, 'open', :t)"
            ),
            {"h": H, "p": hash_passcode(PASS), "t": now()},
        )
        eid = conn.scalar(text("SELECT id FROM engagements"))
        conn.execute(
            text(
                "INSERT INTO participants (engagement_id, token, role, source, joined_at)"
                " VALUES (:e, 'tok-123', 'manager', 'link', :t)"
            ),
            {"e": eid, "t": now()},
        )
    engine.dispose()
    upgraded = Store(store_url)
    try:
        assert upgraded.migrations_applied == ["0004_facilitator_codes", "0005_accounts"]
        assert LATEST == 5
        old = upgraded.get_engagement("ABCDE-23456")
        assert old is not None and old.organisation == "Old Ltd" and old.public_url is None
        # Its facilitator signs in as before, with the join code, until they make a new code.
        assert upgraded.uses_join_code_to_sign_in(old)
        assert upgraded.sign_in("ABCDE23456", PASS) == old
        me = upgraded.get_participant("tok-123")
        assert me is not None and me.engagement == old
        fresh = upgraded.renew_facilitator_code(old)
        assert not upgraded.uses_join_code_to_sign_in(old)
        with pytest.raises(AccessDenied, match=WRONG):
            upgraded.sign_in("ABCDE23456", PASS)
        assert upgraded.sign_in(fresh, PASS) == old
        assert upgraded.get_participant("tok-123") is not None  # participants keep their link
        made = new(upgraded)  # new engagements work on the upgraded schema
        assert upgraded.sign_in(upgraded.facilitator_code(made), PASS) == made
        with upgraded.engine.connect() as conn:
            codes = list(conn.scalars(select(engagements.c.facilitator_code)))
        assert len(set(codes)) == 2
    finally:
        upgraded.close()
    assert Store(store_url).migrations_applied == []


# ------------------------------------------------------------------ browser memory


def test_cookie_script_keeps_any_value_inert() -> None:
    script = cookie_script("crm_x", "</script><b>\"';", 60)
    assert script.count("</script>") == 1 and "<b>" not in script
    assert "crm_x=%3C%2Fscript%3E%3Cb%3E%22%27%3B; Max-Age=60" in script
    assert "SameSite=Strict" in script and "Path=/" in script and "Secure" in script
    assert "Max-Age=0" in cookie_script("crm_x", "", 0)
    with pytest.raises(ValueError):
        cookie_script("bad name;", "v", 1)


# ---------------------------------------------------------------------- the page


@pytest.fixture
def app_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("CRM_READINESS_DATABASE_URL", url)
    monkeypatch.delenv("CRM_READINESS_PUBLIC_URL", raising=False)
    return Store(url)


def facilitate() -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30)
    at.run()
    return at.switch_page(FACILITATE).run()


def made(store: Store) -> Engagement:
    b = load_bundle("crm-readiness")
    q = b.questionnaire
    return store.create_engagement(q.id, q.version, b.sha256, organisation="Acme", passcode=PASS)


def sign_in(at: AppTest, code: str, passcode: str) -> AppTest:
    at.text_input(key="wf_code_in").input(code)
    # Each attempt gets a fresh, empty passcode box (wf_pass_in, then wf_pass_in_1, ...).
    box = next(t for t in at.text_input if (t.key or "").startswith("wf_pass_in"))
    box.input(passcode)
    return at.button(key="wf_open").click().run()


def test_page_refuses_an_empty_passcode_calmly_and_without_counting(app_store: Store) -> None:
    e = made(app_store)
    at = facilitate()
    for _ in range(6):
        sign_in(at, app_store.facilitator_code(e), "")
        assert [w.value for w in at.warning] == [NO_PASSCODE]
    assert failures(app_store, e) == 0
    sign_in(at, app_store.facilitator_code(e), PASS)
    assert not at.exception and at.title[0].value == "Workshop for Acme"


def test_page_shows_the_facilitator_code_only_in_the_access_view(app_store: Store) -> None:
    e = made(app_store)
    code = format_facilitator_code(app_store.facilitator_code(e))
    at = sign_in(facilitate(), code, PASS)
    assert all(code not in c.value for c in at.code)  # the invite view goes on the projector
    at.button_group(key="wf_view").set_value("Access").run()
    assert [c.value for c in at.code] == [code]
    at.button(key="wf_renew_code").click().run()
    assert not at.exception
    assert app_store.facilitator_code(e) != code.replace("-", "")
    assert "new facilitator code" in at.success[0].value


def test_legacy_engagement_is_warned_and_can_make_a_private_code(app_store: Store) -> None:
    e = made(app_store)
    with app_store.engine.begin() as conn:  # as migration 0004 leaves an older engagement
        conn.execute(
            engagements.update().where(engagements.c.id == e.id).values(facilitator_code=e.code)
        )
    at = sign_in(facilitate(), e.code, PASS)
    assert any("before private facilitator codes" in w.value for w in at.warning)
    at.button(key="wf_renew_code_legacy").click().run()
    assert not any("before private facilitator codes" in w.value for w in at.warning)
    assert not app_store.uses_join_code_to_sign_in(e)


def test_public_address_from_env_and_from_the_page(
    app_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    e = made(app_store)
    at = sign_in(facilitate(), app_store.facilitator_code(e), PASS)
    assert at.code[0].value == f"http://localhost:8501/?join={e.code}"
    assert any("Phones in the room cannot reach this address" in w.value for w in at.warning)
    monkeypatch.setenv("CRM_READINESS_PUBLIC_URL", "https://room.example.org/")
    at.run()
    assert at.code[0].value == f"https://room.example.org/?join={e.code}"
    assert not any("Phones in the room" in w.value for w in at.warning)
    at.text_input(key="wf_public_url").input("https://crm.acme.test")
    at.button(key="wf_public_save").click().run()
    assert at.code[0].value == f"https://crm.acme.test/?join={e.code}"
    stored = app_store.get_engagement(e.code)
    assert stored is not None and stored.public_url == "https://crm.acme.test"
