"""Cross-reference checks on parsed content: duplicate ids and dangling references.

They run on the plain data (not the models) so they are reported together with the model's
own errors in one pass; every access is defensive because the data may be invalid.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from assessment.content.yamldoc.source import Document, KeyPath
from assessment.model.errors import Problem
from assessment.model.vocabulary import DIMENSION_IDS, ID_RE, closest, did_you_mean

_BRANCHES = ("all", "any")
_CHILDREN = ("not", "share")
# applies_when reads earlier answers only: no scores, shares or role comparisons.
_NOT_SCREENING = ("dimension", "share", "role_gap")


def _items(doc: Document, path: KeyPath) -> Iterator[tuple[KeyPath, dict[str, Any]]]:
    """(path, mapping) for each mapping in the list at a path."""
    value = doc.get(path)
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield (*path, i), item


def _duplicates(doc: Document, entries: list[tuple[KeyPath, Any]], what: str) -> list[Problem]:
    """Problems for values seen before, pointing at the first one's line."""
    seen: dict[Any, KeyPath] = {}
    problems: list[Problem] = []
    for path, value in entries:
        if not isinstance(value, str | int) or isinstance(value, bool):
            continue
        if value in seen:
            first = doc.position(seen[value])
            where = f" (first defined on line {first[0]})" if first else ""
            problems.append(doc.problem(path, f"duplicate {what} {value!r}{where}"))
        else:
            seen[value] = path
    return problems


def check_catalogue(doc: Document) -> list[Problem]:
    """Duplicate peril ids in a catalogue."""
    entries = [((*p, "id"), item.get("id")) for p, item in _items(doc, ("perils",))]
    return _duplicates(doc, entries, "peril id")


def check_questionnaire(doc: Document) -> list[Problem]:
    """Dimensions once each, unique question ids and levels, and questions that resolve."""
    problems = _check_dimensions(doc)
    questions: list[tuple[KeyPath, Any]] = []
    for dim_path, _ in _items(doc, ("dimensions",)):
        for q_path, question in _items(doc, (*dim_path, "questions")):
            questions.append(((*q_path, "id"), question.get("id")))
            problems += _check_levels(doc, q_path)
    problems += _duplicates(doc, questions, "question id")
    known = {v for _, v in questions if isinstance(v, str)}
    for i, (id_path, _) in enumerate(questions):
        earlier = [v for _, v in questions[:i] if isinstance(v, str)]
        problems += _check_screening(doc, (*id_path[:-1], "applies_when"), earlier, known)
    for rule_path, _ in _items(doc, ("rules",)):
        problems += _check_condition(doc, (*rule_path, "when"), known)
    return problems


def check_perils(doc: Document, peril_ids: set[str], catalogue: str) -> list[Problem]:
    """Every rule names a peril of the catalogue."""
    problems: list[Problem] = []
    for rule_path, rule in _items(doc, ("rules",)):
        peril = rule.get("peril")
        if isinstance(peril, str) and peril not in peril_ids:
            msg = f"unknown peril '{peril}': it is not in the catalogue {catalogue}"
            problems.append(doc.problem((*rule_path, "peril"), msg, did_you_mean(peril, peril_ids)))
    return problems


def _check_dimensions(doc: Document) -> list[Problem]:
    """Each of the five dimensions exactly once."""
    entries = [((*p, "id"), d.get("id")) for p, d in _items(doc, ("dimensions",))]
    problems = _duplicates(doc, entries, "dimension")
    if not isinstance(doc.get(("dimensions",)), list):
        return problems
    present = {v for _, v in entries}
    missing = [d for d in DIMENSION_IDS if d not in present]
    for wrong in present - set(DIMENSION_IDS):
        # A misspelt id is already reported with a did-you-mean; do not also call it missing.
        close = closest(str(wrong), missing)
        missing = [d for d in missing if d != close]
    for dim in missing:
        msg = f"missing dimension '{dim}': each of {', '.join(DIMENSION_IDS)} must appear once"
        problems.append(doc.problem(("dimensions",), msg, key=True))
    return problems


def _check_levels(doc: Document, question: KeyPath) -> list[Problem]:
    """Duplicate option levels, reported at the repeated level instead of the whole question."""
    entries = [((*p, "level"), o.get("level")) for p, o in _items(doc, (*question, "options"))]
    problems = _duplicates(doc, entries, "option level")
    if problems:
        doc.explained.add(question)
    return problems


def _nodes(doc: Document, path: KeyPath, children: tuple[str, ...]) -> Iterator[KeyPath]:
    """The path of every mapping in a condition tree: the root, then the items of all/any and
    the nodes under the given single-child keys, depth first."""
    if not isinstance(doc.get(path), dict):
        return
    yield path
    for key in _BRANCHES:
        for child, _ in _items(doc, (*path, key)):
            yield from _nodes(doc, child, children)
    for key in children:
        yield from _nodes(doc, (*path, key), children)


def _check_condition(doc: Document, path: KeyPath, known: set[str]) -> list[Problem]:
    """Questions named anywhere in a condition tree must exist."""
    problems: list[Problem] = []
    for node in _nodes(doc, path, _CHILDREN):
        for ref in ((*node, "question"), (*node, "role_gap", "question")):
            name = doc.get(ref)
            if isinstance(name, str) and name not in known:
                hint = did_you_mean(name, {k for k in known if ID_RE.match(k)})
                problems.append(doc.problem(ref, f"unknown question '{name}'", hint))
    return problems


def _check_screening(
    doc: Document, path: KeyPath, earlier: list[str], known: set[str]
) -> list[Problem]:
    """An applies_when tree holds question leaves on earlier questions, under all/any/not."""
    problems: list[Problem] = []
    for at in _nodes(doc, path, ("not",)):
        node = doc.get(at)
        for key in _NOT_SCREENING:
            if key in node:
                msg = (
                    f"'{key}' cannot be used in applies_when: it takes question conditions "
                    "(lte, gte, in, unknown) joined with all, any and not"
                )
                problems.append(doc.problem((*at, key), msg, key=True))
        name = node.get("question")
        if isinstance(name, str) and name not in earlier:
            ref = (*at, "question")
            if name in known:
                msg = (
                    f"question '{name}' is not asked before this one: "
                    "applies_when reads earlier answers only"
                )
                problems.append(doc.problem(ref, msg))
            else:
                hint = did_you_mean(name, [e for e in earlier if ID_RE.match(e)])
                problems.append(doc.problem(ref, f"unknown question '{name}'", hint))
    return problems
