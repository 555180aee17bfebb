"""Running every claim form of the catalogue (docs/prose-checks.md) over a story's sentences.

Owns the order the forms run in and the cheap first pass that skips sentences with no word any form needs.
The forms themselves live in `results` (one race) and `career` (careers, seasons, history). Must not resolve
names or read files.
"""

from __future__ import annotations

import re

from .career import FORMS as CAREER_FORMS
from .context import Story
from .report import Finding
from .results import FORMS as RESULT_FORMS

FORMS = RESULT_FORMS + CAREER_FORMS
_TRIGGER = re.compile(r"(?i:win|won|victor|pole|finish|runner|came\s+home|placed|crossed|start|rolled|led\b|lap|"
                      r"race\s+at|top[- ]|winless|margin|second|celebrated|flag)")


def check_claims(story: Story) -> list[Finding]:
    """Every claim in the story that the data, as of the story, contradicts."""
    text = story.prose.claims
    found: list[Finding] = []
    for index, sentence in enumerate(story.prose.sentences):
        if _TRIGGER.search(text, sentence.start, sentence.end) is None:
            continue
        for pattern, check in FORMS:
            for match in pattern.finditer(text, sentence.start, sentence.end):
                finding = check(story, index, match)
                if finding is not None:
                    found.append(finding)
    return found
