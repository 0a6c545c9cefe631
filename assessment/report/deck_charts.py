"""Native PowerPoint charts for the deck: the chart carries its data, so it can be restyled.

The values are the report's own figures (the views' formatted scores, read back as numbers),
so the deck, the HTML report and the app always show the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from pptx.chart.data import ChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.slide import Slide
from pptx.util import Pt
from xlsxwriter import Workbook

from assessment.report.deck_layout import INK, Box, clip, emu, rgb
from assessment.report.views import DimensionView, OverallView
from assessment.report.workshop import AgendaItem, RoleRow

# Series colours after the brand's own (its colour darkened to read on white, as in the report):
# distinct from each other and readable on white.
PALETTE = ("#c2570c", "#5b6574", "#2e7d32", "#7b3fa0", "#b58100")
LABEL_CHARS = 48  # a question's text as a chart category


class _PlainWorkbookWriter(CategoryWorkbookWriter):
    """The chart's embedded workbook with every text kept as text, never as a formula or link."""

    def __init__(self, chart_data: ChartData) -> None:
        super().__init__(chart_data)  # type: ignore[no-untyped-call]

    @contextmanager
    def _open_worksheet(self, xlsx_file: Any) -> Iterator[tuple[Any, Any]]:
        options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        workbook = Workbook(xlsx_file, options)
        yield workbook, workbook.add_worksheet()
        workbook.close()


class PlainChartData(ChartData):
    """Category chart data whose workbook treats '=1+1' or a web address as plain text."""

    def __init__(self, number_format: str) -> None:
        super().__init__(number_format)  # type: ignore[no-untyped-call]

    @property
    def _workbook_writer(self) -> CategoryWorkbookWriter:
        writer = self.__dict__.get("_plain_writer")
        if writer is None:
            writer = self.__dict__["_plain_writer"] = _PlainWorkbookWriter(self)
        return writer


def number(text: str) -> float | None:
    """A view's formatted figure ('42', '0.87') as a number; None for the en dash."""
    try:
        return float(text)
    except ValueError:
        return None


def bar_chart(
    slide: Slide,
    box: Box,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    colours: Sequence[str],
    *,
    maximum: float | None = 100,
    number_format: str = "0",
) -> None:
    """A horizontal bar chart (clustered when there are several series), first category on top."""
    data = PlainChartData(number_format=number_format)
    data.categories = list(categories)
    for name, values in series:
        data.add_series(name, list(values))  # type: ignore[no-untyped-call]
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, *emu(box), data)
    chart = frame.chart  # type: ignore[attr-defined]
    chart.font.size = Pt(12)
    chart.font.color.rgb = rgb(INK)
    chart.has_legend = len(series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    chart.category_axis.reverse_order = True
    chart.category_axis.tick_labels.font.size = Pt(12)
    axis = chart.value_axis
    axis.minimum_scale = 0
    if maximum is not None:
        axis.maximum_scale = maximum
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = rgb("#d5dbe3")
    axis.tick_labels.font.size = Pt(11)
    plot = chart.plots[0]
    plot.gap_width = 60 if len(series) == 1 else 40
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = number_format
    labels.number_format_is_linked = False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    labels.font.size = Pt(11)
    for s, colour in zip(plot.series, colours, strict=False):
        s.format.fill.solid()
        s.format.fill.fore_color.rgb = rgb(colour)


def scores_chart(
    slide: Slide,
    box: Box,
    overall: OverallView,
    dimensions: Sequence[DimensionView],
    accent: str,
) -> None:
    """The overall score and each dimension's, 0 to 100."""
    categories = ["Overall", *(d.name for d in dimensions)]
    values = [number(overall.score), *(number(d.score) for d in dimensions)]
    bar_chart(slide, box, categories, [("Score (0-100)", values)], [accent])


def role_series_name(row: RoleRow) -> str:
    """'Executives (4)': the group and how many people it holds."""
    return f"{row.label} ({row.respondents})"


def roles_chart(
    slide: Slide,
    box: Box,
    roles: Sequence[RoleRow],
    dimensions: Sequence[DimensionView],
    accent: str,
) -> None:
    """Each shown role group's dimension scores, clustered by dimension."""
    series = [(role_series_name(r), [number(s) for s in r.dimensions]) for r in roles]
    bar_chart(slide, box, [d.name for d in dimensions], series, [accent, *PALETTE])


def spread_chart(slide: Slide, box: Box, agenda: Sequence[AgendaItem], accent: str) -> None:
    """How widely answers spread on the agenda's questions (standard deviation of levels)."""
    categories = [f"{i}. {clip(a.text, LABEL_CHARS)}" for i, a in enumerate(agenda, start=1)]
    values = [number(a.spread) for a in agenda]
    bar_chart(
        slide,
        box,
        categories,
        [("Spread of answers (standard deviation)", values)],
        [accent],
        maximum=None,
        number_format="0.00",
    )
