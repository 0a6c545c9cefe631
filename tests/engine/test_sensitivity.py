"""Sensitivity of perils to single answers, on a tiny bundle where every flip is known."""

from __future__ import annotations

from pathlib import Path

import pytest
from workshop_bundle import question

from assessment.content.questionnaires import load_bundle
from assessment.content.responses import load_responses
from assessment.engine.sensitivity import (
    Change,
    Scenario,
    answer_values,
    sensitivity,
    sensitivity_data,
)
from assessment.model.questionnaire import (
    Answer,
    Bundle,
    Dimension,
    Peril,
    PerilCatalogue,
    PerilRule,
    Questionnaire,
    Responses,
)

ROOT = Path(__file__).resolve().parents[2]


def peril(pid: str) -> Peril:
    """A non-blocking peril with placeholder texts."""
    return Peril(
        id=pid,
        name=pid.title(),
        description="d",
        source="s",
        severity="high",
        blocking=False,
        phase="strategy",
        remedy="r",
    )


def tiny_bundle() -> Bundle:
    """low-vision: vision <= 2; both-high: vision >= 4 and owner >= 4 (owner: executives only,
    no don't know); 'notes' feeds no rule."""
    questions = [
        question("vision", "Is there a vision?"),
        question("owner", "Is there an owner?", roles=["executive"], allow_unknown=False),
        question("notes", "Anything else?", informational=True),
    ]
    rules = [
        PerilRule.model_validate({"peril": "low-vision", "when": {"question": "vision", "lte": 2}}),
        PerilRule.model_validate(
            {
                "peril": "both-high",
                "when": {
                    "all": [{"question": "vision", "gte": 4}, {"question": "owner", "gte": 4}]
                },
            }
        ),
    ]
    q = Questionnaire(
        id="tiny",
        version="1",
        title="Tiny",
        dimensions=[Dimension(id="strategy", name="Strategy", questions=questions)],
        rules=rules,
    )
    catalogue = PerilCatalogue(
        id="p", version="1", perils=[peril("low-vision"), peril("both-high")]
    )
    # not a hex digest, so the engine caches the compiled plan by identity
    return Bundle(questionnaire=q, catalogue=catalogue, source="tiny.yaml", sha256="tiny")


def one(bundle: Bundle, name: str, role: str, answers: dict[str, Answer]) -> tuple[Responses, ...]:
    """A one-respondent panel."""
    data = {"questionnaire": "tiny", "respondent": {"name": name, "role": role}, "answers": answers}
    return (Responses.model_validate(data),)


@pytest.fixture
def bundle() -> Bundle:
    return tiny_bundle()


def test_answer_values_follow_the_question(bundle: Bundle) -> None:
    vision, owner, _ = bundle.questionnaire.questions()
    assert answer_values(vision) == (1, 2, 3, 4, 5, "unknown", None)
    assert answer_values(owner) == (1, 2, 3, 4, 5, None)


def test_the_exact_hinges_of_a_firing_peril(bundle: Bundle) -> None:
    a = Scenario("a", bundle, one(bundle, "Ann", "executive", {"vision": 2, "owner": 5}))
    result = sensitivity([a])
    low, both = result.perils
    assert [p.id for p in result.perils] == ["low-vision", "both-high"]  # catalogue order
    # vision: 6 other values, owner: 5 (no don't know); 'notes' feeds no rule, so not tried
    assert result.scenarios[0].changes == 11
    assert result.scenarios[0].fired == ("low-vision",)
    assert low.fires_in == ("a",)
    assert [(c.question, c.before, c.after) for c in low.hinges] == [
        ("vision", 2, 3),
        ("vision", 2, 4),
        ("vision", 2, 5),
        ("vision", 2, "unknown"),
        ("vision", 2, None),
    ]
    assert low.hinges[1] == Change("a", "Ann", "vision", 2, 4, ("both-high",), ("low-vision",))
    assert (low.off_changes, low.off_scenarios, low.on_changes) == (5, ("a",), 0)
    assert (both.fires_in, both.off_changes, both.on_changes, both.on_scenarios) == (
        (),
        0,
        2,
        ("a",),
    )
    assert result.fragile == [("low-vision", "a")]


def test_a_peril_needing_two_answers_and_a_question_never_asked(bundle: Bundle) -> None:
    b = Scenario("b", bundle, one(bundle, "Bo", "executive", {"vision": 4, "owner": 4}))
    c = Scenario("c", bundle, one(bundle, "Cy", "frontline", {"vision": 3}))
    result = sensitivity([b, c])
    low, both = result.perils
    off = [(h.question, h.after) for h in both.hinges]
    assert off == [
        ("vision", 1),
        ("vision", 2),
        ("vision", 3),
        ("vision", "unknown"),
        ("vision", None),
        ("owner", 1),
        ("owner", 2),
        ("owner", 3),
        ("owner", None),
    ]
    assert (low.on_changes, low.on_scenarios) == (2 + 2, ("b", "c"))
    # Cy is front line: 'owner' is for executives and unanswered, so only 'vision' is tried
    assert [s.changes for s in result.scenarios] == [11, 6]
    assert result.changes == 17
    assert result.fragile == [("both-high", "b")]


def test_a_robust_peril_is_not_fragile(bundle: Bundle) -> None:
    panel = sum((one(bundle, n, "other", {"vision": 1}) for n in "ABCD"), ())
    result = sensitivity([Scenario("four", bundle, panel)])
    low = result.perils[0]
    assert low.fires_in == ("four",)
    # one answer of four moves the mean to at most (1 + 1 + 1 + 5) / 4 = 2, still <= 2
    assert low.hinges == () and result.fragile == []


def test_json_keys_are_stable(bundle: Bundle) -> None:
    a = Scenario("a", bundle, one(bundle, "Ann", "executive", {"vision": 2, "owner": 5}))
    data = sensitivity_data(sensitivity([a]))
    assert set(data) == {"changes", "scenarios", "perils", "fragile"}
    assert set(data["scenarios"][0]) == {
        "name",
        "questionnaire",
        "respondents",
        "perils",
        "changes",
        "exact",
    }
    low = data["perils"][0]
    assert set(low) == {"id", "name", "fires_in", "flips_off", "flips_on", "fragile_in", "hinges"}
    assert low["flips_off"] == {"changes": 5, "scenarios": ["a"]}
    assert low["hinges"][4] == {
        "scenario": "a",
        "respondent": "Ann",
        "question": "vision",
        "from": 2,
        "to": None,
    }
    assert data["fragile"] == [{"peril": "low-vision", "scenario": "a"}]


def test_the_shortcut_agrees_with_assess_on_a_golden_scenario() -> None:
    folder = ROOT / "tests" / "scenarios" / "06-quick-check-demo-driven"
    bundle = load_bundle("executive-quick-check")
    scenario = Scenario(folder.name, bundle, tuple(load_responses([folder / "responses"], bundle)))
    fast, exact = sensitivity([scenario]), sensitivity([scenario], exact=True)
    assert not fast.scenarios[0].exact and exact.scenarios[0].exact
    assert fast.perils == exact.perils
    assert fast.changes == exact.changes > 0


def screened_bundle() -> Bundle:
    """low-adoption: adoption <= 2, where adoption is asked only when has-crm >= 2 and may be
    answered n/a; has-crm feeds no rule itself."""
    has_crm = question("has-crm", "Is there a CRM today?", informational=True)
    adoption = question(
        "adoption",
        "How many use it?",
        allow_not_applicable=True,
        applies_when={"question": "has-crm", "gte": 2},
    )
    rule = PerilRule.model_validate(
        {"peril": "low-adoption", "when": {"question": "adoption", "lte": 2}}
    )
    q = Questionnaire(
        id="tiny",
        version="1",
        title="Screened",
        dimensions=[Dimension(id="technology", name="Technology", questions=[has_crm, adoption])],
        rules=[rule],
    )
    catalogue = PerilCatalogue(id="p", version="1", perils=[peril("low-adoption")])
    return Bundle(questionnaire=q, catalogue=catalogue, source="screened.yaml", sha256="screened")


def test_a_screening_question_and_not_applicable_are_tried() -> None:
    bundle = screened_bundle()
    s = Scenario("s", bundle, one(bundle, "Ann", "other", {"has-crm": 3, "adoption": 1}))
    result = sensitivity([s])
    (low,) = result.perils
    # has-crm: 6 other values; adoption: 7 (n/a allowed); has-crm 1 screens adoption out
    assert result.scenarios[0].changes == 13
    assert [(c.question, c.after) for c in low.hinges] == [
        ("has-crm", 1),
        ("adoption", 3),
        ("adoption", 4),
        ("adoption", 5),
        ("adoption", "unknown"),
        ("adoption", "n/a"),
        ("adoption", None),
    ]
