"""racesite.search: a Pagefind index of lean records, searched in Chromium under a project subpath.

The records are written for this test (invented stories); the site is served at /repo/ like a
GitHub Pages project site.
"""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
from pathlib import Path

import pytest

from tests.browser import DESKTOP, PHONE, chromium, serve, skip_reason

if importlib.util.find_spec("pagefind") is None:
    pytest.skip("pagefind is not installed (`make test` installs it from requirements.txt)", allow_module_level=True)

from racesite.search import SearchRecord, search_box, search_page, write_index

STATIC = Path(__file__).resolve().parents[1] / "templates" / "static"
BASE = "/repo/"

RECORDS = [
    SearchRecord("drivers/justin-allgaier/", "Justin Allgaier", "driver", "Xfinity Series driver, JR Motorsports."),
    SearchRecord("drivers/josh-berry/", "Josh Berry", "driver", "Xfinity Series driver, JR Motorsports."),
    SearchRecord("teams/jr-motorsports/", "JR Motorsports", "team", "Drivers: Justin Allgaier, Josh Berry."),
    SearchRecord("tracks/phoenix-raceway/", "Phoenix Raceway", "track", "One-mile oval in Avondale, Arizona."),
    SearchRecord("races/xfinity/2021/06-phoenix/", "2021 Phoenix: Allgaier", "race", "Justin Allgaier won."),
    *[SearchRecord(f"races/xfinity/2021/0{n}-race/recap/", f"Round {n} recap", "story",
                   "Allgaier chased the leaders all afternoon. " * 6
                   + "Allgaier passed Berry late, and Allgaier held on.")
      for n in range(1, 6)],
]


def page(body: str, title: str) -> str:
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<link rel="stylesheet" href="{BASE}static/style.css">'
            f'<link rel="stylesheet" href="{BASE}static/search.css">'
            f'<script src="{BASE}static/search.js" defer></script></head><body>'
            f'<header class="site-header"><div class="wrap"><a class="brand" href="{BASE}">Site</a>{search_box(BASE)}'
            f'</div></header><main class="wrap" id="main">{body}</main></body></html>')


@pytest.fixture(scope="module")
def server_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("search")
    site = root / "repo"
    (site / "static").mkdir(parents=True)
    for name in ("style.css", "search.css", "search.js"):
        shutil.copy(STATIC / name, site / "static" / name)
    (site / "search").mkdir()
    (site / "search" / "index.html").write_text(
        page(search_page(BASE, [("Drivers", f"{BASE}drivers/"), ("Tracks", f"{BASE}tracks/")]), "Search"),
        encoding="utf-8")
    (site / "index.html").write_text(page("<h1>Home</h1>", "Home"), encoding="utf-8")
    report = write_index(RECORDS, site / "pagefind")
    assert report.records == len(RECORDS) and (site / "pagefind" / "pagefind.js").is_file()
    assert "pagefind.js" in report.files and not [p for p in site.iterdir() if p.name.startswith(".")]
    return root


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def test_the_index_is_byte_identical_whatever_order_the_records_come_in(tmp_path: Path) -> None:
    write_index(RECORDS, tmp_path / "a" / "pagefind")
    write_index(list(reversed(RECORDS)), tmp_path / "b" / "pagefind")
    assert tree_digest(tmp_path / "a" / "pagefind") == tree_digest(tmp_path / "b" / "pagefind")


@pytest.mark.parametrize(("record", "message"), [
    (SearchRecord("/drivers/x/", "X", "driver", ""), "must be a path inside the site"),
    (SearchRecord("../x/", "X", "driver", ""), "must be a path inside the site"),
    (SearchRecord("drivers/x/", " ", "driver", ""), "the title is empty"),
    (SearchRecord("drivers/x_y/", "X", "driver", ""), "must not hold '_'"),
    (SearchRecord("drivers/x/", "X", "crew", ""), "kind 'crew' is not one of"),  # type: ignore[arg-type]
])
def test_a_bad_record_is_refused_with_its_url(tmp_path: Path, record: SearchRecord, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        write_index([record], tmp_path / "pagefind")
    assert not (tmp_path / "pagefind").exists()


def test_the_forms_work_without_javascript_under_a_subpath() -> None:
    box = str(search_box("/repo/"))
    assert 'action="/repo/search/" method="get"' in box and 'name="q"' in box
    assert '<label for="site-search-q">Search</label>' in box
    assert '<noscript><p>Search needs JavaScript. Browse instead:</p><ul><li><a href="/repo/drivers/">Drivers</a>' in (
        str(search_page("/repo/", [("Drivers", "/repo/drivers/")])))


browser_reason = skip_reason()
needs_browser = pytest.mark.skipif(browser_reason is not None, reason=browser_reason or "")


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@needs_browser
def test_typing_a_name_finds_the_drivers_page_first_with_its_kind(browser, server_root: Path) -> None:
    with serve(server_root) as url:
        context = browser.new_context(viewport=DESKTOP)
        p = context.new_page()
        errors: list[str] = []
        p.on("pageerror", lambda e: errors.append(str(e)))
        p.goto(url + "repo/")
        # every link the script adds is a real one, even before anything is typed (Lighthouse: crawlable anchors)
        assert p.locator("form.site-search a.search-all").get_attribute("href") == "/repo/search/"
        p.get_by_role("searchbox", name="Search").fill("Allgaier")
        p.get_by_role("searchbox", name="Search").press("Enter")  # the header form goes to the search page
        p.wait_for_url("**/repo/search/?q=Allgaier")
        first = p.locator(".search-results li").first
        first.wait_for()
        assert first.locator(".kind").text_content() == "Driver"
        assert first.locator("a").inner_text() == "Justin Allgaier"
        assert first.locator("a").get_attribute("href") == "/repo/drivers/justin-allgaier/"
        kinds = p.locator(".search-results .kind").all_text_contents()
        assert sorted(set(kinds)) == ["Driver", "Race", "Story", "Team"]
        assert p.locator(".search-status").inner_text() == f"{len(kinds)} results for \u201cAllgaier\u201d."
        p.get_by_role("searchbox", name="Search drivers").fill("phoenix raceway")
        p.locator(".search-results li .kind", has_text="Track").first.wait_for()
        assert p.locator(".search-results li a").first.inner_text() == "Phoenix Raceway"
        assert "q=phoenix+raceway" in p.url
        context.close()
        assert errors == []


@needs_browser
def test_without_javascript_the_search_page_offers_the_indexes(browser, server_root: Path) -> None:
    with serve(server_root) as url:
        context = browser.new_context(viewport=PHONE, java_script_enabled=False)
        p = context.new_page()
        p.goto(url + "repo/search/?q=Allgaier")
        assert p.get_by_role("link", name="Drivers").get_attribute("href") == "/repo/drivers/"
        assert p.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        context.close()


def test_a_name_with_no_letter_or_digit_is_still_indexed(tmp_path: Path) -> None:
    """Pagefind leaves out a page with no word in it: a driver named "×" still gets a hit."""
    records = [SearchRecord("drivers/x/", "×", "driver", ""), SearchRecord("drivers/0/", "0", "driver", "")]
    assert write_index(records, tmp_path / "pagefind").records == 2
