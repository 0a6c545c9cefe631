"""YAML/JSON -> models. The only reader of questionnaire, catalogue and responses files.

Every problem in a file (and its catalogue) is reported at once, each located as
``FILE:LINE:COL: key.path: message``. Parsing is cached on the file's bytes, so calling
``load_bundle`` again for an unchanged file is cheap.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel

from assessment.content.crossref import check_catalogue, check_perils, check_questionnaire
from assessment.content.validate import limit_problems, validate_document
from assessment.content.yamldoc.source import Document, KeyPath, parse_bytes, read_source
from assessment.model.errors import ContentError, Problem
from assessment.model.questionnaire import Bundle, PerilCatalogue, Questionnaire
from assessment.model.vocabulary import ID_RE
from assessment.resources import bundled

__all__ = [
    "BUNDLED_DIR",
    "ContentCheck",
    "bundled_questionnaires",
    "check_file",
    "load_bundle",
    "load_bundle_text",
    "load_catalogue",
    "load_model_file",
    "load_model_text",
    "locate",
    "locate_in_file",
    "resolve_questionnaire",
    "validate_paths",
]

BUNDLED_DIR = bundled("questionnaires")
BUNDLED_CATALOGUE = BUNDLED_DIR / "perils.yaml"
M = TypeVar("M", bound=BaseModel)
Kind = Literal["questionnaire", "catalogue", "purchase"]
# Content files beside the questionnaires that are not questionnaires themselves.
NOT_QUESTIONNAIRES = ("perils.yaml", "purchase.yaml")


@dataclass
class ContentCheck:
    """What validating one content file found."""

    path: str
    kind: Kind | None
    bundle: Bundle | None = None
    problems: list[Problem] = field(default_factory=list)


def bundled_questionnaires() -> list[Path]:
    """Paths of the bundled questionnaires (not the catalogue, purchase templates or schema)."""
    return sorted(p for p in BUNDLED_DIR.glob("*.yaml") if p.name not in NOT_QUESTIONNAIRES)


def resolve_questionnaire(ref: str | Path) -> Path:
    """A questionnaire path, or a bundled id such as 'crm-readiness'."""
    path = Path(ref)
    if path.exists() or path.suffix in (".yaml", ".yml", ".json"):
        return path
    bundled = BUNDLED_DIR / f"{ref}.yaml"
    if ID_RE.match(str(ref)) and bundled in bundled_questionnaires():
        return bundled
    ids = ", ".join(p.stem for p in bundled_questionnaires()) or "none"
    msg = f"no such file, and no bundled questionnaire with this id (bundled: {ids})"
    raise ContentError([Problem(str(ref), None, None, "", msg)])


@lru_cache(maxsize=64)
def _parsed(name: str, raw: bytes) -> tuple[Document | None, tuple[Problem, ...]]:
    """The parsed document of some bytes (cached: the app loads the same files often)."""
    doc, problems = parse_bytes(raw, name)
    return doc, tuple(problems)


@lru_cache(maxsize=64)
def _questionnaire(
    name: str, raw: bytes
) -> tuple[Document | None, Questionnaire | None, tuple[Problem, ...]]:
    """A questionnaire with every problem that does not depend on its catalogue."""
    doc, problems = _parsed(name, raw)
    if doc is None:
        return None, None, problems
    if not isinstance(doc.data, dict):
        return doc, None, (*problems, _not_mapping(doc))
    checks = check_questionnaire(doc)
    model, errors = validate_document(doc, Questionnaire)
    return doc, model, (*problems, *checks, *errors)


@lru_cache(maxsize=16)
def _catalogue(name: str, raw: bytes) -> tuple[PerilCatalogue | None, tuple[Problem, ...]]:
    """A peril catalogue with its problems."""
    doc, problems = _parsed(name, raw)
    if doc is None:
        return None, problems
    if not isinstance(doc.data, dict):
        return None, (*problems, _not_mapping(doc))
    model, errors = validate_document(doc, PerilCatalogue)
    return model, (*problems, *check_catalogue(doc), *errors)


def _not_mapping(doc: Document) -> Problem:
    """The problem for a document whose top level is not a mapping."""
    what = "a list" if isinstance(doc.data, list) else "a single value"
    return doc.problem((), f"the file holds {what}; it must be a mapping of keys (like 'id: ...')")


def _sorted(problems: Sequence[Problem]) -> list[Problem]:
    """Problems without repeats, grouped by file (in order of appearance), then by position."""
    unique = list(dict.fromkeys(problems))
    order = {f: i for i, f in reversed(list(enumerate(p.file for p in unique)))}
    ordered = sorted(unique, key=lambda p: (order[p.file], p.line or 0, p.column or 0))
    return limit_problems(ordered)


def _read_catalogue(path: Path) -> tuple[PerilCatalogue | None, bytes, list[Problem]]:
    """The catalogue at a path with its bytes and problems."""
    raw, problems = read_source(path)
    if raw is None:
        return None, b"", problems
    model, found = _catalogue(str(path), raw)
    return model, raw, list(found)


def _assemble(
    name: str, raw: bytes, catalogue: PerilCatalogue | None, cat_raw: bytes, cat_name: str
) -> tuple[Bundle | None, list[Problem]]:
    """Questionnaire + catalogue -> a Bundle, or every problem of both."""
    doc, model, found = _questionnaire(name, raw)
    problems = list(found)
    if doc is not None and catalogue is not None:
        problems += check_perils(doc, {p.id for p in catalogue.perils}, cat_name)
    if problems or model is None or catalogue is None:
        return None, problems
    digest = hashlib.sha256(raw + b"\0" + cat_raw).hexdigest()
    return Bundle(questionnaire=model, catalogue=catalogue, source=name, sha256=digest), []


def _bundle_problems(path: Path) -> tuple[Bundle | None, list[Problem]]:
    """Load a questionnaire file and the catalogue it names."""
    raw, problems = read_source(path)
    if raw is None:
        return None, problems
    doc, _, found = _questionnaire(str(path), raw)
    if doc is None or not isinstance(doc.data, dict):
        return None, list(found)
    if "perils" in doc.data and "dimensions" not in doc.data:
        msg = "this is a peril catalogue, not a questionnaire"
        return None, [Problem(str(path), None, None, "", msg)]
    perils_file = doc.data.get("perils_file", "perils.yaml")
    if not isinstance(perils_file, str) or not perils_file.strip():
        return None, list(found)
    cat_path = path.parent / perils_file
    if not cat_path.is_file():
        msg = f"the peril catalogue '{perils_file}' does not exist next to this file"
        return None, [*found, doc.problem(("perils_file",), msg)]
    catalogue, cat_raw, cat_problems = _read_catalogue(cat_path)
    bundle, problems = _assemble(str(path), raw, catalogue, cat_raw, cat_path.name)
    return bundle, problems + cat_problems


def load_bundle(ref: str | Path) -> Bundle:
    """Load a questionnaire (path or bundled id) with its peril catalogue, validated."""
    bundle, problems = _bundle_problems(resolve_questionnaire(ref))
    if bundle is None:
        raise ContentError(_sorted(problems))
    return bundle


def load_catalogue(path: str | Path = BUNDLED_CATALOGUE) -> PerilCatalogue:
    """Load and validate a peril catalogue (the bundled one by default)."""
    catalogue, _, problems = _read_catalogue(Path(path))
    if catalogue is None or problems:
        raise ContentError(_sorted(problems))
    return catalogue


def load_bundle_text(text: str, name: str, catalogue: PerilCatalogue | None = None) -> Bundle:
    """Load questionnaire YAML given as text (an upload) with a catalogue, by default the
    bundled one; its ``perils_file`` is never read, so an upload cannot open other files."""
    if catalogue is None:
        catalogue, cat_raw, problems = _read_catalogue(BUNDLED_CATALOGUE)
        if catalogue is None or problems:
            raise ContentError(_sorted(problems))
    else:
        cat_raw = catalogue.model_dump_json(by_alias=True).encode()
    bundle, problems = _assemble(name, text.encode("utf-8"), catalogue, cat_raw, "(bundled)")
    if bundle is None:
        raise ContentError(_sorted(problems))
    return bundle


def load_model_text(text: str | bytes, name: str, model: type[M]) -> M:
    """Any model from YAML text, with the same safety checks and located errors."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    doc, problems = _parsed(name, raw)
    if doc is None or problems:
        raise ContentError(_sorted(problems))
    if not isinstance(doc.data, dict):
        raise ContentError([_not_mapping(doc)])
    instance, errors = validate_document(doc, model)
    if instance is None:
        raise ContentError(_sorted(errors))
    return instance


def load_model_file(path: str | Path, model: type[M]) -> M:
    """Any model (e.g. a brand file) from a YAML file, raising ContentError with positions."""
    raw, problems = read_source(Path(path))
    if raw is None:
        raise ContentError(problems)
    return load_model_text(raw, str(path), model)


def check_file(ref: str | Path) -> ContentCheck:
    """Validate one questionnaire or catalogue file; which one is told by its top-level keys."""
    try:
        path = resolve_questionnaire(ref)
    except ContentError as exc:
        return ContentCheck(str(ref), None, problems=exc.problems)
    raw, problems = read_source(path)
    if raw is None:
        return ContentCheck(str(path), None, problems=problems)
    doc, _ = _parsed(str(path), raw)
    data = doc.data if doc is not None else None
    if isinstance(data, dict) and "answers" in data and "dimensions" not in data:
        msg = "this is a responses file; validate checks questionnaires and peril catalogues"
        return ContentCheck(str(path), None, problems=[Problem(str(path), None, None, "", msg)])
    if isinstance(data, dict) and "gates" in data and "dimensions" not in data:
        from assessment.content.purchase import purchase_problems  # it reads this module

        return ContentCheck(str(path), "purchase", problems=purchase_problems(path)[1])
    if isinstance(data, dict) and "perils" in data and "dimensions" not in data:
        _, cat_problems = _catalogue(str(path), raw)
        return ContentCheck(str(path), "catalogue", problems=_sorted(cat_problems))
    bundle, problems = _bundle_problems(path)
    return ContentCheck(str(path), "questionnaire", bundle, _sorted(problems))


def validate_paths(paths: Sequence[str | Path]) -> list[Problem]:
    """Every problem in these questionnaire and catalogue files (empty when all are valid)."""
    return _sorted([p for ref in paths for p in check_file(ref).problems])


def locate(
    bundle: Bundle, path: KeyPath, message: str, hint: str | None = None, *, warning: bool = False
) -> Problem:
    """A problem at a key path of the bundle's questionnaire, e.g. ``("rules", 2, "when")``,
    with its line, column and readable key path when the source file can be read."""
    source = Path(bundle.source)
    problem = locate_in_file(bundle.source, path, message, hint) if source.is_file() else None
    if problem is None:
        doc = Document(bundle.source, bundle.questionnaire.model_dump(by_alias=True))
        problem = doc.problem(path, message, hint)
    return dataclasses.replace(problem, warning=warning)


def locate_in_file(
    file: str | Path, path: KeyPath, message: str, hint: str | None = None
) -> Problem | None:
    """A problem at a key path of a YAML or JSON file, with its line and column (parsing is
    cached, so a file just loaded is not parsed again); None when the file cannot be read."""
    raw = read_source(Path(file))[0]
    doc = _parsed(str(file), raw)[0] if raw is not None else None
    return doc.problem(path, message, hint) if doc is not None else None
