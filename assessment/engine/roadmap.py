"""Remedies of fired perils, in phases: strategy -> process -> people -> technology."""

from __future__ import annotations

from collections.abc import Sequence

from assessment.model.results import FiredPeril, RoadmapPhase
from assessment.model.vocabulary import PHASES

PHASE_NAMES = {
    "strategy": "First settle the customer strategy",
    "process": "Then redesign the processes",
    "people": "Then prepare the people",
    "technology": "Only then choose the technology",
}


def roadmap_data(perils: Sequence[FiredPeril]) -> list[dict[str, object]]:
    """results.RoadmapPhase mappings: non-empty phases in order, each remedy text once."""
    seen: set[str] = set()
    phases: list[dict[str, object]] = []
    for phase in PHASES:
        items = []
        for p in perils:
            if p.phase == phase and p.remedy not in seen:
                seen.add(p.remedy)
                items.append(
                    {"peril": p.id, "name": p.name, "severity": p.severity, "remedy": p.remedy}
                )
        if items:
            phases.append({"phase": phase, "name": PHASE_NAMES[phase], "items": items})
    return phases


def build_roadmap(perils: Sequence[FiredPeril]) -> list[RoadmapPhase]:
    """The roadmap of some fired perils (see roadmap_data)."""
    return [RoadmapPhase.model_validate(p) for p in roadmap_data(perils)]
