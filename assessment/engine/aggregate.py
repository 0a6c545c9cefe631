"""Several respondents: aggregation, role splits, divergence and consensus (pure functions)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated

from pydantic import StringConstraints

from assessment.engine.anonymity import GroupPlan, plan_groups
from assessment.engine.conditions import round_half_up
from assessment.engine.rule_context import Context, Person, group_scores
from assessment.engine.scoring import OVERALL, Layout, level_result, score_levels
from assessment.model.questionnaire import Level, Strict
from assessment.model.results import DivergenceItem, Results

# Weight of a peril's severity when ranking questions for discussion.
SEVERITY_WEIGHT: dict[str, float] = {"critical": 3.0, "high": 2.0, "medium": 1.0}
UNLINKED_WEIGHT = 0.5  # a question feeding no peril still deserves some discussion
DISTRIBUTION_KEYS = ("1", "2", "3", "4", "5", "unknown", "n/a", "unanswered")
AGENDA_SIZE = 8  # questions a room can discuss in one sitting


class Consensus(Strict):
    """The level a workshop agreed for one question, with an optional note."""

    level: Level
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)] | None = None


class Tally:
    """Per-question answer counts [n1, n2, n3, n4, n5, unknown, not applicable]; built lazily
    for one person."""

    __slots__ = ("counts", "only", "only_na", "size")

    def __init__(self, layout: Layout, people: Sequence[Person]) -> None:
        self.only = people[0].answers if len(people) == 1 else None
        self.only_na = people[0].not_applicable if len(people) == 1 else frozenset()
        self.size = len(people)
        self.counts: dict[str, list[int]] = {}
        if self.only is None:
            self.counts = {q: [0, 0, 0, 0, 0, 0, 0] for q in layout.order}
            for p in people:
                for q, a in p.answers.items():
                    row = self.counts.get(q)
                    if row is not None:
                        row[5 if a == "unknown" else a - 1] += 1
                for q in p.not_applicable:
                    if q in self.counts:
                        self.counts[q][6] += 1

    def row(self, q: str) -> list[int]:
        """The counts of one question."""
        if self.only is None:
            return self.counts[q]
        row = [0, 0, 0, 0, 0, 0, 0]
        a = self.only.get(q)
        if a is not None:
            row[5 if a == "unknown" else a - 1] = 1
        elif q in self.only_na:
            row[6] = 1
        return row

    def dont_know(self, levels: Mapping[str, float]) -> set[str]:
        """Questions without a level that someone answered "don't know"."""
        if self.only is not None:
            return {q for q, a in self.only.items() if a == "unknown" and q not in levels}
        return {q for q, row in self.counts.items() if row[5] and q not in levels}

    def not_applicable(self) -> set[str]:
        """Questions that applied to nobody (each respondent answered n/a or was screened out)."""
        if self.only is not None:
            return set(self.only_na)
        return {q for q, row in self.counts.items() if self.size and row[6] == self.size}


def build_context(
    layout: Layout,
    people: Sequence[Person],
    consensus: Mapping[str, Consensus] | None = None,
    min_group: int = 1,
) -> tuple[Context, Tally]:
    """The evaluation context: mean known levels (consensus wins), don't-know shares, scores.

    Role conditions (shares of a role, role gaps) ignore groups smaller than min_group.
    """
    t = Tally(layout, people)
    levels: dict[str, float] = {}
    unknown_share: dict[str, float] = {}
    answer_count: dict[str, int] = {}
    if t.only is not None:
        levels = {q: a for q, a in t.only.items() if isinstance(a, int)}
        unknown_share = {q: 0.0 if isinstance(a, int) else 1.0 for q, a in t.only.items()}
        answer_count = dict.fromkeys(t.only, 1)
    for q, row in t.counts.items():
        known = row[0] + row[1] + row[2] + row[3] + row[4]
        n = known + row[5]
        if n:
            answer_count[q] = n
            unknown_share[q] = row[5] / n
        if known:
            levels[q] = (row[0] + 2 * row[1] + 3 * row[2] + 4 * row[3] + 5 * row[4]) / known
    agreed: dict[str, int] = {}
    for q, c in (consensus or {}).items():
        if q in layout.weight:  # consensus on a question this questionnaire lacks is ignored
            agreed[q] = levels[q] = c.level
            unknown_share[q] = 0.0
            answer_count[q] = max(answer_count.get(q, 0), 1)
    ctx = Context(
        layout,
        levels,
        unknown_share,
        answer_count,
        score_levels(layout, levels),
        people,
        agreed,
        min_group=min_group,
    )
    return ctx, t


def spread(row: Sequence[int]) -> float | None:
    """Population standard deviation of the known levels in a count row (None below two)."""
    known = sum(row[:5])
    if known < 2:
        return None
    mean = sum((i + 1) * c for i, c in enumerate(row[:5])) / known
    return math.sqrt(sum(c * (i + 1 - mean) ** 2 for i, c in enumerate(row[:5])) / known)


@dataclass(frozen=True, slots=True)
class RoleGroup:
    """The respondents of one shown role group: how many, their mean levels and scores."""

    size: int
    means: dict[str, float]
    scores: dict[str, float | None]
    members: tuple[str, ...] = ()  # the roles it holds (several for the merged "other")


def role_groups(
    layout: Layout, people: Sequence[Person], plan: GroupPlan | None = None
) -> dict[str, RoleGroup]:
    """Each shown role group, in the standard role order, with its means and scores.

    The plan (anonymity.plan_groups, threshold from the environment by default) merges or
    leaves out roles with too few respondents; nobody is left out of the overall results.
    """
    plan = plan or plan_groups(p.role for p in people)
    out: dict[str, RoleGroup] = {}
    for group in plan.groups:
        members = [p for p in people if plan.shown_as.get(p.role) == group]
        if members:
            out[group] = RoleGroup(
                len(members), *group_scores(layout, members), tuple(plan.members(group))
            )
    return out


def role_results(layout: Layout, groups: Mapping[str, RoleGroup]) -> list[dict[str, object]]:
    """results.RoleResult mappings, one per shown role group."""
    return [
        {
            "role": role,
            "respondents": g.size,
            "overall": level_result(g.scores[OVERALL]),
            "dimensions": {d.id: g.scores[d.id] for d in layout.dimensions},
            "includes": list(g.members) if g.members and list(g.members) != [role] else None,
        }
        for role, g in groups.items()
    ]


def divergence(
    layout: Layout,
    t: Tally,
    means: Mapping[str, Mapping[str, float]],
    weights: Mapping[str, float],
) -> list[dict[str, object]]:
    """results.DivergenceItem mappings for questions with two known levels, by priority."""
    ranked: list[tuple[float, float, dict[str, object]]] = []
    for q in layout.order:
        sd = spread(t.row(q))
        if sd is None:
            continue
        by_role = sorted(((m[q], r) for r, m in means.items() if q in m), reverse=True)
        gap = by_role[0][0] - by_role[-1][0] if len(by_role) > 1 else 0.0
        priority = round(max(sd, gap) * weights.get(q, UNLINKED_WEIGHT), 3)
        item: dict[str, object] = {
            "question": q,
            "text": layout.text[q],
            "dimension": layout.dimension_of[q],
            "spread": round(sd, 3),
            "max_gap": round(gap, 3),
            "high_role": by_role[0][1] if gap > 0 else None,
            "low_role": by_role[-1][1] if gap > 0 else None,
            "priority": priority,
        }
        ranked.append((priority, sd, item))
    # A stable sort keeps questionnaire order among ties.
    ranked.sort(key=lambda r: (-r[0], -r[1]))
    return [item for _, _, item in ranked]


def agenda(
    items: Sequence[Mapping[str, object]], limit: int = AGENDA_SIZE
) -> list[Mapping[str, object]]:
    """The agenda of divergence mappings (already ranked): full agreement is left out."""
    return [i for i in items if i["priority"]][:limit]


def discussion_agenda(results: Results, limit: int = AGENDA_SIZE) -> list[DivergenceItem]:
    """THE list of questions the room discusses, in order: the live dashboard, the consensus
    round and the report all take it from here. Highest priority (disagreement x severity of
    the perils fed) first, then widest spread, then questionnaire order; full agreement is
    left out."""
    ranked = sorted(results.divergence or [], key=lambda d: (-d.priority, -d.spread))
    return [d for d in ranked if d.priority > 0][:limit]


def distribution(row: Sequence[int], respondents: int) -> dict[str, int]:
    """Counts for '1'..'5', 'unknown', 'n/a' (not applicable) and 'unanswered'."""
    values = [*row, respondents - sum(row)]
    return dict(zip(DISTRIBUTION_KEYS, values, strict=True))


def rounded_label(layout: Layout, q: str, level: float | None) -> str | None:
    """The option label of a (mean) level, rounded half up."""
    return None if level is None else layout.labels[q][round_half_up(level)]
