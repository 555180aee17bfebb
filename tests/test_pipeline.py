"""pipeline.py: check and build, top to bottom; a build with errors writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from racesite.errors import BuildError
from racesite.pipeline import build, check
from tests.helpers import RECAP_PATH, SHOWN_PATH, check_lines, lines, recap

RACE_PAGE = "races/xfinity/2021/06-echopark-250/index.html"
DRAFT_PAGE = "races/xfinity/2021/07-bristol-300/index.html"
DRAFT = recap(round=7, date="2021-04-03", name="Bristol 300", draft="true")


def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_writes_the_site_and_reports_it(site):
    content = site({RECAP_PATH: recap()})
    report = build(content, Path("_site"))
    assert report.races == 1
    assert report.warnings == []
    assert (Path("_site") / RACE_PAGE).is_file()
    assert (Path("_site") / "index.html").is_file()
    assert (Path("_site") / "static/style.css").is_file()
    assert report.pages == len([p for p in files_under(Path("_site")) if not p.startswith("static/")])


def test_a_build_with_errors_writes_nothing(site):
    content = site({RECAP_PATH: recap(laps="many"), "xfinity/2021/07.md": recap(round=7, date="2021-02-30")})
    before = files_under(Path.cwd())
    with pytest.raises(BuildError) as caught:
        build(content, Path("_site"))
    assert caught.value.format().splitlines() == [
        "content/xfinity/2021/06-atlanta.md:8: laps: must be a whole number, got 'many'",
        "content/xfinity/2021/07.md:5: date: '2021-02-30' is not a real date: day is out of range for month",
    ]
    assert files_under(Path.cwd()) == before
    assert sorted(p.name for p in Path.cwd().iterdir()) == ["content"]


def test_check_reports_without_writing(site):
    content = site({RECAP_PATH: recap(laps="many")})
    before = files_under(Path.cwd())
    assert lines(check(content)) == [f"{SHOWN_PATH}:8: laps: must be a whole number, got 'many'"]
    assert files_under(Path.cwd()) == before


def test_warnings_do_not_stop_a_build(site):
    content = site({RECAP_PATH: recap(results="[]")})
    report = build(content, Path("_site"))
    assert [w.format() for w in report.warnings] == [
        f"warning: {SHOWN_PATH}:10: results: this recap's race has no results yet: its page shows xfinity 2021 round 6 "
        "as upcoming (add the results (in this file or another of the race's), or set `kind: preview` if the race "
        "has not been run)"]
    page = (Path("_site") / RACE_PAGE).read_text()
    assert '<span class="upcoming">Upcoming</span>' in page
    assert "No results yet: the race has not been run." in page


def test_drafts_are_built_only_when_asked_for(site):
    content = site({RECAP_PATH: recap(), "xfinity/2021/07-bristol.md": DRAFT})
    assert build(content, Path("_site")).races == 1
    assert not (Path("_site") / DRAFT_PAGE).exists()
    assert build(content, Path("_site"), drafts=True).races == 2
    assert "Draft" in (Path("_site") / DRAFT_PAGE).read_text()


def test_check_validates_drafts_too(site):
    content = site({RECAP_PATH: recap(), "xfinity/2021/07-bristol.md": DRAFT.replace("laps: 163", "laps: many")})
    assert check_lines(content) == ["content/xfinity/2021/07-bristol.md:8: laps: must be a whole number, got 'many'"]


def test_base_url_prefixes_every_link(site):
    content = site({RECAP_PATH: recap()})
    build(content, Path("_site"), base_url="https://example.github.io/repo/")
    html = (Path("_site") / RACE_PAGE).read_text()
    assert 'href="/repo/static/style.css"' in html
    assert '<a href="/repo/drivers/justin-allgaier/">Justin Allgaier</a>' in html
    assert 'href="/drivers/' not in html
