"""Workshop storage on a temporary SQLite file and on the real PostgreSQL."""

from __future__ import annotations

import pytest
import storage_fixtures as fx
from sqlalchemy import select

from assessment.model.questionnaire import Respondent, Responses
from assessment.storage.base import EngagementClosed, NotFound, StoreError
from assessment.storage.migrations import engagements, participants
from assessment.storage.records import ConsensusEntry, Engagement, RoleProgress
from assessment.storage.security import AccessDenied, TooManyAttempts
from assessment.storage.store import Store

store = fx.store
store_url = fx.store_url
H = "b" * 64
PASS = "open sesame"
CLOSED = "This workshop is closed, so its answers can no longer change."
WRONG = "The facilitator code or passcode is not right."


def new(store: Store, org: str = "Acme Ltd") -> Engagement:
    return store.create_engagement("crm-readiness", "1.0", H, organisation=org, passcode=PASS)


def test_engagement_is_created_open_with_a_join_code(store: Store) -> None:
    e = new(store)
    assert (e.organisation, e.questionnaire_id, e.version, e.sha256) == (
        "Acme Ltd",
        "crm-readiness",
        "1.0",
        H,
    )
    assert e.status == "open" and e.is_open and e.closed_at is None
    assert len(e.code) == 10 and e.code.isupper()
    assert store.get_engagement(e.code.lower()) == e
    assert store.get_engagement(f"{e.code[:5]}-{e.code[5:]}") == e


def test_passcode_is_stored_hashed(store: Store) -> None:
    e = new(store)
    with store.engine.connect() as conn:
        stored = conn.scalar(select(engagements.c.passcode_hash).where(engagements.c.id == e.id))
    assert stored is not None and stored.startswith("scrypt$") and PASS not in stored


@pytest.mark.parametrize(
    ("org", "passcode", "message"),
    [
        ("Acme", "12345", "The passcode needs at least 6 characters."),
        ("  ", PASS, "Give the name of the organisation the workshop is for."),
    ],
)
def test_engagement_needs_organisation_and_passcode(
    store: Store, org: str, passcode: str, message: str
) -> None:
    with pytest.raises(StoreError) as info:
        store.create_engagement("q", "1", H, organisation=org, passcode=passcode)
    assert str(info.value) == message


def test_sign_in_with_the_right_passcode(store: Store) -> None:
    e = new(store)
    assert store.sign_in(store.facilitator_code(e), PASS) == e


def test_wrong_passcode_and_unknown_code_are_refused_alike(store: Store) -> None:
    e = new(store)
    with pytest.raises(AccessDenied) as wrong:
        store.sign_in(store.facilitator_code(e), "open sesame!")
    with pytest.raises(AccessDenied) as unknown:
        store.sign_in("ZZZZZZZZZZ", PASS)
    assert str(wrong.value) == str(unknown.value) == WRONG


def test_attempts_are_limited_even_for_the_right_passcode(store: Store) -> None:
    e = new(store)
    code = store.facilitator_code(e)
    for _ in range(3):
        with pytest.raises(AccessDenied, match=WRONG):
            store.sign_in(code, "guess-guess")
    with pytest.raises(TooManyAttempts) as info:
        store.sign_in(code, PASS)
    assert str(info.value) == "Too many wrong passcodes for this workshop. Try again in 15 minutes."
    other = new(store)
    assert store.sign_in(store.facilitator_code(other), PASS) == other  # per engagement


def test_wrong_passcode_is_slowed_down(store: Store) -> None:
    import time

    from assessment.storage.security import AttemptPolicy

    store.attempt_policy = AttemptPolicy(max_failures=3, delay_seconds=0.3)
    e = new(store)
    start = time.perf_counter()
    with pytest.raises(AccessDenied):
        store.sign_in(store.facilitator_code(e), "nope-nope")
    assert time.perf_counter() - start >= 0.3


def test_participant_joins_answers_and_sees_only_own_answers(store: Store) -> None:
    e = new(store)
    ana = store.join(e.code, "executive", "Ana")
    ben = store.join(e.code, "frontline")
    store.save_participant_answer(ana, "q1", 5)
    store.save_participant_note(ana, "q1", "we are great")
    store.save_participant_answer(ben, "q1", 1)
    store.save_participant_answer(ben, "q2", "unknown")
    me = store.get_participant(ben)
    assert me is not None
    assert (me.role, me.name, me.source, me.engagement) == ("frontline", None, "link", e)
    assert me.answers == {"q1": 1, "q2": "unknown"} and me.notes == {}
    assert len(ana) >= 43 and ana != ben


def test_unknown_participant_token(store: Store) -> None:
    assert store.get_participant("forged") is None
    with pytest.raises(NotFound, match="^No workshop participant matches this link.$"):
        store.save_participant_answer("forged", "q1", 3)


def test_join_refuses_unknown_code_and_role(store: Store) -> None:
    e = new(store)
    with pytest.raises(NotFound, match="^No workshop matches this code.$"):
        store.join("NOPE", "executive")
    with pytest.raises(StoreError, match="^'ceo' is not a role"):
        store.join(e.code, "ceo")


def test_progress_counts_joined_and_finished_per_role(store: Store) -> None:
    e = new(store)
    a = store.join(e.code, "executive")
    store.join(e.code, "executive")
    b = store.join(e.code, "frontline")
    store.finish_participant(a)
    store.finish_participant(b)
    store.finish_participant(b, finished=False)
    assert store.progress(e) == [RoleProgress("executive", 2, 1), RoleProgress("frontline", 1, 0)]


def test_respondents_withhold_names_unless_asked(store: Store) -> None:
    e = new(store)
    a = store.join(e.code, "manager", "Mo")
    store.save_participant_answer(a, "q1", 2)
    store.save_participant_note(a, "q1", "slow")
    store.join(e.code, "it", "Ida")
    anon = store.respondents(e)
    assert [(r.role, r.name, r.answers, r.notes) for r in anon] == [
        ("manager", None, {"q1": 2}, {"q1": "slow"}),
        ("it", None, {}, {}),
    ]
    assert [r.name for r in store.respondents(e, with_names=True)] == ["Mo", "Ida"]


def test_one_engagement_never_shows_another_engagements_data(store: Store) -> None:
    first, second = new(store), new(store, "Other plc")
    p = store.join(first.code, "executive")
    store.save_participant_answer(p, "q1", 4)
    store.save_consensus(first, "q1", 4, "agreed")
    assert store.respondents(second) == []
    assert store.progress(second) == []
    assert store.consensus_entries(second) == {}
    assert len(store.respondents(first)) == 1


def test_consensus_is_recorded_and_replaced(store: Store) -> None:
    e = new(store)
    store.save_consensus(e, "q1", 2, "  front line is right ")
    store.save_consensus(e, "q2", None, "park this")
    store.save_consensus(e, "q1", 3, "")
    assert store.consensus_entries(e) == {
        "q1": ConsensusEntry("q1", 3, None),
        "q2": ConsensusEntry("q2", None, "park this"),
    }
    with pytest.raises(StoreError, match="^An agreed level must be between 1 and 5.$"):
        store.save_consensus(e, "q1", 0, "")


def test_closing_freezes_every_write(store: Store) -> None:
    e = new(store)
    p = store.join(e.code, "it")
    store.save_participant_answer(p, "q1", 3)
    store.close_engagement(e.code)
    closed = store.get_engagement(e.code)
    assert closed is not None and closed.status == "closed" and closed.closed_at is not None
    writes = [
        lambda: store.save_participant_answer(p, "q1", 4),
        lambda: store.save_participant_answer(p, "q1", None),
        lambda: store.save_participant_note(p, "q1", "late"),
        lambda: store.finish_participant(p),
        lambda: store.join(e.code, "it"),
        lambda: store.save_consensus(e, "q1", 3, ""),
        lambda: store.import_responses(e, [Responses(questionnaire="q")]),
    ]
    for write in writes:
        with pytest.raises(EngagementClosed) as info:
            write()
        assert str(info.value) == CLOSED
    me = store.get_participant(p)
    assert me is not None and me.answers == {"q1": 3} and me.notes == {}


def test_import_adds_respondents_in_one_go(store: Store) -> None:
    e = new(store)
    rows = [
        Responses(
            questionnaire="q",
            respondent=Respondent(role="frontline", name="Kim"),
            answers={"q1": 2},
        ),
        Responses(
            questionnaire="q",
            respondent=Respondent(role="executive"),
            answers={"q1": "unknown"},
            notes={"q2": "n"},
        ),
    ]
    assert store.import_responses(e, rows) == 2
    got = store.respondents(e, with_names=True)
    assert [(r.role, r.name, r.answers, r.notes) for r in got] == [
        ("frontline", "Kim", {"q1": 2}, {}),
        ("executive", None, {"q1": "unknown"}, {"q2": "n"}),
    ]
    assert store.progress(e) == [RoleProgress("executive", 1, 1), RoleProgress("frontline", 1, 1)]


def test_import_is_all_or_nothing(store: Store) -> None:
    e = new(store)
    good = Responses(questionnaire="q", respondent=Respondent(role="it"), answers={"q1": 2})
    bad = Responses(questionnaire="q", respondent=Respondent(role="it"), answers={"x" * 81: 2})
    with pytest.raises(StoreError):
        store.import_responses(e, [good, good, bad])
    with store.engine.connect() as conn:
        assert (
            conn.scalar(select(participants.c.id).where(participants.c.engagement_id == e.id))
            is None
        )


def test_engagements_of_an_organisation_oldest_first(store: Store) -> None:
    a = new(store, "Acme Ltd")
    new(store, "Other")
    b = new(store, "ACME LTD ")
    assert [x.code for x in store.engagements_of("acme ltd")] == [a.code, b.code]
