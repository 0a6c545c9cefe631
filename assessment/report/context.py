"""What the report templates receive: sorted, formatted view objects built from Results."""

from __future__ import annotations

from dataclasses import dataclass, field

from assessment.engine.roadmap import PHASE_NAMES
from assessment.model.results import DimensionResult, FiredPeril, Results, RoadmapItem
from assessment.model.vocabulary import PHASES, ROLES, SEVERITY_RANK
from assessment.report.charts import level_colour, score_text
from assessment.report.text import (
    EvidenceView,
    count_noun,
    evidence_view,
)

__all__ = [
    "VERDICT_SENTENCES",
    "DimensionView",
    "PerilView",
    "PhaseView",
    "dimension_view",
    "first_steps",
    "peril_order",
    "peril_views",
    "perils_text",
    "respondents_text",
    "roadmap_view",
]

VERDICT_SENTENCES = {
    "ready": "The foundations are in place: the organisation can go on to choose CRM software.",
    "conditional": (
        "Software can be bought, but only once the conditions below are settled; "
        "otherwise the same weaknesses will be automated."
    ),
    "not_ready": (
        "Buying software now would automate the problems below. Settle them first, then reassess."
    ),
}


@dataclass(frozen=True)
class PerilView:
    """A fired peril, ready for a card."""

    id: str
    name: str
    severity: str
    blocking: bool
    phase: str
    description: str
    remedy: str
    evidence: list[EvidenceView]
    clear_by: list[str]
    warning_signs: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DimensionView:
    """A dimension row."""

    id: str
    name: str
    score: str
    level: str
    colour: str
    bar_width: str
    coverage: str


def peril_order(peril: FiredPeril) -> tuple[int, int, int]:
    """Blocking perils first, then by severity, then by weight of evidence."""
    return (0 if peril.blocking else 1, SEVERITY_RANK[peril.severity], -len(peril.evidence))


def peril_views(results: Results, warning_signs: dict[str, list[str]]) -> list[PerilView]:
    """Fired perils, most serious first."""
    return [
        PerilView(
            id=p.id,
            name=p.name,
            severity=p.severity,
            blocking=p.blocking,
            phase=p.phase,
            description=p.description,
            remedy=p.remedy,
            evidence=[evidence_view(e) for e in p.evidence],
            clear_by=[s.text for s in p.clear_by],
            warning_signs=warning_signs.get(p.id, []),
        )
        for p in sorted(results.perils, key=peril_order)
    ]


def dimension_view(d: DimensionResult) -> DimensionView:
    """A dimension row with its coverage sentence."""
    coverage = f"{d.answered} of {d.total} scored"
    if d.unknown:
        coverage += f", {d.unknown} don't know"
    if d.unanswered:
        coverage += f", {d.unanswered} unanswered"
    return DimensionView(
        id=d.id,
        name=d.name,
        score=score_text(d.score),
        level=f"{d.level} · {d.label}" if d.level else "Not assessed",
        colour=level_colour(d.level),
        bar_width=f"{d.score or 0:.1f}%",
        coverage=coverage,
    )


def respondents_text(results: Results) -> str:
    """'1 executive' or '30 in total: 4 executives, 8 managers, ...' (canonical role order)."""
    counts = {r: 0 for r in ROLES}
    for r in results.respondents:
        counts[r.role] += 1
    parts = [count_noun(n, role) for role, n in counts.items() if n]
    if len(results.respondents) == 1:
        return parts[0]
    return f"{len(results.respondents)} in total: {', '.join(parts)}"


def first_steps(results: Results) -> list[tuple[str, str]]:
    """What to do first, as (heading, text): the earliest remedies, or the weakest dimension."""
    steps = [(item.name, item.remedy) for phase in results.roadmap for item in phase.items]
    if steps:
        return steps[:2]
    scored = [d for d in results.dimensions if d.score is not None]
    if not scored:
        return [("Answer more questions", "Too few answers were scored to point to a first step.")]
    weakest = min(scored, key=lambda d: d.score or 0)
    return [
        (
            f"Strengthen {weakest.name}",
            f"No peril stands in the way. {weakest.name} is the lowest-scoring dimension "
            f"({score_text(weakest.score)} out of 100): improve it while the purchase goes ahead.",
        )
    ]


@dataclass(frozen=True)
class PhaseView:
    """One roadmap phase, present even when it has nothing to do."""

    number: int
    phase: str
    name: str
    items: list[RoadmapItem]


def roadmap_view(results: Results) -> list[PhaseView]:
    """All four phases in their fixed order, with the remedies the results put in each."""
    given = {p.phase: p for p in results.roadmap}
    return [
        PhaseView(
            number=i,
            phase=phase,
            name=given[phase].name if phase in given else PHASE_NAMES[phase],
            items=given[phase].items if phase in given else [],
        )
        for i, phase in enumerate(PHASES, start=1)
    ]


def perils_text(perils: list[PerilView]) -> str:
    """'Perils found, 2 blocking' / 'Peril found, none blocking' (follows the count)."""
    blocking = sum(1 for p in perils if p.blocking)
    noun = "Peril found" if len(perils) == 1 else "Perils found"
    return f"{noun}, {blocking or 'none'} blocking" if perils else noun
