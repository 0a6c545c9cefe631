"""Bytes -> rows of text with locations: CSV (UTF-8, separator sniffed) or xlsx (openpyxl).

A CSV row is located by its line (and a cell by line:column); an xlsx cell as
``FILE:SHEET!CELL``. A CSV that is not UTF-8 is refused with the position of its first bad
byte and how to fix it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from typing import Any

from assessment.model.errors import ContentError, Problem
from assessment.model.vocabulary import did_you_mean

MAX_BYTES = 5_000_000
SEPARATORS = ",;\t"
SNIFF_ROWS = 6


@dataclass(frozen=True)
class Table:
    """The rows of one file or sheet as text; ``lines[i]`` is row i's line or sheet row."""

    source: str
    rows: list[list[str]]
    lines: list[int]
    sheet: str | None = None

    def problem(
        self, row: int, col: int | None, key: str, message: str, hint: str | None = None
    ) -> Problem:
        """A problem at row index ``row`` (0-based) and 1-based column ``col``."""
        last = self.lines[-1] + 1 if self.lines else 1
        line = self.lines[row] if row < len(self.lines) else last
        if self.sheet is None:
            return Problem(self.source, line, col or 1, key, message, hint)
        cell = f"{column_letter(col or 1)}{line}"
        return Problem(f"{self.source}:{self.sheet}!{cell}", None, None, key, message, hint)

    def row_source(self, row: int) -> str:
        """Where a respondent came from, for Responses.source."""
        if self.sheet is None:
            return f"{self.source}:{self.lines[row]}"
        return f"{self.source}:{self.sheet}!{self.lines[row]}"


def column_letter(col: int) -> str:
    """1 -> A, 27 -> AA."""
    out = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        out = chr(65 + rest) + out
    return out


def _fail(
    source: str, line: int | None, col: int | None, msg: str, hint: str | None = None
) -> ContentError:
    return ContentError([Problem(source, line, col, "", msg, hint)])


def is_xlsx(raw: bytes) -> bool:
    """An xlsx file is a zip archive."""
    return raw.startswith(b"PK\x03\x04")


def read_table(raw: bytes, source: str, sheet: str | None = None) -> Table:
    """The rows of a CSV or xlsx file; a ContentError when it cannot be read."""
    if len(raw) > MAX_BYTES:
        raise _fail(source, None, None, f"the file is larger than {MAX_BYTES:,} bytes")
    if is_xlsx(raw):
        return read_xlsx(raw, source, sheet)
    if source.lower().endswith(".xlsx"):
        raise _fail(source, None, None, "this is not an Excel workbook (.xlsx)")
    return read_csv(decode(raw, source), source)


def decode(raw: bytes, source: str) -> str:
    """UTF-8 text (BOM removed), or a ContentError locating the first non-UTF-8 byte."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        hint = "export or save it as 'CSV UTF-8'"
        raise _fail(source, 1, 1, "the file is UTF-16, not UTF-8", hint)
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        msg = f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02X}), perhaps Windows-1252"
        hint = "in Excel use Save As > 'CSV UTF-8 (comma delimited)'"
        raise _fail(source, line, col, msg, hint) from None


def sniff_separator(text: str) -> str:
    """Comma, semicolon or tab: the one that splits the first rows into the most columns,
    the same number in each (so separators inside quoted question texts do not mislead)."""
    sample = text[:200_000]

    def score(sep: str) -> tuple[int, int]:
        try:
            rows = []
            for row in csv.reader(io.StringIO(sample, newline=""), delimiter=sep):
                rows.append(len(row))
                if len(rows) >= SNIFF_ROWS:
                    break
        except csv.Error:
            return (0, 0)
        if not rows or rows[0] < 2:
            return (0, 0)
        return (sum(n == rows[0] for n in rows), rows[0])

    best = max(SEPARATORS, key=score)
    return best if score(best) > (0, 0) else ","


def read_csv(text: str, source: str) -> Table:
    """Every CSV record with the line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_separator(text))
    rows: list[list[str]] = []
    lines: list[int] = []
    start = 1
    try:
        for cells in reader:
            rows.append(cells)
            lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise _fail(source, reader.line_num, None, f"CSV syntax error: {exc}") from None
    return Table(source, rows, lines)


def cell_text(value: Any) -> str:
    """An xlsx cell as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def read_xlsx(raw: bytes, source: str, sheet: str | None) -> Table:
    """The first sheet (or ``sheet``) of a workbook, as text, rows padded to one width."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise _fail(source, None, None, f"cannot read the workbook: {exc}") from None
    try:
        names = book.sheetnames
        if sheet is not None and sheet not in names:
            msg = f"no sheet '{sheet}'; the workbook has {', '.join(names)}"
            raise _fail(source, None, None, msg, did_you_mean(sheet, names))
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        rows: list[list[str]] = []
        lines: list[int] = []
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            rows.append([cell_text(v) for v in values])
            lines.append(number)
        title = ws.title
    finally:
        book.close()
    width = max((len(r) for r in rows), default=0)
    while width and all(len(r) < width or not r[width - 1].strip() for r in rows):
        width -= 1
    rows = [(r + [""] * width)[:width] for r in rows]
    return Table(source, rows, lines, sheet=title)
