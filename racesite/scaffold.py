"""`build.py new`: a new story skeleton in the right place, never over an existing file.

Owns the questions `new` asks (each checked as it is answered, with the valid choices shown), the skeleton's text
and where it goes: `<content>/<series>/<season>/<round>-<track>.md` for a race not on the site yet (the skeleton
then gives the race's data too), `<round>-<track>-<kind>.md` beside the race's files for another story of a race
that is. Checks answers against the site config; must not build the site.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import CONFIG_NAME, build_config
from .content import read_document, read_yaml_file
from .errors import Problems, did_you_mean
from .load import find_content
from .names import slugify
from .schema import STORY

KINDS: tuple[str, ...] = next(f.choices for f in STORY if f.name == "kind") or ()
RACE_FIELDS = ("track", "date", "name")  # asked only for a race not on the site yet


class ScaffoldError(ValueError):
    """What the writer asked for can't be written; the message says why and what to do."""


@dataclass(frozen=True)
class Question:
    field: str
    prompt: str  # what the writer is asked, with the choices or the format
    check: Callable[[str], Any]  # the answer as typed -> its value; raises ScaffoldError saying what is wrong
    default: str = ""  # taken for an empty answer


@dataclass(frozen=True)
class Existing:
    """A race already on the site: its files, and whether one of them gives `results` (even `[]`: a field is given
    in one file only)."""

    files: tuple[Path, ...]
    gives_results: bool


@dataclass(frozen=True)
class NewStory:
    series: str
    season: int
    round: int
    kind: str
    existing: Existing | None  # the race's files when it is on the site already
    track: str = ""
    date: dt.date | None = None
    name: str = ""


def series_slugs(content: Path) -> list[str]:
    config = build_config(read_yaml_file(content / CONFIG_NAME, CONFIG_NAME, Problems()), CONFIG_NAME, Problems())
    return [s.slug for s in config.series] if config else []


def questions(content: Path) -> list[Question]:
    """The questions every story needs answered; `race_questions` follow for a race not on the site yet."""
    slugs = series_slugs(content)

    def series(text: str) -> str:
        folded = text.strip().lower()
        found = next((slug for slug in slugs if slug.lower() == folded), None)
        if found is None:
            hint = did_you_mean(text.strip(), slugs) or ("one of: " + ", ".join(slugs) if slugs else
                                                         "add it to site.yml first")
            raise ScaffoldError(f"series: unknown series '{text.strip()}' ({hint})")
        return found

    def kind(text: str) -> str:
        folded = text.strip().lower()
        if folded not in KINDS:
            begun = next((f"did you mean '{k}'?" for k in KINDS if folded and k.startswith(folded[:4])), None)
            hint = begun or did_you_mean(folded, KINDS, cutoff=0.6) or "one of: " + ", ".join(KINDS)
            raise ScaffoldError(f"kind: unknown kind '{text.strip()}' ({hint})")
        return folded

    return [Question("series", f"series ({', '.join(slugs)})", series),
            Question("season", "season (e.g. 2021)", lambda text: _whole("season", text)),
            Question("round", "round (1, 2, ...)", lambda text: _whole("round", text)),
            Question("kind", f"kind ({', '.join(KINDS)}) [recap]", kind, default="recap")]


def race_questions() -> list[Question]:
    def required(field: str) -> Callable[[str], str]:
        def check(text: str) -> str:
            if not text.strip():
                raise ScaffoldError(f"{field}: is required")
            return text.strip()
        return check

    def date(text: str) -> dt.date:
        try:
            return dt.date.fromisoformat(text.strip())
        except ValueError:
            raise ScaffoldError(f"date: '{text.strip()}' is not a date (write YYYY-MM-DD, e.g. 2021-04-09)") from None

    return [Question("track", "track (e.g. Martinsville Speedway)", required("track")),
            Question("date", "race date (YYYY-MM-DD)", date),
            Question("name", "race name (e.g. Cook Out 250)", required("name"))]


def _whole(field: str, text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        value = 0
    if value < 1:
        raise ScaffoldError(f"{field}: '{text.strip()}' is not a whole number above 0")
    return value


def ask(question: Question, answer: str) -> Any:
    """An answer's value (the default for an empty one); raises `ScaffoldError`."""
    return question.check(answer if answer.strip() or not question.default else question.default)


def find_race(content: Path, series: str, season: int, round_: int) -> Existing | None:
    """The files that already give this race, if any."""
    files, results = [], False
    for file in map(Path, find_content(content)):
        doc = read_document(file, str(file), Problems())
        meta = doc.meta.value if doc.meta is not None and isinstance(doc.meta.value, dict) else {}
        values = {k: getattr(v, "value", v) for k, v in meta.items()}
        if (values.get("series"), values.get("season"), values.get("round")) == (series, season, round_):
            files.append(file)
            results = results or "results" in values
    return Existing(tuple(sorted(files)), results) if files else None


def target(content: Path, story: NewStory) -> Path:
    """Where the skeleton goes: a new race's file, or a file beside the race's others named for its kind."""
    if story.existing is None:
        stem = f"{story.round:02d}-{slugify(story.track)}"
        folder = content / story.series / str(story.season)
        return folder / (f"{stem}.md" if story.kind == "recap" else f"{stem}-{story.kind}.md")
    first = story.existing.files[0]
    stem = first.stem
    for kind in KINDS:
        stem = stem.removesuffix(f"-{kind}")
    path, n = first.with_name(f"{stem}-{story.kind}.md"), 1
    while path.exists():
        n += 1
        path = first.with_name(f"{stem}-{story.kind}-{n}.md")
    return path


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def skeleton(story: NewStory, today: dt.date) -> str:
    """The new file's text: the story's fields; a new race's data too; results to fill in for a recap."""
    lines = ["---", f"series: {story.series}", f"season: {story.season}", f"round: {story.round}"]
    if story.existing is None:
        assert story.date is not None
        lines += [f"date: {story.date.isoformat()}", f"name: {_quote(story.name)}", f"track: {_quote(story.track)}",
                  "laps:                 # scheduled laps"]
    lines += [f"kind: {story.kind}", 'title: ""            # the headline; the race name if left empty']
    if story.kind == "recap":
        lines.append("# published: YYYY-MM-DD  # when it went out, if not on race day")
    else:
        lines.append(f"published: {today.isoformat()}  # when it goes out: its facts are as of this day")
    lines += ['summary: ""           # one or two sentences for the home page and feeds',
              "draft: true           # shown by `make serve` only; remove to publish"]
    if story.kind == "qualifying" and story.existing is None:
        lines += ["# lineup: formula     # when qualifying was cancelled and the field set by formula",
                  "# qualifying:", "#   # [pos, car, driver, time in seconds, speed in mph]",
                  '#   - [1, "7", Driver Name, 29.806, 181.172]']
    if story.kind == "recap" and not (story.existing and story.existing.gives_results):
        lines += ["results: []", "# Replace `[]` above with one row per car, in finishing order:",
                  "#   # [fin, st, car, driver, team, make, laps, led, status, pts]",
                  '#   - [1, 6, "7", Driver Name, Team Name, Chevrolet, 163, 47, running, 57]',
                  "# or put them in a CSV beside this file and write `results: results.csv`."]
    lines += ["---", "Write the story here. Placeholders (winner_wins and the others in docs/stats.md, each",
              "written in double braces) put computed facts in your text, as of when the story goes out.", ""]
    return "\n".join(lines)


def write_new(content: Path, story: NewStory, today: dt.date) -> Path:
    """Write the skeleton; refuses when its file exists."""
    path = target(content, story)
    if path.exists():
        raise ScaffoldError(f"{path} already exists: not overwriting it")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(skeleton(story, today), encoding="utf-8")
    return path
