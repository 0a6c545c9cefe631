"""Plotly figures built from Results."""

from __future__ import annotations

import colorsys
import json

import pytest
from report_fixtures import make_bundle, make_responses, make_results

from assessment.engine.scoring import BANDS
from assessment.model.results import Results
from assessment.model.vocabulary import ROLE_NAMES
from assessment.report import charts, role_charts


@pytest.fixture(scope="module")
def single() -> Results:
    """One executive's results."""
    bundle = make_bundle()
    return make_results(bundle, make_responses(bundle, 1))


@pytest.fixture(scope="module")
def workshop() -> Results:
    """Thirty respondents' results."""
    bundle = make_bundle()
    return make_results(bundle, make_responses(bundle, 30))


def test_config_removes_cloud_and_logo_buttons() -> None:
    assert charts.PLOTLY_CONFIG["showSendToCloud"] is False
    assert charts.PLOTLY_CONFIG["displaylogo"] is False


@pytest.mark.parametrize(
    ("score", "text"),
    [(None, "–"), (0, "0"), (62.5, "63"), (62.49, "62"), (99.5, "100"), (12.5, "13")],
)
def test_score_text_rounds_half_up(score: float | None, text: str) -> None:
    assert charts.score_text(score) == text


def test_radar_draws_each_dimension_score_as_a_closed_loop(single: Results) -> None:
    fig = charts.radar_figure(single)
    assert len(fig.data) == 1
    scores = [d.score for d in single.dimensions]
    assert list(fig.data[0].r) == [*scores, scores[0]]
    assert list(fig.data[0].theta)[:5] == [d.name for d in single.dimensions]
    assert fig.layout.showlegend is False


def test_radar_adds_one_trace_per_comparison(single: Results) -> None:
    other = {d.id: 10.0 for d in single.dimensions}
    fig = charts.radar_figure(single, {"Last year": other}, accent="#123456")
    assert [t.name for t in fig.data] == ["Score", "Last year"]
    assert list(fig.data[1].r) == [10.0] * 6
    assert fig.data[0].line.color == "#123456"
    assert fig.layout.showlegend is True


def test_leaders_are_weighted_by_respondents(workshop: Results) -> None:
    groups = charts.leaders_vs_frontline(workshop)
    assert list(groups) == ["Leaders", "Front-line staff"]
    roles = {r.role: r for r in workshop.roles or []}
    ex, mg = roles["executive"], roles["manager"]
    a, b = ex.dimensions["strategy"], mg.dimensions["strategy"]
    assert a is not None and b is not None
    expected = (a * ex.respondents + b * mg.respondents) / (ex.respondents + mg.respondents)
    assert groups["Leaders"]["strategy"] == pytest.approx(expected)
    assert groups["Front-line staff"]["strategy"] == roles["frontline"].dimensions["strategy"]


def test_no_role_groups_for_a_single_respondent(single: Results) -> None:
    assert charts.leaders_vs_frontline(single) == {}


def test_dimension_bars_follow_scores_and_levels(single: Results) -> None:
    fig = charts.dimension_bars(single)
    dims = list(reversed(single.dimensions))
    assert list(fig.data[0].x) == [d.score for d in dims]
    assert list(fig.data[0].marker.color) == [charts.level_colour(d.level) for d in dims]
    assert fig.data[0].text[0].startswith(charts.score_text(dims[0].score) + " · ")


def test_dimension_bars_mark_the_level_bands_of_scoring(single: Results) -> None:
    layout = charts.dimension_bars(single).layout
    floors = [floor for floor, _, _ in BANDS]
    assert list(layout.xaxis.tickvals) == [*floors, 100]
    assert [s.x0 for s in layout.shapes] == floors[1:]
    assert [a.text for a in layout.annotations] == [label for _, _, label in BANDS[1:]]


def test_heatmap_holds_role_means(workshop: Results) -> None:
    fig = role_charts.role_heatmap(workshop)
    roles = [r.role for r in workshop.roles or []]
    assert list(fig.data[0].x) == [ROLE_NAMES[r].group for r in roles]
    first = workshop.questions[0]
    assert list(fig.data[0].z[0]) == [first.role_means.get(r) for r in roles]
    assert fig.layout.height == 24 * len(workshop.questions) + 90


def test_role_bars_have_one_trace_per_role(workshop: Results) -> None:
    fig = role_charts.role_bars(workshop)
    assert [t.name for t in fig.data] == [
        f"{ROLE_NAMES[r.role].group} ({r.respondents})" for r in workshop.roles or []
    ]


def test_heatmap_rows_are_numbered_texts_without_ids(workshop: Results) -> None:
    labels = list(role_charts.role_heatmap(workshop).data[0].y)
    assert labels[0] == "1. " + role_charts._short(workshop.questions[0].text)
    assert len(set(labels)) == len(labels)
    assert not [label for label in labels for q in workshop.questions if q.id in label]


def _luminance(colour: str) -> float:
    """WCAG relative luminance of #RRGGBB."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_level_colours_read_on_white_from_red_to_green() -> None:
    colours = [charts.LEVEL_COLOURS[level] for level in sorted(charts.LEVEL_COLOURS)]
    # WCAG 1.4.11: chart marks need 3:1 against the white page (no text sits on them).
    assert [c for c in colours if _contrast(c, "#ffffff") < 3] == []
    hues = [
        colorsys.rgb_to_hls(*(int(c[i : i + 2], 16) / 255 for i in (1, 3, 5)))[0] * 360
        for c in colours
    ]
    # Red, orange, amber, then greens: the middle level sits between its neighbours' hues,
    # and is not the old muddy olive (#8a6d00, hue 47 but only 27% light).
    assert hues[0] < hues[1] < hues[2] < hues[3] <= hues[4]
    assert 35 <= hues[2] <= 50
    light = colorsys.rgb_to_hls(*(int(colours[2][i : i + 2], 16) / 255 for i in (1, 3, 5)))[1]
    assert light >= 0.33
    assert charts.LEVEL_COLOURS[3] != "#8a6d00"


def test_figure_data_is_small_plain_json(workshop: Results) -> None:
    data = charts.figure_data(charts.radar_figure(workshop), height=440)
    assert data["config"] == {**charts.PLOTLY_CONFIG, "responsive": True}
    assert data["layout"]["height"] == 440
    assert "width" not in data["layout"]
    # No default template: the whole figure stays a few kilobytes.
    assert len(json.dumps(data)) < 6000
    assert data["layout"]["template"] == {"data": {"scatter": [{"type": "scatter"}]}}
