"""Errors a user can act on. The CLI prints them without a traceback."""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["EiaError", "Problem", "ScenarioInvalid"]


class EiaError(Exception):
    """An error caused by the user's input or environment, with the CLI exit code to use."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message


@dataclass(frozen=True)
class Problem:
    """One problem in an input file: where (file, line, field path) and what."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else f"{self.file}"
        return f"{where}: {self.path or '(document)'}: {self.message}"


class ScenarioInvalid(EiaError):
    """A scenario (or other input file) has one or more problems; all are reported together."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} found"
        super().__init__(head + ":\n" + "\n".join(str(p) for p in self.problems), exit_code=1)
