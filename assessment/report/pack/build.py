"""Build a purchase pack from an assessment's results and the purchase templates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from assessment.model.purchase import PurchaseContent, ScenarioTemplate
from assessment.model.questionnaire import Bundle
from assessment.model.results import FiredPeril, QuestionResult, Results
from assessment.report.pack import words
from assessment.report.pack.model import Criterion, Demo, GateRow, Pack, Requirement, Source, Term
from assessment.report.pack.weights import gap, priority, whole_weights

MIN_DEMOS, MAX_DEMOS = 3, 8
LOW = 2.5  # a journey whose weakest answer rounds to level 2 or below is "rated low"
MAX_VENDORS = 10
MAX_NOTES = 6  # notes quoted under one requirement; the report has them all
_SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2}


class Sources:
    """The results' questions by id, and what the pack says about each answer."""

    def __init__(self, results: Results) -> None:
        self.by_id: dict[str, QuestionResult] = {q.id: q for q in results.questions}
        self.many = len(results.respondents) > 1

    def present(self, ids: Sequence[str]) -> list[QuestionResult]:
        """The questions of this questionnaire among the ids, in the order given."""
        return [self.by_id[i] for i in ids if i in self.by_id]

    def source(self, q: QuestionResult) -> Source:
        """A question with the organisation's answer in words."""
        return Source(q.id, q.text, answer_words(q, self.many))


def answer_words(q: QuestionResult, many: bool) -> str:
    """The anchored option of the answer (or mean, or agreed level), or a plain word."""
    if q.level is None or q.answer_label is None:
        if q.distribution.get("unknown"):
            return "Don't know"
        return "Not applicable" if q.distribution.get("n/a") else "Not answered"
    if q.consensus is not None:
        return f"{q.answer_label} (agreed level {q.consensus})"
    return f"{q.answer_label} (mean level {q.level:.1f})" if many else q.answer_label


def lowest(questions: Sequence[QuestionResult]) -> float | None:
    """The lowest level among the questions, or None when none has one."""
    levels = [q.level for q in questions if q.level is not None]
    return min(levels) if levels else None


def build_pack(
    results: Results,
    bundle: Bundle,
    content: PurchaseContent,
    *,
    organisation: str | None = None,
    vendors: int = 3,
    generated: dt.date | None = None,
) -> Pack:
    """The whole purchase pack for one assessment (one respondent or a workshop)."""
    if not 1 <= vendors <= MAX_VENDORS:
        raise ValueError(f"vendors must be between 1 and {MAX_VENDORS}")
    src = Sources(results)
    fired = {p.id: p for p in results.perils}
    names = {p.id: p.name for p in bundle.catalogue.perils}
    requirements = build_requirements(content, src)
    demos = pick_demos(content.scenarios, src, fired, names)
    status = results.verdict.status
    phases = {item.peril: phase.name for phase in results.roadmap for item in phase.items}
    return Pack(
        organisation=organisation or results.organisation,
        questionnaire=bundle.questionnaire.title,
        questionnaire_id=bundle.questionnaire.id,
        generated=generated or dt.date.today(),
        verdict_status=status,
        verdict_label=results.verdict.label,
        not_ready=status == "not_ready",
        headline=words.HEADLINES[status],
        gate=tuple(gate_row(p, content, phases.get(p.id, "")) for p in results.perils),
        requirements=requirements,
        demos=demos,
        criteria=build_criteria(content, src, fired, requirements, demos),
        vendors=vendors,
        terms=build_terms(content, fired, names),
    )


def gate_row(peril: FiredPeril, content: PurchaseContent, phase: str = "") -> GateRow:
    """The gate condition of a fired peril (its remedy when the templates lack one)."""
    gate = content.gate(peril.id)
    return GateRow(
        peril=peril.id,
        name=peril.name,
        severity=peril.severity,
        blocking=peril.blocking,
        condition=gate.condition if gate else peril.remedy,
        evidence=gate.evidence if gate else "Written evidence that the remedy is done.",
        owner=gate.owner if gate else "Programme sponsor",
        why=peril.evidence[0].text,
        phase=phase,
    )


def build_requirements(content: PurchaseContent, src: Sources) -> tuple[Requirement, ...]:
    """A requirement for each template with a question in this questionnaire, by area."""
    out = []
    for t in content.requirements:
        questions = src.present(t.draws_on)
        if not questions:
            continue
        said = [n.text.strip() for q in questions for n in q.notes if n.text.strip()]
        notes = tuple(dict.fromkeys(said))
        out.append(
            Requirement(
                id=t.id,
                area=words.AREAS[t.area],
                title=t.title,
                outcome=t.outcome,
                scenario=t.scenario,
                sources=tuple(src.source(q) for q in questions),
                notes=notes[:MAX_NOTES],
                more_notes=max(0, len(notes) - MAX_NOTES),
            )
        )
    order = list(words.AREAS.values())
    return tuple(sorted(out, key=lambda r: order.index(r.area)))


def pick_demos(
    templates: Sequence[ScenarioTemplate],
    src: Sources,
    fired: Mapping[str, FiredPeril],
    names: Mapping[str, str],
) -> tuple[Demo, ...]:
    """Three to eight scenarios: every journey rated low or testing a fired peril, weakest and
    most important first, topped up to three with the most important of the rest."""
    ranked = sorted(
        templates, key=lambda t: -priority(src.present(t.draws_on), t.perils, fired)
    )  # sorted() is stable: equal priorities keep the file's order

    def wanted(t: ScenarioTemplate) -> bool:
        low = lowest(src.present(t.draws_on))
        return (low is not None and low < LOW) or any(p in fired for p in t.perils)

    chosen = [t for t in ranked if wanted(t)]
    chosen += [t for t in ranked if t not in chosen][: max(0, MIN_DEMOS - len(chosen))]
    return tuple(demo(t, src, fired, names) for t in chosen[:MAX_DEMOS])


def demo(
    t: ScenarioTemplate, src: Sources, fired: Mapping[str, FiredPeril], names: Mapping[str, str]
) -> Demo:
    """One demonstration scenario with the reason it is in the script."""
    questions = src.present(t.draws_on)
    return Demo(
        id=t.id,
        journey=t.journey,
        why=demo_reason(questions, [names.get(p, p) for p in t.perils if p in fired]),
        situation=t.situation,
        sample_data=t.sample_data,
        steps=tuple(t.steps),
        good=t.good,
        watch_for=t.watch_for,
        tests=tuple(names.get(p, p) for p in t.perils),
        sources=tuple(src.source(q) for q in questions),
    )


def demo_reason(questions: Sequence[QuestionResult], fired: Sequence[str]) -> str:
    """Why a scenario is in the script, in one or two sentences."""
    parts = []
    low = [q for q in questions if q.level is not None and q.level < LOW]
    if low:
        rated = "; ".join(f"{q.text} (level {q.level:.1f})" for q in low)
        parts.append(f"Rated low in your answers: {rated}")
    if fired:
        parts.append(f"Tests what this assessment found: {', '.join(fired)}")
    if not parts:
        parts.append("One of the journeys that matter most to see with your own data")
    return ". ".join(parts) + "."


def build_criteria(
    content: PurchaseContent,
    src: Sources,
    fired: Mapping[str, FiredPeril],
    requirements: Sequence[Requirement],
    demos: Sequence[Demo],
) -> tuple[Criterion, ...]:
    """Scorecard rows (requirements, demonstrations, commercial terms) with their weights."""
    req_perils = {t.id: t.perils for t in content.requirements}
    demo_perils = {t.id: t.perils for t in content.scenarios}
    rows: list[tuple[str, str, list[str], list[str]]] = []
    for r in requirements:
        rows.append(("Requirement", r.title, [s.id for s in r.sources], req_perils[r.id]))
    for d in demos:
        rows.append(("Demonstration", d.journey, [s.id for s in d.sources], demo_perils[d.id]))
    for c in content.criteria:
        rows.append(("Commercial", c.name, [q.id for q in src.present(c.draws_on)], c.perils))
    raw = [priority(src.present(ids), perils, fired) for _, _, ids, perils in rows]
    weights = whole_weights(raw)
    return tuple(
        Criterion(kind, name, w, weight_reason(src.present(ids), perils, fired), tuple(ids))
        for (kind, name, ids, perils), w in zip(rows, weights, strict=True)
    )


def weight_reason(
    questions: Sequence[QuestionResult], perils: Sequence[str], fired: Mapping[str, FiredPeril]
) -> str:
    """What raised a weight: the gap in the answers and the fired perils it relates to."""
    found = [f"{fired[p].name} ({fired[p].severity})" for p in dict.fromkeys(perils) if p in fired]
    parts = [f"answers fall {gap(questions):.0%} short of level 5"] if questions else []
    if found:
        parts.append("perils found: " + ", ".join(found))
    text = "; ".join(parts) or "baseline weight"
    return text[0].upper() + text[1:]


def build_terms(
    content: PurchaseContent, fired: Mapping[str, FiredPeril], names: Mapping[str, str]
) -> tuple[Term, ...]:
    """Every term, those motivated by the most serious fired perils first."""

    def rank(perils: Sequence[str]) -> int:
        return min((_SEVERITY_ORDER[fired[p].severity] for p in perils if p in fired), default=9)

    out = []
    for t in sorted(content.terms, key=lambda t: rank(t.perils)):
        found = [names.get(p, p) for p in t.perils if p in fired]
        other = [names.get(p, p) for p in t.perils if p not in fired]
        because = [f"Found in this assessment: {', '.join(found)}."] if found else []
        if other:
            because.append(f"{'Also guards' if found else 'Guards'} against: {', '.join(other)}.")
        out.append(Term(t.title, t.ask, " ".join(because)))
    return tuple(out)
