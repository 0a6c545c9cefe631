"""Coded cells: a mapping file for question-code exports, and cell -> level or role.

A mapping file (YAML) names, for an export whose headers are question codes and whose cells
are answer codes, which column is which question and what each code means::

    questionnaire: executive-quick-check      # optional; must match when given
    role_column: role                         # optional, else found by header words
    name_column: name                         # optional
    free_text_columns: [comment]              # optional: set aside, reported as ignored
    columns: {Q01: customer-strategy, ...}    # column code -> question id
    answers: {A1: 1, ..., A5: 5, A6: unknown} # answer code -> level or unknown
    roles: {A1: executive, ...}               # role code -> role id

Every problem in it is reported with its line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assessment.content.survey.words import normalise, parse_role
from assessment.content.validate import key_hint
from assessment.content.yamldoc.source import Document, parse_bytes, read_source
from assessment.model.errors import ContentError, Problem
from assessment.model.questionnaire import Answer, Bundle, Question
from assessment.model.vocabulary import (
    NOT_APPLICABLE,
    ROLES,
    UNKNOWN,
    did_you_mean,
    is_dont_know,
    is_not_applicable,
)

MAPPING_KEYS = [
    "format", "questionnaire", "role_column", "name_column", "organisation_column",
    "free_text_columns", "columns", "answers", "roles",
]  # fmt: skip
QUALTRICS_DONT_KNOW = "6"
QUALTRICS_NOT_APPLICABLE = "7"  # the generated survey fixes each choice's number


@dataclass(frozen=True)
class Mapping:
    """A checked mapping file; header keys are compared case-folded."""

    source: str
    columns: dict[str, str] = field(default_factory=dict)
    answers: dict[str, Answer] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    role_column: str | None = None
    name_column: str | None = None
    organisation_column: str | None = None
    free_text: frozenset[str] = frozenset()


def load_mapping(path: Path, bundle: Bundle) -> Mapping:
    """Read and check a mapping file; a ContentError with every problem otherwise."""
    raw, problems = read_source(path)
    doc, found = parse_bytes(raw, str(path)) if raw is not None else (None, [])
    problems += found
    if doc is None or problems:
        raise ContentError(problems or [Problem(str(path), None, None, "", "cannot read")])
    if not isinstance(doc.data, dict):
        raise ContentError([doc.problem((), "a mapping file must be a mapping of keys")])
    problems = _check_keys(doc, bundle)
    ids = [q.id for q in bundle.questionnaire.questions()]
    columns = _table(doc, "columns", problems, lambda v: v if v in ids else None, ids)
    answers = _table(doc, "answers", problems, _level, ["1", "2", "3", "4", "5", UNKNOWN])
    roles = _table(doc, "roles", problems, lambda v: v if v in ROLES else None, list(ROLES))
    texts = doc.data.get("free_text_columns") or []
    if not isinstance(texts, list) or not all(isinstance(t, str | int) for t in texts):
        problems.append(doc.problem(("free_text_columns",), "give a list of column headers"))
        texts = []
    if problems:
        raise ContentError(problems)
    return Mapping(
        str(path),
        columns,
        answers,
        roles,
        role_column=_text(doc.data.get("role_column")),
        name_column=_text(doc.data.get("name_column")),
        organisation_column=_text(doc.data.get("organisation_column")),
        free_text=frozenset(normalise(str(t)) for t in texts),
    )


def _text(value: Any) -> str | None:
    return normalise(str(value)) if value is not None else None


def _check_keys(doc: Document, bundle: Bundle) -> list[Problem]:
    problems: list[Problem] = []
    for key in doc.data:
        if key not in MAPPING_KEYS:
            hint = key_hint(str(key), MAPPING_KEYS)
            problems.append(doc.problem((key,), f"unknown key '{key}'", hint, key=True))
    given = doc.data.get("questionnaire")
    if given is not None and given != bundle.questionnaire.id:
        msg = f"this mapping is for '{given}', not '{bundle.questionnaire.id}'"
        problems.append(doc.problem(("questionnaire",), msg))
    for key in ("role_column", "name_column", "organisation_column"):
        if doc.data.get(key) is not None and not isinstance(doc.data[key], str | int):
            problems.append(doc.problem((key,), "give one column header"))
    return problems


def _level(value: str) -> Answer | None:
    if is_dont_know(value):
        return "unknown"
    if is_not_applicable(value):
        return "n/a"
    return int(value) if value.isdigit() and 1 <= int(value) <= 5 else None


def _table(doc: Document, key: str, problems: list[Problem], check: Any, allowed: list[str]) -> Any:
    """``key``'s code -> value table, each value checked (None from ``check`` = wrong)."""
    data = doc.data.get(key)
    if data is None:
        return {}
    if not isinstance(data, dict):
        problems.append(doc.problem((key,), "give a mapping of code: value"))
        return {}
    out: dict[str, Any] = {}
    for code, value in data.items():
        got = check(str(value).strip()) if isinstance(value, str | int) else None
        if got is None:
            hint = did_you_mean(str(value), allowed) or f"use one of {', '.join(allowed)}"
            problems.append(doc.problem((key, code), f"'{value}' is not allowed here", hint))
        else:
            out[normalise(str(code)) if key == "columns" else str(code).strip()] = got
    return out


def decode_level(
    value: str, question: Question, *, numeric: bool, mapping: Mapping | None
) -> tuple[Answer | None, str | None]:
    """An answer from a cell (None when blank), or the reason it is not one."""
    text = normalise(value)
    if not text:
        return None, None
    answer: Answer | None = None
    if mapping is not None and value.strip() in mapping.answers:
        answer = mapping.answers[value.strip()]
    elif is_dont_know(text) or (numeric and text == QUALTRICS_DONT_KNOW and question.allow_unknown):
        answer = "unknown"
    elif is_not_applicable(text) or (
        numeric and question.allow_not_applicable and text == QUALTRICS_NOT_APPLICABLE
    ):
        answer = "n/a"
    elif text.isdigit() and 1 <= int(text) <= 5:
        answer = int(text)
    else:
        answer = next((o.level for o in question.options if o.matches(text, normalise)), None)
    if answer == UNKNOWN and not question.allow_unknown:
        return None, 'this question does not accept "don\'t know"; give a level from 1 to 5'
    if answer == NOT_APPLICABLE and not question.allow_not_applicable:
        return None, 'this question does not accept "not applicable"; give a level from 1 to 5'
    if answer is None:
        why = f"'{value.strip()}' is not a level; give 1 to 5, an option label or \"don't know\""
        if mapping is not None:
            why = f"'{value.strip()}' is not a level nor a code under 'answers' in {mapping.source}"
        return None, why
    return answer, None


def decode_role(value: str, *, numeric: bool, mapping: Mapping | None) -> str | None:
    """A role id from a cell: mapping codes, the tool's numeric codes, or role words."""
    text = value.strip()
    if mapping is not None and text in mapping.roles:
        return mapping.roles[text]
    if numeric and text.isdigit() and 1 <= int(text) <= len(ROLES):
        return ROLES[int(text) - 1]
    return parse_role(text)
