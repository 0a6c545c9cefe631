"""What a purchase pack holds, ready for any renderer: every text final, every list sorted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """A question a requirement or scenario came from, with the organisation's answer."""

    id: str
    text: str
    answer: str = ""  # the anchored option nearest the answer (or mean), or a plain word


@dataclass(frozen=True)
class GateRow:
    """One condition to meet before signing, from one fired peril."""

    peril: str
    name: str
    severity: str
    blocking: bool
    condition: str
    evidence: str
    owner: str
    why: str  # the first piece of evidence that fired the peril
    phase: str = ""  # the roadmap phase its remedy belongs to, e.g. "Then redesign the processes"


@dataclass(frozen=True)
class Requirement:
    """What the software must support, traced to the questions it came from."""

    id: str
    area: str  # heading of its group
    title: str
    outcome: str
    scenario: str
    sources: tuple[Source, ...]
    notes: tuple[str, ...]  # what respondents typed on those questions (plain text)
    more_notes: int = 0  # further notes left out here (the report lists every note)


@dataclass(frozen=True)
class Demo:
    """A scripted demonstration scenario."""

    id: str
    journey: str
    why: str  # why it is in the script: how the journey was rated, which perils fired
    situation: str
    sample_data: str
    steps: tuple[str, ...]
    good: str
    watch_for: str
    tests: tuple[str, ...]  # names of the perils it tests
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Criterion:
    """One row of the vendor scorecard."""

    kind: str  # Requirement, Demonstration or Commercial
    name: str
    weight: int
    why: str
    traced_to: tuple[str, ...]  # question ids


@dataclass(frozen=True)
class Term:
    """A contract or acceptance term to ask for."""

    title: str
    ask: str
    because: str  # the perils that motivate it, fired ones first


@dataclass(frozen=True)
class Pack:
    """Everything in a purchase pack."""

    organisation: str | None
    questionnaire: str
    questionnaire_id: str
    generated: dt.date
    verdict_status: str
    verdict_label: str
    not_ready: bool
    headline: str  # one or two sentences for the cover
    gate: tuple[GateRow, ...]
    requirements: tuple[Requirement, ...]
    demos: tuple[Demo, ...]
    criteria: tuple[Criterion, ...]
    vendors: int
    terms: tuple[Term, ...]

    @property
    def draft(self) -> bool:
        """True when the vendor documents are drafts for later (a not-ready verdict)."""
        return self.not_ready
