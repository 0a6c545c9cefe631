"""Typed model of the purchase templates (questionnaires/purchase.yaml): gates, requirements,
demonstration scenarios, scorecard criteria and contract terms."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from assessment.model.questionnaire import Identifier, Strict, Text

Area = Literal["strategy", "journeys", "customer-view", "consent", "measures"]


class Gate(Strict):
    """The condition that must hold before signing when a peril fired."""

    peril: Identifier = Field(description="Catalogue peril id.")
    condition: Text = Field(description="What must be true before a contract is signed.")
    evidence: Text = Field(description="What shows that the condition holds.")
    owner: Text = Field(description="Suggested owner (a role, not a person).")


class RequirementTemplate(Strict):
    """What the software must support, stated as an outcome and a scenario."""

    id: Identifier
    area: Area = Field(description="Section of the requirements it belongs to.")
    title: Text
    draws_on: list[Identifier] = Field(
        min_length=1, description="Question ids whose answers this requirement comes from."
    )
    outcome: Text = Field(description="The outcome the organisation needs, in one sentence.")
    scenario: Text = Field(description="A short scenario the software must handle.")
    perils: list[Identifier] = Field(default_factory=list, description="Perils it guards against.")


class ScenarioTemplate(Strict):
    """A scripted demonstration built from one of the organisation's journeys."""

    id: Identifier
    journey: Text = Field(description="The journey's name, e.g. 'A complaint'.")
    draws_on: list[Identifier] = Field(
        min_length=1, description="Question ids rating this journey; the first is the main one."
    )
    perils: list[Identifier] = Field(min_length=1, description="Perils the scenario tests.")
    situation: Text
    sample_data: Text = Field(description="The organisation's data the vendor must use.")
    steps: list[Text] = Field(min_length=2, max_length=10)
    good: Text = Field(description="What good looks like.")
    watch_for: Text = Field(description="What to watch for: how the perils show in a demo.")


class CriterionTemplate(Strict):
    """A scorecard criterion that comes from neither a requirement nor a scenario."""

    id: Identifier
    name: Text
    draws_on: list[Identifier] = Field(min_length=1, description="Question ids it draws on.")
    perils: list[Identifier] = Field(default_factory=list)


class TermTemplate(Strict):
    """A contract or acceptance term to ask for, and the perils that motivate it."""

    id: Identifier
    title: Text
    ask: Text = Field(description="What to put in the contract, concretely.")
    perils: list[Identifier] = Field(min_length=1)


class PurchaseContent(Strict):
    """The purchase templates file, shared by every questionnaire."""

    schema_: str | None = Field(default=None, alias="$schema", exclude=True)
    id: Identifier
    version: str = Field(min_length=1, max_length=40)
    gates: list[Gate] = Field(min_length=1)
    requirements: list[RequirementTemplate] = Field(min_length=1)
    scenarios: list[ScenarioTemplate] = Field(min_length=3)
    criteria: list[CriterionTemplate] = Field(default_factory=list)
    terms: list[TermTemplate] = Field(min_length=1)

    def gate(self, peril_id: str) -> Gate | None:
        """The gate of a peril, or None."""
        return next((g for g in self.gates if g.peril == peril_id), None)
