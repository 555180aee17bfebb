"""The prose checks as a writer meets them: `build.py check` and `build` print each finding with its line and
column, `--strict` fails on them, the summary lists the silenced sentences, each story is read as of its own time,
and a build that reuses its cache reports what a clean build reports."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

import racesite.proofread.site as prose_site
from racesite.errors import BuildError
from racesite.pipeline import BuildReport, build, check
from racesite.plan import Cache
from racesite.serve import OVERLAY_ID
from tests.browser import chromium, skip_reason
from tests.helpers import RECAP, ROOT, SITE_YML

SHOWN = "content/xfinity/2021/06-atlanta.md"
HINT = "(if the data is wrong, end the sentence with <!-- prose-ok: why -->)"
# Line 15 starts with a placeholder (12 characters written, "Justin Allgaier" once filled): the column of the
# claim after it is the file's.
BODY = """\
{{ winner }} won the race. Truex finished third.

Harrison Burtn started fifth.

Allgaier led 48 laps, the official count says. <!-- prose-ok: the official box score is wrong -->
"""
FINDINGS = [
    f'warning: {SHOWN}:15:34: "finished third": the data has Martin Truex Jr. finishing 2nd {HINT}',
    f'warning: {SHOWN}:17:1: "Harrison Burtn": did you mean "Harrison Burton"?',
]
SILENCED = [
    "1 sentence silenced with <!-- prose-ok -->:",
    f'  {SHOWN}:19:1: "Allgaier led 48 laps, the official count says." (the official box score is wrong): '
    "1 warning silenced",
]


@pytest.fixture(autouse=True)
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages name files from the working folder: the test's own."""
    monkeypatch.chdir(tmp_path)


def site(folder: Path, body: str = BODY, site_yml: str = SITE_YML) -> Path:
    content = folder / "content"
    (content / "xfinity" / "2021").mkdir(parents=True)
    (content / "site.yml").write_text(site_yml)
    (content / "xfinity" / "2021" / "06-atlanta.md").write_text(RECAP.replace("Allgaier held off Truex.\n", body))
    return content


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def test_check_prints_each_finding_with_its_column_and_lists_the_silenced_sentence(tmp_path: Path) -> None:
    site(tmp_path)
    result = run(tmp_path, "check", "--content", "content")
    assert result.returncode == 0
    assert result.stderr.splitlines() == FINDINGS
    assert result.stdout.splitlines() == [*SILENCED, "Content OK: 0 errors, 2 warnings."]


def test_strict_fails_on_a_prose_finding_and_writes_nothing(tmp_path: Path) -> None:
    site(tmp_path)
    checked = run(tmp_path, "check", "--content", "content", "--strict")
    assert checked.returncode == 1 and checked.stdout == ""
    assert checked.stderr.splitlines() == [
        *FINDINGS, *SILENCED, "Content has problems: 0 errors, 2 warnings (strict: warnings fail the check)."]
    built = run(tmp_path, "build", "--content", "content", "--out", "_site", "--strict")
    assert built.returncode == 1
    assert built.stderr.splitlines() == [
        *FINDINGS, *SILENCED,
        "Build failed: 0 errors, 2 warnings (strict: warnings fail the build). Nothing was written; _site is "
        "unchanged."]
    assert not (tmp_path / "_site").exists()


def test_build_lists_the_silenced_sentence_before_its_summary_also_when_nothing_changed(tmp_path: Path) -> None:
    site(tmp_path)
    for _ in range(2):
        built = run(tmp_path, "build", "--content", "content", "--out", "_site", "--cache", ".cache")
        assert built.returncode == 0
        assert built.stderr.splitlines() == FINDINGS
        assert built.stdout.splitlines()[:-1] == SILENCED
    assert built.stdout.splitlines()[-1].startswith("Nothing changed since the last build: _site is up to date (")
    assert built.stdout.splitlines()[-1].endswith(", 0 errors, 2 warnings).")


def test_a_stale_marker_is_listed_as_having_nothing_to_silence(tmp_path: Path) -> None:
    content = site(tmp_path, "Allgaier led 47 laps. <!-- prose-ok -->\n")
    problems = check(content)
    assert problems.warnings == []
    assert problems.silenced == [
        f'{SHOWN}:15:1: "Allgaier led 47 laps.": nothing to silence (the marker can go)']


def test_each_story_is_read_as_of_its_own_time(tmp_path: Path) -> None:
    """A career count: the preview counts the wins before the race, the recap the race's win too."""
    content = site(tmp_path, "Justin Allgaier has two career Xfinity Series wins.\n")
    (content / "xfinity" / "2021" / "06-preview.md").write_text(
        "---\nseries: xfinity\nseason: 2021\nround: 6\nkind: preview\npublished: 2021-03-18\ntitle: Atlanta next\n"
        "---\nJustin Allgaier has two career Xfinity Series wins.\n")
    (content / "xfinity" / "2021" / "05-phoenix.md").write_text(
        RECAP.replace("round: 6", "round: 5").replace("2021-03-20", "2021-03-13").replace("Atlanta", "Phoenix")
        .replace("EchoPark 250", "Call 811 200").replace("Allgaier held off Truex.\n", ""))
    assert [w.format() for w in check(content).warnings] == [
        'warning: content/xfinity/2021/06-preview.md:9:21: "two career Xfinity Series wins": the data gives Justin '
        f"Allgaier 1 NASCAR Xfinity Series win by then {HINT}"]


def test_the_overlay_quotes_the_sentence_escaped(tmp_path: Path) -> None:
    from racesite.serve import Preview

    content = site(tmp_path, 'Allgaier <b>held</b> on. Harrison Burtn started fifth, "barely."\n')
    preview = Preview(content, tmp_path / "preview", echo=lambda line: None)
    assert preview.rebuild()
    box = preview.box()
    assert box is not None
    assert b"06-atlanta.md:15:26: &quot;Harrison Burtn&quot;: did you mean &quot;Harrison Burton&quot;?" in box
    assert b"<q " in box and b"Harrison Burtn started fifth, &quot;barely.&quot;</q>" in box


def count_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The stories' first lines as they are checked (not taken from the cache)."""
    checked: list[str] = []
    real = prose_site._check

    def spy(checker: prose_site.Checker, task: prose_site._Task) -> prose_site.ProseReport:
        checked.append(task.text.split("\n", 1)[0])
        return real(checker, task)
    monkeypatch.setattr(prose_site, "_check", spy)
    return checked


@pytest.mark.parametrize("long_running", [False, True])
def test_a_cached_build_reports_what_a_clean_build_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           long_running: bool) -> None:
    """An edit to an earlier race makes a later story's count false: the cached build reads that story again (and
    only the stories the edit can change), and reports what a clean build does; whether each build is a new
    process (the cache on disk) or all are one long-running process (the live preview: one `Cache`)."""
    checked = count_checks(monkeypatch)
    content = site(tmp_path, "Justin Allgaier now has two career Xfinity Series wins.\n")
    earlier = content / "xfinity" / "2021" / "05-phoenix.md"
    earlier.write_text(RECAP.replace("round: 6", "round: 5").replace("2021-03-20", "2021-03-13")
                       .replace("Allgaier held off Truex.\n", "Justin Allgaier won at Phoenix.\n"))
    later = content / "xfinity" / "2021" / "07-bristol.md"
    later.write_text(RECAP.replace("round: 6", "round: 7").replace("2021-03-20", "2021-03-27")
                     .replace("Allgaier held off Truex.\n", "Justin Allgaier has three career Xfinity Series wins.\n"))
    cache_dir, out = tmp_path / "cache", tmp_path / "_site"
    kept = Cache(cache_dir, content, out)

    def cached_build() -> BuildReport:
        return build(content, out, cache=kept if long_running else Cache(cache_dir, content, out))

    def warnings(report: BuildReport) -> list[str]:
        return [w.format() for w in report.warnings]

    first = cached_build()
    assert warnings(first) == [] and len(checked) == 3
    # The Phoenix winner becomes Truex: Allgaier's counts at Atlanta and Bristol go down by one.
    earlier.write_text(earlier.read_text().replace("Justin Allgaier, JR", "Zed Driver, JR")
                       .replace("Martin Truex Jr., Joe", "Justin Allgaier, Joe"))
    checked.clear()
    cached = cached_build()
    assert sorted(checked) == ["Justin Allgaier has three career Xfinity Series wins.",
                               "Justin Allgaier now has two career Xfinity Series wins.",
                               "Justin Allgaier won at Phoenix."]
    clean = build(content, tmp_path / "clean")
    assert warnings(cached) == warnings(clean) == [
        f'warning: {SHOWN}:15:25: "two career Xfinity Series wins": the data gives Justin Allgaier 1 NASCAR '
        f"Xfinity Series win by then {HINT}",
        f'warning: content/xfinity/2021/07-bristol.md:15:21: "three career Xfinity Series wins": the data gives '
        f"Justin Allgaier 2 NASCAR Xfinity Series wins by then {HINT}"]
    # A text edit to the last recap: only that story is read again.
    later.write_text(later.read_text().replace("three career", "two career"))
    checked.clear()
    again = cached_build()
    assert checked == ["Justin Allgaier has two career Xfinity Series wins."]
    assert warnings(again) == warnings(build(content, tmp_path / "clean2")) == warnings(clean)[:1]


def test_a_text_edit_in_the_preview_reads_only_that_story_again(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from racesite.serve import Preview

    content = site(tmp_path, "Truex finished third.\n")
    other = content / "xfinity" / "2021" / "06-preview.md"
    other.write_text("---\nseries: xfinity\nseason: 2021\nround: 6\nkind: preview\npublished: 2021-03-18\n"
                     "title: Atlanta next\n---\nTruex will start 18th.\n")
    checked = count_checks(monkeypatch)
    preview = Preview(content, tmp_path / "preview", echo=lambda line: None)
    assert preview.rebuild() and sorted(checked) == ["Truex finished third.", "Truex will start 18th."]
    other.write_text(other.read_text().replace("18th", "17th"))
    checked.clear()
    assert preview.rebuild() and checked == ["Truex will start 17th."]
    assert [w.format() for w in preview.problems] == [
        f'warning: {SHOWN}:15:7: "finished third": the data has Martin Truex Jr. finishing 2nd {HINT}',
        'warning: content/xfinity/2021/06-preview.md:9:7: "will start 17th": the data has Martin Truex Jr. '
        f"starting 18th {HINT}"]


def test_two_builds_report_the_same_findings_in_the_same_order(tmp_path: Path) -> None:
    content = site(tmp_path)
    for n in range(2, 6):
        (content / "xfinity" / "2021" / f"0{n}-x.md").write_text(
            "---\nseries: xfinity\nseason: 2021\nround: 6\nkind: feature\n"
            f"published: 2021-03-2{n}\ntitle: Feature {n}\nslug: f{n}\n---\nHarrison Burtn finished fourth.\n")
    first = [w.format() for w in check(content).warnings]
    assert len(first) == 2 + 4  # (a misspelled subject: its claim is not read)
    assert [w.format() for w in check(content).warnings] == first
    shutil.rmtree(content / "xfinity" / "2021")
    with pytest.raises(BuildError):  # (no race left for the recap: an error, not a crash in the prose check)
        (content / "xfinity" / "2021").mkdir()
        (content / "xfinity" / "2021" / "02-x.md").write_text(
            "---\nseries: xfinity\nseason: 2021\nround: 6\nkind: feature\ntitle: F\n---\nText.\n")
        build(content, tmp_path / "_site")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")
def test_the_live_preview_overlay_quotes_the_sentence_of_a_prose_warning(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    content = site(tmp_path, "Allgaier held off Truex at the end.\n")
    recap = content / "xfinity" / "2021" / "06-atlanta.md"
    port, liveport = _free_port(), _free_port()
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--content", "content", "--out", str(tmp_path / "preview"),
         "--port", str(port), "--liveport", str(liveport)],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "server did not start"
                time.sleep(0.2)
        with chromium() as browser:
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/races/xfinity/2021/06-echopark-250/recap/")
            overlay = page.locator(f"#{OVERLAY_ID}")
            expect(page.locator("h1")).to_be_visible()
            expect(overlay).to_have_count(0)
            page.wait_for_timeout(1500)  # let the live-reload socket connect

            recap.write_text(recap.read_text().replace(
                "Allgaier held off Truex at the end.", "Allgaier held off Truex at the end. Then Harrison Burtn "
                "finished <third>, and Truex finished third."))
            expect(overlay).to_have_attribute("role", "status", timeout=10_000)
            items = overlay.locator("li")
            expect(items).to_have_count(2)
            expect(items.nth(0)).to_contain_text(
                f'{SHOWN}:15:42: "Harrison Burtn": did you mean "Harrison Burton"?')
            expect(items.nth(1)).to_contain_text(
                f'{SHOWN}:15:85: "finished third": the data has Martin Truex Jr. finishing 2nd')
            quotes = overlay.locator("q")
            expect(quotes).to_have_text(["Then Harrison Burtn finished <third>, and Truex finished third."] * 2)
            assert server.poll() is None
    finally:
        server.terminate()
        server.communicate(timeout=10)


def test_the_demo_stories_and_the_readme_example_get_no_prose_warning(tmp_path: Path) -> None:
    """The team's own stories (content/) and the README's example recap: true as written, so no warning."""
    from tests.test_readme import example_recap

    shutil.copytree(ROOT / "content", tmp_path / "content")
    (tmp_path / "content/xfinity/2021/07-martinsville.md").write_text(example_recap(), encoding="utf-8")
    problems = check(tmp_path / "content")
    assert [w.format() for w in problems.warnings if w.quote] == []
    assert problems.silenced == []


def test_the_tools_made_from_the_last_ones_equal_tools_made_afresh() -> None:
    """The live preview's results edit: the running hashes of the races before the edited one and the basis are
    taken from the last tools; what every story's key is made from is what a fresh start gives."""
    import dataclasses

    from racesite.errors import Problems
    from racesite.load import load_site

    site = load_site(ROOT / "content", Problems())
    assert site is not None and len(site.races) > 4
    last = prose_site.tools(site)
    for at, change in ((3, {"digest": "edited"}), (0, {"digest": "edited first"}),
                       (2, {"digest": "moved", "date": site.races[2].date.replace(year=1999)})):
        race = site.races[at]
        site = dataclasses.replace(site, races=tuple(dataclasses.replace(r, **change) if r is race else r
                                                     for r in site.races))
        again, fresh = prose_site.tools(site, last), prose_site.tools(site)
        assert (again.made_from, again.basis, again.prefix) == (fresh.made_from, fresh.basis, fresh.prefix)
        assert again.prefix[:at + 1] == last.prefix[:at + 1] and again.prefix[at + 1] != last.prefix[at + 1]
        last = again
