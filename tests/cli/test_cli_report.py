"""The `report` command and `score --from-report`, end to end on the bundled questionnaire."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest
from cli_helpers import run
from conftest import CHROMIUM, missing_prerequisite
from html_tree import parse
from report_fixtures import HOSTILE, make_responses, write_responses

from assessment.content.questionnaires import load_bundle
from assessment.content.responses import load_responses
from assessment.engine.assess import assess
from assessment.model.questionnaire import Bundle
from assessment.report.render import results_from_report

BRAND = "name: Northwind Advisory\nprimary_colour: '#0b6e4f'\nfooter: Confidential\n"


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    """The full bundled questionnaire."""
    return load_bundle("crm-readiness")


@pytest.fixture(scope="module")
def folder(bundle: Bundle, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Thirty response files in one folder."""
    path = tmp_path_factory.mktemp("responses") / "workshop"
    write_responses(path, make_responses(bundle, 30))
    return path


def test_html_report(
    tmp_path: Path, folder: Path, bundle: Bundle, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.html"
    (tmp_path / "brand.yaml").write_text(BRAND)
    code, stdout, err = run(
        capsys, "report", "-q", "crm-readiness", str(folder), "-o", str(out),
        "--brand", str(tmp_path / "brand.yaml"), "--organisation", "Globex plc",
        "--facilitator", "Sam Ortiz",
    )  # fmt: skip
    assert (code, stdout, err) == (0, f"Wrote {out}\n", "")
    html = out.read_text(encoding="utf-8")
    expected = assess(bundle, load_responses([folder], bundle))
    embedded = results_from_report(html)
    assert embedded == expected.model_copy(update={"organisation": "Globex plc"})
    cover = parse(html).find("section", id="cover")
    assert cover.find("h1").text == "Globex plc"
    assert "Sam Ortiz" in cover.text and "Northwind Advisory" in cover.text
    assert "--primary: #0b6e4f;" in html
    assert len(html.encode("utf-8")) <= 2_200_000


def test_json_export_equals_score_output(
    tmp_path: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "results.json"
    assert run(capsys, "report", "-q", "crm-readiness", str(folder), "-o", str(out))[0] == 0
    code, scored, _ = run(capsys, "score", "-q", "crm-readiness", str(folder), "--format", "json")
    assert code == 0
    assert out.read_text(encoding="utf-8") == scored
    assert json.loads(scored)["questionnaire"]["id"] == "crm-readiness"


def test_csv_export_writes_answers_and_summary(
    tmp_path: Path, folder: Path, bundle: Bundle, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "answers.csv"
    code, stdout, _ = run(
        capsys, "report", "-q", "crm-readiness", str(folder), "-o", str(out), "--format", "csv"
    )
    summary = tmp_path / "answers-summary.csv"
    assert (code, stdout) == (0, f"Wrote {out} and {summary}\n")
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    assert len(rows) == 30 * len(bundle.questionnaire.questions())
    ids = [r["dimension_id"] for r in csv.DictReader(summary.open(encoding="utf-8-sig"))]
    assert ids == [d.id for d in bundle.questionnaire.dimensions] + ["overall"]


def test_score_from_report_prints_the_same_results(
    tmp_path: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "r.html"
    run(capsys, "report", "-q", "crm-readiness", str(folder), "-o", str(report))
    for fmt in ("json", "text"):
        _, direct, _ = run(capsys, "score", "-q", "crm-readiness", str(folder), "--format", fmt)
        code, again, err = run(capsys, "score", "--from-report", str(report), "--format", fmt)
        assert (code, err) == (0, "")
        assert again == direct


def test_score_from_something_else(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.html"
    page.write_text("<p>hello</p>")
    assert run(capsys, "score", "--from-report", str(page)) == (
        1, "", f"{page}: not a CRM readiness report: it holds no embedded results\n"
    )  # fmt: skip
    missing = tmp_path / "nope.html"
    assert run(capsys, "score", "--from-report", str(missing)) == (
        1, "", f"{missing}: cannot read the report (No such file or directory)\n"
    )  # fmt: skip


def test_score_needs_responses_or_a_report(capsys: pytest.CaptureFixture[str]) -> None:
    message = "give --questionnaire and RESPONSES (or --from-report REPORT)"
    assert run(capsys, "score") == (2, "", f"crm-readiness: error: {message}\n")


def test_format_follows_the_file_extension(
    tmp_path: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "results.JSON"
    assert run(capsys, "report", "-q", "crm-readiness", str(folder), "-o", str(out))[0] == 0
    assert json.loads(out.read_text(encoding="utf-8"))["overall"]["level"] in range(1, 6)


@pytest.mark.parametrize("name", ["notes.docx", "slides.key", "report.txt"])
def test_a_suffix_the_command_cannot_write_is_a_usage_error(
    tmp_path: Path, folder: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    out = tmp_path / name
    code, stdout, err = run(capsys, "report", "-q", "crm-readiness", str(folder), "-o", str(out))
    suffix = name.rsplit(".", 1)[1]
    assert (code, stdout) == (2, "")
    assert err.startswith(f"crm-readiness: error: cannot write a .{suffix} file;")
    assert not out.exists()


def test_a_pptx_file_is_the_deck(
    tmp_path: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pptx import Presentation

    out = tmp_path / "deck.PPTX"
    (tmp_path / "brand.yaml").write_text(BRAND)
    code, stdout, err = run(
        capsys, "report", "-q", "crm-readiness", str(folder), "-o", str(out),
        "--brand", str(tmp_path / "brand.yaml"), "--organisation", "Globex plc",
        "--facilitator", "Sam Ortiz",
    )  # fmt: skip
    assert (code, stdout, err) == (0, f"Wrote {out}\n", "")
    deck = Presentation(str(out))
    cover = "\n".join(sh.text_frame.text for sh in deck.slides[0].shapes if sh.has_text_frame)
    assert "Globex plc" in cover and "Prepared by Northwind Advisory" in cover
    assert "Sam Ortiz" in cover
    assert len(deck.slides) >= 8  # thirty respondents: the workshop slides are there


def test_format_pptx_into_a_folder_names_the_deck_like_the_other_deliverables(
    tmp_path: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, stdout, _ = run(
        capsys, "report", "-q", "crm-readiness", str(folder), "-o", str(tmp_path),
        "--organisation", "Café Ünited & Co", "--format", "pptx",
    )  # fmt: skip
    deck = tmp_path / f"cafe-united-co_crm-readiness_{dt.date.today().isoformat()}.pptx"
    assert (code, stdout) == (0, f"Wrote {deck}\n")
    assert deck.read_bytes()[:2] == b"PK"  # a zip package, not HTML under a .pptx name


def test_a_folder_as_output_names_the_file_for_organisation_questionnaire_and_date(
    tmp_path: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    today = dt.date.today().isoformat()
    for org, fmt in (("Café Ünited & Co", "html"), ("Globex plc", "json")):
        code, stdout, _ = run(
            capsys, "report", "-q", "crm-readiness", str(folder), "-o", str(tmp_path),
            "--organisation", org, "--format", fmt,
        )  # fmt: skip
        assert code == 0
    html = tmp_path / f"cafe-united-co_crm-readiness_{today}.html"
    assert (
        html.exists()
        and stdout.strip() == f"Wrote {tmp_path / f'globex-plc_crm-readiness_{today}.json'}"
    )
    assert json.loads((tmp_path / f"globex-plc_crm-readiness_{today}.json").read_text())


def test_bad_brand_file_is_reported_with_its_position(
    tmp_path: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    brand = tmp_path / "brand.yaml"
    brand.write_text("name: N\nprimary_colour: blue\n")
    out = tmp_path / "r.html"
    code, stdout, err = run(
        capsys, "report", "-q", "crm-readiness", str(folder), "-o", str(out), "--brand", str(brand)
    )
    assert (code, stdout) == (1, "")
    assert (
        err
        == f"{brand}:2:17: primary_colour: 'blue' is not a colour; use #RRGGBB, e.g. \"#1f4e79\"\n"
    )
    assert not out.exists()


def test_unwritable_output(
    tmp_path: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "missing-dir" / "r.html"
    assert run(capsys, "report", "-q", "crm-readiness", str(folder), "-o", str(out)) == (
        1, "", f"{out}: cannot write the file (No such file or directory)\n"
    )  # fmt: skip


def test_hostile_names_stay_text_through_the_cli(
    tmp_path: Path, bundle: Bundle, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "hostile"
    write_responses(folder, make_responses(bundle, 4, hostile=True))
    out = tmp_path / "r.html"
    code, _, _ = run(
        capsys, "report", "-q", "crm-readiness", str(folder), "-o", str(out),
        "--facilitator", HOSTILE["name"],
    )  # fmt: skip
    assert code == 0
    doc = parse(out.read_text(encoding="utf-8"))
    assert doc.find_all("img") == []
    assert len(doc.find_all("script")) == 5
    assert doc.find("h1").text == HOSTILE["organisation"]


def test_pdf_without_chromium_says_what_to_do(
    tmp_path: Path,
    folder: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CRM_READINESS_CHROMIUM", str(tmp_path / "no-such-browser"))
    out = tmp_path / "r.pdf"
    assert run(capsys, "report", "-q", "crm-readiness", str(folder), "-o", str(out)) == (
        1,
        "",
        "crm-readiness: error: --format pdf needs Chromium, which was not found (install it, "
        "e.g. 'apt-get install chromium', or set CRM_READINESS_CHROMIUM); or write HTML and "
        "print it from any browser\n",
    )
    assert not out.exists()


@pytest.mark.browser
def test_pdf_holds_the_rendered_charts(
    tmp_path: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        missing_prerequisite("Debian chromium is not installed (apt-get install chromium)")
    from pypdf import PdfReader

    out = tmp_path / "r.pdf"
    code, stdout, _ = run(capsys, "report", "-q", "crm-readiness", str(folder), "-o", str(out))
    assert (code, stdout) == (0, f"Wrote {out}\n")
    reader = PdfReader(out)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert reader.pages[0].mediabox.width == pytest.approx(595.92, abs=1)  # A4 portrait
    assert "Drawing the chart" not in text
    # Legend and axis texts exist only inside the drawn plotly charts.
    assert "All respondents" in text
    assert "Executives (4)" in text
    assert "Score (0–100)" in text


def test_report_takes_a_survey_export_with_its_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    survey = Path(__file__).resolve().parents[1] / "fixtures" / "survey_exports"
    out = tmp_path / "r.json"
    code, _, err = run(
        capsys, "report", "-q", "executive-quick-check", str(survey / "limesurvey-codes.csv"),
        "--mapping", str(survey / "mapping.yaml"), "-o", str(out),
    )  # fmt: skip
    assert code == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))["respondents"]) == 7
    assert 'ignored column 1 "id" (LimeSurvey metadata)' in err
    code, _, err = run(
        capsys, "report", "-q", "executive-quick-check", str(survey / "microsoft-forms.xlsx"),
        "--sheet", "Nope", "-o", str(out),
    )  # fmt: skip
    assert code == 1 and "no sheet 'Nope'; the workbook has Sheet1" in err
