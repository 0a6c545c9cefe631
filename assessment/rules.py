"""Declarative condition trees compiled once, evaluated with evidence (docs/rules.md)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from assessment.model import Answer, Condition, RoleGap
from assessment.results import Evidence
from assessment.scoring import OVERALL, Layout, level_floor, level_of, rescore, score_levels

ROLE_NAMES = {
    "executive": "executives",
    "manager": "managers",
    "frontline": "front-line staff",
    "it": "IT staff",
    "other": "other respondents",
}
Fact = dict[str, object]  # the fields of a results.Evidence, validated once per fired peril
Groups = dict[frozenset[str], tuple[dict[str, float], dict[str, float | None]]]


@dataclass(frozen=True, slots=True)
class Person:
    """One respondent as rules see them."""

    name: str | None
    role: str
    answers: Mapping[str, Answer]


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
            people = [Person(p.name, p.role, {**p.answers, **changes})]
        else:
            consensus = {**consensus, **changes}
        scores = self.scores
        if rescore_scores:
            scores = rescore(self.layout, scores, levels, changes.keys())
        return Context(self.layout, levels, unknown_share, counts, scores, people, consensus)

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


def round_half_up(value: float) -> int:
    """Round a mean level half up (2.5 -> 3)."""
    return math.floor(value + 0.5)


def roles_text(roles: Iterable[str]) -> str:
    """Plural names of some roles joined with 'and' ('respondents' when none)."""
    names = [ROLE_NAMES[r] for r in sorted(roles)]
    if not names:
        return "respondents"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _num(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


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

    def meets_answer(self, answer: Answer) -> bool:
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
        if self.op == "lte":
            return "level 1" if self.bound == 1 else f"level {self.bound} or below"
        if self.op == "gte":
            return "level 5" if self.bound == 5 else f"level {self.bound} or above"
        if self.op == "in":
            return "level " + " or ".join(str(v) for v in sorted(self.wanted))
        return '"don\'t know"' if self.flag else "a level"

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


def question_fact(ctx: Context, q: str) -> Fact:
    """What is known about one question's answer, as evidence."""
    text = ctx.layout.text.get(q, q)
    if q in ctx.consensus:
        c = ctx.consensus[q]
        said = f'The agreed consensus is level {c} ("{ctx.layout.labels[q][c]}") on "{text}".'
        return dict(text=said, question=q, answer=c, value=float(c))
    if len(ctx.people) == 1:
        p = ctx.people[0]
        a = p.answers.get(q)
        if a is None:
            said = f'No answer was given to "{text}".'
        elif a == "unknown":
            said = f'Answered "don\'t know" to "{text}".'
        else:
            said = f'Answered {a} ("{ctx.layout.labels[q][a]}") to "{text}".'
        value = None if a is None or a == "unknown" else float(a)
        return dict(text=said, question=q, respondent=p.name, role=p.role, answer=a, value=value)
    n = ctx.answer_count.get(q, 0)
    share = ctx.unknown_share.get(q, 0.0)
    dont_know = round(n * share)
    level = ctx.levels.get(q)
    if level is None:
        said = f'Nobody gave a level for "{text}" ({dont_know} of {n} said they don\'t know).'
        return dict(text=said, question=q, value=share if n else None)
    said = f'Mean level {_num(level)} from {n - dont_know} answers to "{text}"'
    said += f" ({dont_know} of {n} said they don't know)." if dont_know else "."
    return dict(text=said, question=q, value=round(level, 2))


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


def dimension_name(layout: Layout, dimension: str) -> str:
    """Display name of a dimension, or 'Overall readiness'."""
    if dimension == OVERALL:
        return "Overall readiness"
    d = layout.by_id.get(dimension)
    return d.name if d else dimension


def dimension_fact(ctx: Context, dimension: str) -> Fact:
    """A dimension's (or the overall) score as evidence."""
    name = dimension_name(ctx.layout, dimension)
    score = ctx.scores.get(dimension)
    if score is None:
        return dict(
            text=f"{name} has no score: none of its questions has a level.", dimension=dimension
        )
    said = f"{name} scores {_num(score)} of 100 (level {level_of(score)})."
    return dict(text=said, dimension=dimension, value=score)


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

    def test(self, ctx: Context) -> bool:
        """Whether the share reaches at_least (nobody answering is false)."""
        hits, n = self.count(ctx)
        return n > 0 and hits >= self.at_least * n

    def facts(self, ctx: Context, truth: bool) -> list[Fact]:
        """How many respondents met the leaf out of how many answered."""
        if len(ctx.people) == 1:
            return [question_fact(ctx, self.leaf.question)]
        hits, n = self.count(ctx)
        who = roles_text(self.roles or ())
        text = ctx.layout.text.get(self.leaf.question, self.leaf.question)
        if not n:
            said = f'No {who} answered "{text}".'
            return [dict(text=said, question=self.leaf.question)]
        said = f'{hits} of {n} {who} who answered "{text}" gave {self.leaf.phrase()}'
        said += f" ({round(100 * hits / n)}%)."
        return [dict(text=said, question=self.leaf.question, value=round(hits / n, 3))]


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
            means, scores = ctx.group(roles)
            value = means.get(self.target) if self.is_question else scores.get(self.target)
            if value is None:
                return None
            out.append(value)
        return out[0], out[1]

    def test(self, ctx: Context) -> bool:
        """Whether the gap reaches at_least (never for one respondent: it needs two groups)."""
        if len(ctx.people) < 2:
            return False
        pair = self.values(ctx)
        return pair is not None and pair[0] - pair[1] >= self.at_least

    def facts(self, ctx: Context, truth: bool) -> list[Fact]:
        """The two means and the gap between them."""
        hi, lo = roles_text(self.higher), roles_text(self.lower)
        pair = self.values(ctx)
        if pair is None:
            return [dict(text=f"There are no answers from both {hi} and {lo} to compare.")]
        gap = pair[0] - pair[1]
        if self.is_question:
            what, unit = f'"{ctx.layout.text.get(self.target, self.target)}"', "levels"
        else:
            what, unit = dimension_name(ctx.layout, self.target).lower(), "points"
        said = f"On {what}, {hi} average {_num(pair[0])} and {lo} {_num(pair[1])}: "
        said += f"a gap of {_num(gap)} {unit}."
        q, d = (self.target, None) if self.is_question else (None, self.target)
        return [dict(text=said, question=q, dimension=d, value=round(gap, 2))]


def compile_condition(cond: Condition) -> Node:
    """Compile a validated Condition tree into evaluable nodes."""
    kind = cond.kind
    if kind in ("all", "any"):
        children = [compile_condition(c) for c in (cond.all_ or cond.any_ or [])]
        return All(children) if kind == "all" else Any(children)
    if kind == "not" and cond.not_ is not None:
        return Not(compile_condition(cond.not_))
    if kind == "question" and cond.question is not None:
        return _question_leaf(cond)
    if kind == "dimension" and cond.dimension is not None:
        op = next(
            o
            for o in ("score_lt", "score_gte", "level_lte", "level_gte")
            if getattr(cond, o) is not None
        )
        return DimensionLeaf(cond.dimension, op, float(getattr(cond, op)))
    if kind == "share" and cond.share is not None and cond.at_least is not None:
        return ShareLeaf(_question_leaf(cond.share), cond.at_least, list(cond.roles or []))
    if kind == "role_gap" and cond.role_gap is not None:
        return RoleGapLeaf(cond.role_gap)
    raise ValueError(f"cannot compile a {kind} condition")


def _question_leaf(cond: Condition) -> QuestionLeaf:
    q = cond.question or ""
    if cond.lte is not None:
        return LteLeaf(q, "lte", bound=cond.lte)
    if cond.gte is not None:
        return GteLeaf(q, "gte", bound=cond.gte)
    if cond.in_ is not None:
        return QuestionLeaf(q, "in", wanted=cond.in_)
    return QuestionLeaf(q, "unknown", flag=bool(cond.unknown))


def walk(node: Node) -> Iterator[Node]:
    """The node and every node below it (a share leaf's inner question leaf included)."""
    yield node
    for child in getattr(node, "children", ()):
        yield from walk(child)
    for name in ("child", "leaf"):
        inner = getattr(node, name, None)
        if inner is not None:
            yield from walk(inner)


def facts_of(node: Node, ctx: Context) -> tuple[bool, list[Fact]]:
    """A compiled rule's truth value and the de-duplicated facts behind it, as plain mappings."""
    truth = node.test(ctx)
    seen: set[object] = set()
    facts = []
    for f in node.facts(ctx, truth):
        if f["text"] not in seen:
            seen.add(f["text"])
            facts.append(f)
    return truth, facts


def evaluate(node: Node, ctx: Context) -> tuple[bool, list[Evidence]]:
    """Evaluate a compiled rule: its truth value and the evidence behind it."""
    truth, facts = facts_of(node, ctx)
    return truth, [Evidence.model_validate(f) for f in facts]
