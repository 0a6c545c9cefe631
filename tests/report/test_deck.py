"""The PowerPoint deck, read back with python-pptx: slides, native charts, notes, bounds, text."""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
from typing import Any

import openpyxl
import pytest
from PIL import Image
from pptx import Presentation
from pptx.chart.chart import Chart
from pptx.slide import Slide
from report_fixtures import make_bundle, make_responses, make_results

from assessment.content.questionnaires import load_bundle
from assessment.engine.aggregate import discussion_agenda
from assessment.engine.assess import assess
from assessment.model.questionnaire import Bundle, Respondent, Responses
from assessment.model.results import Results
from assessment.model.vocabulary import ROLE_NAMES
from assessment.report.brand import Brand
from assessment.report.charts import score_text
from assessment.report.deck import render_deck
from assessment.report.deck_layout import ELLIPSIS

DAY = dt.date(2026, 12, 2)
ORG = '<b>Acme & "Sons"</b> =1+1'
PRIMARY = "#7a1f5c"


def png_logo() -> str:
    buf = io.BytesIO()
    Image.new("RGB", (300, 100), "#e07a1f").save(buf, "PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


BRAND = Brand(name="Northwind Advisory", primary=PRIMARY, logo_data_uri=png_logo())


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    return make_bundle()


@pytest.fixture(scope="module")
def workshop(bundle: Bundle) -> Results:
    rs = make_responses(bundle, 12)
    results = make_results(bundle, rs, perils=5, consensus={"strategy-1": 2, "people-2": 4})
    return results.model_copy(update={"organisation": ORG})


@pytest.fixture(scope="module")
def deck(workshop: Results, bundle: Bundle) -> Any:
    data = render_deck(workshop, bundle, brand=BRAND, facilitator="Jo <i>Bloggs</i>", generated=DAY)
    return Presentation(io.BytesIO(data))


def title(slide: Slide) -> str:
    assert slide.shapes.title is not None, "every slide has its title in the title placeholder"
    return str(slide.shapes.title.text_frame.text)


def slide_text(slide: Slide) -> str:
    """Every text on the slide: text frames, table cells, chart categories and series names."""
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if shape.has_table:
            out.extend(c.text_frame.text for row in shape.table.rows for c in row.cells)
        if shape.has_chart:
            plot = shape.chart.plots[0]
            out.extend(str(c) for c in plot.categories)
            out.extend(s.name for s in plot.series)
    return "\n".join(out)


def notes(slide: Slide) -> str:
    return str(slide.notes_slide.notes_text_frame.text) if slide.has_notes_slide else ""


def charts(prs: Any) -> list[Chart]:
    return [sh.chart for s in prs.slides for sh in s.shapes if sh.has_chart]


def scores(values: list[float | None]) -> list[float | None]:
    return [None if v is None else float(score_text(v)) for v in values]


def test_a_workshop_deck_tells_the_report_s_story_slide_by_slide(
    deck: Any, workshop: Results
) -> None:
    serious = [p.name for p in workshop.perils if p.blocking or p.severity in ("critical", "high")]
    # The fixture fires two critical, two high and one medium peril: the medium one has no slide.
    assert len(serious) == 4 and len(workshop.perils) == 5
    assert [title(s) for s in deck.slides] == [
        ORG,
        "The verdict",
        "Overall and dimension scores",
        *serious,
        "Roadmap: what to do before buying",
        "How each role sees the organisation",
        "Where views differ most",
        "Discussion agenda",
        "Consensus reached",
        "Appendix: method and coverage",
    ]
    assert len(deck.slides) >= 8
    assert (deck.slide_width, deck.slide_height) == (12192000, 6858000)  # 16:9, 13.333 x 7.5 in


def test_the_charts_are_native_and_carry_the_report_s_numbers(deck: Any, workshop: Results) -> None:
    found = charts(deck)
    assert len(found) == 3
    score_chart, role_chart, spread_chart = found
    plot = score_chart.plots[0]
    assert list(plot.categories) == ["Overall", *(d.name for d in workshop.dimensions)]
    values = [workshop.overall.score, *(d.score for d in workshop.dimensions)]
    assert list(plot.series[0].values) == scores(values)

    plot = role_chart.plots[0]
    roles = workshop.roles or []
    assert len(roles) >= 3
    assert [s.name for s in plot.series] == [
        f"{ROLE_NAMES[r.role].group} ({r.respondents})" for r in roles
    ]
    for series, role in zip(plot.series, roles, strict=True):
        assert list(series.values) == scores([role.dimensions[d.id] for d in workshop.dimensions])

    agenda = discussion_agenda(workshop)
    values = list(spread_chart.plots[0].series[0].values)
    assert values == [float(f"{d.spread:.2f}") for d in agenda] and len(values) >= 3


def test_every_slide_has_speaker_notes_saying_what_it_shows_and_what_to_ask(deck: Any) -> None:
    for slide in deck.slides:
        text = notes(slide)
        assert "What this slide shows:" in text and "Ask the room:" in text, title(slide)


def test_brand_organisation_facilitator_and_date_are_on_the_cover(deck: Any) -> None:
    cover = slide_text(deck.slides[0])
    for expected in (ORG, "Prepared by Northwind Advisory", "Jo <i>Bloggs</i>", "2 December 2026"):
        assert expected in cover
    pictures = [sh for sh in deck.slides[0].shapes if sh.shape_type == 13]
    assert len(pictures) == 1  # the PNG logo


def test_title_bars_are_in_the_brand_colour(deck: Any) -> None:
    for slide in deck.slides:
        fills = [
            str(sh.fill.fore_color.rgb)
            for sh in slide.shapes
            if sh.shape_type == 1 and sh.fill.type == 1  # auto shape, solid fill
        ]
        assert PRIMARY.lstrip("#").upper() in fills, title(slide)


def test_no_shape_extends_past_the_slide(deck: Any) -> None:
    for slide in deck.slides:
        for sh in slide.shapes:
            assert sh.left >= 0 and sh.top >= 0, (title(slide), sh.name)
            assert sh.left + sh.width <= deck.slide_width, (title(slide), sh.name)
            assert sh.top + sh.height <= deck.slide_height, (title(slide), sh.name)


def test_user_text_stays_plain_text(deck: Any, bundle: Bundle, workshop: Results) -> None:
    assert title(deck.slides[0]) == ORG
    for slide in deck.slides:
        xml = slide.part.blob.decode("utf-8")
        assert "<a:fld" not in xml and "hlinkClick" not in xml
        for sh in slide.shapes:
            if sh.has_text_frame:
                for para in sh.text_frame.paragraphs:
                    assert all(run.hyperlink.address is None for run in para.runs)
    # A chart's embedded workbook keeps a formula-like label as text.
    dims = [d.model_copy(update={"name": "=1+1"}) if i == 0 else d
            for i, d in enumerate(workshop.dimensions)]  # fmt: skip
    renamed = workshop.model_copy(update={"dimensions": dims})
    prs = Presentation(io.BytesIO(render_deck(renamed, bundle, generated=DAY)))
    chart = charts(prs)[0]
    sheet = openpyxl.load_workbook(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob)).active
    assert sheet is not None
    cell = sheet["A3"]  # A2 is "Overall"
    assert (cell.value, cell.data_type) == ("=1+1", "s")


def test_long_text_is_cut_to_fit_with_the_full_text_in_the_notes(
    bundle: Bundle, workshop: Results
) -> None:
    remedy = "Agree who owns the customer strategy and write it down. " * 40
    first = workshop.perils[0].model_copy(update={"remedy": remedy.strip()})
    long_name = "A very long organisation name that goes on and on " * 6
    results = workshop.model_copy(
        update={"perils": [first, *workshop.perils[1:]], "organisation": long_name.strip()}
    )
    prs = Presentation(io.BytesIO(render_deck(results, bundle, generated=DAY)))
    peril = next(s for s in prs.slides if title(s) == first.name)
    text = slide_text(peril)
    assert ELLIPSIS in text and remedy.strip() not in text
    assert remedy.strip() in notes(peril)
    assert ELLIPSIS in title(prs.slides[0]) and long_name.strip() in notes(prs.slides[0])
    for slide in prs.slides:
        for sh in slide.shapes:
            assert sh.left + sh.width <= prs.slide_width and sh.top + sh.height <= prs.slide_height


def test_a_one_person_deck_has_no_workshop_slides(bundle: Bundle) -> None:
    one = make_results(bundle, make_responses(bundle, 1), perils=2)
    prs = Presentation(io.BytesIO(render_deck(one, bundle, generated=DAY)))
    titles = [title(s) for s in prs.slides]
    assert titles == [
        "Acme Ltd",
        "The verdict",
        "Overall and dimension scores",
        *(p.name for p in one.perils),
        "Roadmap: what to do before buying",
        "Appendix: method and coverage",
    ]
    assert len(charts(prs)) == 1
    assert "Prepared by" not in slide_text(prs.slides[0])  # unbranded
    assert all("Ask the room:" in notes(s) for s in prs.slides)


def test_an_svg_logo_is_left_off_politely(workshop: Results, bundle: Bundle) -> None:
    svg = "data:image/svg+xml;base64," + base64.b64encode(b"<svg></svg>").decode()
    brand = Brand(name="Northwind Advisory", logo_data_uri=svg)
    prs = Presentation(io.BytesIO(render_deck(workshop, bundle, brand=brand, generated=DAY)))
    assert not [sh for sh in prs.slides[0].shapes if sh.shape_type == 13]
    assert "Prepared by Northwind Advisory" in slide_text(prs.slides[0])


# A room where one IT person and three managers answered next to larger groups (as in
# tests/services/test_anonymity.py): neither may be shown as a group of their own.
ROOM = {"executive": (4, 5), "manager": (3, 4), "frontline": (5, 2), "it": (1, 1)}
SMALL = re.compile(r"\bIT\b|\bManagers?\b|\((1|2)\)")
NOTE = re.compile(r"Groups smaller than 3 people .*?“Other roles”\.")


def test_a_role_group_below_the_minimum_never_appears_in_the_deck() -> None:
    real = load_bundle("crm-readiness")
    rs = []
    for role, (n, level) in ROOM.items():
        asked = {q.id: level for q in real.questionnaire.questions() if role in q.roles}
        rs += [
            Responses(
                questionnaire=real.questionnaire.id,
                respondent=Respondent(role=role),  # type: ignore[arg-type]
                answers=asked,  # type: ignore[arg-type]
            )
            for _ in range(n)
        ]
    results = assess(real, rs)
    prs = Presentation(io.BytesIO(render_deck(results, real, generated=DAY)))
    roles = next(s for s in prs.slides if title(s) == "How each role sees the organisation")
    chart = next(sh.chart for sh in roles.shapes if sh.has_chart)
    names = [s.name for s in chart.plots[0].series]
    assert names == ["Executives (4)", "Front-line staff (5)", "Other roles (4)"]
    workshop_text = "\n".join(
        slide_text(s) + notes(s)
        for s in prs.slides
        if title(s) in ("How each role sees the organisation", "Discussion agenda")
    )
    assert "Groups smaller than 3 people are not shown separately" in workshop_text
    assert not SMALL.search(NOTE.sub("", workshop_text))
