"""The parse cache: unchanged recaps are reused between builds, and a cached build is the same as a fresh one."""

from __future__ import annotations

from pathlib import Path

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
    page = (tmp_path / "cached/races/xfinity/2021/06-echopark-250/index.html").read_text()
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
