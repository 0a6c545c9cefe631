"""Which questions apply to one respondent: each ``applies_when`` read on their own earlier
answers (docs/rules.md, "Questions that apply").

A screening answer that is missing or "don't know" decides nothing, so the question applies;
a leaf on a question that does not apply (or was answered "n/a") is false, as in rules.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Literal

from assessment.model.questionnaire import Answer, Condition, Given, Questionnaire
from assessment.model.vocabulary import NOT_APPLICABLE, UNKNOWN

Screens = tuple[tuple[str, Condition], ...]  # (question, applies_when) in questionnaire order
Truth = Literal[True, False] | None  # None: the answers so far do not decide


def screens_of(questionnaire: Questionnaire) -> Screens:
    """The questions that may not apply, with their conditions, in questionnaire order."""
    return tuple((q.id, q.applies_when) for q in questionnaire.questions() if q.applies_when)


def screening(screens: Screens) -> frozenset[str]:
    """The questions some applies_when reads (an answer to one may show or hide others)."""
    out: set[str] = set()
    stack = [c for _, c in screens]
    while stack:
        c = stack.pop()
        if c.question:
            out.add(c.question)
        stack += [*(c.all_ or ()), *(c.any_ or ()), *((c.not_,) if c.not_ else ())]
    return frozenset(out)


def not_applying(screens: Screens, answers: Mapping[str, Answer]) -> set[str]:
    """The questions whose applies_when is false on these answers."""
    out: set[str] = set()
    for qid, condition in screens:
        if screen(condition, answers, out) is False:
            out.add(qid)
    return out


def skipped(questionnaire: Questionnaire, answers: Mapping[str, Answer]) -> set[str]:
    """The questions of a questionnaire that do not apply given these answers (for the app)."""
    return not_applying(screens_of(questionnaire), answers)


def sort_answers(
    screens: Screens, answers: Mapping[str, Answer]
) -> tuple[dict[str, Given], frozenset[str]]:
    """(the answers that count, the questions not applicable): an answer to a question that
    does not apply is ignored, and "n/a" answers and such questions are not applicable."""
    out: set[str] = not_applying(screens, answers) if screens else set()
    given: dict[str, Given] = {}
    for q, a in answers.items():
        if a == "n/a":
            out.add(q)
        elif q not in out:
            given[q] = a
    return given, frozenset(out)


def screen(condition: Condition, answers: Mapping[str, Answer], out: Collection[str]) -> Truth:
    """Three-valued truth of an applies_when tree: True, False, or None when undecided."""
    kind = condition.kind
    if kind == "not" and condition.not_ is not None:
        inner = screen(condition.not_, answers, out)
        return None if inner is None else not inner
    if kind in ("all", "any"):
        children = (condition.all_ if kind == "all" else condition.any_) or []
        values = [screen(c, answers, out) for c in children]
        decisive = kind == "any"  # any: one True decides; all: one False decides
        if decisive in values:
            return decisive
        return None if None in values else not decisive
    return _leaf(condition, answers, out)


def _leaf(condition: Condition, answers: Mapping[str, Answer], out: Collection[str]) -> Truth:
    """One question leaf on one respondent's answer."""
    q = condition.question or ""
    a = answers.get(q)
    if q in out or a == NOT_APPLICABLE:
        return False
    if a is None:
        return None
    if condition.unknown is not None:
        return (a == UNKNOWN) == condition.unknown
    if not isinstance(a, int):  # don't know decides nothing
        return None
    if condition.lte is not None:
        return a <= condition.lte
    if condition.gte is not None:
        return a >= condition.gte
    return a in (condition.in_ or ())
