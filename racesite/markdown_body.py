"""Recap bodies: Markdown to HTML, with raw HTML escaped and unsafe link schemes dropped.

Owns the Markdown configuration (tables, footnotes, smart quotes). Must not
know about races or templates.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown
from markdown.treeprocessors import Treeprocessor

_SAFE_SCHEMES = ("http:", "https:", "mailto:", "/", "#", "./", "../")


class _SafeLinks(Treeprocessor):
    """Drop `javascript:` and other active link targets, and event handlers set with `{: onclick=...}`."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for attr in [name for name in element.attrib if name.lower().startswith("on")]:
                del element.attrib[attr]
            for attr in ("href", "src"):
                value = element.get(attr)
                if value is not None and ":" in value.split("/", 1)[0] and not value.lower().startswith(_SAFE_SCHEMES):
                    element.set(attr, "#")


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
        self._md.treeprocessors.register(_SafeLinks(self._md), "safe_links", 0)

    def convert(self, text: str) -> str:
        html = self._md.reset().convert(text)
        return html
