"""Lint warnings for a loaded bundle: rules that never or always fire, rules that hinge on
questions that may not apply, questions feeding nothing.

A rule is tried against the answer combinations of the questions it reads (levels 1-5, don't
know, unanswered, and not applicable where a question may not apply): all of them when there
are few, a seeded random sample otherwise. Rules with `share` or `role_gap` leaves are also
tried against panels of several respondents.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterator, Sequence

from assessment.content.questionnaires import locate
from assessment.engine.aggregate import build_context
from assessment.engine.applicability import Screens, screening, screens_of, sort_answers
from assessment.engine.conditions import (
    All,
    Any,
    DimensionLeaf,
    Node,
    Not,
    QuestionLeaf,
    RoleGapLeaf,
    ShareLeaf,
)
from assessment.engine.rule_context import Person
from assessment.engine.rules import CompiledRule, compile_rules, walk
from assessment.engine.scoring import OVERALL, Layout, layout_of
from assessment.model.errors import Problem
from assessment.model.questionnaire import Answer, Bundle
from assessment.model.vocabulary import ROLES

VALUES: tuple[Answer | None, ...] = (1, 2, 3, 4, 5, "unknown", None)
# "n/a" stands for both an n/a answer and a question screened out: the engine treats them alike.
WITH_NA: tuple[Answer | None, ...] = (*VALUES, "n/a")
EXHAUSTIVE_LIMIT = 7**4  # enumerate every combination up to four questions
SAMPLES = 1500  # random single-respondent combinations beyond that
PANELS = 600  # random multi-respondent panels for share and role_gap rules
SEED = 20_26


def lint_bundle(bundle: Bundle) -> list[Problem]:
    """Warnings about the bundle's rules and questions (never errors; --strict decides)."""
    layout = layout_of(bundle.questionnaire)
    rules = compile_rules(bundle, layout)
    optional = may_not_apply(bundle)
    problems = [p for r in rules if (p := lint_rule(bundle, layout, r, optional)) is not None]
    problems += [p for r in rules if (p := hinge_warning(bundle, r, optional)) is not None]
    return problems + unfed_questions(bundle, rules, layout)


def may_not_apply(bundle: Bundle) -> dict[str, bool]:
    """Questions that may be not applicable: True when screened (applies_when), False when
    only an explicit n/a answer is allowed."""
    return {
        q.id: q.applies_when is not None
        for q in bundle.questionnaire.questions()
        if q.applies_when is not None or q.allow_not_applicable
    }


def hinge_warning(bundle: Bundle, rule: CompiledRule, optional: dict[str, bool]) -> Problem | None:
    """A warning when every way the rule can fire reads a question that may not apply (has an
    applies_when), unless the rule says so itself (``only_where_asked: true``)."""
    screened = {q for q, by_screen in optional.items() if by_screen}
    source = bundle.questionnaire.rules[rule.index]
    if source.only_where_asked or not depends_on(rule.node, screened):
        return None
    names = ", ".join(f"'{q}'" for q in sorted(rule.node.questions & screened))
    message = (
        f"the rule for peril '{rule.peril.id}' can only fire through questions that may not "
        f"apply ({names}): it never fires where they do not apply"
    )
    hint = (
        "add a way to fire on questions that always apply, if the peril matters there too; "
        "or write 'only_where_asked: true' on the rule if that is meant"
    )
    return locate(bundle, ("rules", rule.index), message, hint, warning=True)


def depends_on(node: Node, screened: set[str]) -> bool:
    """Whether the node can only be true when one of the screened questions applies."""
    if isinstance(node, All):
        return any(depends_on(c, screened) for c in node.children)
    if isinstance(node, Any):
        return all(depends_on(c, screened) for c in node.children)
    if isinstance(node, Not | DimensionLeaf):
        return False  # a leaf that is false where a question does not apply makes `not` true
    if isinstance(node, QuestionLeaf | ShareLeaf | RoleGapLeaf):
        return bool(node.questions & screened)
    return False


def lint_rule(
    bundle: Bundle, layout: Layout, rule: CompiledRule, optional: dict[str, bool] | None = None
) -> Problem | None:
    """A warning when a rule never fires or always fires on the combinations tried."""
    seen: set[bool] = set()
    tried = 0
    screens = screens_of(bundle.questionnaire)
    for panel in answer_panels(layout, rule, optional or {}, screens):
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


def answer_panels(
    layout: Layout, rule: CompiledRule, optional: dict[str, bool], screens: Screens = ()
) -> Iterator[list[Person]]:
    """Single respondents over the rule's questions, then panels when the rule needs them."""
    rng = random.Random(f"{SEED}:{rule.index}:{rule.peril.id}")
    qs = rule.touched
    values = [WITH_NA if q in optional else VALUES for q in qs]
    if math.prod(len(v) for v in values) <= EXHAUSTIVE_LIMIT:
        combos: Iterator[Sequence[Answer | None]] = itertools.product(*values)
    else:
        uniform = WITH_NA if any(q in optional for q in qs) else VALUES
        corners = ([v if v in vs else None for vs in values] for v in uniform)
        randoms = ([rng.choice(vs) for vs in values] for _ in range(SAMPLES))
        combos = itertools.chain(corners, randoms)
    for combo in combos:
        yield [person("other", qs, combo, screens)]
    if needs_panel(rule.node):
        yield from random_panels(rng, rule, values, screens)


def person(
    role: str, questions: Sequence[str], combo: Sequence[Answer | None], screens: Screens = ()
) -> Person:
    """A respondent giving these answers (None leaves a question unanswered)."""
    answers = {q: a for q, a in zip(questions, combo, strict=True) if a is not None}
    return Person(None, role, *sort_answers(screens, answers))


def random_panels(
    rng: random.Random,
    rule: CompiledRule,
    values: Sequence[Sequence[Answer | None]],
    screens: Screens = (),
) -> Iterator[list[Person]]:
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
        yield [person(r, qs, [rng.choice(vs) for vs in values], screens) for r in roles]


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
    """Warnings for questions that feed no rule, screen no question (applies_when) and are not
    marked informational."""
    fed: set[str] = set(screening(screens_of(bundle.questionnaire)))
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
