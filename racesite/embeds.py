"""The embed shortcode: a quoted social post or video as a static block, with no third-party script.

A writer types, on lines of their own:

    {{< embed url="https://x.com/NASCAR/status/1373" author="@NASCAR" date="2021-03-20" >}}
    What a finish at Atlanta!
    {{< /embed >}}

or, with nothing to quote, `{{< embed url="https://youtu.be/abc" title="Highlights" />}}`.
It becomes a `<figure class="embed">`: the quote in a `<blockquote>`, and a
caption with the author, the date and a plain link to the original. `{{<`
never matches the `{{ placeholder }}` syntax, and every value is escaped.

Owns the syntax (parsing and its error messages) and the HTML. Must not know
about stories beyond reading their bodies for `embed_errors`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from markdown.preprocessors import Preprocessor
from markupsafe import escape

from .errors import SourceError, did_you_mean
from .model import Story

ATTRIBUTES = {
    "url": "the post or video's address, http:// or https:// (required)",
    "author": "who posted it, e.g. `@NASCAR`",
    "date": "when it was posted, YYYY-MM-DD",
    "title": "the link's text, e.g. a video's title (default: `View on <site>`)",
}
EXAMPLE = '{{< embed url="https://..." author="@..." date="YYYY-MM-DD" >}}quote{{< /embed >}}'

_TAG = re.compile(r"\{\{<(.*?)>\}\}", re.S)
_ATTR = re.compile(r"\s*([A-Za-z_]\w*)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Embed:
    start: int  # span in the text, whole lines: from the opening tag's line start...
    end: int  # ...to the end of the closing tag's line
    attrs: dict[str, str]
    quote: str = ""


@dataclass(frozen=True)
class Problem:
    offset: int  # where in the text
    message: str
    hint: str = ""


@dataclass
class Parsed:
    embeds: list[Embed] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def parse(text: str) -> Parsed:
    """Every well-formed embed in `text`, and a problem for each malformed shortcode (left as text)."""
    out = Parsed()
    if "{{<" not in text:
        return out
    tags = list(_TAG.finditer(text))
    unclosed = [m.start() for m in re.finditer(r"\{\{<", text)
                if not any(t.start() <= m.start() < t.end() for t in tags)]
    out.problems += [Problem(at, "'{{<' without a closing '>}}'", f"write {EXAMPLE}") for at in unclosed]
    index = 0
    while index < len(tags):
        tag = tags[index]
        index += 1
        inner = tag.group(1).strip()
        name = re.match(r"/?\s*(\w*)", inner)
        word = name.group(1) if name else ""
        if word != "embed":
            hint = did_you_mean(word, ["embed"]) or f"the only shortcode is embed: {EXAMPLE}"
            out.problems.append(Problem(tag.start(), f"unknown shortcode '{word or inner}'", hint))
            continue
        if inner.startswith("/"):
            out.problems.append(Problem(tag.start(), "'{{< /embed >}}' without an opening '{{< embed ... >}}'"))
            continue
        self_closing = inner.endswith("/")
        attrs_text = inner[len("embed"):-1] if self_closing else inner[len("embed"):]
        closing = None
        if not self_closing:
            closing = tags[index] if index < len(tags) and tags[index].group(1).strip().replace(" ", "") == "/embed" \
                else None
            if closing is None:
                out.problems.append(Problem(tag.start(), "embed is not closed",
                                            "end the quote with {{< /embed >}}, or end the tag with />}} "
                                            "when there is nothing to quote"))
                continue
            index += 1
        end_tag = closing or tag
        problems = _check_layout(text, tag.start(), end_tag.end()) + _check_attrs(attrs_text, tag.start())
        if problems:
            out.problems += problems
            continue
        attrs = {m.group(1): m.group(2) if m.group(2) is not None else m.group(3) for m in _ATTR.finditer(attrs_text)}
        start = text.rfind("\n", 0, tag.start()) + 1
        end = text.find("\n", end_tag.end())
        out.embeds.append(Embed(start, len(text) if end < 0 else end, attrs,
                                text[tag.end():closing.start()].strip() if closing else ""))
    out.problems.sort(key=lambda p: p.offset)
    return out


def _check_layout(text: str, start: int, end: int) -> list[Problem]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    before, after = text[line_start:start], text[end:len(text) if line_end < 0 else line_end]
    if before.strip() or len(before) > 3:
        return [Problem(start, "an embed must start its own line", "put {{< embed ... >}} at the start of a line")]
    if after.strip():
        return [Problem(start, "an embed must end its line", "start the text after it on a new line")]
    return []


def _check_attrs(attrs_text: str, at: int) -> list[Problem]:
    found: dict[str, str] = {}
    rest = attrs_text
    while rest.strip():
        match = _ATTR.match(rest)
        if match is None:
            return [Problem(at, f"cannot read the attributes '{attrs_text.strip()}'",
                            'write name="value" pairs, e.g. url="https://x.com/NASCAR/status/1"')]
        name, value = match.group(1), match.group(2) if match.group(2) is not None else match.group(3)
        if name not in ATTRIBUTES:
            return [Problem(at, f"unknown embed attribute '{name}'",
                            did_you_mean(name, ATTRIBUTES) or "one of: " + ", ".join(ATTRIBUTES))]
        if name in found:
            return [Problem(at, f"embed attribute '{name}' is given twice")]
        found[name] = value
        rest = rest[match.end():]
    if "url" not in found:
        return [Problem(at, "embed has no url", 'add url="https://..." with the address of the post or video')]
    url = found["url"].strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in url):
        return [Problem(at, f"embed url '{url}' is not an http:// or https:// address")]
    if "date" in found and not _valid_date(found["date"]):
        return [Problem(at, f"embed date '{found['date']}' is not a date", "use YYYY-MM-DD, e.g. 2021-03-20")]
    return []


def _valid_date(text: str) -> bool:
    if not _DATE.fullmatch(text.strip()):
        return False
    try:
        dt.date.fromisoformat(text.strip())
    except ValueError:
        return False
    return True


def render(embed: Embed) -> str:
    """The static HTML for one embed: figure, blockquote, caption with author, date and link. Everything escaped."""
    url = embed.attrs["url"].strip()
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    caption = []
    if embed.attrs.get("author", "").strip():
        caption.append(f'<span class="embed-author">{escape(embed.attrs["author"].strip())}</span>')
    if embed.attrs.get("date", "").strip():
        day = dt.date.fromisoformat(embed.attrs["date"].strip())
        caption.append(f'<time datetime="{day.isoformat()}">{day:%B} {day.day}, {day.year}</time>')
    text = embed.attrs.get("title", "").strip() or f"View on {host}"
    caption.append(f'<a href="{escape(url)}" rel="nofollow noopener noreferrer">{escape(text)}</a>')
    html = ['<figure class="embed">']
    paragraphs = [p.strip() for p in re.split(r"\n[ \t]*\n", embed.quote) if p.strip()]
    if paragraphs:
        body = "".join("<p>" + "<br>\n".join(str(escape(line.strip())) for line in p.splitlines()) + "</p>"
                       for p in paragraphs)
        html.append(f'<blockquote cite="{escape(url)}">{body}</blockquote>')
    html += [f"<figcaption>{' · '.join(caption)}</figcaption>", "</figure>"]
    return "\n".join(html)


def replace_embeds(text: str, store: Callable[[str], str]) -> str:
    """`text` with each well-formed embed replaced by `store(html)` on a paragraph of its own."""
    parsed = parse(text)
    if not parsed.embeds:
        return text
    pieces, at = [], 0
    for embed in parsed.embeds:
        pieces += [text[at:embed.start], "\n\n", store(render(embed)), "\n\n"]
        at = embed.end
    pieces.append(text[at:])
    return "".join(pieces)


class EmbedPreprocessor(Preprocessor):
    """Python-Markdown hook: embeds become stashed HTML blocks before block parsing."""

    def run(self, lines: list[str]) -> list[str]:
        return replace_embeds("\n".join(lines), self.md.htmlStash.store).split("\n")


def embed_errors(stories: Iterable[Story]) -> list[SourceError]:
    """Every malformed shortcode in the stories, at its line."""
    errors = []
    for story in stories:
        for problem in parse(story.body).problems:
            line = story.body_line + story.body.count("\n", 0, problem.offset)
            errors.append(SourceError(story.source, line, "body", problem.message, problem.hint))
    return errors
