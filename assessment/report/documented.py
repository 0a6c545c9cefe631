"""Documented dataclass fields: every value the report templates receive says what it is.

Modelled on datasette's template_contexts.py: a field is declared with ``documented(help)``
and its help text lives in the field's metadata, where tests and docs/report-context.md read it.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any

HELP = "help"


def documented(help: str, **kw: Any) -> Any:  # noqa: A002 - the name datasette uses
    """A dataclass field carrying a help text (``default=`` etc. are passed on to field)."""
    return field(metadata={HELP: help}, **kw)
