"""docs/championships.md is generated from the championship schema and the presets: it must match, every field
must be documented, and its examples (a site.yml and a season file) must read clean."""

from __future__ import annotations

import re
from pathlib import Path

from racesite.champ_docs import SECTIONS, TYPES, generate
from racesite.errors import Problems, display_path
from racesite.load import load_site
from racesite.pipeline import check
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


def test_the_examples_read_clean_and_each_nascar_declaration_is_listed(tmp_path: Path) -> None:
    """The docs' site.yml and season file, as a site: `check` finds nothing wrong, and the rules are the example's."""
    text = generate()
    site_yml, season_yml = re.findall(r"```yaml\n(.*?)```", text, re.S)[:2]
    content = tmp_path / "content"
    (content / "league" / "2024").mkdir(parents=True)
    (content / "site.yml").write_text(site_yml, encoding="utf-8")
    (content / "league" / "2024" / "season.yml").write_text(season_yml, encoding="utf-8")
    assert [p.format() for p in check(content).items] == [
        f"warning: {display_path(content / 'site.yml')}: base_url: '/' is a path, not a full URL: feeds use tag: "
        "ids and path links, sitemap.xml lists paths and pages have no og:url (set base_url or --base-url to a "
        "full URL such as https://user.github.io/repo/, or set domain)"]
    site = load_site(content, Problems())
    assert site is not None
    rules = site.rules.find("league", 2024)
    assert rules is not None and rules.counting.drop == 2
    facts = rules.facts(2024)
    assert (facts.races, facts.order[0], facts.deductions[0].points) == (12, "Ana Lima", 10)
    assert facts.source.endswith("league/2024/season.yml")
    assert site.rules.find("cup", 2020) is not None and site.rules.find("truck", 2020) is None
    assert ("| Cup | 2004–2006 | Chase for the Nextel Cup: Chase of 10 drivers after 26 races, 10 races on points |"
            in text)
    assert "| Truck | 2021–2025 |" in text
