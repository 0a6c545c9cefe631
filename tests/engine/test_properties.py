"""Property tests: ranges, monotonicity, evidence, clear_by, and any admissible rule tree."""

from __future__ import annotations

from typing import Any

from fixtures.engine.helpers import context, engine, resp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.engine.aggregate import Consensus
from assessment.engine.assess import assess, compile_bundle
from assessment.engine.clearing import clear_by, moves
from assessment.engine.rules import CompiledRule, compile_condition, evaluate, touched_questions
from assessment.model.questionnaire import Condition
from assessment.model.vocabulary import DIMENSION_IDS, ROLES

QUESTIONS = [q.id for q in engine().questionnaire.questions()]
DIMENSION_OF = {q.id: d.id for d in engine().questionnaire.dimensions for q in d.questions}
PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

answer = st.one_of(st.integers(1, 5), st.just("unknown"))
answers = st.dictionaries(st.sampled_from(QUESTIONS), answer)
role = st.sampled_from(ROLES)
panel = st.lists(st.tuples(role, answers), min_size=2, max_size=6)


@PROPS
@given(st.lists(st.tuples(role, answers), min_size=1, max_size=5))
def test_scores_stay_in_range(people: list[tuple[str, dict[str, Any]]]) -> None:
    r = assess(engine(), [resp(a, ro) for ro, a in people])
    for level in [r.overall, *r.dimensions]:
        assert level.score is None or 0 <= level.score <= 100
        assert (level.level is None) == (level.score is None)
        assert level.level is None or 1 <= level.level <= 5
    for d in r.dimensions:
        assert d.answered + d.unknown + d.unanswered == d.total
    for q in r.questions:
        assert q.level is None or 1 <= q.level <= 5
        assert 0 <= q.unknown_share <= 1
        assert sum(q.distribution.values()) == len(people)


@PROPS
@given(answers, st.sampled_from(QUESTIONS), st.integers(1, 4), st.integers(1, 4))
def test_raising_an_answer_never_lowers_its_dimension(
    base: dict[str, Any], q: str, start: int, step: int
) -> None:
    before = assess(engine(), [resp({**base, q: start})])
    after = assess(engine(), [resp({**base, q: min(5, start + step)})])
    index = [d.id for d in before.dimensions].index(DIMENSION_OF[q])
    b, a = before.dimensions[index].score, after.dimensions[index].score
    assert b is not None and a is not None and a >= b


@PROPS
@given(answers, role)
def test_clear_by_clears_each_peril_of_one_respondent(
    given_answers: dict[str, Any], who: str
) -> None:
    r = assess(engine(), [resp(given_answers, who)])
    for p in r.perils:
        assert p.evidence
        if p.clear_by:
            changed = {**given_answers, **{c.question: c.to_level for c in p.clear_by}}
            assert p.id not in [x.id for x in assess(engine(), [resp(changed, who)]).perils]


@PROPS
@given(panel)
def test_clear_by_clears_each_peril_of_a_panel_by_consensus(people: list[Any]) -> None:
    responses = [resp(a, ro) for ro, a in people]
    r = assess(engine(), responses)
    for p in r.perils:
        assert p.evidence
        if p.clear_by:
            agreed = {c.question: Consensus(level=c.to_level) for c in p.clear_by}
            assert p.id not in [x.id for x in assess(engine(), responses, agreed).perils]


question_ids = st.one_of(st.sampled_from(QUESTIONS), st.just("not-in-the-questionnaire"))
levels = st.integers(1, 5)
question_leaf = st.one_of(
    st.builds(lambda q, v: {"question": q, "lte": v}, question_ids, levels),
    st.builds(lambda q, v: {"question": q, "gte": v}, question_ids, levels),
    st.builds(lambda q, v: {"question": q, "in": v}, question_ids, st.lists(levels, min_size=1)),
    st.builds(lambda q, v: {"question": q, "unknown": v}, question_ids, st.booleans()),
)
dimension_ids = st.sampled_from([*DIMENSION_IDS, "overall"])
scores = st.floats(0, 100, allow_nan=False)
dimension_leaf = st.one_of(
    st.builds(lambda d, v: {"dimension": d, "score_lt": v}, dimension_ids, scores),
    st.builds(lambda d, v: {"dimension": d, "score_gte": v}, dimension_ids, scores),
    st.builds(lambda d, v: {"dimension": d, "level_lte": v}, dimension_ids, levels),
    st.builds(lambda d, v: {"dimension": d, "level_gte": v}, dimension_ids, levels),
)
roles = st.lists(role, min_size=1, max_size=3)
share_leaf = st.builds(
    lambda leaf, at_least, who: {
        "share": leaf,
        "at_least": at_least,
        **({"roles": who} if who else {}),
    },
    question_leaf,
    st.floats(0.01, 1.0),
    st.one_of(st.none(), roles),
)
gap_target = st.one_of(
    question_ids.map(lambda q: {"question": q}), dimension_ids.map(lambda d: {"dimension": d})
)
role_gap_leaf = st.builds(
    lambda hi, lo, target, at_least: {
        "role_gap": {"higher": hi, "lower": lo, **target, "at_least": at_least}
    },
    roles,
    roles,
    gap_target,
    st.floats(0.01, 100),
)
trees = st.recursive(
    st.one_of(question_leaf, dimension_leaf, share_leaf, role_gap_leaf),
    lambda children: st.one_of(
        st.lists(children, min_size=1, max_size=3).map(lambda c: {"all": c}),
        st.lists(children, min_size=1, max_size=3).map(lambda c: {"any": c}),
        children.map(lambda c: {"not": c}),
    ),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees, st.lists(st.tuples(role, answers), min_size=1, max_size=4), st.data())
def test_any_admissible_tree_evaluates_without_crashing(
    tree: dict[str, Any], people: list[Any], data: st.DataObject
) -> None:
    node = compile_condition(Condition.model_validate(tree))
    agreed = data.draw(st.dictionaries(st.sampled_from(QUESTIONS), levels, max_size=2))
    ctx = context(people, agreed)
    truth, facts = evaluate(node, ctx)
    assert truth is node.test(ctx)
    assert facts, "a tree always has facts for its truth value"
    assert all(f.text for f in facts)
    moves(node, ctx, not truth)
    if truth:
        layout = compile_bundle(engine()).layout
        peril = engine().catalogue.perils[0]
        rule = CompiledRule(0, 0, peril, node, touched_questions(node, layout), {})
        changes = clear_by(rule, ctx)
        if changes:
            assert not node.test(ctx.patched(changes))


@PROPS
@given(answers, st.dictionaries(st.sampled_from(QUESTIONS), levels, min_size=1, max_size=3))
def test_clear_by_with_a_consensus_is_a_consensus(
    given_answers: dict[str, Any], agreed: dict[str, int]
) -> None:
    consensus = {q: Consensus(level=lv) for q, lv in agreed.items()}
    r = assess(engine(), [resp(given_answers)], consensus)
    for p in r.perils:
        assert all(c.text.startswith("Reach a consensus") for c in p.clear_by)
        if p.clear_by:
            more = {**consensus, **{c.question: Consensus(level=c.to_level) for c in p.clear_by}}
            assert p.id not in [x.id for x in assess(engine(), [resp(given_answers)], more).perils]
