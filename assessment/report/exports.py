"""Machine-readable exports of results: JSON, and CSV for spreadsheet tools.

CSV choices: comma-separated, '.' as the decimal point, CRLF line ends (RFC 4180) and a
UTF-8 byte-order mark, so Excel, LibreOffice and Numbers all read accents correctly. Text
cells that a spreadsheet would run as a formula (starting with = + - @) get a leading
apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence

from assessment.engine.applicability import skipped
from assessment.model.questionnaire import Bundle, Responses
from assessment.model.results import Results
from assessment.model.vocabulary import NOT_APPLICABLE

BOM = "\ufeff"
ANSWER_COLUMNS = (
    "respondent_no",
    "respondent",
    "role",
    "organisation",
    "dimension",
    "question_id",
    "question",
    "answer",
    "answer_label",
    "note",
)
SUMMARY_COLUMNS = (
    "dimension_id",
    "dimension",
    "score",
    "level",
    "label",
    "answered",
    "unknown",
    "unanswered",
    "total",
    "not_applicable",
)
Cell = str | int | float | None


def results_json(results: Results) -> str:
    """The results JSON (DESIGN.md section 5), indented, UTF-8 text."""
    return json.dumps(results.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def _cell(value: Cell) -> str | int | float:
    """A CSV cell; text that spreadsheets would evaluate is defused."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    if isinstance(value, float):
        return round(value, 2)
    return value


def _csv(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """Rows as CSV text with a byte-order mark."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return BOM + out.getvalue()


def _answer_label(bundle: Bundle, question_id: str, answer: int | str | None) -> str:
    """The anchored option text of an answer, or a plain word for the other cases."""
    if answer is None:
        return "Not answered"
    if answer == "unknown":
        return "Don't know"
    if answer == NOT_APPLICABLE:
        return "Not applicable"
    for option in bundle.questionnaire.question(question_id).options:
        if option.level == answer:
            return option.label
    return ""


def answer_rows(
    results: Results, bundle: Bundle, responses: Sequence[Responses]
) -> list[list[Cell]]:
    """One row per respondent and question, in questionnaire order."""
    names = [r.name for r in results.respondents]
    rows: list[list[Cell]] = []
    for n, resp in enumerate(responses, start=1):
        # The results decide whether names are shown; a withheld name stays withheld.
        name = names[n - 1] if len(names) == len(responses) else resp.respondent.name
        role = shown_role(results, resp.respondent.role)
        # An answer to a question that does not apply to this respondent is not counted.
        out = skipped(bundle.questionnaire, resp.answers)
        for dim in bundle.questionnaire.dimensions:
            for q in dim.questions:
                answer = NOT_APPLICABLE if q.id in out else resp.answers.get(q.id)
                rows.append(
                    [n, name or f"Respondent {n}", role, resp.organisation,
                     dim.id, q.id, q.text, answer, _answer_label(bundle, q.id, answer),
                     resp.notes.get(q.id)]
                )  # fmt: skip
    return rows


def shown_role(results: Results, role: str) -> str | None:
    """The role as the results show it: a role below the anonymity threshold is given as the
    group it is counted in ("other"), or left blank when it is in none."""
    a = results.anonymity
    if a is None:
        return role
    if role in a.merged:
        return "other"
    return None if role in a.hidden else role


def results_csv(results: Results, bundle: Bundle, responses: Sequence[Responses]) -> str:
    """Every answer: one row per respondent and question, with role, level and note."""
    return _csv(ANSWER_COLUMNS, answer_rows(results, bundle, responses))


def summary_csv(results: Results) -> str:
    """One row per dimension and one for the overall score; a column per role if several."""
    roles = results.roles or []
    header = [*SUMMARY_COLUMNS, *(f"score_{r.role}" for r in roles)]
    rows: list[list[Cell]] = [
        [d.id, d.name, d.score, d.level, d.label, d.answered, d.unknown, d.unanswered, d.total,
         d.not_applicable, *(r.dimensions.get(d.id) for r in roles)]
        for d in results.dimensions
    ]  # fmt: skip
    o = results.overall
    rows.append(["overall", "Overall", o.score, o.level, o.label, None, None, None, None, None,
                 *(r.overall.score for r in roles)])  # fmt: skip
    return _csv(header, rows)
