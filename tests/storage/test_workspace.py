"""Accounts and their engagements on a temporary SQLite file and on the real PostgreSQL."""

from __future__ import annotations

import time

import pytest
import storage_fixtures as fx
from sqlalchemy import select, text
from trace_search import rows_naming, text_columns, traces

from assessment.model.questionnaire import Respondent, Responses
from assessment.storage.accounts import ACCOUNT_EXISTS, BAD_EMAIL, WRONG_PASSWORD
from assessment.storage.base import NotFound, StoreError, make_engine, now
from assessment.storage.migrations import accounts, audit_log, migrate
from assessment.storage.records import Account, Engagement
from assessment.storage.security import (
    AccessDenied,
    AttemptPolicy,
    TooManyAttempts,
    hash_passcode,
    verify_passcode,
)
from assessment.storage.sharing import NO_SUCH_ACCOUNT
from assessment.storage.store import Store
from assessment.storage.workspace import (
    CLAIMED_BY_OTHER,
    NEEDS_REASON,
    NOT_YOURS,
    OWNER_ONLY,
)

store = fx.store
store_url = fx.store_url
H = "c" * 64
PASS = "open sesame"
PW = "correct horse battery"


def owned(store: Store, who: Account, org: str = "Acme Ltd") -> Engagement:
    return store.create_owned_engagement(who, "crm-readiness", "1.0", H, organisation=org)


def two(store: Store) -> tuple[Account, Account]:
    return store.create_account("Dana@Example.org", PW), store.create_account("lee@example.org", PW)


def test_account_password_is_scrypt_hashed_and_signs_in(store: Store) -> None:
    dana = store.create_account("  Dana@Example.ORG ", PW)
    assert dana.email == "dana@example.org"
    with store.engine.connect() as conn:
        stored = conn.scalar(select(accounts.c.password_hash))
    assert stored.startswith("scrypt$") and PW not in stored and verify_passcode(PW, stored)
    assert store.sign_in_account("DANA@example.org", PW) == dana
    with pytest.raises(StoreError, match=ACCOUNT_EXISTS):
        store.create_account("dana@example.org", PW)
    with pytest.raises(StoreError, match=BAD_EMAIL):
        store.create_account("dana.example.org", PW)
    with pytest.raises(StoreError, match="at least 10 characters"):
        store.create_account("x@example.org", "short")


def test_sign_in_never_tells_which_emails_have_accounts(store: Store) -> None:
    store.create_account("dana@example.org", PW)
    said = []
    for email in ("dana@example.org", "nobody@example.org"):
        for _ in range(3):
            with pytest.raises(AccessDenied) as wrong:
                store.sign_in_account(email, "not the password")
            said.append(str(wrong.value))
        with pytest.raises(TooManyAttempts) as locked:  # the lock is the same for both
            store.sign_in_account(email, PW)
        said.append(str(locked.value))
    assert said[:3] == [WRONG_PASSWORD] * 3 and said[:4] == said[4:]
    assert said[3] == "Too many wrong passwords for this email. Try again in 15 minutes."


def test_a_wrong_password_waits_like_a_wrong_passcode(store_url: str) -> None:
    slow = Store(store_url)
    slow.attempt_policy = AttemptPolicy(delay_seconds=0.3)
    try:
        slow.create_account("dana@example.org", PW)
        for email in ("dana@example.org", "nobody@example.org"):
            start = time.perf_counter()
            with pytest.raises(AccessDenied):
                slow.sign_in_account(email, "wrong wrong")
            assert time.perf_counter() - start >= 0.3
    finally:
        slow.close()


def test_account_session_token_is_stored_hashed_and_ends(store: Store) -> None:
    dana, _ = two(store)
    token = store.open_account_session(dana)
    assert store.session_account(token) == dana and store.session_account("nope") is None
    assert traces(store.engine, token) == []
    store.end_account_session(token)
    assert store.session_account(token) is None


def test_an_account_sees_only_its_own_and_shared_engagements(store: Store) -> None:
    dana, lee = two(store)
    mine, theirs = owned(store, dana, "Acme Ltd"), owned(store, lee, "Other plc")
    legacy = store.create_engagement("crm-readiness", "1.0", H, organisation="Old", passcode=PASS)
    assert [s.engagement for s in store.my_engagements(dana)] == [mine]
    for code in (theirs.code, legacy.code, "ABCDE23456"):
        with pytest.raises(NotFound, match=NOT_YOURS):
            store.account_engagement(dana, code)
    with pytest.raises(NotFound, match=NOT_YOURS):
        store.share_engagement(dana, theirs, "lee@example.org")
    with pytest.raises(StoreError, match=NO_SUCH_ACCOUNT):
        store.share_engagement(dana, mine, "ghost@example.org")
    store.share_engagement(dana, mine, "LEE@example.org")
    assert store.shared_with(mine) == ["lee@example.org"]
    seen = {s.engagement.code: s.owned for s in store.my_engagements(lee)}
    assert seen == {mine.code: False, theirs.code: True}
    with pytest.raises(StoreError, match=OWNER_ONLY):
        store.delete_engagement(lee, mine)
    store.unshare_engagement(dana, mine, "lee@example.org")
    assert [s.engagement for s in store.my_engagements(lee)] == [theirs]


def test_list_counts_respondents_and_last_activity(store: Store) -> None:
    dana, _ = two(store)
    e = owned(store, dana)
    before = store.my_engagements(dana)[0]
    assert before.respondents == 0 and before.last_activity == e.created_at
    token = store.join(e.code, "manager")
    store.save_participant_answer(token, "q1", 3)
    after = store.my_engagements(dana)[0]
    assert after.respondents == 1 and after.last_activity > before.last_activity


def test_close_reopen_with_reason_and_follow_up(store: Store) -> None:
    dana, lee = two(store)
    e = owned(store, dana)
    store.close_for(dana, e)
    with pytest.raises(StoreError, match=NEEDS_REASON):
        store.reopen(dana, e, "   ")
    again = store.reopen(dana, e, "Two managers were on leave")
    assert again.is_open and again.closed_at is None
    follow = store.duplicate_as_follow_up(dana, again, "1.1", "d" * 64)
    assert (follow.organisation, follow.follow_up_of, follow.version) == (
        e.organisation,
        e.id,
        "1.1",
    )
    assert follow.code != e.code and follow.account_id == dana.id
    listed = {s.engagement.code: s.follow_up_code for s in store.my_engagements(dana)}
    assert listed == {e.code: None, follow.code: e.code}
    assert store.followed_up(dana, follow) == again and store.followed_up(dana, e) is None
    store.share_engagement(dana, follow, "lee@example.org")  # the follow-up only
    assert [s.follow_up_code for s in store.my_engagements(lee)] == [e.code]
    assert store.followed_up(lee, follow) is None
    log = [(a.action, a.detail, a.by) for a in store.audit_lines(e)]
    assert log == [("closed", None, "dana@example.org"),
                   ("reopened", "Two managers were on leave", "dana@example.org")]  # fmt: skip


def test_delete_removes_the_engagement_and_everything_in_it(store: Store) -> None:
    dana, _ = two(store)
    e = owned(store, dana)
    follow = store.duplicate_as_follow_up(dana, e, "1.0", H)
    token = store.join(e.code, "frontline", "Pat Delete-Me")
    store.save_participant_note(token, "q1", "note-to-delete")
    store.save_consensus(e, "q1", 3, "agreed-to-delete")
    store.delete_engagement(dana, e)
    assert store.get_engagement(e.code) is None and store.get_participant(token) is None
    assert traces(store.engine, "Pat Delete-Me", "note-to-delete", "agreed-to-delete") == []
    assert store.account_engagement(dana, follow.code).follow_up_of is None
    with store.engine.connect() as conn:
        assert conn.scalar(select(audit_log.c.action).where(audit_log.c.engagement_id == e.id)) in (
            "follow-up",
            "deleted",
        )


def test_claim_a_passcode_workshop_with_its_code_and_passcode(store: Store) -> None:
    dana, lee = two(store)
    legacy = store.create_engagement("crm-readiness", "1.0", H, organisation="Old", passcode=PASS)
    code = store.facilitator_code(legacy)
    with pytest.raises(AccessDenied):
        store.claim_engagement(dana, code, "wrong passcode")
    with pytest.raises(AccessDenied):
        store.claim_engagement(dana, legacy.code, PASS)  # the join code does not claim
    claimed = store.claim_engagement(dana, code, PASS)
    assert claimed.account_id == dana.id and store.account_engagement(dana, legacy.code)
    assert store.sign_in(code, PASS) == claimed  # the store still checks it (the page asks more)
    with pytest.raises(StoreError, match=CLAIMED_BY_OTHER):
        store.claim_engagement(lee, code, PASS)


def people(store: Store, e: Engagement) -> tuple[str, str]:
    erased = store.join(e.code, "manager", "Erin Erasable")
    store.save_participant_answer(erased, "q1", 2)
    store.save_participant_note(erased, "q1", "I-want-this-gone")
    kept = store.join(e.code, "manager", "Kim Kept")
    store.save_participant_answer(kept, "q1", 4)
    return erased, kept


def test_erasing_a_participant_leaves_no_trace_in_any_table(store: Store) -> None:
    dana, _ = two(store)
    e = owned(store, dana)
    erased, kept = people(store, e)
    store.close_for(dana, e)  # erasure is honoured after the workshop closed too
    entries = store.participant_entries(e)
    assert [(p.number, p.name, p.answered, p.noted) for p in entries] == [
        (1, "Erin Erasable", 1, 1), (2, "Kim Kept", 1, 0)]  # fmt: skip
    with pytest.raises(NotFound):
        store.erase_participant(owned(store, dana, "Else"), entries[0].id, dana)
    store.erase_participant(e, entries[0].id, dana)
    assert "participants" in text_columns(store.engine)  # the search saw the real tables
    assert traces(store.engine, "Erin Erasable", "I-want-this-gone", erased) == []
    assert rows_naming(store.engine, "participant_id", entries[0].id) == []
    assert [r.answers for r in store.respondents(e)] == [{"q1": 4}]
    assert store.get_participant(kept) is not None
    assert [(a.action, a.detail) for a in store.audit_lines(e)][-1] == ("participant erased", None)


def test_merge_fills_gaps_from_the_duplicate_then_removes_it(store: Store) -> None:
    dana, _ = two(store)
    e = owned(store, dana)
    first = store.join(e.code, "it", "Sam")
    store.save_participant_answer(first, "q1", 2)
    dup = store.join(e.code, "it", "Sam again")
    store.save_participant_answer(dup, "q1", 5)
    store.save_participant_answer(dup, "q2", "unknown")
    store.save_participant_note(dup, "q1", "from the duplicate")
    junk = store.join(e.code, "other", "test test")
    a, b, c = store.participant_entries(e)
    with pytest.raises(StoreError, match="two different"):
        store.merge_participants(e, a.id, a.id, dana)
    store.merge_participants(e, a.id, b.id, dana)
    store.remove_junk(e, c.id, dana)
    merged = store.get_participant(first)
    assert merged is not None and merged.answers == {"q1": 2, "q2": "unknown"}
    assert merged.notes == {"q1": "from the duplicate"}
    assert store.get_participant(dup) is None and store.get_participant(junk) is None
    assert traces(store.engine, "Sam again", "test test") == []
    assert [a.action for a in store.audit_lines(e)] == [
        "participants merged",
        "participant removed",
    ]


def test_previous_schema_with_data_upgrades_to_accounts(store_url: str) -> None:
    engine = make_engine(store_url)
    migrate(engine, upto=4)
    with engine.begin() as conn:  # what release 0004 left: an engagement, a person, answers
        conn.execute(
            text(
                "INSERT INTO engagements (code, organisation, questionnaire_id, version, sha256,"
                " passcode_hash, status, created_at, facilitator_code) VALUES ('ABCDE23456',"
                " 'Old Ltd', 'crm-readiness', '1.0', :h, :p, 'closed', :t, 'FFFFFGGGGGHHHHHJJJJJ')"
            ),
            {"h": H, "p": hash_passcode(PASS), "t": now()},
        )
        eid = conn.scalar(text("SELECT id FROM engagements"))
        conn.execute(
            text(
                "INSERT INTO participants (engagement_id, token, role, name, source, joined_at)"
                " VALUES (:e, 'tok-456', 'manager', 'Old Name', 'link', :t)"
            ),
            {"e": eid, "t": now()},
        )
        pid = conn.scalar(text("SELECT id FROM participants"))
        conn.execute(
            text(
                "INSERT INTO answers (participant_id, question_id, answer, note, updated_at)"
                " VALUES (:p, 'q1', '4', 'old note', :t)"
            ),
            {"p": pid, "t": now()},
        )
    engine.dispose()
    upgraded = Store(store_url)
    try:
        assert upgraded.migrations_applied == ["0005_accounts"]
        old = upgraded.get_engagement("ABCDE23456")
        assert old is not None and old.account_id is None and old.status == "closed"
        assert upgraded.sign_in("FFFFF-GGGGG-HHHHH-JJJJJ", PASS) == old  # works unchanged
        me = upgraded.get_participant("tok-456")
        assert me is not None and me.answers == {"q1": 4} and me.notes == {"q1": "old note"}
        dana = upgraded.create_account("dana@example.org", PW)
        assert upgraded.my_engagements(dana) == []
        claimed = upgraded.claim_engagement(dana, "FFFFFGGGGGHHHHHJJJJJ", PASS)
        summary = upgraded.my_engagements(dana)[0]
        assert summary.engagement == claimed and summary.respondents == 1
        reopened = upgraded.reopen(dana, claimed, "one more interview")
        assert reopened.is_open
        more = Responses(questionnaire="crm-readiness", respondent=Respondent(role="it"),
                         answers={"q1": 1})  # fmt: skip
        upgraded.import_responses(reopened, [more])
        assert len(upgraded.respondents(reopened)) == 2
    finally:
        upgraded.close()
    assert Store(store_url).migrations_applied == []
