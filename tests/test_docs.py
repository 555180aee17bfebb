"""docs/content-format.md is generated from the schema: it must match, and its example must build."""

from __future__ import annotations

import re

from racesite.docs import SECTIONS, TYPES, generate
from racesite.pipeline import check
from tests.helpers import ROOT, SITE_YML


def test_the_committed_content_format_doc_is_what_the_schema_generates() -> None:
    committed = (ROOT / "docs/content-format.md").read_text()
    assert committed == generate(), "docs/content-format.md is out of date: run `make docs`"


def test_every_field_of_every_table_is_documented_with_a_known_type() -> None:
    text = generate()
    for title, table, _ in SECTIONS:
        assert f"## {title}" in text
        for field in table:
            assert f"| `{field.name}` | {TYPES[field.type]} |" in text, (title, field.name)


def test_the_example_recap_in_the_doc_checks_clean(tmp_path) -> None:
    example = re.search(r"```markdown\n(.*?)```", generate(), re.S)
    assert example is not None
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yml").write_text(SITE_YML)
    (content / "example.md").write_text(example.group(1))
    problems = check(content)
    assert [p.format() for p in problems.errors] == []
