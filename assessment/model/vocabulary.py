"""The fixed words of the product, each kept once: dimensions, roles, levels, phases, ids.

Everything that names a role, spells "don't know", orders perils by severity or checks an
id reads it from here, so the JSON, the report, the CSV and the app cannot drift apart.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

DIMENSION_IDS: tuple[str, ...] = ("strategy", "customer-focus", "process", "people", "technology")
LEVELS: tuple[int, ...] = (1, 2, 3, 4, 5)
# Roadmap phases: the order in which remedies must happen before software is bought.
PHASES: tuple[str, ...] = ("strategy", "process", "people", "technology")
SEVERITY_RANK: dict[str, int] = {"critical": 0, "high": 1, "medium": 2}  # most serious first

UNKNOWN = "unknown"
DONT_KNOW_LABEL = "Don't know / not visible to me"  # how the sixth choice is written
# Every accepted spelling of "don't know / not visible to me" (compared case-folded, with
# curly apostrophes made straight), in YAML/JSON responses and in survey-tool exports alike.
DONT_KNOW_WORDS = frozenset(
    {
        UNKNOWN,
        "don't know",
        "dont know",
        "do not know",
        "not visible to me",
        "don't know / not visible to me",
    }
)
NOT_APPLICABLE = "n/a"
NOT_APPLICABLE_LABEL = "Not applicable here"  # how the choice is written where it is allowed
# Every accepted spelling of "not applicable" (compared as the don't-know words are).
NOT_APPLICABLE_WORDS = frozenset(
    {NOT_APPLICABLE, "na", "not applicable", "does not apply", NOT_APPLICABLE_LABEL.casefold()}
)

# What happened to a question, in the order shown: a level chosen ("answered"), don't know,
# nothing, or not applicable (skipped by applies_when, or answered n/a). The keys are the results
# JSON's and the summary CSV's column names; the words are what the app, the report and the
# charts say. "Not applicable" is said only when some question was.
COVERAGE_WORDS: dict[str, str] = {
    "answered": "answered",
    UNKNOWN: "don't know",
    "unanswered": "not answered",
    "not_applicable": "not applicable",
}


def coverage_parts(
    answered: int, unknown: int, unanswered: int, not_applicable: int = 0
) -> list[str]:
    """['4 answered', "1 don't know"]: each state counted apart, in COVERAGE_WORDS order;
    states with none are left out, except answered, which is always said."""
    counts = {
        "answered": answered,
        UNKNOWN: unknown,
        "unanswered": unanswered,
        "not_applicable": not_applicable,
    }
    return [f"{n} {COVERAGE_WORDS[key]}" for key, n in counts.items() if n or key == "answered"]


def coverage_text(answered: int, unknown: int, unanswered: int, not_applicable: int = 0) -> str:
    """ "4 answered, 1 don't know": the coverage_parts in one line."""
    return ", ".join(coverage_parts(answered, unknown, unanswered, not_applicable))


def coverage_of(answers: Iterable[object], total: int) -> str:
    """ "15 questions: 13 answered, 2 don't know" for the answers given so far (levels,
    UNKNOWN or NOT_APPLICABLE) out of ``total`` questions (those that apply)."""
    given = list(answers)
    unknown = sum(1 for a in given if a == UNKNOWN)
    na = sum(1 for a in given if a == NOT_APPLICABLE)
    rest = max(total - len(given), 0)
    counts = coverage_text(len(given) - unknown - na, unknown, rest, na)
    return f"{total} question{'' if total == 1 else 's'}: {counts}"


# Ids of questionnaires, questions, perils and options: lower case, digits and dashes.
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
ID_RE = re.compile(ID_PATTERN)


@dataclass(frozen=True)
class RoleName:
    """How a respondent role is written in each place it appears."""

    label: str  # one person, in forms and tables: "Front-line staff"
    group: str  # a group, in headings, legends and charts: "Executives"
    in_text: str  # several, inside a sentence or after a count: "front-line staff", "IT staff"
    one: str  # one person, inside a sentence or after "1": "front-line employee"

    def count(self, n: int) -> str:
        """'1 executive', '4 front-line staff'."""
        return f"{n} {self.one if n == 1 else self.in_text}"


ROLE_NAMES: dict[str, RoleName] = {
    "executive": RoleName("Executive", "Executives", "executives", "executive"),
    "manager": RoleName("Manager", "Managers", "managers", "manager"),
    "frontline": RoleName(
        "Front-line staff", "Front-line staff", "front-line staff", "front-line employee"
    ),
    "it": RoleName("IT", "IT", "IT staff", "IT specialist"),
    "other": RoleName("Other", "Other roles", "other respondents", "other respondent"),
}
ROLES: tuple[str, ...] = tuple(ROLE_NAMES)


def is_dont_know(text: str) -> bool:
    """True when ``text`` is one of the accepted spellings of "don't know"."""
    return text.strip().casefold().replace("\u2019", "'") in DONT_KNOW_WORDS


def is_not_applicable(text: str) -> bool:
    """True when ``text`` is one of the accepted spellings of "not applicable"."""
    return text.strip().casefold() in NOT_APPLICABLE_WORDS


def closest(value: str, choices: Iterable[str]) -> str | None:
    """The choice closest to a misspelt ``value``, or None when none is close."""
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(value: str, choices: Iterable[str]) -> str | None:
    """The hint "did you mean 'x'?" for the closest choice, or None when none is close."""
    close = closest(value, choices)
    return f"did you mean '{close}'?" if close is not None else None


def roles_text(roles: Iterable[str]) -> str:
    """Roles as they read inside a sentence, in the order of ROLES, joined with "and".

    "managers and IT staff"; "respondents" when there are none.
    """
    names = [ROLE_NAMES[r].in_text for r in sorted(set(roles), key=ROLES.index)]
    if not names:
        return "respondents"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
