"""questionnaires/schema.json: current, valid JSON Schema, and in agreement with the loader."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from assessment.content.purchase_schema import PURCHASE_HEADER
from assessment.content.questionnaires import load_bundle
from assessment.content.schema import SCHEMA_HEADER, SCHEMA_PATH, questionnaire_schema, schema_text

HERE = Path(__file__).resolve().parents[1]
MINI = HERE / "fixtures" / "mini"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    """A validator for the committed schema."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_committed_schema_is_current() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        "questionnaires/schema.json is stale: run `python -m assessment schema > "
        "questionnaires/schema.json`"
    )


def test_schema_covers_questionnaires_and_catalogues() -> None:
    schema = questionnaire_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["anyOf"] == [
        {"$ref": "#/$defs/Questionnaire"},
        {"$ref": "#/$defs/PerilCatalogue"},
    ]
    question = schema["$defs"]["Question"]
    assert question["additionalProperties"] is False
    assert question["required"] == ["id", "text", "help", "options"]
    assert set(schema["$defs"]["Condition"]["properties"]) >= {"all", "any", "not", "in"}


def dumped(path: Path) -> dict[str, Any]:
    """A loaded questionnaire as the plain data an editor would see (version as text)."""
    bundle = load_bundle(path)
    data: dict[str, Any] = bundle.questionnaire.model_dump(by_alias=True, exclude_none=True)
    return data


def test_valid_content_passes_the_schema(validator: jsonschema.Draft202012Validator) -> None:
    bundle = load_bundle(MINI / "mini.yaml")
    assert list(validator.iter_errors(dumped(MINI / "mini.yaml"))) == []
    catalogue = bundle.catalogue.model_dump(by_alias=True, exclude_none=True)
    assert list(validator.iter_errors(catalogue)) == []


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d["dimensions"][0]["questions"][0].update(wieght=2), "wieght"),
        (lambda d: d["dimensions"][0]["questions"][0].update(weight=11), "weight"),
        (lambda d: d["dimensions"][0].update(id="strategi"), "id"),
        (lambda d: d["rules"][0]["when"].update(lt=3), "lt"),
    ],
)
def test_mistakes_fail_the_schema_too(
    validator: jsonschema.Draft202012Validator, change: Any, path: str
) -> None:
    data = dumped(MINI / "mini.yaml")
    change(data)
    assert not validator.is_valid(data)


def test_content_files_point_editors_at_the_schema() -> None:
    files = sorted(SCHEMA_PATH.parent.glob("*.yaml"))
    assert files
    for path in files:
        # The purchase templates have a schema of their own (tests/pack/test_pack_content.py).
        header = PURCHASE_HEADER if path.name == "purchase.yaml" else SCHEMA_HEADER
        assert path.read_text(encoding="utf-8").splitlines()[0] == header, path
