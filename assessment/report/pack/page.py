"""The purchase pack as one self-contained HTML page: no script, no network, printable."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from assessment.report.brand import Brand
from assessment.report.pack import words
from assessment.report.pack.model import Pack
from assessment.report.render import environment
from assessment.report.text import date_text

# Nothing runs and nothing is fetched: styles inline, images only as data: URIs.
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'"
)


def pack_context(pack: Pack, brand: Brand | None = None) -> dict[str, Any]:
    """Every name report_templates/pack.html is rendered with."""
    groups = [(area, list(items)) for area, items in groupby(pack.requirements, lambda r: r.area)]
    return {
        "pack": pack,
        "brand": brand or Brand(),
        "w": words,
        "csp": CSP,
        "generated": date_text(pack.generated),
        "requirement_groups": groups,
        "weight_total": sum(c.weight for c in pack.criteria),
    }


def render_pack_html(pack: Pack, brand: Brand | None = None) -> str:
    """The pack as HTML; every text is escaped by the template (autoescape)."""
    return environment().get_template("pack.html").render(**pack_context(pack, brand))
