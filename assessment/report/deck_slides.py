"""The deck's main slides: title, verdict, scores, one per serious peril, roadmap, appendix.

Each slide takes the report's context (views already formatted, sorted and anonymised), never
the raw results, so the deck says exactly what the HTML report says.
"""

from __future__ import annotations

from pptx.presentation import Presentation
from pptx.util import Inches

from assessment.report.deck_charts import scores_chart
from assessment.report.deck_layout import (
    BODY_BOTTOM,
    BODY_TOP,
    BODY_W,
    MARGIN,
    MUTED,
    Notes,
    content_slide,
    rectangle,
    say,
    section,
    table,
    text_box,
    write_notes,
)
from assessment.report.views import PerilView, ReportContext

SEVERITY_COLOURS = {"critical": "#b3261e", "high": "#c2570c", "medium": "#8a6200"}
VERDICT_COLOURS = {"ready": "#2e7d32", "conditional": "#8a6200", "not_ready": "#b3261e"}
SERIOUS = ("critical", "high")
# Picture formats python-pptx can place; an SVG or WebP logo is left off the deck.
PICTURE_TYPES = ("image/png", "image/jpeg", "image/gif")
GAP = Inches(0.4)
BODY_H = BODY_BOTTOM - BODY_TOP


def serious(perils: list[PerilView]) -> list[PerilView]:
    """The perils that get a slide of their own: critical, high or blocking (in report order)."""
    return [p for p in perils if p.blocking or p.severity in SERIOUS]


def verdict_slide(prs: Presentation, ctx: ReportContext) -> None:
    """The verdict in colour, what it means, and why."""
    notes = Notes(
        f"The verdict: {ctx.verdict.label}. {ctx.verdict.sentence}",
        "does this match what you expected? Which of these reasons surprises you?",
    )
    slide = content_slide(prs, "The verdict", ctx.brand, ctx.print_footer, notes)
    badge = (MARGIN, BODY_TOP, BODY_W, Inches(1.0))
    rectangle(slide, badge, VERDICT_COLOURS.get(ctx.verdict.status, "#5b6574"))
    text_box(slide, badge, [ctx.verdict.label], 32, notes, colour="#ffffff", bold=True, middle=True)
    top = BODY_TOP + Inches(1.2)
    text_box(slide, (MARGIN, top, BODY_W, Inches(0.9)), [ctx.verdict.sentence], 18, notes)
    top += Inches(1.0)
    box = (MARGIN, top, BODY_W, BODY_BOTTOM - top)
    section(
        slide, box, "Why", ctx.verdict.reasons, notes, accent=ctx.brand.primary_text, bullets=True
    )
    write_notes(slide, notes)


def scores_slide(prs: Presentation, ctx: ReportContext) -> None:
    """The overall score beside a bar chart of the overall and dimension scores."""
    o = ctx.overall
    dims = ", ".join(f"{d.name} {d.score}" for d in ctx.dimensions)
    notes = Notes(
        f"The overall score, {o.score} out of 100 (level {o.level}, {o.label}), and each "
        f"dimension's: {dims}. Levels run {ctx.level_range}.",
        "which dimension feels scored too high or too low, and why?",
    )
    slide = content_slide(prs, "Overall and dimension scores", ctx.brand, ctx.print_footer, notes)
    left_w = Inches(3.4)
    text_box(
        slide,
        (MARGIN, BODY_TOP + Inches(0.4), left_w, Inches(1.4)),
        [o.score],
        72,
        notes,
        colour=ctx.brand.primary_text,
        bold=True,
    )
    text_box(
        slide,
        (MARGIN, BODY_TOP + Inches(1.9), left_w, Inches(1.6)),
        ["out of 100", f"Level {o.level} · {o.label}"],
        20,
        notes,
    )
    text_box(
        slide,
        (MARGIN, BODY_TOP + Inches(3.6), left_w, BODY_H - Inches(3.6)),
        [f"Maturity levels run {ctx.level_range}."],
        14,
        notes,
        colour=MUTED,
    )
    chart = (MARGIN + left_w + GAP, BODY_TOP, BODY_W - left_w - GAP, BODY_H)
    scores_chart(slide, chart, ctx.overall, ctx.dimensions, ctx.brand.primary_text)
    write_notes(slide, notes)


def peril_slide(prs: Presentation, ctx: ReportContext, p: PerilView) -> None:
    """One serious peril: why it matters and the evidence; the remedy and what would clear it."""
    kind = p.severity.capitalize() + (" · blocks buying software" if p.blocking else "")
    notes = Notes(
        f"The peril “{p.name}” ({kind.lower()}): why it matters, the answers that raised it, "
        "and what to do before buying software.",
        "is this evidence what you see day to day? Who would own the remedy?",
    )
    slide = content_slide(prs, p.name, ctx.brand, ctx.print_footer, notes)
    badge = (MARGIN, BODY_TOP, Inches(4.6), Inches(0.45))
    rectangle(slide, badge, SEVERITY_COLOURS.get(p.severity, "#5b6574"))
    text_box(slide, badge, [kind], 14, notes, colour="#ffffff", bold=True, middle=True)
    top = BODY_TOP + Inches(0.65)
    col_w = (BODY_W - GAP) // 2
    accent = ctx.brand.primary_text
    evidence = [f"{e.text} ({e.who})" if e.who else e.text for e in p.evidence]
    right = MARGIN + col_w + GAP
    split = top + Inches(2.3)
    why = (MARGIN, top, col_w, split - top - Inches(0.1))
    section(slide, why, "Why it matters", [p.description], notes, accent=accent)
    low = (MARGIN, split, col_w, BODY_BOTTOM - split)
    section(slide, low, "Evidence", evidence, notes, accent=accent, size=14, bullets=True)
    # The remedy takes the whole column when no single answer change would clear the peril.
    remedy_h = (split - top - Inches(0.1)) if p.clear_by else BODY_BOTTOM - top
    remedy = (right, top, col_w, remedy_h)
    section(slide, remedy, "Remedy before buying software", [p.remedy], notes, accent=accent)
    if p.clear_by:
        box = (right, split, col_w, BODY_BOTTOM - split)
        section(
            slide,
            box,
            "What would clear it",
            p.clear_by,
            notes,
            accent=accent,
            size=14,
            bullets=True,
        )
    write_notes(slide, notes)


def roadmap_slide(prs: Presentation, ctx: ReportContext) -> None:
    """The roadmap's phases side by side, each with its remedies."""
    steps = "; ".join(f"{ph.number}. {ph.name}" for ph in ctx.roadmap) or "nothing to settle"
    notes = Notes(
        f"The roadmap before buying software, phase by phase: {steps}.",
        "who leads each phase, and what is a realistic date for it?",
    )
    slide = content_slide(
        prs, "Roadmap: what to do before buying", ctx.brand, ctx.print_footer, notes
    )
    if not ctx.roadmap:
        say(slide, "No peril needs settling first: the purchase can go ahead.", notes)
        write_notes(slide, notes)
        return
    n = len(ctx.roadmap)
    col_w = (BODY_W - GAP * (n - 1)) // n
    for i, phase in enumerate(ctx.roadmap):
        left = MARGIN + i * (col_w + GAP)
        head = (left, BODY_TOP, col_w, Inches(0.6))
        rectangle(slide, head, ctx.brand.primary)
        text_box(
            slide,
            head,
            [f"{phase.number}. {phase.name}"],
            18,
            notes,
            colour=ctx.brand.on_primary,
            bold=True,
        )
        items = [f"{item.name}: {item.remedy}" for item in phase.items]
        body = (left, BODY_TOP + Inches(0.7), col_w, BODY_H - Inches(0.7))
        text_box(slide, body, items, 14, notes, bullets=True)
    write_notes(slide, notes)


def appendix_slide(prs: Presentation, ctx: ReportContext) -> None:
    """How the scores were made and how much of the questionnaire was answered."""
    q = ctx.questionnaire
    notes = Notes(
        "The method and coverage: who answered, how the scores are made, and how many "
        "questions each dimension's score rests on.",
        "is anyone missing from the respondents whose view would change the picture?",
    )
    slide = content_slide(prs, "Appendix: method and coverage", ctx.brand, ctx.print_footer, notes)
    col_w = Inches(5.6)
    method = [
        f"Questionnaire: {q.title}, version {q.version}.",
        f"Respondents: {ctx.respondents_text}.",
        f"Each answer is a maturity level, {ctx.level_range}; the levels become scores from "
        "0 to 100. “Don't know” answers are left out of the scores and flagged.",
        "Perils fire on declarative rules over the answers; blocking perils decide the verdict.",
    ]
    if ctx.workshop and ctx.workshop.anonymity_note:
        method.append(ctx.workshop.anonymity_note)
    method.append(f"Prepared {ctx.date_text}.")
    section(
        slide,
        (MARGIN, BODY_TOP, col_w, BODY_H),
        "Method",
        method,
        notes,
        accent=ctx.brand.primary_text,
        size=14,
    )
    left = MARGIN + col_w + GAP
    rows = [[d.name, d.score, d.coverage] for d in ctx.dimensions]
    box = (left, BODY_TOP + Inches(0.5), BODY_W - col_w - GAP, Inches(0.55) * (len(rows) + 1))
    text_box(
        slide,
        (left, BODY_TOP, box[2], Inches(0.42)),
        ["Coverage"],
        16,
        colour=ctx.brand.primary_text,
        bold=True,
    )
    table(
        slide,
        box,
        ["Dimension", "Score", "Questions"],
        rows,
        (0.34, 0.14, 0.52),
        notes,
        brand=ctx.brand,
        size=13,
    )
    write_notes(slide, notes)
