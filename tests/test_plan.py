"""The build plan: a rebuild after edits gives exactly what a clean build gives, and makes only what changed.

Pages are kept or made again from the inputs each page kind declares (`racesite.pages`); nothing here lists what
a page shows. The last tests add a figure to the stats and to a template, as a developer would, and check that a
cached build follows it with no other change.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from racesite import pipeline, plan, prints
from racesite.errors import BuildError
from racesite.model import Race, Result
from racesite.pipeline import DEFAULT_TEMPLATES, build
from racesite.plan import Cache
from racesite.render import Job
from racesite.stats import Stats, compute
from racesite.stats.career import Careers, Line
from tests.helpers import ROOT


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


def rebuild_matches_clean(root: Path, name: str, **options: object) -> int:
    """Build incrementally into site/ and cleanly into a new folder; assert they are the same; files made."""
    report = build(root / "content", root / "site", cache_dir=root / "cache", **options)  # type: ignore[arg-type]
    clean = root / f"clean-{name}"
    shutil.rmtree(clean, ignore_errors=True)
    build(root / "content", clean, **options)  # type: ignore[arg-type]
    assert files_of(root / "site") == files_of(clean), f"stale output after: {name}"
    return report.rendered


def test_edits_make_only_what_they_touch_and_match_a_clean_build(demo: Path) -> None:
    total = rebuild_matches_clean(demo, "first")
    assert build(demo / "content", demo / "site", cache_dir=demo / "cache").unchanged
    # Alex Labbe raced in 2021 only; the 2023 Charlotte race is its own page.
    untouched = demo / "site/drivers/alex-labbe/index.html"
    edited = demo / "site/races/xfinity/2023/12-alsco-uniforms-300/recap/index.html"
    inodes = (untouched.stat().st_ino, edited.stat().st_ino)

    recap = demo / "content/xfinity/2023/12-charlotte.md"
    recap.write_text(recap.read_text() + "\nOne more sentence.\n")
    index = len(list((demo / "site/pagefind").rglob("*.*")))  # the search index: every file, made in one run
    assert rebuild_matches_clean(demo, "body") == 1 + index, "a story's text shows on its own page (and is searched)"
    assert untouched.stat().st_ino == inodes[0], "an unaffected page is kept, not made again"
    assert edited.stat().st_ino != inodes[1]
    assert "One more sentence." in edited.read_text()

    # A summary is front matter: home, listings and feeds show it, so they follow.
    recap.write_text(recap.read_text().replace("saving enough fuel", "stretching his fuel"))
    assert rebuild_matches_clean(demo, "summary") > 1
    assert "stretching his fuel" in (demo / "site/index.html").read_text()

    # A result changes: the winner's make. Make pages, standings and the driver's page follow.
    first = demo / "content/xfinity/2021/01-daytona.md"
    text = first.read_text()
    row = next(line for line in text.splitlines() if line.startswith("  - [1,"))
    first.write_text(text.replace(row, row.replace("Ford", "Toyota")))
    assert 1 < rebuild_matches_clean(demo, "result") < total

    recap.unlink()  # the results gone with the recap: the race is upcoming again, its recap page gone
    rebuild_matches_clean(demo, "recap removed")
    assert "Upcoming" in (demo / "site/races/xfinity/2023/12-alsco-uniforms-300/index.html").read_text()
    assert not (demo / "site/races/xfinity/2023/12-alsco-uniforms-300/recap").exists()
    (demo / "content/xfinity/2023/12-charlotte-qualifying.md").unlink()  # a race removed: its pages disappear
    rebuild_matches_clean(demo, "removed")
    assert not (demo / "site/races/xfinity/2023").exists()


def test_a_row_edit_makes_that_rows_pages_not_every_driver_in_the_race(demo: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    rebuild_matches_clean(demo, "first")
    made: list[list[str]] = []
    real_render = pipeline.render

    def render(job: Job) -> list[tuple[list[str], str | None]]:  # which pages each build makes
        made.append([str(page.key) for page in job.planned])
        return real_render(job)
    monkeypatch.setattr(pipeline, "render", render)
    site = demo / "site"
    edited = {"drivers/ryan-vargas", "teams/jd-motorsports", "races/xfinity/2021/06-echopark-250"}
    others = {"drivers/blaine-perkins", "drivers/martin-truex-jr", "teams/joe-gibbs-racing", "makes/toyota"}
    inodes = {page: (site / page / "index.html").stat().st_ino for page in edited | others}
    recap = demo / "content/xfinity/2021/06-atlanta.md"
    row = '  - [31, 34, "6", Ryan Vargas, JD Motorsports, Chevrolet, 160, 0, running, 6]'
    recap.write_text(recap.read_text().replace(row, row.replace("running", "engine")))
    rebuild_matches_clean(demo, "one row")
    assert {page for page in edited | others if (site / page / "index.html").stat().st_ino != inodes[page]} == edited
    # races.json shows of a race its place, winner and pole: a row below them leaves it; his line changed.
    assert "data:drivers" in made[0] and "data:races" not in made[0]  # (made[1]: the clean build's)
    assert "<td>engine</td>" in (site / "drivers/ryan-vargas/index.html").read_text()
    # The winner leads 100 laps more, the runner-up 100 fewer: the all-time leaders change, the A-to-Z lists (the
    # same names) are kept.
    lists = {page: (site / page / "index.html").stat().st_ino for page in ("drivers", "teams", "tracks", "makes")}
    text = recap.read_text()
    for before, after in (("Justin Allgaier, JR Motorsports, Chevrolet, 163, 47,", ", 147,"),
                          ("Martin Truex Jr., Joe Gibbs Racing, Toyota, 163, 103,", ", 3,")):
        assert before in text
        text = text.replace(before, before[:before.rindex(", ", 0, -1)] + after)
    recap.write_text(text)
    rebuild_matches_clean(demo, "laps led")
    assert "leaders" in made[2] and "listings" not in made[2]
    assert all((site / page / "index.html").stat().st_ino == inode for page, inode in lists.items())


def test_a_new_process_hashes_the_rows_of_edited_races_only(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each race's rows' hashes are kept with the cache (by the race's digest): a build in a new process after a
    results edit hashes that race's rows alone, and still matches a clean build."""
    rebuild_matches_clean(demo, "first")  # (the rows' hashes taken as the pages were made)
    hashed: list[str] = []
    real = prints.entry_texts

    def entry_texts(race: Race) -> Iterator[tuple[Result, str]]:
        hashed.append(race.source)
        return real(race)
    monkeypatch.setattr(prints, "entry_texts", entry_texts)
    recap = demo / "content/xfinity/2021/06-atlanta.md"
    row = '  - [31, 34, "6", Ryan Vargas, JD Motorsports, Chevrolet, 160, 0, running, 6]'
    recap.write_text(recap.read_text().replace(row, row.replace("running", "engine")))
    assert rebuild_matches_clean(demo, "one row") > 0
    # (the clean build hashes nothing: it keeps no fingerprints)
    assert [Path(source).name for source in hashed] == [recap.name], hashed


def test_a_new_process_parses_the_templates_again_only_when_one_changed(demo: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    templates = demo / "templates"
    shutil.copytree(DEFAULT_TEMPLATES, templates)
    rebuild_matches_clean(demo, "first", templates=templates)
    parsed: list[int] = []
    real = plan.template_digests
    monkeypatch.setattr(plan, "template_digests", lambda *args: parsed.append(1) or real(*args))
    recap = demo / "content/xfinity/2021/06-atlanta.md"
    recap.write_text(recap.read_text().replace("running, 6]", "engine, 6]", 1))
    build(demo / "content", demo / "site", cache_dir=demo / "cache", templates=templates)
    assert parsed == []
    driver = templates / "driver.html"
    driver.write_text(driver.read_text().replace("<h1>{{ driver.name }}</h1>", "<h1>Driver {{ driver.name }}</h1>"))
    assert rebuild_matches_clean(demo, "template", templates=templates) > 0
    assert parsed == [1]
    assert "<h1>Driver Ryan Vargas</h1>" in (demo / "site/drivers/ryan-vargas/index.html").read_text()


def test_a_sites_first_story_does_not_parse_the_templates_again(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """What each template uses is kept for every kind's templates, not only those of the kinds with pages: the
    first story on a site (its first page of a new kind: an imported history's first recap text) keeps them."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests/sites/minimal/content", content)
    recap = content / "xfinity/2021/06-atlanta.md"
    written = recap.read_text()
    front = written[:written.index("\n---\n", 4) + 5]
    recap.write_text(front)
    cache = Cache(tmp_path / "cache", content, tmp_path / "site")
    build(content, tmp_path / "site", cache_dir=tmp_path / "cache", cache=cache)
    assert not list((tmp_path / "site").rglob("*recap*"))
    parsed: list[int] = []
    real = plan.template_digests
    monkeypatch.setattr(plan, "template_digests", lambda *args: parsed.append(1) or real(*args))
    recap.write_text(written)
    build(content, tmp_path / "site", cache_dir=tmp_path / "cache", cache=cache)
    assert parsed == []
    build(content, tmp_path / "clean")
    assert files_of(tmp_path / "site") == files_of(tmp_path / "clean")
    assert "caught speeding on pit road" in "".join(
        path.read_text() for path in (tmp_path / "site").rglob("*.html"))


def test_a_template_change_makes_the_pages_that_use_it(demo: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    first = build(demo / "content", demo / "site", templates=templates, cache_dir=demo / "cache")
    base = templates / "base.html"  # every page extends it
    base.write_text(base.read_text().replace("<main", "<!-- changed --><main"))
    again = build(demo / "content", demo / "site", templates=templates, cache_dir=demo / "cache")
    index = len(list((demo / "site/pagefind").rglob("*.*")))
    # All but data/drivers.json and races.json, and the search index (no template)
    assert (again.rendered, again.reused) == (first.rendered - 2 - index, 2 + index)
    assert "<!-- changed -->" in (demo / "site/index.html").read_text()
    track = templates / "track.html"  # track pages alone
    track.write_text(track.read_text().replace("<h1>", "<h1 class='t'>"))
    tracks = build(demo / "content", demo / "site", templates=templates, cache_dir=demo / "cache")
    assert tracks.rendered == len(list((demo / "site/tracks").glob("*/index.html")))


def test_a_failed_incremental_build_leaves_the_site_and_the_next_build_works(demo: Path) -> None:
    build(demo / "content", demo / "site", cache_dir=demo / "cache")
    before = files_of(demo / "site")
    recap = demo / "content/xfinity/2021/06-atlanta.md"
    good = recap.read_text()
    recap.write_text(good.replace("date: 2021-03-20", "date: 2021-02-30"))
    with pytest.raises(BuildError):
        build(demo / "content", demo / "site", cache_dir=demo / "cache")
    assert files_of(demo / "site") == before
    recap.write_text(good)
    assert build(demo / "content", demo / "site", cache_dir=demo / "cache").unchanged


def test_a_folder_replaced_by_another_build_is_not_updated_from_the_old_record(demo: Path) -> None:
    """A build without the cache replaces the folder; the cache's record of the folder no longer applies."""
    build(demo / "content", demo / "site", cache_dir=demo / "cache")
    build(demo / "content", demo / "site", base_url="https://example.com/other/")  # no cache: a whole new folder
    recap = demo / "content/xfinity/2023/12-charlotte.md"
    recap.write_text(recap.read_text() + "\nOne more sentence.\n")
    report = build(demo / "content", demo / "site", cache_dir=demo / "cache")
    assert report.reused == 0
    build(demo / "content", demo / "clean")
    assert files_of(demo / "site") == files_of(demo / "clean")


def test_a_file_removed_from_the_site_by_hand_is_made_again(demo: Path) -> None:
    build(demo / "content", demo / "site", cache_dir=demo / "cache")
    (demo / "site/drivers/alex-labbe/index.html").unlink()
    recap = demo / "content/xfinity/2023/12-charlotte.md"
    recap.write_text(recap.read_text() + "\nOne more sentence.\n")
    rebuild_matches_clean(demo, "removed by hand")


def test_a_long_running_process_keeps_its_cache_and_still_matches_clean_builds(demo: Path) -> None:
    """The live preview's way: one `Cache` kept across builds (file hashes and parsed files in memory)."""
    content, out = demo / "content", demo / "site"
    cache = Cache(demo / "cache", content, out)
    build(content, out, cache_dir=demo / "cache", cache=cache)
    recap = content / "xfinity/2021/06-atlanta.md"
    for n, edit in enumerate((lambda t: t + "\nMore.\n", lambda t: t.replace(", 103, running", ", 102, running"),
                              lambda t: t.replace("EchoPark 250", "EchoPark 251"))):
        recap.write_text(edit(recap.read_text()))
        build(content, out, cache_dir=demo / "cache", cache=cache)
        build(content, demo / f"clean-{n}")
        assert files_of(out) == files_of(demo / f"clean-{n}")
    # What it keeps of the results rows stays one build's, however many edits.
    for n in range(4):
        recap.write_text(recap.read_text().replace(f", {102 - n}, running", f", {101 - n}, running"))
        build(content, out, cache_dir=demo / "cache", cache=cache)
        assert cache.stats is not None and cache.stats.made_from is not None
        races = cache.stats.made_from.races
        assert len(cache.rows.pairs) <= sum(len(race.results) for race in races)
        assert len(cache.rows.by_race) <= len(races) + 1  # (+1: the edited race as it was, compared with)


def test_a_long_running_process_hashes_only_the_changed_inputs_from_its_first_edit_on(
        demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first build's pages are fingerprinted as they are made (in the render workers); the digests of their
    inputs come back with them, so the first edit after it hashes only the inputs that changed, as later edits do,
    and still matches a clean build."""
    content, out = demo / "content", demo / "site"
    cache = Cache(demo / "cache", content, out)
    build(content, out, cache_dir=demo / "cache", cache=cache)
    assert cache.inputs_of and all(seen.digests is not None for seen in cache.inputs_of.values())
    whole: list[int] = []
    real = plan.field_digests
    monkeypatch.setattr(plan, "field_digests", lambda *args: whole.append(1) or real(*args))
    recap = content / "xfinity/2021/06-atlanta.md"
    recap.write_text(recap.read_text().replace(", 103, running", ", 102, running"))
    assert build(content, out, cache_dir=demo / "cache", cache=cache).rendered > 0
    assert whole == []  # (before: every field of every changed page hashed again)
    build(content, demo / "clean")
    assert files_of(out) == files_of(demo / "clean")


def test_a_long_running_process_takes_again_the_inputs_of_drivers_an_edit_leaves(demo: Path) -> None:
    """A driver's inputs (his feed is the slow part) are gathered again only when what they are gathered from
    changed: after a row edit, the drivers of that race get new inputs, the others keep the last build's (the
    same objects); a story added to a race renews its drivers' feeds. Every build matches a clean one."""
    content, out = demo / "content", demo / "site"
    cache = Cache(demo / "cache", content, out)

    def driver_inputs() -> dict[str, Any]:
        build(content, out, cache_dir=demo / "cache", cache=cache)
        return {key.id[0]: inputs for key, (_, _, inputs) in cache.reuse.last.items() if key.kind == "driver"}

    first = driver_inputs()
    recap = content / "xfinity/2021/06-atlanta.md"
    text = recap.read_text()
    recap.write_text(text.replace(", 103, running", ", 102, running"))
    second = driver_inputs()
    in_race = {line.split(", ")[3] for line in text.splitlines() if line.startswith("  - [")}
    assert "Ryan Vargas" in in_race and len(in_race) > 10
    assert {name for name in first if second[name] is not first[name]} == in_race
    build(content, demo / "clean")
    assert files_of(out) == files_of(demo / "clean")
    story = content / "xfinity/2021/05-phoenix-preview.md"
    story.write_text((content / "xfinity/2021/06-atlanta-preview.md").read_text().replace("round: 6", "round: 5"))
    third = driver_inputs()
    phoenix = {line.split(", ")[3] for line in (content / "xfinity/2021/05-phoenix.md").read_text().splitlines()
               if line.startswith("  - [")}
    assert {name for name in second if third[name] is not second[name]} == phoenix
    assert all(any(item.story is not None and item.story.source == str(story) for item in third[name].feed)
               for name in phoenix)
    build(content, demo / "clean2")
    assert files_of(out) == files_of(demo / "clean2")


def test_a_long_running_process_takes_the_downloads_and_drivers_data_again_after_a_story_edit(demo: Path) -> None:
    """A story's text leaves the stats as they were: the downloads' and drivers.json's inputs (every driver's
    career lines, every race) are the last build's; a results edit gathers them again. Each equals a clean build."""
    content, out = demo / "content", demo / "site"
    cache = Cache(demo / "cache", content, out)

    def inputs() -> dict[str, Any]:
        build(content, out, cache_dir=demo / "cache", cache=cache)
        return {str(key): value for key, (_, _, value) in cache.reuse.last.items()
                if str(key) in ("downloads", "data:drivers")}

    first = inputs()
    assert len(first) == 2
    story = content / "xfinity/2023/12-charlotte.md"
    story.write_text(story.read_text() + "\nOne more sentence.\n")
    second = inputs()
    assert all(second[key] is first[key] for key in first)
    recap = content / "xfinity/2021/06-atlanta.md"
    recap.write_text(recap.read_text().replace(", 103, running", ", 102, running"))
    third = inputs()
    assert all(third[key] is not second[key] for key in first)
    build(content, demo / "clean")
    assert files_of(out) == files_of(demo / "clean")


def test_a_long_running_process_makes_the_sitemap_again_only_when_the_pages_change(
        demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The hosting files (sitemap.xml...) come from the list of pages: an edit that adds or removes no page keeps
    the last build's; a new race's page is in the next sitemap. Each build matches a clean one."""
    content, out = demo / "content", demo / "site"
    cache = Cache(demo / "cache", content, out)
    made: list[int] = []
    real = pipeline.hosting_files
    monkeypatch.setattr(pipeline, "hosting_files", lambda *args: made.append(1) or real(*args))
    build(content, out, cache_dir=demo / "cache", cache=cache)
    recap = content / "xfinity/2021/06-atlanta.md"
    recap.write_text(recap.read_text().replace(", 103, running", ", 102, running"))
    build(content, out, cache_dir=demo / "cache", cache=cache)
    assert made == [1]
    edit(content, "new race", 0)
    build(content, out, cache_dir=demo / "cache", cache=cache)
    assert made == [1, 1] and "races/xfinity/2021/20-" in (out / "sitemap.xml").read_text()
    build(content, demo / "clean")
    assert files_of(out) == files_of(demo / "clean")


def test_inputs_are_taken_again_only_from_the_very_same_sources() -> None:
    """`Reuse`: a page's inputs come back when gathered from the same objects and equal small sources; what the
    last build gathered from the same objects (`gathered`) comes back whatever the small ones were; an equal copy
    of a large source is not the same."""
    from racesite.pages import PageKey, Reuse

    reuse, key = Reuse(), PageKey("driver", ("A",))
    entries, copy = (("race", "row"),), tuple([("race", "row")])  # (equal, not the same object)
    made = reuse.inputs(key, (entries,), ("file",), lambda: ["inputs"])
    reuse.next_build()
    assert reuse.gathered(key, (entries,)) is made and reuse.gathered(key, (copy,)) is None
    assert reuse.gathered(PageKey("driver", ("B",)), (entries,)) is None
    assert reuse.inputs(key, (entries,), ("another file",), lambda: ["new"]) == ["new"]
    reuse.next_build()
    assert reuse.inputs(key, (entries,), ("another file",), lambda: ["newer"]) == ["new"]


def test_a_long_running_process_takes_again_the_inputs_of_races_an_edit_leaves(demo: Path) -> None:
    """A race page's inputs are gathered again when the race, its neighbours in its season, its round's other
    races or their stories changed: a row edit renews the edited race's and its neighbours' (whose pages link to
    it), a story added renews its race's (and so its neighbours'); every other race keeps the last build's
    inputs."""
    content, out = demo / "content", demo / "site"
    cache = Cache(demo / "cache", content, out)

    def race_inputs() -> dict[str, Any]:
        build(content, out, cache_dir=demo / "cache", cache=cache)
        return {":".join(map(str, key.id[1:3])): inputs for key, (_, _, inputs) in cache.reuse.last.items()
                if key.kind == "race"}

    first = race_inputs()
    recap = content / "xfinity/2021/06-atlanta.md"
    recap.write_text(recap.read_text().replace(", 103, running", ", 102, running"))
    second = race_inputs()
    assert {key for key in first if second[key] is not first[key]} == {"2021:5", "2021:6"}  # (round 6 is the last)
    (content / "xfinity/2021/03-homestead-preview.md").write_text(
        (content / "xfinity/2021/06-atlanta-preview.md").read_text().replace("round: 6", "round: 3"))
    third = race_inputs()
    # (the race is merged again with the new file's parts: a new object, which its neighbours link to)
    assert {key for key in second if third[key] is not second[key]} == {"2021:2", "2021:3", "2021:4"}
    assert len(third["2021:3"].stories) == len(second["2021:3"].stories) + 1
    preview = content / "xfinity/2021/06-atlanta-preview.md"
    preview.write_text(preview.read_text().replace("summary: ", "summary: Edited. ", 1))
    fourth = race_inputs()
    assert any(card.summary.startswith("Edited. ") for card in fourth["2021:6"].stories)
    build(content, demo / "clean")
    assert files_of(out) == files_of(demo / "clean")


# --- any sequence of edits ------------------------------------------------------------------------------------

RECAPS = ("xfinity/2021/01-daytona.md", "xfinity/2021/06-atlanta.md", "xfinity/2023/12-charlotte.md")
EDITS = ("prose", "summary", "laps led", "status", "name", "draft", "new race", "remove", "driver file",
         "description", "points")


def edit(content: Path, kind: str, which: int) -> None:
    """One edit a writer might make to the demo content."""
    recap = content / RECAPS[which % len(RECAPS)]
    if not recap.exists():
        return
    text = recap.read_text()
    rows = [line for line in text.splitlines() if line.startswith("  - [")]
    if kind == "prose":
        recap.write_text(text + f"\nAnother sentence, number {which}.\n")
    elif kind == "summary":
        recap.write_text(text.replace("summary: ", f"summary: Edited {which}: ", 1))
    elif kind == "laps led" and rows:
        cells = rows[-1].split(", ")
        recap.write_text(text.replace(rows[-1], ", ".join([*cells[:7], str(which % 3), *cells[8:]])))
    elif kind == "status" and rows:
        recap.write_text(text.replace(rows[-1], rows[-1].replace("running", "engine")))
    elif kind == "name":
        recap.write_text(text.replace("\nname: ", f"\nname: Renamed {which} ", 1))
    elif kind == "draft":
        recap.write_text(text.replace("\nseries:", "\ndraft: true\nseries:", 1) if "draft:" not in text
                         else text.replace("draft: true\n", ""))
    elif kind == "new race":
        extra = content / f"xfinity/2021/{20 + which:02d}-extra.md"
        extra.write_text(text.replace("round: ", f"round: {20 + which}  # ", 1).replace(
            "\ndate: 2021-", "\ndate: 2021-12-01  # ", 1))
    elif kind == "remove":
        recap.unlink()
    elif kind == "driver file":
        driver = content / "drivers/justin-allgaier.md"
        driver.write_text(driver.read_text() + f"\nMore about him, {which}.\n")
    elif kind == "description":
        site = content / "site.yml"
        site.write_text(site.read_text().replace("description: ", f"description: ({which}) ", 1))
    elif kind == "points":
        recap.write_text(text.replace(rows[0], rows[0].rsplit(", ", 1)[0] + f", {40 + which}]") if rows else text)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 5)), min_size=1, max_size=3))
def test_any_sequence_of_edits_gives_what_a_clean_build_gives(tmp_path_factory: pytest.TempPathFactory,
                                                              edits: list[tuple[str, int]]) -> None:
    root = tmp_path_factory.mktemp("edits")
    shutil.copytree(ROOT / "content", root / "content")
    build(root / "content", root / "site", cache_dir=root / "cache")
    for n, (kind, which) in enumerate(edits):
        edit(root / "content", kind, which)
        try:
            rebuild_matches_clean(root, f"{n}-{kind}")
        except BuildError:  # an edit the content does not allow: the site must be as it was
            continue


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 5)), min_size=2, max_size=4))
def test_any_sequence_of_edits_in_a_long_running_process_gives_what_a_clean_build_gives(
        tmp_path_factory: pytest.TempPathFactory, edits: list[tuple[str, int]]) -> None:
    """The live preview's way: one `Cache` kept in memory (merged races, stats, fingerprints) across the edits."""
    root = tmp_path_factory.mktemp("warm")
    shutil.copytree(ROOT / "content", root / "content")
    cache = Cache(root / "cache", root / "content", root / "site")
    build(root / "content", root / "site", cache_dir=root / "cache", cache=cache, drafts=True)
    for n, (kind, which) in enumerate(edits):
        edit(root / "content", kind, which)
        try:
            build(root / "content", root / "site", cache_dir=root / "cache", cache=cache, drafts=True)
        except BuildError:
            continue
        clean = root / f"clean-{n}"
        build(root / "content", clean, drafts=True)
        assert files_of(root / "site") == files_of(clean), f"stale output after: {n}-{kind}"


# --- what a page shows is what it declares -------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class RankedLine(Line):
    """A figure a developer adds to the stats: the driver's place in his series by wins (ties share a place)."""

    rank: int = 0


def ranked(stats: Stats) -> Stats:
    """`stats` with every career line ranked by wins within its series."""
    career = stats.careers.career
    ranks = {key: 1 + sum(1 for (_, s), other in career.items() if s == key[1] and other.wins > line.wins)
             for key, line in career.items()}
    lines = {key: RankedLine(**{f.name: getattr(line, f.name) for f in dataclasses.fields(Line)}, rank=ranks[key])
             for key, line in career.items()}
    careers = Careers(lines, stats.careers.season, stats.careers.seasons_of, stats.careers.by_season,
                      stats.careers.by_series)
    return dataclasses.replace(stats, careers=careers)


def test_a_figure_added_to_the_stats_and_a_template_is_followed_by_a_cached_build(
        demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer changes two things: the stats (a rank on each career line) and the driver template (a column
    showing it). A driver's rank changes when someone else wins a race he did not run; his page shows the new rank
    after a cached build, as after a clean one, though none of his races changed."""
    monkeypatch.setattr(pipeline, "compute", lambda site, last=None: ranked(compute(site)))
    templates = tmp_path / "templates"
    shutil.copytree(DEFAULT_TEMPLATES, templates)
    driver = templates / "driver.html"
    driver.write_text(driver.read_text().replace(
        "<h2>Career</h2>", "<h2>Career</h2>\n{% for row in driver.careers %}<p class='rank'>Rank {{ row.line.rank }}"
                           "</p>{% endfor %}"))
    options = {"templates": templates}
    rebuild_matches_clean(demo, "first", **options)
    page = demo / "site/drivers/alex-labbe/index.html"  # he raced at Atlanta 2021 alone
    before = page.read_text()
    assert "<p class='rank'>Rank " in before
    recap = demo / "content/xfinity/2023/12-charlotte.md"  # a race he did not run: its winner changes
    text = recap.read_text()
    recap.write_text(text.replace("Justin Allgaier, JR Motorsports, Chevrolet, 200, 83, running, 56",
                                  "Alex Labbe2, JR Motorsports, Chevrolet, 200, 83, running, 56"))
    rebuild_matches_clean(demo, "another driver's win", **options)
    assert page.read_text() != before  # his rank moved, though no race of his changed
