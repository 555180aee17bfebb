"""Reading championship rules: a parsed rules file checked against `champ_schema`, turned into a `RuleBook`.

Owns the checks a field table cannot express (seasons in order, overlapping declarations, playoff rounds
that add up, choices inside lists) and loading the presets shipped in `racesite/presets/`. Every problem is
reported as `file:line: field: message (hint)`; nothing raises on bad input. Must not compute standings.
"""

from __future__ import annotations

from dataclasses import replace
from importlib import resources
from typing import Any

from . import champ_schema as schema
from .champ_rules import (
    Counting,
    Deduction,
    Exclusion,
    OfficialRound,
    PlayoffPoints,
    PlayoffRound,
    Playoffs,
    RuleBook,
    Rules,
    Scoring,
    SeasonFacts,
)
from .content import Y, parse_yaml
from .errors import Problems, did_you_mean
from .schema import SESSIONS, Field
from .validate import Fields, check_fields, check_fields_partial

PRESETS = schema.PRESETS
PRESET_SOURCE = "racesite/presets/"  # where the presets' declarations say they come from (`Rules.source`)


def read_rules(text: str, path: str, problems: Problems, first_line: int = 1) -> RuleBook:
    """The declarations in a rules file's text; what is wrong is reported and left out."""
    node = parse_yaml(text, path, first_line, problems)
    if node is None:
        return RuleBook()
    return build_rules(node, path, problems)


def load_preset(name: str, problems: Problems) -> RuleBook:
    """A rules file shipped with racesite, e.g. `load_preset("nascar", problems)`."""
    if name not in PRESETS:
        problems.error(name, None, "preset", f"no preset named '{name}'",
                       did_you_mean(name, PRESETS) or "presets: " + ", ".join(PRESETS))
        return RuleBook()
    text = resources.files("racesite").joinpath("presets", f"{name}.yml").read_text(encoding="utf-8")
    return read_rules(text, f"{PRESET_SOURCE}{name}.yml", problems)


def build_rules(node: Y, path: str, problems: Problems) -> RuleBook:
    """A `RuleBook` from a parsed rules file (a mapping with `championships:`)."""
    top = check_fields(node, schema.RULES_FILE, path, "", problems)
    if top is None:
        return RuleBook()
    return declarations(top["championships"], path, problems)


def declarations(items: Y, path: str, problems: Problems, series: tuple[str, ...] | None = None) -> RuleBook:
    """The declarations of a `championships:` list. With `series` (a site's slugs, for site.yml), an entry may
    instead name a preset (`- preset: nascar`), whose declarations for those series come after the site's own
    (a season the site declares takes the site's), and a declaration must be for one of `series`."""
    if not items.is_list:
        problems.error(path, items.line, "championships", "must be a list of declarations",
                       "each entry starts with '- series: ...'")
        return RuleBook()
    out: list[Rules] = []
    presets: list[Rules] = []
    for index, item in enumerate(items.value, 1):
        where = f"championships[{index}]"
        if series is not None and item.is_map and "preset" in item.value:
            fields = check_fields(item, schema.PRESET, path, where, problems)
            if fields is not None:
                presets += [r for r in load_preset(fields["preset"], problems).rules if r.series in series]
            continue
        rules = _championship(item, path, where, problems)
        if rules is None:
            continue
        if series is not None and rules.series not in series:
            problems.error(path, item.line, f"{where}.series", f"unknown series '{rules.series}'",
                           did_you_mean(rules.series, series) or "series are declared in site.yml: "
                           + ", ".join(series))
            continue
        clash = next((r for r in out if r.series == rules.series and _overlap(r, rules)), None)
        if clash is not None:
            problems.error(path, rules.line, where,
                           f"{rules.series} {rules.seasons_label} overlaps the declaration on line {clash.line} "
                           f"({clash.series} {clash.seasons_label})", "each season takes one declaration")
            continue
        out.append(rules)
    return RuleBook(tuple(out + presets))


def read_season_file(node: Y | None, path: str, problems: Problems,
                     series: tuple[str, ...]) -> tuple[str, SeasonFacts, frozenset[str]] | None:
    """A season file (`season.yml`): its series, the facts it gives about the season, and the fields it gives."""
    if node is None:
        return None
    fields = _partial(node, (*schema.SEASON_FILE, *schema.SEASON), path, "", problems)
    if fields is None:
        return None
    slug = fields["series"]
    if slug is not None and slug not in series:
        problems.error(path, fields.line_of("series"), "series", f"unknown series '{slug}'",
                       did_you_mean(slug, series) or "series are declared in site.yml: " + ", ".join(series))
        return None
    facts = _season_fields(fields, node, path, "", problems)
    if slug is None or facts is None or not fields.ok:
        return None
    given = frozenset(name for name in fields.lines if name not in ("series", "season"))
    # (the official word is reported where the file gives it: its order, else its champion, else the season)
    line = next((fields.line_of(name) for name in ("order", "champion") if name in given), fields.line_of("season"))
    return slug, replace(facts, source=path, line=line), given


def with_season_files(book: RuleBook, files: list[tuple[str, SeasonFacts, frozenset[str]]],
                      problems: Problems) -> RuleBook:
    """`book` with each season file's facts in place of what its declaration says about those fields (a season no
    declaration covers gets one of its own: the points leader is champion). A field given both in a season
    file and in site.yml's own declaration is an error: give each in one place."""
    rules = list(book.rules)
    for slug, facts, given in files:
        at = next((i for i, r in enumerate(rules) if r.series == slug and r.covers(facts.season)), None)
        if at is None:
            rules.append(Rules(slug, facts.season, facts.season, seasons=(facts,), source=facts.source,
                               line=facts.line))
            continue
        declared = rules[at]
        before = declared.facts(facts.season)
        if before.line and not declared.source.startswith(PRESET_SOURCE):
            for name in sorted(given):
                if getattr(before, name) != getattr(SeasonFacts(facts.season), name):
                    problems.error(facts.source, facts.line, name,
                                   f"{slug} {facts.season} already has `{name}` from {declared.source}, line "
                                   f"{before.line}", "give each of a season's facts in one place")
        merged = replace(before, **{name: getattr(facts, name) for name in given}, source=facts.source,
                         line=facts.line)
        seasons = (*(f for f in declared.seasons if f.season != facts.season), merged)
        rules[at] = replace(declared, seasons=tuple(sorted(seasons, key=lambda f: f.season)))
    return RuleBook(tuple(rules))


def _overlap(a: Rules, b: Rules) -> bool:
    a_last = a.last if a.last is not None else 10**6
    b_last = b.last if b.last is not None else 10**6
    return a.first <= b_last and b.first <= a_last


def _championship(node: Y, path: str, where: str, problems: Problems) -> Rules | None:
    fields = _partial(node, schema.CHAMPIONSHIP, path, where, problems)
    if fields is None:
        return None
    ok = fields.ok
    first, last = fields["from"] or 0, fields["to"]
    if last is not None and last < first:
        problems.error(path, fields.line_of("to"), f"{where}.to", f"{last} is before `from` ({first})")
        ok = False
    points = tuple(s for i, item in enumerate(_items(fields, "points", path, where, problems), 1)
                   if (s := _scoring(item, path, f"{where}.points[{i}]", problems)) is not None)
    counting = Counting()
    if isinstance(fields["counting"], Y):
        found = _counting(fields["counting"], path, f"{where}.counting", problems)
        ok = ok and found is not None
        counting = found or counting
    playoffs = None
    if isinstance(fields["playoffs"], Y):
        playoffs = _playoffs(fields["playoffs"], path, f"{where}.playoffs", problems)
        ok = ok and playoffs is not None
    ties = _choices(fields, "tie_breaks", schema.TIE_BREAKS, path, where, problems)
    seasons: list[SeasonFacts] = []
    for i, item in enumerate(_items(fields, "seasons", path, where, problems), 1):
        facts = _season(item, path, f"{where}.seasons[{i}]", problems)
        if facts is None:
            continue
        label = f"{where}.seasons[{i}].season"
        if not fields.ok:
            seasons.append(facts)
        elif not (first <= facts.season and (last is None or facts.season <= last)):
            problems.error(path, item.line, label, f"{facts.season} is outside this declaration's seasons "
                           f"({first}–{last if last is not None else ''})")
        elif any(f.season == facts.season for f in seasons):
            problems.error(path, item.line, label, f"{facts.season} is given twice", "merge the two entries")
        else:
            seasons.append(facts)
    if not ok:
        return None
    return Rules(series=fields["series"], first=first, last=last, title=fields["title"], points=points,
                 counting=counting, playoffs=playoffs, tie_breaks=ties, seasons=tuple(seasons),
                 note=fields["note"] or "", source=path, line=node.line)


def _scoring(node: Y, path: str, where: str, problems: Problems) -> Scoring | None:
    fields = _fields(node, schema.POINTS, path, where, problems)
    if fields is None:
        return None
    return Scoring(session=fields["session"], rounds=fields["rounds"], official=fields["official"],
                   positions=fields["positions"], pole=fields["pole"], led_lap=fields["led_lap"],
                   most_led=fields["most_led"], stage=fields["stage"], fastest_lap=fields["fastest_lap"],
                   fastest_lap_top=fields["fastest_lap_top"], factor=fields["factor"],
                   shared=fields["shared"])


def _counting(node: Y, path: str, where: str, problems: Problems) -> Counting | None:
    fields = _partial(node, schema.COUNTING, path, where, problems)
    if fields is None:
        return None
    ok = fields.ok
    if fields["best"] is not None and fields["drop"]:
        problems.error(path, fields.line_of("drop"), f"{where}.drop", "`best` and `drop` are both given",
                       "keep one: best: N counts N results, drop: N drops the worst N")
        ok = False
    skip = _choices(fields, "skip_sessions", SESSIONS, path, where, problems)
    if not ok or len(skip) < len(fields["skip_sessions"]):
        return None
    return Counting(best=fields["best"], drop=fields["drop"], unit=fields["unit"],
                    skip_rounds=fields["skip_rounds"], skip_sessions=skip)


def _playoffs(node: Y, path: str, where: str, problems: Problems) -> Playoffs | None:
    fields = _partial(node, schema.PLAYOFFS, path, where, problems)
    if fields is None:
        return None
    ok = fields.ok
    bonus = PlayoffPoints()
    if isinstance(fields["playoff_points"], Y):
        found = _fields(fields["playoff_points"], schema.PLAYOFF_POINTS, path, f"{where}.playoff_points", problems)
        ok = ok and found is not None
        if found is not None:
            bonus = PlayoffPoints(**{f.name: found[f.name] for f in schema.PLAYOFF_POINTS})
    rounds: list[PlayoffRound] = []
    items = _items(fields, "rounds", path, where, problems)
    for i, item in enumerate(items, 1):
        found = _fields(item, schema.ROUND, path, f"{where}.rounds[{i}]", problems)
        ok = ok and found is not None
        if found is not None:
            rounds.append(PlayoffRound(**{f.name: found[f.name] for f in schema.ROUND}))
    if not ok:
        return None
    if not rounds:
        problems.error(path, fields.line_of("rounds"), f"{where}.rounds", "must list at least one round",
                       "e.g. - {races: 10, base: 5000}")
        return None
    drivers = fields["field"]
    for i, (item, rnd) in enumerate(zip(items, rounds), 1):
        label = f"{where}.rounds[{i}]"
        last = i == len(rounds)
        if last and rnd.advance is not None:
            problems.error(path, item.line, f"{label}.advance", "the last round has no `advance`",
                           "its order is the final order")
            return None
        if not last and rnd.advance is None:
            problems.error(path, item.line, f"{label}.advance", "is required for every round but the last",
                           "how many drivers go on to the next round")
            return None
        if not last and rnd.decided_by == "finish":
            problems.error(path, item.line, f"{label}.decided_by", "only the last round can be decided by finish")
            return None
        if rnd.advance is not None:
            if rnd.advance >= drivers:
                problems.error(path, item.line, f"{label}.advance", f"{rnd.advance} of {drivers} drivers advance",
                               "a round must eliminate someone")
                return None
            drivers = rnd.advance
    params = {f.name: fields[f.name] for f in schema.PLAYOFFS if f.name not in ("playoff_points", "rounds")}
    return Playoffs(**params, playoff_points=bonus, rounds=tuple(rounds))


def _season(node: Y, path: str, where: str, problems: Problems) -> SeasonFacts | None:
    fields = _fields(node, schema.SEASON, path, where, problems)
    if fields is None:
        return None
    return _season_fields(fields, node, path, where, problems)


def _season_fields(fields: Fields, node: Y, path: str, where: str, problems: Problems) -> SeasonFacts | None:
    prefix = f"{where}." if where else ""
    deductions = []
    for i, item in enumerate(_items(fields, "deductions", path, where, problems), 1):
        found = _fields(item, schema.DEDUCTION, path, f"{prefix}deductions[{i}]", problems)
        if found is not None:
            deductions.append(Deduction(**{f.name: found[f.name] for f in schema.DEDUCTION}))
    exclusions = []
    for i, item in enumerate(_items(fields, "exclusions", path, where, problems), 1):
        found = _fields(item, schema.EXCLUSION, path, f"{prefix}exclusions[{i}]", problems)
        if found is not None:
            exclusions.append(Exclusion(driver=found["driver"], reason=found["reason"] or ""))
    advanced = []
    for i, item in enumerate(_items(fields, "advanced", path, where, problems), 1):
        found = _fields(item, schema.ADVANCED, path, f"{prefix}advanced[{i}]", problems)
        if found is not None:
            advanced.append(OfficialRound(found["round"], found["drivers"]))
    if fields["season"] is None:
        return None
    return SeasonFacts(season=fields["season"], champion=fields["champion"], order=fields["order"] or (),
                       regular_season=fields["regular_season"], races=fields["races"], deductions=tuple(deductions),
                       exclusions=tuple(exclusions), waivers=fields["waivers"] or (), field=fields["field"] or (),
                       added=fields["added"] or (), ineligible=fields["ineligible"] or (), advanced=tuple(advanced),
                       note=fields["note"] or "", line=node.line)


def _fields(node: Y, table: tuple[Field, ...], path: str, where: str, problems: Problems) -> Fields | None:
    """`check_fields`, plus the whole-number lists (`list[int]`) this schema adds; None after reporting."""
    fields = _partial(node, table, path, where, problems)
    return fields if fields is not None and fields.ok else None


def _partial(node: Y, table: tuple[Field, ...], path: str, where: str, problems: Problems) -> Fields | None:
    """Like `_fields`, but keeps what was valid (with `ok` False) so the nested parts are checked too."""
    fields = check_fields_partial(node, table, path, where, problems)
    if fields is None:
        return None
    for f in table:
        if f.type == "list[int]" and isinstance(fields[f.name], Y):
            value = _int_list(fields[f.name], path, f"{where}.{f.name}" if where else f.name, problems)
            fields.ok = fields.ok and value is not None
            fields[f.name] = value if value is not None else ()
    return fields


def _int_list(node: Y, path: str, label: str, problems: Problems) -> tuple[int, ...] | None:
    items = node.value if node.is_list else [node]
    out = []
    for i, item in enumerate(items, 1):
        value = item.value
        if isinstance(value, bool) or not isinstance(value, int):
            problems.error(path, item.line, f"{label}[{i}]" if node.is_list else label,
                           f"must be a whole number, got '{item.text()}'")
            return None
        out.append(value)
    return tuple(out)


def _items(fields: Fields, name: str, path: str, where: str, problems: Problems) -> list[Y]:
    """A nested list field's entries (a table type leaves the node unchecked); [] when absent or reported."""
    node: Any = fields[name]
    if not isinstance(node, Y):
        return []
    if not node.is_list:
        problems.error(path, node.line, f"{where}.{name}" if where else name, "must be a list",
                       "each entry starts with '- '")
        return []
    return list(node.value)


def _choices(fields: Fields, name: str, allowed: tuple[str, ...], path: str, where: str,
             problems: Problems) -> tuple[str, ...]:
    """A list of words each checked against `allowed`; the bad ones are reported and left out."""
    values: tuple[str, ...] = fields[name]
    good = []
    for i, value in enumerate(values, 1):
        if value in allowed:
            good.append(value)
        else:
            problems.error(path, fields.line_of(name), f"{where}.{name}[{i}]", f"'{value}' is not allowed",
                           did_you_mean(value, allowed) or "one of: " + ", ".join(allowed))
    return tuple(good)
