"""Header cells -> what each column holds (question, role, name, metadata, ...)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from assessment.content.survey.codes import Mapping
from assessment.content.survey.layouts import Layout
from assessment.content.survey.read import Table
from assessment.content.survey.words import (
    COMMENT_HEADERS,
    NAME_HEADERS,
    ORGANISATION_HEADERS,
    ROLE_HEADERS,
    normalise,
)
from assessment.model.errors import Problem
from assessment.model.questionnaire import Bundle
from assessment.model.vocabulary import ROLES

Kind = Literal[
    "role", "name", "signed-name", "organisation", "question", "note",
    "ignored", "metadata", "comment", "empty", "unknown",
]  # fmt: skip
SET_ASIDE: tuple[Kind, ...] = ("ignored", "metadata", "comment")
META_KINDS: dict[str, Kind] = {
    **dict.fromkeys(ROLE_HEADERS, "role"),
    **dict.fromkeys(NAME_HEADERS, "name"),
    **dict.fromkeys(ORGANISATION_HEADERS, "organisation"),
}


@dataclass(frozen=True)
class ColumnMatch:
    """How one column was understood (``header`` is its question-text header cell)."""

    column: int
    header: str
    kind: Kind
    question_id: str | None = None
    how: str = ""


def question_lookup(bundle: Bundle) -> dict[str, tuple[str, str]]:
    """Normalised id or text -> (question id, how it matched)."""
    lookup: dict[str, tuple[str, str]] = {}
    for q in bundle.questionnaire.questions():
        lookup.setdefault(normalise(q.text), (q.id, "question text"))
        lookup[q.id.casefold()] = (q.id, "question id")
    return lookup


def match_columns(
    table: Table,
    layout: Layout,
    bundle: Bundle,
    ignore: Sequence[str] = (),
    mapping: Mapping | None = None,
) -> tuple[list[ColumnMatch], list[Problem]]:
    """Understand every column; problems for unknown and repeated ones, and a missing role."""
    lookup, ignored = question_lookup(bundle), {normalise(i) for i in ignore}
    tags = table.rows[0]
    header = table.rows[layout.question_row]
    row = layout.question_row
    out: list[ColumnMatch] = []
    problems: list[Problem] = []
    taken: dict[str, int] = {}
    for col, cell in enumerate(header, start=1):
        tag = tags[col - 1] if col - 1 < len(tags) else ""
        match = _match_one(col, cell, tag, layout, lookup, ignored, mapping)
        if match.kind == "unknown":
            msg = f"column '{cell.strip()}' matches no question id or question text"
            hint = "rename it to a question id, remove it, or ignore it with --ignore-column"
            if mapping is not None:
                msg = f"column '{cell.strip()}' is not in {mapping.source} nor a question"
                hint = "add it under 'columns' or 'free_text_columns' there, or --ignore-column"
            problems.append(table.problem(row, col, "", msg, hint))
        key = match.question_id or match.kind
        key = f"note:{key}" if match.kind == "note" else key
        if match.kind in ("role", "name", "organisation", "question", "note"):
            if key in taken:
                msg = f"column '{cell.strip()}' repeats column {taken[key]} ({key})"
                problems.append(table.problem(row, col, "", msg))
            taken.setdefault(key, col)
        out.append(match)
    if "role" not in taken:
        problems.insert(0, _no_role(table, row, out, bundle))
    return out, problems


def _no_role(table: Table, row: int, columns: list[ColumnMatch], bundle: Bundle) -> Problem:
    if not any(c.kind == "question" for c in columns):
        msg = (
            f"no column matches a question of '{bundle.questionnaire.id}' and there is no "
            "role column: this file seems to be for a different survey"
        )
        return table.problem(row, 1, "", msg, "check the file and the --questionnaire")
    msg = "no 'role' column; every respondent needs a role"
    return table.problem(row, 1, "", msg, f"add a column 'role' with {', '.join(ROLES)}")


def _match_one(
    col: int,
    cell: str,
    tag: str,
    layout: Layout,
    lookup: dict[str, tuple[str, str]],
    ignored: set[str],
    mapping: Mapping | None,
) -> ColumnMatch:
    """One column's meaning ('unknown' when it means nothing we know)."""
    key = normalise(cell)
    if not key and not normalise(tag):
        return ColumnMatch(col, cell, "empty", how="empty header")
    if key in ignored or normalise(tag) in ignored:
        return ColumnMatch(col, cell, "ignored", how="ignored on request")
    if layout.signed_name is not None and tag.strip() == layout.signed_name:
        return ColumnMatch(col, cell, "signed-name", how=f"{layout.tool} signed-in name")
    if layout.is_metadata(tag):
        return ColumnMatch(col, cell, "metadata", how=f"{layout.tool} metadata")
    if mapping is not None:
        found = _mapped(col, cell, tag, mapping)
        if found is not None:
            return found
    if key in META_KINDS:
        return ColumnMatch(col, cell, META_KINDS[key], how=f"{META_KINDS[key]} column")
    if key.startswith("note:") and key[5:].strip() in lookup:
        qid = lookup[key[5:].strip()][0]
        return ColumnMatch(col, cell, "note", qid, "note on a question")
    if key in lookup:
        qid, how = lookup[key]
        return ColumnMatch(col, cell, "question", qid, f"by {how}")
    if key in COMMENT_HEADERS:
        return ColumnMatch(col, cell, "comment", how="free-text comment, not scored")
    return ColumnMatch(col, cell, "unknown", how="no match")


def _mapped(col: int, cell: str, tag: str, mapping: Mapping) -> ColumnMatch | None:
    """A column named in the mapping file (by its header or its first-row code)."""
    how = f"by {mapping.source}"
    for name in {normalise(cell), normalise(tag)} - {""}:
        if name in mapping.columns:
            return ColumnMatch(col, cell, "question", mapping.columns[name], how)
        if name == mapping.role_column:
            return ColumnMatch(col, cell, "role", how=how)
        if name == mapping.name_column:
            return ColumnMatch(col, cell, "name", how=how)
        if name == mapping.organisation_column:
            return ColumnMatch(col, cell, "organisation", how=how)
        if name in mapping.free_text:
            return ColumnMatch(col, cell, "comment", how=f"free text in {mapping.source}")
    return None
