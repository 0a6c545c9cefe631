"""The lint command: --sensitivity over scenario folders, and the content lint without it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assessment.cli import main as cli

HERE = Path(__file__).resolve().parents[1]
MINI = HERE / "fixtures" / "mini" / "mini.yaml"

# silos: te-single-view <= 2 and not cf-complaints >= 4; here it fires and hinges on either.
FRAGILE = {"te-single-view": 2, "cf-complaints": 3, "st-goals": 5, "pr-mapped": 3}
ROBUST = {"te-single-view": 5, "cf-complaints": 5, "st-goals": 5, "pr-mapped": 5}


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; exit code, stdout and stderr."""
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def scenario(parent: Path, name: str, answers: dict[str, int]) -> Path:
    """A scenario folder on the mini questionnaire with one respondent."""
    folder = parent / name
    (folder / "responses").mkdir(parents=True)
    (folder / "expected.yaml").write_text(
        f"# {name}\nquestionnaire: {MINI}\nperils: []\nverdict: ready\n", encoding="utf-8"
    )
    lines = "".join(f"  {q}: {a}\n" for q, a in answers.items())
    (folder / "responses" / "01-owner.yaml").write_text(
        f"questionnaire: mini\nrespondent: {{name: Olu, role: other}}\nanswers:\n{lines}",
        encoding="utf-8",
    )
    return folder


def test_a_fragile_peril_is_a_warning_and_strict_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(scenario(tmp_path, "01-fragile", FRAGILE))
    code, out, err = call(capsys, "lint", "--sensitivity", folder)
    assert code == 0
    assert out.startswith("Sensitivity to one answer: 1 scenario, ")
    assert "Hinges of silos (" in out
    every = "2 -> 3, 4, 5, unknown, unanswered"
    assert f"  01-fragile: te-single-view by 01-owner.yaml, {every}\n" in out
    assert "  01-fragile: cf-complaints by 01-owner.yaml, 3 -> 4, 5\n" in out
    assert err == (
        "01-fragile: warning: peril 'silos' is fragile: 7 single-answer changes turn it off, "
        "e.g. cf-complaints by 01-owner.yaml, 3 -> 4\n"
    )
    code, _, err = call(capsys, "lint", "--sensitivity", "--strict", folder)
    assert code == 1 and "peril 'silos' is fragile" in err


def test_strict_passes_when_nothing_hinges_on_one_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(scenario(tmp_path, "02-robust", ROBUST))
    code, out, err = call(capsys, "lint", "--sensitivity", "--strict", folder)
    assert (code, err) == (0, "")
    assert "Hinges of" not in out


def test_json_keys(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario(tmp_path, "01-fragile", FRAGILE)
    scenario(tmp_path, "02-robust", ROBUST)
    code, out, _ = call(capsys, "lint", "--sensitivity", str(tmp_path), "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert set(data) == {"changes", "scenarios", "perils", "fragile"}
    assert [s["name"] for s in data["scenarios"]] == ["01-fragile", "02-robust"]
    assert data["scenarios"][0]["perils"] == ["silos"]
    silos = next(p for p in data["perils"] if p["id"] == "silos")
    assert set(silos) == {"id", "name", "fires_in", "flips_off", "flips_on", "fragile_in", "hinges"}
    assert silos["fires_in"] == ["01-fragile"]
    assert silos["flips_off"] == {"changes": 7, "scenarios": ["01-fragile"]}
    assert silos["hinges"][0] == {
        "scenario": "01-fragile",
        "respondent": "01-owner.yaml",
        "question": "cf-complaints",
        "from": 3,
        "to": 4,
    }
    assert data["fragile"] == [{"peril": "silos", "scenario": "01-fragile"}]
    assert data["changes"] == sum(s["changes"] for s in data["scenarios"])


def test_default_scenarios_are_tests_scenarios_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario(tmp_path / "tests" / "scenarios", "01-fragile", FRAGILE)
    monkeypatch.chdir(tmp_path)
    code, out, _ = call(capsys, "lint", "--sensitivity", "--strict")
    assert code == 1 and out.startswith("Sensitivity to one answer: 1 scenario, ")


def test_no_scenarios_is_wrong_usage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = call(capsys, "lint", "--sensitivity")
    assert (code, out) == (2, "")
    assert err == (
        "crm-readiness: error: lint --sensitivity: give scenario folders (with expected.yaml "
        "and responses/) or folders of them; there is no tests/scenarios here\n"
    )
    code, _, err = call(capsys, "lint", "--sensitivity", str(tmp_path))
    assert code == 2
    assert err == (
        f"crm-readiness: error: {tmp_path}: not a scenario folder "
        "(expected.yaml and responses/) nor a folder of them\n"
    )


def test_an_expected_file_without_questionnaire_is_a_content_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = scenario(tmp_path, "01-fragile", FRAGILE)
    (folder / "expected.yaml").write_text("perils: []\n", encoding="utf-8")
    code, out, err = call(capsys, "lint", "--sensitivity", str(folder))
    assert (code, out) == (1, "")
    assert err == (
        f"{folder / 'expected.yaml'}: questionnaire: missing: say which questionnaire the "
        "responses answer (an id or a path)\n"
    )


def test_without_sensitivity_lint_is_the_content_lint(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert call(capsys, "lint", str(MINI)) == call(capsys, "validate", str(MINI))
    code, _, err = call(capsys, "lint")
    assert code == 2
    assert err == (
        "crm-readiness: error: lint: give questionnaire files or ids, or use --sensitivity\n"
    )
