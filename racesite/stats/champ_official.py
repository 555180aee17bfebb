"""The sanctioning body's word set against a computed championship: the official final order, and where they part.

Owns putting the official champion and order at the top of a final table, the sentences that say where the
results and rules alone give something else, and those sentences as `check` warnings. Must not decide a
season (`championship` does).
"""

from __future__ import annotations

from dataclasses import replace

from ..champ_rules import SeasonFacts
from ..errors import SourceError
from .champ_tables import CHAMPION, CONTENDER, Championship, Table, clean

HINT = ("the official word is what the site shows; declare what the data lacks (deductions, waivers, `field`, "
        "`advanced`) or correct the results")


def official_table(table: Table, facts: SeasonFacts, champion: str | None) -> Table:
    """The final table in the sanctioning body's order where the rules give it (champion, then `order`), the
    `champion` marked."""
    names = list(dict.fromkeys(([facts.champion] if facts.champion else []) + list(facts.order)))
    by_name = {line.driver: line for line in table.lines}
    names = [n for n in names if n in by_name]
    if not names or [line.driver for line in table.lines[:len(names)]] == names:
        return crown(table, champion)
    head = [by_name[n] for n in names]
    rest = [line for line in table.lines if line.driver not in set(names)]
    top = head[0].points
    lines = [line._replace(pos=i, gap=clean(max(top - line.points, 0.0)) if i <= len(head) else line.gap)
             for i, line in enumerate(head + rest, 1)]
    counted = {c.driver: c for c in table.counted}
    return crown(replace(table, lines=tuple(lines), counted=tuple(counted[line.driver] for line in lines
                                                                  if line.driver in counted)), champion)


def crown(table: Table, champion: str | None) -> Table:
    """`table` with `champion` (and only him) marked as champion."""
    if champion is None:
        return table
    lines = tuple(line._replace(status=CHAMPION) if line.driver == champion else
                  line._replace(status=CONTENDER) if line.status == CHAMPION else line for line in table.lines)
    return replace(table, lines=lines)


def differences(table: Table | None, facts: SeasonFacts, computed: str | None, complete: bool) -> tuple[str, ...]:
    """Where the official champion and order differ from the computed ones, one sentence each."""
    out = []
    if facts.champion and facts.champion != computed:
        given = (f"the results and rules give {computed}" if computed else
                 "the results and rules give no champion" + ("" if complete else " (the season is incomplete)"))
        out.append(f"{facts.season}: the official champion is {facts.champion}; {given}")
    if table is not None:
        place = {line.driver: line.pos for line in table.lines}
        for pos, name in enumerate(facts.order, 1):
            if place.get(name) != pos:
                where = f"computed {place[name]}" if name in place else "not in the computed table"
                out.append(f"{facts.season}: {name} is officially {pos}, {where}")
    return tuple(out)


def field_note(season: int, computed: list[str], official: tuple[str, ...]) -> str:
    """How the computed playoff field differs from the official one."""
    extra = sorted(set(computed) - set(official))
    missing = sorted(set(official) - set(computed))
    return (f"{season}: the playoff field: the results put in {', '.join(extra) or 'nobody else'}; officially "
            f"{', '.join(missing) or 'nobody else'} instead")


def difference_warnings(champ: Championship) -> list[SourceError]:
    """The championship's `differences` as warnings for `check`, each pointing at the rules that declare the
    season (its `seasons:` entry when there is one)."""
    rules = champ.rules
    if rules is None or not champ.differences:
        return []
    facts = rules.facts(champ.season)
    line = facts.line or rules.line or None
    where = f"{champ.series} {champ.season}"
    source = facts.source or rules.source or "rules"
    return [SourceError(source, line, where, text.removeprefix(f"{champ.season}: "), HINT, "warning")
            for text in champ.differences]
