"""The pack's fixed sentences, in one place, so every format says the same thing."""

from __future__ import annotations

TITLE = "Purchase pack"
SUBTITLE = "From readiness findings to the documents that keep a CRM purchase safe"

HEADLINES = {
    "not_ready": (
        "Not ready to buy yet. Meet the signing gate first: the blocking conditions below must "
        "hold before any contract is signed, or any vendor is invited to bid."
    ),
    "conditional": (
        "Ready to buy, on conditions. Every condition in the signing gate must hold, with its "
        "evidence, before the contract is signed."
    ),
    "ready": (
        "Ready to buy. Use these documents to run the selection on your own terms: your "
        "requirements, your journeys and data in every demonstration, and a contract that pays "
        "for results."
    ),
}
CONTENTS_TITLE = "In this pack"
CONTENTS = (
    "The signing gate: what must hold before any contract is signed.",
    "Requirements in your words, each traced to the questions it came from.",
    "Scripted demonstration scenarios built from your own journeys and data.",
    "The vendor scorecard, with weights that follow your priorities (also as a spreadsheet).",
    "Contract and acceptance terms to ask for.",
)
DRAFTS = (
    "The requirements, demonstration script, scorecard and contract terms in this pack are "
    "drafts for later. Do not send them to vendors until every blocking condition of the "
    "signing gate holds; then review them against your answers again."
)
DRAFT_MARK = "Draft for later"

GATE_TITLE = "The signing gate"
GATE_INTRO = (
    "Each peril this assessment found becomes a condition that must hold before a contract is "
    "signed. Name an owner, agree a date, and collect the evidence; the sponsor signs the gate "
    "off, not the vendor."
)
GATE_EMPTY = (
    "No peril fired in this assessment, so the gate holds no conditions today. Check again "
    "before signing that the answers still describe the organisation."
)
GATE_COLUMNS = ("Condition before signing", "Evidence that it holds", "Owner", "Date")
BLOCKING = "Blocking"

REQUIREMENTS_TITLE = "Requirements, in your words"
REQUIREMENTS_INTRO = (
    "What the software must support, stated as outcomes and scenarios rather than features. "
    "Each comes from your own answers, named under it; where you stand today is the starting "
    "point a vendor must work from."
)
AREAS = {
    "strategy": "Customer groups and relationship goals",
    "journeys": "Journeys to support",
    "customer-view": "The customer view and the data to unify",
    "consent": "Consent and contact rules",
    "measures": "Measures and baselines to report",
}

MORE_NOTES = "{n} more notes on these questions are in the readiness report."

DEMOS_TITLE = "Scripted demonstration scenarios"
DEMOS_INTRO = (
    "Built from your weakest and most important journeys. Every vendor gets the same script "
    "and your sample data, never its own; the team scores each one on the scorecard."
)

SCORECARD_TITLE = "Vendor scorecard"
SCORECARD_INTRO = (
    "The criteria and weights of the scorecard spreadsheet. Weights sum to 100 and are higher "
    "where the answers show gaps and where serious perils fired. Score each vendor from 1 "
    "(poor) to 5 (excellent); the sheet works out the weighted totals."
)

TERMS_TITLE = "Contract and acceptance terms to ask for"
TERMS_INTRO = (
    "Terms that tie payment to the results the business case promises, and protect your data "
    "if the relationship ends."
)
