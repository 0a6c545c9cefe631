"""Rows of a survey export -> one Responses per respondent, all or nothing.

The tool is recognised from its header rows (``layouts``); its extra header rows are skipped
and its known metadata columns set aside and reported in ``SurveyImport.ignored``. Every
problem is collected and raised together, so a bad file imports nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from assessment.content.survey.codes import Mapping, decode_level, decode_role, load_mapping
from assessment.content.survey.columns import SET_ASIDE, ColumnMatch, match_columns
from assessment.content.survey.layouts import Layout, detect
from assessment.content.survey.read import Table, read_table
from assessment.model.errors import ContentError, Problem
from assessment.model.questionnaire import Answer, Bundle, Respondent, Responses
from assessment.model.vocabulary import ROLES, UNKNOWN

SURVEY_SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True)
class SurveyOptions:
    """How to read survey exports: columns to leave out, a mapping file, the xlsx sheet, and
    where to say which columns were ignored (one line each)."""

    ignore: tuple[str, ...] = ()
    mapping: Path | None = None
    sheet: str | None = None
    notify: Callable[[str], None] | None = None


@dataclass(frozen=True)
class SurveyImport:
    """A parsed export: the tool, how each column was understood, the columns set aside,
    what each distinct answer was read as (column -> cell text -> meaning), the respondents
    and the line (or sheet row) each came from."""

    source: str
    tool: str
    columns: list[ColumnMatch]
    ignored: list[ColumnMatch]
    responses: list[Responses]
    lines: list[int]
    understood: dict[int, dict[str, str]] = field(default_factory=dict)

    def role_counts(self) -> dict[str, int]:
        """Respondents per role, in the order of ROLES."""
        counts = {r: sum(x.respondent.role == r for x in self.responses) for r in ROLES}
        return {r: n for r, n in counts.items() if n}

    def ignored_lines(self) -> list[str]:
        """'survey.csv: ignored column 3 "Start Date" (SurveyMonkey metadata)', one each."""
        return [
            f'{self.source}: ignored column {c.column} "{c.header}" ({c.how})' for c in self.ignored
        ]


def header_of(raw: bytes, source: str = "upload", sheet: str | None = None) -> list[str]:
    """The question-row header cells of an export (empty when unreadable), to pick from."""
    try:
        table = read_table(raw, source, sheet)
    except ContentError:
        return []
    if not table.rows:
        return []
    layout = detect(table.rows)
    return [c.strip() for c in table.rows[layout.question_row] if c.strip()]


def parse_survey(
    raw: bytes, bundle: Bundle, source: str, options: SurveyOptions = SurveyOptions()
) -> SurveyImport:
    """Parse a whole export; a ContentError lists every problem with its location."""
    mapping = load_mapping(options.mapping, bundle) if options.mapping else None
    table = read_table(raw, source, options.sheet)
    if not any(any(c.strip() for c in r) for r in table.rows):
        raise ContentError([table.problem(0, 1, "", "the file is empty")])
    layout = detect(table.rows)
    columns, problems = match_columns(table, layout, bundle, options.ignore, mapping)
    rows = Rows(table, layout, columns, bundle, mapping)
    for index in range(layout.header_rows, len(table.rows)):
        problems += rows.read(index)
    if not problems and not rows.responses:
        msg = "the file has a header but no respondents"
        problems.append(table.problem(layout.header_rows, 1, "", msg))
    if problems:
        raise ContentError(problems)
    ignored = [c for c in columns if c.kind in SET_ASIDE]
    ignored += [c for c in columns if c.kind == "signed-name" and c.column not in rows.signed]
    ignored.sort(key=lambda c: c.column)
    got = SurveyImport(
        source, layout.tool, columns, ignored, rows.responses, rows.lines, rows.understood
    )
    if options.notify is not None:
        for line in got.ignored_lines():
            options.notify(line)
    return got


class Rows:
    """Reads data rows one by one, collecting respondents and what each cell meant."""

    def __init__(
        self,
        table: Table,
        layout: Layout,
        columns: list[ColumnMatch],
        bundle: Bundle,
        mapping: Mapping | None,
    ) -> None:
        self.table, self.layout, self.columns = table, layout, columns
        self.bundle, self.mapping = bundle, mapping
        self.responses: list[Responses] = []
        self.lines: list[int] = []
        self.understood: dict[int, dict[str, str]] = {}
        self.signed: set[int] = set()

    def read(self, index: int) -> list[Problem]:
        """Add the respondent of row ``index``, or return every problem in it."""
        cells, table = self.table.rows[index], self.table
        if not any(c.strip() for c in cells):
            return []
        if len(cells) != len(self.columns):
            msg = f"this row has {len(cells)} cells but the header has {len(self.columns)}"
            return [table.problem(index, 1, "", msg, "check for an unquoted comma")]
        problems: list[Problem] = []
        meta: dict[str, str] = {}
        answers: dict[str, Answer] = {}
        notes: dict[str, str] = {}
        for match, value in zip(self.columns, cells, strict=True):
            if match.kind in ("role", "name", "organisation"):
                meta[match.kind] = value.strip()
            elif match.kind == "signed-name" and value.strip():
                meta.setdefault("signed", value.strip())
                self.signed.add(match.column)
            elif match.kind == "note" and match.question_id and value.strip():
                notes[match.question_id] = value.strip()
            elif match.kind == "question" and match.question_id:
                answer, why = self._level(match, value)
                if why:
                    problems.append(table.problem(index, match.column, match.question_id, why))
                elif answer is not None:
                    answers[match.question_id] = answer
            elif match.kind == "empty" and value.strip():
                msg = "a value sits under a column with no header"
                problems.append(table.problem(index, match.column, "", msg))
        role = self._role(index, meta.get("role", ""), problems)
        if problems:
            return problems
        name = meta.get("name") or meta.get("signed") or None
        org = meta.get("organisation") or None
        self.responses.append(
            Responses(
                questionnaire=self.bundle.questionnaire.id,
                respondent=Respondent(name=name[:200] if name else None, role=role or "other"),
                organisation=org[:200] if org else None,
                answers=answers,
                notes={k: v[:5000] for k, v in notes.items()},
                source=table.row_source(index),
            )
        )
        self.lines.append(table.lines[index])
        return []

    def _level(self, match: ColumnMatch, value: str) -> tuple[Answer | None, str | None]:
        assert match.question_id is not None
        question = self.bundle.questionnaire.question(match.question_id)
        answer, why = decode_level(
            value, question, numeric=self.layout.numeric, mapping=self.mapping
        )
        if answer is not None:
            meaning = "don't know" if answer == UNKNOWN else f"level {answer}"
            self.understood.setdefault(match.column, {})[value.strip()] = meaning
        return answer, why

    def _role(self, index: int, value: str, problems: list[Problem]) -> str | None:
        col = next((c.column for c in self.columns if c.kind == "role"), None)
        if col is None:
            return None
        role = decode_role(value, numeric=self.layout.numeric, mapping=self.mapping)
        if role is None:
            shown = value or "(empty)"
            msg = f"'{shown}' is not a role; use one of {', '.join(ROLES)}"
            problems.append(self.table.problem(index, col, "role", msg))
        else:
            self.understood.setdefault(col, {})[value] = f"role {role}"
        return role


def read_survey_responses(
    path: Path, bundle: Bundle, options: SurveyOptions = SurveyOptions()
) -> tuple[list[Responses], list[Problem]]:
    """Reader for responses.RESPONSE_READERS: the respondents of an export, or its problems."""
    try:
        return parse_survey(path.read_bytes(), bundle, str(path), options).responses, []
    except ContentError as exc:
        return [], exc.problems
    except OSError as exc:
        return [], [Problem(str(path), None, None, "", f"cannot read the file: {exc.strerror}")]


def load_survey(
    path: str | Path, bundle: Bundle, options: SurveyOptions = SurveyOptions()
) -> list[Responses]:
    """The respondents of an export; a ContentError with every problem otherwise."""
    responses, problems = read_survey_responses(Path(path), bundle, options)
    if problems:
        raise ContentError(problems)
    return responses
