"""The deck's cover: organisation, questionnaire, consultancy, logo, date and facilitator."""

from __future__ import annotations

import base64
import binascii
import io

from PIL import Image, UnidentifiedImageError
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.presentation import Presentation
from pptx.slide import Slide
from pptx.util import Inches

from assessment.report.deck_layout import (
    BODY_W,
    INK,
    MARGIN,
    SLIDE_W,
    TITLE_SLIDE,
    Box,
    Notes,
    emu,
    fit,
    rectangle,
    style_run_text,
    write_notes,
)
from assessment.report.views import ReportContext

# Picture formats python-pptx can place; an SVG or WebP logo is left off the deck.
PICTURE_TYPES = ("image/png", "image/jpeg", "image/gif")


def logo_bytes(data_uri: str | None) -> bytes | None:
    """The logo's raster image from the brand's data URI; None for none, SVG, WebP or damage."""
    if not data_uri or not data_uri.startswith("data:") or ";base64," not in data_uri:
        return None
    mime, _, payload = data_uri[5:].partition(";base64,")
    if mime not in PICTURE_TYPES:
        return None
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        return None


def add_logo(slide: Slide, data: bytes, box: Box) -> None:
    """The logo scaled to fit the box, keeping its proportions, placed at the box's right."""
    try:
        width, height = Image.open(io.BytesIO(data)).size
    except (UnidentifiedImageError, OSError):
        return
    left, top, box_w, box_h = box
    scale = min(box_w / width, box_h / height)
    w, h = int(width * scale), int(height * scale)
    slide.shapes.add_picture(io.BytesIO(data), *emu((left + box_w - w, top, w, h)))


def title_slide(prs: Presentation, ctx: ReportContext) -> None:
    """Organisation, questionnaire, consultancy, date and facilitator, in the brand colour."""
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_SLIDE])
    brand = ctx.brand
    panel_h = Inches(4.3)
    rectangle(slide, (0, 0, SLIDE_W, panel_h), brand.primary)
    title, subtitle = slide.placeholders[0], slide.placeholders[1]
    title.left, title.top, title.width, title.height = MARGIN, Inches(1.2), BODY_W, Inches(2.8)
    tree = slide.shapes._spTree
    tree.remove(title._element)
    tree.append(title._element)
    heading = ctx.organisation or ctx.questionnaire.title
    notes = Notes(
        f"The cover: {ctx.questionnaire.title} for {heading}, {ctx.date_text}.",
        "who is in the room, and what decision this assessment should inform.",
    )
    kept, cut = fit([heading], title.width, title.height, 44)
    if cut:
        notes.full.append(heading)
    style_run_text(title.text_frame, kept, 44, brand.on_primary, bold=True)
    title.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    for para in title.text_frame.paragraphs:
        para.alignment = PP_ALIGN.LEFT
    lines = [ctx.questionnaire.title if ctx.organisation else "CRM readiness assessment"]
    if brand.name:
        lines.append(f"Prepared by {brand.name}")
    lines.append(ctx.date_text + (f" · Facilitator: {ctx.facilitator}" if ctx.facilitator else ""))
    lines.append(f"Respondents: {ctx.respondents_text}")
    subtitle.left, subtitle.top = MARGIN, panel_h + Inches(0.4)
    subtitle.width, subtitle.height = Inches(8.4), Inches(2.4)
    kept, cut = fit(lines, subtitle.width, subtitle.height, 20)
    if cut:
        notes.full.extend(lines)
    style_run_text(subtitle.text_frame, kept, 20, INK)
    for para in subtitle.text_frame.paragraphs:
        para.alignment = PP_ALIGN.LEFT
    logo = logo_bytes(brand.logo_data_uri) if brand.name else None
    if logo:
        box = (SLIDE_W - MARGIN - Inches(3.2), panel_h + Inches(0.5), Inches(3.2), Inches(1.6))
        add_logo(slide, logo, box)
    write_notes(slide, notes)
