"""Every internal link and asset in the built demo resolves to a file in the output, also under a base URL."""

from __future__ import annotations

import functools
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tests.helpers import SUBPATH


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (tag, url)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append((tag, value))
            elif name == "id" and value:
                self.ids.add(value)


def parse(file: Path) -> _Links:
    parser = _Links()
    parser.feed(file.read_text(encoding="utf-8"))
    return parser


def page_url(out: Path, file: Path, base_path: str) -> str:
    """The URL path a file is served at: 'drivers/x/index.html' -> '/base/drivers/x/'."""
    relative = file.relative_to(out).as_posix()
    return base_path + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


@functools.cache
def internal_links(out: Path, base_path: str, site_url: str | None = None) -> tuple[tuple[str, str, str], ...]:
    """(page, link as written, absolute URL path with fragment) for every internal href/src in every page."""
    found = []
    for file in sorted(out.rglob("*.html")):
        here = page_url(out, file, base_path)
        for _, link in parse(file).links:
            if site_url and link.startswith(site_url):
                link_path = base_path + link[len(site_url):]
            elif urlsplit(link).scheme or link.startswith("//"):
                continue  # external: another site
            else:
                link_path = link
            found.append((file.relative_to(out).as_posix(), link, urljoin(here, link_path)))
    return tuple(found)


def resolve(out: Path, base_path: str, url: str) -> Path | None:
    """The file serving `url` (a path under `base_path`), or None when it is outside the site or missing."""
    path = unquote(urlsplit(url).path)
    if not path.startswith(base_path):
        return None
    relative = path[len(base_path):]
    file = out / (relative + "index.html" if relative == "" or relative.endswith("/") else relative)
    return file if file.is_file() and file.resolve().is_relative_to(out.resolve()) else None


def broken_links(out: Path, base_path: str, site_url: str | None = None) -> list[str]:
    ids: dict[Path, set[str]] = {}
    targets: dict[str, Path | None] = {}
    broken = []
    for page, link, url in internal_links(out, base_path, site_url):
        if url not in targets:
            targets[url] = resolve(out, base_path, url)
        target = targets[url]
        if target is None:
            broken.append(f"{page}: {link}")
            continue
        fragment = urlsplit(url).fragment
        if fragment and target.suffix == ".html":
            if target not in ids:
                ids[target] = parse(target).ids
            if unquote(fragment) not in ids[target]:
                broken.append(f"{page}: {link} (no id '{fragment}')")
    return broken


@pytest.fixture
def demo_under_base_url(demo_site_under_subpath: Path) -> Path:
    return demo_site_under_subpath


def test_the_demo_has_pages_and_links(demo_site):
    links = internal_links(demo_site, "/")
    pages = {page for page, _, _ in links}
    assert "races/xfinity/2021/06-echopark-250/index.html" in pages
    assert len(pages) > 50
    assert any(link == "/static/style.css" for _, link, _ in links)


def test_every_internal_link_resolves(demo_site):
    assert broken_links(demo_site, "/") == []


def test_every_internal_link_stays_under_the_base_path(demo_under_base_url):
    links = internal_links(demo_under_base_url, "/repo/", SUBPATH)
    outside = [f"{page}: {link}" for page, link, url in links if not url.startswith("/repo/")]
    assert outside == []
    assert any(link == "/repo/static/style.css" for _, link, _ in links)


def test_every_internal_link_resolves_under_the_base_path(demo_under_base_url):
    assert broken_links(demo_under_base_url, "/repo/", SUBPATH) == []


def test_the_link_checker_finds_a_broken_link(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<a href="/a/">a</a> <a href="/missing/">m</a> <img src="x.png">'
                                         '<a href="/a/#top">t</a> <a href="https://example.com/">e</a>')
    (tmp_path / "a/index.html").write_text('<a href="../">up</a> <a href="#here">h</a><p id="here"></p>')
    assert broken_links(tmp_path, "/") == [
        "index.html: /missing/", "index.html: x.png", "index.html: /a/#top (no id 'top')"]
