"""Peril evaluation: the fired perils of compiled rules with their evidence and clear_by.

clear_by is found in clearing.py and the verdict given in verdict.py; rules are compiled in
rules.py. The names callers use are re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from assessment.engine.clearing import clear_by, clear_steps
from assessment.engine.rule_context import Context
from assessment.engine.rules import (
    MEMO_SIZE,
    CompiledRule,
    facts_of,
)
from assessment.model.results import FiredPeril
from assessment.model.vocabulary import SEVERITY_RANK

__all__ = [
    "Memo",
    "evaluate_perils",
    "fire",
    "fire_memo",
    "ordered",
    "peril_sort_key",
    "renamed",
]

Memo = dict[tuple[object, ...], tuple[str | None, FiredPeril]]


class Ranked(Protocol):
    """Anything that says whether a peril blocks the purchase and how severe it is."""

    @property
    def blocking(self) -> bool: ...

    @property
    def severity(self) -> str: ...


def peril_sort_key(peril: Ranked, position: int) -> tuple[int, int, int]:
    """The one order of perils: blocking first, then severity, then catalogue position.

    Severity runs critical, high, medium (vocabulary.SEVERITY_RANK). results.perils is in this
    order, and the JSON, the report, the app, the deck and the CSV keep it (docs/rules.md).
    """
    return (0 if peril.blocking else 1, SEVERITY_RANK[peril.severity], position)


def ordered(fired: Iterable[FiredPeril], positions: Mapping[str, int]) -> list[FiredPeril]:
    """Fired perils in the one order, given each peril's position in the catalogue."""
    return sorted(fired, key=lambda f: peril_sort_key(f, positions[f.id]))


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
    """Fired perils with evidence and clear_by, in the one order (peril_sort_key).

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
    return ordered(fired.values(), {r.peril.id: r.position for r in rules})
