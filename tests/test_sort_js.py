"""templates/static/sort.js in Chromium: a results table sorted by mouse and keyboard, as a reader would.

The fixture is a static page with a results table written for this test (invented drivers and numbers),
served with the theme's style.css, sort.css and sort.js.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.browser import DESKTOP, chromium, serve, skip_reason

REASON = skip_reason()
if REASON:
    pytest.skip(REASON, allow_module_level=True)

STATIC = Path(__file__).resolve().parents[1] / "templates" / "static"

# fin, driver, led, pts: blanks in Led ("–", "", "—"), thousands, a real minus, ties in Led and Pts.
ROWS = [
    ("1", "Justin Allgaier", "1,234", "55"),
    ("2", "Émile Zola", "12", "45"),
    ("3", "anna Berg", "–", "40"),
    ("4", "Bob Carter", "999", "\u22123"),
    ("5", "Zed Young", "", "40"),
    ("6", "Ada Lopez", "12", "2.5"),
    ("7", "Carl Mint", "—", "40"),
]

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sort</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="style.css"><link rel="stylesheet" href="sort.css">
<script src="sort.js" defer></script></head><body><main class="wrap"><h1>Results</h1>
<div class="table-wrap"><table class="data results">
<thead><tr><th scope="col" class="n" aria-sort="ascending" data-sort-first="ascending">Fin</th>
<th scope="col" class="driver">Driver</th><th scope="col" class="n">Led</th>
<th scope="col" class="n">Pts</th></tr></thead>
<tbody>
{rows}
</tbody></table></div>
<table class="data" id="plain"><tr><td>no thead</td></tr></table>
</main></body></html>"""


def page_html() -> str:
    rows = "\n".join(f'<tr{" class=win" if fin == "1" else ""}><td class="n">{fin}</td><td class="driver">'
                     f'<a href="#">{name}</a></td><td class="n">{led}</td><td class="n">{pts}</td></tr>'
                     for fin, name, led, pts in ROWS)
    return PAGE.replace("{rows}", rows)


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("sort")
    (root / "index.html").write_text(page_html(), encoding="utf-8")
    for name in ("style.css", "sort.css", "sort.js"):
        shutil.copy(STATIC / name, root / name)
    with serve(root) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser, url):
    context = browser.new_context(viewport=DESKTOP)
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    p.goto(url)
    yield p
    context.close()
    assert errors == []


def column(page, index: int) -> list[str]:
    return page.eval_on_selector_all(
        "table.results tbody tr", f"rows => rows.map(r => r.cells[{index}].textContent.trim())")


def sorts(page) -> dict[str, str | None]:
    return page.eval_on_selector_all(
        "table.results thead th",
        "ths => Object.fromEntries(ths.map(t => [t.textContent.trim(), t.getAttribute('aria-sort')]))")


def test_clicking_led_sorts_by_laps_led_most_first_then_least_with_blanks_last(page) -> None:
    page.get_by_role("button", name="Led").click()
    assert column(page, 2) == ["1,234", "999", "12", "12", "–", "", "—"]
    assert column(page, 1)[2:4] == ["Émile Zola", "Ada Lopez"]  # a tie keeps the table's order
    assert sorts(page) == {"Fin": None, "Driver": None, "Led": "descending", "Pts": None}
    page.get_by_role("button", name="Led").click()
    assert column(page, 2) == ["12", "12", "999", "1,234", "–", "", "—"]
    assert sorts(page)["Led"] == "ascending"


def test_keyboard_enter_and_space_sort_and_toggle(page) -> None:
    page.get_by_role("button", name="Pts").focus()
    page.keyboard.press("Enter")
    assert column(page, 3) == ["55", "45", "40", "40", "40", "2.5", "\u22123"]
    assert column(page, 1)[2:5] == ["anna Berg", "Zed Young", "Carl Mint"]  # stable among the 40s
    assert sorts(page)["Pts"] == "descending"
    page.keyboard.press("Space")
    assert column(page, 3) == ["\u22123", "2.5", "40", "40", "40", "45", "55"]
    assert sorts(page)["Pts"] == "ascending"


def test_text_sorts_by_the_pages_language_and_a_header_can_ask_to_start_ascending(page) -> None:
    page.get_by_role("button", name="Driver").click()
    assert column(page, 1) == ["Ada Lopez", "anna Berg", "Bob Carter", "Carl Mint", "Émile Zola",
                               "Justin Allgaier", "Zed Young"]
    assert sorts(page) == {"Fin": None, "Driver": "ascending", "Led": None, "Pts": None}
    page.get_by_role("button", name="Fin").click()  # no longer marked: starts from its data-sort-first
    assert column(page, 0) == ["1", "2", "3", "4", "5", "6", "7"]
    page.get_by_role("button", name="Fin").click()
    assert column(page, 0) == ["7", "6", "5", "4", "3", "2", "1"]
    assert sorts(page)["Fin"] == "descending"


def test_a_header_already_marked_sorted_reverses_on_the_first_click(page) -> None:
    page.get_by_role("button", name="Fin").click()
    assert column(page, 0) == ["7", "6", "5", "4", "3", "2", "1"]
    assert sorts(page)["Fin"] == "descending"


def test_a_table_without_a_thead_is_left_alone(page) -> None:
    assert page.locator("#plain button").count() == 0
    assert page.locator("table.results thead button").count() == 4


def test_without_javascript_the_table_is_as_built(browser, url) -> None:
    context = browser.new_context(java_script_enabled=False)
    p = context.new_page()
    p.goto(url)
    assert p.locator("table.results thead button").count() == 0
    assert p.eval_on_selector("table.results thead th", "th => th.innerHTML") == "Fin"
    assert column(p, 0) == ["1", "2", "3", "4", "5", "6", "7"]
    context.close()
