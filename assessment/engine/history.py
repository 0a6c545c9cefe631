"""Compare two assessments of the same organisation: score movement and perils cleared or new."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from assessment.engine.perils import peril_sort_key
from assessment.model.questionnaire import Severity
from assessment.model.results import FiredPeril, Results


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Snapshot(_Out):
    """One side of the comparison."""

    label: str
    date: datetime | None = None
    questionnaire: str
    version: str
    respondents: int
    overall: float | None
    verdict: str


class DimensionMove(_Out):
    """How one dimension's score moved between the two assessments."""

    id: str
    name: str
    before: float | None
    after: float | None
    change: float | None = Field(
        description="after - before in score points; None if either is missing."
    )
    level_before: int | None
    level_after: int | None


class PerilChange(_Out):
    """A peril that cleared, appeared, or stayed."""

    id: str
    name: str
    severity: Severity
    blocking: bool


class Comparison(_Out):
    """Earlier against later: overall and per-dimension movement, perils cleared and new."""

    earlier: Snapshot
    later: Snapshot
    overall_change: float | None
    dimensions: list[DimensionMove]
    cleared: list[PerilChange]
    new: list[PerilChange]
    remaining: list[PerilChange]
    caveats: list[str]


def _delta(before: float | None, after: float | None) -> float | None:
    return None if before is None or after is None else round(after - before, 1)


def snapshot(results: Results, label: str, date: datetime | None = None) -> Snapshot:
    """The summary of one side."""
    return Snapshot(
        label=label,
        date=date,
        questionnaire=results.questionnaire.id,
        version=results.questionnaire.version,
        respondents=len(results.respondents),
        overall=results.overall.score,
        verdict=results.verdict.label,
    )


def dimension_moves(earlier: Results, later: Results) -> list[DimensionMove]:
    """Movement for every dimension present in either result, in the later order."""
    before = {d.id: d for d in earlier.dimensions}
    after = {d.id: d for d in later.dimensions}
    ids = [d.id for d in later.dimensions] + [i for i in before if i not in after]
    moves = []
    for i in ids:
        b, a = before.get(i), after.get(i)
        either = a or b
        moves.append(
            DimensionMove(
                id=i,
                name=either.name if either else i,
                before=b.score if b else None,
                after=a.score if a else None,
                change=_delta(b.score if b else None, a.score if a else None),
                level_before=b.level if b else None,
                level_after=a.level if a else None,
            )
        )
    return moves


def _perils(perils: list[FiredPeril], ids: set[str]) -> list[PerilChange]:
    """The perils with these ids in the one order (results saved before it are sorted again)."""
    chosen = sorted((peril_sort_key(p, i), p) for i, p in enumerate(perils) if p.id in ids)
    return [
        PerilChange(id=p.id, name=p.name, severity=p.severity, blocking=p.blocking)
        for _, p in chosen
    ]


def caveats(earlier: Results, later: Results) -> list[str]:
    """Reasons to read the comparison with care."""
    notes = []
    e, la = earlier.questionnaire, later.questionnaire
    if e.id != la.id:
        notes.append(f"The two used different questionnaires ({e.title} and {la.title}).")
    elif e.version != la.version:
        notes.append(f"The questionnaire changed from version {e.version} to {la.version}.")
    if len(earlier.respondents) != len(later.respondents):
        notes.append(
            f"{len(earlier.respondents)} people answered before and {len(later.respondents)} now."
        )
    return notes


def compare(
    earlier: Results,
    later: Results,
    *,
    earlier_label: str = "Earlier",
    later_label: str = "Now",
    earlier_date: datetime | None = None,
    later_date: datetime | None = None,
) -> Comparison:
    """How the organisation moved from `earlier` to `later`."""
    before_ids = {p.id for p in earlier.perils}
    after_ids = {p.id for p in later.perils}
    return Comparison(
        earlier=snapshot(earlier, earlier_label, earlier_date),
        later=snapshot(later, later_label, later_date),
        overall_change=_delta(earlier.overall.score, later.overall.score),
        dimensions=dimension_moves(earlier, later),
        cleared=_perils(earlier.perils, before_ids - after_ids),
        new=_perils(later.perils, after_ids - before_ids),
        remaining=_perils(later.perils, before_ids & after_ids),
        caveats=caveats(earlier, later),
    )
