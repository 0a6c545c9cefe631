"""assess(): golden scenarios, the results shape, the per-bundle cache and the memo."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor

from fixtures.engine.helpers import engine, resp

from assessment.engine.assess import assess, compile_bundle
from assessment.model.questionnaire import Bundle


def test_respondents_and_organisation() -> None:
    r = assess(
        engine(),
        [
            resp({"s-behaviour": 3, "s-sponsor": "unknown", "stray": 2}, "it", "Kim"),
            resp({}, "manager", organisation="Acme Ltd"),
        ],
    )
    assert [x.model_dump() for x in r.respondents] == [
        {"name": "Kim", "role": "it", "answered": 1, "unknown": 1, "not_applicable": 0},
        {"name": None, "role": "manager", "answered": 0, "unknown": 0, "not_applicable": 0},
    ]
    assert r.organisation == "Acme Ltd"
    assert r.questionnaire.model_dump() == {
        "id": "engine",
        "version": "1",
        "title": "Engine test questionnaire",
        "sha256": engine().sha256,
    }


def test_questions_in_questionnaire_order() -> None:
    r = assess(engine(), [resp({"t-upgrade": 2})])
    assert [q.id for q in r.questions] == [q.id for q in engine().questionnaire.questions()]
    q = next(q for q in r.questions if q.id == "t-upgrade")
    assert (q.level, q.answer_label, q.dimension, q.weight) == (
        2,
        "We add modules",
        "technology",
        1.0,
    )


def test_compiled_plan_is_cached_by_content_hash() -> None:
    b = engine()
    assert compile_bundle(b) is compile_bundle(b)
    copy = Bundle.model_validate(b.model_dump(by_alias=True))
    assert compile_bundle(copy) is compile_bundle(b)


def test_fake_hashes_do_not_share_a_plan() -> None:
    b = engine()
    first = b.model_copy(update={"sha256": "test"})
    q2 = b.questionnaire.model_copy(update={"title": "Another title"})
    second = b.model_copy(update={"sha256": "test", "questionnaire": q2})
    assert assess(first, []).questionnaire.title == "Engine test questionnaire"
    assert assess(second, []).questionnaire.title == "Another title"


def test_memoised_results_equal_fresh_results() -> None:
    bundle = engine()
    rng = random.Random(7)
    ids = [q.id for q in bundle.questionnaire.questions()]
    values = [1, 2, 3, 4, 5, "unknown", None]
    plan = compile_bundle(bundle)
    for i in range(200):
        answers = {q: v for q in ids if (v := rng.choice(values)) is not None}
        r = resp(answers, rng.choice(["executive", "frontline"]), f"P{i % 3}")
        warm = assess(bundle, [r])
        plan.memo.clear()
        plan.questions.clear()
        assert assess(bundle, [r]) == warm


def test_threads_get_the_same_results_as_one_thread() -> None:
    bundle = engine()
    rng = random.Random(11)
    ids = [q.id for q in bundle.questionnaire.questions()]
    people = [resp({q: rng.choice([1, 2, 3, 4, 5, "unknown"]) for q in ids}) for _ in range(120)]
    expected = [assess(bundle, [p]) for p in people]
    compile_bundle(bundle).memo.clear()
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda p: assess(bundle, [p]), people * 3))
    assert got == expected * 3
