"""Plotly figures from Results, shared by the app and the exported report."""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from assessment.engine.scoring import BANDS
from assessment.model.results import Results
from assessment.model.vocabulary import ROLE_NAMES, coverage_text

# The mode bar keeps zoom and image download; the cloud "share" button and the logo go.
PLOTLY_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "showSendToCloud": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
ACCENT = "#1f4e79"
INK = "#1d2733"
GRID = "#d5dbe3"
# One colour per maturity level, red through amber to green, each at least 3:1 against white
# (WCAG's contrast for chart marks and large text; tests/report/test_charts.py checks it).
LEVEL_COLOURS: dict[int, str] = {
    1: "#b3261e",
    2: "#c2570c",
    3: "#b58100",
    4: "#2e7d32",
    5: "#1b5e20",
}
NO_LEVEL_COLOUR = "#8a94a6"
LEADER_ROLES: tuple[str, ...] = ("executive", "manager")
FRONTLINE_ROLES: tuple[str, ...] = ("frontline",)


def _plain(x: float) -> float:
    """A whole number as an int, so it reaches the figure JSON as 20 rather than 20.0."""
    return int(x) if x.is_integer() else x


# Where each maturity level's score band starts (0, 20, ...), with the level's label.
BAND_MARKS: tuple[tuple[float, str], ...] = tuple((_plain(f), label) for f, _, label in BANDS)

Series = Mapping[str, float | None]


def score_text(score: float | None) -> str:
    """A 0-100 score as a whole number (half up), or an en dash when there is none."""
    if score is None:
        return "–"
    return str(Decimal(str(score)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def level_colour(level: int | None) -> str:
    """The colour of a maturity level."""
    return LEVEL_COLOURS.get(level or 0, NO_LEVEL_COLOUR)


def layout(**extra: Any) -> dict[str, Any]:
    """A small, plain layout (no template, so the JSON stays small)."""
    base: dict[str, Any] = {
        "template": "none",
        "font": {"family": FONT, "size": 13, "color": INK},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "margin": {"l": 40, "r": 40, "t": 30, "b": 30},
        "hoverlabel": {"font": {"family": FONT}},
    }
    base.update(extra)
    return base


def group_scores(results: Results, roles: tuple[str, ...]) -> dict[str, float | None] | None:
    """Respondent-weighted mean dimension scores of a group of roles, or None if none present."""
    members = [r for r in results.roles or [] if r.role in roles and r.respondents > 0]
    if not members:
        return None
    out: dict[str, float | None] = {}
    for dim in results.dimensions:
        pairs = [(m.dimensions.get(dim.id), m.respondents) for m in members]
        known = [(s, n) for s, n in pairs if s is not None]
        weight = sum(n for _, n in known)
        out[dim.id] = sum(s * n for s, n in known) / weight if weight else None
    return out


def leaders_vs_frontline(results: Results) -> dict[str, Series]:
    """Leaders' and front line's dimension scores, when both groups answered."""
    leaders = group_scores(results, LEADER_ROLES)
    frontline = group_scores(results, FRONTLINE_ROLES)
    if leaders is None or frontline is None:
        return {}
    return {"Leaders": leaders, ROLE_NAMES["frontline"].group: frontline}


def _polar_trace(
    results: Results, name: str, scores: Series, style: dict[str, Any]
) -> go.Scatterpolar:
    """One closed radar trace over the five dimensions."""
    names = [d.name for d in results.dimensions]
    values = [scores.get(d.id) for d in results.dimensions]
    return go.Scatterpolar(
        r=[*values, values[0]],
        theta=[*names, names[0]],
        name=name,
        mode="lines+markers",
        hovertemplate="%{theta}: %{r:.0f}<extra>%{fullData.name}</extra>",
        **style,
    )


def radar_figure(
    results: Results, compare: Mapping[str, Series] | None = None, *, accent: str = ACCENT
) -> go.Figure:
    """Radar of the five dimension scores; `compare` adds named series (e.g. role groups)."""
    overall = {d.id: d.score for d in results.dimensions}
    main_name = "All respondents" if len(results.respondents) > 1 else "Score"
    fig = go.Figure()
    fig.add_trace(
        _polar_trace(
            results,
            main_name,
            overall,
            {"fill": "toself", "line": {"color": accent, "width": 3}, "opacity": 0.85},
        )
    )
    dashes = ("dash", "dot", "dashdot", "longdash")
    colours = ("#c2570c", "#5b3a99", "#00796b", "#6d4c41")
    for i, (name, scores) in enumerate((compare or {}).items()):
        style = {"line": {"color": colours[i % 4], "width": 2, "dash": dashes[i % 4]}}
        fig.add_trace(_polar_trace(results, name, scores, style))
    fig.update_layout(
        **layout(
            showlegend=bool(compare),
            legend={"orientation": "h", "y": -0.12, "x": 0.5, "xanchor": "center"},
            polar={
                "bgcolor": "rgba(0,0,0,0)",
                "radialaxis": {
                    "range": [0, 100],
                    "tickvals": [*(x for x, _ in BAND_MARKS[1:]), 100],
                    "gridcolor": GRID,
                    "angle": 90,
                    "tickangle": 90,
                    "tickfont": {"size": 10},
                },
                "angularaxis": {"gridcolor": GRID, "direction": "clockwise"},
            },
        )
    )
    return fig


def dimension_bars(results: Results) -> go.Figure:
    """Horizontal bars of the dimension scores, coloured by maturity level."""
    dims = list(reversed(results.dimensions))
    fig = go.Figure(
        go.Bar(
            x=[d.score or 0 for d in dims],
            y=[d.name for d in dims],
            orientation="h",
            marker={"color": [level_colour(d.level) for d in dims]},
            text=[f"{score_text(d.score)} · {d.label or 'not assessed'}" for d in dims],
            textposition="outside",
            cliponaxis=False,
            customdata=[
                [d.total, coverage_text(d.answered, d.unknown, d.unanswered, d.not_applicable)]
                for d in dims
            ],
            hovertemplate="%{y}: %{x:.0f}<br>%{customdata[0]} questions: %{customdata[1]}"
            "<extra></extra>",
        )
    )
    fig.update_layout(
        **layout(
            margin={"l": 130, "r": 30, "t": 30, "b": 40},
            xaxis={
                "range": [0, 100],
                "tickvals": [*(x for x, _ in BAND_MARKS), 100],
                "gridcolor": GRID,
                "title": {"text": "Score (0–100)"},
            },
            yaxis={"automargin": True},
            showlegend=False,
            shapes=[_vline(x) for x, _ in BAND_MARKS[1:]],
            annotations=[_band_label(x, label) for x, label in BAND_MARKS[1:]],
        )
    )
    return fig


def _vline(x: float) -> dict[str, Any]:
    """A faint vertical line at a level boundary."""
    return {
        "type": "line",
        "x0": x,
        "x1": x,
        "yref": "paper",
        "y0": 0,
        "y1": 1,
        "line": {"color": GRID, "width": 1, "dash": "dot"},
    }


def _band_label(x: float, label: str) -> dict[str, Any]:
    """A small label above a level boundary."""
    return {
        "x": x,
        "y": 1,
        "yref": "paper",
        "yanchor": "bottom",
        "xanchor": "left",
        "text": label,
        "showarrow": False,
        "font": {"size": 10, "color": "#5b6675"},
    }


def figure_data(fig: go.Figure, **layout: Any) -> dict[str, Any]:
    """A figure as plain JSON-ready data, with extra layout (e.g. a height) applied.

    The config adds `responsive`, so a chart follows its box's width as the window changes.
    """
    data: dict[str, Any] = json.loads(pio.to_json(fig, validate=False, pretty=False))
    data["layout"].update(layout)
    data["config"] = {**PLOTLY_CONFIG, "responsive": True}
    return data
