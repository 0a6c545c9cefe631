"""The report's appendix: every answer by dimension, and who answered."""

from __future__ import annotations

from dataclasses import dataclass

from assessment.model.results import QuestionResult, Results
from assessment.report.charts import level_colour
from assessment.report.text import ROLE_NOUNS, EvidenceView, evidence_view, level_text


@dataclass(frozen=True)
class AnswerView:
    """One question in the appendix."""

    id: str
    text: str
    answer: str
    unknown: bool
    spread: str | None
    consensus: str | None
    distribution: list[tuple[str, int, str, str]]
    notes: list[EvidenceView]


@dataclass(frozen=True)
class DimensionAnswers:
    """The appendix block of one dimension."""

    name: str
    questions: list[AnswerView]


def answer_text(q: QuestionResult, single: bool) -> str:
    """The answer of one respondent, or the mean of several."""
    known = sum(q.distribution.get(str(level), 0) for level in range(1, 6))
    if q.consensus is not None:
        return f"Agreed level {q.consensus}" + (f": {q.answer_label}" if q.answer_label else "")
    if single:
        if q.distribution.get("unknown"):
            return "Don't know / not visible"
        if q.level is None:
            return "Not answered"
        return (
            f"Level {q.level:.0f}: {q.answer_label}" if q.answer_label else f"Level {q.level:.0f}"
        )
    if q.level is None:
        return "No level given"
    return f"Mean level {level_text(q.level)} from {known} answers"


DISTRIBUTION_KEYS = (
    ("1", "Level 1"),
    ("2", "Level 2"),
    ("3", "Level 3"),
    ("4", "Level 4"),
    ("5", "Level 5"),
    ("unknown", "Don't know"),
    ("unanswered", "Not answered"),
)


def bucket_colours() -> list[tuple[str, str]]:
    """(answer bucket, colour) pairs for the distribution bars' CSS classes."""
    levels = [(str(k), level_colour(k)) for k in range(1, 6)]
    return [*levels, ("unknown", "#6b7280"), ("unanswered", "#c4cad3")]


def distribution(q: QuestionResult) -> list[tuple[str, int, str, str]]:
    """(label, count, width %, CSS class) for each non-empty answer bucket."""
    total = sum(q.distribution.values()) or 1
    return [
        (label, q.distribution[key], f"{100 * q.distribution[key] / total:.1f}%", f"c-{key}")
        for key, label in DISTRIBUTION_KEYS
        if q.distribution.get(key, 0)
    ]


def answer_view(q: QuestionResult, single: bool) -> AnswerView:
    """One appendix entry."""
    return AnswerView(
        id=q.id,
        text=q.text,
        answer=answer_text(q, single),
        unknown=q.unknown_share >= (1.0 if single else 0.5),
        spread=None if single or q.spread is None else f"{q.spread:.2f}",
        consensus=q.consensus_note,
        distribution=[] if single else distribution(q),
        notes=[evidence_view(n) for n in q.notes],
    )


def appendix(results: Results) -> list[DimensionAnswers]:
    """Every question, grouped by dimension in questionnaire order."""
    single = len(results.respondents) == 1
    return [
        DimensionAnswers(
            name=d.name,
            questions=[answer_view(q, single) for q in results.questions if q.dimension == d.id],
        )
        for d in results.dimensions
    ]


def respondent_rows(results: Results) -> list[tuple[str, str, int, int]]:
    """(name, role, scored answers, don't knows) of each respondent."""
    return [
        (r.name or "Name withheld", ROLE_NOUNS[r.role][0], r.answered, r.unknown)
        for r in results.respondents
    ]
