"""Questionnaire rules compiled once (condition trees and their perils), evaluated with evidence.

See docs/rules.md. The nodes live in conditions.py, their evidence texts in evidence.py and the
context they are evaluated against in rule_context.py; the names callers use are re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from assessment.engine.conditions import (
    All,
    Any,
    Branch,
    DimensionLeaf,
    GteLeaf,
    LteLeaf,
    Node,
    Not,
    QuestionLeaf,
    RoleGapLeaf,
    ShareLeaf,
)
from assessment.engine.evidence import Fact
from assessment.engine.rule_context import Context
from assessment.engine.scoring import Layout
from assessment.model.questionnaire import Bundle, Condition, Peril
from assessment.model.results import Evidence

__all__ = [
    "MEMO_SIZE",
    "Allowed",
    "CompiledRule",
    "compile_condition",
    "compile_rules",
    "compiled_rule",
    "evaluate",
    "facts_of",
    "touched_questions",
    "walk",
]

Allowed = dict[str, frozenset[int]]  # question -> the levels that would do
MEMO_SIZE = 512  # remembered outcomes per bundle: enough for the app, small for the GC
PERIL_FIELDS = {"id", "name", "severity", "blocking", "phase", "description", "remedy"}


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """One questionnaire rule, compiled, with its peril and what it reads."""

    index: int
    position: int  # the peril's position in the catalogue
    peril: Peril
    node: Node
    touched: tuple[str, ...]
    fields: Mapping[str, object]  # the peril's fields a FiredPeril repeats
    leaves: tuple[Node, ...] = ()  # every leaf, share leaves with their inner question leaf
    pure: bool = False  # no dimension leaf: moves depend only on which leaves hold
    simple: bool = False  # pure, and no question read by two leaves: moves need no check
    reads_scores: bool = True
    moves_memo: dict[tuple[bool, ...], list[Allowed]] = field(default_factory=dict)


def compile_rules(bundle: Bundle, layout: Layout) -> list[CompiledRule]:
    """Compile every rule whose peril is in the catalogue."""
    perils = {p.id: (i, p) for i, p in enumerate(bundle.catalogue.perils)}
    out = []
    for i, rule in enumerate(bundle.questionnaire.rules):
        if rule.peril in perils:
            pos, peril = perils[rule.peril]
            node = compile_condition(rule.when)
            out.append(compiled_rule(i, pos, peril, node, layout))
    return out


def compiled_rule(
    index: int, position: int, peril: Peril, node: Node, layout: Layout
) -> CompiledRule:
    """A compiled rule with what clear_by needs to know about its tree."""
    leaves = tuple(n for n in walk(node) if not isinstance(n, Branch | Not))
    named = [q for leaf in leaves if not isinstance(leaf, ShareLeaf) for q in leaf.questions]
    pure = not any(isinstance(n, DimensionLeaf) for n in leaves)
    return CompiledRule(
        index,
        position,
        peril,
        node,
        touched_questions(node, layout),
        peril.model_dump(include=PERIL_FIELDS),
        leaves,
        pure,
        pure and len(named) == len(set(named)),
        not pure,
    )


def touched_questions(node: Node, layout: Layout) -> tuple[str, ...]:
    """Questions a rule reads directly or through a named dimension, in questionnaire order."""
    names = set(node.questions)
    for d in node.dimensions:
        names.update(layout.questions_of(d))
    return tuple(q for q in layout.order if q in names)


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
