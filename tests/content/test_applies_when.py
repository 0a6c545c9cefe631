"""applies_when and allow_not_applicable in questionnaire files: checked, located, in the schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from assessment.content.questionnaires import load_bundle, load_bundle_text
from assessment.content.schema import SCHEMA_PATH
from assessment.engine.assess import assess
from assessment.model.errors import ContentError
from assessment.model.questionnaire import Responses
from assessment.model.vocabulary import NOT_APPLICABLE, NOT_APPLICABLE_LABEL, is_not_applicable

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini" / "mini.yaml"
ANCHOR = "        roles: [executive, manager]\n"  # inside st-sponsor, the second question


def with_screen(condition: str, extra: str = "") -> str:
    """The mini questionnaire with an applies_when on st-sponsor (line 30)."""
    text = MINI.read_text()
    assert ANCHOR in text
    return text.replace(ANCHOR, f"{ANCHOR}        applies_when: {condition}\n{extra}", 1)


def problems(text: str) -> list[str]:
    with pytest.raises(ContentError) as exc:
        load_bundle_text(text, "q.yaml")
    return [str(p) for p in exc.value.problems]


def test_a_valid_screen_loads() -> None:
    text = with_screen(
        "{any: [{question: st-goals, gte: 2}, {not: {question: st-goals, unknown: true}}]}",
        "        allow_not_applicable: true\n",
    )
    q = load_bundle_text(text, "q.yaml").questionnaire.question("st-sponsor")
    assert q.allow_not_applicable is True
    assert q.applies_when is not None and q.applies_when.kind == "any"
    assert (
        load_bundle_text(MINI.read_text(), "q.yaml")
        .questionnaire.question("st-sponsor")
        .applies_when
        is None
    )


def test_every_problem_of_a_screen_is_reported_at_once() -> None:
    text = with_screen(
        "{any: [{question: st-goal, lte: 2}, {dimension: strategy, score_lt: 30}, "
        "{question: pr-mapped, gte: 2}, {share: {question: st-goals, lte: 2}, at_least: 0.5}, "
        "{question: st-sponsor, lte: 1}]}"
    )
    where = "q.yaml:31:{}: dimensions[strategy].questions[st-sponsor].applies_when.any[{}]"
    only = (
        "cannot be used in applies_when: it takes question conditions (lte, gte, in, unknown) "
        "joined with all, any and not"
    )
    assert problems(text) == [
        where.format(41, 0) + ".question: unknown question 'st-goal' "
        "(hint: did you mean 'st-goals'?)",
        where.format(60, 1) + f".dimension: 'dimension' {only}",
        where.format(107, 2) + ".question: question 'pr-mapped' is not asked before this one: "
        "applies_when reads earlier answers only",
        where.format(128, 3) + f".share: 'share' {only}",
        where.format(192, 4) + ".question: question 'st-sponsor' is not asked before this "
        "one: applies_when reads earlier answers only",
    ]


def test_a_screen_with_two_kinds_is_a_model_error() -> None:
    text = with_screen("{question: st-goals, lte: 2, gte: 4}")
    assert problems(text) == [
        "q.yaml:31:23: dimensions[strategy].questions[st-sponsor].applies_when: "
        "a question condition needs exactly one of lte, gte, in, unknown"
    ]


@pytest.mark.parametrize(
    "text", ["n/a", "N/A", "na", "NA", " Not applicable ", "does not apply", "Not applicable here"]
)
def test_not_applicable_spellings(text: str) -> None:
    assert is_not_applicable(text)


@pytest.mark.parametrize("text", ["", "n", "not known", "unknown", "don't know", "3"])
def test_other_words_are_not_not_applicable(text: str) -> None:
    assert not is_not_applicable(text)


def test_not_applicable_value_and_label() -> None:
    assert (NOT_APPLICABLE, NOT_APPLICABLE_LABEL) == ("n/a", "Not applicable here")


def test_the_schema_covers_applies_when_and_not_applicable() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    props = schema["$defs"]["Question"]["properties"]
    assert props["allow_not_applicable"]["type"] == "boolean"
    assert {"$ref": "#/$defs/Condition"} in props["applies_when"]["anyOf"]
    validator = jsonschema.Draft202012Validator(schema)
    q = load_bundle_text(with_screen("{question: st-goals, gte: 2}"), "q.yaml").questionnaire
    data = q.model_dump(by_alias=True, exclude_none=True)
    assert list(validator.iter_errors(data)) == []
    data["dimensions"][0]["questions"][1]["applies_when"] = {"question": "st-goals", "over": 2}
    assert list(validator.iter_errors(data)) != []


def test_bundled_content_leaves_out_what_does_not_apply() -> None:
    def fired(qid: str, answers: dict[str, object]) -> set[str]:
        r = Responses.model_validate({"questionnaire": qid, "answers": answers})
        return {p.id for p in assess(load_bundle(qid), [r]).perils}

    quick = {"upgrade-motive": 1, "current-adoption": 1}
    assert "technology-cycle" in fired("executive-quick-check", quick)
    quick["current-adoption"] = "n/a"
    assert "technology-cycle" not in fired("executive-quick-check", quick)
    full = {"upgrade-motive": 1, "current-adoption": 1, "past-investment-review": 1}
    assert "technology-cycle" in fired("crm-readiness", full)
    assert "technology-cycle" not in fired("crm-readiness", {**full, "customer-records": 1})
    assert "technology-cycle" in fired("crm-readiness", {**full, "customer-records": "unknown"})
    consent = {"consent-records": 1, "data-ownership": 1}
    assert "consent-blind-spots" in fired("crm-readiness", consent)
    assert "consent-blind-spots" not in fired(
        "crm-readiness", {**consent, "consent-records": "n/a"}
    )
