"""The entry point: one story checked against the data as it stood at the story's time.

`check_story` reads the prose, finds its names and their near misses (`names`), checks its claims (`claims`),
and sets aside what a `<!-- prose-ok -->` marker silences. Call `NameIndex.of` and `History.of` once per build,
`check_story` once per story. Must not read files, load content or render.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Race, Series
from ..stats.history import History
from .claims import check_claims
from .context import Story, mentions_by_sentence, series_words
from .names import NameIndex, find_names
from .report import Finding, ProseReport, Silenced
from .text import read_prose


def check_story(text: str, first_line: int, *, after: bool, race: Race, history: History, names: NameIndex,
                series: Sequence[Series] = ()) -> ProseReport:
    """The findings of one story body whose first line is line `first_line` of its file.

    `after`: whether its claims are checked as of after its race (`stats.history.is_after(kind, published,
    race.date)`), else before it. `series`: the site's series (their names in prose: "Xfinity Series")."""
    prose = read_prose(text, first_line)
    mentions, findings = find_names(prose, names, race)
    moment = history.after(race) if after else history.before(race)
    story = Story(prose, race, history, moment, names, tuple(mentions), tuple(series), series_words(series),
                  mentions_by_sentence(prose, mentions))
    findings += check_claims(story)
    findings = _unique(sorted(findings, key=lambda f: (f.line, f.column, f.check)))
    kept: list[Finding] = []
    silenced: list[Silenced] = []
    quiet = {i: s for i, s in enumerate(prose.sentences) if s.marker is not None}
    held: dict[int, list[Finding]] = {i: [] for i in quiet}
    for finding in findings:
        offset = prose.line_starts[finding.line - first_line] + finding.column - 1
        index = prose.sentence_at(offset)
        if index in held:
            held[index].append(finding)
        else:
            kept.append(finding)
    for index, sentence in quiet.items():
        line, column = prose.where(sentence.start)
        silenced.append(Silenced(line, column, " ".join(text[sentence.start:sentence.end].split()),
                                 sentence.marker or "", tuple(held[index])))
    return ProseReport(tuple(kept), tuple(silenced))


def _unique(findings: list[Finding]) -> list[Finding]:
    """One finding per quoted place (two forms can read the same words)."""
    seen: set[tuple[int, int]] = set()
    out = []
    for finding in findings:
        if (finding.line, finding.column) not in seen:
            seen.add((finding.line, finding.column))
            out.append(finding)
    return out
