"""Roadmap: phases in order, remedies de-duplicated."""

from __future__ import annotations

from fixtures.engine.helpers import engine, resp

from assessment.engine.assess import assess
from assessment.engine.roadmap import build_roadmap
from assessment.model.results import FiredPeril


def peril(pid: str, phase: str, remedy: str, severity: str = "high") -> FiredPeril:
    return FiredPeril.model_validate(
        {
            "id": pid,
            "name": pid.title(),
            "severity": severity,
            "blocking": False,
            "phase": phase,
            "description": "d",
            "remedy": remedy,
            "evidence": [{"text": "e"}],
        }
    )


def test_phases_in_order_and_only_when_needed() -> None:
    road = build_roadmap(
        [
            peril("tools", "technology", "Pick tools last."),
            peril("people", "people", "Train people."),
            peril("why", "strategy", "Decide why.", "critical"),
        ]
    )
    assert [(p.phase, p.name) for p in road] == [
        ("strategy", "First settle the customer strategy"),
        ("people", "Then prepare the people"),
        ("technology", "Only then choose the technology"),
    ]
    assert [[i.peril for i in p.items] for p in road] == [["why"], ["people"], ["tools"]]
    assert road[0].items[0].model_dump() == {
        "peril": "why",
        "name": "Why",
        "severity": "critical",
        "remedy": "Decide why.",
    }


def test_same_remedy_appears_once() -> None:
    road = build_roadmap(
        [
            peril("a", "process", "Map the processes."),
            peril("b", "process", "Map the processes."),
            peril("c", "people", "Map the processes."),
            peril("d", "process", "Something else."),
        ]
    )
    assert [[i.peril for i in p.items] for p in road] == [["a", "d"]]


def test_empty_roadmap() -> None:
    assert build_roadmap([]) == []


def test_roadmap_of_an_assessment_follows_the_fired_perils() -> None:
    r = assess(engine(), [resp({q.id: 1 for q in engine().questionnaire.questions()})])
    assert [p.phase for p in r.roadmap] == ["strategy", "process", "people", "technology"]
    assert sum(len(p.items) for p in r.roadmap) == len(r.perils)
    assert r.roadmap[0].items[0].peril == "no-strategy"
