"""Who is in a season's playoffs: eligibility, and the field drawn from the regular-season order.

`pick_field` is used at the cut (after the regular season's last race) and, before it, for the playoff picture a
standings table marks: who would be in if the regular season ended now, and who can no longer be. It owns the
order the field is filled in (race winners, then points, wild cards, everyone within a margin, drivers the
sanctioning body added) and why a driver is not eligible. Must not change a driver's running totals, reset points
or run playoff rounds (`championship` does).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..champ_rules import Playoffs, SeasonFacts
from .champ_tables import CONTENDER, IN, INELIGIBLE, Tally

NO_POINTS = "no points in this series"


@dataclass
class Pick:
    """The field as drawn, and why each driver is in or not."""

    field: list[Tally]  # in regular-season order
    pos: dict[str, int]  # place in the regular-season order among the drivers with points
    wild: list[Tally]  # the wild cards among `field`
    why_in: dict[str, str] = dataclasses.field(default_factory=dict)  # driver -> "in on wins", "wild card", ...
    why_out: dict[str, str] = dataclasses.field(default_factory=dict)  # driver -> why he is not eligible
    no_points: list[Tally] = dataclasses.field(default_factory=list)  # no points here (running for another series)
    eligible: list[Tally] = dataclasses.field(default_factory=list)  # who could be in, in regular-season order


def pick_field(ranked: Sequence[Tally], points: Callable[[Tally], float], playoffs: Playoffs, facts: SeasonFacts,
               run: int, regular: int) -> Pick:
    """The playoff field from the drivers `ranked` in regular-season order, `run` of the season's `regular`
    regular-season races run (all of them at the cut). `points` gives a driver's regular-season points."""
    scored = any(t.reg_points > 0 for t in ranked)
    standings: list[Tally] = []
    no_points: list[Tally] = []
    for tally in ranked:
        (no_points if playoffs.points_eligible and scored and tally.reg_points <= 0 else standings).append(tally)
    pos = {t.name: i for i, t in enumerate(standings, 1)}
    why_out: dict[str, str] = {}
    eligible = []
    for tally in standings:
        reason = _not_eligible(tally, playoffs, facts, run, regular)
        if reason:
            why_out[tally.name] = reason
        else:
            eligible.append(tally)
    chosen: list[Tally] = []
    why_in: dict[str, str] = {}
    slots = playoffs.field - playoffs.wild_cards
    if playoffs.wins_in:
        winners = [t for t in eligible if t.wins and (playoffs.top is None or pos[t.name] <= playoffs.top)]
        winners.sort(key=lambda t: (-t.wins, pos[t.name]))
        for tally in winners[:slots]:
            chosen.append(tally)
            why_in[tally.name] = "in on wins"
    for tally in eligible:
        if len(chosen) >= slots:
            break
        if tally.name not in why_in:
            chosen.append(tally)
            why_in[tally.name] = "in on points"
    wild: list[Tally] = []
    if playoffs.wild_cards:
        pool = [t for t in eligible if t.name not in why_in
                and playoffs.wild_card_from <= pos[t.name] <= playoffs.wild_card_to]
        pool.sort(key=lambda t: (-t.wins, pos[t.name]))
        wild = pool[:playoffs.wild_cards]
        for tally in wild:
            why_in[tally.name] = "wild card"
        chosen += wild
    if playoffs.within is not None and standings:
        leader = points(standings[0])
        for tally in eligible:
            if tally.name not in why_in and leader - points(tally) <= playoffs.within:
                why_in[tally.name] = f"within {playoffs.within:g} points"
                chosen.append(tally)
    by_name = {t.name: t for t in ranked}
    for name in facts.added:
        added = by_name.get(name)
        if added is not None and name not in why_in:
            why_in[name] = "added by the sanctioning body"
            chosen.append(added)
    chosen.sort(key=lambda t: pos.get(t.name, 10**6))
    return Pick(chosen, pos, wild, why_in, why_out, no_points, eligible)


def _not_eligible(tally: Tally, playoffs: Playoffs, facts: SeasonFacts, run: int, regular: int) -> str:
    """Why a driver cannot be in the playoffs ("" when he can): before the cut, what can no longer change."""
    if tally.name in facts.ineligible:
        return "not eligible"
    if tally.name in facts.waivers:
        return ""
    if playoffs.all_races and tally.reg_starts < run:
        return "not eligible: missed a race" if run >= regular else "missed a race: eligible only with a waiver"
    if playoffs.min_starts and tally.reg_starts + (regular - run) < playoffs.min_starts:
        return f"not eligible: fewer than {playoffs.min_starts} starts"
    return ""


def marks(pick: Pick, at_cut: bool, field: list[Tally]) -> dict[str, tuple[str, str]]:
    """Each driver's (status, note) in a regular-season table: before the cut, who is in the playoff picture (IN)
    and why, and who can no longer be; at the cut, the `field` that made it (CONTENDER; the official field where
    the rules give it)."""
    status = CONTENDER if at_cut else IN
    out = {name: ("", why) for name, why in pick.why_out.items()}
    out.update((tally.name, (INELIGIBLE, NO_POINTS)) for tally in pick.no_points)
    if at_cut:
        out.update((t.name, ("", "missed the playoffs")) for t in pick.eligible if t.name not in pick.why_in)
    out.update((name, (status, why)) for name, why in pick.why_in.items())
    if field is not pick.field:  # the official field replaced the drawn one
        names = {t.name for t in field}
        out = {name: mark for name, mark in out.items() if mark[0] != status or name in names}
        out.update((name, (status, "in the official field")) for name in names if name not in out)
    return out
