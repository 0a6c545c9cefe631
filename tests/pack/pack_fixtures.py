"""Shared helpers of the purchase pack tests: golden scenarios assessed once, text of each file."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import docx
import openpyxl
import yaml

from assessment.content.purchase import load_purchase
from assessment.content.questionnaires import load_bundle
from assessment.content.responses import load_responses
from assessment.engine.assess import assess
from assessment.model.questionnaire import Bundle
from assessment.model.results import Results
from assessment.report.pack.build import build_pack
from assessment.report.pack.model import Pack

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted(
    p for p in (ROOT / "tests" / "scenarios").glob("*") if (p / "expected.yaml").is_file()
)
DAY = dt.date(2026, 12, 2)


@dataclass(frozen=True)
class Case:
    """One golden scenario, assessed, with its pack."""

    name: str
    expected: dict[str, Any]
    bundle: Bundle
    results: Results
    pack: Pack


@cache
def case(folder: Path) -> Case:
    """The scenario's expectation, results and pack (computed once per test session)."""
    expected = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))
    bundle = load_bundle(expected["questionnaire"])
    results = assess(bundle, load_responses([folder / "responses"], bundle))
    pack = build_pack(results, bundle, load_purchase(), generated=DAY)
    return Case(folder.name, expected, bundle, results, pack)


def docx_text(data: bytes) -> str:
    """Every paragraph and table cell of a Word document, one per line, in order."""
    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(lines)


def xlsx_cells(data: bytes) -> list[Any]:
    """Every cell of every sheet of a workbook (formulas as written, not computed)."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row]


def zip_names(data: bytes) -> list[str]:
    """The file names inside a ZIP archive."""
    return zipfile.ZipFile(io.BytesIO(data)).namelist()
