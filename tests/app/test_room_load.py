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
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402

from app_pages import ui  # noqa: E402
from assessment.content.questionnaires import load_bundle  # noqa: E402
from assessment.engine.applicability import skipped  # noqa: E402
from assessment.storage.store import Store  # noqa: E402

pytestmark = pytest.mark.slow

PARTICIPANTS = 10
ANSWER = bench_room.ANSWER_PREFIX
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


def test_a_click_that_reruns_another_question_is_still_stored(
    server: bench_room.Server, result: dict[str, Any]
) -> None:
    """A click whose rerun reaches the fragment of another question (a browser that still
    had an older page) is stored all the same: every run writes every answer it was sent."""
    code = bench_room.create_workshop(server.url)
    screens = ui.screening_questions(load_bundle(bench_room.QUESTIONNAIRE))

    async def stray_click() -> tuple[str, str, str]:
        runner = bench_room.Runner(
            bench_room.Participant(99, "stray"), server.port, code, "human", seed=7
        )
        try:
            await runner.join()
            s = runner.s
            own, other = [q for q in runner.questions() if q not in screens][:2]
            found, beside = s.widget(ANSWER + own), s.widget(ANSWER + other)
            assert found is not None and beside is not None
            label = s.options(ANSWER + own)[1]
            s.widgets[found[0]] = WidgetState(id=found[0], string_value=label)
            sent = await s.rerun(fragment_id=beside[1].fragment_id)  # not its own fragment
            assert await s.wait_for(lambda: s.last_finish[2] > sent, 30)
            return runner.p.token, own, label
        finally:
            await runner.s.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        token, qid, label = pool.submit(asyncio.run, stray_click()).result()
    stored = Store(server.url).get_participant(token)
    assert stored is not None
    assert stored.answers == {qid: bench_room.to_answer(label)}


def test_a_question_shown_again_shows_its_stored_answer(
    server: bench_room.Server, result: dict[str, Any]
) -> None:
    """A question hidden by a screening answer and shown again shows its stored answer as
    saved, even when a click sent while it was being hidden left its old value behind in the
    session (the browser itself dropped the widget)."""
    code = bench_room.create_workshop(server.url)

    async def hide_and_show() -> tuple[tuple[str | None, bool, str], str]:
        runner = bench_room.Runner(
            bench_room.Participant(98, "hidden"), server.port, code, "human", seed=8
        )
        try:
            await runner.join()
            s = runner.s
            screen, hidden = ANSWER + "customer-records", ANSWER + "current-adoption"

            async def choose(key: str, label: str) -> None:
                sent = await s.choose(key, label)
                # The run it started, or the whole page's run that took over from it.
                assert await s.wait_for(
                    lambda: (
                        s.last_finish[2] > sent and s.last_finish[0] != "FINISHED_EARLY_FOR_RERUN"
                    ),
                    30,
                )

            label = s.options(hidden)[3]
            await choose(screen, s.options(screen)[2])
            await choose(hidden, label)
            found = s.widget(hidden)
            assert found is not None
            left = s.widgets[found[0]]
            await choose(screen, s.options(screen)[0])  # hides it
            assert s.widget(hidden) is None
            other = s.widget(ANSWER + "data-discipline")
            assert other is not None
            s.widgets[found[0]] = left  # a click sent by a tab that still had it
            sent = await s.rerun(fragment_id=other[1].fragment_id)
            assert await s.wait_for(lambda: s.last_finish[2] > sent, 30)
            s.widgets.pop(found[0], None)  # the browser dropped it, the session did not
            await choose(screen, s.options(screen)[2])  # shows it again
            return s.shown_saved(hidden), label
        finally:
            await runner.s.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        (shown, saved, _run), label = pool.submit(asyncio.run, hide_and_show()).result()
    assert (shown, saved) == (label, True)


def test_server_log_is_clean(server: bench_room.Server, result: dict[str, Any]) -> None:
    assert result["answers_given"] > 0
    assert server.log_problems() == []
