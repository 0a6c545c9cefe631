"""Plotly figures of the scores by role: the question-by-role heatmap and the role bars."""

from __future__ import annotations

import plotly.graph_objects as go

from assessment.model.results import Results
from assessment.model.vocabulary import LEVELS, ROLE_NAMES
from assessment.report.charts import FONT, GRID, INK, LEVEL_COLOURS, layout


def _short(text: str, width: int = 46) -> str:
    """A question text cut to fit an axis label."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def wrap(text: str, width: int) -> list[str]:
    """Text broken into lines of at most width characters (at spaces; long words stay whole)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def role_heatmap(results: Results, *, large: bool = False) -> go.Figure:
    """Mean answer level of each question (rows) by role (columns).

    large is for a projector: numbered rows with the full question text wrapped (never cut),
    16 px labels and bigger cell values; the figure then fills its container's width.
    """
    roles = [r.role for r in results.roles or []]
    questions = results.questions
    z = [[q.role_means.get(role) for role in roles] for q in questions]
    if large:
        wrapped = [wrap(f"{i}. {q.text}", 70) for i, q in enumerate(questions, start=1)]
        labels = ["<br>".join(lines) for lines in wrapped]
        height = max(320, sum(22 * len(lines) + 16 for lines in wrapped) + 110)
        tick, cell, head = 16, 18, 18
    else:
        # Numbered, so rows whose cut texts read alike stay apart (and no id is shown).
        labels = [f"{i}. {_short(q.text)}" for i, q in enumerate(questions, start=1)]
        # Rows shrink for long questionnaires so the chart fits on one printed A4 page.
        height = max(260, (24 if len(questions) <= 30 else 16) * len(questions) + 90)
        tick, cell, head = 10, 12, 13
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[ROLE_NAMES[r].group for r in roles],
            y=labels,
            zmin=LEVELS[0],
            zmax=LEVELS[-1],
            colorscale=[
                [0, LEVEL_COLOURS[LEVELS[0]]],
                [0.5, "#f2e6b8"],
                [1, LEVEL_COLOURS[LEVELS[-1]]],
            ],
            texttemplate="%{z:.1f}",
            textfont={"size": cell},
            hovertemplate="%{y}<br>%{x}: mean level %{z:.1f}<extra></extra>",
            hoverongaps=False,
            xgap=2,
            ygap=2,
            colorbar={"title": {"text": "Level"}, "tickvals": list(LEVELS), "thickness": 12},
        )
    )
    fig.update_layout(
        **layout(
            height=height,
            margin={"l": 10, "r": 10, "t": 40, "b": 10},
            xaxis={"side": "top", "automargin": True, "tickfont": {"size": head}},
            yaxis={"autorange": "reversed", "automargin": True, "tickfont": {"size": tick}},
        )
    )
    if large:
        fig.update_layout(font={"family": FONT, "size": 16, "color": INK})
    return fig


def role_bars(results: Results) -> go.Figure:
    """Grouped bars: each role's score on every dimension."""
    fig = go.Figure()
    colours = ("#1f4e79", "#c2570c", "#2e7d32", "#5b3a99", "#6d4c41")
    for i, role in enumerate(results.roles or []):
        fig.add_trace(
            go.Bar(
                name=f"{ROLE_NAMES[role.role].group} ({role.respondents})",
                x=[d.name for d in results.dimensions],
                y=[role.dimensions.get(d.id) for d in results.dimensions],
                marker={"color": colours[i % len(colours)]},
                hovertemplate="%{x}: %{y:.0f}<extra>%{fullData.name}</extra>",
            )
        )
    fig.update_layout(
        **layout(
            barmode="group",
            yaxis={"range": [0, 100], "gridcolor": GRID, "title": {"text": "Score (0–100)"}},
            legend={"orientation": "h", "y": -0.15, "x": 0.5, "xanchor": "center"},
            margin={"l": 60, "r": 20, "t": 20, "b": 40},
        )
    )
    return fig
