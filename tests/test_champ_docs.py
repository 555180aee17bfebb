"""docs/championships.md is generated from the championship schema and the presets: it must match, every field
must be documented, and its example rules file must read clean."""

from __future__ import annotations

import re

from racesite.champ_docs import SECTIONS, TYPES, generate
from racesite.champ_read import read_rules
from racesite.errors import Problems
from tests.helpers import ROOT


def test_the_committed_championships_doc_is_what_the_schema_and_presets_generate() -> None:
    committed = (ROOT / "docs/championships.md").read_text(encoding="utf-8")
    assert committed == generate(), "docs/championships.md is out of date: run `make docs`"


def test_every_field_of_every_table_is_documented_with_a_known_type() -> None:
    text = generate()
    for title, table, _ in SECTIONS:
        assert f"## {title}" in text
        for field in table:
            assert f"| `{field.name}` | {TYPES[field.type]} |" in text, (title, field.name)


def test_the_example_rules_file_reads_clean_and_each_nascar_declaration_is_listed() -> None:
    text = generate()
    example = re.search(r"```yaml\n(.*?)```", text, re.S)
    assert example is not None
    problems = Problems()
    book = read_rules(example.group(1), "example.yml", problems)
    assert [p.format() for p in problems.items] == []
    assert book.find("league", 2024) is not None
    assert ("| Cup | 2004–2006 | Chase for the Nextel Cup: Chase of 10 drivers after 26 races, 10 races on points |"
            in text)
    assert "| Truck | 2021–2025 |" in text
