"""questionnaires/purchase.yaml: complete against the catalogue and the questionnaires, its
schema current, and every problem in a broken file reported at once with its position."""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path

import jsonschema
import pytest
import yaml
from cli_helpers import run

from assessment.content.purchase import BUNDLED_PURCHASE, known_questions, load_purchase
from assessment.content.purchase_schema import PURCHASE_SCHEMA_PATH, purchase_schema_text
from assessment.content.questionnaires import load_catalogue
from assessment.model.errors import ContentError
from assessment.report.pack.weights import whole_weights

BROKEN = """\
id: broken
version: "1"
gates:
  - peril: no-strategy
    condition: A strategy exists.
    evidence: The document.
    owner: Board
  - peril: no-stratgy
    condition: A strategy exists.
    evidence: The document.
    owner: Board
requirements:
  - id: one
    area: strategy
    title: One
    draws_on: [customer-strategy, customer-stratgy]
    outcome: An outcome.
    scenario: A scenario.
    perils: [silo]
  - id: one
    area: journeys
    title: Two
    draws_on: []
    outcome: An outcome.
    scenario: A scenario.
    colour: blue
scenarios: []
terms:
  - id: t
    title: T
    ask: Ask.
    perils: [silos]
"""


def test_every_catalogue_peril_has_a_gate_condition() -> None:
    content = load_purchase()
    perils = [p.id for p in load_catalogue().perils]
    gated = [g.peril for g in content.gates]
    assert sorted(gated) == sorted(perils)  # once each, and none unknown


def test_every_template_names_questions_a_bundled_questionnaire_asks() -> None:
    content = load_purchase()
    asked = known_questions()
    for t in (*content.requirements, *content.scenarios, *content.criteria):
        assert t.draws_on and set(t.draws_on) <= asked, t.id


def test_the_bundled_file_validates_strictly(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "validate", "--strict", str(BUNDLED_PURCHASE))
    assert (code, out, err) == (0, f"OK {BUNDLED_PURCHASE}\n", "")


def test_every_problem_of_a_broken_file_is_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "purchase.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    missing = ", ".join(p.id for p in load_catalogue().perils if p.id != "no-strategy")
    code, out, err = run(capsys, "lint", str(path))
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"{path}:4:3: gates: every peril needs a gate condition; missing: {missing} "
        "(hint: add a gate with 'peril: <id>' for each)",
        f"{path}:8:12: gates[1].peril: unknown peril 'no-stratgy': it is not in the catalogue "
        "perils.yaml (hint: did you mean 'no-strategy'?)",
        f"{path}:16:35: requirements[one].draws_on[1]: unknown question 'customer-stratgy': no "
        "bundled questionnaire asks it (hint: did you mean 'customer-strategy'?)",
        f"{path}:19:14: requirements[one].perils[0]: unknown peril 'silo': it is not in the "
        "catalogue perils.yaml (hint: did you mean 'silos'?)",
        f"{path}:20:9: requirements[one].id: duplicate id 'one'",
        f"{path}:23:15: requirements[one].draws_on: needs at least 1 item(s), found 0",
        f"{path}:26:5: requirements[one].colour: unknown key 'colour' (hint: allowed keys: id, "
        "area, title, draws_on, outcome, scenario, perils)",
        f"{path}:27:12: scenarios: needs at least 3 item(s), found 0",
    ]
    with pytest.raises(ContentError) as raised:
        load_purchase(path)
    assert [str(p) for p in raised.value.problems] == err.splitlines()


def test_committed_schema_is_current_and_accepts_the_bundled_file() -> None:
    assert PURCHASE_SCHEMA_PATH.read_text(encoding="utf-8") == purchase_schema_text(), (
        "questionnaires/purchase.schema.json is stale: run `python -m assessment schema "
        "--purchase > questionnaires/purchase.schema.json`"
    )
    schema = json.loads(purchase_schema_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    data = yaml.safe_load(BUNDLED_PURCHASE.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    broken = yaml.safe_load(BROKEN)
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(broken))


@pytest.mark.parametrize(
    "priorities",
    [[1.0], [1.0, 1.0, 1.0], [5.0, 1.0, 1.0, 3.0], [1.0] * 7, [100.0] + [0.01] * 30, [2.5] * 100],
)
def test_weights_are_whole_numbers_that_sum_to_100(priorities: list[float]) -> None:
    weights = whole_weights(priorities)
    assert sum(weights) == 100 and min(weights) >= 1 and len(weights) == len(priorities)
    for (a, wa), (b, wb) in combinations(zip(priorities, weights, strict=True), 2):
        assert (wa >= wb) if a > b else (wa <= wb) if a < b else abs(wa - wb) <= 1
