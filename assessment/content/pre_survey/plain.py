"""The pre-survey as a plain CSV list, to paste into Google Forms or Microsoft Forms.

One row per survey question, role first: ``code, question, option 1..5, don't know, help,
required, asked of, not applicable, skip if`` (the last two filled only for questions that
offer "not applicable here" or that are skipped after some answers). The role row lists the
five roles as its options; the name row has no options (a short text question). UTF-8 with a
byte order mark, so Excel opens it as UTF-8; a cell that a spreadsheet would read as a formula
is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io

from assessment.content.pre_survey.plan import NA_CODE, Plan, one_line
from assessment.model.vocabulary import ROLE_NAMES, ROLES, UNKNOWN

HEADER = (
    "code",
    "question",
    *(f"option {n}" for n in range(1, 6)),
    "don't know",
    "help",
    "required",
    "asked of",
    "not applicable",
    "skip if",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str) -> str:
    """Text safe in a spreadsheet cell: on one line, never read as a formula."""
    text = one_line(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def plain_rows(plan: Plan) -> list[list[str]]:
    """The header and one row per survey question."""
    rows = [list(HEADER)]
    for item in plan.items:
        options = [c.label for c in item.choices if c.code not in (UNKNOWN, NA_CODE)]
        unknown = [c.label for c in item.choices if c.code == UNKNOWN]
        na = [c.label for c in item.choices if c.code == NA_CODE]
        asked = (
            ""
            if set(item.asked_of) == set(ROLES)
            else ", ".join(ROLE_NAMES[r].label for r in item.asked_of)
        )
        row = [
            item.code,
            item.text,
            *(options + [""] * 5)[:5],
            unknown[0] if unknown else "",
            item.help,
            "yes" if item.required else "no",
            asked,
            na[0] if na else "",
            item.skip_text,
        ]
        rows.append([cell(v) for v in row])
    return rows


def plain_bytes(plan: Plan) -> bytes:
    """The CSV list as UTF-8 bytes with a byte order mark."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(plain_rows(plan))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
