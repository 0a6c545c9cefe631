"""The purchase templates file (questionnaires/purchase.yaml): loaded, validated and checked
against the peril catalogue and the bundled questionnaires, every problem located."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from assessment.content.questionnaires import (
    BUNDLED_CATALOGUE,
    BUNDLED_DIR,
    bundled_questionnaires,
    load_catalogue,
)
from assessment.content.validate import validate_document
from assessment.content.yamldoc.source import Document, KeyPath, parse_bytes, read_source
from assessment.model.errors import ContentError, Problem
from assessment.model.purchase import PurchaseContent
from assessment.model.vocabulary import did_you_mean

BUNDLED_PURCHASE = BUNDLED_DIR / "purchase.yaml"
LISTS = ("requirements", "scenarios", "criteria", "terms")
PERIL_LISTS = ("gates", *LISTS)


def known_questions(paths: Iterable[Path] | None = None) -> set[str]:
    """Question ids of the bundled questionnaires (read from the files, valid or not)."""
    ids: set[str] = set()
    for path in bundled_questionnaires() if paths is None else paths:
        raw, _ = read_source(path)
        if raw is not None:
            ids |= _question_ids(str(path), raw)
    return ids


@lru_cache(maxsize=16)
def _question_ids(name: str, raw: bytes) -> frozenset[str]:
    """The question ids in a questionnaire's bytes (cached on the bytes)."""
    doc = parse_bytes(raw, name)[0]
    data = doc.data if doc is not None else None
    ids = set()
    for dim in data.get("dimensions", []) if isinstance(data, dict) else []:
        for q in dim.get("questions", []) if isinstance(dim, dict) else []:
            if isinstance(q, dict) and isinstance(q.get("id"), str):
                ids.add(q["id"])
    return frozenset(ids)


def _entries(doc: Document, key: str) -> list[tuple[KeyPath, dict[str, Any]]]:
    """(path, mapping) of each mapping in a top-level list."""
    value = doc.data.get(key) if isinstance(doc.data, dict) else None
    if not isinstance(value, list):
        return []
    return [((key, i), item) for i, item in enumerate(value) if isinstance(item, dict)]


def _unknown(
    doc: Document, path: KeyPath, value: object, known: set[str], what: str
) -> list[Problem]:
    """A problem when a string id is not among the known ones."""
    if not isinstance(value, str) or value in known:
        return []
    what, _, where = what.partition(":")
    msg = f"unknown {what} '{value}': {where.strip()}"
    return [doc.problem(path, msg, did_you_mean(value, known))]


def check_purchase(doc: Document, perils: list[str], questions: set[str]) -> list[Problem]:
    """Cross-references: ids once each, perils and questions that exist, a gate per peril."""
    problems: list[Problem] = []
    known = set(perils)
    catalogue = f"peril: it is not in the catalogue {BUNDLED_CATALOGUE.name}"
    asked = "question: no bundled questionnaire asks it"
    for key in PERIL_LISTS:
        seen: dict[str, int] = {}
        for path, item in _entries(doc, key):
            ident = item.get("peril" if key == "gates" else "id")
            if isinstance(ident, str) and ident in seen:
                msg = f"duplicate {'gate for' if key == 'gates' else 'id'} '{ident}'"
                problems.append(doc.problem((*path, "peril" if key == "gates" else "id"), msg))
            if isinstance(ident, str):
                seen.setdefault(ident, 0)
            if key == "gates":
                problems += _unknown(doc, (*path, "peril"), ident, known, catalogue)
            for i, p in enumerate(item.get("perils") or [] if key != "gates" else []):
                problems += _unknown(doc, (*path, "perils", i), p, known, catalogue)
            for i, q in enumerate(item.get("draws_on") or []):
                problems += _unknown(doc, (*path, "draws_on", i), q, questions, asked)
    gated = {item.get("peril") for _, item in _entries(doc, "gates")}
    missing = [p for p in perils if p not in gated]
    if missing and isinstance(doc.data, dict) and "gates" in doc.data:
        msg = f"every peril needs a gate condition; missing: {', '.join(missing)}"
        problems.append(doc.problem(("gates",), msg, "add a gate with 'peril: <id>' for each"))
    return problems


@lru_cache(maxsize=8)
def _checked(
    name: str, raw: bytes, perils: tuple[str, ...], questions: frozenset[str]
) -> tuple[PurchaseContent | None, tuple[Problem, ...]]:
    """The content of some bytes with every problem (cached: the app builds packs often)."""
    doc, problems = parse_bytes(raw, name)
    if doc is None:
        return None, tuple(problems)
    if not isinstance(doc.data, dict):
        return None, (*problems, doc.problem((), "the file must be a mapping of keys"))
    model, errors = validate_document(doc, PurchaseContent)
    found = [*problems, *check_purchase(doc, list(perils), set(questions)), *errors]
    found.sort(key=lambda p: (p.line or 0, p.column or 0))
    return (None if found else model), tuple(found)


def purchase_problems(path: str | Path) -> tuple[PurchaseContent | None, list[Problem]]:
    """The purchase templates at a path, or None and every problem in them."""
    raw, problems = read_source(Path(path))
    if raw is None:
        return None, problems
    perils = tuple(p.id for p in load_catalogue().perils)
    content, found = _checked(str(path), raw, perils, frozenset(known_questions()))
    return content, list(found)


def load_purchase(path: str | Path = BUNDLED_PURCHASE) -> PurchaseContent:
    """The purchase templates (the bundled file by default); ContentError when invalid."""
    content, problems = purchase_problems(path)
    if content is None:
        raise ContentError(problems)
    return content
