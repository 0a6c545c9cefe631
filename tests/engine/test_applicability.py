"""Questions that apply: applies_when per respondent, "n/a" answers, and what the engine does
with questions that are not applicable (docs/rules.md, "Questions that apply")."""

from __future__ import annotations

from typing import Any

import pytest
from fixtures.engine.helpers import ENGINE, resp
from fixtures.engine.screened import screened

from assessment.content.questionnaires import load_bundle_text, load_catalogue
from assessment.engine.applicability import screen, skipped, sort_answers
from assessment.engine.assess import assess
from assessment.engine.lint import lint_bundle
from assessment.model.questionnaire import Condition, PerilRule
from assessment.model.results import Results


def fired(r: Results) -> set[str]:
    return {p.id for p in r.perils}


def dim(r: Results, dimension: str) -> dict[str, Any]:
    d = next(d for d in r.dimensions if d.id == dimension)
    return {k: getattr(d, k) for k in ("answered", "unknown", "not_applicable", "unanswered")}


def question(r: Results, qid: str) -> Any:
    return next(q for q in r.questions if q.id == qid)


def cond(data: dict[str, Any]) -> Condition:
    return Condition.model_validate(data)


LOW = {"question": "q1", "lte": 2}


@pytest.mark.parametrize(
    ("tree", "answers", "truth"),
    [
        (LOW, {"q1": 1}, True),
        (LOW, {"q1": 4}, False),
        (LOW, {}, None),
        (LOW, {"q1": "unknown"}, None),
        (LOW, {"q1": "n/a"}, False),
        ({"not": LOW}, {"q1": "n/a"}, True),
        ({"not": LOW}, {}, None),
        ({"question": "q1", "unknown": True}, {"q1": "unknown"}, True),
        ({"question": "q1", "unknown": True}, {"q1": 3}, False),
        ({"question": "q1", "unknown": True}, {}, None),
        ({"question": "q1", "in": [2, 3]}, {"q1": 3}, True),
        ({"question": "q1", "gte": 4}, {"q1": 3}, False),
        ({"all": [LOW, {"question": "q2", "gte": 3}]}, {"q1": 1}, None),
        ({"all": [LOW, {"question": "q2", "gte": 3}]}, {"q1": 4}, False),
        ({"all": [LOW, {"question": "q2", "gte": 3}]}, {"q1": 1, "q2": 3}, True),
        ({"any": [LOW, {"question": "q2", "gte": 3}]}, {"q2": 3}, True),
        ({"any": [LOW, {"question": "q2", "gte": 3}]}, {"q1": 4}, None),
        ({"any": [LOW, {"question": "q2", "gte": 3}]}, {"q1": 4, "q2": 1}, False),
    ],
)
def test_screen_is_three_valued(tree: dict[str, Any], answers: dict[str, Any], truth: Any) -> None:
    assert screen(cond(tree), answers, set()) is truth


def test_a_leaf_on_a_question_that_does_not_apply_is_false() -> None:
    assert screen(cond(LOW), {"q1": 1}, {"q1"}) is False


def test_sort_answers_sets_apart_what_does_not_apply() -> None:
    screens = (
        ("q2", cond({"question": "q1", "gte": 3})),
        ("q3", cond({"question": "q2", "gte": 3})),
    )
    given, na = sort_answers(screens, {"q1": 1, "q2": 5, "q3": 5, "q4": "n/a", "q5": "unknown"})
    # q2 does not apply (q1 is 1), so its answer is ignored, and q3, screened on q2, neither.
    assert (given, na) == ({"q1": 1, "q5": "unknown"}, frozenset({"q2", "q3", "q4"}))
    assert sort_answers(screens, {"q2": 5}) == ({"q2": 5}, frozenset())


def test_skipped_reads_the_questionnaire() -> None:
    q = screened().questionnaire
    assert skipped(q, {"t-selection": 1, "c-service-attitude": 1}) == {
        "t-upgrade",
        "c-contact-policy",
    }
    assert skipped(q, {"t-selection": 2, "c-service-attitude": "unknown"}) == set()


def test_a_question_that_does_not_apply_is_left_out_and_its_rule_leaf_is_false() -> None:
    r = assess(screened(), [resp({"t-selection": 1, "t-upgrade": 1, "t-data-quality": 5})])
    assert "technology-cycle" not in fired(r)
    assert dim(r, "technology") == {
        "answered": 2,
        "unknown": 0,
        "not_applicable": 1,
        "unanswered": 0,
    }
    assert next(d for d in r.dimensions if d.id == "technology").score == 50.0  # (0 + 100) / 2
    assert question(r, "t-upgrade").level is None
    assert question(r, "t-upgrade").distribution["n/a"] == 1
    assert r.respondents[0].not_applicable == 1


@pytest.mark.parametrize("screening", [None, "unknown", 2])
def test_an_unanswered_or_unknown_screening_answer_leaves_the_question_applying(
    screening: Any,
) -> None:
    answers: dict[str, Any] = {"t-upgrade": 1}
    if screening is not None:
        answers["t-selection"] = screening
    r = assess(screened(), [resp(answers)])
    assert "technology-cycle" in fired(r)
    assert question(r, "t-upgrade").level == 1
    assert r.respondents[0].not_applicable == 0


def test_an_n_a_answer_is_not_applicable_and_not_dont_know() -> None:
    r = assess(screened(), [resp({"t-data-quality": "n/a", "t-selection": 3})])
    assert dim(r, "technology") == {
        "answered": 1,
        "unknown": 0,
        "not_applicable": 1,
        "unanswered": 1,
    }
    q = question(r, "t-data-quality")
    assert (q.level, q.unknown_share, q.distribution["n/a"], q.distribution["unknown"]) == (
        None,
        0.0,
        1,
        0,
    )


def test_several_respondents_aggregate_over_those_it_applies_to() -> None:
    panel = [
        resp({"t-selection": 1, "t-upgrade": 1}),
        resp({"t-selection": 3, "t-upgrade": 4}),
    ]
    r = assess(screened(), panel)
    q = question(r, "t-upgrade")
    assert (q.level, q.distribution["4"], q.distribution["1"], q.distribution["n/a"]) == (
        4,
        1,
        0,
        1,
    )
    assert "technology-cycle" not in fired(r)
    assert dim(r, "technology")["answered"] == 2


def test_a_question_applying_to_nobody_is_not_applicable_in_coverage() -> None:
    panel = [resp({"t-selection": 1, "t-upgrade": 1}), resp({"t-selection": 1})]
    r = assess(screened(), panel)
    assert dim(r, "technology")["not_applicable"] == 1
    assert [p.not_applicable for p in r.respondents] == [1, 1]


def test_share_counts_only_those_it_applies_to() -> None:
    panel = [
        resp({"c-service-attitude": 1, "c-contact-policy": 1}, "frontline"),
        resp({"c-service-attitude": 3, "c-contact-policy": 4}, "frontline"),
    ]
    assert "hounding" not in fired(assess(screened(), panel, min_group=1))
    # The same answers where the question applies to both: one of two is half, so it fires.
    panel[0] = resp({"c-service-attitude": 2, "c-contact-policy": 1}, "frontline")
    assert "hounding" in fired(assess(screened(), panel, min_group=1))


def test_clear_by_never_changes_an_answer_to_a_question_that_does_not_apply() -> None:
    # A rule true while p-redesign has no level; with p-redesign screened out, changing it
    # would mean answering a question that does not apply, so nothing clears the rule.
    text = ENGINE.read_text().replace(
        "      - id: p-redesign\n",
        "      - id: p-redesign\n        applies_when: {question: s-customer-strategy, gte: 2}\n",
    )
    bundle = load_bundle_text(text, "x.yaml", load_catalogue(ENGINE.parent / "perils.yaml"))
    rule = PerilRule.model_validate(
        {"peril": "technology-first", "when": {"not": {"question": "p-redesign", "gte": 3}}}
    )
    q = bundle.questionnaire.model_copy(update={"rules": [rule]})
    bundle = bundle.model_copy(update={"questionnaire": q, "sha256": "clear-test"})
    screened_out = assess(bundle, [resp({"p-redesign": 1, "s-customer-strategy": 1})])
    assert [(p.id, p.clear_by) for p in screened_out.perils] == [("technology-first", [])]
    applying = assess(bundle, [resp({"p-redesign": 1, "s-customer-strategy": 3})])
    assert [(s.question, s.to_level) for s in applying.perils[0].clear_by] == [("p-redesign", 3)]


def lint_messages(*rules: dict[str, Any]) -> list[str]:
    """The linter's messages on the screened bundle with these rules."""
    b = screened()
    q = b.questionnaire.model_copy(update={"rules": [PerilRule.model_validate(r) for r in rules]})
    bundle = b.model_copy(update={"questionnaire": q, "sha256": "lint-screened"})
    return [p.message for p in lint_bundle(bundle) if p.key_path.startswith("rules")]


def test_lint_reports_a_rule_that_only_fires_through_questions_that_may_not_apply() -> None:
    alone = {"peril": "technology-cycle", "when": {"question": "t-upgrade", "lte": 2}}
    assert lint_messages(alone) == [
        "the rule for peril 'technology-cycle' can only fire through questions that may not "
        "apply ('t-upgrade'): it never fires where they do not apply"
    ]
    either = {"any": [{"question": "t-upgrade", "lte": 2}, {"question": "t-selection", "lte": 1}]}
    assert lint_messages({"peril": "technology-cycle", "when": either}) == []
    # Reported too when some leaf reads a question that always applies but no way to fire
    # avoids the screened one; unless the rule says that is meant.
    both = {"all": [{"question": "t-upgrade", "lte": 2}, {"question": "t-selection", "lte": 3}]}
    assert lint_messages({"peril": "technology-cycle", "when": both}) == [
        "the rule for peril 'technology-cycle' can only fire through questions that may not "
        "apply ('t-upgrade'): it never fires where they do not apply"
    ]
    meant = {"peril": "technology-cycle", "when": both, "only_where_asked": True}
    assert lint_messages(meant) == []
    two = {"any": [{"question": "t-upgrade", "lte": 2}, {"question": "c-contact-policy", "lte": 1}]}
    assert lint_messages({"peril": "hounding", "when": two}) == [
        "the rule for peril 'hounding' can only fire through questions that may not apply "
        "('c-contact-policy', 't-upgrade'): it never fires where they do not apply"
    ]
    negated = {"not": {"question": "t-upgrade", "gte": 3}}
    assert lint_messages({"peril": "technology-cycle", "when": negated}) == []


def test_lint_honours_applies_when_and_tries_not_applicable() -> None:
    # t-upgrade applies only where t-selection is 2 or more, so both together never fire.
    both = {"all": [{"question": "t-upgrade", "lte": 2}, {"question": "t-selection", "lte": 1}]}
    assert lint_messages({"peril": "technology-cycle", "when": both})[0] == (
        "the rule for peril 'technology-cycle' never fires in 56 answer combinations tried"
    )
    # t-data-quality allows n/a: eight values are tried for it, not seven.
    never = {
        "all": [{"question": "t-data-quality", "lte": 2}, {"question": "t-data-quality", "gte": 4}]
    }
    assert lint_messages({"peril": "silos", "when": never}) == [
        "the rule for peril 'silos' never fires in 8 answer combinations tried"
    ]


def test_a_question_that_screens_others_feeds_something() -> None:
    # t-selection and c-service-attitude screen others; the linter must not call them idle.
    b = screened()
    rule = PerilRule.model_validate(
        {"peril": "silos", "when": {"question": "p-single-view", "lte": 2}}
    )
    q = b.questionnaire.model_copy(update={"rules": [rule]})
    bundle = b.model_copy(update={"questionnaire": q, "sha256": "lint-fed"})
    idle = {p.message.split("'")[1] for p in lint_bundle(bundle) if "feeds no peril" in p.message}
    assert "t-selection" not in idle and "c-service-attitude" not in idle
    assert "t-upgrade" in idle and "p-redesign" in idle
