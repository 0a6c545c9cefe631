"""What the report templates receive: sorted, formatted view objects built from Results."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from assessment.charts import ROLE_LABELS, level_colour, score_text
from assessment.model import PHASES, ROLES
from assessment.results import (
    DimensionResult,
    FiredPeril,
    QuestionResult,
    Results,
    RoadmapItem,
)
from assessment.roadmap import PHASE_NAMES

SEVERITY_RANK = {"critical": 0, "high": 1, "medium": 2}
ROLE_NOUNS: dict[str, tuple[str, str]] = {
    "executive": ("executive", "executives"),
    "manager": ("manager", "managers"),
    "frontline": ("front-line employee", "front-line employees"),
    "it": ("IT specialist", "IT specialists"),
    "other": ("other participant", "other participants"),
}
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
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def date_text(day: dt.date) -> str:
    """A date written out, independent of the machine's locale: '3 March 2026'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def level_text(level: float | None) -> str:
    """A mean answer level with one decimal, or an en dash."""
    return "–" if level is None else f"{level:.1f}"


def percent(share: float) -> str:
    """A share 0..1 as a whole percentage."""
    return f"{score_text(share * 100)}%"


def count_noun(n: int, role: str) -> str:
    """'1 executive', '4 front-line employees'."""
    singular, plural = ROLE_NOUNS[role]
    return f"{n} {singular if n == 1 else plural}"


@dataclass(frozen=True)
class EvidenceView:
    """One line of evidence."""

    text: str
    who: str | None


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


@dataclass(frozen=True)
class AnswerView:
    """One question in the appendix."""

    id: str
    text: str
    answer: str
    unknown: bool
    spread: str | None
    consensus: str | None
    distribution: list[tuple[str, int, str, str]]
    notes: list[EvidenceView]


@dataclass(frozen=True)
class DimensionAnswers:
    """The appendix block of one dimension."""

    name: str
    questions: list[AnswerView]


def peril_order(peril: FiredPeril) -> tuple[int, int, int]:
    """Blocking perils first, then by severity, then by weight of evidence."""
    return (0 if peril.blocking else 1, SEVERITY_RANK[peril.severity], -len(peril.evidence))


def who(respondent: str | None, role: str | None) -> str | None:
    """'Dana Lee, executive' / 'executive' / None."""
    role_text = ROLE_NOUNS[role][0] if role else None
    parts = [p for p in (respondent, role_text) if p]
    return ", ".join(parts) or None


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
            evidence=[EvidenceView(e.text, who(e.respondent, e.role)) for e in p.evidence],
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


def answer_text(q: QuestionResult, single: bool) -> str:
    """The answer of one respondent, or the mean of several."""
    known = sum(q.distribution.get(str(level), 0) for level in range(1, 6))
    if q.consensus is not None:
        return f"Agreed level {q.consensus}" + (f": {q.answer_label}" if q.answer_label else "")
    if single:
        if q.distribution.get("unknown"):
            return "Don't know / not visible"
        if q.level is None:
            return "Not answered"
        return (
            f"Level {q.level:.0f}: {q.answer_label}" if q.answer_label else f"Level {q.level:.0f}"
        )
    if q.level is None:
        return "No level given"
    return f"Mean level {level_text(q.level)} from {known} answers"


DISTRIBUTION_KEYS = (
    ("1", "Level 1"),
    ("2", "Level 2"),
    ("3", "Level 3"),
    ("4", "Level 4"),
    ("5", "Level 5"),
    ("unknown", "Don't know"),
    ("unanswered", "Not answered"),
)


def bucket_colours() -> list[tuple[str, str]]:
    """(answer bucket, colour) pairs for the distribution bars' CSS classes."""
    levels = [(str(k), level_colour(k)) for k in range(1, 6)]
    return [*levels, ("unknown", "#6b7280"), ("unanswered", "#c4cad3")]


def distribution(q: QuestionResult) -> list[tuple[str, int, str, str]]:
    """(label, count, width %, CSS class) for each non-empty answer bucket."""
    total = sum(q.distribution.values()) or 1
    return [
        (label, q.distribution[key], f"{100 * q.distribution[key] / total:.1f}%", f"c-{key}")
        for key, label in DISTRIBUTION_KEYS
        if q.distribution.get(key, 0)
    ]


def answer_view(q: QuestionResult, single: bool) -> AnswerView:
    """One appendix entry."""
    return AnswerView(
        id=q.id,
        text=q.text,
        answer=answer_text(q, single),
        unknown=q.unknown_share >= (1.0 if single else 0.5),
        spread=None if single or q.spread is None else f"{q.spread:.2f}",
        consensus=q.consensus_note,
        distribution=[] if single else distribution(q),
        notes=[EvidenceView(n.text, who(n.respondent, n.role)) for n in q.notes],
    )


def appendix(results: Results) -> list[DimensionAnswers]:
    """Every question, grouped by dimension in questionnaire order."""
    single = len(results.respondents) == 1
    return [
        DimensionAnswers(
            name=d.name,
            questions=[answer_view(q, single) for q in results.questions if q.dimension == d.id],
        )
        for d in results.dimensions
    ]


def role_label(role: str | None) -> str:
    """Plural label of a role for tables and charts."""
    return ROLE_LABELS[role] if role else "–"


def respondent_rows(results: Results) -> list[tuple[str, str, int, int]]:
    """(name, role, scored answers, don't knows) of each respondent."""
    return [
        (r.name or "Name withheld", ROLE_NOUNS[r.role][0], r.answered, r.unknown)
        for r in results.respondents
    ]
