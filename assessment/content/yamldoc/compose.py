"""Compose YAML text into nodes with positions, never constructing anything from tags.

The events come from libyaml when PyYAML was built with it (about ten times faster on large
or hostile files; its marks count characters, like the pure-Python parser) and from the
pure-Python parser otherwise. Composition itself is PyYAML's Python composer with two
changes: aliases become placeholders instead of shared nodes, and anchors are only noted.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import Composer
from yaml.resolver import Resolver

MAX_DEPTH = 64
# The full questionnaire has about 2,000 values; this leaves room for ten times more and
# stops a hostile file from keeping a server busy for seconds.
MAX_NODES = 25_000
PLAIN_TAG = "tag:crm-readiness:plain"
ALIAS_TAG = "tag:crm-readiness:alias"

HAVE_LIBYAML: bool = bool(getattr(yaml, "__with_libyaml__", False))


class LimitExceeded(yaml.MarkedYAMLError):
    """Nesting deeper, or more values, than any content file needs."""


class _Tracking:
    """Plain scalars get a private tag for our own resolution; aliases are not followed."""

    depth = 0
    nodes = 0
    anchors_seen: dict[int, str]

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        """Plain scalars get a private tag; everything else resolves as usual."""
        if kind is yaml.ScalarNode and implicit[0]:
            return PLAIN_TAG
        return super().resolve(kind, value, implicit)  # type: ignore[misc]

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        """Compose one node; aliases become placeholders and anchors are only noted."""
        this: Any = self
        event = this.peek_event()
        if isinstance(event, yaml.AliasEvent):
            this.get_event()
            start: Any = event.start_mark
            return yaml.ScalarNode(ALIAS_TAG, event.anchor or "", start, start)
        self.depth += 1
        self.nodes += 1
        if self.depth > MAX_DEPTH:
            raise LimitExceeded(None, None, "the file is nested too deeply", event.start_mark)
        if self.nodes > MAX_NODES:
            msg = f"the file holds more than {MAX_NODES:,} values, far more than content needs"
            raise LimitExceeded(None, None, msg, event.start_mark)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            event.anchor = None
        node: yaml.Node | None = super().compose_node(parent, index)  # type: ignore[misc]
        if anchor is not None and node is not None:
            self.anchors_seen[id(node)] = anchor
        self.depth -= 1
        return node


class _PureLoader(_Tracking, yaml.SafeLoader):
    """Events from PyYAML's pure-Python reader, scanner and parser."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.anchors_seen = {}


if HAVE_LIBYAML:
    from yaml._yaml import CParser

    class _FastLoader(_Tracking, Composer, Resolver, CParser):
        """Events from libyaml, composed in Python."""

        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)
            Composer.__init__(self)
            Resolver.__init__(self)
            self.anchors_seen = {}


def compose(text: str, *, fast: bool = True) -> tuple[yaml.Node | None, dict[int, str]]:
    """The root node of a single-document text and the anchors found (node id -> name).

    Raises PyYAML's errors (and LimitExceeded) for text that is not well-formed YAML.
    """
    loader: Any = _FastLoader(text) if fast and HAVE_LIBYAML else _PureLoader(text)
    try:
        return loader.get_single_node(), loader.anchors_seen
    finally:
        loader.dispose()
