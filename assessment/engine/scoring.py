"""Answer levels -> dimension and overall scores, maturity levels and coverage (docs/rules.md)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from assessment.model.questionnaire import Questionnaire

OVERALL = "overall"
# Lower bound of each maturity level's score band, and its label.
BANDS: tuple[tuple[float, int, str], ...] = (
    (0.0, 1, "Ad hoc"),
    (20.0, 2, "Emerging"),
    (40.0, 3, "Defined"),
    (60.0, 4, "Managed"),
    (80.0, 5, "Embedded"),
)
LEVEL_LABELS: dict[int, str] = {level: label for _, level, label in BANDS}


def points(level: float) -> float:
    """Points 0-100 of an answer level 1-5 (a mean level maps linearly)."""
    return (level - 1.0) * 25.0


def level_of(score: float) -> int:
    """Maturity level 1-5 of a score 0-100."""
    for floor, level, _ in reversed(BANDS):
        if score >= floor:
            return level
    return 1


def level_floor(level: int) -> float:
    """The lowest score that reaches this maturity level."""
    return BANDS[level - 1][0]


@dataclass(frozen=True, slots=True)
class DimensionLayout:
    """A dimension's id, name and weighted questions."""

    id: str
    name: str
    questions: tuple[tuple[str, float], ...]
    ids: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Layout:
    """The scoring shape of a questionnaire, computed once per bundle."""

    dimensions: tuple[DimensionLayout, ...]
    order: tuple[str, ...]
    dimension_of: Mapping[str, str]
    weight: Mapping[str, float]
    text: Mapping[str, str]
    labels: Mapping[str, Mapping[int, str]]
    by_id: Mapping[str, DimensionLayout]

    def dimension(self, dimension_id: str) -> DimensionLayout:
        """The layout of one dimension (KeyError if absent)."""
        return self.by_id[dimension_id]

    def questions_of(self, dimension_id: str) -> tuple[str, ...]:
        """Question ids feeding a dimension (none if absent), or every question for 'overall'."""
        if dimension_id == OVERALL:
            return self.order
        d = self.by_id.get(dimension_id)
        return tuple(q for q, _ in d.questions) if d else ()


def layout_of(questionnaire: Questionnaire) -> Layout:
    """Precompute the scoring layout of a questionnaire."""
    dims = tuple(
        DimensionLayout(
            d.id,
            d.name,
            tuple((q.id, q.weight) for q in d.questions),
            frozenset(q.id for q in d.questions),
        )
        for d in questionnaire.dimensions
    )
    qs = questionnaire.questions()
    return Layout(
        dimensions=dims,
        order=tuple(q.id for q in qs),
        dimension_of={q.id: d.id for d in questionnaire.dimensions for q in d.questions},
        weight={q.id: q.weight for q in qs},
        text={q.id: q.text for q in qs},
        labels={q.id: {o.level: o.label for o in q.options} for q in qs},
        by_id={d.id: d for d in dims},
    )


def dimension_score(dim: DimensionLayout, levels: Mapping[str, float]) -> float | None:
    """Weight-averaged points of the questions with a level, rounded to 0.1; None if none."""
    total = 0.0
    weights = 0.0
    for qid, weight in dim.questions:
        level = levels.get(qid)
        if level is not None:
            total += weight * (level - 1.0) * 25.0
            weights += weight
    return round(total / weights, 1) if weights else None


def overall_score(scores: Mapping[str, float | None]) -> float | None:
    """Plain mean of the dimension scores that exist, rounded to 0.1."""
    known = [s for k, s in scores.items() if s is not None and k != OVERALL]
    return round(sum(known) / len(known), 1) if known else None


def score_levels(layout: Layout, levels: Mapping[str, float]) -> dict[str, float | None]:
    """Every dimension score plus the overall score under the key 'overall'."""
    scores: dict[str, float | None] = {d.id: dimension_score(d, levels) for d in layout.dimensions}
    scores[OVERALL] = overall_score(scores)
    return scores


def rescore(
    layout: Layout,
    scores: Mapping[str, float | None],
    levels: Mapping[str, float],
    changed: Iterable[str],
) -> dict[str, float | None]:
    """Scores after the levels of the changed questions moved (only their dimensions recomputed)."""
    out = dict(scores)
    for q in changed:
        dim_id = layout.dimension_of[q]
        out[dim_id] = dimension_score(layout.by_id[dim_id], levels)
    out[OVERALL] = overall_score(out)
    return out


def level_result(score: float | None) -> dict[str, float | int | str | None]:
    """A results.Level mapping for a score (all None when there is no score)."""
    if score is None:
        return {"score": None, "level": None, "label": None}
    level = level_of(score)
    return {"score": score, "level": level, "label": LEVEL_LABELS[level]}


def dimension_results(
    layout: Layout,
    scores: Mapping[str, float | None],
    levels: Mapping[str, float],
    unknown: set[str],
    not_applicable: Collection[str] = frozenset(),
) -> list[dict[str, object]]:
    """results.DimensionResult mappings; `unknown` holds questions with don't know and no level,
    `not_applicable` those that applied to nobody (a level, say a consensus, still wins)."""
    out: list[dict[str, object]] = []
    for d in layout.dimensions:
        answered = len(d.ids & levels.keys())
        dont_know = len(d.ids & unknown)
        na = len(d.ids.intersection(not_applicable) - levels.keys() - unknown)
        total = len(d.ids)
        out.append(
            {
                "id": d.id,
                "name": d.name,
                **level_result(scores[d.id]),
                "answered": answered,
                "unknown": dont_know,
                "unanswered": total - answered - dont_know - na,
                "not_applicable": na,
                "total": total,
            }
        )
    return out


def _score_with(
    layout: Layout, levels: Mapping[str, float], target: str, qid: str, level: float
) -> float | None:
    """The target dimension (or overall) score if one question took this level."""
    patched = {**levels, qid: level}
    if target == OVERALL:
        return score_levels(layout, patched)[OVERALL]
    return dimension_score(layout.dimension(target), patched)


def reach(
    layout: Layout, levels: Mapping[str, float], target: str, threshold: float, upward: bool
) -> dict[str, int] | None:
    """Fewest answer changes bringing a score to >= threshold (upward) or < threshold; greedy."""
    current = dict(levels)
    changes: dict[str, int] = {}
    extreme = 5 if upward else 1

    def meets(score: float | None) -> bool:
        return score is not None and (score >= threshold if upward else score < threshold)

    def score_of(qid: str, level: float) -> float | None:
        return _score_with(layout, current, target, qid, level)

    base = (
        score_levels(layout, current)[OVERALL]
        if target == OVERALL
        else dimension_score(layout.dimension(target), current)
    )
    while not meets(base):
        pool = [
            q for q in layout.questions_of(target) if q not in changes and current.get(q) != extreme
        ]
        if not pool:
            return None
        sign = 1.0 if upward else -1.0
        best = max(pool, key=lambda q: sign * (score_of(q, extreme) or 0.0))
        # The smallest move of this question that already meets the threshold, else the extreme.
        steps = range(1, 6) if upward else range(5, 0, -1)
        start = current.get(best)
        chosen = next(
            (
                lv
                for lv in steps
                if (start is None or sign * (lv - start) > 0) and meets(score_of(best, lv))
            ),
            extreme,
        )
        changes[best] = chosen
        current[best] = chosen
        base = score_of(best, chosen)
    return changes
