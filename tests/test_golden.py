"""The demo's golden pages, one of every kind: a fresh build must match tests/golden/ byte for byte."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from tests.golden import GOLDEN, GOLDEN_PAGES


@pytest.mark.parametrize("page", GOLDEN_PAGES)
def test_page_matches_golden(demo_site: Path, page: str):
    golden = GOLDEN / page
    assert golden.is_file(), f"no golden copy of {page}: run `make golden`"
    built = demo_site / page
    assert built.is_file(), f"the demo build has no {page}"
    expected = golden.read_text(encoding="utf-8")
    actual = built.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                                            f"tests/golden/{page}", f"built/{page}"))
        pytest.fail(f"{page} differs from its golden copy; run `make golden` if the change is intended.\n{diff}",
                    pytrace=False)


def test_golden_folder_holds_only_the_golden_pages():
    held = sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file())
    assert held == sorted(GOLDEN_PAGES)


def test_the_golden_pages_cover_every_kind_of_page(demo_site: Path):
    """Every page kind the site makes has a golden page: its files' top folders (or names) are all covered."""
    from racesite.pages import KINDS

    made = {p.relative_to(demo_site).as_posix() for p in demo_site.rglob("*") if p.is_file()}
    kinds = {kind.name for kind in KINDS}
    assert kinds == {"season", "series", "leaders", "listings", "make", "team", "data", "driver", "track", "home",
                     "race", "404", "story", "records", "downloads", "search", "search-index"}
    shapes = {"home": "index.html", "race": "races/", "driver": "drivers/justin-allgaier/", "track": "tracks/",
              "team": "teams/", "make": "makes/", "season": "series/xfinity/2021/", "series": "series/xfinity/index",
              "leaders": "leaders/", "listings": "drivers/index.html", "404": "404.html", "data": "data/races.json",
              "story": "races/xfinity/2023/12-alsco-uniforms-300/qualifying/", "records": "records/xfinity/",
              "downloads": "data/index.html", "search": "search/"}  # (search-index: Pagefind's files, test_search)
    for kind, prefix in shapes.items():
        assert any(page.startswith(prefix) for page in GOLDEN_PAGES), kind
        assert any(page.startswith(prefix) for page in made), kind
