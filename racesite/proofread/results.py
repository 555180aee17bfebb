"""Claims about one race's results and the race itself: "finished fourth", "was runner-up", "won the race",
"started fifth", "won from the pole", "won the pole", "led 103 of the 163 laps", "the race at Darlington",
"the 163-lap race", "by 0.104 seconds".

A result claim is checked against the race the sentence speaks of (`Story.races_meant`): this race, or, when the
sentence names another year or track, the subject's one race there. Before its race a story's finishes are not
known: only starts and poles are checked then. Must not resolve subjects (`context` does) or format findings
beyond their message.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..model import Race, Result
from ..names import fold
from ..stats.rules import pole_winner
from ..stats.rules import winner as winner_of
from .context import Story
from .nameindex import name_words
from .report import Finding
from .text import NUM, ORD, Sentence, nth, number, ordinal

_EXCEPT = r"(?!\s+(?:in|on|of)\s+(?:the\s+)?(?:final\s+)?(?:standings|points|stage|championship|qualifying|practice|" \
          r"running\s+order|playoffs?|season|series|race\s+for\s+the))"
FINISH = re.compile(rf"\b(?:finished|finishing|finishes|came\s+home|placed|crossed\s+the\s+(?:finish\s+)?line)\s+"
                    rf"(?:in\s+)?(?:a\s+)?(?:(?P<ord>(?i:{ORD}))\b(?:[\s-]+(?:place|position))?|(?:in\s+)?the\s+top[- ]"
                    rf"(?P<top>5|five|10|ten)\b){_EXCEPT}", re.I)
RUNNER_UP = re.compile(rf"\b(?:was|finished|finishing|ended\s+up|came\s+home)\s+(?:as\s+)?(?:the\s+)?"
                       rf"runner-up\b{_EXCEPT}", re.I)
WON = re.compile(r"\b(?:won\s+(?:the\s+race|(?:Saturday|Sunday|Friday|Monday|Tuesday|Wednesday|Thursday)(?:['’]s|"
                 r"\s+night['’]s)\s+race)|(?:took|claimed|scored|earned|captured|picked\s+up|grabbed|collected)\s+the\s+"
                 r"(?:win|victory|checkered\s+flag))\b", re.I)
START = re.compile(rf"\b(?:(?:started|starting|starts|will\s+start|rolled\s+off|rolls\s+off)\s+(?:from\s+|on\s+)?|"
                   rf"won(?:\s+the\s+race)?\s+from\s+)(?:(?P<ord>(?i:{ORD}))\b(?:[\s-]+(?:place|position|on\s+the\s+grid))?|"
                   rf"(?:the\s+)?(?P<pole>pole)\b(?:\s+position)?){_EXCEPT}", re.I)
POLE = re.compile(r"\b(?:won|took|claimed|earned|captured|secured|grabbed|snagged|scored)\s+(?:the\s+)?pole\b"
                  r"(?!\s+(?:for|in)\s+(?:the\s+)?(?:\d{4}|next))(?!-)", re.I)
LED = re.compile(rf"\bled\s+(?:a\s+race-high\s+|only\s+|just\s+)?(?P<n>(?i:{NUM}))\s+(?P<of>of\s+(?:the\s+)?"
                 rf"(?P<m>(?i:{NUM}))\s+)?laps\b(?!\s+(?:in|of)\s+(?:the\s+)?(?:stage|first|second|third|final|last|"
                 rf"opening|closing))", re.I)
RACE_AT = re.compile(r"\b(?:[Tt]he|[Tt]his|(?:Saturday|Sunday|Friday|Monday|Tuesday|Wednesday|Thursday|[Tt]oday|"
                     r"[Tt]onight)['’]s)\s+(?P<series>(?:NASCAR\s+)?[A-Z]\w*\s+Series\s+)?race\s+at\s+"
                     r"(?P<track>[A-Z][\w'’.&-]*(?:\s+[A-Z][\w'’.&-]*)*)")
LAPS = re.compile(r"\bthe\s+(?P<n>\d{2,3})-lap\s+(?:race|event|feature)\b", re.I)
MARGIN = re.compile(r"\b(?:by|margin\s+of(?:\s+victory)?(?:\s+was)?)\s+(?P<m>\d+\.\d+)\s*(?:seconds?|secs?|s)\b", re.I)

Check = Callable[[Story, int, re.Match[str]], "Finding | None"]


def race_laps(race: Race) -> set[int]:
    """The race's distance as the data knows it: scheduled, run, and the winner's laps."""
    winner = winner_of(race)
    return {n for n in (race.laps, race.laps_run, winner.laps if winner else None) if n}


def _where(race: Race, story: Story) -> str:
    return "" if race is story.race else f" at {race.track} in {race.season}"


def _result_claim(story: Story, index: int, match: re.Match[str], test: Callable[[Race, Result], str | None],
                  check: str, needs_result: bool = True) -> Finding | None:
    """Check `test` (a message when the row contradicts the claim) against the race the sentence means."""
    subject = story.subject(index, match.start(), match.end())
    if subject is None:
        return None
    races = story.races_meant(index, subject, story.race.series)
    if not races or len(races) != 1:
        return None
    race = races[0]
    if race is story.race and needs_result and not story.after:
        return None  # before the race: its finishes are not known yet
    row = story.row(race, subject)
    if row is None:
        return None
    message = test(race, row)
    if message is None:
        return None
    sentence = story.prose.sentences[index]
    return story.finding(sentence, match.start(), match.end(), message.format(who=subject, where=_where(race, story)),
                         check)


def check_finish(story: Story, index: int, match: re.Match[str]) -> Finding | None:
    if match.re is RUNNER_UP:
        want: int | None = 2
    elif match.group("top"):
        top = number(match.group("top")) or 0

        def in_top(race: Race, row: Result) -> str | None:
            return None if row.fin <= top else f"the data has {{who}} finishing {nth(row.fin)}{{where}}"
        return _result_claim(story, index, match, in_top, "finish")
    else:
        want = ordinal(match.group("ord"))
    if want is None:
        return None

    def finish(race: Race, row: Result) -> str | None:
        return None if row.fin == want else f"the data has {{who}} finishing {nth(row.fin)}{{where}}"
    return _result_claim(story, index, match, finish, "finish")


def check_won(story: Story, index: int, match: re.Match[str]) -> Finding | None:
    def won(race: Race, row: Result) -> str | None:
        if row.fin == 1:
            return None
        winner = winner_of(race)
        return f"the data has {{who}} finishing {nth(row.fin)}{{where}}" + (f"; {winner.driver} won" if winner else "")
    return _result_claim(story, index, match, won, "won")


def check_start(story: Story, index: int, match: re.Match[str]) -> Finding | None:
    won = match.group(0).lower().startswith("won")
    want = ordinal(match.group("ord")) if match.group("ord") else None

    def start(race: Race, row: Result) -> str | None:
        if won and row.fin != 1:
            return f"the data has {{who}} finishing {nth(row.fin)}{{where}}"
        if match.group("pole"):
            pole = pole_winner(race)
            if pole == row.driver or _not_entered(race, pole):
                return None
            if pole is None and row.st == 1:
                return f"{{who}} started 1st{{where}}, but the lineup was set by {race.lineup}: nobody won the pole"
            return f"the data gives the pole{{where}} to {pole}" if pole else None
        if row.st is None or row.st == want:
            return None
        return f"the data has {{who}} starting {nth(row.st)}{{where}}"
    return _result_claim(story, index, match, start, "start", needs_result=won)


def check_pole(story: Story, index: int, match: re.Match[str]) -> Finding | None:
    def pole(race: Race, row: Result) -> str | None:
        winner = pole_winner(race)
        if winner == row.driver or _not_entered(race, winner):
            return None
        if winner is None:
            return f"nobody won the pole{{where}}: the lineup was set by {race.lineup}" if race.lineup != "qualifying" \
                else None
        return f"the data gives the pole{{where}} to {winner}"
    return _result_claim(story, index, match, pole, "pole", needs_result=False)


def _not_entered(race: Race, driver: str | None) -> bool:
    """Whether the race's results leave out a driver its qualifying names (a misspelling in the data, which the
    data's own check warns about: the prose is not to blame)."""
    return driver is not None and bool(race.results) and all(row.driver != driver for row in race.results)


def check_led(story: Story, index: int, match: re.Match[str]) -> Finding | None:
    n, m = number(match.group("n")), number(match.group("m")) if match.group("m") else None

    def led(race: Race, row: Result) -> str | None:
        if row.led is not None and row.led != n:
            return f"the data has {{who}} leading {row.led} laps{{where}}"
        laps = race_laps(race)
        if m is not None and laps and m not in laps:
            return f"the race{{where}} ran {max(laps)} laps"
        return None
    return _result_claim(story, index, match, led, "led")


def check_race_at(story: Story, index: int, match: re.Match[str]) -> Finding | None:
    sentence: Sentence = story.prose.sentences[index]
    text = story.text(sentence)
    if story.races_meant(index, "", story.race.series) is None and not re.search(r"\b(?:19|20)\d\d\b", text):
        return None  # "last year", "earlier": another race
    if re.search(rf"\b(?:19|20)\d\d\b(?<!{story.race.season})", text):
        return None
    if match.group("series") and story.series_in(match.group("series")) != story.race.series:
        return None
    tracks = story.track_of(match.group("track"))
    if not tracks or story.race.track in tracks:
        return None
    start = match.start() + match.group(0).find("race at")
    end = match.start("track") + len(" ".join(name_words(match.group("track"))[:_track_words(story, match)]))
    return story.finding(sentence, start, end, f"this race is at {story.race.track}", "race-track")


def _track_words(story: Story, match: re.Match[str]) -> int:
    words = name_words(match.group("track"))
    for size in range(len(words), 0, -1):
        if story.index.tracks_named([fold(w) for w in words[:size]]):
            return size
    return len(words)


def check_laps(story: Story, index: int, match: re.Match[str]) -> Finding | None:
    laps = race_laps(story.race)
    n = int(match.group("n"))
    if not story.after or not laps or n in laps or story.races_meant(index, "", story.race.series) != [story.race]:
        return None
    return story.finding(story.prose.sentences[index], match.start("n"), match.end(),
                         f"the race ran {max(laps)} laps", "laps")


def check_margin(story: Story, index: int, match: re.Match[str]) -> Finding | None:
    margin = re.match(r"\s*(\d+(?:\.\d+)?)", story.race.margin or "")
    if not story.after or margin is None or story.races_meant(index, "", story.race.series) != [story.race]:
        return None
    if abs(float(margin.group(1)) - float(match.group("m"))) < 0.0005:
        return None
    return story.finding(story.prose.sentences[index], match.start("m"), match.end(),
                         f"the margin was {story.race.margin}", "margin")


# Each form with the words (lowercase) one of which a sentence must hold for the form's pattern to be tried.
FORMS: tuple[tuple[re.Pattern[str], Check, tuple[str, ...]], ...] = (
    (FINISH, check_finish, ("finish", "came home", "placed", "crossed")), (RUNNER_UP, check_finish, ("runner-up",)),
    (WON, check_won, ("won the race", "s race", "the win", "the victory", "checkered")),
    (START, check_start, ("start", "rolled off", "rolls off", "won from", "race from")), (POLE, check_pole, ("pole",)),
    (LED, check_led, ("led ",)), (RACE_AT, check_race_at, ("race at",)), (LAPS, check_laps, ("-lap",)),
    (MARGIN, check_margin, ("margin", "by 0", "by 1", "by 2", "by 3", "by 4", "by 5", "by 6", "by 7", "by 8", "by 9")))
