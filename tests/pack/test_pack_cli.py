"""`crm-readiness pack`: three files named for the organisation, usage errors exit 2 and
problems in the input exit 1, one line each, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import run
from pack_fixtures import ROOT, docx_text, xlsx_cells

SCENARIO = ROOT / "tests" / "scenarios" / "06-quick-check-demo-driven" / "responses"


def test_pack_writes_the_document_page_and_scorecard(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pack"
    args = ("pack", "-q", "executive-quick-check", str(SCENARIO), "-o", str(out))
    code, stdout, err = run(capsys, *args, "--organisation", "Acme Ltd", "--vendors", "5")
    assert (code, err) == (0, "")
    names = sorted(p.name for p in out.iterdir())
    assert [n.split("_", 1)[0] for n in names] == ["acme-ltd"] * 3
    assert [n.rsplit("_", 1)[1] for n in names] == [
        "purchase-pack.docx",
        "purchase-pack.html",
        "vendor-scorecard.xlsx",
    ]
    assert stdout.splitlines() == [f"Wrote {out / n}" for n in (names[0], names[1], names[2])]
    assert "Acme Ltd" in docx_text((out / names[0]).read_bytes())
    header = [c.value for c in xlsx_cells((out / names[2]).read_bytes()) if c.row == 5]
    assert header[-5:] == [f"Vendor {i}" for i in range(1, 6)]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--vendors", "0"), "--vendors must be between 1 and 10 (got 0)"),
        (("--vendors", "11"), "--vendors must be between 1 and 10 (got 11)"),
    ],
)
def test_wrong_usage_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: tuple[str, ...], message: str
) -> None:
    args = ("pack", "-q", "executive-quick-check", str(SCENARIO), "-o", str(tmp_path), *extra)
    assert run(capsys, *args) == (2, "", f"crm-readiness: error: {message}\n")


def test_a_file_as_output_is_wrong_usage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "pack.docx"
    target.write_text("x", encoding="utf-8")
    code, _, err = run(
        capsys, "pack", "-q", "executive-quick-check", str(SCENARIO), "-o", str(target)
    )
    assert code == 2
    why = "give a folder, not a file (the pack is three files)"
    assert err == f"crm-readiness: error: -o {target}: {why}\n"


def test_a_missing_brand_file_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    brand = tmp_path / "brand.yaml"
    args = ("pack", "-q", "executive-quick-check", str(SCENARIO), "-o", str(tmp_path / "o"))
    code, out, err = run(capsys, *args, "--brand", str(brand))
    assert (code, out) == (1, "")
    assert len(err.splitlines()) == 1 and err.startswith(f"{brand}: ")
    assert not (tmp_path / "o").exists()
