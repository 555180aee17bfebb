"""What a reader sees in a real browser: the default theme on a phone and without JavaScript.

One headless Chromium per module; the site is a recap with a full 40-car field,
built once and served over HTTP from a thread.
"""

from __future__ import annotations

import pytest

from tests.browser import PHONE, chromium, serve, skip_reason

REASON = skip_reason()
if REASON:
    pytest.skip(REASON, allow_module_level=True)

from playwright.sync_api import expect  # noqa: E402

from racesite.pipeline import build  # noqa: E402
from tests.helpers import RECAP_PATH, SITE_YML, recap  # noqa: E402

RACE = "races/xfinity/2021/06-echopark-250/"
WINNER = "Justin Allgaier"
FIELD = 40

# Long names and teams on purpose: they are what pushes a results table past a phone's width.
DRIVERS = [WINNER, "Jason A. White (Virginia)", "Martin Truex Jr.", "Harrison Burton"] + [
    f"Driver Number {n}" for n in range(5, FIELD + 1)
]
TEAMS = ["JR Motorsports", "Richard Childress Racing", "Joe Gibbs Racing", "Brandonbilt Motorsports"]


def _rows() -> str:
    rows = []
    for fin, driver in enumerate(DRIVERS, start=1):
        start = (fin * 7) % FIELD + 1  # a shuffled grid, every position once
        team = TEAMS[fin % len(TEAMS)]
        rows.append(f'  - [{fin}, {start}, "{fin + 100}", {driver}, {team}, Chevrolet, 163, 0, running, {60 - fin}]\n')
    return "".join(rows)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("browser-site")
    content = root / "content"
    (content / RECAP_PATH).parent.mkdir(parents=True)
    (content / "site.yml").write_text(SITE_YML, encoding="utf-8")
    (content / RECAP_PATH).write_text(recap(rows=_rows()), encoding="utf-8")
    build(content, root / "site")
    with serve(root / "site") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


def test_race_page_does_not_scroll_sideways_on_a_phone(phone, base_url):
    phone.goto(base_url + RACE)
    scroll_width, viewport = phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= viewport


@pytest.mark.parametrize("path", ["", "drivers/jason-a-white-virginia/", "series/xfinity/2021/"])
def test_other_pages_do_not_scroll_sideways_on_a_phone(phone, base_url, path):
    response = phone.goto(base_url + path)
    assert response is not None and response.ok, path
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_results_scroll_inside_their_wrapper_and_fin_stays_put(phone, base_url):
    phone.goto(base_url + RACE)
    wrapper = phone.locator("table.results").locator("xpath=..")
    assert wrapper.evaluate("e => e.scrollWidth > e.clientWidth"), "the results table should overflow its wrapper"

    first = phone.locator("table.results tbody tr").first
    fin, team = first.locator("td").first, first.locator("td").nth(4)
    fin_before, team_before = fin.bounding_box(), team.bounding_box()
    wrapper.evaluate("e => { e.scrollLeft = 150; }")
    fin_after, team_after = fin.bounding_box(), team.bounding_box()

    assert team_after["x"] < team_before["x"] - 100, "the wrapper did not scroll"
    assert fin_after["x"] == pytest.approx(fin_before["x"], abs=0.5), "Fin should stick to the left edge"
    # Nothing scrolled over it: the point at the Fin cell's centre is still the Fin cell.
    x, y = fin_after["x"] + fin_after["width"] / 2, fin_after["y"] + fin_after["height"] / 2
    assert phone.evaluate(f"document.elementFromPoint({x}, {y}).textContent.trim()") == "1"


def test_winner_link_is_visible_and_leads_to_the_driver_page(phone, base_url):
    phone.goto(base_url + RACE)
    link = phone.locator("table.results tbody tr").first.get_by_role("link", name=WINNER)
    expect(link).to_be_visible()
    link.click()
    expect(phone).to_have_url(base_url + "drivers/justin-allgaier/")
    expect(phone.get_by_role("heading", level=1)).to_have_text(WINNER)


def test_results_show_without_javascript(browser, base_url):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(base_url + RACE)
        expect(page.locator("table.results tbody tr")).to_have_count(FIELD)
        expect(page.locator("table.results tbody tr").first.get_by_role("link", name=WINNER)).to_be_visible()
        wrapper = page.locator("table.results").locator("xpath=..")
        assert wrapper.evaluate("e => getComputedStyle(e).overflowX") == "auto", "the stylesheet did not apply"
    finally:
        context.close()


def test_pages_load_nothing_from_other_hosts(phone, base_url):
    requested: list[str] = []
    phone.on("request", lambda request: requested.append(request.url))
    for path in ("", RACE):
        phone.goto(base_url + path)
    assert any(url.endswith("/static/style.css") for url in requested)
    assert [url for url in requested if not url.startswith(base_url)] == []


def test_keyboard_focus_is_visible(phone, base_url):
    phone.goto(base_url + RACE)
    for _ in range(3):  # skip link, brand, first nav link
        phone.keyboard.press("Tab")
        outline = phone.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline not in ("", "none"), phone.evaluate("document.activeElement.outerHTML")
