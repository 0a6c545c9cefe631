"""docs/report-context.md: every name the report templates receive, generated from the views.

Run ``python -m assessment.report.context_docs > docs/report-context.md`` after changing a view;
tests/report/test_report_context.py fails while the committed file is stale, while a field has
no help text, and while a template uses a name ReportContext does not document.
"""

from __future__ import annotations

import dataclasses
import inspect
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assessment.report.documented import HELP
from assessment.report.views import ReportContext
from assessment.resources import CHECKOUT

DOCS_PATH: Path = CHECKOUT / "docs" / "report-context.md"
HEADER = """# The report context

What `report_templates/*.html` receive. `assessment/report/render.py` builds one
`ReportContext` and hands its fields to `report.html` as top-level names; every other value is
one of the frozen views below, read with attribute access (`perils[0].name`). The views are
already sorted and formatted: the templates hold no logic, and Jinja2 is strict about undefined
names. Perils keep the engine's order (blocking first, then severity, then catalogue position).

Generated from the dataclasses' help texts by `python -m assessment.report.context_docs >
docs/report-context.md`; the tests fail when this file is stale.
"""


def nested_types(tp: Any) -> Iterator[type]:
    """The dataclasses a field type refers to: itself, or inside list[...], X | None, dict..."""
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        yield tp
    for arg in typing.get_args(tp):
        yield from nested_types(arg)


def field_types(cls: type) -> dict[str, Any]:
    """The resolved type of each field of a dataclass."""
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls)}


def documented_types(root: type = ReportContext) -> list[type]:
    """Every dataclass reachable from root through its field types, root first."""
    found: list[type] = [root]
    for cls in found:  # grows while it is walked: breadth first
        for tp in field_types(cls).values():
            found.extend(t for t in nested_types(tp) if t not in found)
    return found


def properties(cls: type) -> dict[str, str]:
    """The read-only properties of a class (templates may use them) with their docstrings."""
    return {
        name: inspect.getdoc(value) or ""
        for name, value in vars(cls).items()
        if isinstance(value, property)
    }


def help_text(f: dataclasses.Field[Any]) -> str:
    """The help text of a field ('' when it has none)."""
    return str(f.metadata.get(HELP, "")).strip()


def undocumented(root: type = ReportContext) -> list[str]:
    """'Class.field' of every field or property without a help text."""
    missing: list[str] = []
    for cls in documented_types(root):
        missing += [f"{cls.__name__}.{f.name}" for f in dataclasses.fields(cls) if not help_text(f)]
        missing += [f"{cls.__name__}.{p}" for p, doc in properties(cls).items() if not doc]
    return missing


def type_text(tp: Any) -> str:
    """A type as it reads in Python: 'list[PerilView]', 'str | None'."""
    if tp is type(None):
        return "None"
    if tp is Any:
        return "Any"
    args = typing.get_args(tp)
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        return " | ".join(type_text(a) for a in args)
    if origin is not None:
        return f"{getattr(origin, '__name__', str(origin))}[{', '.join(map(type_text, args))}]"
    return getattr(tp, "__name__", str(tp))


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(root: type = ReportContext) -> str:
    """The whole of docs/report-context.md."""
    out = [HEADER]
    for cls in documented_types(root):
        out += [f"## {cls.__name__}", "", inspect.getdoc(cls) or "", ""]
        out += ["| Name | Type | What it is |", "| --- | --- | --- |"]
        hints = field_types(cls)
        for f in dataclasses.fields(cls):
            out.append(
                f"| `{f.name}` | `{_cell(type_text(hints[f.name]))}` | {_cell(help_text(f))} |"
            )
        for name, doc in properties(cls).items():
            out.append(f"| `{name}` | property | {_cell(doc.splitlines()[0] if doc else '')} |")
        out.append("")
    return "\n".join(out)


def main() -> None:
    """Print docs/report-context.md."""
    print(markdown(), end="")


if __name__ == "__main__":
    main()
