"""Turn PyYAML's reader, scanner, parser and composer errors into located problems."""

from __future__ import annotations

from typing import Any

import yaml

from assessment.content.yamldoc.compose import LimitExceeded
from assessment.model.errors import Problem

# Our wording for PyYAML's and libyaml's messages (which differ): fragments of either one,
# the message we print and the advice that usually fixes it.
_RULES: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (
        ("mapping values are not allowed",),
        "unexpected ':' after a value",
        "put text that contains ': ' in quotes",
    ),
    (
        ("expected <block end>", "did not find expected key", "expected '-' indicator"),
        "this line is not indented like the lines around it",
        "check the indentation of this line and the one above",
    ),
    (
        ("could not find expected ':'",),
        "expected 'key: value' here",
        "a line is missing 'key:' or is indented wrongly",
    ),
    (
        ("alphabetic or numeric character",),
        "'*' or '&' here starts an alias or anchor",
        "text that starts with * or & must be quoted",
    ),
    (
        ("expected ',' or ']'",),
        "a [ ] list is not closed properly",
        "check for a missing ',' or ']'",
    ),
    (
        ("expected ',' or '}'",),
        "a { } mapping is not closed properly",
        "check for a missing ',' or '}'",
    ),
    (("undefined tag handle",), "unknown tag", "text that starts with ! must be quoted"),
    (("never closed",), "the quote that starts here is never closed", "add the closing quote"),
    (("end of stream",), "the file ends too early", "a quote or bracket is not closed"),
)


def syntax_problem(exc: BaseException, name: str, text: str) -> Problem:
    """One problem for an error raised while reading or composing YAML."""
    if isinstance(exc, RecursionError):
        return Problem(name, None, None, "", "the file is nested too deeply")
    if isinstance(exc, yaml.reader.ReaderError):
        return control_problem(text, name) or Problem(name, None, None, "", str(exc))
    if isinstance(exc, yaml.composer.ComposerError) and "single document" in str(exc.context):
        mark = exc.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        msg = "a file holds one YAML document; a second one starts here"
        return Problem(name, line, col, "", msg, "remove the '---' line and what follows it")
    if isinstance(exc, LimitExceeded) and exc.problem_mark:
        mark = exc.problem_mark
        return Problem(name, mark.line + 1, mark.column + 1, "", str(exc.problem))
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "the file cannot be read"
        if "quoted scalar" in str(exc.context) and exc.context_mark:
            mark, problem = exc.context_mark, "never closed"
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        message, hint = _reword(problem, _char_at(text, mark))
        return Problem(name, line, col, "", f"YAML syntax error: {message}", hint)
    return Problem(name, None, None, "", f"YAML error: {exc}")


def _char_at(text: str, mark: Any) -> str:
    """The character at a mark (by line and column, which both parsers count the same)."""
    if mark is None:
        return ""
    lines = text.split("\n", mark.line + 1)
    line = lines[mark.line] if mark.line < len(lines) else ""
    return line[mark.column] if mark.column < len(line) else ""


def _reword(problem: str, char: str) -> tuple[str, str | None]:
    """Our message and hint for a parser's message (tabs are recognised by the text itself)."""
    if char == "\t":
        return "a tab is used for indentation", "indent with spaces, not tabs"
    for fragments, message, hint in _RULES:
        if any(f in problem for f in fragments):
            return message, hint
    return problem, None


def control_problem(text: str, name: str) -> Problem | None:
    """The first character YAML does not allow (control characters and the like), if any."""
    found = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if found is None:
        return None
    pos = found.start()
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    msg = f"character U+{ord(found.group()):04X} is not allowed in a YAML file"
    return Problem(name, line, col, "", msg, "remove it or save the file as plain UTF-8 text")
