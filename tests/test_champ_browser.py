"""A playoff season's standings as a reader sees them in Chromium, on a phone (390 px) and a desktop (1280 px).

The site is tests/sites/league-playoffs (a three-race regular season, a semi-final, a final decided by finish),
built once. Set RACESITE_SCREENSHOTS=DIR to keep a PNG of each page at each width to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser import DESKTOP, PHONE, chromium, serve, skip_reason

REASON = skip_reason()
if REASON:
    pytest.skip(REASON, allow_module_level=True)

from playwright.sync_api import expect  # noqa: E402

from racesite.pipeline import build  # noqa: E402
from tests.helpers import ROOT  # noqa: E402

FINAL = "series/league/2024/standings/05/"
CUT = "series/league/2024/standings/03/"
SEASON = "series/league/2024/"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("playoff-site")
    build(ROOT / "tests" / "sites" / "league-playoffs" / "content", root / "site")
    with serve(root / "site") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture(params=[PHONE, DESKTOP], ids=["390px", "1280px"])
def view(request: pytest.FixtureRequest, browser):
    context = browser.new_context(viewport=request.param)
    yield context.new_page(), request.param["width"]
    context.close()


def shot(page, name: str, width: int) -> None:
    folder = os.environ.get("RACESITE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}-{width}.png"), full_page=True)


def test_the_final_table_reads_champion_first_without_the_page_scrolling_sideways(view, base_url):
    page, width = view
    page.goto(base_url + FINAL)
    shot(page, "final-standings", width)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    expect(page.get_by_role("heading", level=1)).to_have_text("Standings after round 5")
    rows = page.locator("table.standings tbody tr")
    expect(rows).to_have_count(4)
    first = rows.first
    expect(first.get_by_role("link", name="Dana Reyes")).to_be_visible()
    mark = first.locator("td.mark")
    expect(mark).to_have_text("Champion")
    mark.scroll_into_view_if_needed()  # on a phone the table scrolls inside its wrapper, never the page
    box = mark.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # The champion's row stands out, and only in colour what its words already say.
    champion_bg = first.locator("td").nth(3).evaluate("e => getComputedStyle(e).backgroundColor")
    other_bg = rows.nth(2).locator("td").nth(3).evaluate("e => getComputedStyle(e).backgroundColor")
    assert champion_bg != other_bg
    expect(rows.nth(2).locator("td.mark")).to_have_text("Out after the Semi-final")


def test_on_a_phone_the_table_scrolls_in_its_wrapper_with_the_driver_kept_in_view(browser, base_url):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(base_url + FINAL)
        wrapper = page.locator("table.standings").locator("xpath=..")
        assert wrapper.evaluate("e => e.scrollWidth > e.clientWidth"), "the standings should overflow on a phone"
        driver = page.locator("table.standings tbody tr").first.locator("td.driver")
        pos = page.locator("table.standings tbody tr").first.locator("td").first
        wrapper.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
        after, pos_box = driver.bounding_box(), pos.bounding_box()
        assert after is not None and pos_box is not None
        # Pos and Driver stick to the left edge, the driver just right of the position; the rest scrolls under them.
        assert after["x"] == pytest.approx(pos_box["x"] + pos_box["width"], abs=1), "the driver should stay in view"
        x, y = after["x"] + after["width"] / 2, after["y"] + after["height"] / 2
        assert page.evaluate(f"document.elementFromPoint({x}, {y}).textContent.trim()") == "Dana Reyes"
        expect(page.locator("table.standings tbody tr").first.locator("td.mark")).to_be_in_viewport()
    finally:
        context.close()


def test_on_a_desktop_the_whole_table_fits(browser, base_url):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto(base_url + FINAL)
        wrapper = page.locator("table.standings").locator("xpath=..")
        assert wrapper.evaluate("e => e.scrollWidth <= e.clientWidth")
        expect(page.locator("table.standings tbody tr").first.locator("td.mark")).to_be_in_viewport()
    finally:
        context.close()


def test_the_cut_marks_who_is_in_and_who_missed(view, base_url):
    page, width = view
    page.goto(base_url + CUT)
    shot(page, "regular-season", width)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    marks = page.locator("table.standings tbody td.mark")
    expect(marks).to_have_text(["In on wins", "In on points", "Missed the playoffs", "In on wins"])


def test_the_season_page_chart_and_tables_fit(view, base_url):
    page, width = view
    page.goto(base_url + SEASON)
    shot(page, "season", width)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    chart = page.get_by_role("img", name="2024 Playoff League: points after each race")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] <= width
    assert chart.get_attribute("role") == "img"
    numbers = page.locator("details.chart-data")
    expect(numbers.locator("table")).to_be_hidden()  # the same numbers, one click away
    numbers.locator("summary").click()
    expect(numbers.locator("tbody tr").first).to_contain_text("Dana Reyes")
    expect(page.get_by_role("heading", name="Semi-final (round 4)")).to_be_visible()
