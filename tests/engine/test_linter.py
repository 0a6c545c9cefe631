"""Linter: rules that never or always fire, questions that feed no rule."""

from __future__ import annotations

from typing import Any

import pytest
from fixtures.engine.helpers import ENGINE, LINT_BAD, engine

from assessment.cli.main import main
from assessment.content.questionnaires import bundled_questionnaires, load_bundle
from assessment.engine.lint import lint_bundle
from assessment.model.errors import Problem
from assessment.model.questionnaire import PerilRule


def with_rules(*rules: dict[str, Any]):  # type: ignore[no-untyped-def]
    """The engine bundle with its rules replaced."""
    b = engine()
    q = b.questionnaire.model_copy(update={"rules": [PerilRule.model_validate(r) for r in rules]})
    return b.model_copy(update={"questionnaire": q, "sha256": "lint-test"})


def rule_warnings(*rules: dict[str, Any]) -> list[str]:
    return [p.message for p in lint_bundle(with_rules(*rules)) if p.key_path.startswith("rules")]


def test_flags_never_and_always_firing_rules_and_unused_questions() -> None:
    src = str(LINT_BAD)
    assert lint_bundle(load_bundle(LINT_BAD)) == [
        Problem(
            src,
            102,
            5,
            "rules[1]",
            "the rule for peril 'lip-service' never fires in 7 answer combinations tried",
            "check for contradictory conditions, such as lte 2 together with gte 4",
            warning=True,
        ),
        Problem(
            src,
            107,
            5,
            "rules[2]",
            "the rule for peril 'no-measures' fires for all 7 answer combinations tried",
            "a rule that always fires tells no organisation apart; check its conditions",
            warning=True,
        ),
        Problem(
            src,
            28,
            9,
            "dimensions[strategy].questions[unused]",
            "question 'unused' feeds no peril rule",
            "use it in a rule, or mark it 'informational: true' if it only adds context",
            warning=True,
        ),
    ]


def test_engine_fixture_is_clean() -> None:
    assert lint_bundle(engine()) == []


@pytest.mark.parametrize("path", bundled_questionnaires(), ids=lambda p: p.name)
def test_bundled_questionnaires_are_clean(path: object) -> None:
    assert [str(p) for p in lint_bundle(load_bundle(str(path)))] == []


def test_impossible_role_gap_never_fires() -> None:
    gap = {"higher": ["executive"], "lower": ["frontline"], "question": "s-sponsor"}
    never = {"peril": "perception-gap", "when": {"role_gap": {**gap, "at_least": 4.5}}}
    fine = {"peril": "perception-gap", "when": {"role_gap": {**gap, "at_least": 4}}}
    assert rule_warnings(never, fine) == [
        "the rule for peril 'perception-gap' never fires in 616 answer combinations tried"
    ]


def test_share_that_needs_a_panel_is_not_flagged() -> None:
    share = {"share": {"question": "s-sponsor", "unknown": True}, "at_least": 0.5, "roles": ["it"]}
    assert rule_warnings({"peril": "lip-service", "when": share}) == []


def test_dimension_rules_are_sampled_when_large() -> None:
    always = {"peril": "no-measures", "when": {"not": {"dimension": "overall", "score_lt": 0}}}
    [message] = rule_warnings(always)
    assert message == (
        "the rule for peril 'no-measures' fires for all 1507 answer combinations tried"
    )


def test_validate_strict_turns_warnings_into_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(ENGINE)]) == 0
    assert main(["validate", str(LINT_BAD)]) == 0
    _, err = capsys.readouterr()
    assert (
        f"{LINT_BAD}:102:5: warning: rules[1]: the rule for peril 'lip-service' never fires" in err
    )
    assert main(["validate", "--strict", str(LINT_BAD)]) == 1
