"""Problems found in a writer's content, and the one way they are formatted.

Owns `SourceError` (path, line, field, message, hint), the `Problems` collector
and the "did you mean" helper. Must not print, exit or read files: callers
decide what to do with the problems collected here.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class SourceError:
    """One problem, located as precisely as the source allows."""

    path: str
    line: int | None
    field: str
    message: str
    hint: str = ""
    severity: Severity = "error"
    column: int | None = None  # 1-based, where it helps (a word in a story)
    quote: str = ""  # the sentence it is about, for the live preview to show (a story's prose)

    def format(self) -> str:
        """`path:line[:column]: field: message (hint)`, prefixed `warning: ` for warnings."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        if self.line and self.column:
            where += f":{self.column}"
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return f"warning: {text}" if self.severity == "warning" else text


class BuildError(Exception):
    """The content has errors (or, in a strict build, warnings); nothing was written. Carries every problem found."""

    def __init__(self, problems: Iterable[SourceError], strict: bool = False, silenced: Iterable[str] = ()) -> None:
        self.problems = sorted(problems, key=_sort_key)
        self.strict = strict
        self.silenced = list(silenced)  # the story sentences a `<!-- prose-ok -->` marker silenced
        self.errors = [p for p in self.problems if p.severity == "error"]
        self.warnings = [p for p in self.problems if p.severity == "warning"]
        super().__init__(f"{len(self.errors)} error(s) in content")

    def format(self) -> str:
        return "\n".join(p.format() for p in self.problems)


def _sort_key(p: SourceError) -> tuple[str, int, int, str, str]:
    return (p.path, p.line or 0, p.column or 0, p.field, p.message)


@dataclass
class Problems:
    """Collects errors and warnings so a run reports all of them, then fails once."""

    items: list[SourceError] = field(default_factory=list)
    strict: bool = False  # warnings fail the run too
    silenced: list[str] = field(default_factory=list)  # story sentences a `<!-- prose-ok -->` marker silenced

    def error(self, path: str, line: int | None, fld: str, message: str, hint: str = "") -> None:
        self.items.append(SourceError(path, line, fld, message, hint, "error"))

    def warn(self, path: str, line: int | None, fld: str, message: str, hint: str = "") -> None:
        self.items.append(SourceError(path, line, fld, message, hint, "warning"))

    def extend(self, other: Iterable[SourceError]) -> None:
        self.items.extend(other)

    @property
    def errors(self) -> list[SourceError]:
        return sorted((p for p in self.items if p.severity == "error"), key=_sort_key)

    @property
    def warnings(self) -> list[SourceError]:
        return sorted((p for p in self.items if p.severity == "warning"), key=_sort_key)

    @property
    def failed(self) -> bool:
        return bool(self.errors) or (self.strict and bool(self.warnings))

    def raise_if_errors(self, strict: bool = False) -> None:
        """Fail once, with every problem, when there is an error (or, `strict`, any warning)."""
        self.strict = self.strict or strict
        if self.failed:
            raise BuildError(self.items, self.strict, self.silenced)

    def summary(self) -> str:
        """'2 errors, 1 warning.'"""
        errors, warnings = len(self.errors), len(self.warnings)
        return f"{errors} error{'' if errors == 1 else 's'}, {warnings} warning{'' if warnings == 1 else 's'}."


def display_path(file: str | os.PathLike[str]) -> str:
    """How a file is named in messages: relative to the working folder when inside it."""
    try:
        relative = os.path.relpath(file)
    except ValueError:  # another drive (Windows)
        return str(file)
    return str(file) if relative.startswith("..") else Path(relative).as_posix()


def did_you_mean(word: str, candidates: Iterable[str], cutoff: float = 0.75) -> str:
    """A hint like "did you mean 'laps_led'?", or "" when nothing is close. Never what was typed (case and spacing
    aside): suggesting that back would only confuse."""
    typed = " ".join(word.lower().split())
    pool = {c.lower(): c for c in candidates if " ".join(c.lower().split()) != typed}
    match = difflib.get_close_matches(word.lower(), list(pool), n=1, cutoff=cutoff)
    return f"did you mean '{pool[match[0]]}'?" if match else ""
