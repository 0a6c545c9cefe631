"""The report's appendix: every answer by dimension, and who answered."""

from __future__ import annotations

from dataclasses import dataclass

from assessment.model.results import QuestionResult, Results
from assessment.model.vocabulary import LEVELS, NOT_APPLICABLE, ROLE_NAMES, UNKNOWN
from assessment.report.charts import level_colour
from assessment.report.documented import documented
from assessment.report.text import EvidenceView, evidence_view, level_text


@dataclass(frozen=True)
class Bucket:
    """One answer bucket of a question's distribution bar (only non-empty buckets)."""

    label: str = documented(
        "What the bucket holds: 'Level 3', 'Don't know', 'Not applicable', 'Not answered'."
    )
    count: int = documented("How many respondents gave this answer.")
    width: str = documented("The bucket's share of the bar as a CSS width: '37.5%'.")
    css: str = documented("The CSS class that colours the bucket: 'c-3', 'c-unknown'.")


@dataclass(frozen=True)
class BucketColour:
    """The colour of one answer bucket, for the stylesheet."""

    key: str = documented("The bucket: a level '1'..'5', 'unknown', 'na' or 'unanswered'.")
    colour: str = documented("Its colour as #RRGGBB (levels use the maturity level colours).")


@dataclass(frozen=True)
class AnswerView:
    """One question in the appendix."""

    id: str = documented("The question id (for the q-<id> anchor).")
    text: str = documented("The question text.")
    answer: str = documented(
        "The answer in words: 'Level 3: ...', 'Mean level 2.4 from 11 answers', 'Agreed level 2'."
    )
    unknown: bool = documented(
        "True when the question reads as unknown (all, or with several respondents half, said so)."
    )
    spread: str | None = documented(
        "Standard deviation of the levels with two decimals (several respondents), else None."
    )
    consensus: str | None = documented("The workshop's note on its agreed answer, or None.")
    distribution: list[Bucket] = documented(
        "The non-empty answer buckets of several respondents; empty for a single respondent."
    )
    notes: list[EvidenceView] = documented("Respondents' notes on the question.")


@dataclass(frozen=True)
class DimensionAnswers:
    """The appendix block of one dimension."""

    name: str = documented("The dimension name.")
    questions: list[AnswerView] = documented("Its questions in questionnaire order.")


@dataclass(frozen=True)
class RespondentRow:
    """One respondent in the appendix's table of who answered."""

    name: str = documented("The respondent's name, or 'Name withheld'.")
    role: str = documented("The respondent's role as a noun: 'executive', 'IT specialist'.")
    answered: int = documented("How many questions they answered with a level.")
    unknown: int = documented("How many questions they answered 'don't know'.")
    unanswered: int = documented("How many questions they did not answer.")
    not_applicable: int = documented(
        "How many questions did not apply to them (skipped, or answered 'not applicable')."
    )


def answer_text(q: QuestionResult, single: bool) -> str:
    """The answer of one respondent, or the mean of several."""
    known = sum(q.distribution.get(str(level), 0) for level in LEVELS)
    if q.consensus is not None:
        return f"Agreed level {q.consensus}" + (f": {q.answer_label}" if q.answer_label else "")
    if single:
        if q.distribution.get("unknown"):
            return "Don't know / not visible"
        if q.distribution.get(NOT_APPLICABLE):
            return "Not applicable"
        if q.level is None:
            return "Not answered"
        return (
            f"Level {q.level:.0f}: {q.answer_label}" if q.answer_label else f"Level {q.level:.0f}"
        )
    if q.level is None:
        return "Not applicable" if not_applicable_to_all(q) else "No level given"
    return f"Mean level {level_text(q.level)} from {known} answers"


def not_applicable_to_all(q: QuestionResult) -> bool:
    """Whether the question applied to none of the respondents."""
    na = q.distribution.get(NOT_APPLICABLE, 0)
    return na > 0 and na == sum(q.distribution.values())


DISTRIBUTION_KEYS: tuple[tuple[str, str], ...] = (
    *((str(level), f"Level {level}") for level in LEVELS),
    (UNKNOWN, "Don't know"),
    (NOT_APPLICABLE, "Not applicable"),
    ("unanswered", "Not answered"),
)


def css_key(key: str) -> str:
    """A distribution key as it can stand in a CSS class ('n/a' -> 'na')."""
    return key.replace("/", "")


def bucket_colours() -> list[BucketColour]:
    """The colour of each answer bucket, for the distribution bars' CSS classes."""
    levels = [BucketColour(str(k), level_colour(k)) for k in LEVELS]
    return [
        *levels,
        BucketColour(UNKNOWN, "#6b7280"),
        BucketColour(css_key(NOT_APPLICABLE), "#e5e7eb"),
        BucketColour("unanswered", "#c4cad3"),
    ]


def distribution(q: QuestionResult) -> list[Bucket]:
    """Each non-empty answer bucket with its count, bar width and CSS class."""
    total = sum(q.distribution.values()) or 1
    return [
        Bucket(
            label,
            q.distribution[key],
            f"{100 * q.distribution[key] / total:.1f}%",
            f"c-{css_key(key)}",
        )
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


def respondent_rows(results: Results) -> list[RespondentRow]:
    """Each respondent's name, role, and how many questions they answered, answered don't
    know, did not answer, and were not applicable to them."""
    total = sum(d.total for d in results.dimensions)
    return [
        RespondentRow(
            r.name or "Name withheld",
            ROLE_NAMES[r.role].one,
            r.answered,
            r.unknown,
            max(total - r.answered - r.unknown - r.not_applicable, 0),
            r.not_applicable,
        )
        for r in results.respondents
    ]
