"""What a story's check finds: `Finding` (a name or a claim the data contradicts), `Silenced` and `ProseReport`.

Owns the one format of a finding, `file:line:col: "quoted": message (hint)`, and its conversion to the build's
`SourceError` warnings. Must not check anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import SourceError

FIELD = "body"


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

    def format(self, path: str) -> str:
        """`path:line:col: "quoted": message (hint)`."""
        text = f'{path}:{self.line}:{self.column}: "{self.quoted}": {self.message}'
        return f"{text} ({self.hint})" if self.hint else text

    def error(self, path: str) -> SourceError:
        """As a build warning (`SourceError` has no column: it leads the message)."""
        return SourceError(path, self.line, FIELD, f'col {self.column}: "{self.quoted}": {self.message}', self.hint,
                           "warning")


@dataclass(frozen=True)
class Silenced:
    """A sentence the writer marked `<!-- prose-ok -->`, and what the marker kept quiet (maybe nothing)."""

    line: int
    column: int
    sentence: str
    reason: str  # the text after `prose-ok:` in the marker, "" when none
    findings: tuple[Finding, ...]

    def format(self, path: str) -> str:
        what = f"{len(self.findings)} finding(s) silenced" if self.findings else "nothing to silence"
        reason = f" ({self.reason})" if self.reason else ""
        return f'{path}:{self.line}:{self.column}: silenced{reason}: {what}: "{self.sentence}"'


@dataclass(frozen=True)
class ProseReport:
    """Everything one story's check found."""

    findings: tuple[Finding, ...] = ()
    silenced: tuple[Silenced, ...] = ()

    def errors(self, path: str) -> list[SourceError]:
        """The findings as build warnings, in story order."""
        return [finding.error(path) for finding in self.findings]
