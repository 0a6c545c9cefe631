"""A small in-code questionnaire bundle for storage, import and workshop tests."""

from __future__ import annotations

from assessment.model.questionnaire import (
    Bundle,
    Dimension,
    Option,
    Peril,
    PerilCatalogue,
    Question,
    Questionnaire,
)

ANCHORS = (
    "Nobody does it",
    "Some people try",
    "It is written down",
    "It is measured",
    "It is habit",
)


def question(qid: str, text: str, **extra: object) -> Question:
    """A question with five anchored options named after its id."""
    options = [Option(level=i + 1, label=f"{a} ({qid})") for i, a in enumerate(ANCHORS)]
    return Question(id=qid, text=text, help="Why it matters.", options=options, **extra)


def small_bundle() -> Bundle:
    """Two dimensions, four questions; one question is for leaders only, one has no don't-know."""
    q = Questionnaire(
        id="mini",
        version="1.0",
        title="Mini readiness check",
        dimensions=[
            Dimension(
                id="strategy",
                name="Strategy",
                questions=[
                    question("strategy-vision", "Is there a written customer strategy?"),
                    question(
                        "strategy-owner",
                        "Who owns the CRM programme?",
                        roles=["executive", "manager"],
                    ),
                ],
            ),
            Dimension(
                id="people",
                name="People",
                questions=[
                    question("people-training", "How are staff trained on new ways of working?"),
                    question("people-adoption", "Is adoption tracked?", allow_unknown=False),
                ],
            ),
        ],
    )
    peril = Peril(
        id="no-strategy",
        name="No strategy",
        description="d",
        source="s",
        severity="critical",
        blocking=True,
        phase="strategy",
        remedy="r",
    )
    catalogue = PerilCatalogue(id="perils", version="1", perils=[peril])
    return Bundle(questionnaire=q, catalogue=catalogue, source="mini.yaml", sha256="e" * 64)
