"""The report context: typed, frozen, every field documented, and all the templates ever use.

A template that uses a name ReportContext lacks, a view field without a help text, or a stale
docs/report-context.md fails here.
"""

from __future__ import annotations

import dataclasses
import typing
from typing import Any

from jinja2 import StrictUndefined
from markupsafe import Markup
from template_names import template_names

from assessment.report.context_docs import (
    DOCS_PATH,
    documented_types,
    field_types,
    markdown,
    undocumented,
)
from assessment.report.documented import documented
from assessment.report.render import TEMPLATES_DIR, environment
from assessment.report.views import PerilView, ReportContext
from assessment.report.workshop import WorkshopView

HANDOUT = TEMPLATES_DIR / "handout.html"  # its own context, HandoutContext (test_handout.py)
PACK = TEMPLATES_DIR / "pack.html"  # its own context, pack_context() (tests/pack)
TEMPLATES = sorted(p for p in TEMPLATES_DIR.glob("*.html") if p not in (HANDOUT, PACK))
LEAVES = {str, int, float, bool, type(None), Markup}


def leaf_types(tp: Any) -> set[Any]:
    """The non-generic types inside a field type (list[X | None] -> {X, NoneType})."""
    args = typing.get_args(tp)
    if not args:
        return {tp}
    return set().union(*(leaf_types(a) for a in args))


def test_every_field_of_every_view_has_a_help_text() -> None:
    assert undocumented() == []


def test_the_walk_reaches_nested_views() -> None:
    found = documented_types()
    assert found[0] is ReportContext
    assert {PerilView, WorkshopView} <= set(found)
    names = {t.__name__ for t in found}
    # Through list[...], X | None and nested views of views.
    assert {"EvidenceView", "RoleRow", "HeatmapRow", "Bucket", "QuestionnaireId"} <= names


@dataclasses.dataclass(frozen=True)
class Inner:
    """A view with one field lacking help and one with a blank help text."""

    bare: int
    empty: str = documented(" ")


@dataclasses.dataclass(frozen=True)
class Outer:
    """A view reaching Inner only through list[Inner | None]."""

    items: list[Inner | None] = documented("Inner views.")


def test_a_field_without_help_is_reported() -> None:
    assert undocumented(Outer) == ["Inner.bare", "Inner.empty"]


def test_every_view_is_frozen_and_holds_only_plain_values_or_views() -> None:
    for cls in documented_types():
        params = cls.__dataclass_params__  # type: ignore[attr-defined]
        assert params.frozen, f"{cls.__name__} is not frozen"
        for name, tp in field_types(cls).items():
            for leaf in leaf_types(tp):
                plain = leaf in LEAVES or leaf is Any or dataclasses.is_dataclass(leaf)
                assert plain, f"{cls.__name__}.{name} holds {leaf!r}, not a documented view"


def test_templates_use_only_documented_names() -> None:
    fields = {f.name for f in dataclasses.fields(ReportContext)}
    assert TEMPLATES, "no templates found"
    for path in TEMPLATES:
        unknown = template_names(path) - fields
        assert not unknown, f"{path.name} uses {sorted(unknown)}, which ReportContext lacks"


def test_every_context_field_is_used_by_a_template() -> None:
    used = set().union(*(template_names(p) for p in TEMPLATES))
    unused = {f.name for f in dataclasses.fields(ReportContext)} - used
    assert not unused, f"ReportContext fields no template uses: {sorted(unused)}"


def test_templates_are_strict_about_undefined_names() -> None:
    assert environment().undefined is StrictUndefined


def test_committed_docs_are_current() -> None:
    assert DOCS_PATH.read_text(encoding="utf-8") == markdown(), (
        "docs/report-context.md is stale: run "
        "`python -m assessment.report.context_docs > docs/report-context.md`"
    )
