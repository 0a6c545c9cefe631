"""Comparing two engagements: score movement per dimension, perils cleared, new and remaining."""

from __future__ import annotations

from typing import Any

from assessment.engine.history import DimensionMove, PerilChange, compare
from assessment.model.results import Results

NAMES = {"strategy": "Strategy", "people": "People", "technology": "Technology"}


def peril(pid: str, severity: str = "high", blocking: bool = False) -> dict[str, Any]:
    return {
        "id": pid,
        "name": pid.replace("-", " ").capitalize(),
        "severity": severity,
        "blocking": blocking,
        "phase": "strategy",
        "description": "d",
        "remedy": "r",
        "evidence": [{"text": "because"}],
    }


def results(
    scores: dict[str, float | None],
    perils: list[dict[str, Any]],
    people: int = 3,
    version: str = "1.0",
    overall: float | None = 50.0,
) -> Results:
    return Results.model_validate(
        {
            "questionnaire": {
                "id": "crm-readiness",
                "version": version,
                "title": "CRM",
                "sha256": "x",
            },
            "respondents": [{"role": "executive", "answered": 1, "unknown": 0}] * people,
            "overall": {"score": overall, "level": 3, "label": "Defined"},
            "dimensions": [
                {
                    "id": d,
                    "name": NAMES[d],
                    "score": s,
                    "level": None if s is None else int(s // 20) + 1,
                    "label": None,
                    "answered": 1,
                    "unknown": 0,
                    "unanswered": 0,
                    "total": 1,
                }
                for d, s in scores.items()
            ],
            "perils": perils,
            "verdict": {"status": "conditional", "label": "Ready with conditions", "reasons": []},
            "roadmap": [],
            "questions": [],
        }
    )


def test_movement_per_dimension_and_overall() -> None:
    before = results({"strategy": 20.0, "people": 55.0, "technology": None}, [], overall=37.5)
    after = results({"strategy": 62.5, "people": 50.0, "technology": 40.0}, [], overall=50.8)
    got = compare(before, after, earlier_label="March", later_label="October")
    assert got.overall_change == 13.3
    assert got.dimensions == [
        DimensionMove(
            id="strategy",
            name="Strategy",
            before=20.0,
            after=62.5,
            change=42.5,
            level_before=2,
            level_after=4,
        ),
        DimensionMove(
            id="people",
            name="People",
            before=55.0,
            after=50.0,
            change=-5.0,
            level_before=3,
            level_after=3,
        ),
        DimensionMove(
            id="technology",
            name="Technology",
            before=None,
            after=40.0,
            change=None,
            level_before=None,
            level_after=3,
        ),
    ]
    assert (got.earlier.label, got.later.label) == ("March", "October")
    assert got.caveats == []


def test_perils_cleared_new_and_remaining_sorted_by_weight() -> None:
    before = results(
        {"strategy": 10.0},
        [peril("silos"), peril("no-strategy", "critical", True), peril("hounding", "medium")],
    )
    after = results(
        {"strategy": 60.0},
        [peril("silos"), peril("no-measures", "medium"), peril("lip-service", "critical")],
    )
    got = compare(before, after)
    assert got.cleared == [
        PerilChange(id="no-strategy", name="No strategy", severity="critical", blocking=True),
        PerilChange(id="hounding", name="Hounding", severity="medium", blocking=False),
    ]
    assert [p.id for p in got.new] == ["lip-service", "no-measures"]
    assert [p.id for p in got.remaining] == ["silos"]


def test_caveats_for_changed_questionnaire_and_headcount() -> None:
    before = results({"strategy": 10.0}, [], people=12, version="1.0")
    after = results({"strategy": 10.0}, [], people=5, version="1.1", overall=None)
    got = compare(before, after)
    assert got.overall_change is None
    assert got.caveats == [
        "The questionnaire changed from version 1.0 to 1.1.",
        "12 people answered before and 5 now.",
    ]
    assert got.model_dump(mode="json")["later"]["respondents"] == 5
