"""Lint warnings for a loaded bundle: rules that never or always fire, questions feeding nothing.

A rule is tried against the answer combinations of the questions it reads (levels 1-5, don't
know and unanswered): all of them when there are few, a seeded random sample otherwise. Rules
with `share` or `role_gap` leaves are also tried against panels of several respondents.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator, Sequence

from assessment.content.questionnaires import locate
from assessment.engine.aggregate import build_context
from assessment.engine.conditions import Node, RoleGapLeaf, ShareLeaf
from assessment.engine.rule_context import Person
from assessment.engine.rules import CompiledRule, compile_rules, walk
from assessment.engine.scoring import OVERALL, Layout, layout_of
from assessment.model.errors import Problem
from assessment.model.questionnaire import Answer, Bundle
from assessment.model.vocabulary import ROLES

VALUES: tuple[Answer | None, ...] = (1, 2, 3, 4, 5, "unknown", None)
EXHAUSTIVE_LIMIT = 7**4  # enumerate every combination up to four questions
SAMPLES = 1500  # random single-respondent combinations beyond that
PANELS = 600  # random multi-respondent panels for share and role_gap rules
SEED = 20_26


def lint_bundle(bundle: Bundle) -> list[Problem]:
    """Warnings about the bundle's rules and questions (never errors; --strict decides)."""
    layout = layout_of(bundle.questionnaire)
    rules = compile_rules(bundle, layout)
    problems = [p for r in rules if (p := lint_rule(bundle, layout, r)) is not None]
    return problems + unfed_questions(bundle, rules, layout)


def lint_rule(bundle: Bundle, layout: Layout, rule: CompiledRule) -> Problem | None:
    """A warning when a rule never fires or always fires on the combinations tried."""
    seen: set[bool] = set()
    tried = 0
    for panel in answer_panels(layout, rule):
        tried += 1
        seen.add(rule.node.test(build_context(layout, panel)[0]))
        if len(seen) == 2:
            return None
    peril = rule.peril.id
    if True in seen:
        message = f"the rule for peril '{peril}' fires for all {tried} answer combinations tried"
        hint = "a rule that always fires tells no organisation apart; check its conditions"
    else:
        message = f"the rule for peril '{peril}' never fires in {tried} answer combinations tried"
        hint = "check for contradictory conditions, such as lte 2 together with gte 4"
    return locate(bundle, ("rules", rule.index), message, hint, warning=True)


def answer_panels(layout: Layout, rule: CompiledRule) -> Iterator[list[Person]]:
    """Single respondents over the rule's questions, then panels when the rule needs them."""
    rng = random.Random(f"{SEED}:{rule.index}:{rule.peril.id}")
    qs = rule.touched
    if len(VALUES) ** len(qs) <= EXHAUSTIVE_LIMIT:
        combos: Iterator[Sequence[Answer | None]] = itertools.product(VALUES, repeat=len(qs))
    else:
        corners = ([v] * len(qs) for v in VALUES)
        randoms = ([rng.choice(VALUES) for _ in qs] for _ in range(SAMPLES))
        combos = itertools.chain(corners, randoms)
    for combo in combos:
        yield [person("other", qs, combo)]
    if needs_panel(rule.node):
        yield from random_panels(rng, rule)


def person(role: str, questions: Sequence[str], combo: Sequence[Answer | None]) -> Person:
    """A respondent giving these answers (None leaves a question unanswered)."""
    answers = {q: a for q, a in zip(questions, combo, strict=True) if a is not None}
    return Person(None, role, answers)


def random_panels(rng: random.Random, rule: CompiledRule) -> Iterator[list[Person]]:
    """Panels of two to eight respondents, biased to the roles the rule names."""
    named = sorted(roles_named(rule.node)) or list(ROLES)
    qs = rule.touched
    for v in VALUES:  # everyone agrees, and the named roles at opposite extremes
        yield [person(r, qs, [v] * len(qs)) for r in named + ["other"]]
    for hi, lo in ((5, 1), (1, 5)):
        yield [person(r, qs, [hi if i % 2 else lo] * len(qs)) for i, r in enumerate(named * 2)]
    for _ in range(PANELS):
        size = rng.randint(2, 8)
        roles = [
            rng.choice(named) if rng.random() < 0.8 else rng.choice(ROLES) for _ in range(size)
        ]
        yield [person(r, qs, [rng.choice(VALUES) for _ in qs]) for r in roles]


def needs_panel(node: Node) -> bool:
    """Whether the tree has share or role_gap leaves (they need several respondents)."""
    return any(isinstance(n, ShareLeaf | RoleGapLeaf) for n in walk(node))


def roles_named(node: Node) -> set[str]:
    """Roles named by the tree's share and role_gap leaves."""
    out: set[str] = set()
    for n in walk(node):
        if isinstance(n, ShareLeaf) and n.roles:
            out |= n.roles
        elif isinstance(n, RoleGapLeaf):
            out |= n.higher | n.lower
    return out


def unfed_questions(bundle: Bundle, rules: Sequence[CompiledRule], layout: Layout) -> list[Problem]:
    """Warnings for questions that feed no rule and are not marked informational."""
    fed: set[str] = set()
    for r in rules:
        fed |= r.node.questions
        for d in r.node.dimensions - {OVERALL}:
            fed.update(layout.questions_of(d))
    return [
        locate(
            bundle,
            ("dimensions", di, "questions", qi),
            f"question '{q.id}' feeds no peril rule",
            "use it in a rule, or mark it 'informational: true' if it only adds context",
            warning=True,
        )
        for di, d in enumerate(bundle.questionnaire.dimensions)
        for qi, q in enumerate(d.questions)
        if q.id not in fed and not q.informational
    ]
