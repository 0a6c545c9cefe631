"""The pre-survey as an XLSForm workbook (xlsform.org) for KoboToolbox, ODK or SurveyCTO.

Sheets ``survey`` (type, name, label, hint, required, relevant), ``choices`` (list_name, name,
label)
and ``settings`` (form_title, form_id, version). Field names are the plan's codes; a code
that is not a valid XML name (a question id starting with a digit) gets the prefix ``q_``.
Questions with the same options share one choice list, named after the first of them.
Choice names are the plan's codes: ``1``..``5``, ``unknown`` and ``na``; roles by their ids.
A question with an ``applies_when`` is ``relevant`` unless an earlier answer rules it out:
``not(${customer-records} = '1')``; a blank or "don't know" screening answer keeps it.
There are no groups, so an export's headers are the bare names whatever its group option.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import datetime

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from assessment.content.pre_survey.plan import ROLE_CODE, Item, Plan, one_line, skip_choice
from assessment.content.skips import Expr, Test

_XML_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_FIXED_TIME = datetime(2026, 1, 1)  # workbook properties: the same bytes for the same plan


def field_name(code: str) -> str:
    """The XLSForm name for a plan code (an XML name)."""
    return code if _XML_NAME.match(code) else f"q_{code}"


def choice_lists(plan: Plan) -> dict[str, str]:
    """Item code -> choice list name; items with identical choices share a list."""
    by_choices: dict[tuple[tuple[str, str], ...], str] = {}
    out: dict[str, str] = {}
    for item in plan.items:
        if not item.choices:
            continue
        key = tuple((c.code, c.label) for c in item.choices)
        name = ROLE_CODE if item.kind == "role" else field_name(item.code)
        out[item.code] = by_choices.setdefault(key, name)
    return out


def _row(ws: Worksheet, values: Sequence[str]) -> None:
    """Append a row of text cells (never formulas, whatever the text starts with)."""
    ws.append(list(values))
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def relevant(skip: Expr) -> str:
    """An XLSForm ``relevant`` expression: asked unless the skip test holds."""
    return f"not({_expression(skip)})"


def _expression(expr: Expr) -> str:
    if isinstance(expr, Test):
        name = field_name(expr.question)
        tests = [f"${{{name}}} = '{skip_choice(c)[0]}'" for c in expr.codes]
        return " or ".join(tests) if len(tests) < 2 else f"({' or '.join(tests)})"
    return "(" + f" {expr.op} ".join(_expression(p) for p in expr.parts) + ")"


def _survey_row(item: Item, lists: dict[str, str]) -> list[str]:
    kind = f"select_one {lists[item.code]}" if item.choices else "text"
    return [
        kind,
        field_name(item.code),
        one_line(item.text),
        one_line(item.help),
        "yes" if item.required else "",
        relevant(item.skip) if item.skip is not None else "",
    ]


def xlsform_bytes(plan: Plan) -> bytes:
    """The XLSForm workbook (.xlsx) of the plan."""
    wb = Workbook()
    survey = wb.active
    assert survey is not None
    survey.title = "survey"
    _row(survey, ["type", "name", "label", "hint", "required", "relevant"])
    lists = choice_lists(plan)
    for item in plan.items:
        _row(survey, _survey_row(item, lists))
    choices = wb.create_sheet("choices")
    _row(choices, ["list_name", "name", "label"])
    written: set[str] = set()
    for item in plan.items:
        name = lists.get(item.code)
        if name is None or name in written:
            continue
        written.add(name)
        for c in item.choices:
            _row(choices, [name, c.code, one_line(c.label)])
    settings = wb.create_sheet("settings")
    _row(settings, ["form_title", "form_id", "version"])
    _row(settings, [plan.title, field_name(plan.questionnaire), plan.version])
    for ws, widths in ((survey, (22, 24, 60, 60, 10, 40)), (choices, (24, 10, 60))):
        for col, width in zip("ABCDEF", widths, strict=False):
            ws.column_dimensions[col].width = width
    wb.properties.creator = "crm-readiness"
    wb.properties.created = _FIXED_TIME
    wb.properties.modified = _FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
