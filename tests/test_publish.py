"""Publishing: every link works under a project subpath and at a domain root; hosting files; the workflow.

Also holds the link helpers test_feeds and test_meta use: `page_links` reads
every href/src of a page, `target` maps a link to the file that serves it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
import yaml

from racesite.pipeline import build
from tests.helpers import RECAP_PATH, SITE_YML, SUBPATH, recap

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "content"
BASES = {"subpath": SUBPATH, "root": "https://example.com/"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.links += [(tag, value) for name, value in attrs if name in ("href", "src") and value is not None]


def page_links(html: str) -> list[tuple[str, str]]:
    """(tag, href or src) for every link, stylesheet, script and image in a page."""
    parser = _Links()
    parser.feed(html)
    return parser.links


def target(out: Path, base_url: str, link: str) -> Path | None:
    """The file under `out` that serves `link` when the site is published at `base_url`; None if outside it."""
    base_path = urlsplit(base_url).path
    if link.startswith(base_url):
        link = base_path + link[len(base_url):]
    if not link.startswith(base_path):
        return None
    path = link[len(base_path):].split("#", 1)[0].split("?", 1)[0]
    return out / (path + "index.html" if path == "" or path.endswith("/") else path)


def assert_resolves(out: Path, base_url: str, link: str, where: str) -> None:
    file = target(out, base_url, link)
    assert file is not None, f"{where}: {link} is not under {base_url}"
    assert file.is_file(), f"{where}: {link} has no file ({file.relative_to(out)})"


def html_files(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


@pytest.fixture(scope="module", params=sorted(BASES))
def published(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The demo content built for a project subpath and for a domain root: (output folder, base URL)."""
    base_url = BASES[request.param]
    out = tmp_path_factory.mktemp(request.param) / "_site"
    build(DEMO, out, base_url=base_url)
    return out, base_url


def test_every_link_in_every_page_resolves_under_the_base(published):
    out, base_url = published
    base_path = urlsplit(base_url).path
    checked = 0
    for file in html_files(out):
        where = str(file.relative_to(out))
        for tag, link in page_links(file.read_text(encoding="utf-8")):
            if link.startswith("#"):
                continue
            if re.match(r"[a-z]+:", link) and not link.startswith(base_url):  # a recap's outside link
                assert tag == "a", f"{where}: <{tag}> loads {link} from another site"
                continue
            assert link.startswith(base_path), f"{where}: {link} is not absolute under {base_path}"
            assert_resolves(out, base_url, link, where)
            checked += 1
    assert checked > 1000


def test_every_link_in_feeds_and_sitemap_resolves_under_the_base(published):
    out, base_url = published
    feeds = sorted(out.rglob("feed.xml"))
    assert out / "feed.xml" in feeds and out / "series/xfinity/feed.xml" in feeds
    for file in feeds:
        parsed = feedparser.parse(file.read_bytes())
        where = str(file.relative_to(out))
        for link in [parsed.feed.link] + [entry.link for entry in parsed.entries]:
            assert link.startswith(base_url), f"{where}: {link}"
            assert_resolves(out, base_url, link, where)
    locs = [loc.text or "" for loc in etree.parse(out / "sitemap.xml").getroot().iter()
            if loc.tag.endswith("}loc")]
    assert locs
    for loc in locs:
        assert loc.startswith(base_url), loc
        assert_resolves(out, base_url, loc, "sitemap.xml")


def test_the_404_page_works_at_any_depth(published):
    out, base_url = published
    base_path = urlsplit(base_url).path
    html = (out / "404.html").read_text(encoding="utf-8")
    assert "<h1>Page not found</h1>" in html
    assert f'<link rel="stylesheet" href="{base_path}static/style.css">' in html
    links = [link for _, link in page_links(html) if not link.startswith("#")]
    assert f"{base_path}" in links and len(links) > 5
    for link in links:  # absolute paths: the same target from /repo/ or /repo/a/b/c/
        assert link.startswith(base_path), link
        assert_resolves(out, base_url, link, "404.html")
    assert '<meta name="robots" content="noindex">' in html


def test_nojekyll_and_no_cname_without_a_domain(published):
    out, _ = published
    assert (out / ".nojekyll").read_bytes() == b""
    assert not (out / "CNAME").exists()


def test_cname_names_the_configured_domain(site):
    content = site({RECAP_PATH: recap()}, site_yml=SITE_YML + "domain: races.example.com\n")
    report = build(content, Path("_site"), base_url="/")
    assert Path("_site/CNAME").read_text() == "races.example.com\n"
    assert report.warnings == []  # the domain gives the site's address
    assert "https://races.example.com/races/xfinity/2021/06-echopark-250/" in Path("_site/feed.xml").read_text()


def test_two_builds_are_byte_identical(tmp_path):
    def files(out: Path) -> dict[str, bytes]:
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}

    build(DEMO, tmp_path / "a", base_url=SUBPATH)
    build(DEMO, tmp_path / "b", base_url=SUBPATH)
    first, second = files(tmp_path / "a"), files(tmp_path / "b")
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


# The workflow and the docs


def test_the_pages_workflow_builds_and_deploys_on_push_to_main():
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text())
    trigger = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert trigger["push"]["branches"] == ["main"]
    assert workflow["permissions"]["pages"] == "write"
    assert workflow["permissions"]["id-token"] == "write"
    assert workflow["concurrency"]["group"]
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    assert "actions/setup-python" in uses
    assert any("make build" in step.get("run", "") for step in steps)
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "_site"
    deploy_job = next(job for job in workflow["jobs"].values()
                      if any(s.get("uses", "").startswith("actions/deploy-pages@") for s in job["steps"]))
    assert deploy_job["environment"]["name"] == "github-pages"
    assert deploy_job["needs"]


def test_readme_publishing_section_has_three_steps():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Publish on GitHub Pages", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"^(\d)\. ", section, re.M) == ["1", "2", "3"]
    assert "docs/publishing.md" in section
    assert (ROOT / "docs/publishing.md").is_file()
