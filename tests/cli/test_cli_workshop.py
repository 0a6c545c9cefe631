"""`import-csv`: preview, all-or-nothing save, and one-line errors with exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import engagement_in, run
from workshop_bundle import small_bundle

from assessment.cli import workshop as cli_workshop
from assessment.cli.main import main
from assessment.storage.store import Store

B = small_bundle()


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Store, str]:
    monkeypatch.setattr(cli_workshop, "load_bundle", lambda ref: B)
    return engagement_in(tmp_path, B)


def test_import_prints_the_mapping_and_saves(setup, tmp_path: Path, capsys) -> None:
    url, store, code = setup
    f = tmp_path / "s.csv"
    f.write_text("role,Timestamp,strategy-vision\nexecutive,x,4\nfrontline,y,1\n", encoding="utf-8")
    rc, out, err = run(
        capsys,
        "import-csv",
        "--engagement",
        code.lower(),
        str(f),
        "--database",
        url,
        "--ignore-column",
        "timestamp",
    )
    assert (rc, err) == (0, f'{f}: ignored column 2 "Timestamp" (ignored on request)\n')
    half = f"{code[:5]}-{code[5:]}"
    assert out.splitlines() == [
        f"Workshop {half} for Acme (Mini readiness check)",
        "Layout: plain table",
        "Columns:",
        "    1  role  ->  role (role column)",
        "    2  Timestamp  ->  ignored (ignored on request)",
        "    3  strategy-vision  ->  strategy-vision (by question id)",
        "Respondents: 2 (executive 1, frontline 1)",
        f"Imported 2 respondents into workshop {half}.",
    ]
    e = store.get_engagement(code)
    assert e is not None
    assert [(r.role, r.answers) for r in store.respondents(e)] == [
        ("executive", {"strategy-vision": 4}),
        ("frontline", {"strategy-vision": 1}),
    ]


def test_dry_run_saves_nothing(setup, tmp_path: Path, capsys) -> None:
    url, store, code = setup
    f = tmp_path / "s.csv"
    f.write_text("role,strategy-vision\nit,4\n", encoding="utf-8")
    rc, out, _ = run(
        capsys, "import-csv", "--engagement", code, str(f), "--database", url, "--dry-run"
    )
    assert rc == 0 and out.splitlines()[-1] == "Dry run: nothing was saved."
    e = store.get_engagement(code)
    assert e is not None and store.respondents(e) == []


def test_a_bad_row_imports_nothing(setup, tmp_path: Path, capsys) -> None:
    url, store, code = setup
    f = tmp_path / "s.csv"
    rows = ["role,strategy-vision"] + ["manager,3"] * 5 + ["it,seven"]
    f.write_text("\n".join(rows) + "\n", encoding="utf-8")
    rc, out, err = run(capsys, "import-csv", "--engagement", code, str(f), "--database", url)
    assert (rc, out) == (1, "")
    assert err.splitlines() == [
        f"{f}:7:2: strategy-vision: 'seven' is not a level; give 1 to 5, an option label or "
        '"don\'t know"'
    ]
    e = store.get_engagement(code)
    assert e is not None and store.respondents(e) == []


def test_unknown_and_closed_workshops(setup, tmp_path: Path, capsys) -> None:
    url, store, code = setup
    f = tmp_path / "s.csv"
    f.write_text("role,strategy-vision\nit,4\n", encoding="utf-8")
    rc, _, err = run(capsys, "import-csv", "--engagement", "NOPE", str(f), "--database", url)
    assert (rc, err) == (1, "NOPE: no workshop has this code\n")
    store.close_engagement(code)
    rc, _, err = run(capsys, "import-csv", "--engagement", code, str(f), "--database", url)
    assert (rc, err) == (1, f"{code}: this workshop is closed\n")


def test_missing_file(setup, tmp_path: Path, capsys) -> None:
    url, _, code = setup
    missing = tmp_path / "nope.csv"
    rc, _, err = run(capsys, "import-csv", "--engagement", code, str(missing), "--database", url)
    assert (rc, err) == (1, f"{missing}: No such file or directory\n")


def test_engagement_is_required(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["import-csv", "x.csv"])
    assert info.value.code == 2
    assert "the following arguments are required: --engagement" in capsys.readouterr().err


def test_import_takes_an_xlsx_and_names_the_tool(setup, tmp_path: Path, capsys) -> None:
    from openpyxl import Workbook

    url, store, code = setup
    book = Workbook()
    ws = book.active
    assert ws is not None
    for row in (["Timestamp", "Your role", "strategy-vision"], ["2026-11-24", "IT", 4]):
        ws.append(row)
    f = tmp_path / "s.xlsx"
    book.save(f)
    rc, out, err = run(capsys, "import-csv", "--engagement", code, str(f), "--database", url)
    assert rc == 0, err
    assert out.splitlines()[1] == "Layout: Google Forms"
    assert err == f'{f}: ignored column 1 "Timestamp" (Google Forms metadata)\n'
    e = store.get_engagement(code)
    assert e is not None and [r.role for r in store.respondents(e)] == ["it"]
