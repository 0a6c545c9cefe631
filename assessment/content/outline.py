"""Plain views of a loaded questionnaire: the normalised outline, its terminal text and a
blank responses template a person fills in by hand."""

from __future__ import annotations

import textwrap
from typing import Any

from assessment.content.skips import skip_sentences
from assessment.model.questionnaire import Bundle, Peril, Question
from assessment.model.vocabulary import DONT_KNOW_LABEL, NOT_APPLICABLE_LABEL, ROLES

UNKNOWN_LABEL = DONT_KNOW_LABEL.lower()  # inside a comment line of the template
NA_LABEL = NOT_APPLICABLE_LABEL.lower()


def rule_perils(bundle: Bundle) -> list[Peril]:
    """Catalogue perils that the questionnaire's rules can flag, in catalogue order."""
    named = {r.peril for r in bundle.questionnaire.rules}
    return [p for p in bundle.catalogue.perils if p.id in named]


def outline(bundle: Bundle) -> dict[str, Any]:
    """The normalised questionnaire (the `show --format json` contract)."""
    q = bundle.questionnaire
    return {
        "id": q.id,
        "version": q.version,
        "title": q.title,
        "dimensions": [
            {"id": d.id, "name": d.name, "questions": [_question(x) for x in d.questions]}
            for d in q.dimensions
        ],
        "perils": [
            {
                "id": p.id,
                "name": p.name,
                "severity": p.severity,
                "blocking": p.blocking,
                "description": p.description,
                "remedy": p.remedy,
            }
            for p in rule_perils(bundle)
        ],
    }


def _question(q: Question) -> dict[str, Any]:
    """One question of the outline, options in level order."""
    return {
        "id": q.id,
        "text": q.text,
        "help": q.help,
        "weight": q.weight,
        "roles": list(q.roles),
        "options": [{"level": o.level, "label": o.label} for o in _options(q)],
        "allow_unknown": q.allow_unknown,
        "allow_not_applicable": q.allow_not_applicable,
        "applies_when": (
            None
            if q.applies_when is None
            else q.applies_when.model_dump(by_alias=True, exclude_none=True)
        ),
    }


def _options(q: Question) -> list[Any]:
    """Options sorted by level."""
    return sorted(q.options, key=lambda o: o.level)


def _wrap(text: str, width: int, indent: str, first: str | None = None) -> list[str]:
    """Wrapped lines of text (newlines inside the text become spaces)."""
    return textwrap.wrap(
        " ".join(text.split()),
        width=width,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
    ) or [(indent if first is None else first).rstrip()]


def _line(text: str) -> str:
    """Text on one line: a newline inside a comment would end the comment."""
    return " ".join(text.split())


def _weight(value: float) -> str:
    """2.0 -> '2'."""
    return f"{value:g}"


def outline_text(bundle: Bundle, width: int = 88) -> str:
    """The questionnaire as readable terminal text."""
    q = bundle.questionnaire
    count = len(q.questions())
    lines = [
        _line(q.title),
        f"id {q.id}, version {q.version}: {count} questions, {len(q.rules)} rules",
    ]
    if q.description:
        lines += _wrap(q.description, width, "")
    skips = skip_sentences(q)
    for d in q.dimensions:
        lines += ["", f"{_line(d.name).upper()} ({d.id}, {len(d.questions)} questions)"]
        for x in d.questions:
            lines += [""] + _wrap(x.text, width, "    ", f"  {x.id} (weight {_weight(x.weight)}): ")
            lines += _wrap(x.help, width, "        ", "    why: ")
            lines += [
                ln
                for o in _options(x)
                for ln in _wrap(o.label, width, "        ", f"    {o.level}   ")
            ]
            if x.allow_unknown:
                lines.append(f"    ?   {UNKNOWN_LABEL}")
            if x.allow_not_applicable:
                lines.append(f"    n/a {NA_LABEL}")
            if set(x.roles) != set(ROLES):
                lines.append(f"    asked of: {', '.join(x.roles)}")
            if x.id in skips:
                lines += _wrap(skips[x.id], width, "    ")
    perils = rule_perils(bundle)
    lines += ["", "PERILS THE RULES CAN FLAG" if perils else "NO PERIL RULES"]
    for p in perils:
        gate = ", blocks a purchase" if p.blocking else ""
        lines += ["", f"  {p.id}: {_line(p.name)} ({p.severity}{gate})"]
        lines += _wrap(p.description, width, "    ")
        lines += _wrap(p.remedy, width, "      ", "    remedy: ")
    return "\n".join(lines) + "\n"


def responses_template(bundle: Bundle, ref: str, width: int = 88) -> str:
    """A blank responses file: every question as a comment block above its empty answer."""
    q = bundle.questionnaire
    lines = [
        f"# Answers for {_line(q.title)} (questionnaire {q.id}, version {_line(q.version)}).",
        "#",
        "# How to fill this in:",
        "#   1. Under respondent, write your name (you may leave it out) and your role.",
        "#   2. Under answers, read each question in the comments above its id and write the",
        "#      number of the option that best matches what your organisation does today,",
        "#      for example   some-question-id: 3",
        "#      Write   unknown   when you don't know or cannot see it from where you sit.",
        "#      Write   n/a   where a question offers 'not applicable here' and it does not.",
        "#   3. Leave an answer empty to skip the question; a partly filled file still loads.",
        "#      Some questions say when to skip them: leave those empty then.",
        "#   4. Notes are optional: add lines under notes, like   some-question-id: why I said 2",
        "#",
        f"# Then see your results with:  crm-readiness score --questionnaire {_line(ref)} "
        "THIS-FILE",
        f"questionnaire: {q.id}",
        "respondent:",
        "  name:",
        f"  # role: one of {', '.join(ROLES)}",
        "  role:",
        "organisation:",
        "answers:",
    ]
    skips = skip_sentences(q)
    for d in q.dimensions:
        name = _line(d.name)
        lines += ["", f"  # {'=' * 10} {name} {'=' * max(3, width - 16 - len(name))}"]
        for x in d.questions:
            lines += _question_block(x, width, skips.get(x.id))
    lines += ["", "notes:", "  # some-question-id: your note"]
    return "\n".join(lines) + "\n"


def _question_block(x: Question, width: int, skip: str | None = None) -> list[str]:
    """The commented description of one question followed by its empty answer line."""
    lines = ["  #"] + _wrap(x.text, width, "  #   ", f"  # {x.id}: ")
    lines += _wrap(x.help, width, "  #        ", "  #   why: ")
    for o in _options(x):
        lines += _wrap(o.label, width, "  #       ", f"  #   {o.level} = ")
    if x.allow_unknown:
        lines.append(f"  #   unknown = {UNKNOWN_LABEL}")
    if x.allow_not_applicable:
        lines.append(f"  #   n/a = {NA_LABEL}")
    if set(x.roles) != set(ROLES):
        lines.append(f"  #   (asked of: {', '.join(x.roles)})")
    if skip:
        lines += _wrap(skip, width, "  #   ")
    return [*lines, f"  {x.id}:"]
