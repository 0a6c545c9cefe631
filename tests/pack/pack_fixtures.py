"""Shared helpers of the purchase pack tests: golden scenarios assessed once, text of each file."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl
import yaml
from lxml import etree

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
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


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
    """Every paragraph of a Word document (table cells included), one per line, in order.

    Read straight from word/document.xml: the same text python-docx gives, a good deal faster."""
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    return "\n".join("".join(p.itertext()) for p in root.iter(f"{{{W}}}p"))


def xlsx_text(data: bytes) -> str:
    """All text of a workbook's sheets and shared strings, quicker than opening it with
    openpyxl (formulas are text here too)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    parts = [
        n for n in archive.namelist() if n.startswith("xl/worksheets/") or "sharedStrings" in n
    ]
    return " ".join(" ".join(etree.fromstring(archive.read(n)).itertext()) for n in parts)


def xlsx_cells(data: bytes) -> list[Any]:
    """Every cell of every sheet of a workbook (formulas as written, not computed)."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row]


def zip_names(data: bytes) -> list[str]:
    """The file names inside a ZIP archive."""
    return zipfile.ZipFile(io.BytesIO(data)).namelist()
