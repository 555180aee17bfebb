"""What a published page carries besides its content: sitemap and robots.txt (hosting.py), OpenGraph and Twitter
tags (pages/links.py's `head`), schema.org JSON-LD on race pages (pages/jsonld.py)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as etree
from html.parser import HTMLParser
from pathlib import Path

import pytest

from racesite.errors import Problems
from racesite.hosting import sitemap_files
from racesite.load import load_site
from racesite.pages.jsonld import script_json
from racesite.pipeline import build
from tests.helpers import OWN_SCRIPTS, RECAP_PATH, SITE_YML, recap
from tests.test_publish import SUBPATH

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
RACE_PAGE = "races/xfinity/2021/06-echopark-250/index.html"
RECAP_PAGE = "races/xfinity/2021/06-echopark-250/recap/index.html"
EVIL = "</script><script>alert(1)</script>"


@pytest.fixture
def demo(demo_site_under_subpath: Path) -> Path:
    return demo_site_under_subpath


def locs(xml: bytes | Path) -> list[str]:
    root = etree.parse(xml).getroot() if isinstance(xml, Path) else etree.fromstring(xml)
    return [loc.text or "" for loc in root.iter(f"{NS}loc")]


def page_url(out: Path, file: Path, base: str = SUBPATH) -> str:
    return base + file.relative_to(out).as_posix().removesuffix("index.html")


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.scripts: list[dict[str, str | None]] = []
        self.data: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "meta" and (found.get("property") or found.get("name")):
            self.meta[found.get("property") or found.get("name") or ""] = found.get("content") or ""
        if tag == "script":
            self.scripts.append(found)
            self._in_script = True
            self.data.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = self._in_script and tag != "script"

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.data[-1] += data


def head(file: Path) -> _Head:
    parser = _Head()
    parser.feed(file.read_text(encoding="utf-8"))
    return parser


def jsonld(file: Path) -> dict:
    parsed = head(file)
    inline = [(s, data) for s, data in zip(parsed.scripts, parsed.data) if not s.get("src")]
    assert [(s.get("src") or "").rpartition("/static/")[2] for s in parsed.scripts if s.get("src")] == \
        [name.removeprefix("static/") for name in OWN_SCRIPTS], "the site's own scripts only"
    assert [s.get("type") for s, _ in inline] == ["application/ld+json"], "one JSON-LD script, nothing else"
    return json.loads(inline[0][1])


# Sitemap and robots.txt


def test_sitemap_lists_every_html_page_but_404_and_nothing_else(demo):
    pages = [page_url(demo, f) for f in sorted(demo.rglob("*.html")) if f.name != "404.html"]
    listed = locs(demo / "sitemap.xml")
    assert sorted(listed) == sorted(pages)
    assert len(listed) == len(set(listed)) > 100
    assert SUBPATH in listed and SUBPATH + "races/xfinity/2021/06-echopark-250/" in listed


def test_robots_txt_points_at_the_sitemap(demo):
    assert (demo / "robots.txt").read_text() == f"User-agent: *\nDisallow:\n\nSitemap: {SUBPATH}sitemap.xml\n"


def test_with_a_path_base_url_the_sitemap_lists_paths_and_robots_names_none(site):
    content = site({RECAP_PATH: recap()})
    build(content, Path("_site"), base_url="/repo/")
    assert "/repo/races/xfinity/2021/06-echopark-250/" in locs(Path("_site/sitemap.xml"))
    assert "Sitemap:" not in Path("_site/robots.txt").read_text().replace("# No Sitemap", "")


def test_drafts_never_appear_in_the_sitemap(site):
    draft = recap(round=7, date="2021-04-03", name="Bristol 300", draft="true")
    content = site({RECAP_PATH: recap(), "xfinity/2021/07-bristol.md": draft})
    build(content, Path("_site"), base_url=SUBPATH, drafts=True)
    draft_page = Path("_site/races/xfinity/2021/07-bristol-300/index.html")
    assert draft_page.is_file()
    listed = locs(Path("_site/sitemap.xml"))
    assert SUBPATH + "races/xfinity/2021/06-echopark-250/" in listed
    assert SUBPATH + "races/xfinity/2021/06-echopark-250/recap/" in listed
    assert not [url for url in listed if "bristol" in url]
    assert head(draft_page).meta["robots"] == "noindex"
    assert head(draft_page.parent / "recap/index.html").meta["robots"] == "noindex"


def test_a_large_site_gets_a_sitemap_index(site):
    content = site({RECAP_PATH: recap()})
    build(content, Path("_site"), base_url=SUBPATH)
    built = [p.relative_to("_site").as_posix() for p in sorted(Path("_site").rglob("*")) if p.is_file()]
    loaded = load_site(content, Problems(), base_url=SUBPATH)
    assert loaded is not None
    files = sitemap_files(loaded.config, built, set(), limit=10)
    index = locs(files["sitemap.xml"])
    assert index == [f"{SUBPATH}sitemaps/{n}.xml" for n in range(1, len(index) + 1)]
    pages = [url for n in range(1, len(index) + 1) for url in locs(files[f"sitemaps/{n}.xml"])]
    assert len(pages) == len([f for f in built if f.endswith(".html")]) - 1


# OpenGraph and Twitter


def test_every_page_has_opengraph_and_twitter_tags(demo):
    for file in sorted(demo.rglob("*.html")):
        meta = head(file).meta
        for key in ("og:title", "og:type", "og:description", "og:site_name", "twitter:card"):
            assert meta.get(key), f"{file}: {key}"
        assert meta["og:site_name"] == "Pit Road Report"
        assert meta["twitter:card"] == "summary"
        if file.name == "404.html":
            assert "og:url" not in meta and meta["robots"] == "noindex"
        else:
            assert meta["og:url"] == page_url(demo, file), file


def test_a_story_page_is_an_article_described_by_its_summary(demo):
    meta = head(demo / RECAP_PAGE).meta
    assert meta["og:type"] == "article"
    assert meta["og:title"] == "Allgaier holds off Truex after a costly speeding penalty"
    assert meta["og:description"].startswith("Justin Allgaier won from sixth at Atlanta")
    race = head(demo / RACE_PAGE).meta
    assert race["og:type"] == "website"
    assert race["og:title"] == "2021 Xfinity EchoPark 250"
    assert race["og:description"] == meta["og:description"]  # the recap's summary describes the race
    assert head(demo / "index.html").meta["og:type"] == "website"


def test_a_path_base_url_leaves_og_url_out_and_a_domain_completes_it(site):
    content = site({RECAP_PATH: recap()})
    build(content, Path("_site"), base_url="/repo/")
    assert "og:url" not in head(Path("_site") / RACE_PAGE).meta
    content = site({RECAP_PATH: recap()}, site_yml=SITE_YML + "domain: races.example.com\n")
    build(content, Path("_site"), base_url="/")
    assert head(Path("_site") / RACE_PAGE).meta["og:url"] == "https://races.example.com/" + RACE_PAGE[:-10]


# JSON-LD


def race_pages(out: Path) -> list[Path]:
    return sorted((out / "races").glob("*/*/*/index.html"))


def test_race_pages_carry_a_sports_event(demo):
    pages = race_pages(demo)
    assert len(pages) == 7
    for page in pages:
        data = jsonld(page)
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "SportsEvent"
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["startDate"])
        assert data["url"] == page_url(demo, page)
        assert data["location"]["@type"] == "Place"
    assert not [f for f in demo.rglob("*.html") if "application/ld+json" in f.read_text() and "races/" not in str(f)]


def test_the_sports_event_names_track_competitors_and_winner(demo):
    data = jsonld(demo / RACE_PAGE)
    assert data["name"] == "EchoPark 250"
    assert data["startDate"] == "2021-03-20"
    assert data["location"] == {"@type": "Place", "name": "Atlanta Motor Speedway",
                                "url": SUBPATH + "tracks/atlanta-motor-speedway/", "address": "Hampton, Georgia"}
    winner, second, *rest = data["competitor"]
    assert winner == {"@type": "Role", "roleName": "winner", "competitor": {
        "@type": "Person", "name": "Justin Allgaier", "url": SUBPATH + "drivers/justin-allgaier/"}}
    assert second == {"@type": "Person", "name": "Martin Truex Jr.", "url": SUBPATH + "drivers/martin-truex-jr/"}
    assert all(c["@type"] == "Person" for c in rest) and len(rest) == 38


def test_a_story_is_a_news_article_about_its_race(demo):
    data = jsonld(demo / RECAP_PAGE)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Allgaier holds off Truex after a costly speeding penalty"
    assert data["datePublished"] == "2021-03-20"
    assert data["url"] == data["mainEntityOfPage"] == SUBPATH + RECAP_PAGE[:-10]
    event = jsonld(demo / RACE_PAGE)
    assert data["about"]["@id"] == event["@id"] == SUBPATH + RACE_PAGE[:-10] + "#event"
    assert data["about"]["@type"] == "SportsEvent" and data["about"]["name"] == "EchoPark 250"


def test_an_upcoming_race_is_a_scheduled_event(site):
    content = site({RECAP_PATH: recap(results="[]", kind="preview")})
    build(content, Path("_site"))
    data = jsonld(Path("_site") / RACE_PAGE)
    assert data["eventStatus"] == "https://schema.org/EventScheduled" and "competitor" not in data


def test_a_track_without_a_file_has_no_address(site):
    build(site({RECAP_PATH: recap()}), Path("_site"), base_url="/")
    data = jsonld(Path("_site") / RACE_PAGE)
    assert data["location"] == {"@type": "Place", "name": "Atlanta Motor Speedway",
                                "url": "/tracks/atlanta-motor-speedway/"}  # a path: resolved against the page


def test_names_cannot_break_out_of_the_script(site):
    rows = f'  - [1, 6, "7", "{EVIL}", Team]\n  - [2, 5, "8", "A & B <!-- x"]\n'
    content = site({RECAP_PATH: recap(rows=rows, name=f'"{EVIL}"', summary='"<!--<script> & -->"')})
    build(content, Path("_site"))
    race = next(Path("_site/races").rglob("index.html"))
    script = race.read_text().split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in script and ">" not in script and "&" not in script
    data = jsonld(race)
    assert data["name"] == EVIL
    assert data["description"] == "<!--<script> & -->"
    assert data["competitor"][0]["competitor"]["name"] == EVIL
    assert data["competitor"][1]["name"] == "A & B <!-- x"


def test_script_json_escapes_markup_characters():
    assert str(script_json({"a": "</script>&\u2028"})) == '{"a":"\\u003c/script\\u003e\\u0026\\u2028"}'
    assert json.loads(str(script_json({"a": "</script>&\u2028"}))) == {"a": "</script>&\u2028"}
