"""The pack's Word document and scorecard open in another office suite: read back with
python-docx and openpyxl, converted by headless LibreOffice (PDF and a PNG of the first page),
and the scorecard's formulas recalculated by LibreOffice to the totals worked out here.

Skips on a developer machine without LibreOffice; fails in CI (.ci/run installs
libreoffice-writer and libreoffice-calc). The conversions share one profile in a temporary
folder of their own.
"""

from __future__ import annotations

import base64
import csv
import io
import os
import shutil
import subprocess
from pathlib import Path

import docx
import openpyxl
import pytest
from conftest import missing_prerequisite
from pack_fixtures import DAY, ROOT
from PIL import Image
from pypdf import PdfReader

from assessment.content.purchase import load_purchase
from assessment.content.questionnaires import load_bundle
from assessment.content.responses import load_responses
from assessment.engine.assess import assess
from assessment.report.brand import Brand
from assessment.report.pack.build import build_pack
from assessment.report.pack.files import pack_files
from assessment.report.pack.model import Pack
from assessment.report.pack.scorecard import FIRST, TOTAL_LABEL, vendor_columns

WORKSHOP = ROOT / "tests" / "scenarios" / "05-perception-gap-workshop" / "responses"


def logo_uri() -> str:
    """A small PNG logo in the brand's colour, as the data URI a Brand carries."""
    out = io.BytesIO()
    Image.new("RGB", (120, 40), (0x7A, 0x1F, 0x5C)).save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")


BRAND = Brand(name="Northwind Advisory", primary="#7a1f5c", logo_data_uri=logo_uri())
PRIMARY = (0x7A, 0x1F, 0x5C)


@pytest.fixture(scope="module")
def soffice(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """LibreOffice, and a folder for its profile shared by this module's conversions."""
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        missing_prerequisite("LibreOffice is not installed (apt-get install libreoffice-writer)")
    assert path is not None
    return path, tmp_path_factory.mktemp("libreoffice")


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Pack, dict[str, Path]]:
    bundle = load_bundle("crm-readiness")
    results = assess(bundle, load_responses([WORKSHOP], bundle))
    pack = build_pack(
        results, bundle, load_purchase(), organisation="Kestrel Freight", vendors=4, generated=DAY
    )
    folder = tmp_path_factory.mktemp("pack")
    paths = {}
    for name, data in pack_files(pack, BRAND).items():
        (folder / name).write_bytes(data)
        paths[name.rsplit(".", 1)[1]] = folder / name
    return pack, paths


def convert(soffice: tuple[str, Path], sources: list[Path], fmt: str, out: Path) -> list[Path]:
    """The files converted to `fmt` (one LibreOffice run), in out."""
    program, work = soffice
    env = {**os.environ, "HOME": str(work / "home")}
    profile = f"-env:UserInstallation={(work / 'profile').as_uri()}"
    command = [program, profile, "--headless", "--norestore", "--convert-to", fmt,
               "--outdir", str(out), *map(str, sources)]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=240)
    targets = [out / f"{s.stem}.{fmt.split(':')[0]}" for s in sources]
    assert done.returncode == 0 and all(t.exists() for t in targets), (done.stdout, done.stderr)
    return targets


def test_python_docx_and_openpyxl_read_the_files_back(
    written: tuple[Pack, dict[str, Path]],
) -> None:
    pack, paths = written
    document = docx.Document(str(paths["docx"]))
    assert len(document.inline_shapes) == 1  # the brand's logo on the cover
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "1. The signing gate" and len(headings) == 5
    gate, criteria = document.tables
    assert len(gate.rows) == len(pack.gate) + 1 and gate.rows[0].cells[4].text == "Date"
    assert gate.rows[0]._tr.trPr.xpath("./w:tblHeader")  # header row repeats on each page
    assert len(criteria.rows) == len(pack.criteria) + 2
    ws = openpyxl.load_workbook(paths["xlsx"])["Scorecard"]
    assert ws.freeze_panes == f"C{FIRST}"
    assert ws.print_area and ws.print_title_rows
    [rule] = ws.data_validations.dataValidation
    cols = vendor_columns(pack)
    assert (rule.type, rule.formula1, rule.formula2) == ("whole", "1", "5")
    assert str(rule.sqref) == f"{cols[0]}{FIRST}:{cols[-1]}{FIRST + len(pack.criteria) - 1}"
    assert [ws.cell(FIRST - 1, 7 + i).value for i in range(4)] == [
        f"Vendor {i}" for i in range(1, 5)
    ]


def test_libreoffice_converts_both_and_shows_the_brand(
    soffice: tuple[str, Path], written: tuple[Pack, dict[str, Path]], tmp_path: Path
) -> None:
    _, paths = written
    word_pdf, sheet_pdf = convert(soffice, [paths["docx"], paths["xlsx"]], "pdf", tmp_path)
    first = PdfReader(word_pdf).pages[0].extract_text()
    assert "Purchase pack" in first and "Kestrel Freight" in first and "Northwind" in first
    assert len(PdfReader(word_pdf).pages) >= 5
    assert "Vendor scorecard" in PdfReader(sheet_pdf).pages[0].extract_text()
    for png in convert(soffice, [paths["docx"], paths["xlsx"]], "png", tmp_path):
        image = Image.open(png).convert("RGB")
        assert image.width > 400
        colours = {c for _, c in image.getcolors(image.width * image.height) or []}
        assert any(all(abs(a - b) < 24 for a, b in zip(c, PRIMARY, strict=True)) for c in colours)


def test_libreoffice_recalculates_the_weighted_totals(
    soffice: tuple[str, Path], written: tuple[Pack, dict[str, Path]], tmp_path: Path
) -> None:
    pack, paths = written
    wb = openpyxl.load_workbook(paths["xlsx"])
    ws = wb["Scorecard"]
    cols = vendor_columns(pack)
    scores = {
        col: [(i * (v + 2)) % 5 + 1 for i in range(len(pack.criteria))]
        for v, col in enumerate(cols)
    }
    scores[cols[-1]] = [None] * len(pack.criteria)  # a vendor not scored yet
    for col, values in scores.items():
        for i, value in enumerate(values):
            ws[f"{col}{FIRST + i}"] = value
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    [out] = convert(soffice, [filled], "csv", tmp_path)
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    totals = next(r for r in rows if len(r) > 1 and r[1] == TOTAL_LABEL)
    weights = [c.weight for c in pack.criteria]
    for v, col in enumerate(cols):
        expected = sum(w * (s or 0) for w, s in zip(weights, scores[col], strict=True)) / 100
        assert float(totals[6 + v]) == pytest.approx(expected, abs=0.005), col
    assert next(r for r in rows if len(r) > 1 and r[1].startswith("Total of weights"))[5] == "100"
