"""Compiled condition nodes: each tests a rule Context and gives the facts behind its truth."""

from __future__ import annotations

import math
from collections.abc import Iterable

from assessment.engine.evidence import (
    Fact,
    dimension_fact,
    level_phrase,
    question_fact,
    role_gap_fact,
    share_fact,
    small_group_fact,
)
from assessment.engine.rule_context import Context
from assessment.engine.scoring import OVERALL, level_floor
from assessment.model.questionnaire import Given, RoleGap


def round_half_up(value: float) -> int:
    """Round a mean level half up (2.5 -> 3)."""
    return math.floor(value + 0.5)


def _union(sets: Iterable[frozenset[str]]) -> frozenset[str]:
    return frozenset().union(*sets)


class Node:
    """A compiled condition node: `questions` and `dimensions` are what it reads directly."""

    __slots__ = ("questions", "dimensions")

    def __init__(self, questions: frozenset[str], dimensions: frozenset[str]) -> None:
        self.questions = questions
        self.dimensions = dimensions

    def test(self, ctx: Context) -> bool:
        """Whether the condition holds."""
        raise NotImplementedError

    def facts(self, ctx: Context, truth: bool) -> list[Fact]:
        """The facts showing why the node has this truth value."""
        raise NotImplementedError


class Branch(Node):
    """A node with children (all / any)."""

    __slots__ = ("children",)

    def __init__(self, children: list[Node]) -> None:
        super().__init__(
            _union(c.questions for c in children), _union(c.dimensions for c in children)
        )
        self.children = tuple(children)


class All(Branch):
    """True when every child is true."""

    __slots__ = ()

    def test(self, ctx: Context) -> bool:
        """Whether every child holds."""
        # An explicit loop: the generator in all() costs a third more on this hot path.
        for c in self.children:  # noqa: SIM110
            if not c.test(ctx):
                return False
        return True

    def facts(self, ctx: Context, truth: bool) -> list[Fact]:
        """Every child's facts when true; the failing children's facts when false."""
        return [f for c in self.children if truth or not c.test(ctx) for f in c.facts(ctx, truth)]


class Any(Branch):
    """True when at least one child is true."""

    __slots__ = ()

    def test(self, ctx: Context) -> bool:
        """Whether some child holds."""
        for c in self.children:  # noqa: SIM110 (see All.test)
            if c.test(ctx):
                return True
        return False

    def facts(self, ctx: Context, truth: bool) -> list[Fact]:
        """The holding children's facts when true; every child's facts when false."""
        return [f for c in self.children if not truth or c.test(ctx) for f in c.facts(ctx, truth)]


class Not(Node):
    """True when the child is false."""

    __slots__ = ("child",)

    def __init__(self, child: Node) -> None:
        super().__init__(child.questions, child.dimensions)
        self.child = child

    def test(self, ctx: Context) -> bool:
        """Whether the child fails."""
        return not self.child.test(ctx)

    def facts(self, ctx: Context, truth: bool) -> list[Fact]:
        """The child's facts for the opposite truth value."""
        return self.child.facts(ctx, not truth)


class QuestionLeaf(Node):
    """A test on the aggregate answer to one question: lte, gte, in or unknown."""

    __slots__ = ("question", "op", "bound", "wanted", "flag")

    def __init__(
        self, question: str, op: str, bound: int = 0, wanted: Iterable[int] = (), flag: bool = False
    ) -> None:
        super().__init__(frozenset({question}), frozenset())
        self.question, self.op, self.bound = question, op, bound
        self.wanted, self.flag = frozenset(wanted), flag

    def meets(self, level: float) -> bool:
        """Whether a known level satisfies a level operator."""
        if self.op == "lte":
            return level <= self.bound
        if self.op == "gte":
            return level >= self.bound
        return round_half_up(level) in self.wanted

    def meets_answer(self, answer: Given) -> bool:
        """Whether one respondent's own answer satisfies the leaf."""
        if self.op == "unknown":
            return (answer == "unknown") == self.flag
        return answer != "unknown" and self.meets(answer)

    def test(self, ctx: Context) -> bool:
        """Whether the aggregate answer satisfies the leaf (missing data is false)."""
        if self.op == "unknown":
            share = ctx.unknown_share.get(self.question)
            return share is not None and (share >= 0.5) == self.flag
        level = ctx.levels.get(self.question)
        return level is not None and self.meets(level)

    def phrase(self) -> str:
        """The operator in words, e.g. 'level 2 or below'."""
        return level_phrase(self.op, self.bound, self.wanted, self.flag)

    def facts(self, ctx: Context, truth: bool) -> list[Fact]:
        """The answer (one respondent) or the aggregate answer (several)."""
        return [question_fact(ctx, self.question)]


class LteLeaf(QuestionLeaf):
    """`lte`, with a test specialised because it is the most common leaf."""

    __slots__ = ()

    def test(self, ctx: Context) -> bool:
        """Whether the aggregate level is at most the bound."""
        level = ctx.levels.get(self.question)
        return level is not None and level <= self.bound


class GteLeaf(QuestionLeaf):
    """`gte`, with a specialised test."""

    __slots__ = ()

    def test(self, ctx: Context) -> bool:
        """Whether the aggregate level is at least the bound."""
        level = ctx.levels.get(self.question)
        return level is not None and level >= self.bound


class DimensionLeaf(Node):
    """A test on a dimension score or level, or on the overall score."""

    __slots__ = ("dimension", "threshold", "at_or_above")

    def __init__(self, dimension: str, op: str, arg: float) -> None:
        super().__init__(frozenset(), frozenset({dimension}))
        self.dimension = dimension
        self.threshold, self.at_or_above = threshold_of(op, arg)

    def test(self, ctx: Context) -> bool:
        """Whether the score is on the right side of the threshold (no score is false)."""
        score = ctx.scores.get(self.dimension)
        return score is not None and (score >= self.threshold) == self.at_or_above

    def facts(self, ctx: Context, truth: bool) -> list[Fact]:
        """The score and level."""
        return [dimension_fact(ctx, self.dimension)]


def threshold_of(op: str, arg: float) -> tuple[float, bool]:
    """A dimension operator as (score threshold, whether the leaf means score >= threshold)."""
    if op == "score_lt":
        return arg, False
    if op == "score_gte":
        return arg, True
    if op == "level_lte":
        return (level_floor(int(arg) + 1) if arg < 5 else 101.0), False
    return level_floor(int(arg)), True


class ShareLeaf(Node):
    """The share of respondents (optionally of some roles) whose own answer meets a leaf."""

    __slots__ = ("leaf", "at_least", "roles")

    def __init__(self, leaf: QuestionLeaf, at_least: float, roles: list[str] | None) -> None:
        super().__init__(leaf.questions, frozenset())
        self.leaf, self.at_least = leaf, at_least
        self.roles = frozenset(roles) if roles else None

    def count(self, ctx: Context) -> tuple[int, int]:
        """(respondents meeting the leaf, respondents of those roles who answered)."""
        hits = n = 0
        for p in ctx.people:
            a = p.answers.get(self.leaf.question)
            if a is not None and (self.roles is None or p.role in self.roles):
                n += 1
                hits += self.leaf.meets_answer(a)
        return hits, n

    def too_small(self, ctx: Context, n: int) -> bool:
        """Whether these roles are too few to judge without exposing them (anonymity)."""
        return self.roles is not None and len(ctx.people) > 1 and n < ctx.min_group

    def test(self, ctx: Context) -> bool:
        """Whether the share reaches at_least (false when nobody, or too few, answered)."""
        hits, n = self.count(ctx)
        return n > 0 and not self.too_small(ctx, n) and hits >= self.at_least * n

    def facts(self, ctx: Context, truth: bool) -> list[Fact]:
        """How many respondents met the leaf out of how many answered."""
        if len(ctx.people) == 1:
            return [question_fact(ctx, self.leaf.question)]
        hits, n = self.count(ctx)
        if n and self.too_small(ctx, n):
            return [small_group_fact(ctx, self.leaf.question, self.roles or ())]
        phrase = self.leaf.phrase()
        return [share_fact(ctx, self.leaf.question, phrase, self.roles or (), hits, n)]


class RoleGapLeaf(Node):
    """How far the mean of some roles lies above the mean of others."""

    __slots__ = ("higher", "lower", "target", "is_question", "at_least")

    def __init__(self, gap: RoleGap) -> None:
        target = gap.question or gap.dimension or OVERALL
        is_q = gap.question is not None
        super().__init__(
            frozenset({target}) if is_q else frozenset(),
            frozenset() if is_q else frozenset({target}),
        )
        self.higher, self.lower = frozenset(gap.higher), frozenset(gap.lower)
        self.target, self.is_question, self.at_least = target, is_q, gap.at_least

    def values(self, ctx: Context) -> tuple[float, float] | None:
        """Mean of the higher and of the lower roles, or None when a group has no data."""
        out = []
        for roles in (self.higher, self.lower):
            if self.too_small(ctx, roles):
                return None
            means, scores = ctx.group(roles)
            value = means.get(self.target) if self.is_question else scores.get(self.target)
            if value is None:
                return None
            out.append(value)
        return out[0], out[1]

    def too_small(self, ctx: Context, roles: frozenset[str]) -> bool:
        """Whether a side has fewer respondents than the anonymity threshold."""
        question = self.target if self.is_question else None
        return len(ctx.people) > 1 and ctx.group_size(roles, question) < ctx.min_group

    def test(self, ctx: Context) -> bool:
        """Whether the gap reaches at_least (never for one respondent: it needs two groups)."""
        if len(ctx.people) < 2:
            return False
        pair = self.values(ctx)
        return pair is not None and pair[0] - pair[1] >= self.at_least

    def facts(self, ctx: Context, truth: bool) -> list[Fact]:
        """The two means and the gap between them."""
        roles = (self.higher, self.lower)
        small = [r for r in roles if self.too_small(ctx, r)]
        if small and all(ctx.group_size(r) for r in roles):
            q = self.target if self.is_question else None
            return [small_group_fact(ctx, q, small[0])]
        fact = role_gap_fact(ctx, self.target, self.is_question, roles, self.values(ctx))
        return [fact]
