"""Sensitivity of perils to single answers: which one-answer changes turn a peril on or off.

For each scenario (a bundle and its respondents), every answer a respondent gave or could give
to a question that feeds some rule is changed to every other value (levels 1-5, don't know
where the question allows it, unanswered), one change at a time, and the fired perils are
compared with the scenario's own. A peril that fires and one change turns off is *fragile*
there. Perils are found by the same steps as assess() (build_context, then each compiled
rule's test), which is hundreds of times cheaper than a full assess(); when that shortcut
disagrees with assess() on a scenario's own answers, that scenario is re-assessed in full.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from assessment.engine.aggregate import build_context
from assessment.engine.anonymity import min_group_size
from assessment.engine.assess import Plan, assess, compile_bundle, people_of
from assessment.model.questionnaire import (
    Answer,
    Bundle,
    Condition,
    Peril,
    Question,
    Responses,
)
from assessment.model.vocabulary import LEVELS

__all__ = [
    "Change",
    "PerilSensitivity",
    "Scenario",
    "ScenarioOutcome",
    "Sensitivity",
    "answer_values",
    "sensitivity",
    "sensitivity_data",
]

Progress = Callable[[str, int, int, int], None]  # scenario, its number, scenarios, changes
Value = Answer | None  # None: unanswered


@dataclass(frozen=True, slots=True)
class Scenario:
    """A golden scenario: its name, bundle and respondents."""

    name: str
    bundle: Bundle
    responses: tuple[Responses, ...]


@dataclass(frozen=True, slots=True)
class Change:
    """One single-answer change and the perils it turns on and off."""

    scenario: str
    respondent: str
    question: str
    before: Value
    after: Value
    turns_on: tuple[str, ...] = ()
    turns_off: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ScenarioOutcome:
    """What was tried on one scenario."""

    name: str
    questionnaire: str
    respondents: int
    fired: tuple[str, ...]
    changes: int
    exact: bool  # True when every change was re-assessed with assess()


@dataclass(frozen=True, slots=True)
class PerilSensitivity:
    """One peril across the scenarios."""

    id: str
    name: str
    fires_in: tuple[str, ...]
    off_changes: int
    off_scenarios: tuple[str, ...]
    on_changes: int
    on_scenarios: tuple[str, ...]
    hinges: tuple[Change, ...]  # the changes that turn it off where it fires

    @property
    def fragile_in(self) -> tuple[str, ...]:
        """Scenarios where it fires and one change turns it off."""
        return self.off_scenarios


@dataclass(frozen=True, slots=True)
class Sensitivity:
    """The whole run: scenarios tried and perils in catalogue order."""

    scenarios: tuple[ScenarioOutcome, ...]
    perils: tuple[PerilSensitivity, ...]

    @property
    def changes(self) -> int:
        """Single-answer changes tried in all."""
        return sum(s.changes for s in self.scenarios)

    @property
    def fragile(self) -> list[tuple[str, str]]:
        """(peril, scenario) pairs where a firing peril hinges on one answer."""
        return [(p.id, s) for p in self.perils for s in p.fragile_in]


def answer_values(question: Question) -> tuple[Value, ...]:
    """Every value an answer to the question can take, unanswered last."""
    unknown: tuple[Value, ...] = ("unknown",) if question.allow_unknown else ()
    na: tuple[Value, ...] = ("n/a",) if question.allow_not_applicable else ()
    return (*LEVELS, *unknown, *na, None)


def sensitivity(
    scenarios: Sequence[Scenario], *, exact: bool = False, progress: Progress | None = None
) -> Sensitivity:
    """Try every single-answer change in every scenario; exact re-assesses each with assess()."""
    outcomes: list[ScenarioOutcome] = []
    changes: list[Change] = []
    for number, scenario in enumerate(scenarios, 1):
        outcome, found = _scenario(scenario, exact, number, len(scenarios), progress)
        outcomes.append(outcome)
        changes += found
    names: dict[str, str] = {}
    for s in scenarios:
        for p in s.bundle.catalogue.perils:
            names.setdefault(p.id, p.name)
    perils = tuple(_peril(pid, name, outcomes, changes) for pid, name in names.items())
    return Sensitivity(tuple(outcomes), perils)


def _scenario(
    scenario: Scenario, exact: bool, number: int, count: int, progress: Progress | None
) -> tuple[ScenarioOutcome, list[Change]]:
    """The outcome of one scenario and its changes that turn some peril on or off."""
    plan = compile_bundle(scenario.bundle)
    responses = list(scenario.responses)
    own = _assessed(scenario.bundle, responses)
    probe = _prober(plan)
    exact = exact or probe(responses) != own
    if exact:
        probe = partial(_assessed, scenario.bundle)
    tries = list(_single_changes(scenario, plan))
    if progress is not None:
        progress(scenario.name, number, count, len(tries))
    catalogue = scenario.bundle.catalogue.perils
    found = []
    for i, question, before, after in tries:
        changed = list(responses)
        changed[i] = _with_answer(responses[i], question, after)
        fired = probe(changed)
        if fired != own:
            who = _label(responses[i], i)
            on, off = _in_order(catalogue, fired - own), _in_order(catalogue, own - fired)
            found.append(Change(scenario.name, who, question, before, after, on, off))
    outcome = ScenarioOutcome(
        scenario.name,
        scenario.bundle.questionnaire.id,
        len(responses),
        _in_order(catalogue, own),
        len(tries),
        exact,
    )
    return outcome, found


def _assessed(bundle: Bundle, responses: Sequence[Responses]) -> frozenset[str]:
    """The ids of the perils assess() fires."""
    return frozenset(p.id for p in assess(bundle, responses).perils)


def _in_order(catalogue: Sequence[Peril], ids: frozenset[str]) -> tuple[str, ...]:
    """The ids in catalogue order."""
    return tuple(p.id for p in catalogue if p.id in ids)


def _prober(plan: Plan) -> Callable[[Sequence[Responses]], frozenset[str]]:
    """The fired peril ids by assess()'s own steps, without evidence, clear_by or scores."""
    threshold = min_group_size(None)

    def probe(rs: Sequence[Responses]) -> frozenset[str]:
        ctx, _ = build_context(plan.layout, people_of(plan, rs), None, threshold)
        return frozenset(rule.peril.id for rule in plan.rules if rule.node.test(ctx))

    return probe


def _fed(plan: Plan) -> set[str]:
    """Questions that can move a peril: read by a rule, or deciding whether another applies."""
    out = {q for rule in plan.rules for q in rule.touched}
    pending: list[Condition] = [c for _, c in plan.screens]
    while pending:
        c = pending.pop()
        out.update([c.question] if c.question else [])
        pending += [*(c.all_ or ()), *(c.any_ or ()), *([c.not_] if c.not_ else [])]
    return out


def _single_changes(scenario: Scenario, plan: Plan) -> Iterator[tuple[int, str, Value, Value]]:
    """(respondent index, question, before, after) for every single change worth trying."""
    fed = _fed(plan)
    questions = [q for q in scenario.bundle.questionnaire.questions() if q.id in fed]
    for i, r in enumerate(scenario.responses):
        for q in questions:
            if q.id not in r.answers and r.respondent.role not in q.roles:
                continue  # a question this respondent is never asked
            before = r.answers.get(q.id)
            for after in answer_values(q):
                if after != before:
                    yield i, q.id, before, after


def _with_answer(r: Responses, question: str, value: Value) -> Responses:
    """The responses with one answer changed (None leaves it unanswered)."""
    answers: dict[str, Answer] = {k: v for k, v in r.answers.items() if k != question}
    if value is not None:
        answers[question] = value
    return r.model_copy(update={"answers": answers})


def _label(r: Responses, index: int) -> str:
    """How a respondent is named in the output: the file it came from, else the name."""
    if r.source:
        return r.source.replace("\\", "/").rsplit("/", 1)[-1]
    return r.respondent.name or f"respondent {index + 1}"


def _peril(
    pid: str, name: str, outcomes: Sequence[ScenarioOutcome], changes: Sequence[Change]
) -> PerilSensitivity:
    """One peril's figures over every scenario."""
    off = [c for c in changes if pid in c.turns_off]
    on = [c for c in changes if pid in c.turns_on]
    return PerilSensitivity(
        pid,
        name,
        tuple(o.name for o in outcomes if pid in o.fired),
        len(off),
        tuple(dict.fromkeys(c.scenario for c in off)),
        len(on),
        tuple(dict.fromkeys(c.scenario for c in on)),
        tuple(off),
    )


def sensitivity_data(result: Sensitivity) -> dict[str, Any]:
    """The JSON form (keys documented in `crm-readiness lint --help` and the README)."""
    return {
        "changes": result.changes,
        "scenarios": [
            {
                "name": s.name,
                "questionnaire": s.questionnaire,
                "respondents": s.respondents,
                "perils": list(s.fired),
                "changes": s.changes,
                "exact": s.exact,
            }
            for s in result.scenarios
        ],
        "perils": [_peril_data(p) for p in result.perils],
        "fragile": [{"peril": p, "scenario": s} for p, s in result.fragile],
    }


def _peril_data(p: PerilSensitivity) -> Mapping[str, Any]:
    """One peril's JSON entry."""
    return {
        "id": p.id,
        "name": p.name,
        "fires_in": list(p.fires_in),
        "flips_off": {"changes": p.off_changes, "scenarios": list(p.off_scenarios)},
        "flips_on": {"changes": p.on_changes, "scenarios": list(p.on_scenarios)},
        "fragile_in": list(p.fragile_in),
        "hinges": [
            {
                "scenario": c.scenario,
                "respondent": c.respondent,
                "question": c.question,
                "from": c.before,
                "to": c.after,
            }
            for c in p.hinges
        ],
    }
