"""The self-contained HTML report: structure, numbers, embedding, escaping, size."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from html_tree import Node, parse
from report_fixtures import HOSTILE, make_bundle, make_responses, make_results

from assessment.content.questionnaires import load_bundle
from assessment.content.responses import load_responses
from assessment.engine.aggregate import Consensus
from assessment.engine.assess import assess
from assessment.model.errors import ContentError
from assessment.model.questionnaire import Bundle, Responses
from assessment.model.results import Results
from assessment.report import charts
from assessment.report.brand import Brand
from assessment.report.plotlyjs import csp_hash, packed_plotlyjs
from assessment.report.render import bootstrap_js, css_string, render_report, results_from_report
from assessment.report.text import date_text

DAY = dt.date(2026, 3, 4)
SECTIONS_ONE = ["cover", "summary", "dimensions", "perils", "roadmap", "appendix"]
SECTIONS_MANY = ["cover", "summary", "dimensions", "perils", "roadmap", "workshop", "appendix"]
LOGO = "data:image/png;base64,iVBORw0KGgo="


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    """The test questionnaire."""
    return make_bundle()


@pytest.fixture(scope="module")
def one(bundle: Bundle) -> tuple[Results, str]:
    """One executive's results and report."""
    results = make_results(bundle, make_responses(bundle, 1))
    return results, render_report(results, bundle, generated=DAY)


@pytest.fixture(scope="module")
def thirty(bundle: Bundle) -> tuple[Results, str]:
    """A 30-person workshop with one consensus answer, branded."""
    results = make_results(bundle, make_responses(bundle, 30), consensus={"strategy-2": 2})
    brand = Brand(name="Northwind Advisory", primary="#0b6e4f", logo_data_uri=LOGO)
    html = render_report(results, bundle, brand=brand, facilitator="Sam Ortiz", generated=DAY)
    return results, html


@pytest.fixture(scope="module")
def hostile(bundle: Bundle) -> tuple[Results, str]:
    """A report whose every piece of user text is an injection attempt."""
    results = make_results(bundle, make_responses(bundle, 6, hostile=True))
    brand = Brand(name=HOSTILE["name"], footer=HOSTILE["note"], contact=HOSTILE["quote"])
    html = render_report(results, bundle, brand=brand, facilitator=HOSTILE["quote"], generated=DAY)
    return results, html


def section_ids(doc: Node) -> list[str]:
    return [s.attrs["id"] or "" for s in doc.find_all("section")]


def test_single_respondent_sections(one: tuple[Results, str]) -> None:
    _, html = one
    assert section_ids(parse(html)) == SECTIONS_ONE


def test_workshop_sections(thirty: tuple[Results, str]) -> None:
    _, html = thirty
    doc = parse(html)
    assert section_ids(doc) == SECTIONS_MANY
    nav = [a.attrs["href"] for a in doc.find("nav").find_all("a")]
    assert nav == [f"#{s}" for s in SECTIONS_MANY[1:]]


def test_cover_facts(thirty: tuple[Results, str]) -> None:
    _, html = thirty
    cover = parse(html).find("section", id="cover")
    facts = {
        dt_.text: dd.text
        for dt_, dd in zip(cover.find_all("dt"), cover.find_all("dd"), strict=True)
    }
    assert facts == {
        "Date": "4 March 2026",
        "Questionnaire": "Test readiness check, version 1.2",
        "Respondents": "30 in total: 4 executives, 8 managers, 14 front-line staff, 4 IT staff",
        "Facilitator": "Sam Ortiz",
        "Prepared by": "Northwind Advisory",
    }
    assert cover.find("h1").text == "Acme Ltd"
    assert cover.find("img").attrs["src"] == LOGO


def test_single_cover_has_no_facilitator_or_brand(one: tuple[Results, str]) -> None:
    cover = parse(one[1]).find("section", id="cover")
    assert [d.text for d in cover.find_all("dt")] == ["Date", "Questionnaire", "Respondents"]
    assert cover.find_all("dd")[2].text == "1 executive"
    assert cover.find_all("img") == []


def test_summary_numbers_match_results(thirty: tuple[Results, str]) -> None:
    results, html = thirty
    summary = parse(html).find("section", id="summary")
    assert summary.find(data_verdict=results.verdict.status).find("p").text == results.verdict.label
    assert summary.find(data_overall_score=True).text == charts.score_text(results.overall.score)
    assert summary.find(data_peril_count=True).text == str(len(results.perils))
    top = [
        li.attrs["data-peril"]
        for li in summary.find("ol", **{"class": "top-perils"}).find_all("li")
    ]
    assert top == ["no-strategy", "technology-first", "silos"]
    reasons = [
        li.text for ul in summary.find_all("ul", **{"class": "reasons"}) for li in ul.find_all("li")
    ]
    assert reasons == results.verdict.reasons


def test_dimension_rows_match_results(thirty: tuple[Results, str]) -> None:
    results, html = thirty
    table = parse(html).find("section", id="dimensions").find("table")
    headers = [th.text for th in table.find("thead").find_all("th")]
    assert headers == ["Dimension", "Score", "Level", "Leaders", "Front-line staff", "Coverage"]
    groups = charts.leaders_vs_frontline(results)
    for d in results.dimensions:
        cells = [c.text for c in table.find("tr", data_dimension=d.id).children]
        assert cells[0] == d.name
        assert cells[1] == charts.score_text(d.score)
        assert cells[2] == f"{d.level} · {d.label}"
        assert cells[3] == charts.score_text(groups["Leaders"][d.id])
        assert cells[4] == charts.score_text(groups["Front-line staff"][d.id])
        said = f"{d.total} questions: {d.answered} answered"
        said += f", {d.unknown} don't know" if d.unknown else ""
        said += f", {d.unanswered} not answered" if d.unanswered else ""
        assert cells[5] == said


def test_peril_cards_match_results(one: tuple[Results, str]) -> None:
    results, html = one
    cards = parse(html).find("section", id="perils").find_all("article")
    assert {c.attrs["data-peril"] for c in cards} == {p.id for p in results.perils}
    for peril in results.perils:
        card = parse(html).find("article", data_peril=peril.id)
        assert card.find("h3").text == peril.name
        text = card.text
        assert peril.severity.capitalize() in text
        assert ("Blocks purchase" in text) is peril.blocking
        assert peril.description in text and peril.remedy in text
        evidence = [li.text for li in card.find("ul", **{"class": "evidence"}).find_all("li")]
        assert evidence == [f"{e.text} ({e.respondent}, executive)" for e in peril.evidence]
        assert [li.text for li in card.find("ul", **{"class": "clear-by"}).find_all("li")] == [
            s.text for s in peril.clear_by
        ]


def test_roadmap_phases_in_order(one: tuple[Results, str]) -> None:
    results, html = one
    phases = parse(html).find("section", id="roadmap").find_all("li", **{"class": "phase"})
    assert [p.attrs["data-phase"] for p in phases] == [
        "strategy",
        "process",
        "people",
        "technology",
    ]
    assert "No customer strategy" in phases[0].text


def _without_phases(results: Results, *empty: str) -> Results:
    """The results with the named roadmap phases emptied."""
    roadmap = [
        p.model_copy(update={"items": []}) if p.phase in empty else p for p in results.roadmap
    ]
    return results.model_copy(update={"roadmap": roadmap})


def test_roadmap_leaves_out_empty_phases(bundle: Bundle, one: tuple[Results, str]) -> None:
    results = _without_phases(one[0], "process")
    html = render_report(results, bundle, generated=DAY)
    section = parse(html).find("section", id="roadmap")
    phases = section.find_all("li", **{"class": "phase"})
    assert [p.attrs["data-phase"] for p in phases] == ["strategy", "people", "technology"]
    numbers = [p.find("span", **{"class": "phase-no"}).text for p in phases]
    assert numbers == ["1", "3", "4"]  # each phase keeps its place: technology is always 4
    assert all(p.find_all("li") for p in phases)
    assert "No remedy is needed" not in section.text


def test_a_technology_only_roadmap_is_not_phase_one(
    bundle: Bundle, one: tuple[Results, str]
) -> None:
    results = _without_phases(one[0], "strategy", "process", "people")
    section = parse(render_report(results, bundle, generated=DAY)).find("section", id="roadmap")
    (phase,) = section.find_all("li", **{"class": "phase"})
    assert (phase.attrs["data-phase"], phase.find("span", **{"class": "phase-no"}).text) == (
        "technology",
        "4",
    )


def test_roadmap_without_remedies_says_so_once(bundle: Bundle, one: tuple[Results, str]) -> None:
    results = _without_phases(one[0], "strategy", "process", "people", "technology")
    section = parse(render_report(results, bundle, generated=DAY)).find("section", id="roadmap")
    assert section.find_all("li") == []
    assert section.find_all("ol") == []
    assert [p.text for p in section.find_all("p")] == [
        "No remedy is needed before buying: the answers point to nothing that must be settled "
        "first."
    ]


HIDDEN = {"script", "style", "head", "title"}


def visible_texts(node: Node, *, notes: bool = True) -> list[str]:
    """Every piece of text a reader can see (not scripts, styles or the head), stripped.

    notes=False leaves out respondents' notes: their own words, which may name anything.
    """
    if node.tag in HIDDEN or (not notes and "notes" in (node.attrs.get("class") or "").split()):
        return []
    out: list[str] = []
    for c in node.content:
        if isinstance(c, str):
            out.extend([c.strip()] if c.strip() else [])
        else:
            out.extend(visible_texts(c, notes=notes))
    return out


@pytest.mark.parametrize("name", ["one", "thirty"])
def test_no_question_id_is_shown(
    bundle: Bundle, one: tuple[Results, str], thirty: tuple[Results, str], name: str
) -> None:
    results, html = one if name == "one" else thirty
    doc = parse(html)
    ids = {q.id for q in bundle.questionnaire.questions()}
    texts = visible_texts(doc)
    elements = [n.text for n in doc.iter() if n.tag not in HIDDEN and n.find_all("script") == []]
    assert [t for t in [*texts, *elements] if t in ids] == []
    joined = " ".join(visible_texts(doc, notes=False))
    assert [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", joined)] == []
    # The ids stay where a reader does not see them: anchors and data attributes.
    entries = doc.find("section", id="appendix").find_all("div", data_question=True)
    assert [e.attrs["data-question"] for e in entries] == [q.id for q in results.questions]
    assert [e.attrs["id"] for e in entries] == [f"q-{q.id}" for q in results.questions]
    # The heatmap's row labels (drawn as SVG text) hold no id either.
    if name == "thirty":
        figures = json.loads(doc.find("script", id="crm-figures").text)
        labels = figures["chart-heatmap"]["data"][0]["y"]
        assert [label for label in labels for i in ids if i in label] == []


def test_real_questionnaire_report_shows_question_texts_not_ids() -> None:
    bundle = load_bundle("crm-readiness")
    results = assess(bundle, make_responses(bundle, 12))
    doc = parse(render_report(results, bundle, generated=DAY))
    ids = {q.id for q in bundle.questionnaire.questions()}
    assert [t for t in visible_texts(doc) if t in ids] == []
    entry = doc.find(id="q-customer-strategy")
    question = next(q for q in bundle.questionnaire.questions() if q.id == "customer-strategy")
    assert entry.find("p", **{"class": "q-text"}).text == question.text
    assert "budget-split" not in " ".join(visible_texts(doc, notes=False))


def test_wide_tables_scroll_in_their_own_focusable_region(thirty: tuple[Results, str]) -> None:
    doc = parse(thirty[1])
    tables = doc.find_all("table")
    boxes = doc.find_all("div", **{"class": "table-scroll"})
    assert len(boxes) == len(tables) >= 5
    for box in boxes:
        assert box.attrs["role"] == "region"
        assert box.attrs["tabindex"] == "0"
        assert box.attrs["aria-label"]
        assert len(box.find_all("table")) == 1
    assert len({b.attrs["aria-label"] for b in boxes}) == len(boxes)
    style = doc.find("style").text
    assert ".table-scroll { max-width: 100%; overflow-x: auto;" in style
    assert "@media print" in style and ".table-scroll { overflow: visible; }" in style
    assert re.search(r"\.chart-canvas \{ width: 100%; max-width: 680px;", style)


def test_workshop_tables(thirty: tuple[Results, str]) -> None:
    results, html = thirty
    section = parse(html).find("section", id="workshop")
    role_rows = section.find("table", **{"class": "role-table"}).find("tbody").find_all("tr")
    assert [r.children[0].text for r in role_rows] == [
        "Executives",
        "Managers",
        "Front-line staff",
        "IT",
    ]
    assert role_rows[2].children[1].text == "14"
    agenda = section.find("table", **{"class": "agenda"}).find("tbody").find_all("tr")
    expected = sorted(results.divergence or [], key=lambda d: (-d.priority, -d.spread))[:8]
    assert [r.attrs["data-question"] for r in agenda] == [d.question for d in expected]
    agreed = section.find("tr", data_question="strategy-2")
    assert "Agreed level 2" in agreed.text
    hot = section.find("table", **{"class": "hotspots"}).find("tbody").find_all("tr")
    shares = {q.id: q.unknown_share for q in results.questions}
    assert all(shares[r.attrs["data-question"] or ""] >= 0.25 for r in hot)


def test_appendix_lists_every_question(thirty: tuple[Results, str]) -> None:
    results, html = thirty
    appendix = parse(html).find("section", id="appendix")
    entries = appendix.find_all("div", **{"class": "question"}) + appendix.find_all(
        "div", **{"class": "question is-unknown"}
    )
    assert {e.attrs["id"] for e in entries} == {f"q-{q.id}" for q in results.questions}
    agreed = appendix.find(id="q-strategy-2")
    assert "Agreed level 2" in agreed.text
    assert "Workshop agreement: Agreed after discussion <b>in the room</b>." in agreed.text
    assert "spread" in agreed.text


def test_single_appendix_marks_dont_know(one: tuple[Results, str]) -> None:
    results, html = one
    appendix = parse(html).find("section", id="appendix")
    unknown = [q.id for q in results.questions if q.distribution.get("unknown")]
    marked = appendix.find_all("div", **{"class": "question is-unknown"})
    assert [m.attrs["id"] for m in marked] == [f"q-{q}" for q in unknown]
    assert all("Don't know / not visible" in m.text for m in marked)


def test_embedded_results_round_trip(thirty: tuple[Results, str]) -> None:
    results, html = thirty
    assert results_from_report(html) == results


def test_embedded_meta_names_questionnaire_and_bundle(
    bundle: Bundle, thirty: tuple[Results, str]
) -> None:
    meta_block = parse(thirty[1]).find("script", id="crm-report-meta")
    meta = json.loads(meta_block.text)
    assert meta["questionnaire"] == {"id": "test-q", "version": "1.2"}
    assert meta["bundle_sha256"] == bundle.sha256
    assert meta["generated"] == "2026-03-04"


def test_one_packed_copy_of_plotly_and_no_network(thirty: tuple[Results, str]) -> None:
    _, html = thirty
    doc = parse(html)
    packed = doc.find_all("script", id="plotlyjs-gz")
    assert len(packed) == 1
    assert packed[0].text == packed_plotlyjs().text
    assert packed[0].attrs["data-bytes"] == str(packed_plotlyjs().size)
    assert "Plotly.newPlot" not in html.replace("window.Plotly.newPlot", "")
    assert doc.find_all("link") == []
    sources = [n.attrs.get("src") or "" for n in doc.iter() if "src" in n.attrs]
    assert all(s.startswith("data:") for s in sources)
    assert not re.search(r"(src|href)=\"(https?:)?//", html)


def test_figures_are_embedded_for_every_chart(thirty: tuple[Results, str]) -> None:
    doc = parse(thirty[1])
    figures = json.loads(doc.find("script", id="crm-figures").text)
    canvases = [c.attrs["id"] for c in doc.find_all("div", **{"class": "chart-canvas"})]
    assert canvases == ["chart-radar", "chart-roles", "chart-heatmap"]
    assert set(canvases) == set(figures)
    for fig in figures.values():
        assert fig["config"]["displaylogo"] is False
        assert fig["config"]["showSendToCloud"] is False
        # No fixed width: each chart takes its box's width and follows it (phones, print).
        assert "width" not in fig["layout"]
        assert fig["layout"]["autosize"] is True
        assert fig["config"]["responsive"] is True


def test_csp_allows_only_our_two_scripts(one: tuple[Results, str]) -> None:
    csp = parse(one[1]).find("meta", http_equiv="Content-Security-Policy").attrs["content"] or ""
    assert "default-src 'none'" in csp
    script_src = re.search(r"script-src ([^;]+);", csp)
    assert script_src is not None
    assert script_src.group(1).split() == [csp_hash(bootstrap_js()), packed_plotlyjs().csp_hash]
    inline = [s for s in parse(one[1]).find_all("script") if "type" not in s.attrs]
    assert len(inline) == 1
    # The hash covers the exact text, so the script must be emitted byte for byte.
    assert f"<script>{bootstrap_js()}</script>" in one[1]


def test_user_text_is_escaped_everywhere(hostile: tuple[Results, str]) -> None:
    _, html = hostile
    assert "PWNED" in html  # the payloads are there, as text
    doc = parse(html)
    # Only our five script elements exist; no payload became an element or attribute.
    assert len(doc.find_all("script")) == 5
    assert doc.find_all("img") == []
    assert doc.find_all("a", href="javascript:alert(1)") == []
    assert not [n for n in doc.iter() if any(k.startswith("on") for k in n.attrs)]
    assert doc.find("h1").text == HOSTILE["organisation"]
    assert HOSTILE["name"] in doc.find("section", id="appendix").text
    assert HOSTILE["note"] in doc.find("section", id="appendix").text
    assert doc.find("section", id="cover").find_all("dd")[3].text == HOSTILE["quote"]


def test_json_blocks_cannot_be_closed_by_user_text(hostile: tuple[Results, str]) -> None:
    results, html = hostile
    block = re.search(r'id="crm-results">(.*?)</script>', html, re.DOTALL)
    assert block is not None and "<" not in block.group(1)
    assert results_from_report(html) == results


def test_print_footer_text_is_a_safe_css_string(hostile: tuple[Results, str]) -> None:
    _, html = hostile
    style = parse(html).find("style").text
    assert "<" not in style
    assert 'content: "\\3c \\2f script\\3e \\3c script\\3e document\\2e title' in style
    assert str(css_string('a"; } x')) == '"a\\22 \\3b  \\7d  x"'


def test_results_from_a_page_without_results() -> None:
    with pytest.raises(ContentError) as err:
        results_from_report("<html><body>Hello</body></html>", "old.html")
    assert err.value.lines() == [
        "old.html: not a CRM readiness report: it holds no embedded results"
    ]


def test_results_from_a_damaged_report(one: tuple[Results, str]) -> None:
    damaged = one[1].replace('"overall":', '"overal":', 1)
    with pytest.raises(ContentError) as err:
        results_from_report(damaged, "r.html")
    assert err.value.lines() == [
        "r.html: the embedded results are damaged (2 validation errors for Results)"
    ]


def test_print_css_gives_a4_pages(one: tuple[Results, str]) -> None:
    style = parse(one[1]).find("style").text
    assert "size: A4" in style
    assert "break-before: page" in style
    assert ".modebar" in style


@pytest.mark.parametrize(
    ("day", "text"),
    [(dt.date(2026, 1, 9), "9 January 2026"), (dt.date(2025, 12, 31), "31 December 2025")],
)
def test_dates_are_written_out(day: dt.date, text: str) -> None:
    assert date_text(day) == text


def test_thirty_respondent_report_fits_the_size_budget(thirty: tuple[Results, str]) -> None:
    assert len(thirty[1].encode("utf-8")) <= 2_200_000


def test_engine_results_render_a_card_per_fired_peril() -> None:
    bundle = load_bundle("executive-quick-check")
    answers = {q.id: 1 for q in bundle.questionnaire.questions()}
    responses = [
        Responses.model_validate({"questionnaire": bundle.questionnaire.id, "answers": answers})
    ]
    results = assess(bundle, responses)
    assert len(results.perils) >= 5
    doc = parse(render_report(results, bundle, generated=DAY))
    cards = [c.attrs["data-peril"] for c in doc.find("section", id="perils").find_all("article")]
    assert sorted(cards) == sorted(p.id for p in results.perils)
    # The report keeps the engine's order (blocking first, then severity): it never re-sorts.
    assert cards == [p.id for p in results.perils]
    blocking = [p.blocking for p in results.perils]
    assert blocking == sorted(blocking, reverse=True)
    top = doc.find("ol", **{"class": "top-perils"}).find_all("li")
    assert [li.attrs["data-peril"] for li in top] == cards[:3]
    assert doc.find(data_verdict="not_ready").find("p").text == "Not ready to buy"


def test_consensus_shows_agreement_beside_the_spread() -> None:
    bundle = load_bundle("crm-readiness")
    note = "The room agreed: only a draft exists."
    results = assess(
        bundle, make_responses(bundle, 12), {"customer-strategy": Consensus(level=2, note=note)}
    )
    entry = parse(render_report(results, bundle, generated=DAY)).find(id="q-customer-strategy")
    q = next(q for q in results.questions if q.id == "customer-strategy")
    assert entry.find("p", **{"class": "q-answer"}).text == (
        f"Agreed level 2: {q.answer_label} · spread {q.spread:.2f}"
    )
    assert entry.find("p", **{"class": "q-consensus"}).text == f"Workshop agreement: {note}"
    names = {"unknown": "Don't know", "unanswered": "Not answered"}
    counts = [f"{names.get(k, f'Level {k}')}: {n}" for k, n in q.distribution.items() if n]
    assert entry.find("p", **{"class": "dist-legend"}).text == " ".join(counts)


def test_verdict_reasons_are_grouped_blocking_first() -> None:
    bundle = load_bundle("crm-readiness")
    folder = Path(__file__).parents[1] / "scenarios" / "08-lip-service" / "responses"
    results = assess(bundle, load_responses([str(folder)], bundle))
    summary = parse(render_report(results, bundle)).find("section", id="summary")
    groups = [ul.attrs["data-group"] for ul in summary.find_all("ul", **{"class": "reasons"})]
    assert groups[0] == "blocking"
    assert groups == [g for g in ("blocking", "conditions", "dimensions") if g in groups]
    blocking = summary.find("ul", data_group="blocking").find_all("li")
    assert len(blocking) == sum(p.blocking for p in results.perils) > 0
