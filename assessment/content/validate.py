"""Validate a parsed document against a pydantic model; errors come back located and readable."""

from __future__ import annotations

import copy
import re
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from assessment.content.yamldoc.source import Document, KeyPath, has_child
from assessment.model.errors import Problem
from assessment.model.vocabulary import did_you_mean

M = TypeVar("M", bound=BaseModel)
# Enough to fix a file in a few rounds; a hostile file with 100,000 mistakes costs no more.
MAX_PROBLEMS = 100
_MAX_ERRORS = 500

_BOUNDS = {
    "greater_than": "must be greater than {gt}",
    "greater_than_equal": "must be at least {ge}",
    "less_than": "must be less than {lt}",
    "less_than_equal": "must be at most {le}",
}
_TYPES = {
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "list_type": "expected a list (lines starting with '- ')",
    "dict_type": "expected a mapping (key: value lines)",
    "model_type": "expected a mapping (key: value lines)",
    "model_attributes_type": "expected a mapping (key: value lines)",
}


def validate_document(
    doc: Document, model: type[M], data: Any = None
) -> tuple[M | None, list[Problem]]:
    """The model built from the document (or from ``data``, a cleaned copy of it with the
    same shape), or None and one problem per error."""
    payload = doc.data if data is None else data
    try:
        return model.model_validate(payload), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    patched = _restore_text(doc, payload, errors)
    if patched is not None:
        try:
            return model.model_validate(patched), []
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
    return None, errors_to_problems(doc, model, errors)


def _restore_text(doc: Document, payload: Any, errors: list[Any]) -> Any:
    """Data where numbers and booleans given to text fields are their original text."""
    paths = [_real_path(doc, e["loc"])[0] for e in errors if e["type"] == "string_type"]
    paths = [p for p in paths if p in doc.plain]
    if not paths:
        return None
    data = copy.deepcopy(payload)
    for path in paths:
        parent = data
        try:
            for part in path[:-1]:
                parent = parent[part]
            parent[path[-1]] = doc.plain[path]
        except (KeyError, IndexError, TypeError):
            continue
    return data


def _real_path(doc: Document, loc: tuple[Any, ...]) -> tuple[KeyPath, list[Any]]:
    """The part of an error location that exists in the data, and the leftover parts."""
    path: list[str | int] = []
    rest: list[Any] = []
    node = doc.data
    for part in loc:
        if has_child(node, part):
            node = node[part]
            path.append(part)
        else:
            rest.append(part)
    return tuple(path), rest


def limit_problems(problems: list[Problem], per_file: int = MAX_PROBLEMS) -> list[Problem]:
    """At most ``per_file`` problems of each file, then one line saying how many were left out."""
    counts: dict[str, int] = {}
    out: list[Problem] = []
    for p in problems:
        counts[p.file] = counts.get(p.file, 0) + 1
        if counts[p.file] <= per_file:
            out.append(p)
    for file, count in counts.items():
        if count > per_file:
            msg = f"more problems are not shown (only the first {per_file}); fix these first"
            out.append(Problem(file, None, None, "", msg))
    return out


def errors_to_problems(doc: Document, model: type[BaseModel], errors: list[Any]) -> list[Problem]:
    """One located problem per pydantic error; union alternatives are merged."""
    errors = errors[:_MAX_ERRORS]
    grouped: dict[KeyPath, list[tuple[Any, list[Any]]]] = {}
    located = [(err, *_real_path(doc, err["loc"])) for err in errors]
    extra: dict[KeyPath, list[str]] = {}
    for err, path, _ in located:
        if err["type"] == "extra_forbidden":
            extra.setdefault(path[:-1], []).append(str(path[-1]))
    for err, path, rest in located:
        if _suppressed(doc, path, err) or _misspelt(err, path, rest, extra):
            continue
        grouped.setdefault(path, []).append((err, rest))
    problems: list[Problem] = []
    for path, group in grouped.items():
        literals = [e for e, _ in group if e["type"] == "literal_error"]
        if len(literals) > 1:
            problems.append(_literal_problem(doc, path, literals))
            continue
        for err, rest in group:
            problems.append(_problem(doc, model, path, err, rest))
    return problems


def _misspelt(err: Any, path: KeyPath, rest: list[Any], extra: dict[KeyPath, list[str]]) -> bool:
    """A missing key whose misspelling is reported as an unknown key with a hint."""
    if err["type"] != "missing" or not rest or path not in extra:
        return False
    return did_you_mean(str(rest[-1]), extra[path]) is not None


def _suppressed(doc: Document, path: KeyPath, err: Any) -> bool:
    """Errors under a value already reported (bad tag, alias) or explained by a check."""
    if any(path[:end] in doc.poisoned for end in range(len(path) + 1)):
        return True
    return err["type"] == "value_error" and path in doc.explained


def _problem(
    doc: Document, model: type[BaseModel], path: KeyPath, err: Any, rest: list[Any]
) -> Problem:
    """The problem for one error."""
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    if kind == "extra_forbidden":
        key = str(path[-1])
        hint = key_hint(key, allowed_keys(type_at(model, path[:-1])))
        if " " in key.strip():
            hint = "text containing ', ' inside { } must be put in quotes"
        return doc.problem(path, f"unknown key '{key}'", hint, key=True)
    if kind == "missing":
        name = next((r for r in reversed(rest) if isinstance(r, str)), "?")
        return doc.problem(path, f"missing required key '{name}'")
    if kind == "literal_error":
        return _literal_problem(doc, path, [err])
    if value is None and kind in _TYPES:
        return doc.problem(path, "is empty; a value is needed here")
    return doc.problem(path, _message(kind, ctx, value, err["msg"]))


def _message(kind: str, ctx: dict[str, Any], value: Any, default: str) -> str:
    """Our wording of a pydantic error."""
    if kind in _BOUNDS:
        return _BOUNDS[kind].format(**{k: _num(v) for k, v in ctx.items()}) + f" (got {value!r})"
    if kind in _TYPES:
        return f"{_TYPES[kind]}, got {_describe(value)}"
    if kind == "too_short":
        return f"needs at least {ctx['min_length']} item(s), found {ctx['actual_length']}"
    if kind == "too_long":
        return f"allows at most {ctx['max_length']} item(s), found {ctx['actual_length']}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long: at most {ctx['max_length']} characters"
    if kind == "string_pattern_mismatch":
        return f"'{value}' is not a valid id: use lowercase letters, digits and hyphens"
    if kind == "value_error":
        return default.removeprefix("Value error, ")
    return default


def _literal_problem(doc: Document, path: KeyPath, errors: list[Any]) -> Problem:
    """A value outside a fixed set of choices, with the choices and a did-you-mean hint."""
    choices: list[str] = []
    for err in errors:
        choices += re.findall(r"'([^']*)'", (err.get("ctx") or {}).get("expected", ""))
    value = errors[0].get("input")
    if value is None:
        return doc.problem(path, f"is empty; give one of {', '.join(choices)}")
    hint = did_you_mean(str(value), choices)
    return doc.problem(path, f"must be one of {', '.join(choices)} (got {value!r})", hint)


def _num(value: Any) -> Any:
    """1.0 -> 1 for messages."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _describe(value: Any) -> str:
    """A short description of a wrong value."""
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"'{value[:40]}'"
    return repr(value)


def key_hint(key: str, allowed: list[str]) -> str | None:
    """'did you mean ...?' for a close allowed key, else the list of allowed keys."""
    if not allowed:
        return None
    return did_you_mean(key, allowed) or f"allowed keys: {', '.join(allowed)}"


def allowed_keys(tp: Any) -> list[str]:
    """The keys a model accepts (by alias), leaving out internal ones."""
    if not (isinstance(tp, type) and issubclass(tp, BaseModel)):
        return []
    return [
        f.alias or name
        for name, f in tp.model_fields.items()
        if not f.exclude and not (f.alias or name).startswith("$")
    ]


def type_at(model: type[BaseModel], path: KeyPath) -> Any:
    """The declared type at a path inside a model (None when it cannot be followed)."""
    tp: Any = model
    for part in path:
        tp = _unwrap(tp)
        origin = typing.get_origin(tp)
        if isinstance(part, int) and origin is list:
            tp = typing.get_args(tp)[0]
        elif isinstance(tp, type) and issubclass(tp, BaseModel) and isinstance(part, str):
            fields = {(f.alias or n): f for n, f in tp.model_fields.items()}
            if part not in fields:
                return None
            tp = fields[part].annotation
        elif origin is dict:
            tp = typing.get_args(tp)[1]
        else:
            return None
    return _unwrap(tp)


def _unwrap(tp: Any) -> Any:
    """Strip Annotated and Optional."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp
