"""The human evidence texts rules give, as the fields of a results.Evidence."""

from __future__ import annotations

from collections.abc import Iterable

from assessment.engine.rule_context import Context
from assessment.engine.scoring import OVERALL, Layout, level_of
from assessment.model.vocabulary import roles_text

Fact = dict[str, object]  # the fields of a results.Evidence, validated once per fired peril


def _num(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def level_phrase(op: str, bound: int, wanted: Iterable[int], flag: bool) -> str:
    """A question leaf's operator in words, e.g. 'level 2 or below'."""
    if op == "lte":
        return "level 1" if bound == 1 else f"level {bound} or below"
    if op == "gte":
        return "level 5" if bound == 5 else f"level {bound} or above"
    if op == "in":
        return "level " + " or ".join(str(v) for v in sorted(wanted))
    return '"don\'t know"' if flag else "a level"


def question_fact(ctx: Context, q: str) -> Fact:
    """What is known about one question's answer, as evidence."""
    text = ctx.layout.text.get(q, q)
    if q in ctx.consensus:
        c = ctx.consensus[q]
        said = f'The agreed consensus is level {c} ("{ctx.layout.labels[q][c]}") on "{text}".'
        return dict(text=said, question=q, answer=c, value=float(c))
    if len(ctx.people) == 1:
        return _own_answer_fact(ctx, q, text)
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


def _own_answer_fact(ctx: Context, q: str, text: str) -> Fact:
    """The one respondent's own answer to a question, as evidence."""
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


def share_fact(ctx: Context, q: str, phrase: str, roles: Iterable[str], hits: int, n: int) -> Fact:
    """How many respondents of some roles gave the phrased level out of how many answered."""
    who = roles_text(roles)
    text = ctx.layout.text.get(q, q)
    if not n:
        return dict(text=f'No {who} answered "{text}".', question=q)
    said = f'{hits} of {n} {who} who answered "{text}" gave {phrase}'
    said += f" ({round(100 * hits / n)}%)."
    return dict(text=said, question=q, value=round(hits / n, 3))


def role_gap_fact(
    ctx: Context,
    target: str,
    is_question: bool,
    roles: tuple[Iterable[str], Iterable[str]],
    pair: tuple[float, float] | None,
) -> Fact:
    """The means of the higher and the lower roles on a question or dimension, and the gap."""
    hi, lo = roles_text(roles[0]), roles_text(roles[1])
    if pair is None:
        return dict(text=f"There are no answers from both {hi} and {lo} to compare.")
    gap = pair[0] - pair[1]
    if is_question:
        what, unit = f'"{ctx.layout.text.get(target, target)}"', "levels"
    else:
        what, unit = dimension_name(ctx.layout, target).lower(), "points"
    said = f"On {what}, {hi} average {_num(pair[0])} and {lo} {_num(pair[1])}: "
    said += f"a gap of {_num(gap)} {unit}."
    q, d = (target, None) if is_question else (None, target)
    return dict(text=said, question=q, dimension=d, value=round(gap, 2))


def small_group_fact(ctx: Context, q: str | None, roles: Iterable[str]) -> Fact:
    """Why a role condition was not judged: the group is below the anonymity threshold."""
    who = roles_text(roles)
    said = (
        f"Fewer than {ctx.min_group} {who} answered, so their answers are not compared "
        "separately, to keep them anonymous."
    )
    return dict(text=said, question=q)
