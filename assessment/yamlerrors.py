"""Turn PyYAML's reader, scanner, parser and composer errors into located problems."""

from __future__ import annotations

import yaml

from assessment.errors import Problem

# Fragments of PyYAML's messages and the advice that usually fixes them.
_HINTS: tuple[tuple[str, str], ...] = (
    ("'\\t'", "indent with spaces, not tabs"),
    ("mapping values are not allowed", "put text that contains ': ' in quotes"),
    ("could not find expected ':'", "a line is missing 'key:' or is indented wrongly"),
    ("expected <block end>", "check the indentation of this line and the one above"),
    ("end of stream", "a quote or bracket is not closed"),
    ("never closed", "add the closing quote, or remove the opening one"),
    ("expected alphabetic or numeric", "text that starts with * or & or ! must be quoted"),
    ("found undefined tag handle", "text that starts with ! must be quoted"),
)


def syntax_problem(exc: BaseException, name: str, text: str) -> Problem:
    """One problem for an error raised while reading or composing YAML."""
    if isinstance(exc, RecursionError):
        return Problem(name, None, None, "", "the file is nested too deeply")
    if isinstance(exc, yaml.reader.ReaderError):
        return _reader_problem(exc, name, text)
    if isinstance(exc, yaml.composer.ComposerError) and "single document" in str(exc.context):
        mark = exc.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        msg = "a file holds one YAML document; a second one starts here"
        return Problem(name, line, col, "", msg, "remove the '---' line and what follows it")
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "the file cannot be read"
        if "quoted scalar" in str(exc.context) and exc.context_mark:
            mark, problem = exc.context_mark, "the quote that starts here is never closed"
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        if problem == "the file is nested too deeply":
            return Problem(name, line, col, "", problem)
        hint = next((h for frag, h in _HINTS if frag in problem), None)
        return Problem(name, line, col, "", f"YAML syntax error: {problem}", hint)
    return Problem(name, None, None, "", f"YAML error: {exc}")


def _reader_problem(exc: yaml.reader.ReaderError, name: str, text: str) -> Problem:
    """A control or other non-printable character: where it is and which one."""
    pos = min(int(exc.position), len(text))
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    char = exc.character
    code = ord(char) if isinstance(char, str) else int(char)
    msg = f"character U+{code:04X} is not allowed in a YAML file"
    return Problem(name, line, col, "", msg, "remove it or save the file as plain UTF-8 text")
