"""embeds.py: the {{< embed >}} shortcode renders a static quote block, escapes everything, reports mistakes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from racesite.embeds import parse
from racesite.errors import BuildError
from racesite.markdown_body import MarkdownRenderer
from racesite.pipeline import build
from tests.helpers import RECAP_PATH, SHOWN_PATH, check_lines, own_scripts, recap

ACTIVE = re.compile(r"<(script|iframe|object|embed)\b|\son\w+\s*=|(href|src)\s*=\s*\"?\s*javascript:", re.I)
RECAP_PAGE = "races/xfinity/2021/06-echopark-250/recap/index.html"
POST = ('{{< embed url="https://x.com/NASCAR/status/1373?s=20&t=x" author="@NASCAR" date="2021-03-20" >}}\n'
        "Justin Allgaier wins at Atlanta!\n{{< /embed >}}")


def html(text: str, links: dict[str, str] | None = None) -> str:
    return MarkdownRenderer().convert(text, links)


def test_an_embed_becomes_a_static_quote_with_author_date_and_link():
    out = html(f"Before.\n\n{POST}\nAfter.")
    assert out == (
        "<p>Before.</p>\n"
        '<figure class="embed">\n'
        '<blockquote cite="https://x.com/NASCAR/status/1373?s=20&amp;t=x"><p>Justin Allgaier wins at Atlanta!</p>'
        "</blockquote>\n"
        '<figcaption><span class="embed-author">@NASCAR</span> · <time datetime="2021-03-20">March 20, 2021</time>'
        ' · <a href="https://x.com/NASCAR/status/1373?s=20&amp;t=x" rel="nofollow noopener noreferrer">'
        "View on x.com</a></figcaption>\n"
        "</figure>\n"
        "<p>After.</p>")


def test_a_self_closing_embed_needs_no_quote():
    out = html('{{< embed url="https://www.youtube.com/watch?v=abc" title="Race highlights" />}}')
    assert "<blockquote" not in out
    assert ('<figcaption><a href="https://www.youtube.com/watch?v=abc" rel="nofollow noopener noreferrer">'
            "Race highlights</a></figcaption>") in out


def test_one_line_form_and_paragraphs_in_the_quote():
    out = html("{{< embed url='https://x.com/a' >}}Line one\nline two\n\nSecond paragraph{{< /embed >}}")
    assert "<p>Line one<br>\nline two</p><p>Second paragraph</p>" in out


def test_everything_in_an_embed_is_escaped():
    out = html('{{< embed url="https://x.com/a?q=\'&quot;" author="<b>@x</b> & co" title="<i>t</i>" >}}\n'
               "<script>alert(1)</script> *not emphasis*\n{{< /embed >}}")
    assert "<script>" not in out and "<b>" not in out and "<i>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt; *not emphasis*" in out
    assert '<span class="embed-author">&lt;b&gt;@x&lt;/b&gt; &amp; co</span>' in out
    assert 'href="https://x.com/a?q=&#39;&amp;quot;"' in out
    assert ACTIVE.search(out) is None


def test_names_in_a_quote_are_not_linked():
    out = html(f"{POST}\n\nJustin Allgaier led late.", {"Justin Allgaier": "/drivers/justin-allgaier/"})
    assert "<p>Justin Allgaier wins at Atlanta!</p>" in out
    assert '<p><a href="/drivers/justin-allgaier/">Justin Allgaier</a> led late.</p>' in out


def test_a_malformed_embed_is_left_as_text():
    out = html('{{< embed url="javascript:alert(1)" >}}x{{< /embed >}}')
    assert "<figure" not in out and 'href="javascript' not in out


def test_embeds_on_a_race_page_with_placeholders(site):
    body = POST.replace("Justin Allgaier wins", "{{ winner }} wins his {{ winner_wins }}")
    content = site({RECAP_PATH: recap() + "\n" + body + "\n"})
    assert check_lines(content) == []
    build(content, Path("_site"))
    page = (Path("_site") / RECAP_PAGE).read_text()
    assert "<p>Justin Allgaier wins his 1st at Atlanta!</p></blockquote>" in page
    page = own_scripts(page)
    assert [m.group(0) for m in ACTIVE.finditer(page)] == ["<script"]
    assert page.count("<script") == 1 == page.count('<script type="application/ld+json">')  # no third-party script


@pytest.mark.parametrize(("text", "message"), [
    ('{{< embed url="javascript:alert(1)" />}}',
     "body: embed url 'javascript:alert(1)' is not an http:// or https:// address"),
    ('{{< embed author="@x" />}}',
     'body: embed has no url (add url="https://..." with the address of the post or video)'),
    ('{{< embed url="https://x.com/a" autor="@x" />}}',
     "body: unknown embed attribute 'autor' (did you mean 'author'?)"),
    ('{{< embed url="https://x.com/a" date="2021-02-30" />}}',
     "body: embed date '2021-02-30' is not a date (use YYYY-MM-DD, e.g. 2021-03-20)"),
    ('{{< embed url="https://x.com/a" url="https://x.com/b" />}}', "body: embed attribute 'url' is given twice"),
    ("{{< embed url=https://x.com/a />}}",
     "body: cannot read the attributes 'url=https://x.com/a' "
     '(write name="value" pairs, e.g. url="https://x.com/NASCAR/status/1")'),
    ('{{< embed url="https://x.com/a" >}}\nquote with no end',
     "body: embed is not closed (end the quote with {{< /embed >}}, or end the tag with />}} "
     "when there is nothing to quote)"),
    ("{{< /embed >}}", "body: '{{< /embed >}}' without an opening '{{< embed ... >}}'"),
    ('Text {{< embed url="https://x.com/a" />}}',
     "body: an embed must start its own line (put {{< embed ... >}} at the start of a line)"),
    ('{{< tweet url="https://x.com/a" />}}', "body: unknown shortcode 'tweet' (the only shortcode is embed: "
     '{{< embed url="https://..." author="@..." date="YYYY-MM-DD" >}}quote{{< /embed >}})'),
    ("{{< embd />}}", "body: unknown shortcode 'embd' (did you mean 'embed'?)"),
    ('{{< embed url="https://x.com/a"', "body: '{{<' without a closing '>}}' "
     '(write {{< embed url="https://..." author="@..." date="YYYY-MM-DD" >}}quote{{< /embed >}})'),
])
def test_mistakes_are_reported_at_their_line(site, text, message):
    content = site({RECAP_PATH: recap() + "\nSecond paragraph.\n\n" + text + "\n"})
    assert check_lines(content) == [f"{SHOWN_PATH}:19: {message}"]


def test_a_build_with_a_broken_embed_fails_and_writes_nothing(site):
    content = site({RECAP_PATH: recap() + '\n{{< embed url="ftp://x" />}}\n'})
    with pytest.raises(BuildError) as error:
        build(content, Path("_site"))
    assert [p.format() for p in error.value.problems] == [
        f"{SHOWN_PATH}:17: body: embed url 'ftp://x' is not an http:// or https:// address"]
    assert not Path("_site").exists()


def test_placeholders_and_other_braces_are_not_shortcodes():
    assert parse("{{ winner }} and {{winner_wins}} and { < } and {{ < }}").problems == []
    assert parse("{{ winner }} and {{winner_wins}}").embeds == []
