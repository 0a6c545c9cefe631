"""Responses files (YAML or JSON, DESIGN.md section 4) -> Responses, checked against a bundle.

Readers are chosen by file suffix in ``RESPONSE_READERS``: survey-tool exports (``.csv``,
``.xlsx``) are read by ``content/survey``, with the ``SurveyOptions`` given to
``load_responses`` (columns to ignore, a mapping file, a sheet). A reader returns the
Responses it read and every problem found; ``check_responses`` does the checks for one
respondent's plain data, so a reader that builds a ``Document`` (data plus positions) gets
the same messages for free.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from assessment.content.survey.parse import SURVEY_SUFFIXES, SurveyOptions, read_survey_responses
from assessment.content.validate import allowed_keys, key_hint, limit_problems, validate_document
from assessment.content.yamldoc.source import Document, decode, parse_bytes, parse_text, read_source
from assessment.model.errors import ContentError, Problem
from assessment.model.questionnaire import Bundle, Question, Questionnaire, Responses
from assessment.model.vocabulary import (
    NOT_APPLICABLE,
    UNKNOWN,
    did_you_mean,
    is_dont_know,
    is_not_applicable,
)

ResponsesReader = Callable[[Path, Bundle], tuple[list[Responses], list[Problem]]]


def read_yaml_responses(path: Path, bundle: Bundle) -> tuple[list[Responses], list[Problem]]:
    """One respondent from a YAML file."""
    raw, problems = read_source(path)
    if raw is None:
        return [], problems
    doc, problems = parse_bytes(raw, str(path))
    return _checked(doc, problems, bundle)


def read_json_responses(path: Path, bundle: Bundle) -> tuple[list[Responses], list[Problem]]:
    """One respondent from a JSON file; JSON is read as YAML too, to learn positions."""
    raw, problems = read_source(path)
    if raw is None:
        return [], problems
    text, problems = decode(raw, str(path))
    if text is None:
        return [], problems
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        msg = f"JSON syntax error: {exc.msg}"
        hint = "JSON allows no comma before } or ]" if "property name" in exc.msg else None
        return [], [Problem(str(path), exc.lineno, exc.colno, "", msg, hint)]
    # Raw tabs in valid JSON can only be whitespace; YAML wants spaces (same columns).
    doc, problems = parse_text(text.replace("\t", " "), str(path))
    if doc is None:
        doc, problems = Document(str(path), data), []
    return _checked(doc, problems, bundle)


RESPONSE_READERS: dict[str, ResponsesReader] = {
    ".yaml": read_yaml_responses,
    ".yml": read_yaml_responses,
    ".json": read_json_responses,
    ".csv": read_survey_responses,
    ".xlsx": read_survey_responses,
}


def _checked(
    doc: Document | None, problems: list[Problem], bundle: Bundle
) -> tuple[list[Responses], list[Problem]]:
    """Check a parsed document unless it could not be read at all."""
    if doc is None:
        return [], problems
    responses, found = check_responses(doc, bundle)
    problems = problems + found
    return ([responses] if responses is not None and not problems else []), problems


def _files(path: Path) -> tuple[list[Path], list[Problem]]:
    """The file itself, or the responses files of a folder in name order."""
    if path.is_dir():
        files = sorted(
            f
            for f in path.iterdir()
            if f.is_file() and f.suffix.lower() in RESPONSE_READERS and not f.name.startswith(".")
        )
        if not files:
            kinds = ", ".join(sorted(RESPONSE_READERS))
            return [], [Problem(str(path), None, None, "", f"no responses files ({kinds}) here")]
        return files, []
    if not path.exists():
        return [], [Problem(str(path), None, None, "", "no such file or folder")]
    if path.suffix.lower() not in RESPONSE_READERS:
        kinds = ", ".join(sorted(RESPONSE_READERS))
        msg = f"cannot read '{path.suffix or 'no suffix'}' files; use {kinds}"
        return [], [Problem(str(path), None, None, "", msg)]
    return [path], []


def load_responses(
    paths: Sequence[str | Path], bundle: Bundle, survey: SurveyOptions | None = None
) -> list[Responses]:
    """Load responses from files or folders, all or nothing: every problem of every file is
    raised together in one ContentError. ``survey`` says how to read survey exports."""
    readers = RESPONSE_READERS
    if survey is not None:
        reader: ResponsesReader = partial(read_survey_responses, options=survey)
        readers = {**RESPONSE_READERS, **dict.fromkeys(SURVEY_SUFFIXES, reader)}
    out: list[Responses] = []
    problems: list[Problem] = []
    for ref in paths:
        files, found = _files(Path(ref))
        problems += found
        for file in files:
            read, found = readers[file.suffix.lower()](file, bundle)
            out += read
            problems += found
    if problems:
        raise ContentError(limit_problems(problems))
    return out


def check_responses(doc: Document, bundle: Bundle) -> tuple[Responses | None, list[Problem]]:
    """One respondent's Responses from plain data, or every problem in it."""
    if not isinstance(doc.data, dict):
        return None, [
            doc.problem((), "the file must be a mapping with 'questionnaire' and 'answers'")
        ]
    q = bundle.questionnaire
    data = {k: v for k, v in doc.data.items() if v is not None and k != "source"}
    problems = _check_header(doc, q)
    if isinstance(data.get("respondent"), dict):
        data["respondent"] = {k: v for k, v in data["respondent"].items() if v is not None}
    if isinstance(data.get("answers"), dict):
        data["answers"], found = _answers(doc, q)
        problems += found
    if isinstance(data.get("notes"), dict):
        data["notes"], found = _notes(doc, q)
        problems += found
    model, errors = validate_document(doc, Responses, data)
    problems += errors
    if model is None or problems:
        return None, problems
    return model.model_copy(update={"source": doc.file}), []


def _check_header(doc: Document, q: Questionnaire) -> list[Problem]:
    """The questionnaire id matches, and no key claims to be the internal 'source'."""
    problems: list[Problem] = []
    given = doc.data.get("questionnaire")
    if isinstance(given, str) and given != q.id:
        msg = f"these answers are for '{given}', not '{q.id}'"
        problems.append(doc.problem(("questionnaire",), msg))
    if "source" in doc.data:
        hint = key_hint("source", allowed_keys(Responses))
        problems.append(doc.problem(("source",), "unknown key 'source'", hint, key=True))
    return problems


def _answers(doc: Document, q: Questionnaire) -> tuple[dict[str, Any], list[Problem]]:
    """Known answers normalised (empty = unanswered), with a problem for each bad one."""
    ids = [x.id for x in q.questions()]
    out: dict[str, Any] = {}
    problems: list[Problem] = []
    for qid, value in doc.data["answers"].items():
        path = ("answers", qid)
        if qid not in ids:
            problems.append(
                doc.problem(path, f"unknown question '{qid}'", did_you_mean(qid, ids), key=True)
            )
        elif value is not None:
            answer, message = _answer(value, q.question(qid))
            if message:
                problems.append(doc.problem(path, message))
            else:
                out[qid] = answer
    return out, problems


def _answer(value: Any, question: Question) -> tuple[Any, str | None]:
    """A level 1-5, 'unknown' or 'n/a' from what was written, or the reason it is not one."""
    allow_unknown, allow_na = question.allow_unknown, question.allow_not_applicable
    extra = [w for w, ok in ((f"'{UNKNOWN}'", allow_unknown), ("'n/a'", allow_na)) if ok]
    choices = "a level from 1 to 5" + "".join(f" or {w}" for w in extra)
    if isinstance(value, str) and is_dont_know(value):
        if allow_unknown:
            return UNKNOWN, None
        return None, f"this question needs an answer; give {choices}"
    if isinstance(value, str) and is_not_applicable(value):
        if allow_na:
            return NOT_APPLICABLE, None
        return None, f"this question does not accept 'not applicable'; give {choices}"
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool):
        if 1 <= value <= 5:
            return value, None
        return None, f"level {value} is out of range; give {choices}"
    shown = repr(value) if isinstance(value, str | float) else str(value).lower()
    if isinstance(value, dict | list):
        shown = "a mapping" if isinstance(value, dict) else "a list"
    return None, f"expected {choices}, got {shown}"


def _notes(doc: Document, q: Questionnaire) -> tuple[dict[str, str], list[Problem]]:
    """Notes on known questions, as text; empty notes are dropped."""
    ids = [x.id for x in q.questions()]
    out: dict[str, str] = {}
    problems: list[Problem] = []
    for qid, value in doc.data["notes"].items():
        path = ("notes", qid)
        if qid not in ids:
            msg = f"note for an unknown question '{qid}'"
            problems.append(doc.problem(path, msg, did_you_mean(qid, ids), key=True))
        elif isinstance(value, dict | list):
            problems.append(doc.problem(path, "a note must be text"))
        elif value is not None:
            out[qid] = doc.plain.get(path, str(value))
    return out, problems
