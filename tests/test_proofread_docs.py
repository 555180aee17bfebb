"""Every example in docs/prose-checks.md is checked: a ✓ sentence gets no warning, a ✗ sentence exactly its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from racesite.pipeline import check
from tests.proofread_site import Example, doc_examples, found, write_content

DOC = Path(__file__).resolve().parents[1] / "docs" / "prose-checks.md"
EXAMPLES = doc_examples(DOC.read_text(encoding="utf-8"))


def test_the_docs_have_examples_of_every_form() -> None:
    text = DOC.read_text(encoding="utf-8")
    forms = ["career-win-ordinal", "career-pole-ordinal", "career-wins", "season-win-ordinal", "season-count",
             "team-season-wins", "finish", "won", "start", "pole", "led", "race-track", "laps", "margin",
             "wins-from-pole", "best-winning-start", "last-pole", "win-at-track"]
    assert all(f"`{form}`" in text for form in forms)
    assert sum(1 for e in EXAMPLES if e.expect) >= 20
    assert sum(1 for e in EXAMPLES if not e.expect) >= 25


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.text[:60])
def test_doc_example(example: Example) -> None:
    after = example.kind in ("recap", "feature")
    assert found(example.text, example.season, example.round, after) == ([example.expect] if example.expect else [])


def test_every_example_says_the_same_through_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The examples as story files of the Frontier site written as content: `check` warns about each exactly as
    the docs say, at the sentence's line, and about nothing else."""
    monkeypatch.chdir(tmp_path)
    content = write_content(tmp_path, [(e.kind, e.season, e.round, e.text) for e in EXAMPLES])
    warnings = check(content).warnings
    assert all(w.line == 9 and w.field == "" and w.quote for w in warnings)
    said = {w.path: w.message for w in warnings}
    assert len(said) == len(warnings)
    expected = {f"content/frontier/{e.season}/{e.round:02d}-story{n}.md": e.expect
                for n, e in enumerate(EXAMPLES) if e.expect}
    assert said == expected
