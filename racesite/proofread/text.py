"""A story's prose as the checkers read it: what is prose, where its sentences are, and where each character is.

Owns the masking of what is not prose (code, HTML and its comments, `{{< embed >}}` shortcodes, `{{ placeholders }}`,
link targets, URLs, e-mail addresses, @handles and #hashtags: each replaced by spaces, so every offset still points
at the same character of the story), the sentence splitter, quoted speech, the silencing marker
(`<!-- prose-ok -->`) and the words for numbers. Must not know names, races or stats.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

MARKER = "prose-ok"  # `<!-- prose-ok -->` or `<!-- prose-ok: why -->` at the end of a sentence silences it

_MARKER = re.compile(r"<!--\s*prose-ok\b\s*:?\s*(.*?)\s*-->", re.S)
# What is not prose, in the order it is blanked, each tried only when the text holds one of its marks (a regex
# trying a dozen alternatives at every character of every story cost more than the rest of the reading).
_NOT_PROSE: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = (
    (("```", "~~~"), re.compile(r"^[ \t]*(```|~~~)[^\n]*\n.*?(?:^[ \t]*\1[^\n]*$|\Z)", re.S | re.M)),
    (("<!--",), re.compile(r"<!--.*?(?:-->|\Z)", re.S)),
    (("{{",), re.compile(r"\{\{[<%].*?(?:[>%]\}\}|\Z)|\{\{.*?\}\}", re.S)),
    (("`",), re.compile(r"`[^`\n]*`")),
    (("](",), re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)|(?P<link>\[(?P<label>[^\]\n]*)\]\([^)\n]*\))")),
    (("]:",), re.compile(r"^[ \t]*\[[^\]\n]+\]:[^\n]*", re.M)),
    (("<",), re.compile(r"</?[A-Za-z][^>\n]*>")),
    (("/",), re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)+/\S*")),
    (("www.",), re.compile(r"www\.\S+")),
    (("@",), re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<![\w&])@[A-Za-z_]\w*")),
    (("#",), re.compile(r"(?<![\w&])#[A-Za-z_]\w*")),
)

_ABBREVIATIONS = frozenset({
    "jr", "sr", "mr", "mrs", "ms", "dr", "st", "no", "nos", "vs", "mt", "lt", "sgt", "gen", "rev", "inc", "co", "corp",
    "ltd", "bros", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx",
    "est", "fig", "etc"})
# (one character class first, so that the regex engine skips to the next candidate at C speed)
_BREAK = re.compile(r"[.!?\n](?:(?<=[.!?])[.!?]*[\"'”’)\]]*(?=\s+[\"“‘(\[]*[A-Z0-9À-Ý])|"
                    r"(?<=\n)(?:[ \t]*\n\s*|(?=[ \t]*(?:#|[-*+] |\d+\. ))))")


class Sentence(NamedTuple):
    """One sentence: `start`..`end` offsets into the story's text; `marker` when a silencing marker follows it.
    (A named tuple: a long history's stories hold a million of them, made fast.)"""

    start: int
    end: int
    marker: str | None = None  # the marker's reason ("" when none is given); None: not silenced


@dataclass(frozen=True)
class Filled:
    """Where a story's text came from when its `{{ placeholders }}` were filled in: the body as written, and for
    each value its (start, end) in the text and the (start, end) of its placeholder in the written body."""

    written: str
    spans: tuple[tuple[int, int, int, int], ...]


@dataclass(frozen=True)
class Prose:
    """A story body read for checking. `masked` is `text` with everything that is not prose turned into spaces,
    and `claims` is `masked` with quoted speech blanked too (what a quoted person says is not the writer's claim)."""

    text: str
    masked: str
    claims: str
    first_line: int
    line_starts: tuple[int, ...]
    sentences: tuple[Sentence, ...]
    stray_markers: tuple[int, ...]  # offsets of markers with no sentence before them
    filled: tuple[tuple[int, int, int, int], ...] = ()  # `Filled.spans`; `line_starts` are the written body's

    def where(self, offset: int) -> tuple[int, int]:
        """The (line, column) of an offset, both counted from 1, the line in the story's file (a filled-in value's
        characters are at its placeholder)."""
        offset = self.written_at(offset)
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return self.first_line + index, offset - self.line_starts[index] + 1

    def written_at(self, offset: int) -> int:
        """The offset in the body as written of an offset into `text`."""
        at = bisect.bisect_right(self.filled, (offset, 1 << 62)) - 1
        if at < 0:
            return offset
        _, end, written_start, written_end = self.filled[at]
        return written_start if offset < end else written_end + offset - end

    def sentence_at(self, offset: int) -> int:
        """The index of the sentence holding `offset` (the one before it, between sentences)."""
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    @functools.cached_property
    def starts(self) -> list[int]:
        return [s.start for s in self.sentences]


def _blank(text: str) -> str:
    """Spaces for every character of `text` but its line breaks."""
    return "\n".join(" " * len(line) for line in text.split("\n")) if "\n" in text else " " * len(text)


def _mask(match: re.Match[str]) -> str:
    if match.re.groupindex.get("link") and match.group("link") is not None:  # keep a link's words
        label = match.group("label")
        return " " + label + " " + _blank(match.group(0)[len(label) + 2:])
    return _blank(match.group(0))


def read_prose(text: str, first_line: int = 1, filled: Filled | None = None) -> Prose:
    """Mask, split and locate a story body whose first line is line `first_line` of its file (`filled`: the text
    is that body with its placeholders filled in; lines and columns are then the written body's)."""
    masked = text
    for marks, pattern in _NOT_PROSE:
        for mark in marks:
            if mark in masked:
                masked = pattern.sub(_mask, masked)
                break
    claims = _quotes_blanked(masked)
    line_starts = [0]
    line_starts += [m.end() for m in re.finditer("\n", filled.written if filled is not None else text)]
    spans = _split(masked)
    markers = [(m.start(), m.group(1)) for m in _MARKER.finditer(text)] if "prose-ok" in text else []
    reasons: dict[int, str] = {}
    stray = []
    starts = [start for start, _ in spans]
    for at, reason in markers:
        index = bisect.bisect_right(starts, at) - 1
        if index < 0:
            stray.append(at)
        else:
            reasons[index] = reason
    sentences = tuple([Sentence(start, end, reasons.get(i)) for i, (start, end) in enumerate(spans)] if reasons else
                      [Sentence(start, end) for start, end in spans])
    return Prose(text, masked, claims, first_line, tuple(line_starts), sentences, tuple(stray),
                 filled.spans if filled is not None else ())


_LAST_WORD = re.compile(r"([\w.]+)\.*$")  # the word a full stop ends
_MARK = re.compile(r"(?:#+|[-*+>]|\d+\.)?\s*")  # a heading's, a list item's or a quote's mark


def _split(masked: str) -> list[tuple[int, int]]:
    """Sentence spans, trimmed of surrounding space: split at end punctuation before a capital, at blank lines,
    headings and list items; not after an abbreviation or an initial ('Jr.', 'A.J.')."""
    spans = []
    start = 0
    for match in _BREAK.finditer(masked):
        if match.group(0)[0] == ".":
            word = _LAST_WORD.search(masked, max(start, match.start() - 12), match.start())
            last = word.group(1).lower().rsplit(".", 1)[-1] if word else ""
            if word and (len(last) == 1 or last in _ABBREVIATIONS):
                continue
        end = match.end() if match.group(0)[0] in ".!?" else match.start()
        spans.append((start, end))
        start = match.end()
    spans.append((start, len(masked)))
    out = []
    for begin, end in spans:
        chunk = masked[begin:end]
        stripped = chunk.strip()
        if not stripped:
            continue
        lead = len(chunk) - len(chunk.lstrip())
        stop = begin + lead + len(stripped)
        lead += len(_MARK.match(masked, begin + lead, stop).group(0))  # type: ignore[union-attr]
        out.append((begin + lead, stop))
    return out


_QUOTE_OR_PARAGRAPH = re.compile(r'[“”"]|\n(?=\n)')


def _quotes_blanked(masked: str) -> str:
    """`masked` with quoted speech blanked: “...”, "...", and a paragraph's open quote running to its end."""
    if '"' not in masked and "“" not in masked and "”" not in masked:
        return masked
    spans: list[tuple[int, int]] = []
    opened: int | None = None  # where the quote being read opened
    for match in _QUOTE_OR_PARAGRAPH.finditer(masked):
        ch, at = match.group(0), match.start()
        if ch == "\n":  # a paragraph ends: so does any quote left open
            if opened is not None:
                spans.append((opened, at))
                opened = None
        elif ch == "“" or (ch == '"' and opened is None):
            opened = at if opened is None else opened
        else:  # a closing quote (a stray one is blanked alone)
            spans.append((at if opened is None else opened, at + 1))
            opened = None
    if opened is not None:
        spans.append((opened, len(masked)))
    parts, last = [], 0
    for start, end in spans:
        parts += [masked[last:start], _blank(masked[start:end])]
        last = end
    parts.append(masked[last:])
    return "".join(parts)


# -- numbers -------------------------------------------------------------------------------------------------------

_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
          "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_UNIT_ORD = ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
             "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
             "nineteenth"]
_TENS_ORD = ["", "", "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth",
             "ninetieth"]


def _words(units: list[str], tens: list[str], tens_alone: list[str]) -> dict[str, int]:
    table = {word: n for n, word in enumerate(units) if n}
    for t in range(2, 10):
        table[tens_alone[t]] = 10 * t
        for u in range(1, 10):
            table[f"{tens[t]}-{units[u]}"] = 10 * t + u
            table[f"{tens[t]} {units[u]}"] = 10 * t + u
    return table


CARDINALS = _words(_UNITS, _TENS, _TENS)
CARDINALS.update({"a hundred": 100, "one hundred": 100, "a single": 1, "a": 1, "an": 1, "no": 0, "zero": 0})
ORDINALS = _words(_UNIT_ORD, _TENS, _TENS_ORD)
ORDINALS.update({"hundredth": 100, "one hundredth": 100})


def _alternation(words: dict[str, int]) -> str:
    """A pattern matching any of `words` (a space in one also matches a dash), the longest first, written as a
    tree of their shared beginnings: "seven(?:teen|ty)?" tries far fewer letters than a list of 180 words."""
    tree: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict) -> str:  # type: ignore[type-arg]
        branches = [(r"[ -]" if ch == " " else re.escape(ch)) + pattern(child) for ch, child in sorted(node.items())
                    if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word ends here: what follows is optional (and tried first)
            return f"(?:{body})?" if len(branches) > 1 or len(branches[0]) > 1 else f"{body}?"
        return body

    return pattern(tree)


NUM = rf"(?:\d{{1,4}}|{_alternation({k: v for k, v in CARDINALS.items() if k not in ('a', 'an', 'no')})})"
ORD = rf"(?:\d{{1,4}}(?:st|nd|rd|th)|{_alternation(ORDINALS)})"


def number(text: str) -> int | None:
    """'19' -> 19, 'nineteen' -> 19, 'twenty-one' -> 21; None for anything else."""
    text = text.strip().lower()
    if text.isdigit():
        return int(text)
    return CARDINALS.get(text.replace(" ", "-")) or CARDINALS.get(text)


def ordinal(text: str) -> int | None:
    """'15th' -> 15, 'fifteenth' -> 15, 'twenty-first' -> 21; None for anything else."""
    text = text.strip().lower()
    match = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", text)
    if match:
        return int(match.group(1))
    return ORDINALS.get(text.replace(" ", "-")) or ORDINALS.get(text)


def nth(value: int) -> str:
    """15 -> '15th' (the form messages use)."""
    suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{suffix}"
