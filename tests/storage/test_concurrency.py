"""Forty participants answering at once lose no answer and never see "database is locked"."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import storage_fixtures as fx

from assessment.storage.store import Store

store = fx.store
store_url = fx.store_url
PEOPLE = 40
QUESTIONS = 50
PROCESSES = 8
ROLES = ("executive", "manager", "frontline", "it", "other")


def expected(person: int) -> dict[str, int | str]:
    """The answers participant `person` gives: a mix of levels and don't-knows."""
    return {
        f"q{q:02d}": "unknown" if (person + q) % 7 == 0 else (person + q) % 5 + 1
        for q in range(QUESTIONS)
    }


def answer_all(url: str, people: list[tuple[int, str]]) -> list[int]:
    """One process: its participants answer from parallel threads, each answer committed."""
    s = Store(url)

    def one(person: int, token: str) -> int:
        for qid, answer in expected(person).items():
            s.save_participant_answer(token, qid, answer)  # type: ignore[arg-type]
        return person

    try:
        with ThreadPoolExecutor(max_workers=len(people)) as pool:
            return list(pool.map(lambda p: one(*p), people))
    finally:
        s.close()


def check_everything_stored(store: Store, code: str, tokens: list[str]) -> None:
    engagement = store.get_engagement(code)
    assert engagement is not None
    for person, token in enumerate(tokens):
        me = store.get_participant(token)
        assert me is not None and me.answers == expected(person), f"participant {person}"
    total = sum(len(r.answers) for r in store.respondents(engagement))
    assert total == PEOPLE * QUESTIONS


def setup(store: Store) -> tuple[str, list[str]]:
    e = store.create_engagement("q", "1", "c" * 64, organisation="Busy", passcode="123456")
    tokens = [store.join(e.code, ROLES[i % 5]) for i in range(PEOPLE)]
    return e.code, tokens


def test_forty_threads_fifty_answers_each(store: Store) -> None:
    code, tokens = setup(store)

    def one(person: int) -> None:
        for qid, answer in expected(person).items():
            store.save_participant_answer(tokens[person], qid, answer)  # type: ignore[arg-type]

    with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
        futures = [pool.submit(one, i) for i in range(PEOPLE)]
        errors = [f.exception() for f in futures]
    assert errors == [None] * PEOPLE
    check_everything_stored(store, code, tokens)


@pytest.mark.slow
def test_forty_participants_from_eight_processes_on_one_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'procs.db'}"
    main = Store(url)
    code, tokens = setup(main)
    groups = [[(i, tokens[i]) for i in range(k, PEOPLE, PROCESSES)] for k in range(PROCESSES)]
    with multiprocessing.get_context("spawn").Pool(PROCESSES) as pool:
        done = pool.starmap(answer_all, [(url, g) for g in groups])
    assert sorted(p for group in done for p in group) == list(range(PEOPLE))
    check_everything_stored(main, code, tokens)
    main.close()
