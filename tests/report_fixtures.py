"""Hand-built bundles, responses and Results for report, export and chart tests.

These do not score anything: they are fixed test data shaped like the engine's output, so the
report can be checked against exact numbers independently of the engine.
"""

from __future__ import annotations

import random
import statistics
from pathlib import Path

import yaml

from assessment.engine.perils import ordered
from assessment.model.questionnaire import Bundle, PerilCatalogue, Questionnaire, Responses
from assessment.model.results import (
    ClearStep,
    DimensionResult,
    DivergenceItem,
    Evidence,
    FiredPeril,
    Level,
    Note,
    QuestionnaireRef,
    QuestionResult,
    RespondentRef,
    Results,
    RoadmapItem,
    RoadmapPhase,
    RoleResult,
    Verdict,
)
from assessment.model.vocabulary import DIMENSION_IDS

HOSTILE = {
    "organisation": 'Acme <script>document.title="PWNED-org"</script> & "Sons"',
    "name": "<img src=x onerror=\"document.title='PWNED-name'\">",
    "note": (
        '</script><script>document.title="PWNED-note"</script><a href="javascript:alert(1)">x</a>'
    ),
    "quote": '" onmouseover="document.title=\'PWNED-attr\'" x="',
}
ROLE_CYCLE = ("frontline", "frontline", "manager", "executive", "frontline", "it", "manager")
LABELS = ("Ad hoc", "Emerging", "Defined", "Managed", "Embedded")
DIM_NAMES = {
    "strategy": "Strategy",
    "customer-focus": "Customer focus",
    "process": "Process",
    "people": "People",
    "technology": "Technology",
}
PERILS = [
    ("no-strategy", "No customer strategy", "critical", True, "strategy"),
    ("silos", "Customer data in silos", "high", False, "process"),
    ("people-neglected", "People left out", "high", False, "people"),
    ("technology-first", "Software first", "critical", True, "technology"),
    ("no-measures", "No measures", "medium", False, "strategy"),
]


def make_bundle() -> Bundle:
    """A five-dimension questionnaire (three questions each) and a small catalogue."""
    dims = [
        {
            "id": d,
            "name": DIM_NAMES[d],
            "questions": [
                {
                    "id": f"{d}-{i}",
                    "text": f"How does the organisation handle {DIM_NAMES[d].lower()} topic {i}?",
                    "help": "It shows whether the basics are in place.",
                    "options": [
                        {"level": n, "label": f"{DIM_NAMES[d]} {i} at level {n}"}
                        for n in range(1, 6)
                    ],
                }
                for i in range(1, 4)
            ],
        }
        for d in DIMENSION_IDS
    ]
    q = Questionnaire.model_validate(
        {"id": "test-q", "version": "1.2", "title": "Test readiness check", "dimensions": dims}
    )
    cat = PerilCatalogue.model_validate(
        {
            "id": "perils",
            "version": "1",
            "perils": [
                {
                    "id": pid,
                    "name": name,
                    "description": f"Why {name.lower()} hurts.",
                    "source": "test",
                    "severity": sev,
                    "blocking": block,
                    "phase": phase,
                    "warning_signs": [f"A sign of {name.lower()}."],
                    "remedy": f"Fix {name.lower()} before buying.",
                }
                for pid, name, sev, block, phase in PERILS
            ],
        }
    )
    return Bundle(questionnaire=q, catalogue=cat, source="test.yaml", sha256="ab" * 32)


def make_responses(
    bundle: Bundle, n: int, *, hostile: bool = False, seed: int = 7
) -> list[Responses]:
    """n respondents with varied roles; front line answer lower than leaders."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        role = ROLE_CYCLE[i % len(ROLE_CYCLE)] if n > 1 else "executive"
        bias = 1 if role in ("executive", "manager") else 0
        answers: dict[str, int | str] = {}
        notes: dict[str, str] = {}
        for j, q in enumerate(bundle.questionnaire.questions()):
            roll = rng.random()
            if roll < 0.12 and q.allow_unknown:
                answers[q.id] = "unknown"
            elif roll < 0.95:
                answers[q.id] = max(1, min(5, rng.randint(1, 4) + bias))
            if (i + j) % 11 == 0:
                notes[q.id] = HOSTILE["note"] if hostile else f"Note {i}-{j} on {q.id}."
        name = (HOSTILE["name"] if i % 2 else HOSTILE["quote"]) if hostile else f"Person {i + 1}"
        out.append(
            Responses.model_validate(
                {
                    "questionnaire": bundle.questionnaire.id,
                    "respondent": {"name": name, "role": role},
                    "organisation": HOSTILE["organisation"] if hostile else "Acme Ltd",
                    "answers": answers,
                    "notes": notes,
                }
            )
        )
    return out


def write_responses(folder: Path, responses: list[Responses]) -> list[Path]:
    """Write responses as YAML files (one per respondent) and return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, r in enumerate(responses, start=1):
        path = folder / f"respondent-{i:02d}.yaml"
        path.write_text(yaml.safe_dump(r.model_dump(mode="json"), allow_unicode=True), "utf-8")
        paths.append(path)
    return paths


def _level(score: float | None) -> tuple[int | None, str | None]:
    if score is None:
        return None, None
    lvl = min(5, int(score // 20) + 1)
    return lvl, LABELS[lvl - 1]


def _question(
    bundle: Bundle, q_id: str, rs: list[Responses], consensus: dict[str, int]
) -> QuestionResult:
    q = bundle.questionnaire.question(q_id)
    given = [r.answers.get(q_id) for r in rs]
    known = [a for a in given if isinstance(a, int)]
    dist = {str(k): known.count(k) for k in range(1, 6)}
    dist["unknown"] = given.count("unknown")
    dist["unanswered"] = given.count(None)
    level: float | None = statistics.fmean(known) if known else None
    if q_id in consensus:
        level = consensus[q_id]
    role_means: dict[str, float] = {}
    for role in dict.fromkeys(r.respondent.role for r in rs):
        vals = [
            a for r in rs if r.respondent.role == role and isinstance(a := r.answers.get(q_id), int)
        ]
        if vals:
            role_means[role] = round(statistics.fmean(vals), 2)
    label = (
        q.options[round(level) - 1].label
        if level is not None and (len(rs) == 1 or q_id in consensus)
        else None
    )
    answered = sum(1 for a in given if a is not None)
    return QuestionResult(
        id=q_id,
        dimension=bundle.questionnaire.dimension_of(q_id),
        text=q.text,
        weight=q.weight,
        level=level,
        answer_label=label,
        distribution=dist,
        unknown_share=dist["unknown"] / answered if answered else 0.0,
        spread=round(statistics.pstdev(known), 3) if len(known) > 1 else None,
        consensus=consensus.get(q_id),
        consensus_note="Agreed after discussion <b>in the room</b>." if q_id in consensus else None,
        role_means=role_means if len(rs) > 1 else {},
        notes=[
            Note(text=r.notes[q_id], respondent=r.respondent.name, role=r.respondent.role)
            for r in rs
            if q_id in r.notes
        ],
    )


def _dimension(bundle: Bundle, d_id: str, questions: list[QuestionResult]) -> DimensionResult:
    qs = [q for q in questions if q.dimension == d_id]
    levels = [q.level for q in qs if q.level is not None]
    score = round(statistics.fmean((lv - 1) * 25 for lv in levels), 2) if levels else None
    lvl, label = _level(score)
    unknown = sum(1 for q in qs if q.level is None and q.distribution["unknown"])
    return DimensionResult(
        id=d_id,
        name=DIM_NAMES[d_id],
        score=score,
        level=lvl,
        label=label,
        answered=len(levels),
        unknown=unknown,
        unanswered=len(qs) - len(levels) - unknown,
        total=len(qs),
    )


def make_results(
    bundle: Bundle,
    rs: list[Responses],
    *,
    perils: int = 4,
    consensus: dict[str, int] | None = None,
    by_role: bool = True,
) -> Results:
    """Results shaped like the engine's, with the first `perils` catalogue perils fired."""
    consensus = consensus or {}
    questions = [_question(bundle, q.id, rs, consensus) for q in bundle.questionnaire.questions()]
    dims = [_dimension(bundle, d, questions) for d in DIMENSION_IDS]
    scores = [d.score for d in dims if d.score is not None]
    overall = round(statistics.fmean(scores), 2) if scores else None
    positions = {pid: i for i, (pid, *_) in enumerate(PERILS)}
    # In the engine's one order (blocking, severity, catalogue position), as results.perils is.
    fired = ordered([_peril(bundle, pid, rs) for pid, *_ in PERILS[:perils]], positions)
    blocking = [p for p in fired if p.blocking]
    status = "not_ready" if blocking else ("conditional" if fired else "ready")
    label = {
        "not_ready": "Not ready to buy",
        "conditional": "Ready with conditions",
        "ready": "Ready",
    }
    several = len(rs) > 1 and by_role
    return Results(
        questionnaire=QuestionnaireRef(
            id=bundle.questionnaire.id,
            version=bundle.questionnaire.version,
            title=bundle.questionnaire.title,
            sha256=bundle.sha256,
        ),
        organisation=rs[0].organisation,
        respondents=[_respondent(r) for r in rs],
        overall=Level(score=overall, level=_level(overall)[0], label=_level(overall)[1]),
        dimensions=dims,
        perils=fired,
        verdict=Verdict(
            status=status,
            label=label[status],
            reasons=[f"{p.name} blocks a purchase." for p in blocking]
            or [f"{p.name} needs attention." for p in fired]
            or ["No peril fired."],
        ),
        roadmap=_roadmap(fired),
        questions=questions,
        roles=_roles(bundle, rs) if several else None,
        divergence=_divergence(questions) if several else None,
    )


def _respondent(r: Responses) -> RespondentRef:
    answered = sum(1 for a in r.answers.values() if isinstance(a, int))
    unknown = sum(1 for a in r.answers.values() if a == "unknown")
    return RespondentRef(
        name=r.respondent.name, role=r.respondent.role, answered=answered, unknown=unknown
    )


def _peril(bundle: Bundle, pid: str, rs: list[Responses]) -> FiredPeril:
    p = bundle.catalogue.get(pid)
    q_id = f"{p.phase if p.phase != 'technology' else 'technology'}-1"
    r = rs[0]
    # Evidence names the question by its text, as the engine's does (never by its id).
    q_text = next(q.text for q in bundle.questionnaire.questions() if q.id == q_id)
    return FiredPeril(
        id=p.id,
        name=p.name,
        severity=p.severity,
        blocking=p.blocking,
        phase=p.phase,
        description=p.description,
        remedy=p.remedy,
        evidence=[
            Evidence(
                text=f"{q_text} was answered {r.answers.get(q_id)}.",
                question=q_id,
                respondent=r.respondent.name,
                role=r.respondent.role,
                answer=r.answers.get(q_id),
            )
        ],
        clear_by=[
            ClearStep(
                question=q_id,
                text=f"Raise “{q_text}” to level 3.",
                from_level=r.answers.get(q_id),
                to_level=3,
            )
        ],
    )


def _roadmap(fired: list[FiredPeril]) -> list[RoadmapPhase]:
    return [
        RoadmapPhase(
            phase=ph,
            name=ph.capitalize(),
            items=[
                RoadmapItem(peril=p.id, name=p.name, severity=p.severity, remedy=p.remedy)
                for p in fired
                if p.phase == ph
            ],
        )
        for ph in ("strategy", "process", "people", "technology")
    ]


def _roles(bundle: Bundle, rs: list[Responses]) -> list[RoleResult]:
    out = []
    for role in ("executive", "manager", "frontline", "it", "other"):
        group = [r for r in rs if r.respondent.role == role]
        if not group:
            continue
        dims = make_results(bundle, group, perils=0, by_role=False).dimensions
        scores = [d.score for d in dims if d.score is not None]
        overall = round(statistics.fmean(scores), 2) if scores else None
        out.append(
            RoleResult(
                role=role,
                respondents=len(group),
                overall=Level(score=overall, level=_level(overall)[0], label=_level(overall)[1]),
                dimensions={d.id: d.score for d in dims},
            )
        )
    return out


def _divergence(questions: list[QuestionResult]) -> list[DivergenceItem]:
    items = []
    for q in questions:
        if q.spread is None or len(q.role_means) < 2:
            continue
        hi = max(q.role_means, key=lambda k: q.role_means[k])
        lo = min(q.role_means, key=lambda k: q.role_means[k])
        items.append(
            DivergenceItem(
                question=q.id,
                text=q.text,
                dimension=q.dimension,
                spread=q.spread,
                max_gap=round(q.role_means[hi] - q.role_means[lo], 2),
                high_role=hi,
                low_role=lo,
                priority=round(q.spread * (2 if q.dimension == "strategy" else 1), 3),
            )
        )
    return sorted(items, key=lambda d: -d.priority)
