"""Rule evaluation: every operator, missing data, composition and evidence."""

from __future__ import annotations

from typing import Any

import pytest
from fixtures.engine.helpers import compiled, context, engine, holds, one

from assessment.engine.conditions import round_half_up
from assessment.engine.rule_context import Context
from assessment.engine.rules import compile_condition, evaluate

Q = "s-behaviour"  # weight 1, strategy
U = "unknown"


@pytest.mark.parametrize(
    ("answer", "op", "arg", "expected"),
    [
        (2, "lte", 2, True),
        (3, "lte", 2, False),
        (1, "lte", 1, True),
        (5, "lte", 5, True),
        (U, "lte", 5, False),
        (None, "lte", 5, False),
        (4, "gte", 4, True),
        (3, "gte", 4, False),
        (1, "gte", 1, True),
        (U, "gte", 1, False),
        (None, "gte", 1, False),
        (2, "in", [1, 2], True),
        (3, "in", [1, 2], False),
        (5, "in", [5], True),
        (U, "in", [1, 2, 3, 4, 5], False),
        (None, "in", [1, 2, 3, 4, 5], False),
        (U, "unknown", True, True),
        (3, "unknown", True, False),
        (None, "unknown", True, False),
        (3, "unknown", False, True),
        (U, "unknown", False, False),
        (None, "unknown", False, False),
    ],
)
def test_question_leaf_one_respondent(answer: Any, op: str, arg: Any, expected: bool) -> None:
    answers = {} if answer is None else {Q: answer}
    assert holds({"question": Q, op: arg}, one(answers)) is expected


@pytest.mark.parametrize(
    ("levels", "leaf", "expected"),
    [
        ([2, 3], {"lte": 2}, False),  # mean 2.5
        ([2, 3], {"lte": 3}, True),
        ([2, 3], {"gte": 3}, False),
        ([2, 3], {"in": [3]}, True),  # 2.5 rounds half up to 3
        ([2, 3], {"in": [2]}, False),
        ([2, 2, 3], {"in": [2]}, True),  # 2.33 rounds to 2
        ([3, 4, 4], {"in": [4]}, True),  # 3.67 rounds to 4
        ([1, U, U], {"lte": 1}, True),  # don't know is left out of the mean
    ],
)
def test_question_leaf_aggregate(levels: list[Any], leaf: dict[str, Any], expected: bool) -> None:
    ctx = context([("other", {Q: lv}) for lv in levels])
    assert holds({"question": Q, **leaf}, ctx) is expected


@pytest.mark.parametrize(
    ("answers", "flag", "expected"),
    [
        ([U, U, 3, 4], True, True),  # exactly half said don't know
        ([U, 3, 4], True, False),
        ([U, 3, 4], False, True),
        ([U, U, 3, 4], False, False),
        ([U, U], True, True),
        ([None, None], True, False),  # nobody answered: missing data proves nothing
        ([None, None], False, False),
    ],
)
def test_unknown_leaf_aggregate(answers: list[Any], flag: bool, expected: bool) -> None:
    ctx = context([("other", {} if a is None else {Q: a}) for a in answers])
    assert holds({"question": Q, "unknown": flag}, ctx) is expected


def scored(score: float | None, dimension: str = "process") -> Context:
    """A context whose one dimension (and overall) has exactly this score."""
    ctx = one({})
    ctx.scores = {**ctx.scores, dimension: score}
    return ctx


@pytest.mark.parametrize(
    ("score", "leaf", "expected"),
    [
        (39.9, {"score_lt": 40}, True),
        (40.0, {"score_lt": 40}, False),
        (40.0, {"score_gte": 40}, True),
        (39.9, {"score_gte": 40}, False),
        (0.0, {"score_gte": 0}, True),
        (100.0, {"score_lt": 100}, False),
        (39.9, {"level_lte": 2}, True),  # level 2 ends below 40
        (40.0, {"level_lte": 2}, False),
        (19.9, {"level_lte": 1}, True),
        (20.0, {"level_lte": 1}, False),
        (100.0, {"level_lte": 5}, True),
        (60.0, {"level_gte": 4}, True),
        (59.9, {"level_gte": 4}, False),
        (80.0, {"level_gte": 5}, True),
        (79.9, {"level_gte": 5}, False),
        (0.0, {"level_gte": 1}, True),
        (None, {"score_lt": 100}, False),  # no score proves nothing
        (None, {"level_gte": 1}, False),
    ],
)
def test_dimension_leaf(score: float | None, leaf: dict[str, Any], expected: bool) -> None:
    assert holds({"dimension": "process", **leaf}, scored(score)) is expected


@pytest.mark.parametrize(("score", "expected"), [(29.9, True), (30.0, False), (None, False)])
def test_overall_leaf(score: float | None, expected: bool) -> None:
    assert holds({"dimension": "overall", "score_lt": 30}, scored(score, "overall")) is expected


def test_dimension_leaf_on_real_scores() -> None:
    # strategy weights: s-customer-strategy 2, the other three 1: (50 + 75 + 25 + 50) / 5 = 40
    ctx = one({"s-customer-strategy": 2, "s-behaviour": 4, "s-sponsor": 2, "s-measures": 3})
    assert ctx.scores["strategy"] == 40.0
    assert holds({"dimension": "strategy", "level_gte": 3}, ctx)
    assert not holds({"dimension": "strategy", "score_lt": 40}, ctx)


SHARE = {"share": {"question": Q, "lte": 2}, "at_least": 0.5}


@pytest.mark.parametrize(
    ("people", "extra", "expected"),
    [
        ([("frontline", 1), ("frontline", 4)], {}, True),  # 1 of 2
        ([("frontline", 1), ("frontline", 4), ("manager", 4)], {}, False),  # 1 of 3
        ([("frontline", 1), ("manager", 4), ("manager", 5)], {"roles": ["frontline"]}, True),
        ([("frontline", 4), ("manager", 1), ("manager", 1)], {"roles": ["frontline"]}, False),
        ([("frontline", 1), ("frontline", U)], {}, True),  # don't know counts in the denominator
        ([("frontline", 1), ("frontline", U), ("frontline", U)], {}, False),
        ([("frontline", None), ("frontline", None)], {}, False),  # nobody answered
        ([("manager", 1)], {"roles": ["frontline"]}, False),  # nobody of that role
        ([("frontline", 1), ("frontline", 2), ("it", 5)], {"at_least": 0.6}, True),
        ([("frontline", 1), ("frontline", 3), ("it", 5)], {"at_least": 0.34}, False),
    ],
)
def test_share(people: list[tuple[str, Any]], extra: dict[str, Any], expected: bool) -> None:
    ctx = context([(role, {} if a is None else {Q: a}) for role, a in people])
    assert holds({**SHARE, **extra}, ctx) is expected


def test_share_of_dont_know() -> None:
    ctx = context([("frontline", {Q: U}), ("frontline", {Q: 3}), ("it", {Q: U})])
    rule = {"share": {"question": Q, "unknown": True}, "at_least": 0.5, "roles": ["frontline"]}
    assert holds(rule, ctx)
    assert not holds({**rule, "at_least": 0.51}, ctx)


GAP_Q = {
    "role_gap": {"higher": ["executive"], "lower": ["frontline"], "question": Q, "at_least": 2}
}
GAP_D = {
    "role_gap": {
        "higher": ["executive", "manager"],
        "lower": ["frontline"],
        "dimension": "overall",
        "at_least": 50,
    }
}


@pytest.mark.parametrize(
    ("people", "rule", "expected"),
    [
        ([("executive", 4), ("frontline", 2)], GAP_Q, True),  # gap exactly 2
        ([("executive", 4), ("frontline", 3)], GAP_Q, False),
        ([("executive", 2), ("frontline", 4)], GAP_Q, False),  # the wrong way round
        ([("executive", 5), ("executive", 3), ("frontline", 2)], GAP_Q, True),  # 4 - 2
        ([("executive", 5), ("frontline", U)], GAP_Q, False),  # lower group has no level
        ([("executive", 5), ("manager", 5)], GAP_Q, False),  # no frontline at all
        ([("executive", 5)], GAP_Q, False),  # one respondent: never
        ([("executive", 5), ("manager", 3), ("frontline", 1)], GAP_D, True),  # 75 - 0 = 75
        ([("executive", 3), ("manager", 3), ("frontline", 2)], GAP_D, False),  # 50 - 25
    ],
)
def test_role_gap(people: list[tuple[str, Any]], rule: dict[str, Any], expected: bool) -> None:
    ctx = context([(role, {Q: a}) for role, a in people])
    assert holds(rule, ctx) is expected


def test_role_gap_on_dimension() -> None:
    rule = {
        "role_gap": {
            "higher": ["executive"],
            "lower": ["it"],
            "dimension": "technology",
            "at_least": 25,
        }
    }
    ctx = context([("executive", {"t-selection": 4}), ("it", {"t-selection": 3})])
    assert holds(rule, ctx)
    assert not holds({"role_gap": {**rule["role_gap"], "at_least": 25.1}}, ctx)


A, B = {"question": Q, "lte": 2}, {"question": "s-sponsor", "lte": 2}


@pytest.mark.parametrize(
    ("tree", "a", "b", "expected"),
    [
        ({"all": [A, B]}, 1, 1, True),
        ({"all": [A, B]}, 1, 5, False),
        ({"any": [A, B]}, 1, 5, True),
        ({"any": [A, B]}, 5, 5, False),
        ({"not": A}, 5, 5, True),
        ({"not": A}, 1, 5, False),
        ({"not": A}, None, 5, True),  # not of missing data is true
        ({"all": [A, {"not": B}]}, 1, 5, True),
        ({"any": [{"all": [A, B]}, {"not": {"any": [A, B]}}]}, 3, 4, True),
        ({"any": [{"all": [A, B]}, {"not": {"any": [A, B]}}]}, 1, 4, False),
    ],
)
def test_composition(tree: dict[str, Any], a: Any, b: Any, expected: bool) -> None:
    answers = {k: v for k, v in ((Q, a), ("s-sponsor", b)) if v is not None}
    assert holds(tree, one(answers)) is expected


def test_evidence_of_one_answer() -> None:
    node = compile_condition(engine().questionnaire.rules[7].when)  # silos
    truth, facts = evaluate(node, context([("manager", {"p-single-view": 2})]))
    assert truth is True
    assert [f.model_dump(exclude_none=True) for f in facts] == [
        {
            "text": 'Answered 2 ("Records are swapped by spreadsheet") to '
            '"Do sales, service and marketing share one customer record?".',
            "question": "p-single-view",
            "role": "manager",
            "answer": 2,
            "value": 2.0,
        }
    ]


def test_evidence_keeps_only_the_true_branch_and_no_duplicates() -> None:
    tree = {"any": [A, {"all": [A, B]}, {"question": "s-measures", "lte": 2}]}
    truth, facts = evaluate(compiled(tree), one({Q: 1, "s-sponsor": 4, "s-measures": 5}))
    assert truth is True
    assert [f.question for f in facts] == [Q]


def test_evidence_of_not_explains_the_false_child() -> None:
    truth, facts = evaluate(compiled({"not": {"question": Q, "gte": 3}}), one({}))
    assert truth is True
    assert [f.text for f in facts] == [
        'No answer was given to "Has customer behaviour been studied?".'
    ]


def test_evidence_of_aggregate_share_and_gap() -> None:
    ctx = context([("executive", {Q: 5}), ("frontline", {Q: 1}), ("frontline", {Q: U})])
    tree = {"all": [{**SHARE, "roles": ["frontline"]}, GAP_Q, {"question": Q, "gte": 3}]}
    truth, facts = evaluate(compiled(tree), ctx)
    assert truth is True
    assert [f.text for f in facts] == [
        '1 of 2 front-line staff who answered "Has customer behaviour been studied?" gave '
        "level 2 or below (50%).",
        'On "Has customer behaviour been studied?", executives average 5 and front-line staff 1: '
        "a gap of 4 levels.",
        'Mean level 3 from 2 answers to "Has customer behaviour been studied?" '
        "(1 of 3 said they don't know).",
    ]
    assert [f.value for f in facts] == [0.5, 4.0, 3.0]


def test_evidence_of_dimension_and_consensus() -> None:
    ctx = context([("it", {"p-single-view": 1}), ("it", {"p-single-view": 2})], {"p-redesign": 1})
    tree = {"all": [{"dimension": "process", "score_lt": 40}, {"question": "p-redesign", "lte": 1}]}
    truth, facts = evaluate(compiled(tree), ctx)
    assert truth is True
    # process: p-redesign consensus 1 (weight 2, 0 points), p-single-view mean 1.5 (12.5 points)
    assert [f.text for f in facts] == [
        "Process scores 4.2 of 100 (level 1).",
        'The agreed consensus is level 1 ("No plans to") on '
        '"Have processes been redesigned before automation?".',
    ]


def test_round_half_up() -> None:
    assert [round_half_up(v) for v in (1.0, 1.49, 1.5, 2.5, 3.5, 4.999)] == [1, 1, 2, 3, 4, 5]


def test_leaf_on_a_question_the_questionnaire_lacks_is_false() -> None:
    ctx = one({Q: 1})
    node = compiled({"not": {"question": "no-such-question", "lte": 5}})
    truth, facts = evaluate(node, ctx)
    assert truth is True
    assert facts[0].text == 'No answer was given to "no-such-question".'
