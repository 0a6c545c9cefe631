"""Peril evaluation with evidence and clear_by, and the verdict (the purchase gate)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from assessment.conditions import (
    All,
    Any,
    Branch,
    DimensionLeaf,
    Node,
    Not,
    QuestionLeaf,
    ShareLeaf,
)
from assessment.model import Answer, Bundle, Peril
from assessment.results import FiredPeril, Verdict
from assessment.rule_context import Context
from assessment.rules import compile_condition, facts_of, walk
from assessment.scoring import LEVEL_LABELS, Layout, reach

Changes = dict[str, int]
Allowed = dict[str, frozenset[int]]  # question -> the levels that would do
MAX_MOVES = 6  # candidate change sets kept per node while looking for clear_by
LEVELS = frozenset(range(1, 6))
SEARCH_BUDGET = 400  # rule evaluations allowed for the fallback search
MEMO_SIZE = 512  # remembered outcomes per bundle: enough for the app, small for the GC
Memo = dict[tuple[object, ...], tuple[str | None, FiredPeril]]
PERIL_FIELDS = {"id", "name", "severity", "blocking", "phase", "description", "remedy"}
SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2}
VERDICT_LABELS = {
    "ready": "Ready",
    "conditional": "Ready with conditions",
    "not_ready": "Not ready to buy",
}


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


# ----------------------------------------------------------------------- clear_by


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
        return [{node.question: ok}] if ok and node.question in ctx.layout.weight else []
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


def candidates(rule: CompiledRule, ctx: Context) -> list[Allowed]:
    """moves() of a rule towards false, remembered by leaf truth values when that is enough."""
    if not rule.pure:
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
    for size in (1, 2, 3):
        for qs in itertools.combinations(rule.touched, size):
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


# -------------------------------------------------------------------------- perils


def fire(rule: CompiledRule, ctx: Context) -> FiredPeril | None:
    """The fired peril of one rule with evidence and clear_by, or None if it does not fire."""
    if not rule.node.test(ctx):
        return None
    # One validation of plain mappings is much cheaper than a model per piece of evidence.
    return FiredPeril.model_validate(
        {
            **rule.fields,
            "evidence": facts_of(rule.node, ctx)[1],
            "clear_by": clear_steps(ctx, clear_by(rule, ctx)),
        }
    )


def fire_memo(rule: CompiledRule, ctx: Context, memo: Memo) -> FiredPeril | None:
    """fire() remembered per rule, role and the answers it reads (one respondent, no consensus)."""
    if not rule.node.test(ctx):
        return None
    p = ctx.people[0]
    key = (rule.index, p.role, *[p.answers.get(q) for q in rule.touched])
    hit = memo.get(key)
    if hit is None:
        if len(memo) >= MEMO_SIZE:
            memo.clear()
        fired = fire(rule, ctx)
        if fired is not None:
            memo[key] = (p.name, fired)
        return fired
    name, fired = hit
    return fired if name == p.name else renamed(fired, p.name)


def renamed(fired: FiredPeril, name: str | None) -> FiredPeril:
    """The same fired peril with its one respondent's evidence under another name."""
    evidence = [
        e.model_copy(update={"respondent": name}) if e.role is not None else e
        for e in fired.evidence
    ]
    return fired.model_copy(update={"evidence": evidence})


def evaluate_perils(
    rules: Sequence[CompiledRule], ctx: Context, memo: Memo | None = None
) -> list[FiredPeril]:
    """Fired perils with evidence and clear_by, by severity, blocking first, catalogue order.

    Several rules may map the same peril: the first one that fires gives its evidence.
    """
    use_memo = memo is not None and ctx.single
    fired: dict[str, FiredPeril] = {}
    for rule in rules:
        if rule.peril.id in fired:
            continue
        f = fire_memo(rule, ctx, memo) if use_memo and memo is not None else fire(rule, ctx)
        if f is not None:
            fired[f.id] = f
    position = {r.peril.id: r.position for r in rules}
    return sorted(
        fired.values(), key=lambda f: (SEVERITY_ORDER[f.severity], not f.blocking, position[f.id])
    )


def verdict(perils: Sequence[FiredPeril], dimensions: Sequence[dict[str, object]]) -> Verdict:
    """The purchase gate with its reasons in plain words."""
    blocking = [p for p in perils if p.blocking]
    others = [p for p in perils if not p.blocking]
    reasons = [f"{p.name}: resolve this before any software is bought." for p in blocking]
    reasons += [f"{p.name}: agree an owner and a dated plan for it before signing." for p in others]
    for d in dimensions:
        if d["score"] is None:
            reasons.append(f"{d['name']} has no answers with a level yet, so it cannot be judged.")
        elif int(d["level"]) < 3:  # type: ignore[call-overload]
            reasons.append(
                f"{d['name']} is at level {d['level']} ({d['label']}), below level 3 "
                f"({LEVEL_LABELS[3]})."
            )
    if blocking:
        status = "not_ready"
    elif reasons:
        status = "conditional"
    else:
        status = "ready"
        reasons = ["No peril fired and every dimension is at level 3 (Defined) or above."]
    return Verdict(status=status, label=VERDICT_LABELS[status], reasons=reasons)
