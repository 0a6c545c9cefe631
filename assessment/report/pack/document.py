"""The purchase pack as a Word document (.docx): cover, the signing gate first, then the
requirements, demonstration script, scorecard summary and contract terms."""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from assessment.report.brand import Brand
from assessment.report.pack import words
from assessment.report.pack.model import Pack
from assessment.report.text import date_text

WORD_IMAGES = ("image/png", "image/jpeg", "image/gif")  # what python-docx can place


def colour(value: str) -> RGBColor:
    """A #RRGGBB or #RGB colour for python-docx."""
    digits = value.lstrip("#")
    return RGBColor.from_string("".join(c * 2 for c in digits) if len(digits) == 3 else digits)


def render_pack_docx(pack: Pack, brand: Brand | None = None) -> bytes:
    """The pack as .docx bytes; user text goes in as plain runs (never as fields or markup)."""
    brand = brand or Brand()
    doc = Document()
    style(doc, brand)
    cover(doc, pack, brand)
    gate(doc, pack)
    requirements(doc, pack)
    demos(doc, pack)
    scorecard(doc, pack)
    terms(doc, pack)
    footer(doc, pack, brand)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def style(doc: DocumentObject, brand: Brand) -> None:
    """Margins, body font and headings in the brand's colour."""
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = section.bottom_margin = Cm(2)
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(10.5)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        doc.styles[name].font.color.rgb = colour(brand.primary_text)
    for line in doc.styles["Title"].element.xpath("./w:pPr/w:pBdr/*"):
        line.set(qn("w:color"), str(colour(brand.primary)))  # the rule under the title
        line.attrib.pop(qn("w:themeColor"), None)  # a theme colour would win over ours
    doc.core_properties.title = words.TITLE
    doc.core_properties.author = brand.name or "CRM Readiness Toolkit"


def cover(doc: DocumentObject, pack: Pack, brand: Brand) -> None:
    """The cover: brand, title, organisation, verdict; a not-ready verdict says so first."""
    if brand.name:
        logo(doc, brand)
        run = doc.add_paragraph().add_run(brand.name)
        run.bold = True
        run.font.size = Pt(14)
        run.font.color.rgb = colour(brand.primary_text)
    styled(doc, words.TITLE, "Title")
    if pack.organisation:
        doc.add_paragraph().add_run(pack.organisation).font.size = Pt(18)
    doc.add_paragraph(words.SUBTITLE)
    doc.add_paragraph(f"{pack.questionnaire} · {date_text(pack.generated)}")
    doc.add_paragraph().add_run(pack.headline).bold = True
    if pack.draft:
        draft_note(doc, words.DRAFTS)
    doc.add_paragraph().add_run(words.CONTENTS_TITLE).bold = True
    numbered(doc, words.CONTENTS)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def logo(doc: DocumentObject, brand: Brand) -> None:
    """The brand's logo, when it is an image Word can show (PNG, JPEG or GIF)."""
    uri = brand.logo_data_uri or ""
    mime, _, data = uri.removeprefix("data:").partition(";base64,")
    if mime in WORD_IMAGES and data:
        doc.add_picture(io.BytesIO(base64.b64decode(data)), height=Cm(1.6))


def styled(doc: DocumentObject, text: str, style_id: str) -> Paragraph:
    """A paragraph in a style of the default template, given by its id (python-docx's lookup
    by name costs a scan of every style per paragraph)."""
    p = doc.add_paragraph(text)
    p._p.style = style_id
    return p


def draft_note(doc: DocumentObject, text: str) -> None:
    """A bold 'Draft for later' mark with its sentence."""
    p = doc.add_paragraph()
    mark = p.add_run(f"{words.DRAFT_MARK}: ")
    mark.bold = True
    mark.font.color.rgb = RGBColor(0x8C, 0x1D, 0x18)
    p.add_run(text)


def section(doc: DocumentObject, number: int, title: str, intro: str, draft: bool) -> None:
    """A numbered section heading with its introduction (and draft mark)."""
    styled(doc, f"{number}. {title}", "Heading1")
    if draft:
        draft_note(doc, "not for vendors until the signing gate holds.")
    doc.add_paragraph(intro)


def gate(doc: DocumentObject, pack: Pack) -> None:
    """Section 1: every fired peril as a condition, in a table with a date column."""
    styled(doc, f"1. {words.GATE_TITLE}", "Heading1")
    if pack.not_ready:
        doc.add_paragraph().add_run(pack.headline).bold = True
    doc.add_paragraph(words.GATE_INTRO)
    if not pack.gate:
        doc.add_paragraph(words.GATE_EMPTY)
        return
    table = grid(doc, ("#", *words.GATE_COLUMNS))
    for i, g in enumerate(pack.gate, start=1):
        cells = table.add_row().cells
        cells[0].text = str(i)
        first = cells[1].paragraphs[0]
        first.add_run(g.name).bold = True
        if g.blocking:
            flag = first.add_run(f" · {words.BLOCKING}")
            flag.bold = True
            flag.font.color.rgb = RGBColor(0x8C, 0x1D, 0x18)
        cells[1].add_paragraph(g.condition)
        roadmap = f" Roadmap: {g.phase}." if g.phase else ""
        cells[1].add_paragraph().add_run(f"Found: {g.why}{roadmap}").italic = True
        cells[2].text = g.evidence
        cells[3].text = g.owner
    fit(table, (0.8, 7.2, 5.0, 2.8, 1.8))


def grid(doc: DocumentObject, header: Sequence[str]) -> Table:
    """A table with a bold header row that repeats on every page."""
    table: Table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    row = table.rows[0]
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)
    for cell, name in zip(row.cells, header, strict=True):
        cell.paragraphs[0].add_run(name).bold = True
    return table


def fit(table: Table, widths_cm: Sequence[float]) -> None:
    """Fixed column widths (set on every cell: Word and LibreOffice read them there)."""
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def numbered(doc: DocumentObject, items: Sequence[str]) -> list[Paragraph]:
    """A numbered list that starts again at 1 (each list gets its own numbering)."""
    paragraphs = [styled(doc, item, "ListNumber") for item in items]
    if not paragraphs:
        return paragraphs
    numbering = doc.part.numbering_part.numbering_definitions._numbering
    style_num = doc.styles["List Number"].element.pPr.numPr.numId.val
    abstract = numbering.num_having_numId(style_num).abstractNumId.val
    num = numbering.add_num(abstract)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    for p in paragraphs:
        p._p.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = num.numId
    return paragraphs


def requirements(doc: DocumentObject, pack: Pack) -> None:
    """Section 2: requirements by area, each traced to its questions."""
    section(doc, 2, words.REQUIREMENTS_TITLE, words.REQUIREMENTS_INTRO, pack.draft)
    area = None
    for r in pack.requirements:
        if r.area != area:
            area = r.area
            styled(doc, area, "Heading2")
        styled(doc, r.title, "Heading3")
        doc.add_paragraph(r.outcome)
        p = doc.add_paragraph()
        p.add_run("Scenario: ").bold = True
        p.add_run(r.scenario)
        for s in r.sources:
            line = styled(doc, "", "ListBullet")
            line.add_run(f"From {s.id}: ").bold = True
            line.add_run(f"{s.text} Today: {s.answer}")
        for note in r.notes:
            styled(doc, "", "ListBullet").add_run(f"In your words: “{note}”").italic = True
        if r.more_notes:
            styled(doc, words.MORE_NOTES.format(n=r.more_notes), "ListBullet")


def demos(doc: DocumentObject, pack: Pack) -> None:
    """Section 3: the demonstration script."""
    section(doc, 3, words.DEMOS_TITLE, words.DEMOS_INTRO, pack.draft)
    for i, d in enumerate(pack.demos, start=1):
        styled(doc, f"Scenario {i}: {d.journey}", "Heading2")
        doc.add_paragraph().add_run(d.why).italic = True
        labelled(doc, "The situation", d.situation)
        labelled(doc, "Sample data the vendor must use", d.sample_data)
        doc.add_paragraph().add_run("Steps to show").bold = True
        numbered(doc, d.steps)
        labelled(doc, "What good looks like", d.good)
        labelled(doc, "What to watch for", f"{d.watch_for} Tests: {', '.join(d.tests)}.")


def labelled(doc: DocumentObject, label: str, text: str) -> None:
    """A paragraph starting with a bold label."""
    p = doc.add_paragraph()
    p.add_run(f"{label}: ").bold = True
    p.add_run(text)


def scorecard(doc: DocumentObject, pack: Pack) -> None:
    """Section 4: the scorecard's criteria and weights (the .xlsx holds the formulas)."""
    section(doc, 4, words.SCORECARD_TITLE, words.SCORECARD_INTRO, pack.draft)
    table = grid(doc, ("#", "Criterion", "Kind", "Weight", "Why this weight"))
    for i, c in enumerate(pack.criteria, start=1):
        cells = table.add_row().cells
        for cell, value in zip(cells, (str(i), c.name, c.kind, str(c.weight), c.why), strict=True):
            cell.text = value
    cells = table.add_row().cells
    cells[1].paragraphs[0].add_run("Total").bold = True
    cells[3].paragraphs[0].add_run(str(sum(c.weight for c in pack.criteria))).bold = True
    fit(table, (0.8, 6.4, 2.6, 1.5, 5.7))


def terms(doc: DocumentObject, pack: Pack) -> None:
    """Section 5: contract and acceptance terms, each with the perils behind it."""
    section(doc, 5, words.TERMS_TITLE, words.TERMS_INTRO, pack.draft)
    for p, t in zip(numbered(doc, [""] * len(pack.terms)), pack.terms, strict=True):
        p.add_run(f"{t.title}. ").bold = True
        p.add_run(f"{t.ask} ")
        p.add_run(t.because).italic = True


def footer(doc: DocumentObject, pack: Pack, brand: Brand) -> None:
    """The brand's footer and contact on every page."""
    parts = [x for x in (brand.footer, brand.contact) if x]
    parts.append(f"{words.TITLE}, {date_text(pack.generated)}")
    doc.sections[0].footer.paragraphs[0].text = " · ".join(parts)
