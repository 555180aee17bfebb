"""Every story of a site proofread as of its own time: the build's step beside computing the stats.

Owns what the build asks of the prose checks: each story's text with its placeholders filled in (`Stats.bodies`,
lines and columns still the file's), checked against its race as of before or after it (`rules.after_the_race`);
the findings as build warnings (`SourceError` with the column, quoting the sentence); every sentence a
`<!-- prose-ok -->` marker silenced, for the build summary; and `Memo`, what one build keeps for the next, so that
a story is read again only when something it can read has changed. Stories with no placeholder read the same
before the stats exist: `begin` hands them to forked workers (`workers.Shared`) while the stats are computed, and
`finish` reads the rest. Must not load content, print or render.

What a story's findings depend on, and so its memo key: its text and its kind's moment (before or after the race),
its race, the races before that moment (a running hash of their digests), the order and dates of all races, the
series and the driver files' baselines (what `History` knows), and every name the site knows (`NameIndex.digest`).
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..cache import code_key, read_pickle, write_pickle
from ..errors import SourceError
from ..model import Race, Site, Story
from ..stats import Stats
from ..stats.facts import PLACEHOLDER, PLACEHOLDERS, RaceFacts
from ..stats.history import History
from ..stats.rules import after_the_race
from .check import Checker
from .nameindex import NameIndex
from .report import ProseReport
from .text import Filled
from .workers import Shared

FORMAT = 1


@dataclass(frozen=True)
class Proofread:
    """What proofreading a site found: warnings in file order, and each silenced sentence as a summary line."""

    warnings: tuple[SourceError, ...] = ()
    silenced: tuple[str, ...] = ()


@dataclass(frozen=True)
class Tools:
    """What every story's check reads, made once per site: its history and names, and what they were made from."""

    made_from: str  # a hash of the races (their digests, in order), entities, series and baselines
    checker: Checker
    basis: str  # a hash of all that every story's findings depend on besides its own race and the races before it
    prefix: tuple[str, ...]  # prefix[i]: a running hash of the digests of the first i races
    digests: tuple[str, ...] = ()  # the races' digests, in order
    basis_from: object = None  # what `basis` was made from


class Memo:
    """What proofreading keeps between builds: the last site's `Tools` (reused while its races, entities, series
    and baselines are the same: an edit to a story's text) and each story's report by its key. With a `file`, the
    reports are kept on disk too (`build --cache`), for the code that wrote them only.

    `ready`: make the tools in the first build even when no story needs them (a live preview: the first story
    written on an imported history is then read without making them from every race); later builds update them
    only when a story needs them."""

    def __init__(self, file: Path | None = None, code: str = "", ready: bool = False) -> None:
        self.file = file
        self.code = code or code_key()  # the code the reports on disk must come from
        self.ready = ready
        self.tools: Tools | None = None
        self.reports: dict[str, ProseReport] = {}
        # each story's key in the last build of this process, with what it was worked out from: the story, its race,
        # the tools and the text read (kept while they are the very same objects: a long-running process)
        self.keys: dict[str, tuple[Story, Race, Tools, str, str]] = {}
        self.read = file is None
        self.changed = False

    def load(self) -> None:
        if self.read:
            return
        self.read = True
        assert self.file is not None
        data = read_pickle(self.file, FORMAT)
        if data is not None and data.get("code") == self.code:
            try:
                reports = pickle.loads(data["reports"])
            except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError, KeyError):
                return  # damaged: every story is read again
            if isinstance(reports, dict):
                self.reports = reports

    def keep(self, reports: dict[str, ProseReport]) -> None:
        """This build's reports: those of stories no longer on the site are dropped."""
        self.changed = self.changed or reports.keys() != self.reports.keys()
        self.reports = reports

    def save(self) -> None:
        if self.file is not None and self.changed:
            write_pickle({"format": FORMAT, "code": self.code,
                          "reports": pickle.dumps(self.reports, pickle.HIGHEST_PROTOCOL)}, self.file)
            self.changed = False


def _hash(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def tools(site: Site, last: Tools | None = None) -> Tools:
    """The history and name index of `site` (`last`'s when made from the same races, entities, series and
    baselines)."""
    series = site.config.series
    made_from = _hash("".join([race.digest for race in site.races]), site.entities, series, site.baselines)
    if last is not None and last.made_from == made_from:
        return last
    history = History.of(site.races, series, site.baselines, last=last.checker.history if last is not None else None)
    names = NameIndex.of(site.races, site.entities, series, last=last.checker.names if last is not None else None)
    digests = tuple(race.digest for race in site.races)
    same = 0  # (the running hashes of the races before the first edited one are the last tools')
    if last is not None:
        same = next((at for at, (now, then) in enumerate(zip(digests, last.digests)) if now != then),
                    min(len(digests), len(last.digests)))
    prefix = list(last.prefix[:same + 1]) if last is not None else [""]
    for digest in digests[same:]:
        prefix.append(hashlib.blake2b(f"{prefix[-1]}{digest}".encode(), digest_size=16).hexdigest())
    basis_from = ([(race.key, race.date) for race in site.races], series, site.baselines, names.digest)
    basis = last.basis if last is not None and last.basis_from == basis_from else _hash(*basis_from)
    return Tools(made_from, Checker.of(history, names, series), basis, tuple(prefix), digests, basis_from)


@dataclass(frozen=True)
class _Task:
    """One story to check: its text as the check reads it, and where and as of when."""

    text: str
    first_line: int
    after: bool
    race: Race
    filled: Filled | None


class Reading:
    """A site's stories being proofread: begun before the stats are computed (`begin`: the stories whose text
    needs no placeholder filled are handed to forked workers at once), finished after (`finish`: the others are
    read here, then what the workers have not reached). Also a context manager: leaving it stops the workers."""

    def __init__(self, site: Site, memo: Memo, workers: int | None) -> None:
        self.site, self.memo = site, memo
        memo.load()
        races = {race.key: race for race in site.races}
        self.stories = [(story, race, after_the_race(story, race.date)) for story in site.stories
                        if (race := races.get(story.race)) is not None]
        # (a site with no story to read, such as an imported history, makes no history or name index, unless the
        # memo is to have them ready)
        needed = bool(self.stories) or (memo.ready and memo.tools is None)
        self.kit = memo.tools = tools(site, memo.tools) if needed else memo.tools
        self.keys: dict[str, tuple[Story, Race, Tools, str, str]] = {}  # this build's (`Memo.keys`)
        self.early: dict[str, _Task] = {}  # stories read as written, not known from the last build: key -> check
        for story, race, after in self.stories:
            if "{{" not in story.body:
                key = self._key(story, race, after, story.body)
                if key not in memo.reports:
                    self.early.setdefault(key, _Task(story.body, story.body_line, after, race, None))
        tasks = list(self.early.values())
        self.shared = Shared(partial(_check, self.kit.checker) if self.kit is not None else _unreachable, tasks,
                             workers)

    def _key(self, story: Story, race: Race, after: bool, text: str) -> str:
        """What a story's findings depend on (see the module's docstring), hashed."""
        kit = self.kit
        assert kit is not None  # (made whenever there is a story)
        last = self.keys.get(story.source) or self.memo.keys.get(story.source)
        if last is not None and last[0] is story and last[1] is race and last[2] is kit and last[3] == text:
            key = last[4]  # (`after` follows from the story and its race)
        else:
            history = kit.checker.history
            moment = history.after(race) if after else history.before(race)
            written = story.digest if text == story.body and story.digest else _hash(text)  # (the file's hash)
            key = _hash(kit.basis, written, story.body_line, after, race.digest, kit.prefix[moment.position])
        self.keys[story.source] = (story, race, kit, text, key)
        return key

    def finish(self, stats: Stats) -> Proofread:
        """Every story's findings, in the site's story order; what is new is kept in the memo."""
        keys: list[tuple[Story, str]] = []
        late: dict[str, _Task] = {}  # stories with placeholders, filled in now
        for story, race, after in self.stories:
            text = stats.bodies.get(story.source, story.body)
            key = self._key(story, race, after, text)
            keys.append((story, key))
            if key not in self.memo.reports and key not in self.early and key not in late:
                filled = _filled(story, text, stats, after)
                late[key] = _Task(text if filled is not None or text == story.body else story.body, story.body_line,
                                  after, race, filled)
        found = {key: _check(self.kit.checker, task) for key, task in late.items() if self.kit is not None}
        found.update(zip(self.early, self.shared.finish()))
        reports = {key: found.get(key) or self.memo.reports[key] for _, key in keys}
        self.memo.keep(reports)
        self.memo.keys = self.keys
        warnings = [warning for story, key in keys for warning in reports[key].errors(story.source)]
        silenced = [s.format(story.source) for story, key in keys for s in reports[key].silenced]
        return Proofread(tuple(warnings), tuple(silenced))

    def __enter__(self) -> Reading:
        return self

    def __exit__(self, *exc: object) -> None:
        self.shared.stop()


def begin(site: Site, memo: Memo | None = None, workers: int | None = None) -> Reading:
    """Start proofreading `site` (`workers` processes in all: the CPUs by default); `memo` keeps what a later
    build can reuse."""
    return Reading(site, memo or Memo(), workers)


def proofread(site: Site, stats: Stats, memo: Memo | None = None, workers: int | None = None) -> Proofread:
    """Every story of `site` checked as of its own time (`begin`, then `finish`)."""
    with begin(site, memo, workers) as reading:
        return reading.finish(stats)


def _unreachable(task: _Task) -> ProseReport:
    raise AssertionError("a story to check on a site with no story")


def _check(checker: Checker, task: _Task) -> ProseReport:
    return checker.check(task.text, task.first_line, after=task.after, race=task.race, filled=task.filled)


def _filled(story: Story, text: str, stats: Stats, after: bool) -> Filled | None:
    """Where each filled-in value of `text` stands in the body as written; None when `text` is the body as written
    or (never expected) does not follow from it: the body as written is then read, placeholders skipped."""
    if text == story.body:
        return None
    values = (stats.facts.get(story.race) or RaceFacts(values=dict.fromkeys(PLACEHOLDERS, ""))).at(after)
    spans = []
    at = written = 0
    for match in PLACEHOLDER.finditer(story.body):
        at += match.start() - written
        value = values.get(match.group(1), match.group(0))
        if text[at:at + len(value)] != value:
            return None
        spans.append((at, at + len(value), match.start(), match.end()))
        at += len(value)
        written = match.end()
    if text[at:] != story.body[written:]:
        return None
    return Filled(story.body, tuple(spans))
