"""The bundled questionnaire content: catalogue, question set, rules that can fire, CLI checks."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import pytest

from assessment.content.questionnaires import load_bundle
from assessment.engine.assess import assess
from assessment.model.questionnaire import Answer, Bundle, Condition, Respondent, Responses
from assessment.model.results import Results
from assessment.model.vocabulary import DIMENSION_IDS, ROLES

ROOT = Path(__file__).resolve().parents[2]
FULL = "crm-readiness"
QUICK = "executive-quick-check"
REQUIRED = (
    "no-strategy",
    "not-customer-focused",
    "technology-cycle",
    "hounding",
    "lip-service",
    "technology-first",
    "no-process-redesign",
    "silos",
    "people-neglected",
    "inbound-neglected",
    "no-measures",
    "perception-gap",
)
LIKERT = re.compile(r"^(strongly |somewhat )?(agree|disagree)|neither agree|^(yes|no)\.?$", re.I)
BLOCKING = {"no-strategy", "not-customer-focused", "lip-service", "technology-first"}

# Starting from level 5 everywhere, these answers raise exactly the one peril named.
FULL_FIRING: dict[str, dict[str, Answer]] = {
    "no-strategy": {"customer-strategy": 2, "customer-insight": 2},
    "departmental-strategy": {"strategy-ownership": 2, "enterprise-scope": 3},
    "not-customer-focused": {"service-attitude": 2, "customer-policies": 2},
    "technology-cycle": {"upgrade-motive": 2, "current-adoption": 2},
    "hounding": {"contact-frequency": 2, "personalisation": 2},
    "lip-service": {"executive-sponsor": 2, "communication": 2},
    "technology-first": {"selection-approach": 2, "crm-leadership": 2},
    "no-process-redesign": {"process-redesign": 2, "process-mapping": 2},
    "silos": {"customer-view": 2, "handoffs": 2},
    "people-neglected": {"change-management": 2, "skills-training": 2},
    "inbound-neglected": {"complaint-handling": 2, "enquiry-response": 2},
    "no-measures": {"success-measures": 2, "baseline-measures": "unknown"},
    "dirty-data": {"data-quality": 2, "data-ownership": 2},
    "big-bang-rollout": {"rollout-approach": 2, "scope-control": 2},
    "consent-blind-spots": {"consent-records": 2, "customer-preferences": 2},
}
# In the quick check a single level-1 answer is enough for a few perils (see its rules).
QUICK_FIRING: dict[str, dict[str, Answer]] = {
    "no-strategy": {"customer-strategy": 2, "customer-insight": 2},
    "not-customer-focused": {"service-attitude": 2, "complaint-handling": 2},
    "technology-cycle": {"upgrade-motive": 2, "current-adoption": 2},
    "hounding": {"contact-frequency": 1},
    "lip-service": {"executive-sponsor": 2, "change-management": 2},
    "technology-first": {"budget-split": 2, "upgrade-motive": 2},
    "no-process-redesign": {"process-redesign": 1},
    "silos": {"customer-view": 2, "handoffs": 2},
    "people-neglected": {"change-management": 2, "current-adoption": 2},
    "inbound-neglected": {"complaint-handling": 1},
    "no-measures": {"success-measures": 2, "baseline-measures": "unknown"},
}


@cache
def bundle(ref: str) -> Bundle:
    """A bundled questionnaire, loaded once."""
    return load_bundle(ref)


def answers(ref: str, level: Answer, **changes: Answer) -> dict[str, Answer]:
    """Every question of a questionnaire at one level, with some changed."""
    out: dict[str, Answer] = {q.id: level for q in bundle(ref).questionnaire.questions()}
    out.update(changes)
    return out


def one(ref: str, given: Mapping[str, Answer], role: str = "executive") -> Responses:
    """One respondent's answers."""
    return Responses(
        questionnaire=ref, respondent=Respondent(name=role, role=role), answers=dict(given)
    )


def fired(results: Results) -> set[str]:
    """Ids of the perils that fired."""
    return {p.id for p in results.perils}


def questions_in(c: Condition) -> set[str]:
    """Every question a condition tree reads."""
    found = {c.question} if c.question else set()
    for child in [*(c.all_ or []), *(c.any_ or []), *filter(None, [c.not_, c.share])]:
        found |= questions_in(child)
    if c.role_gap is not None and c.role_gap.question:
        found.add(c.role_gap.question)
    return found


def sentences(text: str) -> int:
    """How many sentences a text has."""
    return len([s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s])


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m assessment ARGS` from the repository root."""
    return subprocess.run(
        [sys.executable, "-m", "assessment", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
    )


# ------------------------------------------------------------------------ catalogue


def test_catalogue_holds_every_required_peril() -> None:
    catalogue = bundle(FULL).catalogue
    assert set(REQUIRED) <= {p.id for p in catalogue.perils}


def test_exactly_the_four_purchase_blockers_block() -> None:
    assert {p.id for p in bundle(FULL).catalogue.perils if p.blocking} == BLOCKING


@pytest.mark.parametrize("peril", [p.id for p in bundle(FULL).catalogue.perils])
def test_catalogue_entries_are_complete(peril: str) -> None:
    p = bundle(FULL).catalogue.get(peril)
    assert 2 <= sentences(p.description) <= 4, p.description
    assert len(p.warning_signs) >= 2
    assert sentences(p.remedy) >= 2
    assert p.severity == "critical" if p.blocking else p.severity in ("high", "medium")


def test_both_questionnaires_share_the_one_catalogue() -> None:
    assert bundle(FULL).catalogue == bundle(QUICK).catalogue


# ------------------------------------------------------------------- question sets


def test_full_questionnaire_has_eight_to_twelve_questions_per_dimension() -> None:
    q = bundle(FULL).questionnaire
    assert [d.id for d in q.dimensions] == list(DIMENSION_IDS)
    # Ten each, people's screening question "customer-records" and strategy's
    # "strategy-ownership" (issue 14).
    counts = {**dict.fromkeys(DIMENSION_IDS, 10), "people": 11, "strategy": 11}
    assert {d.id: len(d.questions) for d in q.dimensions} == counts


def test_quick_check_has_twelve_to_fifteen_questions_covering_every_dimension() -> None:
    q = bundle(QUICK).questionnaire
    assert [d.id for d in q.dimensions] == list(DIMENSION_IDS)
    assert 12 <= len(q.questions()) <= 15
    assert min(len(d.questions) for d in q.dimensions) >= 2


@pytest.mark.parametrize("role", ROLES)
def test_every_role_has_enough_questions_in_every_dimension(role: str) -> None:
    counts = {
        d.id: sum(role in x.roles for x in d.questions)
        for d in bundle(FULL).questionnaire.dimensions
    }
    assert min(counts.values()) >= 5, counts


def test_front_line_staff_are_not_asked_about_budgets_or_vendors() -> None:
    q = bundle(FULL).questionnaire
    for qid in ("budget-split", "business-case", "selection-approach", "upgrade-motive"):
        assert "frontline" not in q.question(qid).roles


@pytest.mark.parametrize("ref", [FULL, QUICK])
def test_questions_are_anchored_and_explained(ref: str) -> None:
    q = bundle(ref).questionnaire
    assert q.version == "1.0"
    for x in q.questions():
        labels = [o.label for o in sorted(x.options, key=lambda o: o.level)]
        assert len(set(labels)) == 5, x.id
        assert not any(LIKERT.search(lb) for lb in labels), x.id
        assert x.text.endswith("?"), x.id
        assert 1 <= sentences(x.help) <= 3, x.id
        assert x.allow_unknown, x.id
        assert x.weight in (1, 1.5, 2), x.id


def test_shared_question_ids_stay_in_the_same_dimension() -> None:
    full, quick = bundle(FULL).questionnaire, bundle(QUICK).questionnaire
    for x in quick.questions():
        assert x.id in {y.id for y in full.questions()}, x.id
        assert quick.dimension_of(x.id) == full.dimension_of(x.id), x.id


# ---------------------------------------------------------------------------- rules


@pytest.mark.parametrize("ref", [FULL, QUICK])
def test_every_rule_is_fed_by_at_least_two_questions(ref: str) -> None:
    for rule in bundle(ref).questionnaire.rules:
        assert len(questions_in(rule.when)) >= 2, rule.peril


@pytest.mark.parametrize("ref", [FULL, QUICK])
def test_every_question_feeds_a_rule(ref: str) -> None:
    q = bundle(ref).questionnaire
    fed = set().union(*(questions_in(r.when) for r in q.rules))
    screening = set().union(
        *(questions_in(x.applies_when) for x in q.questions() if x.applies_when)
    )
    assert {x.id for x in q.questions() if not x.informational} - fed - screening == set()


def test_full_questionnaire_has_a_rule_for_every_catalogue_peril() -> None:
    perils = [r.peril for r in bundle(FULL).questionnaire.rules]
    assert sorted(perils) == sorted(p.id for p in bundle(FULL).catalogue.perils)


def test_quick_check_has_a_rule_for_every_required_peril_but_the_perception_gap() -> None:
    perils = {r.peril for r in bundle(QUICK).questionnaire.rules}
    assert perils == set(REQUIRED) - {"perception-gap"}


@pytest.mark.parametrize("ref", [FULL, QUICK])
def test_level_five_everywhere_is_ready_with_no_perils(ref: str) -> None:
    results = assess(bundle(ref), [one(ref, answers(ref, 5))])
    assert fired(results) == set()
    assert results.verdict.status == "ready"


def test_level_one_everywhere_is_not_ready_with_every_single_respondent_peril() -> None:
    # Level 1 on customer-records means there is no system yet, so the questions about the
    # current system do not apply: level 2 there keeps every question in. Likewise level 2 on
    # customer-strategy keeps strategy-ownership in (level 1 means there is no strategy to own).
    given = answers(FULL, 1, **{"customer-records": 2, "customer-strategy": 2})
    results = assess(bundle(FULL), [one(FULL, given)])
    assert results.verdict.status == "not_ready"
    # A strategy at level 2 owned by one department (level 1) is that department's plan:
    # departmental-strategy fires in place of no-strategy.
    assert fired(results) == set(FULL_FIRING) - {"no-strategy"}
    assert len(fired(results)) >= 8


def test_a_departments_strategy_is_not_read_as_no_strategy() -> None:
    weak = {"customer-strategy": 2, "customer-insight": 2, "enterprise-scope": 3}
    alone = assess(bundle(FULL), [one(FULL, answers(FULL, 5, **weak))])
    assert fired(alone) == {"no-strategy"}
    owned = assess(bundle(FULL), [one(FULL, answers(FULL, 5, **weak, **{"strategy-ownership": 1}))])
    assert fired(owned) == {"departmental-strategy"}
    shared = assess(
        bundle(FULL), [one(FULL, answers(FULL, 5, **weak, **{"strategy-ownership": 4}))]
    )
    assert fired(shared) == {"no-strategy"}


def test_with_no_system_yet_the_questions_about_it_do_not_apply() -> None:
    results = assess(bundle(FULL), [one(FULL, answers(FULL, 1))])
    # No strategy at all: departmental-strategy cannot apply.
    assert fired(results) == set(FULL_FIRING) - {"technology-cycle", "departmental-strategy"}
    # No system and no strategy at all: what presumes either is skipped.
    skipped = {"current-adoption", "past-investment-review", "strategy-ownership"}
    assert {q.id for q in results.questions if q.distribution["n/a"]} == skipped
    assert results.respondents[0].not_applicable == 3


def test_level_one_everywhere_in_the_quick_check_raises_its_eleven_perils() -> None:
    results = assess(bundle(QUICK), [one(QUICK, answers(QUICK, 1))])
    assert results.verdict.status == "not_ready"
    assert fired(results) == set(REQUIRED) - {"perception-gap"}


@pytest.mark.parametrize("peril", sorted(FULL_FIRING))
def test_each_peril_can_fire_alone_in_the_full_questionnaire(peril: str) -> None:
    results = assess(bundle(FULL), [one(FULL, answers(FULL, 5, **FULL_FIRING[peril]))])
    assert fired(results) == {peril}
    expected = "not_ready" if peril in BLOCKING else "conditional"
    assert results.verdict.status == expected


@pytest.mark.parametrize("peril", sorted(QUICK_FIRING))
def test_each_required_peril_can_fire_alone_in_the_quick_check(peril: str) -> None:
    results = assess(bundle(QUICK), [one(QUICK, answers(QUICK, 5, **QUICK_FIRING[peril]))])
    assert fired(results) == {peril}


def test_perception_gap_fires_when_executives_rate_well_above_the_front_line() -> None:
    people = [
        one(FULL, answers(FULL, 5), "executive"),
        one(FULL, answers(FULL, 4), "frontline"),
    ]
    results = assess(bundle(FULL), people, min_group=1)  # two named people, no anonymity
    assert fired(results) == {"perception-gap"}
    assert results.verdict.status == "conditional"


def test_perception_gap_does_not_fire_below_twenty_points() -> None:
    people = [
        one(FULL, answers(FULL, 5), "executive"),
        one(
            FULL,
            answers(FULL, 5, **dict.fromkeys(["customer-view", "data-quality"], 4)),
            "frontline",
        ),
    ]
    assert fired(assess(bundle(FULL), people)) == set()


def test_lip_service_fires_when_most_front_line_staff_know_neither_aim_nor_sponsor() -> None:
    blind = answers(FULL, 5, communication="unknown", **{"executive-sponsor": "unknown"})
    people = [
        one(FULL, answers(FULL, 5), "executive"),
        one(FULL, blind, "frontline"),
        one(FULL, blind, "frontline"),
        one(FULL, answers(FULL, 5), "frontline"),
    ]
    assert fired(assess(bundle(FULL), people)) == {"lip-service"}


def test_a_front_line_majority_is_heard_when_the_workshop_average_hides_it() -> None:
    poor = answers(FULL, 5, **{"service-attitude": 2, "customer-policies": 2})
    people = [one(FULL, answers(FULL, 5), "executive")] * 3 + [one(FULL, poor, "frontline")] * 2
    results = assess(bundle(FULL), people, min_group=2)
    levels = {q.id: q.level for q in results.questions}
    assert (levels["service-attitude"], levels["customer-policies"]) == (3.8, 3.8)
    assert fired(results) == {"not-customer-focused", "perception-gap"}
    assert results.verdict.status == "not_ready"


@pytest.mark.parametrize("qid", [q.id for q in bundle(FULL).questionnaire.questions()])
def test_one_bad_or_unknown_answer_never_raises_a_peril_in_the_workshop(qid: str) -> None:
    for answer in (1, "unknown"):
        results = assess(bundle(FULL), [one(FULL, answers(FULL, 5, **{qid: answer}))])
        assert fired(results) == set(), (qid, answer)


# ------------------------------------------------------------------------------ CLI


def test_validate_strict_accepts_the_bundled_content() -> None:
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "questionnaires").glob("*.yaml"))
    done = run_cli("validate", "--strict", *files)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.splitlines() == [f"OK {f}" for f in files]


def test_a_filled_in_template_is_accepted_by_score(tmp_path: Path) -> None:
    done = run_cli("template", FULL)
    assert done.returncode == 0, done.stderr
    text = done.stdout.replace("\n  name:\n", "\n  name: Dana Lee\n", 1)
    text = text.replace("\n  role:\n", "\n  role: executive\n", 1)
    text, n = re.subn(r"(?m)^  ([a-z0-9-]+):[ \t]*$", r"  \1: 4", text)
    assert n == len(bundle(FULL).questionnaire.questions())
    filled = tmp_path / "answers.yaml"
    filled.write_text(text, encoding="utf-8")
    done = run_cli("score", "--questionnaire", FULL, str(filled), "--format", "json")
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert results["overall"] == {"score": 75.0, "level": 4, "label": "Managed"}
    assert results["perils"] == []
    assert results["verdict"]["status"] == "ready"
    assert [d["answered"] for d in results["dimensions"]] == [11, 10, 10, 11, 10]


@pytest.mark.parametrize("doc", ["README.md", "docs/questionnaires.md"])
def test_docs_list_every_peril(doc: str) -> None:
    text = (ROOT / doc).read_text(encoding="utf-8")
    missing = [p.id for p in bundle(FULL).catalogue.perils if f"`{p.id}`" not in text]
    assert missing == []


def test_docs_list_every_workshop_question() -> None:
    text = (ROOT / "docs" / "questionnaires.md").read_text(encoding="utf-8")
    missing = [q.id for q in bundle(FULL).questionnaire.questions() if f"`{q.id}`" not in text]
    assert missing == []
