"""Every example in docs/prose-checks.md is checked: a ✓ sentence gets no warning, a ✗ sentence exactly its own."""

from __future__ import annotations

import re
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


def test_the_silenced_list_the_docs_show_is_what_check_prints(tmp_path: Path) -> None:
    """The docs' example of the summary, through `build.py check` on the Frontier site with a story whose two
    marked sentences are on the lines the example gives."""
    import subprocess
    import sys

    from tests.helpers import ROOT

    block = re.search(r"```text\n(\d+ sentences silenced with.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert block is not None
    shown = block.group(1).splitlines()
    content = write_content(tmp_path, [])
    body = ["Marsh led 56 laps, not the 55 the official box score gives. <!-- prose-ok: the box score missed a lap -->",
            "Peña started first. <!-- prose-ok -->"]
    lines = ["Paragraph."] * 12
    lines[14 - 9], lines[20 - 9] = body
    (content / "frontier" / "2022" / "04-cedar-ridge.md").write_text(
        "---\nseries: frontier\nseason: 2022\nround: 4\nkind: recap\ntitle: Cedar Ridge\nslug: story\n---\n" +
        "\n".join(lines) + "\n")
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--content", "content"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == shown
