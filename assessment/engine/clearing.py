"""clear_by: the fewest answer changes found that would make a fired rule false."""

from __future__ import annotations

import itertools

from assessment.engine.conditions import All, Any, DimensionLeaf, Node, Not, QuestionLeaf, ShareLeaf
from assessment.engine.rule_context import Context
from assessment.engine.rules import MEMO_SIZE, Allowed, CompiledRule
from assessment.engine.scoring import reach
from assessment.model.questionnaire import Answer

Changes = dict[str, int]
MAX_MOVES = 6  # candidate change sets kept per node while looking for clear_by
LEVELS = frozenset(range(1, 6))
SEARCH_BUDGET = 400  # rule evaluations allowed for the fallback search


def merge(a: Allowed, b: Allowed) -> Allowed | None:
    """Both sets of constraints at once, or None when a question can satisfy only one."""
    out = dict(a)
    for q, levels in b.items():
        both = out.get(q, levels) & levels
        if not both:
            return None
        out[q] = both
    return out


def combine_all(options: list[list[Allowed]]) -> list[Allowed]:
    """Constraints satisfying every child at once (cross product, fewest questions first)."""
    acc: list[Allowed] = [{}]
    for opts in options:
        if opts != [{}]:
            acc = sorted((m for a in acc for b in opts if (m := merge(a, b)) is not None), key=len)
            del acc[MAX_MOVES:]
    return acc


def combine_any(options: list[list[Allowed]]) -> list[Allowed]:
    """Constraints satisfying at least one child (fewest questions first)."""
    out: list[Allowed] = []
    for opts in options:
        out.extend(o for o in opts if o not in out)
    out.sort(key=len)
    return out[:MAX_MOVES]


def moves(node: Node, ctx: Context, want: bool) -> list[Allowed]:
    """Level constraints giving a node this truth value, fewest questions first."""
    if isinstance(node, QuestionLeaf):
        if node.test(ctx) == want:
            return [{}]
        ok = leaf_levels(node, want)
        q = node.question
        return [{q: ok}] if ok and q in ctx.layout.weight and q not in fixed(ctx) else []
    if isinstance(node, Not):
        return moves(node.child, ctx, not want)
    if isinstance(node, All | Any):
        return branch_moves(node, ctx, want)
    if node.test(ctx) == want:
        return [{}]
    if isinstance(node, ShareLeaf) and ctx.single:
        return moves(node.leaf, ctx, want)
    if isinstance(node, DimensionLeaf) and ctx.layout.questions_of(node.dimension):
        up = node.at_or_above == want
        found = reach(ctx.layout, ctx.levels, node.dimension, node.threshold, up)
        if found is None:
            return []
        # A score only grows as answers rise, so any level beyond the one found works too.
        return [{q: frozenset(range(lv, 6) if up else range(1, lv + 1)) for q, lv in found.items()}]
    return []  # shares of several respondents and role gaps cannot be changed by one level


def branch_moves(node: All | Any, ctx: Context, want: bool) -> list[Allowed]:
    """Moves of all/any: every child must reach `want` together, or any one child will do."""
    every = want == isinstance(node, All)
    opts = []
    for c in node.children:
        o = moves(c, ctx, want)
        if every and not o:
            return []
        if not every and o and not o[0]:
            return [{}]
        opts.append(o)
    return combine_all(opts) if every else combine_any(opts)


def leaf_levels(leaf: QuestionLeaf, want: bool) -> frozenset[int]:
    """The levels giving a question leaf this truth value."""
    if leaf.op == "unknown":
        return LEVELS if leaf.flag != want else frozenset()
    return frozenset(lv for lv in LEVELS if leaf.meets(lv) == want)


def concrete(allowed: Allowed, ctx: Context) -> Changes:
    """One level per constrained question: the nearest to the current one, raising on a tie.

    A question already inside its range is still set: its don't-know answers must give way.
    """
    out: Changes = {}
    for q, levels in allowed.items():
        current = ctx.levels.get(q)
        here = 3.0 if current is None else current
        out[q] = min(levels, key=lambda lv: (abs(lv - here), -lv))
    return out


def fixed(ctx: Context) -> frozenset[str]:
    """Questions that do not apply to the one respondent: their answers cannot be changed."""
    return ctx.people[0].not_applicable if ctx.single else frozenset()


def candidates(rule: CompiledRule, ctx: Context) -> list[Allowed]:
    """moves() of a rule towards false, remembered by leaf truth values when that is enough."""
    if not rule.pure or not fixed(ctx).isdisjoint(rule.touched):
        return moves(rule.node, ctx, False)
    key = (ctx.single, *[leaf.test(ctx) for leaf in rule.leaves])
    hit = rule.moves_memo.get(key)
    if hit is None:
        if len(rule.moves_memo) >= MEMO_SIZE:
            rule.moves_memo.clear()
        hit = rule.moves_memo[key] = moves(rule.node, ctx, False)
    return hit


def clear_by(rule: CompiledRule, ctx: Context) -> Changes:
    """The smallest set of level changes found that makes a fired rule false ({} if none).

    Among sets of the same size, one that only raises answers is preferred.
    """
    found: Changes | None = None
    for allowed in candidates(rule, ctx):
        changes = concrete(allowed, ctx)
        if found is not None and len(changes) > len(found):
            break
        if changes and (rule.simple or not rule.node.test(ctx.patched(changes, rule.reads_scores))):
            if not lowers(changes, ctx):
                return changes
            found = found or changes
    return found if found is not None else search(rule, ctx)


def lowers(changes: Changes, ctx: Context) -> bool:
    """Whether a change set lowers any current level."""
    return any(lv < ctx.levels.get(q, 0) for q, lv in changes.items())


def search(rule: CompiledRule, ctx: Context) -> Changes:
    """Brute-force fallback: sets of up to three changes over the touched questions."""
    budget = SEARCH_BUDGET
    free = [q for q in rule.touched if q not in fixed(ctx)]
    for size in (1, 2, 3):
        for qs in itertools.combinations(free, size):
            for lvs in itertools.product(range(1, 6), repeat=size):
                changes = {q: lv for q, lv in zip(qs, lvs, strict=True) if ctx.levels.get(q) != lv}
                if len(changes) == size:
                    if not rule.node.test(ctx.patched(changes)):
                        return changes
                    budget -= 1
                if budget <= 0:
                    return {}
    return {}


def clear_steps(ctx: Context, changes: Changes) -> list[dict[str, object]]:
    """Changes as results.ClearStep mappings, in questionnaire order."""
    steps: list[dict[str, object]] = []
    for q in sorted(changes, key=ctx.layout.order.index):
        lv = changes[q]
        text, label = ctx.layout.text[q], ctx.layout.labels[q][lv]
        before: Answer | float | None
        if ctx.single:
            before = ctx.people[0].answers.get(q)
            said = f'Move "{text}" to level {lv} ("{label}").'
        else:
            mean = ctx.levels.get(q)
            before = None if mean is None else round(mean, 2)
            said = f'Reach a consensus of level {lv} ("{label}") on "{text}".'
        steps.append({"question": q, "text": said, "from_level": before, "to_level": lv})
    return steps
