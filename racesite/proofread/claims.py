"""Running every claim form of the catalogue (docs/prose-checks.md) over a story's sentences.

Owns the order the forms run in and the cheap first pass that skips sentences with no word any form needs: one
pass of `str.find` per word the forms need (`Needles`, made once per site). The forms themselves live in
`results` (one race) and `career` (careers, seasons, history). Must not resolve names or read files.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Series
from .career import FORMS as CAREER_FORMS
from .career import SERIES
from .context import Story
from .report import Finding
from .results import FORMS as RESULT_FORMS

FORMS = RESULT_FORMS + CAREER_FORMS


@dataclass(frozen=True)
class Needles:
    """The words (lowercase) one of which a sentence must hold for each form to be tried: word -> forms."""

    forms: dict[str, tuple[int, ...]]

    @staticmethod
    def of(series: Sequence[Series]) -> Needles:
        names = sorted({w for s in series for w in (s.name.lower(), s.short_name.lower()) if w})
        wanted: dict[str, set[int]] = {}
        for i, (_, _, needles) in enumerate(FORMS):
            for needle in needles:
                for word in names if needle == SERIES else (needle,):
                    wanted.setdefault(word, set()).add(i)
        for word in sorted(wanted, key=len, reverse=True):  # a word holding another is found through it ("won ")
            inside = next((other for other in wanted if other != word and other in word), None)
            if inside is not None:
                wanted[inside] |= wanted.pop(word)
        return Needles({word: tuple(sorted(forms)) for word, forms in sorted(wanted.items())})


def check_claims(story: Story, needles: Needles) -> list[Finding]:
    """Every claim in the story that the data, as of the story, contradicts."""
    text = story.prose.claims
    lower = text.lower().replace("\n", " ")  # (a form's words may break across lines)
    tried: dict[int, set[int]] = {}  # form -> the sentences holding one of its words (found with str.find)
    starts = story.prose.starts
    find = lower.find
    for word, forms in needles.forms.items():
        at = find(word)
        while at >= 0:
            index = max(0, bisect_right(starts, at) - 1)  # (`Prose.sentence_at`, inline: it runs 50 times a story)
            for form in forms:
                if form in tried:
                    tried[form].add(index)
                else:
                    tried[form] = {index}
            at = find(word, at + 1)
    found: list[Finding] = []
    for form, (pattern, check, _) in enumerate(FORMS):
        for index in sorted(tried.get(form, ())):
            sentence = story.prose.sentences[index]
            for match in pattern.finditer(text, sentence.start, sentence.end):
                finding = check(story, index, match)
                if finding is not None:
                    found.append(finding)
    return found
