"""Typed models of questionnaires, the peril catalogue, rules and responses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from assessment.model.vocabulary import ID_PATTERN, LEVELS

Role = Literal["executive", "manager", "frontline", "it", "other"]
Severity = Literal["critical", "high", "medium"]
Phase = Literal["strategy", "process", "people", "technology"]
DimensionId = Literal["strategy", "customer-focus", "process", "people", "technology"]
Level = Annotated[int, Field(ge=1, le=5)]
Given = Level | Literal["unknown"]  # an answer that counts: a level or don't know
Answer = Level | Literal["unknown", "n/a"]
Identifier = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=80),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class Strict(BaseModel):
    """Base model: unknown keys are errors and instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# --------------------------------------------------------------------------- rules


class RoleGap(Strict):
    """Gap between two groups of roles on one question, one dimension or the overall score."""

    higher: list[Role] = Field(min_length=1, description="Roles expected to rate higher.")
    lower: list[Role] = Field(min_length=1, description="Roles expected to rate lower.")
    question: Identifier | None = None
    dimension: DimensionId | Literal["overall"] | None = None
    at_least: float = Field(
        gt=0,
        description="Minimum gap: answer levels for a question, score points (0-100) otherwise.",
    )

    @model_validator(mode="after")
    def _one_target(self) -> RoleGap:
        if (self.question is None) == (self.dimension is None):
            raise ValueError("give exactly one of 'question' or 'dimension'")
        return self


# Condition fields: the kinds of node, and the operators each kind of leaf takes.
NODE_KINDS = ("all_", "any_", "not_", "question", "dimension", "share", "role_gap")
LEAF_OPERATORS: dict[str, tuple[str, ...]] = {
    "question": ("lte", "gte", "in_", "unknown"),
    "dimension": ("score_lt", "score_gte", "level_lte", "level_gte"),
    "share": ("at_least",),
}
OPERAND_FIELDS = (*(f for ops in LEAF_OPERATORS.values() for f in ops), "roles")


class Condition(Strict):
    """One node of a declarative rule tree; exactly one kind of node per mapping.

    Kinds: ``all`` / ``any`` (lists of conditions), ``not`` (one condition),
    a question leaf (``question`` with ``lte``, ``gte``, ``in`` or ``unknown``),
    a dimension leaf (``dimension`` with ``score_lt``, ``score_gte``, ``level_lte`` or
    ``level_gte``), ``share`` (the fraction of respondents meeting a question leaf is at
    least ``at_least``) and ``role_gap``.
    """

    all_: list[Condition] | None = Field(default=None, alias="all", min_length=1)
    any_: list[Condition] | None = Field(default=None, alias="any", min_length=1)
    not_: Condition | None = Field(default=None, alias="not")
    question: Identifier | None = None
    lte: Level | None = None
    gte: Level | None = None
    in_: list[Level] | None = Field(default=None, alias="in", min_length=1)
    unknown: bool | None = None
    dimension: DimensionId | Literal["overall"] | None = None
    score_lt: float | None = Field(default=None, ge=0, le=100)
    score_gte: float | None = Field(default=None, ge=0, le=100)
    level_lte: Level | None = None
    level_gte: Level | None = None
    share: Condition | None = None
    at_least: float | None = Field(default=None, gt=0, le=1)
    roles: list[Role] | None = Field(default=None, min_length=1)
    role_gap: RoleGap | None = None

    @property
    def kind(self) -> str:
        """The node kind: all, any, not, question, dimension, share or role_gap."""
        kinds = self._kinds()
        return kinds[0].rstrip("_") if kinds else "invalid"

    def _kinds(self) -> list[str]:
        """The node-kind fields that are set (exactly one in a valid condition)."""
        return [k for k in NODE_KINDS if getattr(self, k) is not None]

    @model_validator(mode="after")
    def _one_kind(self) -> Condition:
        kinds = self._kinds()
        if len(kinds) != 1:
            raise ValueError(
                "a condition needs exactly one of all, any, not, question, dimension, share, "
                f"role_gap (found {', '.join(k.rstrip('_') for k in kinds) or 'none'})"
            )
        ops = LEAF_OPERATORS
        allowed = set(ops.get(kinds[0], ()))
        if kinds[0] == "share":
            allowed.add("roles")
        used = [f for f in OPERAND_FIELDS if getattr(self, f) is not None]
        stray = [f.rstrip("_") for f in used if f not in allowed]
        if stray:
            raise ValueError(f"'{', '.join(stray)}' cannot be used in a {kinds[0]} condition")
        if kinds[0] in ops and len(used) - (1 if "roles" in used else 0) != 1:
            names = ", ".join(o.rstrip("_") for o in ops[kinds[0]])
            raise ValueError(f"a {kinds[0]} condition needs exactly one of {names}")
        if kinds[0] == "share" and self.share is not None and self.share.kind != "question":
            raise ValueError("'share' takes a question condition")
        return self


class PerilRule(Strict):
    """Maps a catalogue peril to this questionnaire's answers."""

    peril: Identifier
    when: Condition
    explain: Text | None = Field(default=None, description="Plain-words reading of the rule.")
    only_where_asked: bool = Field(
        default=False,
        description=(
            "True when the peril is meant to fire only where the questions with applies_when "
            "that it reads apply (the linter then does not report it)."
        ),
    )


# ------------------------------------------------------------------ questionnaire


class Option(Strict):
    """A behaviourally anchored answer: what the organisation actually does at this level."""

    level: Level
    label: Text
    former_labels: list[Text] = Field(
        default_factory=list,
        description="Earlier wordings of this option, still accepted from survey exports.",
    )

    def matches(self, normalised: str, normalise: Callable[[str], str]) -> bool:
        """True when a normalised cell is this option's label or one of its former labels."""
        return any(normalise(t) == normalised for t in (self.label, *self.former_labels))


class Question(Strict):
    """One question with five anchored options."""

    id: Identifier
    text: Text
    help: Text = Field(description="Why this matters, in one to three sentences.")
    weight: float = Field(default=1.0, gt=0, le=10)
    roles: list[Role] = Field(default_factory=lambda: list(get_args(Role)))
    options: list[Option] = Field(min_length=5, max_length=5)
    allow_unknown: bool = True
    allow_not_applicable: bool = Field(
        default=False, description="True when 'not applicable' (n/a) may be answered."
    )
    applies_when: Condition | None = Field(
        default=None,
        description="Asked only when this holds on earlier answers (question leaves only).",
    )
    informational: bool = Field(
        default=False, description="True when the question feeds no peril on purpose."
    )

    @model_validator(mode="after")
    def _levels(self) -> Question:
        if sorted(o.level for o in self.options) != list(LEVELS):
            raise ValueError("options must have the levels 1, 2, 3, 4 and 5 once each")
        return self


class Dimension(Strict):
    """One of the five readiness dimensions and its questions."""

    id: DimensionId
    name: Text
    description: Text | None = None
    questions: list[Question] = Field(min_length=1)


class Questionnaire(Strict):
    """A questionnaire file: dimensions, questions and peril rules."""

    schema_: str | None = Field(default=None, alias="$schema", exclude=True)
    id: Identifier
    version: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    title: Text
    description: Text | None = None
    perils_file: str = Field(
        default="perils.yaml", description="Peril catalogue, relative to this file."
    )
    dimensions: list[Dimension] = Field(min_length=1)
    rules: list[PerilRule] = Field(default_factory=list)

    def questions(self) -> list[Question]:
        """Every question in file order."""
        return [q for d in self.dimensions for q in d.questions]

    def question(self, question_id: str) -> Question:
        """The question with this id (KeyError if absent)."""
        for q in self.questions():
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def dimension_of(self, question_id: str) -> str:
        """The id of the dimension holding this question."""
        for d in self.dimensions:
            if any(q.id == question_id for q in d.questions):
                return d.id
        raise KeyError(question_id)


# ----------------------------------------------------------------- peril catalogue


class Peril(Strict):
    """A known failure peril of CRM programmes."""

    id: Identifier
    name: Text
    description: Text
    source: Text = Field(description="The idea it comes from: a source article or framework.")
    severity: Severity
    blocking: bool = Field(description="True when it blocks a software purchase.")
    phase: Phase = Field(description="Roadmap phase its remedy belongs to.")
    warning_signs: list[Text] = Field(default_factory=list)
    remedy: Text = Field(description="What to do before buying software, and who does it.")


class PerilCatalogue(Strict):
    """The shared peril catalogue file."""

    schema_: str | None = Field(default=None, alias="$schema", exclude=True)
    id: Identifier
    version: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    perils: list[Peril] = Field(min_length=1)

    def get(self, peril_id: str) -> Peril:
        """The peril with this id (KeyError if absent)."""
        for p in self.perils:
            if p.id == peril_id:
                return p
        raise KeyError(peril_id)


class Bundle(Strict):
    """A loaded questionnaire with its catalogue and the hash of its source."""

    questionnaire: Questionnaire
    catalogue: PerilCatalogue
    source: str = Field(description="Path of the questionnaire file.")
    sha256: str = Field(description="Hash of the questionnaire and catalogue bytes.")


# ------------------------------------------------------------------------ responses


class Respondent(Strict):
    """Who answered."""

    name: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None
    role: Role = "other"


class Responses(Strict):
    """One respondent's answers (DESIGN.md section 4)."""

    questionnaire: Identifier
    respondent: Respondent = Field(default_factory=Respondent)
    organisation: (
        Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None
    ) = None
    answers: dict[str, Answer] = Field(default_factory=dict)
    notes: dict[str, Annotated[str, StringConstraints(max_length=5000)]] = Field(
        default_factory=dict
    )
    source: str | None = Field(default=None, exclude=True, description="File it came from.")


Condition.model_rebuild()
