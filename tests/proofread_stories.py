"""True sentences about a real race in every form of docs/prose-checks.md, written from the data by plain loops
(not through `History`), for the hypothesis test and the timing of a whole history's stories."""

from __future__ import annotations

from collections.abc import Sequence

from racesite.model import Race, Result
from racesite.stats.rules import pole_winner
from racesite.stats.rules import winner as winner_of

WORDS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
FILLER = ("The field took the green flag under clear skies, and the early laps ran clean as the leaders settled "
          "into a long green-flag run before the first round of pit stops shuffled the order. ")


def nth(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def usable(race: Race) -> bool:
    """Races whose drivers are named plainly once each (no parenthesis, no repeat) and whose winner is known."""
    names = [r.driver for r in race.results]
    return bool(winner_of(race)) and len(set(names)) == len(names) and not any("(" in n for n in names)


def true_sentences(races: Sequence[Race], at: int, row: Result) -> list[str]:
    """Sentences true of `row` in races[at] as of after it; `races`: its series' races in order."""
    race = races[at]
    who = row.driver
    winner = winner_of(race)
    assert winner is not None
    mine = [(r, x) for r in races[:at + 1] for x in r.results if x.driver == who]
    wins = [(r, x) for r, x in mine if x.fin == 1]
    out = [f"{who} finished {WORDS[row.fin - 1] if row.fin <= 10 else nth(row.fin)}.",
           f"{who} has {len(wins)} career wins.", f"The race at {race.track} was a long one."]
    if row.st:
        out.append(f"{who} started {nth(row.st)}.")
    if row.led is not None:
        out.append(f"{who} led {row.led} laps.")
    season = [(r, x) for r, x in mine if r.season == race.season]
    if all(r.round == i + 1 for i, r in enumerate(r for r in races[:at + 1] if r.season == race.season)):
        out.append(f"{who} has {sum(1 for _, x in season if x.fin <= 10)} top-10 finishes this season.")
        if row.fin == 1:
            out.append(f"It was {who}'s {nth(len([1 for _, x in season if x.fin == 1]))} win of the season.")
        if row.team and row.fin == 1:
            team = sum(1 for r in races[:at + 1]
                       if r.season == race.season and (w := winner_of(r)) and w.team == row.team)
            out.append(f"{row.team} has won {team} races in {race.season}.")
    if row.fin == 1:
        out.append(f"The win was the {nth(len(wins))} career win for {who}.")
        out.append(f"{who} won the race.")
        if winner.laps and 10 <= winner.laps <= 999:
            out.append(f"{who} won the {winner.laps}-lap race.")
        if not any(pole_winner(r) == who for r, x in wins):
            out.append(f"None of {who}'s wins came from the pole.")
        if all(x.st for _, x in wins):
            out.append(f"{who}'s best start that led to a win was {nth(min(x.st or 0 for _, x in wins))}.")
    if pole_winner(race) == who:
        out.append(f"{who} won the pole.")
    poles = [r for r, _ in mine[:-1] if pole_winner(r) == who]
    if poles and poles[-1].track.split()[0] not in ("The",):
        out.append(f"The last time {who} started from the pole was at {poles[-1].track} in {poles[-1].season}.")
    won_at = [r for r, _ in wins if r.track == race.track]
    if won_at:
        out.append(f"{who}'s win at {race.track} came in {won_at[0].season}.")
    return out


def story(races: Sequence[Race], at: int, words: int = 500) -> str:
    """A story of about `words` words about races[at]: true sentences about several drivers, and filler."""
    race = races[at]
    parts: list[str] = []
    for row in race.results[:6]:
        parts.append(" ".join(true_sentences(races, at, row)))
        parts.append(FILLER)
    text = "\n\n".join(parts)
    while len(text.split()) < words:
        text += "\n\n" + FILLER
    return text
