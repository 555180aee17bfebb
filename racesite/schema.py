"""The content format, declared as data: every field a writer may use, its type, default and doc.

Owns the field tables for content files (a race's identity, its data and the story), result rows,
qualifying rows, stages,
penalties, entity files and the site config. `validate` enforces them and
`docs` generates docs/content-format.md from them, so the two cannot drift.
Must not read files, validate values or render.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

REQUIRED = object()  # default marker: the field must be given


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # str, int, number, bool, date, list[str], mapping, or a table name below
    default: Any
    doc: str
    choices: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # other spellings accepted (CSV headers)
    minimum: float | None = None
    maximum: float | None = None

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


STORY = (
    Field("kind", "str", "recap", "What the story is: `recap` (the race as it happened), `preview` (before the "
          "weekend), `qualifying` (a qualifying report) or `feature` (analysis, interviews). A preview or qualifying "
          "report states facts as they were before the race; a recap as they are after it.",
          choices=("recap", "preview", "qualifying", "feature")),
    Field("title", "str", None, "Headline. Defaults to the race name."),
    Field("summary", "str", "", "One or two sentences shown in lists and feeds."),
    Field("author", "str", None, "Who wrote it. Defaults to the site's `author`."),
    Field("published", "date", None, "Publish date, `YYYY-MM-DD`: not the race date. Defaults to the race date."),
    Field("draft", "bool", False, "A draft is shown by `make serve` only, never published by `make build`. The race "
          "data a draft gives is left out with it."),
    Field("slug", "str", None, "The story's URL name under its race's page. Defaults to its kind (`recap`, "
          "`preview`...), or the kind and title when the race has two stories of that kind."),
)

# What kind of race a race is: the championship rules score and count races by it (see docs/championships.md).
SESSIONS = ("race", "sprint", "feature", "heat", "duel", "qualifying", "exhibition")

RACE_ID = (
    Field("series", "str", REQUIRED, "Series slug, one of the `series` in site.yml (e.g. `xfinity`)."),
    Field("season", "int", REQUIRED, "Season year.", minimum=1900, maximum=9999),
    Field("round", "int", REQUIRED, "Round number within the season, from 1.", minimum=1, maximum=999),
    Field("race", "int", 1, "The race's number within its round, when the round holds several points-paying races "
          "(a sprint and a feature, heats, duels, a doubleheader): 1, 2, 3… in the order they were run. Each is a "
          "race of its own, with its own results, page and place in the standings; a story about the whole round "
          "is shown on each of its races' pages.", minimum=1, maximum=99),
)

RACE = (
    Field("date", "date", REQUIRED, "Race day as `YYYY-MM-DD`: a calendar date, never shifted by a timezone."),
    Field("name", "str", REQUIRED, "The race's name, e.g. `EchoPark 250`."),
    Field("track", "str", REQUIRED, "Track name; an alias from a track file resolves to its track."),
    Field("laps", "int", None, "Scheduled laps.", minimum=1),
    Field("laps_run", "int", None, "Laps actually run, when the race was shortened or extended. Defaults to `laps`.",
          minimum=0),
    Field("track_length", "number", None, "Track length in miles, when no track file gives it.", minimum=0.01),
    Field("session", "str", "race", "What kind of race it is, for the championship rules (which points system "
          "scores it, whether it pays points): `race`, or `sprint`, `feature`, `heat`, `duel`, `qualifying` (a "
          "qualifying race) or `exhibition` (pays no points by default).", choices=SESSIONS),
    Field("lineup", "str", "qualifying", "How the starting order was set. Only `qualifying` awards a pole; "
          "`formula` (qualifying cancelled, field set by a metric), `points`, `draw` or `inverted` do not.",
          choices=("qualifying", "formula", "points", "draw", "inverted")),
    Field("fastest_lap", "str", None, "The driver who set the race's fastest lap (for a fastest-lap bonus in the "
          "championship rules); an alias from a driver file resolves to its driver."),
    Field("cautions", "int", None, "Number of caution periods.", minimum=0),
    Field("caution_laps", "int", None, "Laps run under caution.", minimum=0),
    Field("lead_changes", "int", None, "Number of lead changes.", minimum=0),
    Field("leaders", "int", None, "Number of different leaders.", minimum=0),
    Field("margin", "str", None, "Margin of victory as written, e.g. `0.126 s` or `under caution`."),
    Field("results", "results", None, "The results table: a list of rows (see *Result rows*) or the name of a "
          "CSV file beside this file, e.g. `results: results.csv`. A race without results is upcoming: its page "
          "shows what is known so far, and it counts in no stat until its results arrive."),
    Field("qualifying", "qualifying", (), "Qualifying order (see *Qualifying rows*)."),
    Field("stages", "stages", (), "Stage finishes (see *Stages*). Without it, stages come from the results' "
          "`s1`, `s2`, `s3` columns."),
    Field("penalties", "penalties", (), "Penalties, free text per driver (see *Penalties*)."),
    Field("lenient", "bool", False, "Historical data, kept as recorded: missing car numbers, shared car numbers or "
          "starting positions, tied or skipped finishing positions, a driver listed twice and laps out of order are "
          "accepted instead of being errors. The importer sets it; a writer's own results should not need it."),
    Field("extra", "mapping", None, "Free-form data of your own; never checked, never shown by the default theme."),
)

# Every key a content file's front matter may hold. A race's required fields are required of the race, not of each
# of its files: `races` checks them once the race's files are merged.
FRONT_MATTER = (*RACE_ID, *STORY, *(replace(f, default=None) if f.required else f for f in RACE))

RESULT = (
    Field("fin", "int", REQUIRED, "Finishing position, 1 to the number of cars, each once.", minimum=1,
          aliases=("finish", "pos", "position")),
    Field("st", "int", None, "Starting position.", minimum=1, aliases=("start",)),
    Field("car", "str", None, "Car number, as text: `08` and `8` are different cars. Required unless the recap "
          "is `lenient`.",
          aliases=("#", "number", "no")),
    Field("driver", "str", REQUIRED, "Driver name; an alias from a driver file resolves to its driver."),
    Field("team", "str", None, "Team (or owner) name.", aliases=("owner",)),
    Field("make", "str", None, "Manufacturer, e.g. `Chevrolet`.", aliases=("manufacturer",)),
    Field("laps", "int", None, "Laps completed.", minimum=0),
    Field("led", "int", None, "Laps led.", minimum=0, aliases=("laps_led",)),
    Field("status", "str", "running", "`running` at the finish, or why the car stopped (`accident`, `engine`…)."),
    Field("pts", "number", None, "Points awarded, penalties included (the official figure).", aliases=("points",)),
    Field("s1", "int", None, "Finishing position in stage 1.", minimum=1),
    Field("s2", "int", None, "Finishing position in stage 2.", minimum=1),
    Field("s3", "int", None, "Finishing position in stage 3.", minimum=1),
    Field("stage_pts", "number", None, "Stage points included in `pts`.", aliases=("seg points", "stage points")),
)

# The order of a compact row: `- [1, 6, "7", Justin Allgaier, JR Motorsports, Chevrolet, 163, 10, running, 45]`.
RESULT_COMPACT = ("fin", "st", "car", "driver", "team", "make", "laps", "led", "status", "pts")

QUALIFYING = (
    Field("pos", "int", REQUIRED, "Qualifying position.", minimum=1),
    Field("car", "str", None, "Car number, as text."),
    Field("driver", "str", REQUIRED, "Driver name."),
    Field("time", "number", None, "Lap time in seconds; speed is derived from it and the track length.",
          minimum=0.001),
    Field("speed", "number", None, "Speed in mph as published; a warning flags one that disagrees with the time.",
          minimum=0.001),
)

QUALIFYING_COMPACT = ("pos", "car", "driver", "time", "speed")

STAGE = (
    Field("stage", "int", REQUIRED, "Stage number, from 1.", minimum=1),
    Field("laps", "int", None, "Laps in the stage.", minimum=1),
    Field("top", "list[str]", REQUIRED, "Drivers in stage finishing order (usually the top 10)."),
)

PENALTY = (
    Field("driver", "str", REQUIRED, "Driver penalised."),
    Field("penalty", "str", REQUIRED, "What happened, in your words."),
)

SERIES = (
    Field("slug", "str", REQUIRED, "Short lowercase id used in recaps and URLs, e.g. `xfinity`."),
    Field("name", "str", REQUIRED, "Full name, e.g. `NASCAR Xfinity Series`."),
    Field("short_name", "str", None, "Name for tables and headings, e.g. `Xfinity`. Defaults to `name`."),
    Field("complete_history", "bool", True, "Your recaps cover the series from its first race. Set `false` when "
          "they start mid-history: race facts that count a career ('15th career win', 'first start') are then "
          "stated only for drivers whose file gives `before`."),
)

POINTS = (
    Field("series", "str", REQUIRED, "Series slug the system applies to."),
    Field("from", "int", REQUIRED, "First season it applies to."),
    Field("to", "int", None, "Last season it applies to (open-ended when absent)."),
    Field("positions", "list[number]", REQUIRED, "Points for 1st, 2nd, 3rd… place."),
    Field("led_lap", "number", 0, "Bonus for leading at least one lap."),
    Field("most_led", "number", 0, "Bonus for leading the most laps."),
    Field("pole", "number", 0, "Bonus for the pole."),
    Field("stage", "list[number]", (), "Points for 1st, 2nd, 3rd… in each stage."),
)

SITE = (
    Field("title", "str", REQUIRED, "Site title, shown in every page's header."),
    Field("base_url", "str", "/", "Where the site is published, e.g. `https://user.github.io/repo/`. "
          "Links work under its path. `--base-url` overrides it."),
    Field("language", "str", "en", "Language code of the pages, e.g. `en`."),
    Field("description", "str", "", "One sentence describing the site, for search engines and feeds."),
    Field("author", "str", None, "Default author of stories."),
    Field("domain", "str", None, "Custom domain for GitHub Pages; written to `CNAME`."),
    Field("latest", "int", 10, "How many stories the home page lists.", minimum=1),
    Field("strict", "bool", False, "Warnings fail `check` and `build` as errors do (what `--strict` does), for CI."),
    Field("series", "series", REQUIRED, "The series the site covers (see *Series*)."),
    Field("points", "points", (), "Points systems, used for races whose results give no `pts` (see *Points*)."),
    Field("championships", "championships", (), "How each series' championship is decided: playoffs, drop weeks, "
          "bonus points, deductions, the official word (see docs/championships.md). A list of declarations, "
          "each for one series over a range of seasons, and `- preset: nascar` for the shipped NASCAR ones."),
)

DRIVER = (
    Field("name", "str", REQUIRED, "The driver's name as the site shows it."),
    Field("aliases", "list[str]", (), "Other spellings used in recaps, e.g. `Daniel Suarez` for `Daniel Suárez`."),
    Field("birth_date", "date", None, "Date of birth, `YYYY-MM-DD`."),
    Field("hometown", "str", None, "Hometown, e.g. `Riverside, Illinois`."),
    Field("country", "str", None, "Country."),
    Field("before", "mapping", None, "Career figures from before your recaps, per series slug, for race facts: "
          "`{xfinity: {starts: 371, wins: 14, poles: 8}}`."),
)

TRACK = (
    Field("name", "str", REQUIRED, "The track's name as the site shows it."),
    Field("aliases", "list[str]", (), "Other names used in recaps."),
    Field("length", "number", None, "Length in miles.", minimum=0.01),
    Field("surface", "str", None, "Surface.", choices=("paved", "dirt", "road")),
    Field("location", "str", None, "City and state or country."),
    Field("opened", "int", None, "Year opened."),
)

TEAM = (
    Field("name", "str", REQUIRED, "The team's name as the site shows it."),
    Field("aliases", "list[str]", (), "Other names used in recaps (e.g. an owner's name)."),
    Field("owner", "str", None, "Owner."),
    Field("base", "str", None, "Where the team is based."),
)

BASELINE = (
    Field("starts", "int", None, "Starts before your first recap.", minimum=0),
    Field("wins", "int", None, "Wins before your first recap.", minimum=0),
    Field("poles", "int", None, "Poles before your first recap.", minimum=0),
)

ENTITY_TABLES = {"drivers": DRIVER, "tracks": TRACK, "teams": TEAM}

TABLES: dict[str, tuple[Field, ...]] = {
    "front matter": FRONT_MATTER,
    "results": RESULT,
    "qualifying": QUALIFYING,
    "stages": STAGE,
    "penalties": PENALTY,
    "series": SERIES,
    "points": POINTS,
    "site": SITE,
    "before": BASELINE,
    **ENTITY_TABLES,
}
