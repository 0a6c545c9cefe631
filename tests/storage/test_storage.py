"""Self-assessment storage on a temporary SQLite file and on the real PostgreSQL."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
import storage_fixtures as fx
from sqlalchemy import inspect, select

from assessment.model.questionnaire import Respondent, Responses
from assessment.storage.base import NotFound, StoreError
from assessment.storage.migrations import LATEST, MIGRATIONS, schema_migrations
from assessment.storage.store import Store

H = "a" * 64
store = fx.store
store_url = fx.store_url


def test_create_and_read_back_an_empty_assessment(store: Store) -> None:
    token = store.create_assessment("crm-readiness", "1.0", H, organisation=" Acme ", name="Dana")
    got = store.get_assessment(token)
    assert got is not None
    assert (got.token, got.questionnaire_id, got.version, got.sha256) == (
        token,
        "crm-readiness",
        "1.0",
        H,
    )
    assert (got.organisation, got.name, got.role) == ("Acme", "Dana", "executive")
    assert got.answers == {} and got.notes == {}
    assert got.created_at.tzinfo is not None


def test_tokens_are_long_and_distinct(store: Store) -> None:
    tokens = {store.create_assessment("q", "1", H) for _ in range(20)}
    assert len(tokens) == 20
    assert all(len(t) >= 43 for t in tokens)


def test_unknown_token_reads_none(store: Store) -> None:
    assert store.get_assessment("no-such-token") is None


def test_answers_are_saved_changed_and_cleared(store: Store) -> None:
    token = store.create_assessment("q", "1", H)
    store.save_answer(token, "q1", 3)
    store.save_answer(token, "q2", "unknown")
    store.save_answer(token, "q1", 5)
    store.save_answer(token, "q3", 1)
    store.save_answer(token, "q3", None)
    got = store.get_assessment(token)
    assert got is not None and got.answers == {"q1": 5, "q2": "unknown"}


def test_notes_are_saved_and_an_empty_note_deletes(store: Store) -> None:
    token = store.create_assessment("q", "1", H)
    store.save_note(token, "q1", "  we have no owner  ")
    store.save_note(token, "q2", "x")
    store.save_note(token, "q2", "")
    store.save_answer(token, "q1", 2)
    store.save_answer(token, "q1", None)
    got = store.get_assessment(token)
    assert got is not None
    assert got.notes == {"q1": "we have no owner"}
    assert got.answers == {}


def test_assessments_do_not_see_each_other(store: Store) -> None:
    a = store.create_assessment("q", "1", H)
    b = store.create_assessment("q", "1", H)
    store.save_answer(a, "q1", 4)
    store.save_note(a, "q1", "mine")
    got = store.get_assessment(b)
    assert got is not None and got.answers == {} and got.notes == {}


def test_update_keeps_what_is_not_given(store: Store) -> None:
    token = store.create_assessment("q", "1", H, organisation="Acme", name="Dana", role="manager")
    store.update_assessment(token, role="frontline")
    store.update_assessment(token, name="")
    got = store.get_assessment(token)
    assert got is not None and (got.organisation, got.name, got.role) == ("Acme", None, "frontline")
    assert got.updated_at >= got.created_at


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda s, t: s.save_answer(t, "q1", 6),
            "6 is not an answer: use a level from 1 to 5, 'unknown' or 'n/a'.",
        ),
        (
            lambda s, t: s.save_answer(t, "q1", True),
            "True is not an answer: use a level from 1 to 5, 'unknown' or 'n/a'.",
        ),
        (
            lambda s, t: s.update_assessment(t, role="boss"),
            "'boss' is not a role; choose one of executive, manager, frontline, it, other.",
        ),
        (lambda s, t: s.save_note(t, "q1", "x" * 5001), "The text is longer than 5000 characters."),
        (lambda s, t: s.save_answer(t, "", 1), "A question id must have 1 to 80 characters."),
    ],
)
def test_bad_input_is_refused_with_one_clear_sentence(store: Store, call, message: str) -> None:
    token = store.create_assessment("q", "1", H)
    with pytest.raises(StoreError) as info:
        call(store, token)
    assert str(info.value) == message


def test_writes_to_an_unknown_token_are_refused(store: Store) -> None:
    with pytest.raises(NotFound, match="^No self-assessment matches this link.$"):
        store.save_answer("nope", "q1", 3)


def test_to_responses_builds_model_responses(store: Store) -> None:
    token = store.create_assessment(
        "crm-readiness", "1", H, organisation="Acme", name="D", role="it"
    )
    store.save_answer(token, "q1", 4)
    store.save_note(token, "q1", "n")
    stored = store.get_assessment(token)
    assert stored is not None
    got = store.to_responses(stored)
    assert got == Responses(
        questionnaire="crm-readiness",
        respondent=Respondent(name="D", role="it"),
        organisation="Acme",
        answers={"q1": 4},
        notes={"q1": "n"},
    )


def test_schema_is_migrated_once_and_recorded(store_url: str) -> None:
    first = Store(store_url)
    assert first.migrations_applied == [name for _, name, _ in MIGRATIONS]
    second = Store(store_url)
    assert second.migrations_applied == []
    with first.engine.connect() as conn:
        versions = list(
            conn.scalars(select(schema_migrations.c.version).order_by(schema_migrations.c.version))
        )
    assert versions == list(range(1, LATEST + 1))
    tables = set(inspect(first.engine).get_table_names())
    assert {
        "assessments",
        "assessment_answers",
        "engagements",
        "participants",
        "answers",
        "consensus",
    } <= tables
    first.close()
    second.close()


def test_default_url_is_a_sqlite_file_in_wal_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "nested" / "x.db"
    monkeypatch.setenv("CRM_READINESS_DATABASE_URL", f"sqlite:///{db}")
    s = Store()
    s.create_assessment("q", "1", H)
    s.close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_default_database_is_created_under_data(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import assessment.storage.base as base

    monkeypatch.delenv("CRM_READINESS_DATABASE_URL", raising=False)
    monkeypatch.setattr(base, "DEFAULT_DB", tmp_path / "data" / "crm-readiness.db")
    s = Store()
    s.close()
    assert os.path.exists(tmp_path / "data" / "crm-readiness.db")


def test_in_memory_sqlite_is_refused() -> None:
    with pytest.raises(StoreError, match="in-memory SQLite"):
        Store("sqlite:///:memory:")
