"""The engine's front door: assess(bundle, responses, consensus) -> Results."""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from assessment.engine.aggregate import (
    SEVERITY_WEIGHT,
    Consensus,
    Tally,
    build_context,
    distribution,
    divergence,
    role_groups,
    role_results,
    rounded_label,
    spread,
)
from assessment.engine.anonymity import GroupPlan, group_of, min_group_size, plan_groups
from assessment.engine.applicability import Screens, screens_of, sort_answers
from assessment.engine.perils import Memo, evaluate_perils
from assessment.engine.roadmap import roadmap_data
from assessment.engine.rule_context import Context, Person
from assessment.engine.rules import CompiledRule, compile_rules
from assessment.engine.scoring import OVERALL, Layout, dimension_results, layout_of, level_result
from assessment.engine.verdict import verdict
from assessment.model.questionnaire import Bundle, Responses
from assessment.model.results import QuestionResult, Results

__all__ = [
    "Plan",
    "assess",
    "compile_bundle",
    "people_of",
]

_SHA256 = re.compile(r"[0-9a-f]{64}")
_CACHE: dict[object, tuple[Bundle, Plan]] = {}
_CACHE_SIZE = 16
_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything about a bundle that does not depend on the answers, computed once."""

    layout: Layout
    rules: tuple[CompiledRule, ...]
    priority_weight: Mapping[str, float]
    ref: Mapping[str, str]
    screens: Screens = ()
    memo: Memo = field(default_factory=dict)
    questions: dict[tuple[str, object], QuestionResult] = field(default_factory=dict)


def compile_bundle(bundle: Bundle) -> Plan:
    """The compiled plan of a bundle, cached by content hash (or identity for a fake hash)."""
    key: object = bundle.sha256 if _SHA256.fullmatch(bundle.sha256) else id(bundle)
    hit = _CACHE.get(key)
    if hit is not None and (hit[0] is bundle or isinstance(key, str)):
        return hit[1]
    with _LOCK:  # app sessions run in threads; the memo dicts themselves only get and set
        return _compile(bundle, key)


def _compile(bundle: Bundle, key: object) -> Plan:
    """Compile and remember a plan (called with the lock held)."""
    layout = layout_of(bundle.questionnaire)
    rules = tuple(compile_rules(bundle, layout))
    q = bundle.questionnaire
    plan = Plan(
        layout=layout,
        rules=rules,
        priority_weight=priority_weights(rules, layout),
        ref={"id": q.id, "version": q.version, "title": q.title, "sha256": bundle.sha256},
        screens=screens_of(q),
    )
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = (bundle, plan)
    return plan


def priority_weights(rules: Sequence[CompiledRule], layout: Layout) -> dict[str, float]:
    """Highest severity weight of the perils each question feeds (not via 'overall')."""
    out: dict[str, float] = {}
    for r in rules:
        fed = set(r.node.questions)
        for d in r.node.dimensions - {OVERALL}:
            fed.update(layout.questions_of(d))
        for q in fed:
            out[q] = max(out.get(q, 0.0), SEVERITY_WEIGHT[r.peril.severity])
    return out


def assess(
    bundle: Bundle,
    responses: Sequence[Responses],
    consensus: Mapping[str, Consensus] | None = None,
    *,
    min_group: int | None = None,
) -> Results:
    """Score responses (one or several respondents) against a bundle; consensus levels win.

    min_group is the anonymity threshold (default $CRM_READINESS_MIN_GROUP, else 3): no role
    group smaller than it is shown by itself, nor compared in role rules; everyone counts in
    the overall results.
    """
    threshold = min_group_size(min_group)
    plan = compile_bundle(bundle)
    layout = plan.layout
    people = people_of(plan, responses)
    ctx, t = build_context(layout, people, consensus, threshold)
    fired = evaluate_perils(plan.rules, ctx, plan.memo)
    dont_know = t.dont_know(ctx.levels)
    dims = dimension_results(layout, ctx.scores, ctx.levels, dont_know, t.not_applicable())
    grouping = plan_groups((p.role for p in people), threshold) if len(people) > 1 else None
    groups = None if grouping is None else role_groups(layout, people, grouping)
    means = {r: g.means for r, g in (groups or {}).items()}
    data = {
        "questionnaire": plan.ref,
        "organisation": next((r.organisation for r in responses if r.organisation), None),
        "respondents": [respondent_ref(p, grouping) for p in people],
        "overall": level_result(ctx.scores[OVERALL]),
        "dimensions": dims,
        "perils": fired,
        "verdict": verdict(fired, dims),
        "roadmap": roadmap_data(fired),
        "questions": question_results(plan, ctx, t, responses, means, consensus or {}, grouping),
        "roles": None if groups is None else role_results(layout, groups),
        "divergence": None
        if groups is None
        else divergence(layout, t, means, plan.priority_weight),
        "anonymity": None if grouping is None else anonymity_data(grouping),
    }
    return Results.model_validate(data)


def people_of(plan: Plan, responses: Sequence[Responses]) -> list[Person]:
    """The respondents as rules see them: answers to other questionnaires' questions dropped,
    and what does not apply to each of them set apart (applicability.sort_answers)."""
    weight = plan.layout.weight
    return [
        Person(
            r.respondent.name,
            r.respondent.role,
            *sort_answers(plan.screens, {q: a for q, a in r.answers.items() if q in weight}),
        )
        for r in responses
    ]


def anonymity_data(grouping: GroupPlan) -> dict[str, object]:
    """A results.Anonymity mapping."""
    return {
        "min_group": grouping.min_group,
        "merged": list(grouping.merged),
        "hidden": list(grouping.hidden),
        "note": grouping.note,
    }


def respondent_ref(p: Person, grouping: GroupPlan | None = None) -> dict[str, object]:
    """A results.RespondentRef mapping; a role below the anonymity threshold is given as the
    group it is counted in ("other"), so no lone person's coverage is listed by role."""
    unknown = sum(1 for a in p.answers.values() if a == "unknown")
    shown = group_of(grouping, p.role) if grouping is not None else None
    return {
        "name": p.name,
        "role": shown or p.role,
        "answered": len(p.answers) - unknown,
        "unknown": unknown,
        "not_applicable": len(p.not_applicable),
    }


def question_results(
    plan: Plan,
    ctx: Context,
    t: Tally,
    responses: Sequence[Responses],
    means: Mapping[str, Mapping[str, float]],
    consensus: Mapping[str, Consensus],
    grouping: GroupPlan | None = None,
) -> list[QuestionResult | dict[str, object]]:
    """QuestionResult items in questionnaire order (one respondent's plain answers memoised)."""
    notes = collect_notes(ctx.layout, responses, grouping)
    if len(ctx.people) != 1 or notes or consensus:
        return [
            question_result(ctx, t, q, means, consensus.get(q), notes.get(q, []))
            for q in ctx.layout.order
        ]
    answers, na = ctx.people[0].answers, ctx.people[0].not_applicable
    memo = plan.questions
    out: list[QuestionResult | dict[str, object]] = []
    for q in ctx.layout.order:
        key = (q, "n/a" if q in na else answers.get(q))
        hit = memo.get(key)
        if hit is None:
            hit = memo[key] = QuestionResult.model_validate(
                question_result(ctx, t, q, {}, None, [])
            )
        out.append(hit)
    return out


def question_result(
    ctx: Context,
    t: Tally,
    q: str,
    means: Mapping[str, Mapping[str, float]],
    agreed: Consensus | None,
    notes: list[dict[str, object]],
) -> dict[str, object]:
    """One results.QuestionResult mapping."""
    layout = ctx.layout
    row = t.row(q)
    level = ctx.levels.get(q)
    answered = sum(row[:6])  # levels and don't know: those it applied to who answered
    sd = spread(row) if len(ctx.people) > 1 else None
    return {
        "id": q,
        "dimension": layout.dimension_of[q],
        "text": layout.text[q],
        "weight": layout.weight[q],
        "level": None if level is None else round(level, 2),
        "answer_label": rounded_label(layout, q, level),
        "distribution": distribution(row, len(ctx.people)),
        "unknown_share": round(row[5] / answered, 3) if answered else 0.0,
        "spread": None if sd is None else round(sd, 3),
        "consensus": agreed.level if agreed else None,
        "consensus_note": agreed.note if agreed else None,
        "role_means": {r: round(m[q], 2) for r, m in means.items() if q in m},
        "notes": notes,
    }


def collect_notes(
    layout: Layout, responses: Sequence[Responses], grouping: GroupPlan | None = None
) -> dict[str, list[dict[str, object]]]:
    """Non-empty notes per question, with who wrote them (the shown group of their role)."""
    notes: dict[str, list[dict[str, object]]] = {}
    for r in responses:
        role = r.respondent.role
        shown = role if grouping is None else group_of(grouping, role)
        for q, text in r.notes.items():
            if q in layout.weight and text.strip():
                notes.setdefault(q, []).append(
                    {"text": text, "respondent": r.respondent.name, "role": shown}
                )
    return notes
