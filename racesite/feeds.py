"""Atom feeds: the document for a list of entries, and what an entry says.

Owns the Atom format: ids (absolute URLs when the site's address is known, else `tag:` ids), `updated` as the
publish day at 00:00:00Z (a date is never shifted, and two builds are byte-identical), and XML escaping. Which
stories a feed lists is the page kinds' business (the site feed goes with the home page, a series' with its page,
a driver's with his). Must not render HTML or write files.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from . import urls
from .model import SiteConfig
from .names import slugify

FEED_ENTRIES = 20  # the newest stories in each feed
TAG_DATE = "2000"  # any fixed date makes a valid tag: id; fixing it keeps ids stable
NO_DATE = "1970-01-01T00:00:00Z"  # `updated` of a feed with no entries yet
ATOM = "http://www.w3.org/2005/Atom"

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class FeedEntry:
    path: str  # the page it links to, inside the site
    title: str
    updated: dt.date
    author: str | None
    series: tuple[str, str] | None  # (slug, name)
    summary: str


def atom_id(config: SiteConfig, path: str) -> str:
    """A permanent id: the absolute URL, or `tag:<site-title-slug>,2000:<path>` when only a path is known."""
    root = urls.root_url(config)
    return root + path if root else f"tag:{slugify(config.title)},{TAG_DATE}:/{path}"


def _text(value: str) -> str:
    """XML text or attribute value."""
    text = _NOT_XML.sub("", value)
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace('"', "&quot;")


def _updated(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _entry(entry: FeedEntry, config: SiteConfig) -> list[str]:
    lines = ["<entry>",
             f"<id>{_text(atom_id(config, entry.path))}</id>",
             f"<title>{_text(entry.title)}</title>",
             f"<updated>{_updated(entry.updated)}</updated>",
             f'<link rel="alternate" type="text/html" href="{_text(urls.full_url(config, entry.path))}"/>']
    if entry.author:
        lines.append(f"<author><name>{_text(entry.author)}</name></author>")
    if entry.series is not None:
        lines.append(f'<category term="{_text(entry.series[0])}" label="{_text(entry.series[1])}"/>')
    lines += [f"<summary>{_text(entry.summary)}</summary>", "</entry>"]
    return lines


def atom_feed(config: SiteConfig, path: str, page: str, title: str, entries: Sequence[FeedEntry]) -> bytes:
    """The Atom document at `path` listing `entries` (newest first), its HTML page at `page`."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             f'<feed xmlns="{ATOM}" xml:lang="{_text(config.language)}">',
             f"<id>{_text(atom_id(config, path))}</id>",
             f"<title>{_text(title)}</title>"]
    if config.description:
        lines.append(f"<subtitle>{_text(config.description)}</subtitle>")
    lines += [f"<updated>{_updated(entries[0].updated) if entries else NO_DATE}</updated>",
              f'<link rel="self" type="application/atom+xml" href="{_text(urls.full_url(config, path))}"/>',
              f'<link rel="alternate" type="text/html" href="{_text(urls.full_url(config, page))}"/>',
              f"<author><name>{_text(config.author or config.title)}</name></author>"]
    for entry in entries:
        lines += _entry(entry, config)
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")
