"""The printable workshop handout: join QR code, link and code, what is asked, anonymity.

One page on A4 and on US letter alike, self-contained (the QR code is a data: URI, no network).
It holds nothing about participants: only the workshop's invitation and the questionnaire's shape.
"""

from __future__ import annotations

import base64
import datetime as dt
import math
from dataclasses import dataclass, fields

from assessment.model.questionnaire import Questionnaire
from assessment.model.vocabulary import ROLES
from assessment.report.brand import Brand
from assessment.report.documented import documented
from assessment.report.render import environment
from assessment.report.text import date_text

SECONDS_PER_QUESTION = 40  # the quick check's 15 questions take about ten minutes
HANDOUT_CSP = (
    "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "font-src data:; base-uri 'none'; form-action 'none'"
)


@dataclass(frozen=True)
class HandoutContext:
    """Everything handout.html shows, formatted (the template holds no logic)."""

    organisation: str = documented("The organisation the workshop is for.")
    title: str = documented("The questionnaire's title.")
    join_url: str = documented("The link participants open (lands on the join page).")
    join_code: str = documented("The join code as read aloud, e.g. 'ABCDE-FGHJK'.")
    qr_data_uri: str = documented("The QR code of join_url as a data: URI (PNG).")
    questions_text: str = documented("How many questions the longest role answers: '50 questions'.")
    questions_note: str = documented("'fewer for some roles', or 'the same for every role'.")
    areas_text: str = documented("How many areas, in words: 'five areas'.")
    dimensions: list[str] = documented("The names of the areas asked about, in file order.")
    minutes_text: str = documented("How long it takes, e.g. 'about 35 minutes'.")
    anonymity_text: str = documented("The anonymity promise in one plain sentence.")
    facilitator: str | None = documented("The facilitator's name, or None.")
    brand: Brand = documented("The consultancy's name, logo and colour.")
    date_text: str = documented("The date the handout was made, written out.")
    csp: str = documented("The Content-Security-Policy: no network, no script.")


def question_counts(questionnaire: Questionnaire) -> tuple[int, int]:
    """The fewest and the most questions any role answers."""
    questions = questionnaire.questions()
    counts = [sum(role in q.roles for q in questions) for role in ROLES]
    asked = [n for n in counts if n] or [len(questions)]
    return min(asked), max(asked)


def questions_text(questionnaire: Questionnaire) -> tuple[str, str]:
    """'50 questions' and 'fewer for some roles' (or 'the same for every role')."""
    fewest, most = question_counts(questionnaire)
    noun = "question" if most == 1 else "questions"
    note = "the same for every role" if fewest == most else "fewer for some roles"
    return f"{most} {noun}", note


def count_text(n: int, noun: str) -> str:
    """'five areas', 'one area', '12 areas': small numbers in words."""
    words = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
    number = words[n] if n < len(words) else str(n)
    return f"{number} {noun}{'' if n == 1 else 's'}"


def estimated_minutes(questionnaire: Questionnaire) -> int:
    """Minutes the longest role needs, rounded up to five (at least five)."""
    _, most = question_counts(questionnaire)
    minutes = most * SECONDS_PER_QUESTION / 60
    return max(5, 5 * math.ceil(minutes / 5 - 1e-9))


def anonymity_text(min_group: int) -> str:
    """The promise of engine/anonymity.py in plain words."""
    people = "person" if min_group == 1 else "people"
    return (
        f"Results by role are shown only for groups of at least {min_group} {people}; "
        "smaller groups are combined with others or left out."
    )


def png_data_uri(png: bytes) -> str:
    """PNG bytes as a data: URI."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def handout_context(
    questionnaire: Questionnaire,
    *,
    organisation: str,
    join_url: str,
    join_code: str,
    qr_png: bytes,
    min_group: int,
    brand: Brand,
    facilitator: str | None,
    generated: dt.date,
) -> HandoutContext:
    """The handout's context from the workshop's invitation and its questionnaire."""
    questions, note = questions_text(questionnaire)
    return HandoutContext(
        organisation=organisation,
        title=questionnaire.title,
        join_url=join_url,
        join_code=join_code,
        qr_data_uri=png_data_uri(qr_png),
        questions_text=questions,
        questions_note=note,
        areas_text=count_text(len(questionnaire.dimensions), "area"),
        dimensions=[d.name for d in questionnaire.dimensions],
        minutes_text=f"about {estimated_minutes(questionnaire)} minutes",
        anonymity_text=anonymity_text(min_group),
        facilitator=(facilitator or "").strip() or None,
        brand=brand,
        date_text=date_text(generated),
        csp=HANDOUT_CSP,
    )


def render_handout(context: HandoutContext) -> str:
    """The handout as one self-contained HTML page."""
    values = {f.name: getattr(context, f.name) for f in fields(context)}
    return environment().get_template("handout.html").render(values)
