"""What a user typed (organisation, notes) stays text in every format of the pack: escaped
in HTML, literal runs in Word, and defused in the spreadsheet (no formula, leading quote)."""

from __future__ import annotations

import io
import zipfile

import pytest
from markupsafe import escape
from pack_fixtures import DAY, ROOT, docx_text, xlsx_cells

from assessment.content.purchase import load_purchase
from assessment.content.questionnaires import load_bundle
from assessment.content.responses import load_responses
from assessment.engine.assess import assess
from assessment.report.pack.build import build_pack
from assessment.report.pack.document import render_pack_docx
from assessment.report.pack.page import render_pack_html
from assessment.report.pack.scorecard import render_scorecard

PAYLOADS = ["<script>alert(1)</script>", '=HYPERLINK("http://x")', "+1", "-1", "@SUM(A1)"]
RESPONSES = ROOT / "tests" / "scenarios" / "07-quick-check-ready" / "responses"
OURS = ("=SUM(", "=SUMPRODUCT(", "=COUNT(")  # the scorecard's own formulas


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_stay_text_in_html_docx_and_xlsx(payload: str) -> None:
    bundle = load_bundle("executive-quick-check")
    [one] = load_responses([RESPONSES], bundle)
    noted = one.model_copy(
        update={"organisation": payload, "notes": {"complaint-handling": payload}}
    )
    results = assess(bundle, [noted])
    pack = build_pack(results, bundle, load_purchase(), generated=DAY)
    assert pack.organisation == payload
    assert any(payload in r.notes for r in pack.requirements)

    html = render_pack_html(pack)
    assert "<script" not in html
    assert html.count(str(escape(payload))) >= 3  # title, cover and the note

    data = render_pack_docx(pack)
    assert payload in docx_text(data).splitlines()  # the organisation, as its own line
    assert f"In your words: “{payload}”" in docx_text(data)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "instrText" not in xml and "fldSimple" not in xml  # no field codes anywhere

    cells = xlsx_cells(render_scorecard(pack))
    formulas = [c.value for c in cells if c.data_type == "f"]
    assert formulas and all(str(f).startswith(OURS) for f in formulas)
    typed = [c for c in cells if isinstance(c.value, str) and payload in c.value]
    assert typed, "the organisation is in the scorecard"
    for c in typed:
        assert c.data_type == "s"
        assert c.value[:1] not in ("=", "+", "-", "@")
