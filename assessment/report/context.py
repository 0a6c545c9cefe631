"""The report's main views built from Results: perils, dimensions, roadmap and first steps.

Perils keep the order of ``results.perils``: the engine orders them (blocking first, then
severity, then catalogue position) and the report never sorts them again.
"""

from __future__ import annotations

from collections.abc import Mapping

from assessment.engine.verdict import REASON_GROUPS
from assessment.model.results import DimensionResult, Results
from assessment.model.vocabulary import PHASES, ROLES, coverage_text
from assessment.report.charts import Series, level_colour, score_text
from assessment.report.text import count_noun, evidence_view
from assessment.report.views import (
    DimensionView,
    FirstStep,
    PerilView,
    PhaseView,
    ReasonGroupView,
    RoadmapItemView,
    VerdictView,
)

__all__ = [
    "VERDICT_SENTENCES",
    "dimension_view",
    "first_steps",
    "peril_views",
    "perils_text",
    "respondents_text",
    "roadmap_view",
    "verdict_view",
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


def peril_views(results: Results, warning_signs: Mapping[str, list[str]]) -> list[PerilView]:
    """Fired perils as cards, in the engine's order (most serious first)."""
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
            warning_signs=list(warning_signs.get(p.id, [])),
        )
        for p in results.perils
    ]


def dimension_view(d: DimensionResult, groups: Mapping[str, Series] | None = None) -> DimensionView:
    """A dimension row with its coverage sentence and its score in each role group."""
    counts = coverage_text(d.answered, d.unknown, d.unanswered, d.not_applicable)
    coverage = f"{d.total} questions: {counts}"
    return DimensionView(
        id=d.id,
        name=d.name,
        score=score_text(d.score),
        level=f"{d.level} · {d.label}" if d.level else "Not assessed",
        colour=level_colour(d.level),
        bar_width=f"{d.score or 0:.1f}%",
        coverage=coverage,
        group_scores=[score_text(g.get(d.id)) for g in (groups or {}).values()],
    )


def reason_group_views(results: Results) -> list[ReasonGroupView]:
    """The verdict's reasons in their groups (engine.verdict.REASON_GROUPS): the reasons come
    in that order, one per blocking peril, one per other peril, then the weak areas."""
    reasons = list(results.verdict.reasons)
    if results.verdict.status == "ready":
        return [ReasonGroupView("ready", "", reasons)] if reasons else []
    blocking = sum(p.blocking for p in results.perils)
    cut = {"blocking": blocking, "conditions": len(results.perils) - blocking}
    groups = []
    for key, heading in REASON_GROUPS.items():
        n = cut.get(key, len(reasons))
        if reasons[:n]:
            groups.append(ReasonGroupView(key, heading, reasons[:n]))
        reasons = reasons[n:]
    return groups


def verdict_view(results: Results) -> VerdictView:
    """The verdict with the sentence that explains it."""
    v = results.verdict
    return VerdictView(
        v.status, v.label, list(v.reasons), reason_group_views(results), VERDICT_SENTENCES[v.status]
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


def first_steps(results: Results) -> list[FirstStep]:
    """What to do first: the earliest remedies, or the weakest dimension."""
    steps = [FirstStep(item.name, item.remedy) for phase in results.roadmap for item in phase.items]
    if steps:
        return steps[:2]
    scored = [d for d in results.dimensions if d.score is not None]
    if not scored:
        return [
            FirstStep(
                "Answer more questions", "Too few answers were scored to point to a first step."
            )
        ]
    weakest = min(scored, key=lambda d: d.score or 0)
    return [
        FirstStep(
            f"Strengthen {weakest.name}",
            f"No peril stands in the way. {weakest.name} is the lowest-scoring dimension "
            f"({score_text(weakest.score)} out of 100): improve it while the purchase goes ahead.",
        )
    ]


def roadmap_view(results: Results) -> list[PhaseView]:
    """The phases with something to do, in their fixed order, each numbered by its fixed place
    (strategy 1 ... technology 4), so the first thing to do is never a technology item."""
    given = {p.phase: p for p in results.roadmap}
    busy = [
        (i, phase) for i, phase in enumerate(PHASES, 1) if phase in given and given[phase].items
    ]
    return [
        PhaseView(
            number=i,
            phase=phase,
            name=given[phase].name,
            items=[
                RoadmapItemView(item.peril, item.name, item.severity, item.remedy)
                for item in given[phase].items
            ],
        )
        for i, phase in busy
    ]


def perils_text(perils: list[PerilView]) -> str:
    """'Perils found, 2 blocking' / 'Peril found, none blocking' (follows the count)."""
    blocking = sum(1 for p in perils if p.blocking)
    noun = "Peril found" if len(perils) == 1 else "Perils found"
    return f"{noun}, {blocking or 'none'} blocking" if perils else noun
