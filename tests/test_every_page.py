"""What every page of a built site carries: its own meta description, the favicon, the search form and the site's
scripts, and headings that never skip a level. Over every page of the demo and of the stats fixture, and over
pages of every kind sampled from the full NASCAR history (skipped without ../shared).
"""

from __future__ import annotations

import csv
import html
import itertools
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import SUBPATH
from tests.test_pages import DEMO, FIXTURE, build_once
from tests.test_stats_career import fixture_races
from tests.validators import pages_of_every_kind


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[int] = []
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str | None]] = []
        self.forms: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "meta" and found.get("name"):
            self.meta[found["name"] or ""] = found.get("content") or ""
        elif tag == "link":
            self.links.append(found)
        elif tag == "form":
            self.forms.append(found)


def read(file: Path) -> _Page:
    page = _Page()
    page.feed(file.read_text(encoding="utf-8"))
    return page


def skipped_levels(levels: list[int]) -> list[str]:
    """Where a heading goes down more than one level ('h1 -> h3'), or the page does not start with its h1."""
    found = [] if levels[:1] == [1] and levels.count(1) == 1 else [f"h1s: {levels.count(1)}, first h{levels[:1]}"]
    found += [f"h{a} -> h{b}" for a, b in itertools.pairwise(levels) if b > a + 1]
    return found


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.mark.parametrize("content", [DEMO, FIXTURE], ids=["demo", "fixture"])
def test_every_page_has_its_own_description_the_favicon_and_ordered_headings(
        content: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    site = build_once(content, tmp_path_factory)
    descriptions: dict[str, set[str]] = {}
    for file in html_pages(site):
        where = file.relative_to(site).as_posix()
        page = read(file)
        assert page.meta.get("description", "").strip(), f"{where} has no meta description"
        descriptions.setdefault(page.meta["description"], set()).add(where)
        icons = [link["href"] for link in page.links if link.get("rel") == "icon"]
        assert icons == ["/static/favicon.svg"], where
        assert [f.get("action") for f in page.forms if "site-search" in (f.get("class") or "")] == ["/search/"], where
        assert skipped_levels(page.headings) == [], where
    assert (site / "static" / "favicon.svg").read_text(encoding="utf-8").startswith("<svg")
    # Shared only by a race page and its recap: the recap's summary describes the race too (test_meta).
    shared = [sorted(pages) for pages in descriptions.values() if len(pages) > 1]
    assert all(len(pages) == 2 and pages[1].startswith(pages[0].removesuffix("index.html")) for pages in shared), \
        shared


def test_an_entity_page_describes_its_figures(tmp_path_factory: pytest.TempPathFactory) -> None:
    """'Justin Allgaier: 7 NASCAR Xfinity Series starts, 2 wins, …', counted here from the demo's recaps."""
    site = build_once(DEMO, tmp_path_factory)
    rows = [(race, row) for race in fixture_races(DEMO) for row in race["rows"] if row["driver"] == "Justin Allgaier"]
    starts, wins = len(rows), sum(row["fin"] == 1 for _, row in rows)
    top5 = sum(row["fin"] <= 5 for _, row in rows)
    poles = sum(race["pole"] == "Justin Allgaier" for race, _ in rows)
    seasons = sorted({race["season"] for race, _ in rows})
    expected = f"Justin Allgaier: {starts} NASCAR Xfinity Series starts, {wins} wins, {top5} top 5s, {poles} pole " \
               f"({seasons[0]}–{seasons[-1]})."
    assert read(site / "drivers" / "justin-allgaier" / "index.html").meta["description"] == expected
    track = read(site / "tracks" / "atlanta-motor-speedway" / "index.html").meta["description"]
    assert track == "Atlanta Motor Speedway: 1 race in the NASCAR Xfinity Series (2021). Most wins: Justin Allgaier, 1."
    story = read(site / "races/xfinity/2021/06-echopark-250/recap/index.html").meta["description"]
    assert story.startswith("Justin Allgaier won from sixth at Atlanta")  # the writer's summary


def test_pages_under_a_project_subpath_link_the_favicon_and_search_there(demo_site_under_subpath: Path) -> None:
    base = "/" + SUBPATH.split("://", 1)[1].split("/", 1)[1]
    page = read(demo_site_under_subpath / "index.html")
    assert [link["href"] for link in page.links if link.get("rel") == "icon"] == [f"{base}static/favicon.svg"]
    search = demo_site_under_subpath.joinpath("search", "index.html").read_text(encoding="utf-8")
    assert f'data-pagefind="{base}pagefind/" data-base="{base}"' in html.unescape(search)


def test_history_pages_of_every_kind_have_descriptions_and_ordered_headings(history_build: dict[str, Any]) -> None:
    site = history_build["site"]
    sampled = pages_of_every_kind(site)
    assert {"race", "driver", "track", "team", "standings", "records", "downloads", "search"} <= set(sampled)
    for kind, file in sampled.items():
        page = read(file)
        assert page.meta.get("description", "").strip(), kind
        assert skipped_levels(page.headings) == [], kind
    from tests.nascar import DID_NOT_START, NASCAR

    with open(NASCAR / "cup.csv", newline="", encoding="utf-8") as file:
        rows = [row for row in csv.DictReader(file) if row["Driver"].strip() == "Richard Petty" and row["Finish"]
                and row["Status"].strip().lower() not in DID_NOT_START]
    starts, wins = len(rows), sum(row["Finish"].strip() == "1" for row in rows)
    driver = read(site / "drivers" / "richard-petty" / "index.html").meta["description"]
    assert driver.startswith(f"Richard Petty: {starts:,} NASCAR Cup Series starts, {wins} wins, "), driver
