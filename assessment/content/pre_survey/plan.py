"""The ordered items of the pre-survey, shared by every format: one place for codes and order.

The survey asks "What is your role?" first (code ``role``, required; choices are the role ids
in ``ROLES`` order, labelled as ``ROLE_NAMES`` writes them), then an optional "Your name"
(code ``name``), then every question in questionnaire order, coded by its question id. A
question's choices are its five option labels in level order, coded ``1``..``5``, followed,
when the question allows it, by "Don't know / not visible to me" coded ``unknown`` (number 6
for tools that need numeric codes), and by "Not applicable here" coded ``na`` (number 7) where
the question allows that.

A question's ``roles`` ("asked of") is carried along for formats that can show it, never used
to hide a question, because the engine scores an answer from any role. A question with an
``applies_when`` carries when to skip it (``skip``, the answer tests, and ``skip_text``, the
sentence), which each format writes as its tool can take it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from assessment.content.skips import Expr, skip_sentences, skip_tests
from assessment.model.errors import ContentError, Problem
from assessment.model.questionnaire import Question, Questionnaire
from assessment.model.vocabulary import (
    DONT_KNOW_LABEL,
    NOT_APPLICABLE,
    NOT_APPLICABLE_LABEL,
    ROLE_NAMES,
    ROLES,
    UNKNOWN,
)

ROLE_CODE = "role"
NAME_CODE = "name"
ROLE_TEXT = "What is your role?"
NAME_TEXT = "Your name"
UNKNOWN_NUMBER = 6  # the numeric code of "don't know" where a tool needs numbers
NA_CODE = "na"  # "not applicable" as a choice code (a valid name in every tool)
NA_NUMBER = 7


def skip_choice(code: str) -> tuple[str, int]:
    """The choice code and number of an answer code in skip tests ('1'..'5', unknown, n/a)."""
    if code == UNKNOWN:
        return UNKNOWN, UNKNOWN_NUMBER
    if code == NOT_APPLICABLE:
        return NA_CODE, NA_NUMBER
    return code, int(code)


ItemKind = Literal["role", "name", "question"]


@dataclass(frozen=True)
class Choice:
    """One answer choice: its code (``1``..``5``, ``unknown`` or a role id), number and label."""

    code: str
    number: int
    label: str


@dataclass(frozen=True)
class Item:
    """One survey question, in the order the survey asks it."""

    kind: ItemKind
    code: str  # the question id for questionnaire questions
    text: str
    help: str
    required: bool
    choices: tuple[Choice, ...]  # empty for the free-text name question
    group: str  # the dimension's name ("About you" for role and name)
    asked_of: tuple[str, ...]  # the roles the question is meant for (all roles for role/name)
    skip: Expr | None = None  # when to skip it (from applies_when), None when always asked
    skip_text: str = ""  # the same in words: "Skip this question if ..."

    @property
    def allows_unknown(self) -> bool:
        """True when one of the choices is "don't know"."""
        return any(c.code == UNKNOWN for c in self.choices)

    @property
    def allows_not_applicable(self) -> bool:
        """True when one of the choices is "not applicable"."""
        return any(c.code == NA_CODE for c in self.choices)


@dataclass(frozen=True)
class Plan:
    """The pre-survey of one questionnaire."""

    questionnaire: str
    title: str
    version: str
    description: str
    items: tuple[Item, ...]

    def questions(self) -> list[Item]:
        """The questionnaire's questions (not the role and name questions)."""
        return [i for i in self.items if i.kind == "question"]

    def groups(self) -> list[tuple[str, list[Item]]]:
        """Items grouped by consecutive group name, in order."""
        out: list[tuple[str, list[Item]]] = []
        for item in self.items:
            if not out or out[-1][0] != item.group:
                out.append((item.group, []))
            out[-1][1].append(item)
        return out


ABOUT_YOU = "About you"


def role_choices() -> tuple[Choice, ...]:
    """The role question's choices, in ROLES order, numbered 1..5."""
    return tuple(Choice(r, n, ROLE_NAMES[r].label) for n, r in enumerate(ROLES, start=1))


def question_choices(q: Question) -> tuple[Choice, ...]:
    """A question's options in level order, then "don't know" when the question allows it."""
    options = tuple(
        Choice(str(o.level), o.level, o.label) for o in sorted(q.options, key=lambda o: o.level)
    )
    if q.allow_unknown:
        options += (Choice(UNKNOWN, UNKNOWN_NUMBER, DONT_KNOW_LABEL),)
    if q.allow_not_applicable:
        options += (Choice(NA_CODE, NA_NUMBER, NOT_APPLICABLE_LABEL),)
    return options


def survey_plan(questionnaire: Questionnaire) -> Plan:
    """The ordered survey items of a questionnaire (ContentError if a question id is taken)."""
    clash = [q.id for q in questionnaire.questions() if q.id in (ROLE_CODE, NAME_CODE)]
    if clash:
        raise ContentError(
            [
                Problem(
                    questionnaire.id,
                    None,
                    None,
                    f"questions.{qid}",
                    f"the question id '{qid}' is the pre-survey's own {qid} question",
                    hint="rename the question to make a pre-survey",
                )
                for qid in clash
            ]
        )
    items = [
        Item("role", ROLE_CODE, ROLE_TEXT, "", True, role_choices(), ABOUT_YOU, ROLES),
        Item("name", NAME_CODE, NAME_TEXT, "", False, (), ABOUT_YOU, ROLES),
    ]
    skips, sentences = skip_tests(questionnaire), skip_sentences(questionnaire)
    for dimension in questionnaire.dimensions:
        for q in dimension.questions:
            items.append(
                Item(
                    "question",
                    q.id,
                    q.text,
                    q.help,
                    False,
                    question_choices(q),
                    dimension.name,
                    tuple(r for r in ROLES if r in q.roles),
                    skips.get(q.id),
                    sentences.get(q.id, ""),
                )
            )
    return Plan(
        questionnaire.id,
        questionnaire.title,
        questionnaire.version,
        questionnaire.description or "",
        tuple(items),
    )


def one_line(text: str) -> str:
    """Text on one line, runs of white space made one space (for line-based formats)."""
    return " ".join(text.split())
