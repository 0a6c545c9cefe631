"""JSON Schema for content files, generated from the models (questionnaires/schema.json).

Editors that read ``# yaml-language-server: $schema=schema.json`` use it to complete and check
questionnaire files as they are typed. The peril catalogue points at the same file, so the
schema accepts either a questionnaire or a catalogue.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic.json_schema import models_json_schema

from assessment.model.questionnaire import PerilCatalogue, Questionnaire
from assessment.resources import bundled

SCHEMA_PATH = bundled("questionnaires") / "schema.json"
SCHEMA_HEADER = "# yaml-language-server: $schema=schema.json"


def questionnaire_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a questionnaire or peril catalogue file."""
    refs, defs = models_json_schema(
        [(Questionnaire, "validation"), (PerilCatalogue, "validation")],
        by_alias=True,
        ref_template="#/$defs/{model}",
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "CRM readiness questionnaire or peril catalogue",
        "description": "A questionnaire (id, version, title, dimensions, rules) or the shared "
        "peril catalogue (id, version, perils). Generated from assessment/model/ by "
        "`crm-readiness schema`; do not edit by hand.",
        "anyOf": list(refs.values()),
        "$defs": defs["$defs"],
    }


def schema_text() -> str:
    """The schema as the exact text of questionnaires/schema.json."""
    return json.dumps(questionnaire_schema(), indent=2, ensure_ascii=False) + "\n"
