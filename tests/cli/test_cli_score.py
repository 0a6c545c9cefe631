"""The `score` command: JSON shape, text summary, and bad input without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fixtures.engine.helpers import ENGINE, HERE

from assessment.cli.main import main

ONE = HERE / "one.yaml"
WORKSHOP = HERE / "workshop"
ROOT = Path(__file__).resolve().parents[2]


def score(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["score", *args])
    out, err = capsys.readouterr()
    return code, out, err


def score_json(capsys: pytest.CaptureFixture[str], *paths: Path) -> dict[str, Any]:
    code, out, err = score(capsys, "-q", str(ENGINE), *map(str, paths), "--format", "json")
    assert (code, err) == (0, "")
    data: dict[str, Any] = json.loads(out)
    return data


def check_documented_keys(data: dict[str, Any]) -> None:
    """Every key DESIGN.md section 5 promises to other tools."""
    assert {"questionnaire", "respondents", "overall", "dimensions", "perils", "verdict"} <= set(
        data
    )
    assert {"roadmap", "roles", "divergence"} <= set(data)
    assert set(data["overall"]) >= {"score", "level"}
    assert 0 <= data["overall"]["score"] <= 100 and 1 <= data["overall"]["level"] <= 5
    assert [d["id"] for d in data["dimensions"]] == [
        "strategy",
        "customer-focus",
        "process",
        "people",
        "technology",
    ]
    for d in data["dimensions"]:
        assert set(d) >= {"id", "score", "level", "answered", "unknown"}
    assert data["perils"], "the fixtures are built to fire at least one peril"
    for p in data["perils"]:
        assert set(p) >= {"id", "name", "severity", "blocking", "evidence", "remedy"}
        assert p["evidence"] and all(e["text"] for e in p["evidence"])
    assert data["verdict"]["status"] in ("ready", "conditional", "not_ready")
    assert data["verdict"]["reasons"]
    assert isinstance(data["roadmap"], list)


def test_json_one_respondent(capsys: pytest.CaptureFixture[str]) -> None:
    data = score_json(capsys, ONE)
    check_documented_keys(data)
    assert data["questionnaire"]["id"] == "engine"
    assert data["respondents"] == [
        {
            "name": "Dana Lee",
            "role": "executive",
            "answered": 16,
            "unknown": 1,
            "not_applicable": 0,
        }
    ]
    assert [p["id"] for p in data["perils"]] == [
        "no-strategy",
        "technology-cycle",
        "silos",
        "no-measures",
    ]
    assert data["verdict"]["status"] == "not_ready"
    assert (data["roles"], data["divergence"]) == (None, None)


def test_json_twelve_respondents(capsys: pytest.CaptureFixture[str]) -> None:
    data = score_json(capsys, WORKSHOP)
    check_documented_keys(data)
    assert len(data["respondents"]) == 12
    # One IT and one other respondent are below the anonymity threshold (3): they are pooled
    # with the smallest group (managers), so no group can be worked out from the others.
    assert [r["role"] for r in data["roles"]] == ["executive", "frontline", "other"]
    assert data["roles"][-1]["includes"] == ["manager", "it", "other"]
    assert data["anonymity"]["merged"] == ["manager", "it"]
    assert sum(r["respondents"] for r in data["roles"]) == 12
    assert data["divergence"] and {"question", "spread", "max_gap", "priority"} <= set(
        data["divergence"][0]
    )
    priorities = [d["priority"] for d in data["divergence"]]
    assert priorities == sorted(priorities, reverse=True)
    assert "perception-gap" in [p["id"] for p in data["perils"]]


def test_files_and_folders_mix(capsys: pytest.CaptureFixture[str]) -> None:
    data = score_json(capsys, ONE, WORKSHOP)
    assert len(data["respondents"]) == 13


def test_text_summary(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = score(capsys, "-q", str(ENGINE), str(ONE))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Engine test questionnaire (version 1): 1 respondent (Dana Lee, executive)"
    assert "Verdict: NOT READY TO BUY" in lines
    assert "  - No customer strategy: resolve this before any software is bought." in lines
    assert "Overall: 63.7 of 100, level 4 (Managed)" in lines
    assert "Strategy           37.5  2 Emerging        3/4        1      0" in lines
    assert "  No customer strategy [critical, blocking]" in lines
    assert "    It would clear if this changes:" in lines
    assert "Roadmap" in lines


def test_text_summary_of_a_workshop(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = score(capsys, "-q", str(ENGINE), str(WORKSHOP), "--format", "text")
    assert code == 0
    assert "Roles" in out.splitlines()
    assert "Most divergent questions (discuss first)" in out


def test_bad_responses_one_line_per_problem(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "questionnaire: engine\nanswers:\n  s-behaviour: 9\n  nope: 2\n", encoding="utf-8"
    )
    code, out, err = score(capsys, "-q", str(ENGINE), str(bad))
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert len(lines) == 2
    assert all(line.startswith(f"{bad}:") for line in lines)
    assert "Traceback" not in err


def test_empty_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = score(capsys, "-q", str(ENGINE), str(tmp_path))
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1 and str(tmp_path) in err


def test_missing_questionnaire(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = score(capsys, "-q", "no-such-questionnaire", str(ONE))
    assert code == 1
    assert len(err.splitlines()) == 1 and err.startswith("no-such-questionnaire")


def test_wrong_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["score", "-q", str(ENGINE), str(ONE), "--format", "xml"])
    assert exc.value.code == 2


def test_subprocess_never_shows_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text("questionnaire: engine\nanswers: [unclosed\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "assessment", "score", "-q", str(ENGINE), str(bad)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"{bad}:")


SURVEY = ROOT / "tests" / "fixtures" / "survey_exports"


def test_score_takes_a_survey_export_and_says_what_it_ignored(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = score(
        capsys, "-q", "executive-quick-check", str(SURVEY / "surveymonkey.xlsx"), "--format", "json"
    )
    assert code == 0 and len(json.loads(out)["respondents"]) == 7
    assert err.splitlines()[0] == (
        f'{SURVEY / "surveymonkey.xlsx"}: ignored column 1 "Respondent ID" (SurveyMonkey metadata)'
    )


def test_score_ignore_column_and_mapping(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "s.csv"
    f.write_text("role,Favourite colour,customer-strategy\nit,blue,3\n", encoding="utf-8")
    code, _, err = score(capsys, "-q", "executive-quick-check", str(f))
    assert code == 1 and "--ignore-column" in err
    args = ("-q", "executive-quick-check", str(f), "--ignore-column", "favourite colour")
    code, out, err = score(capsys, *args)
    assert code == 0 and "1 respondent" in out
    assert err == f'{f}: ignored column 2 "Favourite colour" (ignored on request)\n'
    codes = SURVEY / "limesurvey-codes.csv"
    code, _, err = score(capsys, "-q", "executive-quick-check", str(codes))
    assert code == 1 and "matches no question" in err
    mapping = str(SURVEY / "mapping.yaml")
    code, out, _ = score(capsys, "-q", "executive-quick-check", str(codes), "--mapping", mapping)
    assert code == 0 and "7 respondents" in out
