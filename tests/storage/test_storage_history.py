"""Opening an earlier workshop for History: same organisation only, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import storage_fixtures as fx

from assessment.storage.base import NotFound
from assessment.storage.facilitators import OTHER_ORGANISATION, SAME_WORKSHOP, CannotCompare
from assessment.storage.records import Engagement
from assessment.storage.security import AccessDenied, TooManyAttempts
from assessment.storage.store import Store

store = fx.store
store_url = fx.store_url
PASS = "open sesame"
WRONG = "The facilitator code or passcode is not right."


def new(store: Store, org: str = "Acme Ltd", passcode: str = PASS) -> Engagement:
    return store.create_engagement(
        "crm-readiness", "1.0", "c" * 64, organisation=org, passcode=passcode
    )


def test_an_earlier_workshop_of_the_same_organisation_opens(store: Store) -> None:
    earlier, later = new(store, passcode="earlier pass"), new(store)
    got = store.open_earlier(later.code, store.facilitator_code(earlier), "earlier pass")
    assert got == earlier


def test_organisations_are_compared_without_case_or_surrounding_spaces(store: Store) -> None:
    earlier, later = new(store, "ACME LTD"), new(store, "  acme ltd ")
    assert store.open_earlier(later.code, store.facilitator_code(earlier), PASS) == earlier


def test_wrong_passcode_is_refused_like_a_sign_in(store: Store) -> None:
    earlier, later = new(store), new(store)
    with pytest.raises(AccessDenied) as info:
        store.open_earlier(later.code, store.facilitator_code(earlier), "not the passcode")
    assert str(info.value) == WRONG
    with pytest.raises(AccessDenied):
        store.open_earlier(later.code, later.code, PASS)  # the join code does not sign in


def test_wrong_passcodes_count_towards_the_earlier_workshops_lock(store: Store) -> None:
    earlier, later = new(store), new(store)
    code = store.facilitator_code(earlier)
    for _ in range(3):
        with pytest.raises(AccessDenied):
            store.open_earlier(later.code, code, "guess-guess")
    with pytest.raises(TooManyAttempts):
        store.open_earlier(later.code, code, PASS)


def test_another_organisations_workshop_cannot_be_compared(store: Store) -> None:
    other, later = new(store, "Other plc"), new(store)
    with pytest.raises(CannotCompare) as info:
        store.open_earlier(later.code, store.facilitator_code(other), PASS)
    assert str(info.value) == OTHER_ORGANISATION
    assert str(info.value).count(".") == 1  # one sentence


def test_a_workshop_cannot_be_compared_with_itself(store: Store) -> None:
    e = new(store)
    with pytest.raises(CannotCompare) as info:
        store.open_earlier(e.code, store.facilitator_code(e), PASS)
    assert str(info.value) == SAME_WORKSHOP


def test_the_current_workshop_must_exist(store: Store) -> None:
    earlier = new(store)
    with pytest.raises(NotFound):
        store.open_earlier("ZZZZZZZZZZ", store.facilitator_code(earlier), PASS)
