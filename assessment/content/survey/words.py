"""Words survey tools and their users write: role headers and values, name, comment headers.

The product's own words (role ids, ROLE_NAMES, don't-know spellings) live in
model/vocabulary.py; this module adds only the variants seen in survey-tool exports, once.
"""

from __future__ import annotations

import re

from assessment.model.vocabulary import ROLE_NAMES, ROLES

_NUMBERING = re.compile(r"^(q\s*)?\d+\s*[.):-]\s+")


def normalise(text: str) -> str:
    """Header or label text compared loosely: case, spacing, numbering, end punctuation."""
    text = " ".join(text.replace("\u2019", "'").casefold().split())
    return _NUMBERING.sub("", text).rstrip("?.:! ").strip("\"' ")


ROLE_HEADERS = frozenset(
    {
        "role", "your role", "respondent role", "job role", "role in the organisation",
        "role in the organization", "what is your role", "what's your role",
        "your role in the organisation", "your role in the organization",
        "which best describes your role", "which of these best describes your role",
    }
)  # fmt: skip
NAME_HEADERS = frozenset(
    {"name", "your name", "respondent name", "respondent_name", "full name", "what is your name"}
)
ORGANISATION_HEADERS = frozenset(
    {"organisation", "organization", "company", "your organisation", "your organization"}
)
# A survey's closing free-text question carries no answer to score. Only these exact
# headers (normalised) are set aside as a general comment and reported as ignored; any other
# header that matches no question is an error (use --ignore-column).
COMMENT_HEADERS = frozenset(
    {
        "comment", "comments", "any comments", "any other comments", "other comments",
        "additional comments", "final comments", "anything else", "anything else to add",
        "anything else you would like to add", "anything else you'd like to add",
        "is there anything else you would like to add", "is there anything else you'd like to add",
    }
)  # fmt: skip

ROLE_VALUES: dict[str, str] = {
    **{r: r for r in ROLES},
    # Every way vocabulary.ROLE_NAMES writes a role ("Front-line staff", "IT staff", ...).
    **{
        form.casefold(): r
        for r, n in ROLE_NAMES.items()
        for form in (n.label, n.group, n.in_text, n.one)
    },
    "exec": "executive", "leader": "executive", "leadership": "executive",
    "senior leadership": "executive", "senior leader": "executive", "c-level": "executive",
    "c level": "executive", "c-suite": "executive", "board": "executive", "director": "executive",
    "managers": "manager", "team leader": "manager", "middle management": "manager",
    "front line": "frontline", "front-line": "frontline", "front-line staff": "frontline",
    "frontline staff": "frontline", "staff": "frontline", "customer-facing staff": "frontline",
    "customer facing staff": "frontline", "customer-facing": "frontline",
    "information technology": "it", "it / technology": "it", "it/technology": "it",
    "technology": "it", "it staff": "it",
}  # fmt: skip


def parse_role(value: str) -> str | None:
    """A role id from a cell's text, or None when it is not a role we know."""
    return ROLE_VALUES.get(normalise(value).replace("_", " "))
