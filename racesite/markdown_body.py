"""Recap bodies: Markdown to HTML, with raw HTML escaped and unsafe link schemes dropped.

Owns the Markdown configuration (tables, footnotes, smart quotes) and linking
known names at their first mention. Must not know about races or templates:
callers pass the names and hrefs to link.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping

import markdown
from markdown.treeprocessors import Treeprocessor

from .embeds import EmbedPreprocessor

_SAFE_SCHEMES = ("http:", "https:", "mailto:", "/", "#", "./", "../")
_BLANKS = re.compile(r"[\x00-\x20]+")


class _SafeLinks(Treeprocessor):
    """Drop `javascript:` and other active link targets, and event handlers set with `{: onclick=...}`."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for attr in [name for name in element.attrib if name.lower().startswith("on")]:
                del element.attrib[attr]
            for attr in ("href", "src"):
                value = element.get(attr)
                if value is None:
                    continue
                # Judge the URL the browser will follow: entities decoded (`javascript&#58;`), blanks dropped.
                seen = _BLANKS.sub("", html.unescape(value))
                if ":" in seen.split("/", 1)[0] and not seen.lower().startswith(_SAFE_SCHEMES):
                    element.set(attr, "#")


_NO_LINKS = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6"}


class _LinkNames(Treeprocessor):
    """Link the first mention of each known name (longest names first) outside links, code and headings."""

    links: Mapping[str, str] = {}

    def run(self, root: etree.Element) -> None:
        if not self.links:
            return
        names = sorted(self.links, key=len, reverse=True)
        self._pattern = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w])")
        self._done: set[str] = set()
        self._walk(root)

    def _walk(self, element: etree.Element) -> None:
        if element.tag in _NO_LINKS:
            return
        if element.text:
            element.text = self._link(element.text, element, 0)
        index = 0
        while index < len(element):
            child = element[index]
            self._walk(child)
            if child.tail:
                child.tail = self._link(child.tail, element, index + 1)
            index += 1

    def _link(self, text: str, parent: etree.Element, at: int) -> str:
        """Link names in `text` (which sits in `parent` before child `at`); returns the text before the first link."""
        for match in self._pattern.finditer(text):
            name = match.group(0)
            if name in self._done:
                continue
            self._done.add(name)
            anchor = etree.Element("a", {"href": self.links[name]})
            anchor.text = name
            parent.insert(at, anchor)  # before linking the rest, which may insert after it
            anchor.tail = self._link(text[match.end():], parent, at + 1)
            return text[: match.start()]
        return text


class MarkdownRenderer:
    """A reusable Markdown converter: one per build, reset between documents."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(
            extensions=["tables", "footnotes", "smarty", "sane_lists", "attr_list"],
            extension_configs={"footnotes": {"UNIQUE_IDS": False}},
            output_format="html",
        )
        # Raw HTML in a recap is shown as text, never injected into the page.
        self._md.preprocessors.deregister("html_block")
        self._md.inlinePatterns.deregister("html")
        self._md.preprocessors.register(EmbedPreprocessor(self._md), "embeds", 25)  # {{< embed >}}: docs/publishing.md
        self._names = _LinkNames(self._md)
        self._md.treeprocessors.register(self._names, "link_names", 5)
        self._md.treeprocessors.register(_SafeLinks(self._md), "safe_links", 0)

    def convert(self, text: str, links: Mapping[str, str] | None = None) -> str:
        """HTML for `text`; each name in `links` (name -> href) is linked at its first mention."""
        self._names.links = links or {}
        return self._md.reset().convert(text)
