"""The parse cache: unchanged recaps are reused between builds, and a cached build is the same as a fresh one."""

from __future__ import annotations

import os
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from racesite import cache as cache_module
from racesite import load
from racesite.cache import FileHashes, digest
from racesite.errors import BuildError
from racesite.pipeline import build
from tests.helpers import RECAP, SITE_YML


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def make_site(root: Path) -> Path:
    content = root / "content"
    (content / "xfinity").mkdir(parents=True)
    (content / "site.yml").write_text(SITE_YML)
    (content / "xfinity" / "06-atlanta.md").write_text(RECAP)
    (content / "xfinity" / "07-other.md").write_text(
        RECAP.replace("round: 6", "round: 7").replace("2021-03-20", "2021-03-27").replace("EchoPark 250", "Next 250"))
    return content


def test_cached_builds_match_fresh_builds_and_see_every_edit(tmp_path: Path) -> None:
    content, cache = make_site(tmp_path), tmp_path / "cache"
    build(content, tmp_path / "cached", cache_dir=cache)
    assert list(cache.glob("parsed-*/*.pickle")), "the first build fills the cache"
    build(content, tmp_path / "cached", cache_dir=cache)
    build(content, tmp_path / "fresh")
    assert files_of(tmp_path / "cached") == files_of(tmp_path / "fresh")

    recap = content / "xfinity" / "06-atlanta.md"
    recap.write_text(recap.read_text().replace("Allgaier held off Truex.", "A new story."))
    build(content, tmp_path / "cached", cache_dir=cache)
    page = (tmp_path / "cached/races/xfinity/2021/06-echopark-250/recap/index.html").read_text()
    assert "A new story." in page and "Allgaier held off Truex." not in page


def test_an_alias_added_in_a_driver_file_reaches_cached_recaps(tmp_path: Path) -> None:
    content, cache = make_site(tmp_path), tmp_path / "cache"
    build(content, tmp_path / "site", cache_dir=cache)
    assert (tmp_path / "site/drivers/martin-truex-jr/index.html").is_file()
    (content / "drivers").mkdir()
    (content / "drivers" / "truex.md").write_text("---\nname: Martin Truex Jr\naliases: [Martin Truex Jr.]\n---\n")
    build(content, tmp_path / "site", cache_dir=cache)
    assert not (tmp_path / "site/drivers/martin-truex-jr/index.html").read_text().count("Martin Truex Jr.")


def test_a_damaged_cache_is_ignored(tmp_path: Path) -> None:
    content, cache = make_site(tmp_path), tmp_path / "cache"
    build(content, tmp_path / "site", cache_dir=cache)
    for file in cache.glob("parsed-*/*.pickle"):
        file.write_bytes(b"not a pickle")
    build(content, tmp_path / "site", cache_dir=cache)
    build(content, tmp_path / "fresh")
    assert files_of(tmp_path / "site") == files_of(tmp_path / "fresh")


@pytest.fixture
def an_hour_later(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hash files as if the build ran an hour after they were written (no file is still settling)."""
    monkeypatch.setattr("racesite.cache.time", SimpleNamespace(time_ns=lambda: time.time_ns() + 3600 * 10**9))


def test_file_hashes_are_remembered_by_stat_and_saved(tmp_path: Path, an_hour_later: None) -> None:
    file = tmp_path / "recap.md"
    file.write_text("first")
    hashes = FileHashes(tmp_path / "cache")
    assert hashes.of(file) == digest(b"first")
    hashes.save()
    again = FileHashes(tmp_path / "cache")
    assert again.known.keys() == {str(file)}
    assert again.of(file) == digest(b"first")


def test_a_file_rewritten_with_the_same_size_and_time_is_hashed_again(tmp_path: Path, an_hour_later: None) -> None:
    file = tmp_path / "recap.md"
    file.write_text("first")
    hashes = FileHashes(None)
    hashes.of(file)
    assert hashes.known
    stamp = file.stat().st_mtime_ns
    file.write_text("other")  # same length; its modification time put back as it was
    os.utime(file, ns=(stamp, stamp))
    assert hashes.of(file) == digest(b"first")  # a build looks at each file once
    hashes.new_build()
    assert hashes.of(file) == digest(b"other")  # the change time moved, and no program can set it back


def test_a_relative_path_is_read_from_the_working_folder_of_each_build(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "recap.md").write_text(f"recap {name}")
    hashes = FileHashes(None)
    for name in ("a", "b", "a"):  # one long-running process, its working folder changed between builds
        monkeypatch.chdir(tmp_path / name)
        hashes.new_build()
        assert hashes.of("recap.md") == digest(f"recap {name}".encode())


def test_a_file_changed_just_before_the_build_is_not_remembered(tmp_path: Path) -> None:
    file = tmp_path / "recap.md"
    file.write_text("fresh")
    hashes = FileHashes(None)
    assert hashes.of(file) == digest(b"fresh")
    assert not hashes.known  # it could change again within the same clock tick: read it next time too


def test_a_cached_build_reads_only_the_recaps_that_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           an_hour_later: None) -> None:
    content, cache = make_site(tmp_path), tmp_path / "cache"
    build(content, tmp_path / "site", cache_dir=cache)
    edited = content / "xfinity" / "07-other.md"
    edited.write_text(edited.read_text() + "\nA new sentence.\n")
    opened: list[str] = []
    real_open = open

    def spy(file: object, *args: object, **kwargs: object) -> object:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", spy)
    monkeypatch.setattr("io.open", spy)  # what pathlib reads with
    build(content, tmp_path / "site", cache_dir=cache)
    recaps = {Path(name).name for name in opened if name.endswith(".md")}
    assert recaps == {"07-other.md"}
    assert "A new sentence." in (tmp_path / "site/races/xfinity/2021/07-next-250/recap/index.html").read_text()


def test_builds_from_two_working_folders_keep_their_own_parse_caches(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    content, cache = make_site(tmp_path), tmp_path / "cache"
    (tmp_path / "elsewhere").mkdir()
    parsed: list[int] = []
    real = load.parse_file
    monkeypatch.setattr(load, "parse_file", lambda *args: parsed.append(1) or real(*args))
    folders = (tmp_path, tmp_path / "elsewhere")
    for n, folder in enumerate(folders):
        monkeypatch.chdir(folder)
        build(content, tmp_path / f"site-{n}", cache_dir=cache)
    assert sum(parsed) == 4  # each working folder parsed the two recaps once
    recap = content / "xfinity" / "07-other.md"
    recap.write_text(recap.read_text().replace("Next 250", "Next 300"))  # front matter, so the recap is parsed
    for n, folder in enumerate(folders):
        monkeypatch.chdir(folder)
        build(content, tmp_path / f"site-{n}", cache_dir=cache)
    assert sum(parsed) == 6  # then only the edited recap, in each: neither replaced the other's cache


def test_a_file_gone_since_it_was_listed_is_the_file_s_error_not_a_crash(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """An editor that saves by deleting a file and writing it anew: a file listed a moment ago can be gone when it
    is hashed and read. The build reports it as that file's error (the next save builds again), writes nothing,
    and the content is listed once for both the input hash and the loader."""
    content = make_site(tmp_path)
    gone = str(content / "xfinity" / "05-gone.md")
    listed = cache_module.files_under
    calls: list[str] = []

    def listing(root: str) -> list[tuple[str, str]]:
        calls.append(root)
        return sorted([*listed(root), ("xfinity/05-gone.md", gone)]) if root == str(content) else listed(root)

    monkeypatch.setattr(cache_module, "files_under", listing)
    assert FileHashes(None).listed(gone) == "unreadable"
    with pytest.raises(BuildError) as raised:
        build(content, tmp_path / "cached", cache_dir=tmp_path / "cache")
    assert [p.format() for p in raised.value.problems] == [
        f"{content}/xfinity/05-gone.md: file: cannot be read: No such file or directory"]
    assert calls.count(str(content)) == 1 and not (tmp_path / "cached").exists()
