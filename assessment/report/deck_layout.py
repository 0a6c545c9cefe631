"""The deck's page geometry and drawing helpers: branded title bars, text cut to fit, notes.

Every shape is placed inside the 16:9 slide. PowerPoint does not shrink text for us when a
file is written, so text is cut to what its box holds (with an ellipsis), judged from the box
size and the font size; whatever is cut goes whole into the speaker notes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.presentation import Presentation
from pptx.slide import Slide
from pptx.text.text import TextFrame
from pptx.util import Emu, Inches, Length, Pt

from assessment.report.brand import Brand

SLIDE_W = Emu(12192000)  # 13.333 in: 16:9 with the 7.5 in height
SLIDE_H = Inches(7.5)
MARGIN = Inches(0.5)
BAR_H = Inches(1.05)  # the brand-coloured title bar
BODY_TOP = Inches(1.35)
FOOTER_H = Inches(0.35)
BODY_BOTTOM = Emu(SLIDE_H - FOOTER_H - Inches(0.15))
BODY_W = Emu(SLIDE_W - 2 * MARGIN)
INK = "1d2733"
MUTED = "5b6574"
TITLE_ONLY = 5  # "Title Only" in python-pptx's default template
TITLE_SLIDE = 0
# Average glyph width as a share of the font size: generous for Calibri (and for Carlito,
# LibreOffice's stand-in), so cut text fits rather than spills.
GLYPH = 0.54
LINE = 1.25
ELLIPSIS = "…"


Box = tuple[int, int, int, int]  # left, top, width, height in EMU


def emu(box: Box) -> tuple[Length, Length, Length, Length]:
    """A box as the lengths python-pptx's typed methods ask for."""
    left, top, width, height = box
    return Emu(left), Emu(top), Emu(width), Emu(height)


def rgb(colour: str) -> RGBColor:
    """A #RGB or #RRGGBB colour (or six bare hex digits) as python-pptx wants it."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    colour_value: RGBColor = RGBColor.from_string(digits.upper())
    return colour_value


def clip(text: str, limit: int) -> str:
    """The text, or as much of it as fits in `limit` characters, cut at a word, with '…'."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    if limit <= 1:
        return ELLIPSIS if limit == 1 else ""
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–") + ELLIPSIS


def per_line(width: int, size: float) -> int:
    """How many characters of `size` points fit on one line of a box `width` EMU wide."""
    usable = Emu(width).pt - 14  # the text frame's left and right insets (0.1 in each)
    return max(1, int(usable / (size * GLYPH)))


def line_count(height: int, size: float) -> int:
    """How many lines of `size` points fit in a box `height` EMU high."""
    usable = Emu(height).pt - 7  # top and bottom insets (0.05 in each)
    return max(1, int(usable / (size * LINE)))


def fit(paragraphs: Sequence[str], width: int, height: int, size: float) -> tuple[list[str], bool]:
    """The paragraphs that fit a box, the last one cut if need be; True when anything was cut."""
    chars, lines = per_line(width, size), line_count(height, size)
    out: list[str] = []
    for text in paragraphs:
        text = " ".join(text.split())
        # Word wrap wastes part of each line: count a tenth more than the bare length.
        need = max(1, math.ceil(len(text) * 1.1 / chars))
        if need <= lines:
            out.append(text)
            lines -= need
            continue
        if lines > 0:
            out.append(clip(text, int(lines * chars / 1.1)))
        return out, True
    return out, False


@dataclass
class Notes:
    """The speaker notes of a slide: what it shows, what to ask, and any text cut from it."""

    shows: str
    ask: str
    full: list[str] = field(default_factory=list)

    def text(self) -> str:
        """The notes as the presenter reads them."""
        parts = [f"What this slide shows: {self.shows}", f"Ask the room: {self.ask}"]
        if self.full:
            parts.append("In full (shortened on the slide):\n" + "\n".join(self.full))
        return "\n\n".join(parts)


def write_notes(slide: Slide, notes: Notes) -> None:
    """Put the notes on the slide's notes page."""
    frame = slide.notes_slide.notes_text_frame
    assert frame is not None  # the default notes master has a body placeholder
    frame.text = notes.text()


def style_run_text(
    frame: TextFrame, lines: Sequence[str], size: float, colour: str = INK, bold: bool = False
) -> None:
    """Replace a text frame's text with plain paragraphs, each one run in one style."""
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    for i, line in enumerate(lines or [""]):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.text = ""
        run = para.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = rgb(colour)
        para.space_after = Pt(size * 0.4)


def text_box(
    slide: Slide,
    box: Box,
    paragraphs: Sequence[str],
    size: float,
    notes: Notes | None = None,
    *,
    colour: str = INK,
    bold: bool = False,
    bullets: bool = False,
    middle: bool = False,
) -> None:
    """A text box holding the paragraphs cut to fit; what was cut goes to the notes in full."""
    left, top, width, height = box
    kept, cut = fit(paragraphs, width, height, size)
    if cut and notes is not None:
        notes.full.extend(" ".join(p.split()) for p in paragraphs)
    shape = slide.shapes.add_textbox(*emu(box))
    frame = shape.text_frame
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE if middle else MSO_ANCHOR.TOP
    style_run_text(frame, [f"• {k}" if bullets else k for k in kept], size, colour, bold)


def say(slide: Slide, sentence: str, notes: Notes, top: int = BODY_TOP) -> None:
    """One sentence in large type across the body, for a slide with nothing else to show."""
    text_box(slide, (MARGIN, top, BODY_W, Inches(1.0)), [sentence], 20, notes)


def rectangle(slide: Slide, box: Box, colour: str) -> None:
    """A filled rectangle without outline or shadow (bars and badges)."""
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, *emu(box))
    shape.fill.solid()
    shape.fill.fore_color.rgb = rgb(colour)
    shape.line.fill.background()
    shape.shadow.inherit = False


def content_slide(prs: Presentation, title: str, brand: Brand, footer: str, notes: Notes) -> Slide:
    """A slide with the title in the layout's title placeholder, on a brand-coloured bar."""
    slide: Slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    rectangle(slide, (0, 0, SLIDE_W, BAR_H), brand.primary)
    placeholder = slide.shapes.title
    assert placeholder is not None  # the Title Only layout has one
    # The layout was drawn for 4:3; place the title on the 16:9 bar ourselves.
    placeholder.left, placeholder.top = MARGIN, Inches(0.1)
    placeholder.width, placeholder.height = BODY_W, Emu(BAR_H - Inches(0.2))
    # Move the title above the bar in the drawing order.
    tree = slide.shapes._spTree
    tree.remove(placeholder._element)
    tree.append(placeholder._element)
    size = 30.0
    kept, cut = fit([title], placeholder.width, placeholder.height, size)
    if cut:
        notes.full.append(title)
    frame = placeholder.text_frame
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    style_run_text(frame, kept, size, brand.on_primary, bold=True)
    frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    if footer:
        text_box(
            slide,
            (MARGIN, SLIDE_H - FOOTER_H - Inches(0.05), BODY_W, FOOTER_H),
            [footer],
            10,
            colour=MUTED,
        )
    return slide


HEADING_H = Inches(0.42)


def section(
    slide: Slide,
    box: Box,
    heading: str,
    paragraphs: Sequence[str],
    notes: Notes,
    *,
    accent: str,
    size: float = 16,
    bullets: bool = False,
) -> None:
    """A small heading in the accent colour with its text under it, the text cut to fit."""
    left, top, width, height = box
    text_box(slide, (left, top, width, HEADING_H), [heading], 16, colour=accent, bold=True)
    body = (left, top + HEADING_H, width, height - HEADING_H)
    text_box(slide, body, paragraphs, size, notes, bullets=bullets)


def table(
    slide: Slide,
    box: Box,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    shares: Sequence[float],
    notes: Notes,
    *,
    brand: Brand,
    size: float = 13,
) -> None:
    """A table with a header row in the brand's colour; each cell cut to its share of the box."""
    accent, on_accent = brand.primary, brand.on_primary
    left, top, width, height = box
    row_h = int(height / (len(rows) + 1))
    place = emu((left, top, width, row_h * (1 + len(rows))))
    grid = slide.shapes.add_table(len(rows) + 1, len(headers), *place).table
    widths = [int(width * s) for s in shares]
    widths[-1] = width - sum(widths[:-1])
    for c, w in enumerate(widths):
        grid.columns[c].width = Emu(w)
    for r in range(len(rows) + 1):
        grid.rows[r].height = Emu(row_h)
    for r, values in enumerate([list(headers), *map(list, rows)]):
        for c, value in enumerate(values):
            cell = grid.cell(r, c)
            kept, cut = fit([value], widths[c], row_h, size)
            if cut:
                notes.full.append(" ".join(value.split()))
            frame = cell.text_frame
            colour = on_accent if r == 0 else INK
            style_run_text(frame, kept, size, colour, bold=r == 0)
            cell.margin_top = cell.margin_bottom = Inches(0.03)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            if r == 0:
                cell.fill.solid()
                cell.fill.fore_color.rgb = rgb(accent)
