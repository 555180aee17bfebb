"""feeds.py: Atom feeds for the site, each series and each driver; valid, dated by race day, never drafts."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import feedparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from racesite import feeds
from racesite.pages import driver as pages_driver
from racesite.pages import season as pages_season
from racesite.pages import site as pages_site
from racesite.pipeline import build
from tests.helpers import RECAP_PATH, recap
from tests.test_publish import SUBPATH, assert_resolves

DRAFT = recap(round=7, date="2021-04-03", name="Bristol 300", draft="true")
DRAFT_URL = "races/xfinity/2021/07-bristol-300/"


def parse(file: Path) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(file.read_bytes())
    assert parsed.bozo == 0, f"{file}: {parsed.get('bozo_exception')}"
    assert parsed.version == "atom10"
    return parsed


@pytest.fixture
def demo(demo_site_under_subpath: Path) -> Path:
    return demo_site_under_subpath


def test_site_series_and_driver_feeds_are_written(demo):
    assert (demo / "feed.xml").is_file()
    assert (demo / "series/xfinity/feed.xml").is_file()
    drivers = {p.parent.name for p in (demo / "drivers").glob("*/feed.xml")}
    pages = {p.parent.name for p in (demo / "drivers").glob("*/index.html")}
    assert drivers == pages and "justin-allgaier" in drivers


def test_every_feed_is_valid_and_every_entry_complete(demo):
    files = sorted(demo.rglob("feed.xml"))
    assert len(files) > 50
    for file in files:
        parsed = parse(file)
        assert parsed.feed.id and parsed.feed.title and parsed.feed.updated
        dates = []
        for entry in parsed.entries:
            assert entry.id == entry.link, "absolute ids when the site's address is known"
            assert entry.link.startswith(SUBPATH)
            assert_resolves(demo, SUBPATH, entry.link, str(file))
            assert entry.summary and entry.title
            assert entry.updated.endswith("T00:00:00Z")
            dates.append(entry.updated)
        assert dates == sorted(dates, reverse=True), "newest first"
        assert parsed.feed.updated == (dates[0] if dates else feeds.NO_DATE), "updated is the latest race day"
        self_link = next(link.href for link in parsed.feed.links if link.rel == "self")
        assert self_link == SUBPATH + file.relative_to(demo).as_posix()


def test_entries_are_dated_by_publish_day_never_shifted(demo):
    parsed = parse(demo / "feed.xml")
    atlanta = next(e for e in parsed.entries if e.link.endswith("/races/xfinity/2021/06-echopark-250/recap/"))
    assert atlanta.updated == "2021-03-20T00:00:00Z"
    assert atlanta.updated_parsed[:3] == (2021, 3, 20)
    assert parsed.feed.updated == "2023-05-29T00:00:00Z"
    assert [tag.term for tag in atlanta.tags] == ["xfinity"]


def test_a_drivers_feed_lists_only_their_races(demo):
    parsed = parse(demo / "drivers/martin-truex-jr/feed.xml")
    assert parsed.feed.title == "Pit Road Report: Martin Truex Jr."
    assert [e.link for e in parsed.entries] == [SUBPATH + "races/xfinity/2021/06-echopark-250/recap/",
                                                SUBPATH + "races/xfinity/2021/06-echopark-250/preview/"]
    assert [e.updated[:10] for e in parsed.entries] == ["2021-03-20", "2021-03-18"]  # by publish date
    assert parsed.feed.link == SUBPATH + "drivers/martin-truex-jr/"


def test_every_page_links_its_feeds_in_the_head(demo):
    def feeds_of(page: str) -> list[str]:
        head = (demo / page).read_text().split("</head>", 1)[0]
        return re.findall(r'<link rel="alternate" type="application/atom\+xml" title="[^"]*" href="([^"]*)">', head)

    assert feeds_of("index.html") == ["/repo/feed.xml"]
    assert feeds_of("series/xfinity/2021/index.html") == ["/repo/feed.xml", "/repo/series/xfinity/feed.xml"]
    assert feeds_of("races/xfinity/2021/06-echopark-250/index.html")[1] == "/repo/series/xfinity/feed.xml"
    assert feeds_of("drivers/justin-allgaier/index.html") == ["/repo/feed.xml",
                                                            "/repo/drivers/justin-allgaier/feed.xml"]
    for file in demo.rglob("*.html"):
        for href in feeds_of(file.relative_to(demo).as_posix()):
            assert_resolves(demo, SUBPATH, href, str(file))


def test_drafts_never_appear_in_feeds(site):
    content = site({RECAP_PATH: recap(), "xfinity/2021/07-bristol.md": DRAFT})
    build(content, Path("_site"), base_url=SUBPATH, drafts=True)
    assert (Path("_site") / DRAFT_URL / "index.html").is_file()
    for file in Path("_site").rglob("feed.xml"):
        assert "Bristol 300" not in file.read_text(), file
        assert DRAFT_URL not in file.read_text(), file
    assert len(parse(Path("_site/feed.xml")).entries) == 1


def test_a_path_base_url_warns_and_uses_tag_ids_and_path_links(site):
    content = site({RECAP_PATH: recap()})
    report = build(content, Path("_site"), base_url="/repo/", publishing=True)
    assert [w.format() for w in report.warnings] == [
        "warning: --base-url: '/repo/' is a path, not a full URL: feeds use tag: ids and path "
        "links, sitemap.xml lists paths and pages have no og:url (set base_url or --base-url to a full URL such "
        "as https://user.github.io/repo/, or set domain)"]
    parsed = parse(Path("_site/feed.xml"))
    assert parsed.feed.id == "tag:test-site,2000:/feed.xml"
    [entry] = parsed.entries
    assert entry.id == "tag:test-site,2000:/races/xfinity/2021/06-echopark-250/recap/"
    assert entry.link == "/repo/races/xfinity/2021/06-echopark-250/recap/"
    assert_resolves(Path("_site"), "/repo/", entry.link, "feed.xml")


def test_a_root_path_base_url_warns_too(site):
    content = site({RECAP_PATH: recap()})
    report = build(content, Path("_site"), base_url="/", publishing=True)
    assert [w.path for w in report.warnings] == ["--base-url"]
    assert build(content, Path("_preview"), base_url="/").warnings == []  # (the live preview is not publishing)
    [entry] = parse(Path("_site/feed.xml")).entries
    assert entry.id == "tag:test-site,2000:/races/xfinity/2021/06-echopark-250/recap/"
    assert entry.link == "/races/xfinity/2021/06-echopark-250/recap/"


def test_a_series_without_races_has_a_valid_empty_feed(site):
    content = site({RECAP_PATH: recap()})  # the test site's second series, cup, has no recap
    build(content, Path("_site"), base_url=SUBPATH)
    parsed = parse(Path("_site/series/cup/feed.xml"))
    assert parsed.entries == [] and parsed.feed.updated == feeds.NO_DATE


def test_text_is_escaped_and_round_trips(site):
    title = "\"Allgaier <b>wins</b> & more\""
    content = site({RECAP_PATH: recap(title=title, summary='"A \\"quote\\" </summary> & <b>bold</b>\\x01?"')})
    build(content, Path("_site"), base_url="https://example.com/a&b/")
    [entry] = parse(Path("_site/feed.xml")).entries
    assert entry.title == "Allgaier <b>wins</b> & more"
    assert entry.summary == 'A "quote" </summary> & <b>bold</b>?'
    assert entry.title_detail.type == "text/plain"


def test_feeds_hold_the_newest_races_only(site, monkeypatch):
    for module in (pages_site, pages_season, pages_driver):
        monkeypatch.setattr(module, "FEED_ENTRIES", 1)
    content = site({RECAP_PATH: recap(), "xfinity/2021/07.md": recap(round=7, date="2021-04-03", name="Race 7")})
    build(content, Path("_site"), base_url=SUBPATH)
    [entry] = parse(Path("_site/feed.xml")).entries
    assert entry.title == "Race 7"
    assert entry.updated == f"{dt.date(2021, 4, 3).isoformat()}T00:00:00Z"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_feed_text_is_escaped_as_the_standard_librarys_xml_escape_does(value: str) -> None:
    assert feeds._text(value) == xml_escape(feeds._NOT_XML.sub("", value), {'"': "&quot;"})


def test_a_drivers_feed_is_his_newest_published_stories_however_many_he_has(site):
    """More stories than a feed shows, published out of race order, some of them drafts, one race with no
    story: the feed lists the newest FEED_ENTRIES by publish date, drafts left out, as a full sort would."""
    files = {}
    expected = []
    for n in range(1, 31):
        published = dt.date(2021, 1, 1) + dt.timedelta(days=(n * 7) % 31)  # not in race order
        draft = n % 6 == 0
        date = dt.date(2021, 2, 1) + dt.timedelta(days=n)
        if n == 30:  # results alone, no text: a race without a story
            text = recap(round=n, date=date.isoformat(), name=f"Race {n}").rsplit("---\n", 1)[0] + "---\n"
        else:
            text = recap(round=n, date=date.isoformat(), name=f"Race {n}", published=published.isoformat(),
                         **({"draft": "true"} if draft else {}))
            expected += [] if draft else [(published, n)]
        files[f"xfinity/2021/{n:02d}-race.md"] = text
    build(site(files), Path("_site"))
    parsed = parse(Path("_site/drivers/justin-allgaier/feed.xml"))
    newest = sorted(expected, reverse=True)[:feeds.FEED_ENTRIES - 1]  # after round 30, the newest of all
    assert [e.link for e in parsed.entries] == ["https://racing.example.com/races/xfinity/2021/30-race-30/"] + [
        f"https://racing.example.com/races/xfinity/2021/{n:02d}-race-{n}/recap/" for _, n in newest]
