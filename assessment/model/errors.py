"""The one error type for problems in user-supplied files, shared by CLI and app."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in a file, located as precisely as we can."""

    file: str
    line: int | None
    column: int | None
    key_path: str
    message: str
    hint: str | None = None
    warning: bool = False

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        text = (
            f"{where}: {self.key_path}: {self.message}"
            if self.key_path
            else f"{where}: {self.message}"
        )
        if self.hint:
            text += f" (hint: {self.hint})"
        return text


class ContentError(Exception):
    """Raised with every problem found in one or more files."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        """One line per problem, ready to print."""
        return [str(p) for p in self.problems]
