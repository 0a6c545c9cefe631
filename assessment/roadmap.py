"""Remedies of fired perils, in phases: strategy -> process -> people -> technology."""

from __future__ import annotations

from collections.abc import Sequence

from assessment.model import PHASES
from assessment.results import FiredPeril, RoadmapItem, RoadmapPhase

PHASE_NAMES = {
    "strategy": "First settle the customer strategy",
    "process": "Then redesign the processes",
    "people": "Then prepare the people",
    "technology": "Only then choose the technology",
}


def build_roadmap(perils: Sequence[FiredPeril]) -> list[RoadmapPhase]:
    """Non-empty phases in order; each remedy text appears once (first peril needing it)."""
    seen: set[str] = set()
    phases = []
    for phase in PHASES:
        items = []
        for p in perils:
            if p.phase == phase and p.remedy not in seen:
                seen.add(p.remedy)
                items.append(
                    RoadmapItem(peril=p.id, name=p.name, severity=p.severity, remedy=p.remedy)
                )
        if items:
            phases.append(RoadmapPhase(phase=phase, name=PHASE_NAMES[phase], items=items))
    return phases
