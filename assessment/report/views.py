"""What the report templates receive: typed, frozen views, every field with a help text.

``ReportContext`` is the whole context of report.html; each of its fields is a plain value or
another view below (or in text.py, workshop.py, appendix.py, brand.py, plotlyjs.py). The
templates hold no logic: everything is sorted and formatted here. docs/report-context.md is
generated from these classes (python -m assessment.report.context_docs).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from markupsafe import Markup

from assessment.report.appendix import BucketColour, DimensionAnswers, RespondentRow
from assessment.report.brand import Brand
from assessment.report.documented import documented
from assessment.report.plotlyjs import PackedScript
from assessment.report.text import EvidenceView
from assessment.report.workshop import WorkshopView

__all__ = [
    "DimensionView",
    "FirstStep",
    "OverallView",
    "PerilView",
    "PhaseView",
    "ReasonGroupView",
    "QuestionnaireId",
    "QuestionnaireView",
    "ReportContext",
    "ReportMeta",
    "RoadmapItemView",
    "VerdictView",
]


@dataclass(frozen=True)
class PerilView:
    """A fired peril, ready for a card."""

    id: str = documented("The peril id (for the peril-<id> anchor and data-peril).")
    name: str = documented("The peril's name.")
    severity: str = documented("'critical', 'high' or 'medium' (also the badge's CSS class).")
    blocking: bool = documented("True when the peril blocks buying software.")
    phase: str = documented("The roadmap phase its remedy belongs to: 'strategy', 'process'...")
    description: str = documented("Why the peril matters.")
    remedy: str = documented("What to do before buying software.")
    evidence: list[EvidenceView] = documented("The answers that triggered the peril.")
    clear_by: list[str] = documented("The answers that would clear the peril, as sentences.")
    warning_signs: list[str] = documented(
        "The catalogue's warning signs of the peril.", default_factory=list
    )


@dataclass(frozen=True)
class DimensionView:
    """A row of the dimensions table."""

    id: str = documented("The dimension id (for data-dimension).")
    name: str = documented("The dimension's name.")
    score: str = documented("Score 0-100 as a whole number (half up), or an en dash.")
    level: str = documented("'3 · Defined', or 'Not assessed'.")
    colour: str = documented("The colour of the dimension's maturity level, #RRGGBB.")
    bar_width: str = documented("The score as a CSS width: '42.5%'.")
    coverage: str = documented("'10 questions: 8 answered, 1 don't know, 1 not answered'.")
    group_scores: list[str] = documented(
        "The dimension's score in each role group of group_headers (empty when there are none).",
        default_factory=list,
    )


@dataclass(frozen=True)
class RoadmapItemView:
    """One remedy in a roadmap phase."""

    peril: str = documented("The id of the peril the remedy settles.")
    name: str = documented("The peril's name.")
    severity: str = documented("The peril's severity: 'critical', 'high' or 'medium'.")
    remedy: str = documented("What to do.")


@dataclass(frozen=True)
class PhaseView:
    """One roadmap phase with at least one remedy (phases with nothing to do are left out)."""

    number: int = documented(
        "The phase's fixed place, 1 (strategy) to 4 (technology): numbers skip the phases left "
        "out, so technology is never phase 1."
    )
    phase: str = documented("The phase id: 'strategy', 'process', 'people' or 'technology'.")
    name: str = documented("The phase's heading.")
    items: list[RoadmapItemView] = documented("The remedies in this phase (never empty).")


@dataclass(frozen=True)
class FirstStep:
    """One of the steps to take first, in the executive summary."""

    heading: str = documented("The step in a few words (a peril's name, 'Strengthen People').")
    text: str = documented("What to do.")


@dataclass(frozen=True)
class ReasonGroupView:
    """One group of the verdict's reasons: blocking, conditions, or weak areas."""

    key: str = documented("'blocking', 'conditions', 'dimensions', or 'ready' (also a CSS class).")
    heading: str = documented("The group's heading, or '' for the one reason of a ready verdict.")
    reasons: list[str] = documented("The group's reasons, one sentence each (never empty).")


@dataclass(frozen=True)
class VerdictView:
    """The verdict: ready to buy, conditionally, or not yet."""

    status: str = documented("'ready', 'conditional' or 'not_ready' (also a CSS class).")
    label: str = documented("The verdict in words: 'Not ready to buy'.")
    reasons: list[str] = documented("Why this verdict, one sentence each.")
    groups: list[ReasonGroupView] = documented(
        "The same reasons by group: blocking perils first, then conditions, then weak areas."
    )
    sentence: str = documented("The sentence that says what the verdict means for the client.")


@dataclass(frozen=True)
class OverallView:
    """The overall score and maturity level."""

    score: str = documented("Overall score 0-100 as a whole number (half up), or an en dash.")
    level: str = documented("The overall maturity level 1-5, or an en dash.")
    label: str = documented("The overall level's label: 'Defined', or 'Not assessed'.")


@dataclass(frozen=True)
class QuestionnaireView:
    """The questionnaire the results answer."""

    id: str = documented("The questionnaire id: 'crm-readiness'.")
    title: str = documented("The questionnaire's title.")
    version: str = documented("The questionnaire's version.")


@dataclass(frozen=True)
class QuestionnaireId:
    """The questionnaire named in the report's embedded metadata."""

    id: str = documented("The questionnaire id.")
    version: str = documented("The questionnaire version.")


@dataclass(frozen=True)
class ReportMeta:
    """The report's embedded metadata (JSON in #crm-report-meta, some also in <meta> tags)."""

    format: str = documented("The report format and its version: 'crm-readiness-report/1'.")
    generator: str = documented("The program and version that wrote the report.")
    questionnaire: QuestionnaireId = documented("The questionnaire's id and version.")
    bundle_sha256: str = documented("SHA-256 of the questionnaire and peril catalogue content.")
    generated: str = documented("The report's date, ISO 8601: '2026-03-04'.")


@dataclass(frozen=True)
class ReportContext:
    """Everything report.html and the templates it includes receive."""

    organisation: str | None = documented("The organisation assessed, or None when not given.")
    questionnaire: QuestionnaireView = documented("The questionnaire answered.")
    brand: Brand = documented("The consultancy's branding (empty for an unbranded report).")
    facilitator: str | None = documented("The facilitator or assessor to credit, or None.")
    date_text: str = documented("The report's date written out: '3 March 2026'.")
    date_iso: str = documented("The report's date, ISO 8601: '2026-03-03'.")
    level_range: str = documented(
        "The maturity levels' span in words, from scoring.BANDS: '1 (Ad hoc) to 5 (Embedded)'."
    )
    single: bool = documented("True when one person answered (no workshop or respondents table).")
    respondents_text: str = documented("Who answered: '1 executive', '30 in total: 4 ...'.")
    verdict: VerdictView = documented("The verdict and why.")
    overall: OverallView = documented("The overall score and maturity level.")
    perils: list[PerilView] = documented(
        "Every fired peril, in the engine's order: blocking first, then severity, then catalogue."
    )
    top_perils: list[PerilView] = documented("The first three perils, for the summary.")
    perils_text: str = documented("The label under the peril count: 'Perils found, 2 blocking'.")
    first_steps: list[FirstStep] = documented("What to do first (one or two steps).")
    dimensions: list[DimensionView] = documented("The five dimensions in questionnaire order.")
    group_headers: list[str] = documented(
        "Names of the role groups drawn beside the whole ('Leaders', 'Front-line staff'); "
        "empty unless both groups answered."
    )
    roadmap: list[PhaseView] = documented(
        "The roadmap phases with something to do, in their fixed order; empty when no remedy "
        "is needed."
    )
    workshop: WorkshopView | None = documented(
        "The workshop analysis, or None for a single respondent."
    )
    respondent_rows: list[RespondentRow] = documented("Who answered, in the appendix.")
    not_applicable_column: bool = documented(
        "Whether the respondents table shows 'Not applicable' (some question did not apply)."
    )
    appendix: list[DimensionAnswers] = documented("Every answer, by dimension.")
    bucket_colours: list[BucketColour] = documented("The colour of each answer bucket (CSS).")
    print_footer: str = documented("The footer of printed pages: brand and organisation.")
    figures: dict[str, dict[str, Any]] = documented(
        "Plotly figures as JSON-ready data, keyed by the element id they are drawn in."
    )
    results_data: dict[str, Any] = documented(
        "The full results as JSON-ready data, embedded so the report can be read back."
    )
    meta_data: ReportMeta = documented("The report's embedded metadata.")
    plotly: PackedScript = documented("plotly.js, gzipped and base85-encoded for embedding.")
    bootstrap_js: Markup = documented("Our one inline script: unpacks plotly.js, draws charts.")
    csp: str = documented("The Content-Security-Policy: no network, only our two scripts.")

    def template_values(self) -> dict[str, Any]:
        """The fields as the template's top-level names (views stay objects, not dicts)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}
