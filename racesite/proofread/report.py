"""What a story's check finds: `Finding` (a name or a claim the data contradicts), `Silenced` and `ProseReport`.

Owns the one format of a finding, `file:line:col: "quoted": message (hint)`, and its conversion to the build's
`SourceError` warnings. Must not check anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import SourceError


@dataclass(frozen=True)
class Finding:
    """One problem in a story's prose, at the line and column (both from 1) of the quoted text."""

    line: int
    column: int
    quoted: str  # the words of the story it is about
    message: str  # what the data says
    hint: str  # what to do
    sentence: str  # the whole sentence, as written
    check: str  # the catalogue's name of the check: "name", "career-win-ordinal", ... (docs/prose-checks.md)
    offset: int = field(default=-1, compare=False)  # where the quoted words start in the text checked

    def format(self, path: str) -> str:
        """`path:line:col: "quoted": message (hint)`."""
        return self.error(path).format().removeprefix("warning: ")

    def error(self, path: str) -> SourceError:
        """As a build warning: `warning: path:line:col: "quoted": message (hint)`, quoting its sentence."""
        return SourceError(path, self.line, "", f'"{self.quoted}": {self.message}', self.hint, "warning", self.column,
                           self.sentence)


@dataclass(frozen=True)
class Silenced:
    """A sentence the writer marked `<!-- prose-ok -->`, and what the marker kept quiet (maybe nothing)."""

    line: int
    column: int
    sentence: str
    reason: str  # the text after `prose-ok:` in the marker, "" when none
    findings: tuple[Finding, ...]

    def format(self, path: str) -> str:
        """`path:line:col: "sentence" (reason): 1 warning silenced`, or that the marker has nothing to silence."""
        n = len(self.findings)
        what = f"{n} warning{'' if n == 1 else 's'} silenced" if n else "nothing to silence (the marker can go)"
        reason = f" ({self.reason})" if self.reason else ""
        return f'{path}:{self.line}:{self.column}: "{self.sentence}"{reason}: {what}'


@dataclass(frozen=True)
class ProseReport:
    """Everything one story's check found."""

    findings: tuple[Finding, ...] = ()
    silenced: tuple[Silenced, ...] = ()

    def errors(self, path: str) -> list[SourceError]:
        """The findings as build warnings, in story order."""
        return [finding.error(path) for finding in self.findings]
