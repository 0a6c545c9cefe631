"""The vendor scorecard as an .xlsx workbook: weights, one score column per vendor, live
weighted totals, scores limited to 1-5, frozen header and a print area."""

from __future__ import annotations

import io
import math

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from assessment.report.brand import Brand
from assessment.report.exports import _cell
from assessment.report.pack import words
from assessment.report.pack.model import Pack
from assessment.report.text import date_text

HEADER_ROW = 5
FIRST = HEADER_ROW + 1
COLUMNS = ("#", "Criterion", "Kind", "Traced to questions", "Why this weight", "Weight")
WIDTHS = (5, 46, 15, 26, 40, 9)
WEIGHT_COL = "F"
FIRST_VENDOR = len(COLUMNS) + 1
SCORE_FILL = PatternFill("solid", fgColor="FFF8E1")  # where the team types its scores
TOTAL_LABEL = "Weighted score (out of 5)"
SCORED_LABEL = "Criteria scored"


def text(value: str | None) -> str:
    """A text cell a spreadsheet will never run as a formula."""
    return str(_cell(value))


def row_height(values: tuple[object, ...]) -> float:
    """Points tall enough for the longest wrapped text of a row (spreadsheets do not grow
    rows that a program wrote)."""
    lines = max(math.ceil(len(str(v)) / (WIDTHS[i] * 0.9)) for i, v in enumerate(values) if str(v))
    return 15.0 * max(1, lines)


def rgb(colour: str) -> str:
    """'#1f4e79' or '#18f' as the RRGGBB a spreadsheet colour takes."""
    digits = colour.lstrip("#")
    return ("".join(c * 2 for c in digits) if len(digits) == 3 else digits).upper()


def vendor_columns(pack: Pack) -> list[str]:
    """The column letters of the vendors' score columns."""
    return [get_column_letter(FIRST_VENDOR + i) for i in range(pack.vendors)]


def render_scorecard(pack: Pack, brand: Brand | None = None) -> bytes:
    """The scorecard workbook as bytes."""
    brand = brand or Brand()
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new workbook always has one sheet
    ws.title = "Scorecard"
    heading(ws, pack, brand)
    last = FIRST + len(pack.criteria) - 1
    header(ws, pack, brand)
    for i, c in enumerate(pack.criteria):
        row = FIRST + i
        values: tuple[int | str, ...] = (
            i + 1,
            text(c.name),
            text(c.kind),
            text(", ".join(c.traced_to)),
            text(c.why),
        )
        for col, value in enumerate(values, start=1):
            ws.cell(row, col, value).alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(row, len(COLUMNS), c.weight).alignment = Alignment(vertical="top")
        ws.row_dimensions[row].height = row_height(values)
        for letter in vendor_columns(pack):
            ws[f"{letter}{row}"].fill = SCORE_FILL
    totals(ws, pack, last)
    scores_validation(ws, pack, last)
    layout(ws, pack, last)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def heading(ws: Worksheet, pack: Pack, brand: Brand) -> None:
    """Title, organisation, how to score, and the draft mark for a not-ready verdict."""
    ws["A1"] = text(f"{words.SCORECARD_TITLE}{' — ' + words.DRAFT_MARK if pack.draft else ''}")
    ws["A1"].font = Font(bold=True, size=16, color=rgb(brand.primary_text))
    ws["B2"] = text(pack.organisation or "")
    ws["B2"].font = Font(bold=True, size=12)
    ws["C2"] = text(f"{pack.questionnaire}, {date_text(pack.generated)}")
    ws["A3"] = text(words.DRAFTS if pack.draft else words.SCORECARD_INTRO)
    ws["A3"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=len(COLUMNS) + pack.vendors)
    ws.row_dimensions[3].height = 48
    ws["A4"] = text(f"Verdict: {pack.verdict_label}. Type the vendors' names over 'Vendor 1' etc.")


def header(ws: Worksheet, pack: Pack, brand: Brand) -> None:
    """The header row in the brand's colour; vendor names are for the team to type over."""
    names = [*COLUMNS, *(f"Vendor {i + 1}" for i in range(pack.vendors))]
    fill = PatternFill("solid", fgColor=rgb(brand.primary))
    for col, name in enumerate(names, start=1):
        cell = ws.cell(HEADER_ROW, col, name)
        cell.font = Font(bold=True, color=rgb(brand.on_primary))
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def totals(ws: Worksheet, pack: Pack, last: int) -> None:
    """The sum of weights, and per vendor the weighted score and the criteria scored."""
    row = last + 1
    ws.cell(row, 2, "Total of weights (always 100)").font = Font(bold=True)
    ws[f"{WEIGHT_COL}{row}"] = f"=SUM({WEIGHT_COL}{FIRST}:{WEIGHT_COL}{last})"
    ws.cell(row + 1, 2, TOTAL_LABEL).font = Font(bold=True)
    ws.cell(row + 2, 2, SCORED_LABEL)
    weights = f"${WEIGHT_COL}${FIRST}:${WEIGHT_COL}${last}"
    for col in vendor_columns(pack):
        scores = f"{col}{FIRST}:{col}{last}"
        cell = ws[f"{col}{row + 1}"]
        cell.value = f"=SUMPRODUCT({weights},{scores})/100"
        cell.number_format = "0.00"
        cell.font = Font(bold=True)
        ws[f"{col}{row + 2}"] = f"=COUNT({scores})"


def scores_validation(ws: Worksheet, pack: Pack, last: int) -> None:
    """Score cells accept whole numbers 1 to 5 only."""
    rule = DataValidation(
        type="whole",
        operator="between",
        formula1="1",
        formula2="5",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Score from 1 to 5",
        error="Give a whole number from 1 (poor) to 5 (excellent).",
        promptTitle="Score",
        prompt="1 poor, 2 weak, 3 adequate, 4 good, 5 excellent",
        showInputMessage=True,
    )
    cols = vendor_columns(pack)
    rule.add(f"{cols[0]}{FIRST}:{cols[-1]}{last}")
    ws.add_data_validation(rule)


def layout(ws: Worksheet, pack: Pack, last: int) -> None:
    """Column widths, frozen header and first columns, print area and page set-up."""
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for col in vendor_columns(pack):
        ws.column_dimensions[col].width = 12
    ws.freeze_panes = f"C{FIRST}"
    end = vendor_columns(pack)[-1]
    ws.print_area = f"A1:{end}{last + 3}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
