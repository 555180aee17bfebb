"""The demo's golden pages: a fresh build must match tests/golden/ byte for byte."""

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
