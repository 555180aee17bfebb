"""Names in the prose: every driver, team and track a story names, and the near misses of names the site knows.

Owns `find_names`, which reads one story's masked prose into `Mention`s against the site's `NameIndex` (see
`nameindex`) and warns about a word that is one edit (a swapped pair, a wrong, missing or extra letter) or an accent
away from a known name: `"Allgiaer": did you mean "Allgaier" (Justin Allgaier)?`. Precision comes first: common
English words, words the site already knows, people the story introduces by a full name the site does not know,
and drivers of other series are never warned about. A last name alone resolves among the race's entrants first,
then the series' drivers. Must not check claims or read files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz.distance import OSA

from ..model import Race
from ..names import fold
from .nameindex import MIN_LENGTH, Name, NameIndex, clean_word, without_accents
from .report import Finding
from .text import Prose


@dataclass(frozen=True)
class Mention:
    """Words of the story naming a driver, team or track: one canonical name when resolved, else the candidates."""

    start: int
    end: int
    kind: str
    names: tuple[str, ...]

    @property
    def name(self) -> str | None:
        return self.names[0] if len(self.names) == 1 else None


class _Word(NamedTuple):
    """A capitalized word of the prose, or a small word names hold ("with", "at", "de"): the rest is not read."""

    start: int
    end: int
    text: str  # as written, cleaned
    folded: str
    capital: bool
    joined: bool  # whether the next capitalized word follows with nothing but spaces between


CAPITALIZED = re.compile(r"[A-ZÀ-ÖØ-Þ&](?:(?<=&)|[\w.'’-]*)")  # (a character class first: scanned at C speed)
_SMALL_WORDS = re.compile(r"[ \t]+((?:(?:with|at|of|and|de|da|del|van|von|der|la|le)[ \t]+)+)")  # that names hold


def _tokenize(text: str, index: NameIndex, memo: dict[str, tuple[str, str] | None]) -> list[_Word]:
    """The capitalized words of `text` that could be or hold a name, and the small words names hold ("with", "at",
    "de") between two of them. A common English word that no name holds ("The", "Officials") is left out: it can
    be no part of a name, nor a misspelling of one. `memo` keeps each word's reading between stories (it is
    `index`'s)."""
    found: list[tuple[int, int, str, str, bool]] = []  # (start, end, text, folded, capital)
    joined: list[bool] = []  # whether each is followed by the next with only spaces between
    end = -1
    for match in CAPITALIZED.finditer(text):
        raw = match.group(0)
        if raw in memo:
            known = memo[raw]
        else:
            clean = clean_word(raw)
            folded = fold(clean) if clean != "&" else "and"
            common = folded in index.english and folded not in index.tokens
            known = memo[raw] = (clean, folded) if clean and not common else None
        if known is None:
            continue
        start = match.start()
        if found:
            gap = text[end:start]
            if not gap or gap.isspace():
                joined[-1] = "\n\n" not in gap
            elif len(gap) < 24 and (small := _SMALL_WORDS.fullmatch(gap)) is not None:  # "Beach and Road"
                joined[-1] = True
                for part in re.finditer(r"\S+", small.group(1)):
                    at = end + small.start(1) + part.start()
                    found.append((at, at + len(part.group(0)), part.group(0), part.group(0), False))
                    joined.append(True)
        end = start + len(known[0])
        found.append((start, end, known[0], known[1], known[0][0].isupper()))
        joined.append(False)
    return [_Word(*word, together) for word, together in zip(found, joined)]


def find_names(prose: Prose, index: NameIndex, race: Race,
               memo: dict[str, tuple[str, str] | None] | None = None) -> tuple[list[Mention], list[Finding]]:
    """The names a story's prose gives, and its near misses of known names (`memo`: words read before, kept by the
    caller between stories)."""
    words = _tokenize(prose.masked, index, {} if memo is None else memo)
    entrants = {row.driver for row in race.results} | {q.driver for q in race.qualifying}
    in_series = index.series_drivers.get(race.series, frozenset())
    mentions: list[Mention] = []
    findings: list[Finding] = []
    covered: set[int] = set()
    i = 0
    while i < len(words):
        word = words[i]
        if not word.capital or word.folded not in index.starters:
            i += 1
            continue
        size = 1
        while size < index.longest and i + size < len(words) and words[i + size - 1].joined:
            size += 1
        for length in range(size, 0, -1):
            names = index.phrases.get("".join(w.folded for w in words[i:i + length]))
            if names:
                mention = Mention(word.start, words[i + length - 1].end, names[0].kind,
                                  tuple(n.canonical for n in names if n.kind == names[0].kind))
                mentions.append(mention)
                findings += _accents(prose, words[i:i + length], mention, index)
                covered.update(range(i, i + length))
                i += length
                break
        else:
            drivers = index.surnames.get(word.folded)
            if drivers:
                picked = _in_context(drivers, entrants, in_series)
                if picked and (word.folded not in index.english or set(picked) <= entrants):
                    mention = Mention(word.start, word.end, "driver", picked)
                    mentions.append(mention)
                    findings += _accents(prose, [word], mention, index)
                    covered.add(i)
            i += 1
    findings += _near_misses(prose, words, covered, index, entrants, in_series)
    return mentions, findings


def _in_context(drivers: tuple[str, ...], entrants: set[str], in_series: frozenset[str]) -> tuple[str, ...]:
    """The drivers a last name can mean here: this race's entrants first, then the series', then anyone's."""
    for pool in (entrants, in_series):
        picked = tuple(d for d in drivers if d in pool)
        if picked:
            return picked
    return drivers


def _accents(prose: Prose, written: list[_Word], mention: Mention, index: NameIndex) -> list[Finding]:
    """A word written without the accents of the one name it resolves to: "Suarez" for "Daniel Suárez"."""
    if mention.name is None:
        return []
    canonical = index.spellings.get(mention.name, ())
    out = []
    for word in written:
        if word.text in canonical:
            continue
        right = next((c for c in canonical if fold(c) == word.folded), None)
        if right is not None and right != word.text and without_accents(right) == word.text:
            line, col = prose.where(word.start)
            out.append(Finding(line, col, word.text, f'did you mean "{right}" ({mention.name})?',
                               "the site spells the name with its accents", _sentence(prose, word.start), "name",
                               word.start))
    return out


def _near_misses(prose: Prose, words: list[_Word], covered: set[int], index: NameIndex, entrants: set[str],
                 in_series: frozenset[str]) -> list[Finding]:
    out = []
    introduced = _introduced(words, covered, index)
    for i, word in enumerate(words):
        key = word.folded
        if (i in covered or not word.capital or len(key) < MIN_LENGTH or key in index.tokens
                or key in index.known_words or _english(key, index.english) or word.text.isupper() or key in introduced
                or any(c.isdigit() for c in word.text)):
            continue
        close = {w for variant in (key, *(key[:j] + key[j + 1:] for j in range(len(key))))
                 for w in index.one_edit.get(variant, ()) if w != key and OSA.distance(key, w, score_cutoff=1) <= 1}
        if not close or _stranger(prose.masked, words, i, index):
            continue
        finding = _suggest(prose, words, i, close, index, entrants, in_series)
        if finding is not None:
            out.append(finding)
    return out


_INFLECTIONS = (("s", ""), ("es", ""), ("ies", "y"), ("ed", ""), ("ed", "e"), ("ied", "y"), ("ing", ""), ("ing", "e"),
                ("ly", ""), ("er", ""), ("ers", ""), ("est", ""))


def _english(word: str, english: frozenset[str]) -> bool:
    """Whether a folded word is a common English word or one of its plain inflections ("fans", "officials": the
    word list has only "fan", "official")."""
    if word in english:
        return True
    return any(word.endswith(tail) and len(word) > len(tail) + 2 and word[:-len(tail)] + stem in english
               for tail, stem in _INFLECTIONS)


# Between a first name and a last name: "William Harrell", "William “Rowdy” Harrell" (the nickname a word the
# site does not know, or a common word left out of the words read)
_BEFORE_LAST_NAME = re.compile(r"[ \t]+(?:[\"“‘'][^\"”’'\n]{1,30}[\"”’'][ \t]+)?[\"“‘']?")


def _stranger(text: str, words: list[_Word], i: int, index: NameIndex) -> bool:
    """Whether words[i] is the first name of a person the data does not know: a capitalized word the site does not
    know follows it (maybe a nickname in quotes)."""
    if i + 1 >= len(words):
        return False
    after = words[i + 1]
    return after.capital and after.folded not in index.tokens and after.folded not in index.english and \
        _BEFORE_LAST_NAME.fullmatch(text, words[i].end, after.start) is not None


def _introduced(words: list[_Word], covered: set[int], index: NameIndex) -> set[str]:
    """Last names of people the story names in full who are not in the data (a crew chief, a team owner): their
    last name alone is theirs, not a typo."""
    out = set()
    for i in range(len(words) - 1):
        first, last = words[i], words[i + 1]
        name_like = first.folded not in index.english or first.folded in index.tokens  # "Dana", not "Then"
        if (first.joined and first.capital and last.capital and i not in covered and i + 1 not in covered
                and last.folded not in index.tokens and name_like
                and not _full_name_near(first.folded, last.folded, index)):
            out.add(last.folded)
    return out


def _full_name_near(first: str, last: str, index: NameIndex) -> bool:
    """Whether "first last" is one edit from a known full name."""
    for variant in (last, *(last[:j] + last[j + 1:] for j in range(len(last)))):
        for word in index.one_edit.get(variant, ()):
            if OSA.distance(last, word, score_cutoff=1) <= 1 and first + word in index.phrases:
                return True
    return False


def _suggest(prose: Prose, words: list[_Word], i: int, close: set[str], index: NameIndex, entrants: set[str],
             in_series: frozenset[str]) -> Finding | None:
    """The finding for words[i], a near miss of the name words in `close`, when the context makes it clear."""
    word = words[i]
    before = words[i - 1].folded if i and words[i - 1].joined else None
    after = words[i + 1].folded if i + 1 < len(words) and word.joined else None
    tiers: list[list[tuple[Name, str]]] = [[], [], [], []]  # in a full name as written, entrant, series, team/track
    for right in sorted(close):
        for name in index.tokens[right]:
            spelled = [fold(w) for w in index.spellings[name.canonical]]
            if name.kind == "driver" and name.canonical not in entrants and name.canonical not in in_series:
                continue
            at = spelled.index(right) if right in spelled else -1
            fits = at >= 0 and ((before is not None and at > 0 and spelled[at - 1] == before)
                                or (after is not None and at + 1 < len(spelled) and spelled[at + 1] == after))
            if not fits and name.kind == "driver" and name.canonical not in index.surnames.get(right, ()):
                continue  # a word alone is a driver's last name, never his first ("Fans" is not "Fats Caruso")
            tier = 0 if fits else 1 if name.canonical in entrants else 2 if name.kind == "driver" else 3
            tiers[tier].append((name, right))
    best = next((t for t in tiers if t), None)
    if not best or len({right for _, right in best}) != 1:
        return None  # nothing close in context, or two different words: no guess
    owners = sorted({owner.canonical for owner, _ in best})
    owner = owners[0]
    right_fold = best[0][1]
    right = next((w for w in index.spellings[owner] if fold(w) == right_fold), right_fold)
    start, end, quoted, suggestion = word.start, word.end, word.text, right
    if best is tiers[0] and len(owners) == 1:  # the full name as written but for this word: quote it whole
        full = [fold(w) for w in index.spellings[owner]]
        at = full.index(right_fold)
        first, last = i - at, i - at + len(full) - 1
        if (first >= 0 and last < len(words) and all(words[k].joined for k in range(first, last))
                and all(words[first + k].folded == full[k] for k in range(len(full)) if k != at)):
            start, end = words[first].start, words[last].end
            quoted, suggestion = prose.masked[start:end], owner
    line, col = prose.where(start)
    about = f" ({owner})" if len(owners) == 1 and suggestion != owner else ""
    return Finding(line, col, quoted, f'did you mean "{suggestion}"{about}?', "", _sentence(prose, start), "name",
                   start)


def _sentence(prose: Prose, offset: int) -> str:
    sentence = prose.sentences[prose.sentence_at(offset)] if prose.sentences else None
    return " ".join(prose.text[sentence.start:sentence.end].split()) if sentence else ""
