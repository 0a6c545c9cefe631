"""YAML/JSON -> models. The only reader of questionnaire, catalogue and responses files.

PROVISIONAL: minimal version; the validating loader replaces the internals and keeps
these public functions and signatures.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import yaml

from assessment.errors import ContentError, Problem
from assessment.model import Bundle, PerilCatalogue, Questionnaire, Responses

BUNDLED_DIR = Path(__file__).resolve().parent.parent / "questionnaires"


def resolve_questionnaire(ref: str | Path) -> Path:
    """A questionnaire path, or a bundled id such as 'crm-readiness'."""
    path = Path(ref)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return path
    bundled = BUNDLED_DIR / f"{ref}.yaml"
    if bundled.exists():
        return bundled
    raise ContentError([Problem(str(ref), None, None, "", "no such file or bundled questionnaire")])


def bundled_questionnaires() -> list[Path]:
    """Paths of the bundled questionnaires (not the catalogue or schema)."""
    return sorted(p for p in BUNDLED_DIR.glob("*.yaml") if p.name != "perils.yaml")


def load_bundle(ref: str | Path) -> Bundle:
    """Load a questionnaire (path or bundled id) with its peril catalogue, validated."""
    path = resolve_questionnaire(ref)
    q_bytes = path.read_bytes()
    questionnaire = Questionnaire.model_validate(yaml.safe_load(q_bytes))
    cat_path = path.parent / questionnaire.perils_file
    c_bytes = cat_path.read_bytes()
    catalogue = PerilCatalogue.model_validate(yaml.safe_load(c_bytes))
    digest = hashlib.sha256(q_bytes + b"\0" + c_bytes).hexdigest()
    return Bundle(questionnaire=questionnaire, catalogue=catalogue, source=str(path), sha256=digest)


def load_responses(paths: list[str | Path], bundle: Bundle) -> list[Responses]:
    """Load responses from files (YAML/JSON) or folders of them, checked against the bundle."""
    out: list[Responses] = []
    for ref in paths:
        p = Path(ref)
        files = sorted(f for f in p.iterdir() if f.suffix in (".yaml", ".yml", ".json")) if p.is_dir() else [p]
        for f in files:
            text = f.read_text(encoding="utf-8")
            data = json.loads(text) if f.suffix == ".json" else yaml.safe_load(text)
            out.append(Responses.model_validate({**data, "source": str(f)}))
    return out
