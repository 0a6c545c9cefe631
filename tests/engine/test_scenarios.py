"""Golden scenarios: realistic organisations whose perils and verdict must not drift.

Each folder under tests/scenarios/ holds one organisation's responses files (in responses/, so
that folder can be passed to `score` as it is) and an expected.yaml giving the questionnaire
id, the exact set of perils and the verdict status. Scenarios from 15 on also hold scenario.md
(the paragraph about the organisation that the responses were answered blind from) and, in
expected.yaml, `blind: true`, the issue-14 `classes` they cover, `near_miss` perils that must
not fire (with the reason) and the `respondents` by role. Every scenario runs through assess()
and through the command line. See tests/scenarios/README.md.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from cli_helpers import run

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


BASE_KEYS = {"questionnaire", "perils", "verdict"}
BLIND_KEYS = BASE_KEYS | {"blind", "classes", "near_miss", "respondents"}
BLIND = [f for f in FOLDERS if expected(f).get("blind")]


def test_there_are_at_least_thirty_scenarios_twenty_of_them_answered_blind() -> None:
    assert len(FOLDERS) >= 30
    assert len(BLIND) >= 20


def test_each_peril_fires_in_two_scenarios_and_is_a_near_miss_in_one() -> None:
    catalogue = load_bundle("crm-readiness").catalogue
    fires = {p.id: 0 for p in catalogue.perils}
    near = {p.id: 0 for p in catalogue.perils}
    for folder in FOLDERS:
        for peril in expected(folder)["perils"]:
            fires[peril] += 1
        for peril in expected(folder).get("near_miss", {}):
            near[peril] += 1
    assert {p: n for p, n in fires.items() if n < 2} == {}
    assert {p: n for p, n in near.items() if n < 1} == {}


def test_blind_scenarios_cover_every_class_of_issue_14_and_three_workshops() -> None:
    classes = set().union(*(expected(f)["classes"] for f in BLIND))
    assert classes == {1, 2, 3, 4, 5, 6}
    workshops = [f for f in BLIND if len(response_files(f)) > 1]
    assert len(workshops) >= 3


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
    want = expected(folder)
    assert response_files(folder)
    if not want.get("blind"):
        assert set(want) == BASE_KEYS
        assert sorted(p.name for p in folder.iterdir()) == ["expected.yaml", "responses"]
        return
    assert set(want) == BLIND_KEYS
    assert sorted(p.name for p in folder.iterdir()) == ["expected.yaml", "responses", "scenario.md"]
    assert not set(want["near_miss"]) & set(want["perils"])
    by_role: dict[str, int] = {}
    for person in load_responses(response_files(folder), load_bundle(want["questionnaire"])):
        by_role[person.respondent.role] = by_role.get(person.respondent.role, 0) + 1
    assert by_role == {k: v for group in want["respondents"] for k, v in group.items()}


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
    assert not {p.id for p in results.perils} & set(want.get("near_miss", {}))
    assert all(p.evidence for p in results.perils)


def scored_json(want: dict[str, Any], results: dict[str, Any], files: list[str]) -> None:
    """The JSON of `score` says what expected.yaml expects."""
    assert results["questionnaire"]["id"] == want["questionnaire"]
    assert len(results["respondents"]) == len(files)
    assert sorted(p["id"] for p in results["perils"]) == sorted(want["perils"])
    assert results["verdict"]["status"] == want["verdict"]


@pytest.mark.parametrize("folder", FOLDERS, ids=IDS)
def test_scenario_through_the_command_line(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    want = expected(folder)
    files = [str(p) for p in response_files(folder)]
    code, out, err = run(capsys, "score", "--questionnaire", want["questionnaire"], *files,
                         "--format", "json")  # fmt: skip
    assert code == 0, err
    scored_json(want, json.loads(out), files)


# One scenario of each questionnaire also goes through a real `python -m assessment` process.
@pytest.mark.parametrize(
    "folder",
    [next(f for f in FOLDERS if expected(f)["questionnaire"] == q and len(response_files(f)) > 0)
     for q in ("crm-readiness", "executive-quick-check")],
    ids=["crm-readiness", "executive-quick-check"],
)  # fmt: skip
def test_scenario_through_a_command_line_process(folder: Path) -> None:
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
    scored_json(want, json.loads(done.stdout), files)
