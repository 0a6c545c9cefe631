"""Survey-tool CSV exports (one row per respondent) -> Responses, all or nothing.

Columns are matched to questions by question id or by question text; a `role` column is
required, `name` and `organisation` columns are optional, `note:<question id>` columns carry
notes. Levels may be numbers, option labels or "don't know". The file must be UTF-8 (a byte
order mark is fine); other encodings are refused with the position of the first bad byte.
Every problem is collected and raised together, so a bad file imports nothing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from assessment.model.errors import ContentError, Problem
from assessment.model.questionnaire import Answer, Bundle, Question, Respondent, Responses
from assessment.model.vocabulary import ROLE_NAMES, ROLES, is_dont_know

MAX_BYTES = 5_000_000
Kind = Literal["role", "name", "organisation", "question", "note", "ignored", "empty", "unknown"]
META_HEADERS: dict[str, Kind] = {
    "role": "role", "your role": "role", "respondent role": "role",
    "name": "name", "your name": "name", "respondent name": "name",
    "organisation": "organisation", "organization": "organisation", "company": "organisation",
}  # fmt: skip
ROLE_WORDS = {
    **{r: r for r in ROLES},
    # Every way vocabulary.ROLE_NAMES writes a role ("Front-line staff", "IT staff", ...).
    **{form.casefold(): r for r, n in ROLE_NAMES.items() for form in (n.label, n.group, n.in_text)},
    "exec": "executive", "leader": "executive", "leadership": "executive",
    "front line": "frontline", "front-line": "frontline", "front-line staff": "frontline",
    "frontline staff": "frontline", "staff": "frontline", "information technology": "it",
}  # fmt: skip
_NUMBERING = re.compile(r"^(q\s*)?\d+\s*[.):-]\s+")


@dataclass(frozen=True)
class ColumnMatch:
    """How one CSV column was understood."""

    column: int
    header: str
    kind: Kind
    question_id: str | None = None
    how: str = ""


@dataclass(frozen=True)
class CsvImport:
    """A parsed CSV: the column mapping (for a preview) and one Responses per data row."""

    source: str
    columns: list[ColumnMatch]
    responses: list[Responses]
    lines: list[int]

    def role_counts(self) -> dict[str, int]:
        """Respondents per role, in the order of ROLES."""
        counts = {r: sum(x.respondent.role == r for x in self.responses) for r in ROLES}
        return {r: n for r, n in counts.items() if n}


def normalise(text: str) -> str:
    """Header or label text compared loosely: case, spacing, numbering, end punctuation."""
    text = " ".join(text.replace("\u2019", "'").casefold().split())
    return _NUMBERING.sub("", text).rstrip("?.:! ").strip("\"' ")


def decode(raw: bytes, source: str) -> str:
    """UTF-8 text (BOM removed), or a ContentError locating the first non-UTF-8 byte."""
    if len(raw) > MAX_BYTES:
        raise ContentError(
            [Problem(source, None, None, "", f"the file is larger than {MAX_BYTES:,} bytes")]
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        hint = "export or save it as 'CSV UTF-8'"
        raise ContentError([Problem(source, 1, 1, "", "the file is UTF-16, not UTF-8", hint)])
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        msg = f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02X}), perhaps Windows-1252"
        hint = "in Excel use Save As > 'CSV UTF-8 (comma delimited)'"
        raise ContentError([Problem(source, line, col, "", msg, hint)]) from None


def _delimiter(text: str) -> str:
    """Comma, semicolon or tab: whichever the header line uses most."""
    header = text.split("\n", 1)[0]
    return max(",;\t", key=header.count) if any(d in header for d in ",;\t") else ","


def _question_lookup(bundle: Bundle) -> dict[str, tuple[str, str]]:
    """Normalised id or text -> (question id, how it matched)."""
    lookup: dict[str, tuple[str, str]] = {}
    for q in bundle.questionnaire.questions():
        lookup.setdefault(normalise(q.text), (q.id, "question text"))
        lookup[q.id.casefold()] = (q.id, "question id")
    return lookup


def match_columns(
    header: list[str], bundle: Bundle, source: str, ignore: Sequence[str] = ()
) -> tuple[list[ColumnMatch], list[Problem]]:
    """Understand every header cell; problems for unknown and duplicated columns."""
    lookup, ignored = _question_lookup(bundle), {normalise(i) for i in ignore}
    out: list[ColumnMatch] = []
    problems: list[Problem] = []
    taken: dict[str, int] = {}
    for col, cell in enumerate(header, start=1):
        match = _match_one(col, cell, lookup, ignored)
        if match.kind == "unknown":
            msg = f"column '{cell.strip()}' matches no question id or question text"
            hint = "rename it to a question id, remove it, or ignore it explicitly"
            problems.append(Problem(source, 1, col, "", msg, hint))
        key = match.question_id or match.kind
        key = f"note:{key}" if match.kind == "note" else key
        if match.kind not in ("ignored", "empty", "unknown") and key in taken:
            msg = f"column '{cell.strip()}' repeats column {taken[key]} ({key})"
            problems.append(Problem(source, 1, col, "", msg))
        taken.setdefault(key, col)
        out.append(match)
    if "role" not in taken:
        msg = "no 'role' column; every respondent needs a role"
        problems.append(
            Problem(source, 1, 1, "", msg, f"add a column 'role' with {', '.join(ROLES)}")
        )
    return out, problems


def _match_one(
    col: int, cell: str, lookup: dict[str, tuple[str, str]], ignored: set[str]
) -> ColumnMatch:
    """One header cell's meaning ('unknown' when it means nothing we know)."""
    key = normalise(cell)
    if not key:
        return ColumnMatch(col, cell, "empty", how="empty header")
    if key in ignored:
        return ColumnMatch(col, cell, "ignored", how="ignored on request")
    if key in META_HEADERS:
        return ColumnMatch(col, cell, META_HEADERS[key], how=f"{META_HEADERS[key]} column")
    if key.startswith("note:") and key[5:].strip() in lookup:
        qid = lookup[key[5:].strip()][0]
        return ColumnMatch(col, cell, "note", qid, "note on a question")
    if key in lookup:
        qid, how = lookup[key]
        return ColumnMatch(col, cell, "question", qid, f"by {how}")
    return ColumnMatch(col, cell, "unknown", how="no match")


def parse_level(value: str, question: Question) -> tuple[Answer | None, str | None]:
    """An answer from a cell (None when blank), or the reason it is not one."""
    text = normalise(value)
    if not text:
        return None, None
    if is_dont_know(text):
        if question.allow_unknown:
            return "unknown", None
        return None, 'this question does not accept "don\'t know"; give a level from 1 to 5'
    if text.isdigit() and 1 <= int(text) <= 5:
        return int(text), None
    for option in question.options:
        if normalise(option.label) == text:
            return option.level, None
    return None, f"'{value.strip()}' is not a level; give 1 to 5, an option label or \"don't know\""


def parse_role(value: str) -> str | None:
    """A role id from a cell, or None when it is not a role we know."""
    return ROLE_WORDS.get(normalise(value).replace("_", " "))


def _row(
    cells: list[str], line: int, columns: list[ColumnMatch], bundle: Bundle, source: str
) -> tuple[Responses | None, list[Problem]]:
    """One respondent from one data row, or every problem in the row."""
    problems: list[Problem] = []
    if len(cells) != len(columns):
        msg = f"this row has {len(cells)} cells but the header has {len(columns)}"
        return None, [Problem(source, line, 1, "", msg, "check for an unquoted comma")]
    meta: dict[str, str] = {}
    answers: dict[str, Answer] = {}
    notes: dict[str, str] = {}
    for match, value in zip(columns, cells, strict=True):
        where = (source, line, match.column)
        if match.kind in ("role", "name", "organisation"):
            meta[match.kind] = value.strip()
        elif match.kind == "note" and match.question_id and value.strip():
            notes[match.question_id] = value.strip()
        elif match.kind == "question" and match.question_id:
            answer, why = parse_level(value, bundle.questionnaire.question(match.question_id))
            if why:
                problems.append(Problem(*where, match.question_id, why))
            elif answer is not None:
                answers[match.question_id] = answer
        elif match.kind == "empty" and value.strip():
            problems.append(Problem(*where, "", "a value sits under a column with no header"))
    role = parse_role(meta.get("role", ""))
    role_col = next((c.column for c in columns if c.kind == "role"), None)
    if role is None and role_col is not None:
        shown = meta.get("role", "") or "(empty)"
        msg = f"'{shown}' is not a role; use one of {', '.join(ROLES)}"
        problems.append(Problem(source, line, role_col, "role", msg))
    if problems:
        return None, problems
    return _responses(bundle, role or "other", meta, answers, notes, f"{source}:{line}"), []


def _responses(
    bundle: Bundle,
    role: str,
    meta: dict[str, str],
    answers: dict[str, Answer],
    notes: dict[str, str],
    where: str,
) -> Responses:
    """The Responses model for one parsed row."""
    name, org = meta.get("name") or None, meta.get("organisation") or None
    return Responses(
        questionnaire=bundle.questionnaire.id,
        respondent=Respondent(name=name[:200] if name else None, role=role),
        organisation=org[:200] if org else None,
        answers=answers,
        notes={k: v[:5000] for k, v in notes.items()},
        source=where,
    )


def header_of(raw: bytes) -> list[str]:
    """The header cells of a CSV (empty when it cannot be read), for choosing columns to ignore."""
    try:
        text = decode(raw, "upload")
        row = next(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)), [])
    except (ContentError, csv.Error):
        return []
    return [cell.strip() for cell in row if cell.strip()]


def parse_csv(raw: bytes, bundle: Bundle, source: str, *, ignore: Sequence[str] = ()) -> CsvImport:
    """Parse a whole CSV export; a ContentError lists every problem with its line and column."""
    text = decode(raw, source)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header = next(reader, None)
        if header is None:
            raise ContentError([Problem(source, 1, 1, "", "the file is empty")])
        columns, problems = match_columns(header, bundle, source, ignore)
        responses: list[Responses] = []
        lines: list[int] = []
        start = reader.line_num + 1
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            got, found = _row(cells, line, columns, bundle, source)
            problems += found
            if got is not None:
                responses.append(got)
                lines.append(line)
    except csv.Error as exc:
        raise ContentError(
            [Problem(source, reader.line_num, None, "", f"CSV syntax error: {exc}")]
        ) from None
    if not problems and not responses:
        problems.append(Problem(source, 2, 1, "", "the file has a header but no respondents"))
    if problems:
        raise ContentError(problems)
    return CsvImport(source, columns, responses, lines)


def read_csv_responses(path: Path, bundle: Bundle) -> tuple[list[Responses], list[Problem]]:
    """Reader for loader.RESPONSE_READERS: the respondents of a CSV file, or its problems."""
    try:
        return parse_csv(path.read_bytes(), bundle, str(path)).responses, []
    except ContentError as exc:
        return [], exc.problems
    except OSError as exc:
        return [], [Problem(str(path), None, None, "", f"cannot read the file: {exc.strerror}")]


def load_csv_responses(path: str | Path, bundle: Bundle) -> list[Responses]:
    """The respondents of a CSV file; a ContentError with every problem otherwise."""
    responses, problems = read_csv_responses(Path(path), bundle)
    if problems:
        raise ContentError(problems)
    return responses
