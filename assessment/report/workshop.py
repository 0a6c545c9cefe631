"""The workshop analysis of a report: scores by role, disagreement agenda, don't-know spots."""

from __future__ import annotations

from dataclasses import dataclass

from assessment.engine.aggregate import AGENDA_SIZE, discussion_agenda
from assessment.model.results import Results
from assessment.report.charts import score_text
from assessment.report.text import level_text, percent, role_label

HOTSPOT_SHARE = 0.25


@dataclass(frozen=True)
class RoleRow:
    """One role in the scores-by-role table."""

    label: str
    respondents: int
    overall: str
    level: str
    dimensions: list[str]


@dataclass(frozen=True)
class AgendaItem:
    """One question where respondents disagree most."""

    id: str
    text: str
    dimension: str
    spread: str
    gap: str
    between: str | None
    consensus: str | None


@dataclass(frozen=True)
class Hotspot:
    """A question many respondents could not answer."""

    id: str
    text: str
    dimension: str
    share: str
    count: int


@dataclass(frozen=True)
class WorkshopView:
    """The workshop analysis section (several respondents)."""

    roles: list[RoleRow]
    role_headers: list[str]
    heatmap_rows: list[tuple[str, list[str]]]
    agenda: list[AgendaItem]
    hotspots: list[Hotspot]
    anonymity_note: str | None = None


def role_rows(results: Results) -> list[RoleRow]:
    """Each role's overall and dimension scores."""
    return [
        RoleRow(
            label=role_label(r.role),
            respondents=r.respondents,
            overall=score_text(r.overall.score),
            level=r.overall.label or "–",
            dimensions=[score_text(r.dimensions.get(d.id)) for d in results.dimensions],
        )
        for r in results.roles or []
    ]


def agenda(results: Results) -> list[AgendaItem]:
    """The widest disagreements, highest priority first: the discussion agenda."""
    names = {d.id: d.name for d in results.dimensions}
    consensus = {q.id: q.consensus for q in results.questions}
    return [
        AgendaItem(
            id=d.question,
            text=d.text,
            dimension=names.get(d.dimension, d.dimension),
            spread=f"{d.spread:.2f}",
            gap=level_text(d.max_gap),
            between=(
                f"{role_label(d.high_role)} higher than {role_label(d.low_role)}"
                if d.high_role and d.low_role
                else None
            ),
            consensus=(
                f"Agreed level {consensus[d.question]}" if consensus.get(d.question) else None
            ),
        )
        for d in discussion_agenda(results)
    ]


def hotspots(results: Results) -> list[Hotspot]:
    """Questions where at least a quarter of respondents said they don't know."""
    names = {d.id: d.name for d in results.dimensions}
    hot = [q for q in results.questions if q.unknown_share >= HOTSPOT_SHARE]
    hot.sort(key=lambda q: -q.unknown_share)
    return [
        Hotspot(
            q.id,
            q.text,
            names.get(q.dimension, q.dimension),
            percent(q.unknown_share),
            q.distribution.get("unknown", 0),
        )
        for q in hot[:AGENDA_SIZE]
    ]


def workshop_view(results: Results) -> WorkshopView | None:
    """The workshop section, or None for a single respondent."""
    if len(results.respondents) < 2 or results.roles is None:
        return None
    roles = [r.role for r in results.roles]
    return WorkshopView(
        roles=role_rows(results),
        role_headers=[role_label(r) for r in roles],
        heatmap_rows=[
            (q.text, [level_text(q.role_means.get(r)) for r in roles]) for q in results.questions
        ],
        agenda=agenda(results),
        hotspots=hotspots(results),
        anonymity_note=anonymity_note(results),
    )


def anonymity_note(results: Results) -> str | None:
    """Why some roles are not shown by themselves (groups below the threshold), if any are."""
    return results.anonymity.note if results.anonymity else None
