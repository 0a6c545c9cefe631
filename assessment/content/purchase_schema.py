"""JSON Schema of the purchase templates file (questionnaires/purchase.schema.json), generated
from the model so editors can complete and check purchase.yaml as it is typed."""

from __future__ import annotations

import json
from typing import Any

from assessment.model.purchase import PurchaseContent
from assessment.resources import bundled

PURCHASE_SCHEMA_PATH = bundled("questionnaires") / "purchase.schema.json"
PURCHASE_HEADER = "# yaml-language-server: $schema=purchase.schema.json"


def purchase_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a purchase templates file."""
    schema = PurchaseContent.model_json_schema(by_alias=True, ref_template="#/$defs/{model}")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "CRM readiness purchase templates",
        "description": "Gates per peril, requirement, demonstration-scenario and scorecard "
        "templates naming the questions they draw on, and contract terms. Generated from "
        "assessment/model/purchase.py by `crm-readiness schema --purchase`; do not edit by hand.",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def purchase_schema_text() -> str:
    """The schema as the exact text of questionnaires/purchase.schema.json."""
    return json.dumps(purchase_schema(), indent=2, ensure_ascii=False) + "\n"
