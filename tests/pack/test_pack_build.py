"""build_pack beyond the golden scenarios: agreed levels, many notes, a peril the templates
lack, and the vendor limit."""

from __future__ import annotations

import pytest
from pack_fixtures import DAY, ROOT, SCENARIOS, case
from template_names import template_names

from assessment.content.purchase import load_purchase
from assessment.content.questionnaires import load_bundle
from assessment.content.responses import load_responses
from assessment.engine.aggregate import Consensus
from assessment.engine.assess import assess
from assessment.model.questionnaire import Bundle, Responses
from assessment.report.pack.build import MAX_NOTES, build_pack
from assessment.report.pack.page import pack_context
from assessment.report.render import TEMPLATES_DIR

PACK = TEMPLATES_DIR / "pack.html"

Workshop = tuple[Bundle, list[Responses]]
WORKSHOP = ROOT / "tests" / "scenarios" / "05-perception-gap-workshop" / "responses"


@pytest.fixture(scope="module")
def workshop() -> Workshop:
    bundle = load_bundle("crm-readiness")
    return bundle, load_responses([WORKSHOP], bundle)


def test_an_agreed_level_is_what_the_requirements_quote(
    workshop: Workshop,
) -> None:
    bundle, people = workshop
    agreed = {"complaint-handling": Consensus(level=1, note="Complaints go nowhere.")}
    results = assess(bundle, people, agreed)
    pack = build_pack(results, bundle, load_purchase(), generated=DAY)
    [source] = [s for r in pack.requirements for s in r.sources if s.id == "complaint-handling"]
    label = bundle.questionnaire.question("complaint-handling").options[0].label
    assert source.answer == f"{label} (agreed level 1)"
    assert "complaint" in [d.id for d in pack.demos]  # agreed at level 1: a journey rated low


def test_many_notes_are_cut_to_a_few_and_counted(workshop: Workshop) -> None:
    bundle, people = workshop
    noted = [
        p.model_copy(update={"notes": {"customer-view": f"Note {i} on the screens we use."}})
        for i, p in enumerate(people)
    ]
    pack = build_pack(assess(bundle, noted), bundle, load_purchase(), generated=DAY)
    [view] = [r for r in pack.requirements if r.id == "customer-view"]
    assert len(view.notes) == MAX_NOTES
    assert view.more_notes == len(people) - MAX_NOTES


def test_a_peril_without_a_gate_template_gets_its_remedy(
    workshop: Workshop,
) -> None:
    bundle, people = workshop
    results = assess(bundle, people)
    fired = results.perils[0]
    content = load_purchase()
    fewer = content.model_copy(update={"gates": [g for g in content.gates if g.peril != fired.id]})
    pack = build_pack(results, bundle, fewer, generated=DAY)
    assert [g.peril for g in pack.gate] == [p.id for p in results.perils]
    assert pack.gate[0].condition == fired.remedy


@pytest.mark.parametrize("vendors", [0, 11])
def test_the_number_of_vendors_is_limited(workshop: Workshop, vendors: int) -> None:
    bundle, people = workshop
    with pytest.raises(ValueError, match="vendors must be between 1 and 10"):
        build_pack(assess(bundle, people), bundle, load_purchase(), vendors=vendors)


def test_the_page_template_uses_exactly_the_names_it_is_given() -> None:
    pack = case(SCENARIOS[0]).pack
    assert template_names(PACK) == set(pack_context(pack))
