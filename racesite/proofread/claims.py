"""Running every claim form of the catalogue (docs/prose-checks.md) over a story's sentences.

Owns the order the forms run in and the cheap first pass that skips sentences with no word any form needs.
The forms themselves live in `results` (one race) and `career` (careers, seasons, history). Must not resolve
names or read files.
"""

from __future__ import annotations

from .career import FORMS as CAREER_FORMS
from .career import SERIES
from .context import Story
from .report import Finding
from .results import FORMS as RESULT_FORMS

FORMS = RESULT_FORMS + CAREER_FORMS


def check_claims(story: Story) -> list[Finding]:
    """Every claim in the story that the data, as of the story, contradicts."""
    text = story.prose.claims
    lower = text.lower()
    series = tuple({w for s in story.series for w in (s.name.lower(), s.short_name.lower()) if w})
    found: list[Finding] = []
    for pattern, check, needles in FORMS:
        sentences: set[int] = set()  # the sentences holding one of the form's words, found with str.find
        for needle in (w for n in needles for w in (series if n == SERIES else (n,))):
            at = lower.find(needle)
            while at >= 0:
                sentences.add(story.prose.sentence_at(at))
                at = lower.find(needle, at + 1)
        for index in sorted(sentences):
            sentence = story.prose.sentences[index]
            for match in pattern.finditer(text, sentence.start, sentence.end):
                finding = check(story, index, match)
                if finding is not None:
                    found.append(finding)
    return found
