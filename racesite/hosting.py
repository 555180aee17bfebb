"""The files a published site carries beside its pages: sitemap.xml, robots.txt, .nojekyll and CNAME.

Owns their content, made from the list of the site's files after its pages are made. Must not render pages.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import urls
from .model import SiteConfig

SITEMAP = "sitemap.xml"
SITEMAP_LIMIT = 50_000  # URLs in one sitemap file (sitemaps.org); more are split under an index


def _page_url(file: str) -> str:
    """'drivers/x/index.html' -> 'drivers/x/', 'index.html' -> ''."""
    return file.removesuffix("index.html") if file == "index.html" or file.endswith("/index.html") else file


def sitemap_files(config: SiteConfig, files: Iterable[str], hidden: set[str],
                  limit: int = SITEMAP_LIMIT) -> dict[str, bytes]:
    """sitemap.xml listing every HTML page except the 404 page and `hidden` ones (drafts' files).

    Beyond `limit` URLs, sitemap.xml becomes an index of sitemaps/1.xml, 2.xml..."""
    pages = sorted(_page_url(f) for f in files if f.endswith(".html") and f != urls.NOT_FOUND and f not in hidden)
    chunks = [pages[i:i + limit] for i in range(0, len(pages), limit)] or [[]]
    head = '<?xml version="1.0" encoding="utf-8"?>\n'
    namespace = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'

    def urlset(paths: list[str]) -> bytes:
        body = "".join(f"<url><loc>{_xml(urls.full_url(config, p))}</loc></url>\n" for p in paths)
        return f"{head}<urlset {namespace}>\n{body}</urlset>\n".encode()

    if len(chunks) == 1:
        return {SITEMAP: urlset(chunks[0])}
    out = {f"sitemaps/{n}.xml": urlset(chunk) for n, chunk in enumerate(chunks, 1)}
    body = "".join(f"<sitemap><loc>{_xml(urls.full_url(config, name))}</loc></sitemap>\n" for name in out)
    out[SITEMAP] = f"{head}<sitemapindex {namespace}>\n{body}</sitemapindex>\n".encode()
    return out


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def robots_txt(config: SiteConfig) -> bytes:
    """Allow everything and name the sitemap (robots.txt needs its absolute URL, so only when known)."""
    lines = ["User-agent: *", "Disallow:", ""]
    if urls.root_url(config):
        lines.append(f"Sitemap: {urls.full_url(config, SITEMAP)}")
    else:
        lines.append("# No Sitemap line: set base_url to a full URL (https://...) to name sitemap.xml here.")
    return ("\n".join(lines) + "\n").encode()


def hosting_files(config: SiteConfig, files: Iterable[str], hidden: set[str]) -> dict[str, bytes]:
    """sitemap.xml, robots.txt, .nojekyll and CNAME (when the config names a domain)."""
    out = {**sitemap_files(config, files, hidden), "robots.txt": robots_txt(config), ".nojekyll": b""}
    if config.domain and urls.domain_host(config.domain):
        out["CNAME"] = f"{urls.domain_host(config.domain)}\n".encode()
    return out
