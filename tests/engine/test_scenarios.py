"""Golden scenarios: realistic organisations whose perils and verdict must not drift.

Each folder under tests/scenarios/ holds one organisation's responses files (in responses/, so
that folder can be passed to `score` as it is) and an expected.yaml giving the questionnaire
id, the exact set of perils and the verdict status. Every scenario runs through assess() and
through the command line.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from assessment.content.questionnaires import load_bundle
from assessment.content.responses import load_responses
from assessment.engine.assess import assess

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "tests" / "scenarios"
FOLDERS = sorted(p for p in SCENARIOS.iterdir() if p.is_dir())
IDS = [p.name for p in FOLDERS]


def expected(folder: Path) -> dict[str, Any]:
    """The scenario's expected.yaml."""
    data: dict[str, Any] = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))
    return data


def response_files(folder: Path) -> list[Path]:
    """The scenario's responses files (its responses/ folder), in name order."""
    return sorted(p for p in (folder / "responses").iterdir() if p.suffix in (".yaml", ".json"))


def test_there_are_at_least_ten_scenarios() -> None:
    assert len(FOLDERS) >= 10


def test_scenarios_cover_every_peril_and_every_verdict() -> None:
    raised = set().union(*(expected(f)["perils"] for f in FOLDERS))
    catalogue = load_bundle("crm-readiness").catalogue
    assert raised == {p.id for p in catalogue.perils}
    assert {expected(f)["verdict"] for f in FOLDERS} == {"ready", "conditional", "not_ready"}
    assert {expected(f)["questionnaire"] for f in FOLDERS} == {
        "crm-readiness",
        "executive-quick-check",
    }


@pytest.mark.parametrize("folder", FOLDERS, ids=IDS)
def test_expected_file_describes_the_organisation(folder: Path) -> None:
    text = (folder / "expected.yaml").read_text(encoding="utf-8")
    assert text.startswith("# "), "start with a comment saying what the organisation is like"
    assert set(expected(folder)) == {"questionnaire", "perils", "verdict"}
    assert response_files(folder)
    assert sorted(p.name for p in folder.iterdir()) == ["expected.yaml", "responses"]


@pytest.mark.parametrize("folder", FOLDERS, ids=IDS)
def test_scenario_through_assess(folder: Path) -> None:
    want = expected(folder)
    bundle = load_bundle(want["questionnaire"])
    files = response_files(folder)
    responses = load_responses(files, bundle)
    results = assess(bundle, responses)
    assert len(results.respondents) == len(files)
    assert sorted(p.id for p in results.perils) == sorted(want["perils"])
    assert results.verdict.status == want["verdict"]


@pytest.mark.parametrize("folder", FOLDERS, ids=IDS)
def test_scenario_through_the_command_line(folder: Path) -> None:
    want = expected(folder)
    files = [str(p.relative_to(ROOT)) for p in response_files(folder)]
    done = subprocess.run(
        [sys.executable, "-m", "assessment", "score", "--questionnaire", want["questionnaire"]]
        + files
        + ["--format", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert results["questionnaire"]["id"] == want["questionnaire"]
    assert len(results["respondents"]) == len(files)
    assert sorted(p["id"] for p in results["perils"]) == sorted(want["perils"])
    assert results["verdict"]["status"] == want["verdict"]
