"""A race weekend in a real browser, on a phone (390 px) and a desktop (1280 px): a story's page, a race that is
still upcoming, and a race page with several stories (pages/story.py, pages/race.py).

The site is tests/sites/weekend-stories (a preview, a qualifying report and a recap of one race) plus an upcoming
race with a preview and a qualifying report, built once and served over HTTP from a thread.
"""

from __future__ import annotations

import shutil

import pytest

from tests.browser import DESKTOP, PHONE, chromium, serve, skip_reason
from tests.helpers import ROOT

REASON = skip_reason()
if REASON:
    pytest.skip(REASON, allow_module_level=True)

from playwright.sync_api import expect  # noqa: E402

from racesite.pipeline import build  # noqa: E402

RACE = "races/xfinity/2023/12-alsco-uniforms-300/"
UPCOMING = "races/xfinity/2023/13-tennessee-lottery-250/"
NEXT_WEEK = """\
---
series: xfinity
season: 2023
round: 13
date: 2023-06-03
name: Tennessee Lottery 250
track: Nashville Superspeedway
laps: 188
qualifying:
  - [1, "16", Chandler Smith, 29.701, 161.601]
  - [2, "7", Justin Allgaier, 29.745]
kind: qualifying
published: 2023-06-02
title: Chandler Smith takes the Nashville pole from a field with an unusually long name list for a phone
---
{{ pole }} will start first.
"""


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("weekend")
    shutil.copytree(ROOT / "tests/sites/weekend-stories/content", root / "content")
    (root / "content/xfinity/2023/13-nashville-qualifying.md").write_text(NEXT_WEEK, encoding="utf-8")
    (root / "content/xfinity/2023/13-nashville-preview.md").write_text(
        "---\nseries: xfinity\nseason: 2023\nround: 13\nkind: preview\npublished: 2023-05-31\n---\nNashville next.\n",
        encoding="utf-8")
    build(root / "content", root / "site")
    with serve(root / "site") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture(params=[PHONE, DESKTOP], ids=["390px", "1280px"])
def page(request, browser):
    context = browser.new_context(viewport=request.param)
    yield context.new_page()
    context.close()


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_story_page_shows_its_text_byline_and_race(page, base_url):
    page.goto(base_url + RACE + "qualifying/")
    expect(page.locator("h1")).to_have_text("Allgaier on the pole")
    expect(page.locator(".byline")).to_have_text("May 27, 2023")
    expect(page.locator(".meta").first).to_contain_text("Qualifying report")
    expect(page.locator(".body")).to_contain_text("Justin Allgaier takes the pole; 2 cars qualified.")
    box = page.get_by_role("complementary", name="The race")
    expect(box).to_be_visible()
    expect(box.get_by_role("listitem")).to_have_count(3)
    expect(box.locator("[aria-current=page]")).to_have_text("Allgaier on the pole")
    assert fits(page)
    box.get_by_role("link", name="Allgaier wins from the pole").click()
    expect(page.locator("h1")).to_have_text("Allgaier wins from the pole")
    page.get_by_role("complementary", name="The race").get_by_role("link", name="Alsco Uniforms 300").click()
    expect(page.locator("h1")).to_have_text("Alsco Uniforms 300")


def test_an_upcoming_race_shows_what_is_known_so_far(page, base_url):
    page.goto(base_url + UPCOMING)
    expect(page.locator("h1")).to_have_text("Tennessee Lottery 250")
    expect(page.locator(".race-header .upcoming")).to_have_text("Upcoming")
    expect(page.locator(".race-header")).to_contain_text("June 3, 2023 · Nashville Superspeedway · 188 laps")
    expect(page.get_by_text("No results yet: the race has not been run.")).to_be_visible()
    qualifying = page.locator("section", has=page.locator("h2#qualifying"))
    expect(qualifying.locator("tbody tr").first).to_contain_text("Chandler Smith")
    expect(qualifying.locator("tbody tr").first).to_contain_text("29.701")
    stories = page.locator("section", has=page.locator("h2#stories")).locator("li")
    expect(stories).to_have_count(2)
    expect(stories.nth(0)).to_contain_text("Preview · May 31, 2023")
    expect(stories.nth(1)).to_contain_text("Qualifying report · June 2, 2023")
    assert fits(page)


def test_a_race_with_several_stories_lists_them_in_publish_order(page, base_url):
    page.goto(base_url + RACE)
    cards = page.locator("section", has=page.locator("h2#stories")).locator("li.card")
    expect(cards).to_have_count(3)
    expect(cards.locator("h3")).to_have_text(["Charlotte next", "Allgaier on the pole", "Allgaier wins from the pole"])
    expect(page.locator("table.results tbody tr").first).to_contain_text("Justin Allgaier")
    boxes = [cards.nth(i).bounding_box() for i in range(3)]
    assert all(boxes)
    side_by_side = boxes[0]["y"] == boxes[1]["y"]  # type: ignore[index]
    assert side_by_side == (page.viewport_size["width"] >= 1000), "cards: stacked on a phone, in a row on a desktop"
    assert fits(page)
    cards.nth(0).get_by_role("link").click()
    expect(page.locator("h1")).to_have_text("Charlotte next")
    expect(page.locator(".body")).to_contain_text("The Xfinity Series races 200 laps at Charlotte.")
