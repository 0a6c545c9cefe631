"""The pre-survey as a LimeSurvey tab-separated survey structure (.txt, "Import survey").

Columns as LimeSurvey's own TSV export writes them (``id``, ``related_id``, ``class``,
``type/scale``, ``name``, ``relevance``, ``text``, ``help``, ``language``, ``validation``,
``mandatory``, ``other``, ``default``, ``same_default``); rows ``S``/``SL`` (survey settings
and title), ``G`` (a group: "About you", then one per dimension), ``Q`` (type ``L``, a radio
list, or ``S``, short free text) and ``A`` (its answers, ``name`` = the answer code).

LimeSurvey question codes must be letters and digits starting with a letter (at most 20),
so questions are coded ``Q01``, ``Q02``... in questionnaire order (``role`` and ``name`` keep
theirs), and answers ``A1``..``A5``, ``A6`` for "don't know" and ``A7`` for "not applicable"
(roles ``A1``..``A5`` in ROLES order). The mapping file the importer takes back
(``mapping_yaml``) says which is which. A question with an ``applies_when`` gets a relevance
equation, ``!(Q01.NAOK == "A1")``: asked unless an earlier answer rules it out.
Text is HTML in LimeSurvey: it is escaped, and line breaks become ``<br />``.
"""

from __future__ import annotations

import csv
import html
import io

import yaml

from assessment.content.pre_survey.plan import NA_CODE, ROLE_CODE, Item, Plan, skip_choice
from assessment.content.skips import Expr, Test
from assessment.model.vocabulary import NOT_APPLICABLE, UNKNOWN

COLUMNS = (
    "id",
    "related_id",
    "class",
    "type/scale",
    "name",
    "relevance",
    "text",
    "help",
    "language",
    "validation",
    "mandatory",
    "other",
    "default",
    "same_default",
)
LANGUAGE = "en"
MAPPING_FORMAT = "survey-export-mapping/1 (proposed)"


def question_codes(plan: Plan) -> dict[str, str]:
    """Plan code -> LimeSurvey question code (Q01.. for questions; role and name as they are)."""
    questions = plan.questions()
    width = max(2, len(str(len(questions))))
    codes = {i.code: i.code for i in plan.items if i.kind != "question"}
    codes.update({q.code: f"Q{n:0{width}d}" for n, q in enumerate(questions, start=1)})
    return codes


def answer_code(number: int) -> str:
    """LimeSurvey answer code of a choice number: A1.. (A6 is "don't know")."""
    return f"A{number}"


def _html(text: str) -> str:
    return html.escape(text.strip(), quote=False).replace("\r\n", "\n").replace("\n", "<br />")


def _row(cells: dict[str, str]) -> list[str]:
    return [cells.get(c, "") for c in COLUMNS]


def relevance(skip: Expr | None, codes: dict[str, str]) -> str:
    """A relevance equation: "1" (always asked), or asked unless the skip test holds."""
    return "1" if skip is None else f"!({_equation(skip, codes)})"


def _equation(expr: Expr, codes: dict[str, str]) -> str:
    if isinstance(expr, Test):
        q = codes[expr.question]
        tests = [f'{q}.NAOK == "{answer_code(skip_choice(c)[1])}"' for c in expr.codes]
        return " or ".join(tests) if len(tests) < 2 else f"({' or '.join(tests)})"
    return "(" + f" {expr.op} ".join(_equation(p, codes) for p in expr.parts) + ")"


def _question_rows(item: Item, code: str, codes: dict[str, str]) -> list[list[str]]:
    rows = [
        _row(
            {
                "class": "Q",
                "type/scale": "L" if item.choices else "S",
                "name": code,
                "relevance": relevance(item.skip, codes),
                "text": _html(item.text),
                "help": _html(item.help),
                "language": LANGUAGE,
                "mandatory": "Y" if item.required else "N",
                "other": "N",
                "same_default": "0",
            }
        )
    ]
    for c in item.choices:
        rows.append(
            _row(
                {
                    "class": "A",
                    "type/scale": "0",
                    "name": answer_code(c.number),
                    "text": _html(c.label),
                    "language": LANGUAGE,
                }
            )
        )
    return rows


def limesurvey_text(plan: Plan) -> str:
    """The tab-separated survey structure of the plan."""
    rows: list[list[str]] = [list(COLUMNS)]
    rows.append(_row({"class": "S", "name": "language", "text": LANGUAGE}))
    rows.append(_row({"class": "S", "name": "format", "text": "G"}))
    settings = {"surveyls_title": plan.title, "surveyls_description": plan.description}
    for name, text in settings.items():
        if text:
            rows.append(
                _row({"class": "SL", "name": name, "text": _html(text), "language": LANGUAGE})
            )
    codes = question_codes(plan)
    for n, (group, items) in enumerate(plan.groups(), start=1):
        rows.append(
            _row(
                {
                    "class": "G",
                    "type/scale": f"G{n}",
                    "name": _html(group),
                    "relevance": "1",
                    "language": LANGUAGE,
                }
            )
        )
        for item in items:
            rows += _question_rows(item, codes[item.code], codes)
    buf = io.StringIO()
    csv.writer(buf, delimiter="\t", lineterminator="\n").writerows(rows)
    return buf.getvalue()


def limesurvey_bytes(plan: Plan) -> bytes:
    """The survey structure as UTF-8 bytes."""
    return limesurvey_text(plan).encode("utf-8")


def mapping(plan: Plan) -> dict[str, object]:
    """What the importer needs to read a "question code / answer code" export of this survey."""
    codes = question_codes(plan)
    role = next(i for i in plan.items if i.kind == "role")
    answers: dict[str, object] = {}
    for q in plan.questions():
        for c in q.choices:
            answers[answer_code(c.number)] = (
                UNKNOWN
                if c.code == UNKNOWN
                else NOT_APPLICABLE
                if c.code == NA_CODE
                else int(c.code)
            )
    return {
        "format": MAPPING_FORMAT,
        "questionnaire": plan.questionnaire,
        "role_column": codes[ROLE_CODE],
        "name_column": codes["name"],
        "free_text_columns": [],
        "columns": {codes[q.code]: q.code for q in plan.questions()},
        "answers": dict(sorted(answers.items(), key=lambda kv: int(kv[0][1:]))),
        "roles": {answer_code(c.number): c.code for c in role.choices},
    }


def mapping_yaml(plan: Plan) -> str:
    """The mapping file (``--mapping FILE.yaml``) for a LimeSurvey export of this survey."""
    head = (
        f"# Mapping for LimeSurvey exports of the {plan.questionnaire} pre-survey\n"
        "# (Responses > Export: headings 'Question code', responses 'Answer codes').\n"
        "# columns: question code -> question id; answers: answer code -> level;\n"
        "# roles: answer code of the role question -> role. Written by crm-readiness survey.\n"
    )
    return head + yaml.safe_dump(mapping(plan), sort_keys=False, allow_unicode=True)
