"""Small formatters the report views share: dates, levels, shares, role nouns, evidence lines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from assessment.model.results import Evidence, Note
from assessment.model.vocabulary import ROLE_NAMES
from assessment.report.charts import score_text
from assessment.report.documented import documented

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def date_text(day: dt.date) -> str:
    """A date written out, independent of the machine's locale: '3 March 2026'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def level_text(level: float | None) -> str:
    """A mean answer level with one decimal, or an en dash."""
    return "–" if level is None else f"{level:.1f}"


def percent(share: float) -> str:
    """A share 0..1 as a whole percentage."""
    return f"{score_text(share * 100)}%"


def count_noun(n: int, role: str) -> str:
    """'1 executive', '4 front-line staff'."""
    return ROLE_NAMES[role].count(n)


def who(respondent: str | None, role: str | None) -> str | None:
    """'Dana Lee, executive' / 'executive' / None."""
    role_text = ROLE_NAMES[role].one if role else None
    parts = [p for p in (respondent, role_text) if p]
    return ", ".join(parts) or None


@dataclass(frozen=True)
class EvidenceView:
    """One line of evidence, or one respondent's note."""

    text: str = documented("The evidence sentence, or the note as the respondent wrote it.")
    who: str | None = documented(
        "Who gave it: 'Dana Lee, executive', just the role, or None when unknown."
    )


def evidence_view(e: Evidence | Note) -> EvidenceView:
    """A line of evidence or a note with who gave it."""
    return EvidenceView(e.text, who(e.respondent, e.role))
