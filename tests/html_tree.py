"""A tiny HTML tree (stdlib html.parser) for asserting on report structure in tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"meta", "img", "br", "link", "input", "hr", "source", "col", "wbr"}


@dataclass
class Node:
    """An element with its attributes, children and text."""

    tag: str
    attrs: dict[str, str | None]
    content: list[Node | str] = field(default_factory=list)

    @property
    def children(self) -> list[Node]:
        """Child elements, in document order."""
        return [c for c in self.content if isinstance(c, Node)]

    @property
    def text(self) -> str:
        """All text inside, in document order, whitespace collapsed."""
        return " ".join("".join(self._texts()).split())

    def _texts(self) -> list[str]:
        out: list[str] = []
        for c in self.content:
            out.extend([c] if isinstance(c, str) else c._texts())
        return out

    def iter(self) -> list[Node]:
        """This node and every descendant, in document order."""
        out = [self]
        for c in self.children:
            out.extend(c.iter())
        return out

    def find_all(self, tag: str | None = None, **attrs: str | bool) -> list[Node]:
        """Descendants with the tag and attributes (True: present with any value)."""
        found = []
        for n in self.iter()[1:]:
            if tag and n.tag != tag:
                continue
            ok = all(
                (k.replace("_", "-") in n.attrs)
                if v is True
                else n.attrs.get(k.replace("_", "-")) == v
                for k, v in attrs.items()
            )
            if ok:
                found.append(n)
        return found

    def find(self, tag: str | None = None, **attrs: str | bool) -> Node:
        """The first match (AssertionError if none)."""
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag}> with {attrs}"
        return found[0]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].content.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].content.append(data)


def parse(html: str) -> Node:
    """The document tree of an HTML string."""
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root
