"""The self-contained HTML report: context, Jinja2 rendering, and reading results back."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import re
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from pydantic import ValidationError

from assessment import __version__
from assessment.engine.scoring import BANDS
from assessment.model.errors import ContentError, Problem
from assessment.model.questionnaire import Bundle
from assessment.model.results import Results
from assessment.report import charts, role_charts
from assessment.report.appendix import appendix, bucket_colours, respondent_rows
from assessment.report.brand import Brand
from assessment.report.context import (
    dimension_view,
    first_steps,
    peril_views,
    perils_text,
    respondents_text,
    roadmap_view,
    verdict_view,
)
from assessment.report.plotlyjs import PackedScript, csp_hash, packed_plotlyjs
from assessment.report.text import date_text
from assessment.report.views import (
    OverallView,
    QuestionnaireId,
    QuestionnaireView,
    ReportContext,
    ReportMeta,
)
from assessment.report.workshop import workshop_view
from assessment.resources import bundled

TEMPLATES_DIR = bundled("report_templates")
RESULTS_ID = "crm-results"
META_ID = "crm-report-meta"
REPORT_FORMAT = "crm-readiness-report/1"
_RESULTS_RE = re.compile(
    r'<script type="application/json" id="' + RESULTS_ID + r'">(.*?)</script>', re.DOTALL
)


def level_range() -> str:
    """'1 (Ad hoc) to 5 (Embedded)': the first and last maturity levels with their names."""
    (_, first, low), *_, (_, last, high) = BANDS
    return f"{first} ({low}) to {last} ({high})"


def css_string(text: str) -> Markup:
    """Any text as a quoted CSS string: every character but letters, digits and spaces escaped."""
    body = "".join(
        c if c.isascii() and (c.isalnum() or c == " ") else f"\\{ord(c):x} " for c in text
    )
    return Markup(f'"{body}"')  # noqa: S704 - every special character is escaped above


def json_default(value: object) -> Any:
    """JSON for a view: a dataclass as the mapping of its fields (in field order)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


@functools.cache
def environment() -> Environment:
    """The Jinja2 environment: autoescaped, strict about undefined names."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["css_string"] = css_string
    # Keep key order, so results read back from a report print exactly as `score` prints them.
    # Views (dataclasses such as meta_data) are written as objects of their fields.
    env.policies["json.dumps_kwargs"] = {
        "sort_keys": False,
        "ensure_ascii": False,
        "default": json_default,
    }
    return env


@functools.cache
def bootstrap_js() -> str:
    """Our one inline script: unpacks plotly.js and draws the charts."""
    return (TEMPLATES_DIR / "bootstrap.js").read_text(encoding="utf-8")


def content_security_policy() -> str:
    """No network at all; only our bootstrap and the exact plotly.js may run."""
    scripts = f"{csp_hash(bootstrap_js())} {packed_plotlyjs().csp_hash}"
    return (
        f"default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; "
        "img-src data: blob:; font-src data:; base-uri 'none'; form-action 'none'"
    )


def figures(
    results: Results, groups: dict[str, charts.Series], accent: str
) -> dict[str, dict[str, Any]]:
    """The charts of the report as JSON-ready figures, keyed by element id."""
    # Charts take their box's width (at most 680 px in the CSS, which fits an A4 page, so
    # printing never cuts them; a phone's width on a phone) and follow it when it changes.
    size = {"autosize": True}
    radar = charts.radar_figure(results, groups, accent=accent)
    out = {"chart-radar": charts.figure_data(radar, height=440, **size)}
    if len(results.respondents) > 1 and results.roles:
        roles = role_charts.role_bars(results)
        out["chart-roles"] = charts.figure_data(roles, height=360, **size)
        out["chart-heatmap"] = charts.figure_data(role_charts.role_heatmap(results), **size)
    return out


def report_context(
    results: Results,
    bundle: Bundle,
    brand: Brand,
    facilitator: str | None,
    generated: dt.date,
    *,
    embed: bool = True,
) -> ReportContext:
    """Everything the templates show, formatted and sorted (templates hold no logic).

    With ``embed=False`` the parts only an HTML file carries are left empty: the Plotly
    figures, plotly.js, our script, the CSP and the embedded results (the deck draws its own
    charts and needs none of them, and they are the expensive part).
    """
    warning_signs = {p.id: list(p.warning_signs) for p in bundle.catalogue.perils}
    perils = peril_views(results, warning_signs)
    groups = charts.leaders_vs_frontline(results)
    footer = [brand.footer or brand.name or "", results.organisation or ""]
    q = results.questionnaire
    overall = results.overall
    return ReportContext(
        organisation=results.organisation,
        questionnaire=QuestionnaireView(q.id, q.title, q.version),
        brand=brand,
        facilitator=facilitator,
        date_text=date_text(generated),
        date_iso=generated.isoformat(),
        level_range=level_range(),
        single=len(results.respondents) == 1,
        respondents_text=respondents_text(results),
        verdict=verdict_view(results),
        overall=OverallView(
            score=charts.score_text(overall.score),
            level=str(overall.level) if overall.level else "–",
            label=overall.label or "Not assessed",
        ),
        perils=perils,
        top_perils=perils[:3],
        perils_text=perils_text(perils),
        first_steps=first_steps(results),
        dimensions=[dimension_view(d, groups) for d in results.dimensions],
        group_headers=list(groups),
        roadmap=roadmap_view(results),
        workshop=workshop_view(results),
        respondent_rows=respondent_rows(results),
        not_applicable_column=any(r.not_applicable for r in results.respondents),
        appendix=appendix(results),
        bucket_colours=bucket_colours(),
        print_footer=" · ".join(t for t in footer if t),
        figures=figures(results, groups, brand.primary_text) if embed else {},
        results_data=results.model_dump(mode="json") if embed else {},
        meta_data=ReportMeta(
            format=REPORT_FORMAT,
            generator=f"crm-readiness {__version__}",
            questionnaire=QuestionnaireId(bundle.questionnaire.id, bundle.questionnaire.version),
            bundle_sha256=bundle.sha256,
            generated=generated.isoformat(),
        ),
        plotly=packed_plotlyjs() if embed else PackedScript("", 0, ""),
        bootstrap_js=Markup(bootstrap_js() if embed else ""),  # noqa: S704 - our own file
        csp=content_security_policy() if embed else "",
    )


def render_report(
    results: Results,
    bundle: Bundle,
    *,
    brand: Brand | None = None,
    facilitator: str | None = None,
    generated: dt.date | None = None,
) -> str:
    """The complete self-contained HTML report."""
    context = report_context(
        results, bundle, brand or Brand(), facilitator, generated or dt.date.today()
    )
    return environment().get_template("report.html").render(context.template_values())


def results_from_report(html: str, source: str = "report") -> Results:
    """The results embedded in a report made by render_report (ContentError if none)."""

    def fail(message: str) -> ContentError:
        return ContentError([Problem(source, None, None, "", message)])

    match = _RESULTS_RE.search(html)
    if match is None:
        raise fail("not a CRM readiness report: it holds no embedded results")
    try:
        return Results.model_validate(json.loads(match.group(1)))
    except (ValueError, ValidationError) as exc:
        first = str(exc).splitlines()[0]
        raise fail(f"the embedded results are damaged ({first})") from None
