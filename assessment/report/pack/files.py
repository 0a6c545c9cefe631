"""The pack's three files, named for the organisation, questionnaire and date, and the ZIP
the app offers for download."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from assessment.content.purchase import load_purchase
from assessment.model.questionnaire import Bundle
from assessment.model.results import Results
from assessment.report.brand import Brand
from assessment.report.filenames import deliverable_stem
from assessment.report.pack.build import build_pack
from assessment.report.pack.document import render_pack_docx
from assessment.report.pack.model import Pack
from assessment.report.pack.page import render_pack_html
from assessment.report.pack.scorecard import render_scorecard

PACK_SUFFIX = "_purchase-pack"
SCORECARD_SUFFIX = "_vendor-scorecard"


def purchase_pack(
    results: Results,
    bundle: Bundle,
    *,
    organisation: str | None = None,
    vendors: int = 3,
    generated: dt.date | None = None,
) -> Pack:
    """The pack for these results, from the bundled purchase templates."""
    content = load_purchase()
    return build_pack(
        results, bundle, content, organisation=organisation, vendors=vendors, generated=generated
    )


def pack_files(pack: Pack, brand: Brand | None = None) -> dict[str, bytes]:
    """File name -> bytes: the document (.docx), the same as a web page (.html) and the
    vendor scorecard (.xlsx)."""
    stem = deliverable_stem(pack.organisation, pack.questionnaire_id, pack.generated)
    return {
        f"{stem}{PACK_SUFFIX}.docx": render_pack_docx(pack, brand),
        f"{stem}{PACK_SUFFIX}.html": render_pack_html(pack, brand).encode("utf-8"),
        f"{stem}{SCORECARD_SUFFIX}.xlsx": render_scorecard(pack, brand),
    }


def pack_zip(pack: Pack, brand: Brand | None = None) -> bytes:
    """The three files in one ZIP archive."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in pack_files(pack, brand).items():
            archive.writestr(name, data)
    return out.getvalue()
