"""`handout`: the printable invitation of a workshop, its address, and clear errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cli_helpers import engagement_in, run
from conftest import CHROMIUM, missing_prerequisite
from workshop_bundle import small_bundle

from assessment.cli import handout as cli_handout
from assessment.storage.store import Store

B = small_bundle()
ADDRESS = "https://crm.example.org"


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Store, str]:
    monkeypatch.setattr(cli_handout, "load_bundle", lambda ref: B)
    monkeypatch.delenv("CRM_READINESS_PUBLIC_URL", raising=False)
    return engagement_in(tmp_path, B)


def test_writes_the_html_handout(setup, tmp_path: Path, capsys) -> None:
    url, _, code = setup
    out = tmp_path / "handout.html"
    rc, stdout, err = run(capsys, "handout", "--engagement", code.lower(), "-o", str(out),
                          "--database", url, "--public-url", ADDRESS + "/",
                          "--facilitator", "Maria Lopez")  # fmt: skip
    assert (rc, stdout, err) == (0, f"Wrote {out}\n", "")
    html = out.read_text(encoding="utf-8")
    assert f"{ADDRESS}/?join={code}" in html
    assert f"{code[:5]}-{code[5:]}" in html and "Maria Lopez" in html
    assert "Mini readiness check" in html


def test_the_brand_file_is_used(setup, tmp_path: Path, capsys) -> None:
    url, _, code = setup
    brand = tmp_path / "brand.yaml"
    brand.write_text('name: Northwind Advisory\nprimary_colour: "#0b6e4f"\n', encoding="utf-8")
    out = tmp_path / "h.html"
    rc, _, _ = run(capsys, "handout", "--engagement", code, "-o", str(out), "--database", url,
                   "--public-url", ADDRESS, "--brand", str(brand))  # fmt: skip
    html = out.read_text(encoding="utf-8")
    assert rc == 0 and "Northwind Advisory" in html and "--brand: #0b6e4f" in html


def test_the_address_comes_from_the_workshop_then_the_flag_then_the_setting(
    setup, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, store, code = setup
    out = tmp_path / "h.html"
    argv = ("handout", "--engagement", code, "-o", str(out), "--database", url)
    monkeypatch.setenv("CRM_READINESS_PUBLIC_URL", "https://configured.example.org")
    assert run(capsys, *argv)[0] == 0
    assert f"https://configured.example.org/?join={code}" in out.read_text(encoding="utf-8")
    assert run(capsys, *argv, "--public-url", ADDRESS)[0] == 0
    assert f"{ADDRESS}/?join={code}" in out.read_text(encoding="utf-8")
    e = store.get_engagement(code)
    assert e is not None
    store.set_public_url(e, "https://room.example.net")
    assert run(capsys, *argv, "--public-url", ADDRESS)[0] == 0
    html = out.read_text(encoding="utf-8")
    assert f"https://room.example.net/?join={code}" in html and ADDRESS not in html


def test_without_any_address_it_says_what_to_give(setup, tmp_path: Path, capsys) -> None:
    url, _, code = setup
    out = tmp_path / "h.html"
    assert run(capsys, "handout", "--engagement", code, "-o", str(out), "--database", url) == (
        2,
        "",
        "crm-readiness: error: the handout needs the address phones in the room open: give "
        "--public-url URL or set CRM_READINESS_PUBLIC_URL (or set the workshop's public "
        "address in the app)\n",
    )
    assert not out.exists()
    rc, _, err = run(capsys, "handout", "--engagement", code, "-o", str(out), "--database", url,
                     "--public-url", "ftp://x")  # fmt: skip
    assert rc == 2 and err.startswith("crm-readiness: error: --public-url 'ftp://x': ")
    assert not out.exists()


def test_unknown_or_closed_workshop(setup, tmp_path: Path, capsys) -> None:
    url, store, code = setup
    out = tmp_path / "h.html"
    argv = ("-o", str(out), "--database", url, "--public-url", ADDRESS)
    assert run(capsys, "handout", "--engagement", "NOPE", *argv) == (
        1,
        "",
        "NOPE: no workshop has this code\n",
    )
    store.close_engagement(code)
    assert run(capsys, "handout", "--engagement", code, *argv) == (
        1,
        "",
        f"{code}: this workshop is closed\n",
    )
    assert not out.exists()


@pytest.mark.parametrize("name", ["handout.docx", "handout.pptx", "handout"])
def test_a_suffix_it_cannot_write_exits_2(setup, tmp_path: Path, capsys, name: str) -> None:
    url, _, code = setup
    out = tmp_path / name
    rc, stdout, err = run(capsys, "handout", "--engagement", code, "-o", str(out),
                          "--database", url, "--public-url", ADDRESS)  # fmt: skip
    suffix = Path(name).suffix
    what = f"cannot write a {suffix} handout" if suffix else f"{out} has no suffix"
    assert (rc, stdout) == (2, "")
    assert err == f"crm-readiness: error: {what}; give a FILE ending in .html or .pdf\n"
    assert not out.exists()


def test_pdf_without_chromium_says_what_to_do(
    setup, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, _, code = setup
    monkeypatch.setenv("CRM_READINESS_CHROMIUM", str(tmp_path / "no-such-browser"))
    out = tmp_path / "h.pdf"
    rc, _, err = run(capsys, "handout", "--engagement", code, "-o", str(out), "--database", url,
                     "--public-url", ADDRESS)  # fmt: skip
    assert rc == 1 and err.startswith("crm-readiness: error: --format pdf needs Chromium")
    assert not out.exists()


@pytest.mark.browser
@pytest.mark.parametrize(("paper", "width"), [("A4", 595.9), ("letter", 612)])
def test_writes_a_one_page_pdf(setup, tmp_path: Path, capsys, paper: str, width: float) -> None:
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        missing_prerequisite("Debian chromium is not installed (apt-get install chromium)")
    from pypdf import PdfReader

    url, _, code = setup
    out = tmp_path / "h.pdf"
    rc, stdout, _ = run(capsys, "handout", "--engagement", code, "-o", str(out), "--database",
                        url, "--public-url", ADDRESS, "--paper", paper)  # fmt: skip
    assert (rc, stdout) == (0, f"Wrote {out}\n")
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    assert float(reader.pages[0].mediabox.width) == pytest.approx(width, abs=1)
