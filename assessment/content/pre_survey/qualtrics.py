"""The pre-survey as a Qualtrics "Advanced Format" TXT file (Survey > Tools > Import/Export).

One ``[[Block:...]]`` for "About you" and one per dimension; each question is
``[[Question:MC:SingleAnswer:Vertical]]`` with ``[[ID:<code>]]`` (the question's export tag)
and ``[[AdvancedChoices]]`` whose ``[[Choice:N]]`` fixes each choice's number, so an export
with "Use numeric values" gives 1..5, 6 for "don't know" and 7 for "not applicable", and 1..5
for the roles in ROLES order. The name question is ``[[Question:TE:SingleLine]]``. The format
has no display logic, so a question with an ``applies_when`` says when to skip it at the end of
its text.

The format has no hint field and no "required" tag: the help text is not written (the
question titles stay exactly the questionnaire's, as the importer expects), and the role
question needs "Force response" switched on after the import. Text is written on one line
each, as the format reads one line per choice.
"""

from __future__ import annotations

from assessment.content.pre_survey.plan import Item, Plan, one_line


def _question(item: Item) -> list[str]:
    if not item.choices:
        return ["[[Question:TE:SingleLine]]", f"[[ID:{item.code}]]", one_line(item.text), ""]
    lines = [
        "[[Question:MC:SingleAnswer:Vertical]]",
        f"[[ID:{item.code}]]",
        one_line(f"{item.text} {item.skip_text}"),
        "[[AdvancedChoices]]",
    ]
    for c in item.choices:
        lines += [f"[[Choice:{c.number}]]", one_line(c.label)]
    return [*lines, ""]


def qualtrics_text(plan: Plan) -> str:
    """The Advanced Format TXT of the plan."""
    lines = ["[[AdvancedFormat]]", ""]
    for group, items in plan.groups():
        lines += [f"[[Block:{one_line(group)}]]", ""]
        for item in items:
            lines += _question(item)
    return "\n".join(lines)


def qualtrics_bytes(plan: Plan) -> bytes:
    """The TXT file as UTF-8 bytes."""
    return qualtrics_text(plan).encode("utf-8")
