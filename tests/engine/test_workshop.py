"""Several respondents: aggregation, roles, divergence, agenda and consensus."""

from __future__ import annotations

import math

import pytest
from fixtures.engine.helpers import engine, resp
from pydantic import ValidationError

from assessment.engine.aggregate import Consensus, agenda, spread
from assessment.engine.assess import assess


@pytest.fixture(autouse=True)
def no_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests check aggregation on a tiny named panel: anonymity is tested elsewhere."""
    monkeypatch.setenv("CRM_READINESS_MIN_GROUP", "1")


Q = "c-service-attitude"  # feeds not-customer-focused (high) and perception-gap (high)


def panel() -> list:  # type: ignore[type-arg]
    return [
        resp({Q: 5, "s-behaviour": 3}, "executive", "Ann"),
        resp({Q: 4, "s-behaviour": 3}, "executive", "Bo"),
        resp({Q: 1, "s-behaviour": 3}, "frontline", "Cy"),
        resp({Q: 2, "s-behaviour": "unknown"}, "frontline", "Di"),
        resp({Q: "unknown"}, "it", "Ed"),
    ]


def question(results, qid):  # type: ignore[no-untyped-def]
    return next(q for q in results.questions if q.id == qid)


def test_question_aggregate() -> None:
    q = question(assess(engine(), panel()), Q)
    assert q.level == 3.0  # (5 + 4 + 1 + 2) / 4
    assert q.answer_label == "They try to solve it"
    assert q.distribution == {
        "1": 1,
        "2": 1,
        "3": 0,
        "4": 1,
        "5": 1,
        "unknown": 1,
        "n/a": 0,
        "unanswered": 0,
    }
    assert q.unknown_share == 0.2
    assert q.spread == round(math.sqrt(2.5), 3)
    assert q.role_means == {"executive": 4.5, "frontline": 1.5}


def test_single_respondent_has_no_roles_or_divergence() -> None:
    r = assess(engine(), [resp({Q: 3}, "manager")])
    assert r.roles is None and r.divergence is None
    q = question(r, Q)
    assert (q.level, q.spread, q.role_means) == (3, None, {})
    assert q.distribution == {
        "1": 0,
        "2": 0,
        "3": 1,
        "4": 0,
        "5": 0,
        "unknown": 0,
        "n/a": 0,
        "unanswered": 0,
    }


def test_roles() -> None:
    r = assess(engine(), panel())
    assert r.roles is not None
    assert [(x.role, x.respondents) for x in r.roles] == [
        ("executive", 2),
        ("frontline", 2),
        ("it", 1),
    ]
    execs = r.roles[0]
    # customer focus 87.5 (mean level 4.5), strategy 50: overall mean 68.8
    assert execs.dimensions == {
        "strategy": 50.0,
        "customer-focus": 87.5,
        "process": None,
        "people": None,
        "technology": None,
    }
    assert (execs.overall.score, execs.overall.level, execs.overall.label) == (68.8, 4, "Managed")
    it = r.roles[2]
    assert (it.overall.score, it.overall.level) == (None, None)


def test_divergence_and_priority() -> None:
    r = assess(engine(), panel())
    assert r.divergence is not None
    first = r.divergence[0]
    assert (first.question, first.high_role, first.low_role) == (Q, "executive", "frontline")
    assert first.max_gap == 3.0  # 4.5 - 1.5
    assert first.spread == 1.581
    # the question feeds high-severity perils (weight 2): priority = max(spread, gap) x 2
    assert first.priority == 6.0
    second = r.divergence[1]
    assert (second.question, second.spread, second.max_gap, second.priority) == (
        "s-behaviour",
        0.0,
        0.0,
        0.0,
    )
    assert (second.high_role, second.low_role) == (None, None)
    assert [d.question for d in r.divergence] == [Q, "s-behaviour"]  # others lack two levels


def test_agenda_skips_agreement() -> None:
    r = assess(engine(), panel())
    items = [d.model_dump() for d in r.divergence or []]
    assert [i["question"] for i in agenda(items)] == [Q]
    assert agenda(items, limit=0) == []


def test_consensus_overrides_the_aggregate() -> None:
    r = assess(engine(), panel(), {Q: Consensus(level=2, note="Front line knows best")})
    q = question(r, Q)
    assert (q.level, q.consensus, q.consensus_note) == (2, 2, "Front line knows best")
    assert q.answer_label == "Politely but by the script"
    assert q.distribution["5"] == 1  # the individual answers are still shown
    assert r.dimensions[1].score == 25.0


def test_consensus_on_an_unknown_question_is_ignored() -> None:
    plain = assess(engine(), panel())
    with_stray = assess(engine(), panel(), {"not-a-question": Consensus(level=5)})
    assert with_stray == plain


def test_consensus_fires_and_clears_perils() -> None:
    people = [resp({"p-single-view": 4, "p-redesign": 4}), resp({"p-single-view": 4})]
    assert "silos" not in [p.id for p in assess(engine(), people).perils]
    agreed = assess(engine(), people, {"p-single-view": Consensus(level=1)})
    silos = next(p for p in agreed.perils if p.id == "silos")
    assert silos.evidence[0].text.startswith("The agreed consensus is level 1 (")


@pytest.mark.parametrize("level", [0, 6])
def test_consensus_level_range(level: int) -> None:
    with pytest.raises(ValidationError):
        Consensus(level=level)


def test_spread() -> None:
    assert spread([1, 0, 0, 0, 1, 5]) == 2.0
    assert spread([0, 0, 1, 0, 0, 3]) is None
    assert spread([0, 0, 0, 0, 0, 0]) is None


def test_notes_are_collected_per_question() -> None:
    people = [
        resp({Q: 2}, "frontline", "Cy", notes={Q: "We follow the script."}),
        resp({Q: 4}, "manager", None, notes={Q: "   "}),
    ]
    q = question(assess(engine(), people), Q)
    assert [n.model_dump() for n in q.notes] == [
        {"text": "We follow the script.", "respondent": "Cy", "role": "frontline"}
    ]


def test_no_respondents() -> None:
    r = assess(engine(), [])
    assert (r.respondents, r.perils, r.roles, r.divergence) == ([], [], None, None)
    assert r.overall.score is None
    assert r.verdict.status == "conditional"
    assert all(d.unanswered == d.total for d in r.dimensions)
