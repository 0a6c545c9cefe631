"""What rules are evaluated against: aggregate levels, scores and the respondents."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from assessment.engine.scoring import Layout, rescore, score_levels
from assessment.model.questionnaire import Given

Groups = dict[frozenset[str], tuple[dict[str, float], dict[str, float | None]]]


@dataclass(frozen=True, slots=True)
class Person:
    """One respondent as rules see them: only the answers that count (levels, don't know);
    the questions not applicable to them (applicability.sort_answers) are kept apart."""

    name: str | None
    role: str
    answers: Mapping[str, Given]
    not_applicable: frozenset[str] = frozenset()


@dataclass(slots=True)
class Context:
    """What rules are evaluated against: aggregate levels, scores and the respondents."""

    layout: Layout
    levels: dict[str, float]
    unknown_share: dict[str, float]
    answer_count: dict[str, int]
    scores: dict[str, float | None]
    people: Sequence[Person]
    consensus: Mapping[str, int] = field(default_factory=dict)
    groups: Groups = field(default_factory=dict)
    min_group: int = 1  # role conditions ignore groups smaller than this (anonymity)

    @property
    def single(self) -> bool:
        """One respondent and no consensus: changes are then changes to their own answers."""
        return len(self.people) == 1 and not self.consensus

    def patched(self, changes: Mapping[str, int], rescore_scores: bool = True) -> Context:
        """This context after some questions took new levels (own answers, or consensus).

        Without rescore_scores the scores are left as they were (for rules that read none).
        """
        levels = self.levels.copy()
        levels.update(changes)
        unknown_share = self.unknown_share.copy()
        counts = self.answer_count.copy()
        for q in changes:
            unknown_share[q] = 0.0
            counts[q] = counts.get(q) or 1
        people, consensus = self.people, self.consensus
        if self.single:
            p = people[0]
            people = [Person(p.name, p.role, {**p.answers, **changes}, p.not_applicable)]
        else:
            consensus = {**consensus, **changes}
        scores = self.scores
        if rescore_scores:
            scores = rescore(self.layout, scores, levels, changes.keys())
        return Context(
            self.layout,
            levels,
            unknown_share,
            counts,
            scores,
            people,
            consensus,
            min_group=self.min_group,
        )

    def group_size(self, roles: frozenset[str], question: str | None = None) -> int:
        """Respondents holding these roles (who gave a level to the question, if one)."""
        return sum(
            1
            for p in self.people
            if p.role in roles and (question is None or isinstance(p.answers.get(question), int))
        )

    def group(self, roles: frozenset[str]) -> tuple[dict[str, float], dict[str, float | None]]:
        """Mean levels and scores of the respondents holding any of these roles (cached)."""
        cached = self.groups.get(roles)
        if cached is None:
            cached = group_scores(self.layout, [p for p in self.people if p.role in roles])
            self.groups[roles] = cached
        return cached


def group_scores(
    layout: Layout, people: Iterable[Person]
) -> tuple[dict[str, float], dict[str, float | None]]:
    """Mean known level per question of these people, and the scores of those means."""
    sums: dict[str, float] = {}
    counts: dict[str, int] = {}
    for p in people:
        for q, a in p.answers.items():
            if a != "unknown":
                sums[q] = sums.get(q, 0.0) + a
                counts[q] = counts.get(q, 0) + 1
    means = {q: sums[q] / counts[q] for q in sums}
    return means, score_levels(layout, means)
