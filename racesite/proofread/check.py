"""The entry point: one story checked against the data as it stood at the story's time.

`Checker.of(history, names, series)` is made once per build (with `History.of` and `NameIndex.of`); its `check`
reads one story's prose, finds its names and their near misses (`names`), checks its claims (`claims`), and sets
aside what a `<!-- prose-ok -->` marker silences. `check_story` does both for one story. Must not read files,
load content or render.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model import Race, Series
from ..stats.history import History
from .claims import Needles, check_claims
from .context import Story, mentions_by_sentence, series_words
from .nameindex import NameIndex
from .names import find_names
from .report import Finding, ProseReport, Silenced
from .text import Filled, read_prose


@dataclass(frozen=True)
class Checker:
    """What checking the stories of one site shares: its history, its names, its series and the words they are
    named by, the forms' words, and the words of the prose read so far (each folded once)."""

    history: History
    names: NameIndex
    series: tuple[Series, ...]
    series_words: dict[str, str]
    needles: Needles
    words: dict[str, tuple[str, str] | None] = field(default_factory=dict, compare=False, repr=False)
    phrases: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict, compare=False, repr=False)

    @staticmethod
    def of(history: History, names: NameIndex, series: Sequence[Series] = ()) -> Checker:
        """`series`: the site's series (their names in prose: "Xfinity Series")."""
        return Checker(history, names, tuple(series), series_words(series), Needles.of(series))

    def check(self, text: str, first_line: int, *, after: bool, race: Race,
              filled: Filled | None = None) -> ProseReport:
        """The findings of one story body whose first line is line `first_line` of its file.

        `after`: whether its claims are checked as of after its race (`stats.rules.after_the_race`), else before
        it. `filled`: `text` is the body with its placeholders filled in, and this says where each value stands in
        the body as written (for lines and columns)."""
        prose = read_prose(text, first_line, filled)
        mentions, findings = find_names(prose, self.names, race, self.words)
        moment = self.history.after(race) if after else self.history.before(race)
        story = Story(prose, race, self.history, moment, self.names, tuple(mentions), self.series, self.series_words,
                      mentions_by_sentence(prose, mentions), self.phrases)
        findings += check_claims(story, self.needles)
        findings = _unique(sorted(findings, key=lambda f: (f.line, f.column, f.check)))
        kept: list[Finding] = []
        silenced: list[Silenced] = []
        quiet = {i: s for i, s in enumerate(prose.sentences) if s.marker is not None}
        held: dict[int, list[Finding]] = {i: [] for i in quiet}
        for finding in findings:
            index = prose.sentence_at(finding.offset)
            if index in held:
                held[index].append(finding)
            else:
                kept.append(finding)
        for index, sentence in quiet.items():
            line, column = prose.where(sentence.start)
            silenced.append(Silenced(line, column, " ".join(text[sentence.start:sentence.end].split()),
                                     sentence.marker or "", tuple(held[index])))
        return ProseReport(tuple(kept), tuple(silenced))


def check_story(text: str, first_line: int, *, after: bool, race: Race, history: History, names: NameIndex,
                series: Sequence[Series] = (), filled: Filled | None = None) -> ProseReport:
    """One story checked (see `Checker.check`); a build makes one `Checker` for all its stories."""
    return Checker.of(history, names, series).check(text, first_line, after=after, race=race, filled=filled)


def _unique(findings: list[Finding]) -> list[Finding]:
    """One finding per quoted place (two forms can read the same words)."""
    seen: set[tuple[int, int]] = set()
    out = []
    for finding in findings:
        if (finding.line, finding.column) not in seen:
            seen.add((finding.line, finding.column))
            out.append(finding)
    return out
