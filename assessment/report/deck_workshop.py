"""The deck's workshop slides: role comparison, disagreement, discussion agenda, consensus.

They read the report's workshop view, where role groups below the anonymity threshold are
already merged or hidden, so the deck can never show a group the report does not.
"""

from __future__ import annotations

from pptx.presentation import Presentation
from pptx.util import Inches

from assessment.report.deck_charts import LABEL_CHARS, role_series_name, roles_chart, spread_chart
from assessment.report.deck_layout import (
    BODY_BOTTOM,
    BODY_TOP,
    BODY_W,
    MARGIN,
    MUTED,
    Notes,
    content_slide,
    say,
    table,
    text_box,
    write_notes,
)
from assessment.report.views import ReportContext
from assessment.report.workshop import WorkshopView

AGREED = "Agreed level"  # how appendix.answer_text starts the answer the workshop settled
NOTE_H = Inches(0.55)


def _note_top(slide: object, ctx: ReportContext, w: WorkshopView, notes: Notes) -> int:
    """The anonymity note under the title when there is one; where the body then starts."""
    if not w.anonymity_note:
        return BODY_TOP
    box = (MARGIN, BODY_TOP, BODY_W, NOTE_H)
    text_box(slide, box, [w.anonymity_note], 13, notes, colour=MUTED)  # type: ignore[arg-type]
    return BODY_TOP + NOTE_H + Inches(0.1)


def roles_slide(prs: Presentation, ctx: ReportContext, w: WorkshopView) -> None:
    """Each shown role group's dimension scores, side by side."""
    groups = ", ".join(role_series_name(r) for r in w.roles) or "none (too few people)"
    notes = Notes(
        f"How each role group scored the five dimensions. Groups shown: {groups}.",
        "where the groups differ, whose picture is closer to what customers experience?",
    )
    slide = content_slide(
        prs, "How each role sees the organisation", ctx.brand, ctx.print_footer, notes
    )
    top = _note_top(slide, ctx, w, notes)
    if w.roles:
        box = (MARGIN, top, BODY_W, BODY_BOTTOM - top)
        roles_chart(slide, box, w.roles, ctx.dimensions, ctx.brand.primary_text)
    else:
        say(slide, "Too few people answered to show any role group by itself.", notes, top)
    write_notes(slide, notes)


def disagreement_slide(prs: Presentation, ctx: ReportContext, w: WorkshopView) -> None:
    """The questions where answers spread most, as a chart of their spread."""
    notes = Notes(
        "The questions where answers differ most: the spread is the standard deviation of "
        "the levels given (0 means everyone agreed).",
        "what does each side see that the other does not?",
    )
    slide = content_slide(prs, "Where views differ most", ctx.brand, ctx.print_footer, notes)
    if not w.agenda:
        say(slide, "The respondents broadly agree on every question.", notes)
    else:
        if any(len(a.text) > LABEL_CHARS for a in w.agenda):
            notes.full.extend(
                f"{i}. {a.text} (spread {a.spread})" for i, a in enumerate(w.agenda, 1)
            )
        box = (MARGIN, BODY_TOP, BODY_W, BODY_BOTTOM - BODY_TOP)
        spread_chart(slide, box, w.agenda, ctx.brand.primary_text)
    write_notes(slide, notes)


def agenda_slide(prs: Presentation, ctx: ReportContext, w: WorkshopView) -> None:
    """The discussion agenda: the questions to talk through, with the role gap and agreement."""
    notes = Notes(
        "The discussion agenda, highest priority first: questions that feed serious perils "
        "and divide the room. The gap is the largest difference between two roles' mean levels.",
        "take each question in turn: can the room agree on one level, and what evidence backs it?",
    )
    slide = content_slide(prs, "Discussion agenda", ctx.brand, ctx.print_footer, notes)
    rows = [
        [
            str(i),
            f"{a.text} ({a.dimension})",
            a.gap + (f" · {a.between}" if a.between else ""),
            a.consensus or "Not yet discussed",
        ]
        for i, a in enumerate(w.agenda, start=1)
    ]
    if not rows:
        say(slide, "Nothing to discuss: the respondents broadly agree.", notes)
    else:
        height = min(BODY_BOTTOM - BODY_TOP, Inches(0.62) * (len(rows) + 1))
        table(
            slide,
            (MARGIN, BODY_TOP, BODY_W, height),
            ["#", "Question", "Role gap", "Agreement"],
            rows,
            (0.05, 0.57, 0.22, 0.16),
            notes,
            brand=ctx.brand,
            size=12,
        )
    write_notes(slide, notes)


def agreed(ctx: ReportContext) -> list[list[str]]:
    """The questions the workshop settled: question, agreed answer, the note on it."""
    return [
        [q.text, q.answer, q.consensus or ""]
        for d in ctx.appendix
        for q in d.questions
        if q.answer.startswith(AGREED)
    ]


def consensus_slide(prs: Presentation, ctx: ReportContext, rows: list[list[str]]) -> None:
    """The answers the room agreed on after discussion."""
    notes = Notes(
        f"The {len(rows)} answers the room agreed on after discussion; the scores use them.",
        "is anything still open, and who follows it up?",
    )
    slide = content_slide(prs, "Consensus reached", ctx.brand, ctx.print_footer, notes)
    shown = rows[:8]
    if len(rows) > len(shown):
        notes.full.extend(" — ".join(r) for r in rows)
    height = min(BODY_BOTTOM - BODY_TOP, Inches(0.62) * (len(shown) + 1))
    table(
        slide,
        (MARGIN, BODY_TOP, BODY_W, height),
        ["Question", "Agreed answer", "Note"],
        shown,
        (0.45, 0.30, 0.25),
        notes,
        brand=ctx.brand,
        size=12,
    )
    write_notes(slide, notes)


def workshop_slides(prs: Presentation, ctx: ReportContext) -> None:
    """The workshop's slides, when several people answered."""
    w = ctx.workshop
    if w is None:
        return
    roles_slide(prs, ctx, w)
    disagreement_slide(prs, ctx, w)
    agenda_slide(prs, ctx, w)
    rows = agreed(ctx)
    if rows:
        consensus_slide(prs, ctx, rows)
