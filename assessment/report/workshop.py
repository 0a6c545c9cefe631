"""The workshop analysis of a report: scores by role, disagreement agenda, don't-know spots."""

from __future__ import annotations

from dataclasses import dataclass

from assessment.engine.aggregate import AGENDA_SIZE, discussion_agenda
from assessment.model.results import Results
from assessment.model.vocabulary import ROLE_NAMES
from assessment.report.charts import score_text
from assessment.report.documented import documented
from assessment.report.text import level_text, percent

HOTSPOT_SHARE = 0.25


@dataclass(frozen=True)
class RoleRow:
    """One role in the scores-by-role table."""

    label: str = documented("The role as a group: 'Executives', 'Front-line staff'.")
    respondents: int = documented("How many respondents answered in this role.")
    overall: str = documented("The role's overall score 0-100 as a whole number, or an en dash.")
    level: str = documented("The label of the role's overall maturity level, or an en dash.")
    dimensions: list[str] = documented(
        "The role's score of each dimension, in the order of the dimensions table."
    )


@dataclass(frozen=True)
class AgendaItem:
    """One question where respondents disagree most."""

    id: str = documented("The question id (for data-question attributes).")
    text: str = documented("The question text.")
    dimension: str = documented("The name of the question's dimension.")
    spread: str = documented("Standard deviation of the levels given, with two decimals.")
    gap: str = documented("Largest gap between two roles' mean levels, one decimal or en dash.")
    between: str | None = documented(
        "Which roles the gap lies between: 'Executives higher than Front-line staff', or None."
    )
    consensus: str | None = documented(
        "'Agreed level 2' when the workshop settled the question, else None."
    )


@dataclass(frozen=True)
class Hotspot:
    """A question many respondents could not answer."""

    id: str = documented("The question id (for data-question attributes).")
    text: str = documented("The question text.")
    dimension: str = documented("The name of the question's dimension.")
    share: str = documented("The share of respondents who said they don't know: '40%'.")
    count: int = documented("How many respondents said they don't know.")


@dataclass(frozen=True)
class HeatmapRow:
    """One question of the heatmap's table: its mean level in each role."""

    text: str = documented("The question text.")
    cells: list[str] = documented(
        "The mean answer level of each role (one decimal, or an en dash), in role_headers order."
    )


@dataclass(frozen=True)
class WorkshopView:
    """The workshop analysis section (several respondents)."""

    respondents: int = documented("How many respondents the workshop analysis covers.")
    roles: list[RoleRow] = documented(
        "One row per role shown (roles below the anonymity threshold are merged or hidden)."
    )
    role_headers: list[str] = documented("The roles shown, as groups, for the heatmap table.")
    heatmap_rows: list[HeatmapRow] = documented("Every question with its mean level by role.")
    agenda: list[AgendaItem] = documented(
        "The discussion agenda: widest disagreements, questions feeding serious perils first."
    )
    hotspots: list[Hotspot] = documented(
        "Questions at least a quarter of respondents could not answer, most unknown first."
    )
    anonymity_note: str | None = documented(
        "Why some roles are not shown by themselves, or None when every role is shown.",
        default=None,
    )


def role_rows(results: Results) -> list[RoleRow]:
    """Each role's overall and dimension scores."""
    return [
        RoleRow(
            label=ROLE_NAMES[r.role].group,
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
                f"{ROLE_NAMES[d.high_role].group} higher than {ROLE_NAMES[d.low_role].group}"
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
        respondents=len(results.respondents),
        roles=role_rows(results),
        role_headers=[ROLE_NAMES[r].group for r in roles],
        heatmap_rows=[
            HeatmapRow(q.text, [level_text(q.role_means.get(r)) for r in roles])
            for q in results.questions
        ],
        agenda=agenda(results),
        hotspots=hotspots(results),
        anonymity_note=anonymity_note(results),
    )


def anonymity_note(results: Results) -> str | None:
    """Why some roles are not shown by themselves (groups below the threshold), if any are."""
    return results.anonymity.note if results.anonymity else None
