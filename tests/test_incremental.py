"""Incremental builds: a rebuild after an edit gives exactly what a clean build gives, and does less work."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from racesite.errors import BuildError
from racesite.incremental import Manifest
from racesite.pipeline import Warm, build
from tests.helpers import ROOT
from tests.test_pages import table


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


def rebuild_matches_clean(root: Path, name: str) -> int:
    """Build incrementally into site/ and cleanly into a new folder; assert they are the same; pages rendered."""
    report = build(root / "content", root / "site", cache_dir=root / "cache")
    build(root / "content", root / f"clean-{name}")
    assert files_of(root / "site") == files_of(root / f"clean-{name}"), f"stale output after: {name}"
    return report.rendered


def test_edits_rebuild_only_what_they_touch_and_match_a_clean_build(demo: Path) -> None:
    total = rebuild_matches_clean(demo, "first")
    assert build(demo / "content", demo / "site", cache_dir=demo / "cache").unchanged
    # Alex Labbe raced in 2021 only; the 2023 Charlotte race is its own page.
    untouched = demo / "site/drivers/alex-labbe/index.html"
    edited = demo / "site/races/xfinity/2023/12-alsco-uniforms-300/index.html"
    inodes = (untouched.stat().st_ino, edited.stat().st_ino)

    recap = demo / "content/xfinity/2023/12-charlotte.md"
    recap.write_text(recap.read_text() + "\nOne more sentence.\n")
    assert rebuild_matches_clean(demo, "body") == 1, "prose shows on its race's page only"
    assert untouched.stat().st_ino == inodes[0], "an unaffected page is reused, not rendered again"
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

    recap.unlink()  # a race removed: its pages disappear
    rebuild_matches_clean(demo, "removed")
    assert not (demo / "site/races/xfinity/2023").exists()


def test_a_template_change_rerenders_everything(demo: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    first = build(demo / "content", demo / "site", templates=templates, cache_dir=demo / "cache")
    base = templates / "base.html"
    base.write_text(base.read_text().replace("<main", "<!-- changed --><main"))
    again = build(demo / "content", demo / "site", templates=templates, cache_dir=demo / "cache")
    assert again.rendered == first.rendered
    assert "<!-- changed -->" in (demo / "site/index.html").read_text()


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


def test_a_long_running_process_keeps_what_it_can_and_still_matches_clean_builds(demo: Path) -> None:
    """The live preview's way: one `Warm` kept across builds (parsed recaps, stats, fingerprints in memory)."""
    warm = Warm.start(demo / "cache")

    def again(name: str) -> int:
        report = build(demo / "content", demo / "site", cache_dir=demo / "cache", warm=warm)
        build(demo / "content", demo / f"clean-{name}")
        assert files_of(demo / "site") == files_of(demo / f"clean-{name}"), f"stale output after: {name}"
        return report.rendered

    again("first")
    stats = warm.stats
    recap = demo / "content/xfinity/2023/12-charlotte.md"
    recap.write_text(recap.read_text() + "\nIt was {{ cars }} cars and {{ winner }} won.\n")
    assert again("prose") == 1
    assert warm.stats is not None and warm.stats.drivers is stats.drivers  # numbers reused, bodies filled again
    page = demo / "site/races/xfinity/2023/12-alsco-uniforms-300/index.html"
    assert "It was 38 cars and Justin Allgaier won." in page.read_text()

    first = demo / "content/xfinity/2021/01-daytona.md"
    text = first.read_text()
    row = next(line for line in text.splitlines() if line.startswith("  - [1,"))
    first.write_text(text.replace(row, row.replace("Ford", "Toyota")))
    assert again("result") > 1
    assert warm.stats.drivers is not stats.drivers  # new data: new numbers

    recap.write_text(recap.read_text() + "\nAnd one more sentence.\n")
    assert again("prose after result") == 1
    recap.unlink()
    again("removed")


def test_a_results_edit_in_a_long_running_process_remakes_only_the_pages_showing_the_changed_rows(demo: Path) -> None:
    """In the live preview an edit to one row's status updates the numbers from the last build's and remakes the
    race's page and the pages of that row's driver, team and make, its track, season and series, home and the
    data files; the other drivers, teams and makes of the race keep their pages, and the listings theirs (a DNF
    is in no leader table)."""
    warm = Warm.start(demo / "cache")
    cold = demo / "cold"  # the same edits built by one process each, to count what a whole stats pass remakes
    shutil.copytree(demo / "content", cold / "content")
    build(demo / "content", demo / "site", cache_dir=demo / "cache", warm=warm)
    recap = demo / "content/xfinity/2023/12-charlotte.md"
    recap.write_text(recap.read_text() + "\nA sentence first: the numbers stay, the race is read again.\n")
    build(demo / "content", demo / "site", cache_dir=demo / "cache", warm=warm)
    shutil.copy(recap, cold / "content/xfinity/2023/12-charlotte.md")
    build(cold / "content", cold / "site", cache_dir=cold / "cache")
    before = Manifest.load(demo / "cache", demo / "site")
    assert before is not None
    for content in (demo / "content", cold / "content"):
        recap = content / "xfinity/2023/12-charlotte.md"
        recap.write_text(recap.read_text().replace("Kaz Grala, Sam Hunt Racing, Toyota, 199, 0, running,",
                                                   "Kaz Grala, Sam Hunt Racing, Toyota, 199, 0, engine,"))
    stats = warm.stats
    page = demo / "site/drivers/kaz-grala/index.html"
    shown, dnf = page.read_bytes(), grala_dnf(demo / "site")
    report = build(demo / "content", demo / "site", cache_dir=demo / "cache", warm=warm)
    after = Manifest.load(demo / "cache", demo / "site")
    assert after is not None and stats is not None and warm.stats is not None
    assert warm.stats.drivers.career[("Alex Labbe", "xfinity")] is stats.drivers.career[("Alex Labbe", "xfinity")]
    remade = {key for key, (fingerprint, _) in after.makers.items() if before.makers[key][0] != fingerprint}
    assert remade == {"race:xfinity:2023:12", "driver:Kaz Grala", "team:Sam Hunt Racing", "make:Toyota",
                      "track:Charlotte Motor Speedway", "season:xfinity:2023", "series:xfinity", "home", "data"}
    assert report.rendered < build(cold / "content", cold / "site", cache_dir=cold / "cache").rendered
    build(demo / "content", demo / "clean")
    assert files_of(demo / "site") == files_of(demo / "clean")
    assert page.read_bytes() != shown
    assert grala_dnf(demo / "site") == dnf + 1
    recap = demo / "content/xfinity/2023/12-charlotte.md"  # and back: kept data entries are not his old ones
    recap.write_text(recap.read_text().replace("Kaz Grala, Sam Hunt Racing, Toyota, 199, 0, engine,",
                                               "Kaz Grala, Sam Hunt Racing, Toyota, 199, 0, running,"))
    build(demo / "content", demo / "site", cache_dir=demo / "cache", warm=warm)
    assert grala_dnf(demo / "site") == dnf


def test_a_results_edit_that_changes_a_leader_table_remakes_the_leaders_page(demo: Path) -> None:
    """The listings are made again when an edit changes the all-time leaders (only then, above)."""
    warm = Warm.start(demo / "cache")
    build(demo / "content", demo / "site", cache_dir=demo / "cache", warm=warm)
    assert laps_led_leaders(demo / "site")[:2] == [("Austin Cindric", "288"), ("Justin Allgaier", "174")]
    recap = demo / "content/xfinity/2023/12-charlotte.md"
    recap.write_text(recap.read_text().replace("Justin Allgaier, JR Motorsports, Chevrolet, 200, 83, running,",
                                               "Justin Allgaier, JR Motorsports, Chevrolet, 200, 80, running,"))
    build(demo / "content", demo / "site", cache_dir=demo / "cache", warm=warm)
    assert laps_led_leaders(demo / "site")[:2] == [("Austin Cindric", "288"), ("Justin Allgaier", "171")]
    build(demo / "content", demo / "clean")
    assert files_of(demo / "site") == files_of(demo / "clean")


def laps_led_leaders(site: Path) -> list[tuple[str, str]]:
    rows = table(site / "leaders/index.html", "Laps led", "NASCAR Xfinity Series").rows
    return [(row[1].text, row[2].text) for row in rows]


def grala_dnf(site: Path) -> int:
    drivers = json.loads((site / "data/drivers.json").read_text(encoding="utf-8"))["drivers"]
    return int(next(d for d in drivers if d["name"] == "Kaz Grala")["series"]["xfinity"]["dnf"])


def test_a_long_running_process_started_on_a_built_folder_loads_the_site_and_renders_nothing(demo: Path) -> None:
    """The preview started again on its folder: nothing is written, but the site is loaded and its numbers
    computed, so that the first edit builds on them as every later one does."""
    build(demo / "content", demo / "site", cache_dir=demo / "cache")  # an earlier session's
    before = files_of(demo / "site")
    warm = Warm.start(demo / "cache")
    report = build(demo / "content", demo / "site", cache_dir=demo / "cache", warm=warm)
    assert report.rendered == 0 and report.reused > 0
    assert warm.stats is not None and warm.prints is not None
    assert files_of(demo / "site") == before
    assert build(demo / "content", demo / "site", cache_dir=demo / "cache", warm=warm).unchanged
