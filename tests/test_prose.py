"""Prose edits: a recap whose text alone changed is remade without loading the site, and gives what a whole
build gives (pages, warnings, errors)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from racesite import pipeline
from racesite.errors import BuildError
from racesite.pipeline import BuildReport, Warm, build
from racesite.prose import Sidecar
from tests.helpers import ROOT

ATLANTA = "content/xfinity/2021/06-atlanta.md"
ATLANTA_PAGE = "site/races/xfinity/2021/06-echopark-250/index.html"


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    build(tmp_path / "content", tmp_path / "site", cache_dir=tmp_path / "cache")
    return tmp_path


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The content folders the site was loaded from, whole (a prose edit loads none)."""
    calls: list[Path] = []
    real = pipeline.load_site

    def spy(content: Path, *args: object, **kwargs: object) -> object:
        calls.append(content)
        return real(content, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "load_site", spy)
    return calls


def edit(root: Path, recap: str, old: str, new: str) -> None:
    file = root / recap
    text = file.read_text()
    assert old in text
    file.write_text(text.replace(old, new, 1))


def build_and_compare(root: Path, name: str) -> BuildReport:
    """Build incrementally into site/; assert it (and its warnings) equal a clean build's."""
    report = build(root / "content", root / "site", cache_dir=root / "cache")
    clean = build(root / "content", root / f"clean-{name}")
    assert files_of(root / "site") == files_of(root / f"clean-{name}"), f"stale output after: {name}"
    assert report.warnings == clean.warnings
    return report


def test_a_prose_edit_remakes_its_race_page_alone_without_loading_the_site(demo: Path, loads: list[Path]) -> None:
    page = demo / ATLANTA_PAGE
    before = page.read_text()
    edit(demo, ATLANTA, 'crew member who died', 'crew member, who died')
    report = build(demo / "content", demo / "site", cache_dir=demo / "cache")
    assert loads == []
    assert (report.rendered, report.races) == (1, 7)
    assert report.reused == report.pages - 1 - 3  # all but the page and sitemap.xml, robots.txt, .nojekyll
    after = page.read_text()
    assert "crew member, who died" in after and after != before
    assert "It was his 15th career Xfinity Series win" in after.replace("\n", " "), "the placeholder is filled in"

    build_and_compare(demo, "prose")
    assert build(demo / "content", demo / "site", cache_dir=demo / "cache").unchanged


def test_edits_in_a_row_stay_right_across_prose_and_data_edits(demo: Path, loads: list[Path]) -> None:
    edit(demo, ATLANTA, "This is for Rowdy.", "This one is for Rowdy.")
    build_and_compare(demo, "prose-1")
    edit(demo, "content/xfinity/2021/01-daytona.md", "\n---\n", "\n---\nA new first paragraph.\n\n")
    assert build_and_compare(demo, "prose-2").rendered == 1
    loads.clear()
    edit(demo, ATLANTA, "laps: 163", "laps: 164")  # front matter: every page that shows the race follows
    assert build_and_compare(demo, "data").rendered > 1
    assert len(loads) == 2  # the incremental build and the clean one
    loads.clear()
    edit(demo, ATLANTA, "This one is for Rowdy.", "This is for Rowdy.")
    edit(demo, "content/xfinity/2021/01-daytona.md", "A new first paragraph.", "Another first paragraph.")
    assert build_and_compare(demo, "prose-3").rendered == 2  # two recaps' prose at once
    assert len(loads) == 1  # the clean build's only


@pytest.mark.parametrize("change", ["config", "entity file", "new recap", "summary", "page removed by hand"])
def test_anything_but_prose_builds_as_usual(demo: Path, loads: list[Path], change: str) -> None:
    content = demo / "content"
    if change == "config":
        edit(demo, "content/site.yml", "title:", "title: Renamed  #")
    elif change == "entity file":
        (content / "tracks/atlanta-motor-speedway.md").write_text(
            (content / "tracks/atlanta-motor-speedway.md").read_text() + "\nMore about the track.\n")
    elif change == "new recap":
        shutil.copy(demo / ATLANTA, content / "xfinity/2021/notes.md")
    elif change == "summary":
        edit(demo, ATLANTA, "summary: ", "summary: At last, ")
    else:
        (demo / "site/drivers/justin-allgaier/index.html").unlink()
    edit(demo, "content/xfinity/2021/01-daytona.md", "\n---\n", "\n---\nProse as well.\n\n")
    if change == "new recap":
        with pytest.raises(BuildError):  # the copy claims Atlanta's round: a whole build finds that
            build(content, demo / "site", cache_dir=demo / "cache")
        assert len(loads) == 1
        return
    build_and_compare(demo, change.replace(" ", "-"))
    assert len(loads) == 2


def test_an_error_in_the_prose_fails_the_build_as_a_whole_build_and_leaves_the_site(demo: Path,
                                                                                     loads: list[Path]) -> None:
    before = files_of(demo / "site")
    edit(demo, ATLANTA, "{{ winner_wins }}", "{{ winner_winz }}")
    with pytest.raises(BuildError) as failed:
        build(demo / "content", demo / "site", cache_dir=demo / "cache")
    assert loads == [demo / "content"], "left to a whole build, so the writer reads its report"
    errors = [p.format() for p in failed.value.problems if p.severity == "error"]
    assert errors == [f"{demo / ATLANTA}:66: body: unknown placeholder '{{{{ winner_winz }}}}' "
                      "(did you mean 'winner_wins'?)"]
    with pytest.raises(BuildError) as whole:
        build(demo / "content", demo / "clean")
    assert failed.value.problems == whole.value.problems, "the same report as a whole build's"
    assert files_of(demo / "site") == before
    edit(demo, ATLANTA, "{{ winner_winz }}", "{{ winner_wins }}")
    assert build(demo / "content", demo / "site", cache_dir=demo / "cache").unchanged  # as last built
    assert files_of(demo / "site") == before


def test_warnings_about_the_prose_come_and_go_as_a_whole_build_reports_them(demo: Path, loads: list[Path]) -> None:
    edit(demo, ATLANTA, "This is for Rowdy.", "This is for Rowdy. He led {{ most_led_laps }} laps.\n\n"
         "{{ pole_number }} and {{ laps }}")
    report = build_and_compare(demo, "warned")
    assert [w.format() for w in report.warnings if w.field == "body"] == [
        f"warning: {demo / ATLANTA}:68: body: '{{{{ pole_number }}}}' has no value for this race (career counts need "
        "the series' complete history or the driver file's `before`; see docs/stats.md)"]
    assert any(w.field == "base_url" for w in report.warnings), "the other warnings are still reported"
    assert loads == [demo / "content"]  # the clean build's only
    edit(demo, ATLANTA, "{{ pole_number }} and {{ laps }}", "No placeholders here.")
    report = build_and_compare(demo, "unwarned")
    assert [w for w in report.warnings if w.field == "body"] == []
    assert report.rendered == 1


def test_the_sidecar_is_kept_for_the_site_it_was_taken_from(demo: Path, loads: list[Path]) -> None:
    sidecar = Sidecar.load(demo / "cache", demo / "site")
    assert sidecar is not None
    assert sidecar.recaps[str(demo / ATLANTA)][0] == "race:xfinity:2021:6"
    Sidecar.file_for(demo / "cache", demo / "site").unlink()  # lost: the next build is the usual one, and keeps it
    edit(demo, ATLANTA, "This is for Rowdy.", "This was for Rowdy.")
    build_and_compare(demo, "no-sidecar")
    assert len(loads) == 2
    assert Sidecar.file_for(demo / "cache", demo / "site").is_file()


def test_the_live_preview_keeps_its_model_in_memory_not_a_sidecar(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    warm = Warm.start(tmp_path / "cache")
    build(tmp_path / "content", tmp_path / "preview", cache_dir=tmp_path / "cache", warm=warm)
    edit(tmp_path, ATLANTA, "This is for Rowdy.", "This was for Rowdy.")
    assert build(tmp_path / "content", tmp_path / "preview", cache_dir=tmp_path / "cache", warm=warm).rendered == 1
    assert not Sidecar.file_for(tmp_path / "cache", tmp_path / "preview").exists()


def test_the_command_line_says_what_a_prose_edit_made(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "content", tmp_path / "content")

    def build_cli() -> str:
        done = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--cache", "cache"], cwd=tmp_path,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert re.fullmatch(r"Built 7 races, 223 files into _site in [0-9.]+ s\.\n", build_cli())
    edit(tmp_path, ATLANTA, "This is for Rowdy.", "This was for Rowdy.")
    assert re.fullmatch(r"Built 7 races, 223 files into _site \(1 file made again, 219 unchanged\) in [0-9.]+ s\.\n",
                        build_cli())
    assert "This was for Rowdy." in (tmp_path / "_site/races/xfinity/2021/06-echopark-250/index.html").read_text()
    assert build_cli().startswith("Nothing changed since the last build")
