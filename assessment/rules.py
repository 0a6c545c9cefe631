"""Condition trees compiled once from the questionnaire, evaluated with evidence (docs/rules.md).

The nodes live in conditions.py, their evidence texts in evidence.py and the context they are
evaluated against in rule_context.py; the names callers use are re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterator

from assessment.conditions import (
    All,
    Any,
    DimensionLeaf,
    GteLeaf,
    LteLeaf,
    Node,
    Not,
    QuestionLeaf,
    RoleGapLeaf,
    ShareLeaf,
    round_half_up,
)
from assessment.evidence import Fact
from assessment.model import Condition
from assessment.results import Evidence
from assessment.rule_context import Context, Person, group_scores

__all__ = [
    "Context",
    "Node",
    "Person",
    "RoleGapLeaf",
    "ShareLeaf",
    "compile_condition",
    "evaluate",
    "facts_of",
    "group_scores",
    "round_half_up",
    "walk",
]


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
