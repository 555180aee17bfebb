"""tests.validators: the Nu HTML checker and axe find what they should, and pass this branch's parts.

Known-bad and known-good pages are written here; the charts, sortable table and search page are the
fixtures of their own tests, checked as they will be once the lead wires them into the pages.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.browser import PHONE, chromium, serve
from tests.validators import (
    Finding,
    axe_findings,
    axe_on_page,
    axe_skip_reason,
    check_site,
    nu_findings,
    nu_skip_reason,
    pages_of_every_kind,
)

STATIC = Path(__file__).resolve().parents[1] / "templates" / "static"

GOOD = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Good</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>Good</h1><p><img src="data:," alt="A car"> <a href="#x">More</a></p></main></body></html>"""

BAD = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Bad</title></head>
<body><main><h1 id="x">Bad</h1><p id="x"><img src="data:,"></p><button></button></div></main></body></html>"""

needs_nu = pytest.mark.skipif(nu_skip_reason() is not None, reason=nu_skip_reason() or "")
needs_axe = pytest.mark.skipif(axe_skip_reason() is not None, reason=axe_skip_reason() or "")


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The known pages, and this branch's fixtures, in one served folder."""
    from tests import test_charts_browser, test_search, test_sort_js

    root = tmp_path_factory.mktemp("checked")
    (root / "good.html").write_text(GOOD, encoding="utf-8")
    (root / "bad.html").write_text(BAD, encoding="utf-8")
    (root / "charts.html").write_text(test_charts_browser.page(), encoding="utf-8")
    (root / "sort.html").write_text(test_sort_js.page_html(), encoding="utf-8")
    site = root / "repo"
    (site / "search").mkdir(parents=True)
    shutil.copytree(STATIC, site / "static")
    for name in ("style.css", "charts.css", "sort.css", "sort.js"):
        shutil.copy(STATIC / name, root / name)
    (site / "search" / "index.html").write_text(
        test_search.page(test_search.search_page(test_search.BASE, [("Drivers", "/repo/drivers/")]), "Search"),
        encoding="utf-8")
    test_search.write_index(test_search.RECORDS, site / "pagefind")
    return root


@needs_nu
def test_nu_reports_each_error_with_its_file_and_line_and_passes_a_good_page(pages: Path) -> None:
    findings = nu_findings([pages / "good.html", pages / "bad.html"])
    assert {f.where for f in findings} == {str(pages / "bad.html")}
    messages = [(f.line, f.severity, f.message) for f in findings]
    assert (2, "error", "Duplicate ID “x”.") in messages
    assert (2, "error", "An “img” element must have an “alt” attribute, except under certain conditions. "
            "For details, consult guidance on providing text alternatives for images.") in messages
    assert any(m.startswith("Stray end tag “div”") for _, _, m in messages)
    assert str(findings[0]).startswith(f"{pages / 'bad.html'}:2: nu error html: ")


@needs_nu
def test_this_branchs_charts_table_and_search_page_are_valid_html(pages: Path) -> None:
    assert nu_findings([pages / "charts.html", pages / "sort.html", pages / "repo" / "search" / "index.html"]) == []


@needs_axe
def test_axe_reports_violations_by_rule_and_element_and_passes_a_good_page(pages: Path) -> None:
    with serve(pages) as base:
        findings = axe_findings([base + "good.html", base + "bad.html"])
    assert {f.where for f in findings} == {base + "bad.html"}
    rules = {(f.rule, f.target) for f in findings}
    assert ("image-alt", "img") in rules
    assert ("button-name", "button") in rules
    assert all(isinstance(f, Finding) and f.tool == "axe" and f.severity for f in findings)


@needs_axe
def test_this_branchs_charts_table_and_search_page_pass_axe_light_dark_and_on_a_phone(pages: Path) -> None:
    with serve(pages) as base, chromium() as browser:
        urls = [base + "charts.html", base + "sort.html"]
        findings = axe_findings(urls, browser=browser)
        findings += axe_findings(urls, browser=browser, color_scheme="dark")
        findings += axe_findings(urls, browser=browser, viewport=PHONE)
        for scheme in ("light", "dark"):  # the search page once its results are listed
            context = browser.new_context(color_scheme=scheme)
            page = context.new_page()
            page.goto(base + "repo/search/?q=Allgaier")
            page.locator(".search-results li").first.wait_for()
            findings += axe_on_page(page, f"search ({scheme})")
            context.close()
    assert [str(f) for f in findings] == []


def test_one_page_of_every_kind_is_picked_from_a_built_site(demo_site: Path) -> None:
    pages = pages_of_every_kind(demo_site)
    assert {"home", "race", "driver", "track", "team", "standings", "404"} <= set(pages)
    assert pages["race"].relative_to(demo_site).parts[0] == "races"
    assert pages["standings"].relative_to(demo_site).as_posix().startswith("series/xfinity/2021/standings/")


@needs_nu
@needs_axe
def test_one_page_of_every_kind_of_the_demo_has_no_nu_error_and_no_axe_violation(demo_site: Path) -> None:
    """The Nu HTML checker and axe (light, dark, at a phone's width) over the demo's pages, one of each kind."""
    assert {"home", "race", "story", "driver", "standings", "records", "downloads", "search"} <= set(
        pages_of_every_kind(demo_site))
    assert [str(f) for f in check_site(demo_site)] == []


@needs_nu
@needs_axe
def test_one_page_of_every_kind_of_the_full_history_has_no_nu_error_and_no_axe_violation(
        history_build: dict[str, Any]) -> None:
    """The same over the full NASCAR history built from ../shared (skipped without it): the longest tables,
    the most rounds, names of every era."""
    site = history_build["site"]
    assert {"home", "race", "driver", "track", "team", "standings", "records", "downloads", "search"} <= set(
        pages_of_every_kind(site))
    assert [str(f) for f in check_site(site)] == []
