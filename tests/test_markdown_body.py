"""markdown_body.py: Markdown for recap bodies, with raw HTML shown as text and active links dropped."""

from __future__ import annotations

import pytest

from racesite.markdown_body import MarkdownRenderer


@pytest.fixture(scope="module")
def md() -> MarkdownRenderer:
    return MarkdownRenderer()


def test_markdown_with_tables_footnotes_and_smart_quotes(md):
    html = md.convert('He said "car to beat"[^1].\n\n| Pos | Driver |\n|---:|---|\n| 1 | Allgaier |\n\n'
                      "[^1]: After the race.\n")
    assert "<p>He said &ldquo;car to beat&rdquo;<sup id=\"fnref:1\">" in html
    assert '<td style="text-align: right;">1</td>' in html
    assert '<div class="footnote">' in html
    assert "After the race." in html


def test_footnotes_do_not_leak_between_documents(md):
    md.convert("One[^a].\n\n[^a]: First recap's note.\n")
    assert "First recap" not in md.convert("Two.\n")


@pytest.mark.parametrize(("text", "html"), [
    ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
    ("Won <b onclick=x>by 1.4 s</b>.", "<p>Won &lt;b onclick=x&gt;by 1.4 s&lt;/b&gt;.</p>"),
    ("<div>\nblock\n</div>", "<p>&lt;div&gt;\nblock\n&lt;/div&gt;</p>"),
    ("<iframe src=//evil.example></iframe>", "<p>&lt;iframe src=//evil.example&gt;&lt;/iframe&gt;</p>"),
    ("Tom &amp; Jerry &copy;", "<p>Tom &amp; Jerry &copy;</p>"),
])
def test_raw_html_is_shown_as_text(md, text, html):
    assert md.convert(text) == html


@pytest.mark.parametrize("target", [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "javascript\\:alert(1)",
    "javascript&#58;alert(1)",
    "javascript&#x3a;alert(1)",
    "javascript&colon;alert(1)",
    "&#106;avascript:alert(1)",
    "java&#9;script:alert(1)",
    "java&#10;script:alert(1)",
    "<javascript:alert(1)>",
])
def test_active_link_targets_are_dropped(md, target):
    assert md.convert(f"[link]({target}) ![img]({target})") == '<p><a href="#">link</a> <img alt="img" src="#"></p>'


@pytest.mark.parametrize("target", ["https://www.nascar.com/", "http://example.com/a:b", "mailto:a@example.com",
                                    "/drivers/justin-allgaier/", "#results", "../2021/", "./notes/"])
def test_ordinary_links_are_kept(md, target):
    assert md.convert(f"[link]({target})") == f'<p><a href="{target}">link</a></p>'


def test_attribute_lists_cannot_add_event_handlers(md):
    html = md.convert('A paragraph\n{: onclick="alert(1)" #note .lede OnMouseOver="alert(2)" }\n\n'
                      '[a](https://example.com){: onfocus="alert(3)" .ext }')
    assert html == '<p class="lede" id="note">A paragraph</p>\n<p><a class="ext" href="https://example.com">a</a></p>'


def test_attribute_lists_cannot_smuggle_an_active_href(md):
    assert md.convert('[a](/ok/){: href="javascript&#58;alert(1)" }') == '<p><a href="#">a</a></p>'


def test_known_names_are_linked_at_their_first_mention(md):
    html = md.convert("## Justin Allgaier\n\nJustin Allgaier won. Justin Allgaier again.",
                      links={"Justin Allgaier": "/drivers/justin-allgaier/"})
    assert html == ('<h2>Justin Allgaier</h2>\n<p><a href="/drivers/justin-allgaier/">Justin Allgaier</a> won. '
                    "Justin Allgaier again.</p>")
