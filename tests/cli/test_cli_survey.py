"""The `survey` command: writes each pre-survey format, refuses to overwrite, exit codes."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
import yaml

from assessment.cli import main as cli
from assessment.cli.survey import mapping_path
from assessment.content.pre_survey.formats import FORMATS

HERE = Path(__file__).resolve().parents[1]
MINI = HERE / "fixtures" / "mini" / "mini.yaml"


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_writes_each_format(fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"pre-survey{FORMATS[fmt].suffix}"
    assert cli.main(["survey", "executive-quick-check", "--format", fmt, "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"Wrote {out}" in printed
    data = out.read_bytes()
    if fmt == "xlsform":
        assert "xl/workbook.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    elif fmt == "qualtrics-txt":
        assert data.startswith(b"[[AdvancedFormat]]") and b"[[ID:customer-view]]" in data
    elif fmt == "limesurvey-txt":
        assert data.startswith(b"id\trelated_id\tclass\t")
        mapping = mapping_path(out)
        assert mapping == tmp_path / "pre-survey.mapping.yaml"
        assert f"Wrote {mapping}" in printed
        assert yaml.safe_load(mapping.read_text(encoding="utf-8"))["columns"]["Q01"] == (
            "customer-strategy"
        )
    else:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert [r[0] for r in rows[:3]] == ["code", "role", "name"] and len(rows) == 18


def test_a_questionnaire_path_works(tmp_path: Path) -> None:
    out = tmp_path / "mini.csv"
    assert cli.main(["survey", str(MINI), "--format", "csv", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfcode,question")


def test_refuses_an_existing_file_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "survey.txt"
    out.write_text("keep me", encoding="utf-8")
    args = ["survey", "crm-readiness", "--format", "qualtrics-txt", "-o", str(out)]
    assert cli.main(args) == 1
    err = capsys.readouterr().err
    assert err == f"{out}: already exists; use --force to overwrite it\n"
    assert out.read_text(encoding="utf-8") == "keep me"
    assert cli.main([*args, "--force"]) == 0
    assert out.read_text(encoding="utf-8").startswith("[[AdvancedFormat]]")


def test_refuses_an_existing_mapping_file_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "ls.txt"
    mapping_path(out).write_text("keep", encoding="utf-8")
    args = ["survey", "executive-quick-check", "--format", "limesurvey-txt", "-o", str(out)]
    assert cli.main(args) == 1
    assert "ls.mapping.yaml: already exists" in capsys.readouterr().err
    assert not out.exists()
    assert cli.main([*args, "--force"]) == 0
    assert mapping_path(out).read_text(encoding="utf-8").startswith("# Mapping")


def test_unknown_format_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["survey", "crm-readiness", "--format", "docx", "-o", str(tmp_path / "x")])
    assert exc.value.code == 2
    assert "invalid choice: 'docx'" in capsys.readouterr().err


def test_a_bad_questionnaire_prints_the_content_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.csv"
    assert cli.main(["survey", "no-such-thing", "--format", "csv", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("no-such-thing: no such file, and no bundled questionnaire")
    assert "Traceback" not in err and not out.exists()
