"""Position-tracking safe YAML: compose nodes, reject unsafe constructs, build plain data.

Nothing here constructs Python objects from tags: the file is composed into nodes (which
never runs code), checked, and turned into dicts, lists and scalars by our own rules. Plain
scalars follow the YAML 1.2 core schema, so ``NO``, ``on`` and ``12:30`` stay text; numbers
keep their original text in ``Document.plain`` so string fields can get ``1.10`` back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assessment.content.yamldoc.compose import ALIAS_TAG, PLAIN_TAG, compose
from assessment.content.yamldoc.problems import control_problem, syntax_problem
from assessment.model.errors import Problem
from assessment.model.vocabulary import ID_RE

MAX_BYTES = 1024 * 1024
KeyPath = tuple[str | int, ...]
Position = tuple[int, int]

_PLAIN = PLAIN_TAG
_ALIAS = ALIAS_TAG
_STD = "tag:yaml.org,2002:"
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$|^0o[0-7]+$|^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_SIMPLE_KEY = re.compile(r"^[A-Za-z0-9_$][A-Za-z0-9_$-]*$")


@dataclass
class Document:
    """Plain data read from one file, with the position of every key and value."""

    file: str
    data: Any
    values: dict[KeyPath, Position] = field(default_factory=dict)
    keys: dict[KeyPath, Position] = field(default_factory=dict)
    plain: dict[KeyPath, str] = field(default_factory=dict)
    poisoned: set[KeyPath] = field(default_factory=set)
    explained: set[KeyPath] = field(default_factory=set)

    def position(self, path: KeyPath, *, key: bool = False) -> Position | None:
        """Line and column (1-based) of a value (or its key), else of its nearest ancestor."""
        if key and path in self.keys:
            return self.keys[path]
        for end in range(len(path), -1, -1):
            if path[:end] in self.values:
                return self.values[path[:end]]
        return None

    def label(self, path: KeyPath) -> str:
        """A readable key path such as ``dimensions[process].questions[pr-owner].weight``."""
        out, node = "", self.data
        for part in path:
            if isinstance(part, int):
                item = node[part] if isinstance(node, list) and part < len(node) else None
                ident = item.get("id") if isinstance(item, dict) else None
                named = isinstance(ident, str) and ID_RE.match(ident)
                out += f"[{ident}]" if named else f"[{part}]"
                node = item
            else:
                simple = _SIMPLE_KEY.match(part)
                out += (f".{part}" if out else part) if simple else f"[{part!r}]"
                node = node.get(part) if isinstance(node, dict) else None
        return out

    def problem(
        self, path: KeyPath, message: str, hint: str | None = None, *, key: bool = False
    ) -> Problem:
        """A problem located at this path."""
        pos = self.position(path, key=key)
        line, col = pos if pos else (None, None)
        return Problem(self.file, line, col, self.label(path), message, hint)

    def get(self, path: KeyPath) -> Any:
        """The value at a path, or None when the path does not exist."""
        node = self.data
        for part in path:
            if not has_child(node, part):
                return None
            node = node[part]
        return node


def has_child(node: Any, part: str | int) -> bool:
    """True when ``node[part]`` is a key of a dict or an index of a list."""
    if isinstance(node, dict):
        return isinstance(part, str) and part in node
    if isinstance(node, list):
        return isinstance(part, int) and 0 <= part < len(node)
    return False


def read_source(path: Path) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a content file, refusing missing, odd and oversized files."""
    name = str(path)
    try:
        if path.is_dir():
            return None, [Problem(name, None, None, "", "is a folder, not a file")]
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [_too_big(name, size)]
        return path.read_bytes(), []
    except FileNotFoundError:
        return None, [Problem(name, None, None, "", "no such file")]
    except OSError as exc:
        return None, [Problem(name, None, None, "", f"cannot read the file ({exc.strerror})")]


def _too_big(name: str, size: int) -> Problem:
    """The problem for a file over the size limit."""
    mib = size / MAX_BYTES
    return Problem(name, None, None, "", f"the file is {mib:.1f} MiB; the limit is 1 MiB")


def decode(raw: bytes, name: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text of the bytes, or the position of the first byte that is not UTF-8."""
    if len(raw) > MAX_BYTES:
        return None, [_too_big(name, len(raw))]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        msg = "the file is UTF-16, not UTF-8; save it as UTF-8"
        return None, [Problem(name, 1, 1, "", msg)]
    try:
        return raw.decode("utf-8").removeprefix("\ufeff"), []
    except UnicodeDecodeError as exc:
        start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        col = len(raw[start : exc.start].decode("utf-8", errors="replace")) + 1
        byte = raw[exc.start]
        msg = f"the file is not UTF-8 text (byte 0x{byte:02X}); save it as UTF-8"
        return None, [Problem(name, line, col, "", msg)]


def parse_text(text: str, name: str, *, fast: bool = True) -> tuple[Document | None, list[Problem]]:
    """Compose and construct one YAML document; None with problems when it cannot be read.

    ``fast=False`` uses the pure-Python parser even when libyaml is available.
    """
    bad_char = control_problem(text, name)
    if bad_char is not None:
        return None, [bad_char]
    try:
        root, anchors = compose(text, fast=fast)
    except (yaml.YAMLError, RecursionError) as exc:
        return None, [syntax_problem(exc, name, text)]
    if root is None:
        return None, [Problem(name, 1, 1, "", "the file is empty")]
    builder = _Builder(Document(name, None), anchors)
    builder.doc.data = builder.build(root, ())
    return builder.doc, builder.finish()


def parse_bytes(raw: bytes, name: str) -> tuple[Document | None, list[Problem]]:
    """Decode and parse the bytes of one file."""
    text, problems = decode(raw, name)
    if text is None:
        return None, problems
    return parse_text(text, name)


class _Builder:
    """Turns composed nodes into plain data, recording positions and problems."""

    def __init__(self, doc: Document, anchors: dict[int, str]) -> None:
        self.doc = doc
        self.anchors = anchors
        # Rendered at the end: key paths name list items by id, known only once built.
        self.pending: list[tuple[KeyPath, Position | None, str, str | None]] = []
        self.refs: dict[str, list[tuple[KeyPath, str]]] = {"anchor": [], "alias": []}

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        """Plain data for a node at a path."""
        self.doc.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if id(node) in self.anchors:
            self.refs["anchor"].append((path, "&" + self.anchors[id(node)]))
        if node.tag == _ALIAS:
            self.refs["alias"].append((path, f"*{node.value}"))
            self.doc.poisoned.add(path)
            return None
        if isinstance(node, yaml.MappingNode) and node.tag == _STD + "map":
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode) and node.tag == _STD + "seq":
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        return self._bad_tag(node, path)

    def _mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[str, Any]:
        """A dict with text keys; duplicate keys are reported and the first one kept."""
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_pos = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in (
                _PLAIN,
                _STD + "str",
            ):
                self.pending.append((path, key_pos, "a key must be plain text", None))
                continue
            key, sub = key_node.value, (*path, key_node.value)
            if key in out:
                first = self.doc.keys[sub][0]
                msg = f"duplicate key '{key}' (first defined on line {first})"
                self.pending.append((sub, key_pos, msg, None))
                continue
            self.doc.keys[sub] = key_pos
            out[key] = self.build(value_node, sub)
        return out

    def _scalar(self, node: yaml.ScalarNode, path: KeyPath) -> Any:
        """A scalar by the YAML 1.2 core schema; explicit standard tags must fit."""
        text, tag = node.value, node.tag
        if tag == _STD + "str":
            return text
        kind = tag.removeprefix(_STD) if tag != _PLAIN else None
        if kind not in (None, "null", "bool", "int", "float"):
            return self._bad_tag(node, path)
        value = _core_scalar(text, kind)
        if value is _NO_MATCH:
            msg = f"'{text}' is not a valid !!{kind}"
            self.pending.append((path, None, msg, None))
            self.doc.poisoned.add(path)
            return None
        if kind is None and not isinstance(value, str) and value is not None:
            self.doc.plain[path] = text
        return value

    def _bad_tag(self, node: yaml.Node, path: KeyPath) -> None:
        """Report a tag we do not accept; nothing is ever constructed from it."""
        shown = node.tag.replace(_STD, "!!")
        hint = "remove the tag; content files hold plain text, numbers, lists and mappings"
        self.pending.append((path, None, f"tag '{shown}' is not allowed", hint))
        self.doc.poisoned.add(path)
        return None

    def _render(
        self, path: KeyPath, pos: Position | None, message: str, hint: str | None
    ) -> Problem:
        """A problem at an explicit position, or at the path's own position."""
        if pos is None:
            return self.doc.problem(path, message, hint)
        return Problem(self.doc.file, pos[0], pos[1], self.doc.label(path), message, hint)

    def finish(self) -> list[Problem]:
        """Every problem found, anchors and aliases summarised once each."""
        for kind, found in self.refs.items():
            if found:
                path, shown = found[0]
                more = f" ({len(found) - 1} more in this file)" if len(found) > 1 else ""
                msg = f"{kind} '{shown}' is not allowed{more}"
                hint = "anchors and aliases are not supported; write the content out in full"
                self.pending.append((path, None, msg, hint))
        return [self._render(*item) for item in self.pending]


_NO_MATCH = object()


def _core_scalar(text: str, kind: str | None) -> Any:
    """Resolve a scalar's text; ``kind`` None means a plain scalar (any core type or text)."""
    if kind in (None, "null") and _NULL.match(text):
        return None
    if kind in (None, "bool") and text in _BOOL:
        return _BOOL[text]
    if kind in (None, "int") and _INT.match(text) and len(text) <= 30:
        return int(text, 0) if text[:2] in ("0o", "0x") else int(text)
    if kind in (None, "float") and _FLOAT.match(text) and len(text) <= 60:
        return float(text)
    return text if kind is None else _NO_MATCH
