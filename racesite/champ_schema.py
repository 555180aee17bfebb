"""Championship rules, declared as data: every key a championship declaration may use, its type, default and doc.

Owns the field tables of a rules file (`championships:` entries, their points, counting, playoffs, playoff
rounds and per-season facts). `champ_rules` checks a parsed file against them and builds the rules;
`champ_docs` generates docs/championships.md from them, so the two cannot drift. Must not read files,
validate values or compute standings.
"""

from __future__ import annotations

from .schema import REQUIRED, SESSIONS, Field

TIE_BREAKS = ("wins", "places", "round_places", "seed", "last_race")
PRESETS = ("nascar",)

POINTS = (
    Field("session", "str", None, "The session kind this system applies to (`race`, `sprint`, `heat`...). "
          "Absent: every session without a system of its own.", choices=SESSIONS),
    Field("rounds", "list[int]", (), "Only these rounds use this system (e.g. a double-points finale). "
          "Absent: every round."),
    Field("official", "bool", True, "Use a row's `pts` as the official race points when the row gives it; the "
          "system below then only scores rows without `pts`. `false`: always score by the system."),
    Field("positions", "list[number]", (), "Points for 1st, 2nd, 3rd… place; places past the list score 0."),
    Field("pole", "number", 0, "Bonus for the pole (as `racesite/stats/rules.py` defines it: a formula-set "
          "lineup awards none)."),
    Field("led_lap", "number", 0, "Bonus for leading at least one lap."),
    Field("most_led", "number", 0, "Bonus for leading the most laps (every driver tied on the most gets it)."),
    Field("stage", "list[number]", (), "Points for 1st, 2nd, 3rd… in each stage or segment."),
    Field("fastest_lap", "number", 0, "Bonus for the fastest lap, when the race's information names who set it."),
    Field("fastest_lap_top", "int", None, "The fastest-lap bonus goes only to a driver finishing in this top N.",
          minimum=1),
    Field("factor", "number", 1, "Multiplies the race's points (e.g. `2` for double points).", minimum=0),
    Field("shared", "str", "full", "Rows with the same car and finishing position are one shared drive: "
          "`split` divides its points among the drivers, `full` gives each all of them. Only points scored by "
          "this system; a row's `pts` stands as given.", choices=("full", "split")),
)

COUNTING = (
    Field("best", "int", None, "Only a driver's best N results count (the others are dropped and struck "
          "through). Absent: every result counts.", minimum=1),
    Field("drop", "int", 0, "Drop weeks: of the season's N races (or rounds), a driver's best N minus `drop` "
          "count, all season long. Use `best` or `drop`.", minimum=0),
    Field("unit", "str", "race", "What a dropped result is: one `race`, or one `round` with all its sessions "
          "(a sprint and its feature dropped together).", choices=("race", "round")),
    Field("skip_rounds", "list[int]", (), "Rounds that pay no points (exhibitions, cancelled rounds kept for "
          "their recap): they count for nothing in the championship, not even a start."),
    Field("skip_sessions", "list[str]", ("exhibition",), "Session kinds that pay no points.", choices=SESSIONS),
)

PLAYOFF_POINTS = (
    Field("win", "number", 0, "Playoff points (or seeding bonus) per race win."),
    Field("stage_win", "number", 0, "Playoff points per stage win."),
    Field("standings", "list[number]", (), "Playoff points for finishing 1st, 2nd, 3rd… in the regular season."),
    Field("wild_cards", "bool", True, "Drivers who got in as wild cards receive playoff points too."),
    Field("in_playoffs", "bool", False, "Wins and stage wins in the playoffs earn playoff points too, added at "
          "the next round's reset."),
)

ROUND = (
    Field("name", "str", None, "The round's name as tables show it, e.g. `Round of 12`. Defaults to "
          "`Round of N` (or `Final` for one decided by finish)."),
    Field("races", "int", REQUIRED, "How many races the round has.", minimum=1),
    Field("advance", "int", None, "How many drivers go on to the next round. Absent: the last round.",
          minimum=1),
    Field("base", "number", REQUIRED, "Every driver in the round restarts from this many points."),
    Field("carry", "bool", False, "Add each driver's playoff points to `base` (the 2017 format)."),
    Field("win_advances", "bool", False, "A driver in the round who wins one of its races goes on."),
    Field("decided_by", "str", "points", "`points`, or `finish`: the best finisher among the round's drivers in "
          "its last race is champion, the others in their finishing order.", choices=("points", "finish")),
)

PLAYOFFS = (
    Field("regular_season", "int", REQUIRED, "Races in the regular season; the playoffs start after them.",
          minimum=1),
    Field("field", "int", REQUIRED, "How many drivers the playoffs take.", minimum=1),
    Field("within", "number", None, "Also take every driver within this many points of the regular-season "
          "leader (the 2004 Chase's 400)."),
    Field("wins_in", "bool", False, "A regular-season win takes a driver in (win and in), before points; more "
          "winners than places: most wins, then points."),
    Field("top", "int", None, "A win takes a driver in only from this top N in points.", minimum=1),
    Field("all_races", "bool", False, "Only drivers who started every regular-season race are eligible (the "
          "data has starts, not attempts), unless the season lists them under `waivers`."),
    Field("min_starts", "int", None, "Only drivers with at least this many regular-season starts are eligible.",
          minimum=1),
    Field("points_eligible", "bool", True, "A driver who scored no points in any regular-season start was "
          "running for points in another series and is not eligible."),
    Field("wild_cards", "int", 0, "Places kept for wild cards: most wins, then points, among the drivers "
          "placed `wild_card_from`..`wild_card_to` in points.", minimum=0),
    Field("wild_card_from", "int", 11, "Highest points position a wild card may come from.", minimum=1),
    Field("wild_card_to", "int", 20, "Lowest points position a wild card may come from.", minimum=1),
    Field("seed_step", "number", None, "Ladder reset: the regular-season leader restarts at the first round's "
          "`base`, each next driver this many points fewer (5,050, 5,045… in 2004). Absent: everyone at `base`."),
    Field("playoff_points", "playoff_points", None, "Bonus points carried into the reset (see *Playoff points*)."),
    Field("rounds", "rounds", REQUIRED, "The rounds, in order (see *Playoff rounds*). One round without "
          "`advance`: a Chase decided on points."),
)

DEDUCTION = (
    Field("driver", "str", REQUIRED, "The driver penalised."),
    Field("points", "number", REQUIRED, "Points taken away (a positive number)."),
    Field("round", "int", None, "Taken after this round (before a later cut-off or reset). Absent: after the "
          "season's last round.", minimum=1),
    Field("playoff_points", "number", 0, "Playoff points taken away as well."),
    Field("reason", "str", "", "Why, in a few words, for the table's note."),
)

EXCLUSION = (
    Field("driver", "str", REQUIRED, "The driver excluded from the championship; the results stand and nobody "
          "moves up in a race, but the driver has no place in the table."),
    Field("reason", "str", "", "Why, in a few words."),
)

ADVANCED = (
    Field("round", "int", REQUIRED, "The playoff round, counted from 1.", minimum=1),
    Field("drivers", "list[str]", REQUIRED, "The drivers who officially went on from it (for the last round: the "
          "official order)."),
)

SEASON = (
    Field("season", "int", REQUIRED, "The season these facts are about.", minimum=1900),
    Field("champion", "str", None, "The official champion. The sanctioning body's word is final: a computed "
          "table that disagrees is reported and the champion shown is this one."),
    Field("order", "list[str]", (), "The official final order from the top, as far as you give it; reported "
          "where the computed table differs."),
    Field("regular_season", "int", None, "This season's regular-season length, when it differs from the "
          "declaration's.", minimum=1),
    Field("races", "int", None, "How many points-paying races the season has. The site names a champion only for a "
          "season it holds whole: with `races`, once they are all on the site; a playoff format knows its own "
          "length; otherwise once a later season of the series is on the site (and `complete_history` is true).",
          minimum=1),
    Field("deductions", "deductions", (), "Points deductions (see *Deductions*)."),
    Field("exclusions", "exclusions", (), "Drivers excluded from the championship (see *Exclusions*)."),
    Field("waivers", "list[str]", (), "Drivers excused from `all_races` / `min_starts` (injury, suspension "
          "lifted...)."),
    Field("field", "list[str]", (), "The official playoff field in seeding order, where the data cannot "
          "reproduce it (penalties it does not carry); the computed field is reported where it differs."),
    Field("added", "list[str]", (), "Drivers the sanctioning body added to the playoffs beyond the rules."),
    Field("ineligible", "list[str]", (), "Drivers not eligible for the playoffs whatever they score."),
    Field("advanced", "advanced", (), "Who officially went on from a playoff round, where the data cannot show "
          "why (see *Official rounds*); the computed outcome is reported where it differs."),
    Field("note", "str", "", "What this season's table cannot reproduce, in a sentence."),
)

CHAMPIONSHIP = (
    Field("series", "str", REQUIRED, "Series slug these rules apply to."),
    Field("from", "int", REQUIRED, "First season they apply to.", minimum=1900),
    Field("to", "int", None, "Last season they apply to (open-ended when absent).", minimum=1900),
    Field("title", "str", None, "The format's name, e.g. `Chase for the Nextel Cup`."),
    Field("points", "points", (), "Points systems (see *Points*): one per session kind or set of rounds; a race "
          "takes the one that fits its round and session most closely."),
    Field("counting", "counting", None, "Which results count (see *Counting*). Absent: every points race counts "
          "in full."),
    Field("playoffs", "playoffs", None, "The playoff format (see *Playoffs*). Absent: the points leader after "
          "the last race is champion."),
    Field("tie_breaks", "list[str]", ("wins", "places"), "How drivers level on points are ordered, in turn: "
          "`wins`; `places` (most wins, then most 2nds, 3rds…); `round_places` (the same within the current "
          "playoff round); `seed` (order at the start of the round); `last_race` (better finish in the latest "
          "race). The driver's name decides last, so the order is always the same.", choices=TIE_BREAKS),
    Field("seasons", "seasons", (), "Facts about single seasons (see *Seasons*)."),
    Field("note", "str", "", "What these rules cannot reproduce from results alone, for the docs."),
)

RULES_FILE = (
    Field("championships", "championships", REQUIRED, "The declarations (see *Championships*), any order; two "
          "for the same series must not cover the same season."),
)

PRESET = (
    Field("preset", "str", REQUIRED, "Use the declarations shipped with racesite for the site's series: `nascar` "
          "declares `cup`, `xfinity` and `truck` for every season since 1949 (see *The NASCAR declarations*). A "
          "season the site declares itself takes the site's declaration.", choices=PRESETS),
)

SEASON_FILE = (
    Field("series", "str", REQUIRED, "Series slug, one of the `series` in site.yml."),
)
