"""A workshop room under adversarial load, over Streamlit's own WebSocket protocol.

Ten virtual participants (benchmarks/room_client.py) join one workshop through the served app
and answer several times a second for about 40 seconds, interrupting reruns and changing
answers. Every last choice must be in the database with that value and shown as saved on the
participant's page. A tampered copy of one participant's choices must then be caught, so the
comparison itself can fail.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_room  # noqa: E402

from assessment.content.questionnaires import load_bundle  # noqa: E402
from assessment.engine.applicability import skipped  # noqa: E402
from assessment.storage.store import Store  # noqa: E402

pytestmark = pytest.mark.slow

PARTICIPANTS = 10
SECONDS = 40.0


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[bench_room.Server]:
    """The app served on a free port with its own SQLite file."""
    served = bench_room.serve(tmp_path_factory.mktemp("room"))
    try:
        yield served
    finally:
        served.stop()


@pytest.fixture(scope="module")
def result(server: bench_room.Server) -> dict[str, Any]:
    """One adversarial room of ten participants."""
    code = bench_room.create_workshop(server.url)
    # A thread of its own: Playwright's sync API (browser tests earlier in the same pytest
    # process) leaves an event loop running in this thread, where asyncio.run() is refused.
    with ThreadPoolExecutor(max_workers=1) as pool:
        room = bench_room.room(server, code, PARTICIPANTS, "adversarial", SECONDS)
        return pool.submit(asyncio.run, room).result()


def test_every_participant_joined_and_answered(result: dict[str, Any]) -> None:
    assert result["errors"] == []
    assert result["joined"] == PARTICIPANTS
    assert all(p.token for p in result["people"])
    assert result["answers_given"] > 100, result["answers_given"]
    assert result["distinct_answers"] > 50, result["distinct_answers"]
    # Clicks were confirmed as saved by the page, and the latency figures are real numbers.
    assert result["confirmed_clicks"] > 50
    assert 0 < result["latency_ms"]["p50"] <= result["latency_ms"]["max"]


def test_no_answer_lost_stale_or_unconfirmed(result: dict[str, Any]) -> None:
    problems = result["problems"]
    assert result["lost"] == 0, problems
    assert result["stale"] == 0, problems
    assert result["unconfirmed"] == 0, problems
    assert result["stored"] == result["distinct_answers"]
    assert result["page_exceptions"] == []


def test_the_comparison_catches_a_wrong_answer(
    server: bench_room.Server, result: dict[str, Any]
) -> None:
    person = next(p for p in result["people"] if p.chosen)
    qid, label = next(iter(person.chosen.items()))
    wrong = "1 · x" if bench_room.to_answer(label) != 1 else "2 · x"
    missing = "no-such-question"
    tampered = replace(
        person, chosen={**person.chosen, qid: wrong, missing: "3 · x"}, shown_saved={}
    )
    verdict = bench_room.check(server.url, [tampered])
    assert verdict["stale"] == 1
    assert verdict["lost"] == 1
    # Every choice counts as not shown saved, except for questions that no longer apply
    # given the stored answers (they are not on the page at all).
    stored = Store(server.url).get_participant(person.token)
    assert stored is not None
    out = skipped(load_bundle(bench_room.QUESTIONNAIRE).questionnaire, dict(stored.answers))
    assert verdict["unconfirmed"] == len(set(tampered.chosen) - out)


def test_server_log_is_clean(server: bench_room.Server, result: dict[str, Any]) -> None:
    assert result["answers_given"] > 0
    assert server.log_problems() == []
