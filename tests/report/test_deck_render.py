"""The deck opens in another office suite: headless LibreOffice renders it to PDF and PNG.

Skips on a developer machine without LibreOffice; fails in CI (.ci/run installs
libreoffice-impress). Each conversion uses its own HOME and LibreOffice profile, so parallel
runs never share (or lock) one.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, missing_prerequisite
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from assessment.content.questionnaires import load_bundle
from assessment.content.responses import load_responses
from assessment.engine.assess import assess
from assessment.report.brand import Brand
from assessment.report.deck import render_deck

WORKSHOP = ROOT / "tests" / "scenarios" / "05-perception-gap-workshop" / "responses"
PRIMARY = (0x7A, 0x1F, 0x5C)


@pytest.fixture(scope="module")
def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        missing_prerequisite("LibreOffice is not installed (apt-get install libreoffice-impress)")
    assert path is not None
    return path


def convert(soffice: str, source: Path, fmt: str, work: Path) -> Path:
    """The file converted to `fmt` in work/out, with a profile of its own."""
    out = work / "out"
    env = {**os.environ, "HOME": str(work / "home")}
    command = [
        soffice,
        f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        fmt,
        "--outdir",
        str(out),
        str(source),
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=240)
    target = out / f"{source.stem}.{fmt}"
    assert done.returncode == 0 and target.exists(), (done.stdout, done.stderr)
    return target


def test_libreoffice_renders_every_slide_at_16_9_in_the_brand_colour(
    soffice: str, tmp_path: Path
) -> None:
    bundle = load_bundle("crm-readiness")
    results = assess(bundle, load_responses([str(WORKSHOP)], bundle))
    brand = Brand(name="Northwind Advisory", primary="#7a1f5c")
    data = render_deck(results, bundle, brand=brand, generated=dt.date(2026, 12, 2))
    source = tmp_path / "deck.pptx"
    source.write_bytes(data)
    slides = len(Presentation(io.BytesIO(data)).slides)
    assert slides >= 8

    pdf = PdfReader(convert(soffice, source, "pdf", tmp_path))
    assert len(pdf.pages) == slides
    for page in pdf.pages:
        box = page.mediabox
        assert abs(float(box.width) / float(box.height) - 16 / 9) < 0.01

    png = Image.open(convert(soffice, source, "png", tmp_path)).convert("RGB")
    width, height = png.size
    assert abs(width / height - 16 / 9) < 0.01
    # The cover's upper part is the brand-coloured panel.
    pixel = png.getpixel((width // 10, height // 20))
    assert isinstance(pixel, tuple)
    assert all(abs(a - b) <= 8 for a, b in zip(pixel, PRIMARY, strict=True)), pixel
