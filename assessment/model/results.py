"""Typed results of an assessment: the stable results JSON contract (DESIGN.md section 5)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assessment.model.questionnaire import Answer, Phase, Role, Severity

VerdictStatus = Literal["ready", "conditional", "not_ready"]


class Out(BaseModel):
    """Base of result models: immutable, unknown keys rejected."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class QuestionnaireRef(Out):
    """Which questionnaire produced the results."""

    id: str
    version: str
    title: str
    sha256: str


class RespondentRef(Out):
    """A respondent as shown in results (name may be withheld)."""

    name: str | None = None
    role: Role
    answered: int = Field(description="Questions this respondent answered with a level.")
    unknown: int = Field(description="Questions this respondent answered 'don't know'.")
    not_applicable: int = Field(
        default=0, description="Questions not applicable to them (skipped, or answered n/a)."
    )


class Level(Out):
    """A score 0-100 with its maturity level 1-5 and label; None when nothing was answered."""

    score: float | None
    level: int | None
    label: str | None


class DimensionResult(Out):
    """Score and coverage of one dimension."""

    id: str
    name: str
    score: float | None
    level: int | None
    label: str | None
    answered: int = Field(description="Questions answered with a level ('answered').")
    unknown: int = Field(description="Questions answered 'don't know' (left out of the score).")
    unanswered: int = Field(description="Questions nobody answered ('not answered').")
    not_applicable: int = Field(
        default=0, description="Questions that applied to nobody ('not applicable')."
    )
    total: int


class Evidence(Out):
    """One fact that made a rule true, in machine and human form."""

    text: str = Field(description="Human-readable sentence.")
    question: str | None = None
    dimension: str | None = None
    respondent: str | None = None
    role: Role | None = None
    answer: Answer | None = None
    value: float | None = Field(default=None, description="Mean level, score, share or gap.")


class ClearStep(Out):
    """One answer change that, with the others of its set, clears a peril."""

    question: str
    text: str
    from_level: Answer | float | None = Field(
        description="The answer (one respondent) or the mean level (several) before the change."
    )
    to_level: int


class FiredPeril(Out):
    """A peril whose rule fired, with its evidence and remedy."""

    id: str
    name: str
    severity: Severity
    blocking: bool
    phase: Phase
    description: str
    remedy: str
    evidence: list[Evidence] = Field(min_length=1)
    clear_by: list[ClearStep] = Field(default_factory=list)


class Verdict(Out):
    """The purchase gate."""

    status: VerdictStatus
    label: str
    reasons: list[str]


class RoadmapItem(Out):
    """One remedy in the roadmap."""

    peril: str
    name: str
    severity: Severity
    remedy: str


class RoadmapPhase(Out):
    """A roadmap phase (strategy -> process -> people -> technology)."""

    phase: Phase
    name: str
    items: list[RoadmapItem]


class Note(Out):
    """A free-text note on a question."""

    text: str
    respondent: str | None = None
    role: Role | None = None


class QuestionResult(Out):
    """One question's answer (single respondent) or aggregate (several)."""

    id: str
    dimension: str
    text: str
    weight: float
    level: float | None = Field(description="The answer, or the mean level; consensus wins.")
    answer_label: str | None = None
    distribution: dict[str, int] = Field(
        description="Counts for '1'..'5', 'unknown', 'n/a' (not applicable), 'unanswered'."
    )
    unknown_share: float
    spread: float | None = None
    consensus: int | None = None
    consensus_note: str | None = None
    role_means: dict[str, float] = Field(default_factory=dict)
    notes: list[Note] = Field(default_factory=list)


class RoleResult(Out):
    """Scores of the respondents holding one role."""

    role: Role
    respondents: int
    overall: Level
    dimensions: dict[str, float | None]
    includes: list[Role] | None = Field(
        default=None,
        description="For a merged group: the roles it holds (groups below the threshold).",
    )


class DivergenceItem(Out):
    """How much respondents disagree on one question."""

    question: str
    text: str
    dimension: str
    spread: float = Field(description="Standard deviation of known levels.")
    max_gap: float = Field(description="Largest difference between two roles' mean levels.")
    high_role: Role | None = None
    low_role: Role | None = None
    priority: float = Field(description="Divergence x severity of the perils the question feeds.")


class Anonymity(Out):
    """How role groups were formed: none smaller than min_group is shown by itself."""

    min_group: int
    merged: list[Role] = Field(default_factory=list, description="Roles counted in 'other'.")
    hidden: list[Role] = Field(
        default_factory=list, description="Roles shown in no group (they count in the overall)."
    )
    note: str | None = Field(default=None, description="Why, in one or two sentences.")


class Results(Out):
    """Everything an assessment produces."""

    questionnaire: QuestionnaireRef
    organisation: str | None = None
    respondents: list[RespondentRef]
    overall: Level
    dimensions: list[DimensionResult]
    perils: list[FiredPeril]
    verdict: Verdict
    roadmap: list[RoadmapPhase]
    questions: list[QuestionResult]
    roles: list[RoleResult] | None = None
    divergence: list[DivergenceItem] | None = None
    anonymity: Anonymity | None = None
