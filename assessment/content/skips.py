"""When a question is skipped, from its ``applies_when``: in plain words for people, and as
answer tests that survey tools turn into their own expressions (docs/rules.md).

A question is skipped when its condition is certainly false on the answers so far: a
screening question left blank or answered "don't know" decides nothing, so it is asked.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessment.model.questionnaire import Condition, Questionnaire
from assessment.model.vocabulary import LEVELS, NOT_APPLICABLE, UNKNOWN


@dataclass(frozen=True)
class Test:
    """The answer to a question is one of these codes ('1'..'5', UNKNOWN, NOT_APPLICABLE)."""

    question: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Join:
    """All (``op`` 'and') or any ('or') of the parts hold."""

    op: str
    parts: tuple[Expr, ...]


Expr = Test | Join


def skip_when(condition: Condition, allows_na: frozenset[str] = frozenset()) -> Expr:
    """The answers that make the condition certainly false (the question is skipped).

    ``allows_na`` holds the questions that offer "not applicable" (an n/a answer makes a
    leaf false, so it is listed only where it can be given)."""
    return _decided(condition, False, allows_na)


def _decided(c: Condition, truth: bool, allows_na: frozenset[str]) -> Expr:
    """The answers that make the condition certainly ``truth``."""
    if c.not_ is not None:
        return _decided(c.not_, not truth, allows_na)
    children = c.all_ or c.any_
    if children is not None:
        # all is false when one part is (or); any is false when every part is (and).
        op = "or" if (c.all_ is not None) != truth else "and"
        parts = tuple(_decided(x, truth, allows_na) for x in children)
        flat = [p for part in parts for p in _flat(part, op)]
        return flat[0] if len(flat) == 1 else Join(op, tuple(flat))
    q = c.question or ""
    codes = [str(lv) for lv in LEVELS if _meets(c, lv) == truth]
    if c.unknown is not None and c.unknown == truth:
        codes.append(UNKNOWN)
    if not truth and q in allows_na:
        codes.append(NOT_APPLICABLE)
    return Test(q, tuple(codes))


def _flat(part: Expr, op: str) -> tuple[Expr, ...]:
    """A part's own parts when it joins with the same operator, else the part itself."""
    return part.parts if isinstance(part, Join) and part.op == op else (part,)


def _meets(c: Condition, level: int) -> bool:
    """Whether a level makes a question leaf true (an unknown leaf: true for unknown: false)."""
    if c.unknown is not None:
        return not c.unknown
    if c.lte is not None:
        return level <= c.lte
    if c.gte is not None:
        return level >= c.gte
    return level in (c.in_ or ())


def skip_tests(questionnaire: Questionnaire) -> dict[str, Expr]:
    """Question id -> when it is skipped, for the questions that have an applies_when."""
    allows_na = frozenset(q.id for q in questionnaire.questions() if q.allow_not_applicable)
    return {
        q.id: skip_when(q.applies_when, allows_na)
        for q in questionnaire.questions()
        if q.applies_when is not None
    }


def skip_sentences(questionnaire: Questionnaire) -> dict[str, str]:
    """Question id -> "Skip this question if the answer to 'How ...?' was 1." """
    texts = {q.id: q.text for q in questionnaire.questions()}
    return {
        q: f"Skip this question if {words(e, texts)}." for q, e in skip_tests(questionnaire).items()
    }


def words(expr: Expr, texts: dict[str, str]) -> str:
    """An answer test in plain words."""
    if isinstance(expr, Test):
        return f"the answer to '{' '.join(texts[expr.question].split())}' was {_codes(expr.codes)}"
    inner = [words(p, texts) for p in expr.parts]
    inner = [f"({w})" if isinstance(p, Join) else w for p, w in zip(expr.parts, inner, strict=True)]
    return f" {expr.op} ".join(inner)


def _codes(codes: tuple[str, ...]) -> str:
    """'1', '3, 4 or 5', "1 or don't know"."""
    said = [{UNKNOWN: "don't know", NOT_APPLICABLE: "not applicable"}.get(c, c) for c in codes]
    if not said:
        return "nothing"
    return said[0] if len(said) == 1 else ", ".join(said[:-1]) + " or " + said[-1]
