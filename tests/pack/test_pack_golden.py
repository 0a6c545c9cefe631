"""Golden scenarios through the purchase pack: the gate lists exactly the fired perils, low
journeys are demonstrated, requirements trace to their questions, and only a not-ready
verdict is called not ready (on the cover, and first)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pack_fixtures import SCENARIOS, case, docx_text, xlsx_text

from assessment.content.purchase import load_purchase
from assessment.report.pack import words
from assessment.report.pack.build import LOW, MAX_DEMOS, MIN_DEMOS
from assessment.report.pack.document import render_pack_docx
from assessment.report.pack.page import render_pack_html
from assessment.report.pack.scorecard import render_scorecard

IDS = [p.name for p in SCENARIOS]
NOT_READY = re.compile(r"not[\s-]+ready", re.IGNORECASE)


def test_there_are_golden_scenarios_of_every_verdict() -> None:
    assert len(SCENARIOS) >= 10
    assert {case(f).expected["verdict"] for f in SCENARIOS} == {"ready", "conditional", "not_ready"}


@pytest.mark.parametrize("folder", SCENARIOS, ids=IDS)
def test_the_gate_lists_exactly_the_fired_perils(folder: Path) -> None:
    c = case(folder)
    gate = [g.peril for g in c.pack.gate]
    assert sorted(gate) == sorted(c.expected["perils"])
    assert gate == [p.id for p in c.results.perils]  # blocking first, then severity
    blocking = {p.id for p in c.bundle.catalogue.perils if p.blocking}
    assert {g.peril for g in c.pack.gate if g.blocking} == blocking & set(gate)
    phases = {i.peril: ph.name for ph in c.results.roadmap for i in ph.items}
    assert all(g.phase == phases[g.peril] for g in c.pack.gate)  # the roadmap's phase
    content = load_purchase()
    for g in c.pack.gate:
        template = content.gate(g.peril)
        assert template is not None and g.condition == template.condition, g.peril


@pytest.mark.parametrize("folder", SCENARIOS, ids=IDS)
def test_every_journey_rated_low_is_a_demonstration(folder: Path) -> None:
    c = case(folder)
    levels = {q.id: q.level for q in c.results.questions}
    shown = [d.id for d in c.pack.demos]
    assert MIN_DEMOS <= len(shown) <= MAX_DEMOS
    assert len(set(shown)) == len(shown)
    for t in load_purchase().scenarios:
        rated = [levels[q] for q in t.draws_on if levels.get(q) is not None]
        if rated and min(rated) < LOW:
            assert t.id in shown, (t.id, rated)


@pytest.mark.parametrize("folder", SCENARIOS, ids=IDS)
def test_requirements_trace_to_their_questions(folder: Path) -> None:
    c = case(folder)
    asked = {q.id: q for q in c.bundle.questionnaire.questions()}
    templates = {t.id: t for t in load_purchase().requirements}
    assert c.pack.requirements
    for r in c.pack.requirements:
        ids = [s.id for s in r.sources]
        assert ids and set(ids) <= set(templates[r.id].draws_on) & set(asked), r.id
        assert all(s.text == asked[s.id].text and s.answer for s in r.sources)
    html = render_pack_html(c.pack)
    for r in c.pack.requirements:
        for s in r.sources:
            assert f"From <code>{s.id}</code>" in html


@pytest.mark.parametrize("folder", SCENARIOS, ids=IDS)
def test_weights_sum_to_100_with_one_column_per_vendor(folder: Path) -> None:
    c = case(folder)
    weights = [cr.weight for cr in c.pack.criteria]
    assert sum(weights) == 100 and min(weights) >= 1
    kinds = {cr.kind for cr in c.pack.criteria}
    assert kinds == {"Requirement", "Demonstration", "Commercial"}


@pytest.mark.parametrize("folder", SCENARIOS, ids=IDS)
def test_only_a_not_ready_verdict_is_called_not_ready(folder: Path) -> None:
    c = case(folder)
    html = render_pack_html(c.pack)
    text = docx_text(render_pack_docx(c.pack))
    sheet = xlsx_text(render_scorecard(c.pack))
    if c.expected["verdict"] != "not_ready":
        for found in (html, text, sheet):
            assert not NOT_READY.search(found)
        assert words.DRAFT_MARK not in html + text + sheet
        return
    cover, _, rest = html.partition('<section class="gate"')
    assert "Not ready to buy" in cover and words.DRAFT_MARK in cover
    gate = rest.split("<section", 1)[0]
    assert "Not ready to buy" in gate  # the first section leads with it
    for section in rest.split("<section")[1:]:
        assert words.DRAFT_MARK in section  # the vendor documents are drafts for later
    cover_text, _, after = text.partition(f"1. {words.GATE_TITLE}")
    assert "Not ready to buy" in cover_text and words.DRAFT_MARK in cover_text
    assert after.splitlines()[1].startswith("Not ready to buy")
    assert words.DRAFT_MARK in sheet
