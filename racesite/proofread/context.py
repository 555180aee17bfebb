"""What a claim is about: its subject (a driver or a team), its series, and the race it speaks of.

Owns `Story` (one story's prose, race, moment and names, as the claim checks read them) and the resolution
rules the catalogue (docs/prose-checks.md) states: a subject is the driver named right before the claim (his
name, his possessive, an apposition between commas, or a verb phrase joined by "and"), a pronoun that has one
driver to point to (in the sentence before it, else in the sentence before), "for NAME" right after the claim,
or "the winner"; anything else is not resolved and the claim stays silent. Must not decide whether a claim is
true (`claims` does).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model import Race, Result, Series
from ..names import fold
from ..stats.history import History, Moment, result_in
from ..stats.rules import winner as winner_of
from .nameindex import NameIndex, name_words
from .names import Mention
from .report import Finding
from .text import Prose, Sentence

HINT = "if the data is wrong, end the sentence with <!-- prose-ok: why -->"

_GAP = re.compile(
    r"(?:['’]s?)?\s*(?:,[^,;]{1,80},\s*)?"
    r"(?:(?:also|then|eventually|ultimately|still|later|had|has|have|would|will|again|only|just|easily|now|already|"
    r"currently|comfortably|officially|who|which|that|owns|holds|boasts|collected|earned|scored|claimed|took|"
    r"added|notched|recorded|captured|grabbed|picked\s+up|racked\s+up)\s+)*"
    r"(?:(?:started|starting|finished|finishing|led|leading|won|qualified|came|took|placed|was|had|ran|scored|"
    r"rallied|charged|climbed|recovered)\b[^,;]{0,80}?\s+and\s+(?:(?:then|also|eventually)\s+)?)?", re.I)
_PRONOUN = re.compile(r"\b(?:he|his|him|she|her)\b|\bthe \d+-year-old\b", re.I)
_WINNER = re.compile(r"\bthe (?:race )?winner\b", re.I)
_AT = re.compile(r"\bat\s+([A-Z][\w'’.&-]*(?:\s+[A-Z][\w'’.&-]*)*)")
_YEAR = re.compile(r"\b(19[4-9]\d|20\d\d)\b")
_ELSEWHERE = re.compile(r"\b(?:last (?:year|season|week|weekend|month|time|race)|previous(?:ly)?|earlier|ago|prior|"
                        r"a race at|former|since|in (?:his|her) (?:last|previous|rookie) |career-best|once)\b", re.I)
_AND = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)")  # between the names of a list
_TEAM_WORD = re.compile(r"\b(?:it|its|the (?:\w+-car )?(?:team|organization|outfit|operation))\b", re.I)


@dataclass(frozen=True)
class Story:
    """A story being checked: its prose, race, the moment its claims are true at, and what it names."""

    prose: Prose
    race: Race
    history: History
    moment: Moment
    index: NameIndex
    mentions: tuple[Mention, ...]
    series: tuple[Series, ...]
    series_words: dict[str, str] = field(default_factory=dict)  # folded "xfinity series" ... -> slug
    by_sentence: dict[int, tuple[Mention, ...]] = field(default_factory=dict)  # sentence start -> its mentions
    seen: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict, repr=False)  # a phrase read before ->
    # (its folded text, the tracks it names): kept between stories by the caller

    @property
    def after(self) -> bool:
        return self.moment.after

    def series_name(self, slug: str) -> str:
        return next((s.name for s in self.series if s.slug == slug), slug)

    def text(self, sentence: Sentence) -> str:
        return self.prose.claims[sentence.start:sentence.end]

    def in_sentence(self, sentence: Sentence, kind: str) -> list[Mention]:
        return [m for m in self.by_sentence.get(sentence.start, ()) if m.kind == kind]

    def finding(self, sentence: Sentence, start: int, end: int, message: str, check: str) -> Finding:
        """A finding about story text start..end (offsets into the whole story)."""
        line, col = self.prose.where(start)
        quoted = " ".join(self.prose.text[start:end].split())
        return Finding(line, col, quoted, message, HINT, " ".join(self.prose.text[sentence.start:sentence.end].split()),
                       check, start)

    # -- subjects ------------------------------------------------------------------------------------------------

    def driver_before(self, index: int, at: int) -> str | None:
        """The driver a claim starting at offset `at` of sentence `index` is about, named before it."""
        sentence = self.prose.sentences[index]
        text = self.prose.claims
        best: tuple[int, int, str | None] | None = None  # (end, start, who)
        previous = None
        for m in self.in_sentence(sentence, "driver"):
            if m.end <= at:
                plural = previous is not None and _AND.fullmatch(text, previous.end, m.start) is not None
                best = (m.end, m.start, None if plural else m.name)  # "Burton and Gragson finished third and
                previous = m  # fourth": two drivers, not Gragson
        for p in _PRONOUN.finditer(text, sentence.start, at):
            if best is None or p.end() > best[0]:
                best = (p.end(), p.start(), self._pronoun(index, p.start()))
        for w in _WINNER.finditer(text, sentence.start, at):
            if best is None or w.end() > best[0]:
                winner = winner_of(self.race)
                best = (w.end(), w.start(), winner.driver if winner and self.after else None)
        if best is None:
            return None
        gap = _GAP.fullmatch(text, best[0], at)
        if gap is None:
            return None
        return best[2]

    def driver_after(self, index: int, end: int) -> str | None:
        """A driver named by "for NAME" right after a claim ending at `end`."""
        sentence = self.prose.sentences[index]
        match = re.compile(r"\s+(?:for|by)\s+").match(self.prose.claims, end, sentence.end)
        if match is None:
            return None
        return next((m.name for m in self.in_sentence(sentence, "driver") if m.start == match.end()), None)

    def subject(self, index: int, start: int, end: int) -> str | None:
        return self.driver_before(index, start) or self.driver_after(index, end)

    def _pronoun(self, index: int, at: int) -> str | None:
        """The one driver a pronoun at `at` can mean: in its sentence before it, else the sentence's only driver,
        else the one driver of the sentence before."""
        sentence = self.prose.sentences[index]
        drivers = self.in_sentence(sentence, "driver")
        before = {m.names for m in drivers if m.end <= at}
        if before:
            return _one(before)
        if drivers:
            return _one({m.names for m in drivers})
        if index == 0:
            return None
        previous = {m.names for m in self.in_sentence(self.prose.sentences[index - 1], "driver")}
        return _one(previous) if previous else None

    def team_before(self, index: int, at: int) -> str | None:
        """The team a claim at `at` is about: named in the sentence before it, or "it"/"the team" with one team named
        in the sentence or the one before."""
        sentence = self.prose.sentences[index]
        teams = [m for m in self.in_sentence(sentence, "team") if m.end <= at]
        words = list(_TEAM_WORD.finditer(self.prose.claims, sentence.start, at))
        if teams and (not words or teams[-1].end > words[-1].end()):
            return teams[-1].name
        if not words:
            return None
        named = {m.names for m in self.in_sentence(sentence, "team")}
        if not named and index:
            named = {m.names for m in self.in_sentence(self.prose.sentences[index - 1], "team")}
        return _one(named) if named else None

    # -- series and races ----------------------------------------------------------------------------------------

    def series_in(self, text: str) -> str | None:
        """The series a claim's words name ("Xfinity Series"), the story's when they name none, None when they name
        one the site does not have."""
        folded = self._read(text)[0]
        named = {slug for words, slug in self.series_words.items() if words in folded}
        if not named:
            return None if re.search(r"\b(?:Cup|Truck|Busch|Nationwide|Winston|Sprint|ARCA|IndyCar|NASCAR)\b", text) \
                and not re.search(r"\bNASCAR\b", text) else self.race.series
        return named.pop() if len(named) == 1 else None

    def track_of(self, phrase: str) -> set[str]:
        """The tracks a capitalized phrase names ("Charlotte" -> both Charlotte tracks), trying it whole, then
        without its last words."""
        return set(self._read(phrase)[1])

    def _read(self, phrase: str) -> tuple[str, frozenset[str]]:
        known = self.seen.get(phrase)
        if known is None:
            words = [fold(w) for w in name_words(phrase)]
            found: set[str] = set()
            while words and not found:
                found = self.index.tracks_named(words)
                words = words[:-1]
            known = self.seen[phrase] = (fold(phrase), frozenset(found))
        return known

    def races_meant(self, index: int, subject: str, series: str) -> Sequence[Race] | None:
        """The races a result claim in sentence `index` can be about: this race when nothing points elsewhere;
        the subject's races in the year and at the track the sentence names when they differ from this race's;
        None when the sentence points elsewhere without saying where."""
        sentence = self.prose.sentences[index]
        text = self.text(sentence)
        named_years = {int(y) for y in _YEAR.findall(text)}
        years = named_years - {self.race.season}
        places = [set(m.names) for m in self.in_sentence(sentence, "track")]
        places += [found for at in _AT.finditer(text) if (found := self.track_of(at.group(1)))]
        elsewhere = [p for p in places if self.race.track not in p]
        if not years and not elsewhere:
            if _ELSEWHERE.search(text):
                return None
            return [self.race]
        if len(named_years) > 1 or len({frozenset(p) for p in elsewhere}) > 1:
            return None
        tracks = elsewhere[0] if elsewhere else ({self.race.track} if places else None)
        season = next(iter(named_years)) if named_years else None
        if season is None and tracks is None:
            return None
        return [race for race, _ in self.history.entries(subject, series, self.moment, season=season)
                if tracks is None or race.track in tracks]

    def row(self, race: Race, driver: str) -> Result | None:
        return result_in(race, driver)


def mentions_by_sentence(prose: Prose, mentions: Sequence[Mention]) -> dict[int, tuple[Mention, ...]]:
    """Each sentence's mentions, keyed by the sentence's start."""
    out: dict[int, list[Mention]] = {}
    for mention in mentions:
        out.setdefault(prose.sentences[prose.sentence_at(mention.start)].start, []).append(mention)
    return {start: tuple(found) for start, found in out.items()}


def _one(names: set[tuple[str, ...]]) -> str | None:
    """The one driver of a set of mentions (None when two are named, or a name is ambiguous)."""
    return next(iter(names))[0] if len(names) == 1 and len(next(iter(names))) == 1 else None


def series_words(series: Sequence[Series]) -> dict[str, str]:
    """Folded ways to name each series in prose: its full name, "<short name> Series", its short name."""
    out: dict[str, str] = {}
    for s in series:
        for text in (s.name, f"{s.short_name} Series", s.short_name):
            if text:
                out.setdefault(fold(text), s.slug)
    return out
