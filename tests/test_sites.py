"""The sample sites under tests/sites, through the real command line.

Each `broken-<what>/` holds a `content/` folder and `expected.txt`: exactly
what `python build.py check --content content` prints on stderr when run from
inside `broken-<what>/`, summary line included. Every other folder is a valid
site that must check and build cleanly.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.helpers import ROOT

SITES = ROOT / "tests" / "sites"
BROKEN = sorted(p.name for p in SITES.iterdir() if p.is_dir() and p.name.startswith("broken-"))
VALID = sorted(p.name for p in SITES.iterdir() if (p / "content").is_dir() and not p.name.startswith("broken-"))
REQUIRED_BROKEN = {
    "broken-bad-date", "broken-unknown-key", "broken-duplicate-finish", "broken-gapped-finish", "broken-duplicate-car",
    "broken-laps-over", "broken-led-sum", "broken-leader-laps", "broken-unknown-series", "broken-duplicate-round",
    "broken-csv-row", "broken-bad-yaml", "broken-empty-file", "broken-no-front-matter", "broken-many",
    "broken-placeholder-before-race", "broken-race-missing-field", "broken-strict-warning", "broken-prose-strict",
}


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=60)


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every path under `folder`: files with their bytes, folders as None."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


def test_the_required_broken_sites_exist():
    assert set(BROKEN) >= REQUIRED_BROKEN
    assert set(VALID) >= {"minimal", "csv-results", "prose-silenced"}


@pytest.fixture(scope="module")
def checked() -> dict[str, subprocess.CompletedProcess[str]]:
    """`check` run in every broken site, a few at a time (each run is a fresh interpreter)."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = {name: pool.submit(run, SITES / name, "check", "--content", "content") for name in BROKEN}
        return {name: future.result() for name, future in runs.items()}


@pytest.mark.parametrize("name", BROKEN)
def test_broken_site_reports_exactly_what_is_expected(checked, name):
    site = SITES / name
    expected = (site / "expected.txt").read_text(encoding="utf-8").splitlines()
    result = checked[name]
    assert (result.returncode, result.stdout) == (1, ""), result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == expected
    assert sorted(p.name for p in site.iterdir()) == ["content", "expected.txt"]  # check wrote nothing


@pytest.mark.parametrize("name", VALID)
def test_valid_site_checks_and_builds(name, tmp_path):
    site = SITES / name
    before = snapshot(site)
    checked = run(site, "check", "--content", "content")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.splitlines()[-1].startswith("Content OK: ")
    built = run(site, "build", "--content", "content", "--out", str(tmp_path / "_site"))
    assert built.returncode == 0, built.stderr
    assert built.stdout.splitlines()[-1].startswith("Built ")
    assert (tmp_path / "_site" / "index.html").is_file()
    assert snapshot(site) == before  # nothing written into the sample site


def test_csv_results_site_shows_the_csv_rows(tmp_path):
    result = run(SITES / "csv-results", "build", "--content", "content", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "races/xfinity/2021/06-echopark-250/index.html").read_text()
    assert ('<td class="n">07</td><td class="driver"><a href="/drivers/joe-graf-jr/">Joe Graf Jr.</a></td>'
            in html)
    assert "183.881" in html  # qualifying speed from the time and the track file's length


def test_a_race_weekend_site_has_a_page_per_story_and_the_race_page_lists_them(tmp_path):
    result = run(SITES / "weekend-stories", "build", "--content", "content", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    race = tmp_path / "races/xfinity/2023/12-alsco-uniforms-300"
    hub = (race / "index.html").read_text()
    assert [m for m in re.findall(r'<h3><a href="[^"]+/(\w+)/">', hub)] == ["preview", "qualifying", "recap"]
    assert "The Xfinity Series races 200 laps at Charlotte." in (race / "preview/index.html").read_text()
    assert "takes the pole; 2 cars qualified." in (race / "qualifying/index.html").read_text()
    assert "</a> won from 1st.</p>" in (race / "recap/index.html").read_text()


def test_the_build_summary_lists_the_silenced_sentence(tmp_path):
    result = run(SITES / "prose-silenced", "build", "--content", "content", "--out", str(tmp_path))
    assert result.returncode == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[:-1] == [
        "1 sentence silenced with <!-- prose-ok -->:",
        '  content/xfinity/2021/06-atlanta.md:20:1: "Martin Truex Jr. led 104 laps by the team\'s own count." (the '
        "team's timing shows one more lap than the results): 1 warning silenced"]
    assert re.fullmatch(r"Built 1 race, \d+ files into .* in [\d.]+ s: 0 errors, 0 warnings\.", lines[-1])


def test_strict_publishes_nothing_when_a_results_name_is_misspelled(tmp_path):
    shutil.copytree(SITES / "minimal" / "content", tmp_path / "content")
    text = (tmp_path / "content/xfinity/2021/06-atlanta.md").read_text()
    for round_ in (7, 8, 9):  # Truex in three races, misspelled in the fourth
        again = text.replace("round: 6", f"round: {round_}").replace("date: 2021-03-20", f"date: 2021-04-0{round_}")
        (tmp_path / f"content/xfinity/2021/0{round_}.md").write_text(
            again.replace("Martin Truex Jr.,", "Martin Truexx Jr.,") if round_ == 9 else again)
    lenient = run(tmp_path, "build", "--content", "content", "--out", "_site")
    assert lenient.returncode == 0 and "Martin Truexx Jr." in lenient.stderr
    assert (tmp_path / "_site/drivers/martin-truexx-jr/index.html").is_file()  # a second driver page, published
    shutil.rmtree(tmp_path / "_site")
    strict = run(tmp_path, "build", "--content", "content", "--out", "_site", "--strict")
    assert strict.returncode == 1
    assert re.fullmatch(r"Build failed: 0 errors, \d+ warnings? \(strict: warnings fail the build\)\. "
                        r"Nothing was written; _site is unchanged\.", strict.stderr.splitlines()[-1])
    assert not (tmp_path / "_site").exists()


def test_a_failed_build_leaves_the_existing_site_untouched(tmp_path):
    shutil.copytree(SITES / "minimal" / "content", tmp_path / "good")
    assert run(tmp_path, "build", "--content", "good", "--out", "_site").returncode == 0
    shutil.copytree(SITES / "broken-many" / "content", tmp_path / "content")
    before = snapshot(tmp_path)
    result = run(tmp_path, "build", "--content", "content", "--out", "_site")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == \
        "Build failed: 6 errors, 1 warning. Nothing was written; _site is unchanged."
    assert snapshot(tmp_path) == before  # _site byte for byte, and no staging folder left beside it


def test_the_output_folder_never_receives_a_file_outside_it(tmp_path):
    shutil.copytree(SITES / "minimal" / "content", tmp_path / "content")
    recap = tmp_path / "content/xfinity/2021/06-atlanta.md"
    recap.write_text(recap.read_text()
                     .replace("name: EchoPark 250", 'name: "../../../../escape"')
                     .replace("Justin Allgaier, JR Motorsports", '"../../../etc/passwd", "/tmp/team"'))
    before = snapshot(tmp_path)
    result = run(tmp_path, "build", "--content", "content", "--out", "out/_site")
    assert result.returncode == 0, result.stderr
    after = snapshot(tmp_path)
    new = sorted(set(after) - set(before))
    assert new and all(path == "out" or path.startswith("out/_site") for path in new), new
    assert {path: after[path] for path in before} == before
    assert "out/_site/drivers/etc-passwd/index.html" in new
    assert "out/_site/teams/tmp-team/index.html" in new
    assert "out/_site/races/xfinity/2021/06-escape/index.html" in new


@pytest.mark.parametrize("out", [".", "content"])
def test_build_refuses_to_replace_the_working_folder_or_the_content(tmp_path, out):
    shutil.copytree(SITES / "minimal" / "content", tmp_path / "content")
    before = snapshot(tmp_path)
    result = run(tmp_path, "build", "--content", "content", "--out", out)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == \
        f"Build failed: 1 error, 0 warnings. Nothing was written; {out} is unchanged."
    assert snapshot(tmp_path) == before
