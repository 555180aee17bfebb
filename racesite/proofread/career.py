"""Claims about careers, seasons and history: "his 15th career win", "19 Xfinity Series wins", "eighth career
pole", "first win of the 2021 season", "one top-10 finish in the first five races", a team's wins in a season,
"none of his wins came from the pole", "his best start that led to a win", "the last time he started from the
pole", "his win at Darlington".

Counts are the data's as of the story (`History` at the story's `Moment`). An ordinal about this race (a recap
of the driver's win, a qualifying report of his pole) must equal the count with this race in it; an ordinal
about some earlier race must not exceed the count; a claim about what is still to come ("would be his 20th") is
not checked. Must not resolve subjects (`context` does).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..model import Race
from ..stats.history import Moment
from ..stats.rules import pole_winner
from ..stats.rules import winner as winner_of
from .context import Story
from .report import Finding
from .text import NUM, ORD, Sentence, nth, number, ordinal

_SERIES = r"(?:(?:NASCAR\s+)?[A-Z][\w']*\s+(?:Series\s+)?)"
CAREER_WIN = re.compile(rf"\b(?P<ord>(?i:{ORD}))\s+(?P<q>(?:(?i:career)\s+)?{_SERIES}?(?:(?i:career)\s+)?)"
                        rf"(?i:(?P<noun>win|victory|pole))\b(?P<tail>\s+(?i:of\s+(?:his|her)\s+career))?"
                        rf"(?!\s+(?i:of\s+the|of\s+\d|this|in\s+\d|in\s+the\s+\d|since))(?!-)")
CAREER_COUNT = re.compile(rf"\b(?P<n>(?i:{NUM}))\s+(?P<q>(?:(?i:career)\s+)?{_SERIES}?(?:(?i:career)\s+)?)"
                          rf"(?i:(?P<noun>wins|victories|poles|top[- ](?:5|five|10|ten)s|top[- ](?:5|five|10|ten)\s+"
                          rf"finishes))\b(?!\s+(?i:at|this|in\s|of\s+the|since|over|during|so\s+far))")
SEASON_WIN = re.compile(rf"\b(?P<ord>(?i:{ORD}))\s+(?P<q>{_SERIES}?)(?i:(?:win|victory)\s+(?:of\s+(?:the\s+|this\s+)?"
                        rf"(?:(?P<y1>\d{{4}})\s+)?season|this\s+(?:season|year)|of\s+(?P<y2>\d{{4}})|"
                        rf"in\s+(?P<y3>\d{{4}})))\b")
SEASON_COUNT = re.compile(rf"\b(?P<n>(?i:{NUM}))\s+(?i:(?P<noun>wins|win|victories|victory|poles|pole|"
                          rf"top[- ](?:5|five|10|ten)s?(?:\s+finish(?:es)?)?)\s+(?:(?:so\s+far\s+)?this\s+"
                          rf"(?:season|year)|in\s+(?P<y>\d{{4}})|in\s+the\s+(?P<y2>\d{{4}})\s+season|"
                          rf"in\s+the\s+first\s+(?P<k>{NUM})\s+races))\b")
TEAM_WINS = re.compile(rf"(?i:\bcelebrated\s+(?P<n>{NUM})\s+times\s+in\s+victory\s+lane|"
                       rf"\bwon\s+(?P<n2>{NUM})\s+(?:races|times)|"
                       rf"\b(?:gone|went|go|goes|is|was|been|remains|remained|stayed)\s+(?P<winless>winless))"
                       rf"(?P<span>(?i:\s+(?:in\s+the\s+first\s+(?P<k>{NUM})\s+races|"
                       rf"(?:so\s+far\s+)?this\s+(?:season|year)|in\s+(?P<y>\d{{4}}))))?")
FROM_POLE = re.compile(r"(?i:\bnone\s+of\s+(?:his|her|[\w.'’ -]{2,40}?['’]s)\s+(?P<n>[\w-]+\s+)?(?:career\s+)?"
                       r"[\w ]{0,30}?(?:wins|victories)\b[^.;]{0,80}?\bpole\b|"
                       r"\bhas\s+never\s+won\s+from\s+(?:the\s+)?pole)")
BEST_START = re.compile(r"(?i:\bbest\s+(?:start(?:ing\s+(?:position|spot))?|"
                        r"qualifying\s+(?:effort|result|position|run))\s+"
                        r"(?:that\s+(?:led|turned)\s+(?:in)?to|to\s+(?:produce|yield)|in|for)\s+a\s+(?:win|victory)\b)")
_TRACK = r"(?P<track>[A-Z][\w'’.&-]*(?:\s+[A-Z][\w'’.&-]*)*)"
LAST_POLE = re.compile(r"(?i:\blast\s+time\s+(?:he|she|[\w.'’-]+)\s+"
                       r"(?:started\s+(?:from|on)\s+(?:the\s+)?|won\s+(?:the\s+)?)pole\s+was|"
                       r"\b(?:his|her)\s+last\s+pole\s+(?:came|was)|"
                       r"\blast\s+(?:won\s+(?:the\s+)?pole|started\s+(?:from|on)\s+(?:the\s+)?pole))\s+(?:at\s+)?"
                       + _TRACK + r"(?:\s+in\s+(?P<y>\d{4}))?")
WIN_AT = re.compile(rf"(?P<who>\b(?:his|her)|['’]s)\s+(?:(?P<ord>(?i:{ORD}))\s+)?"
                    rf"(?i:win|victory)\s+at\s+" + _TRACK)

_FUTURE = re.compile(r"\b(?:would|will|could|can|might|may|seek|seeking|seeks|chas(?:e|es|ing)|bid|go(?:es|ing)?\s+for|"
                     r"try|trying|tries|attempt|hunt(?:ing)?|aim(?:s|ing)?|look(?:s|ing)?\s+for|in\s+search|pursuit|next|"
                     r"need(?:s|ed)?|eye(?:s|ing)?|shot\s+at|chance|potential|possible|first-ever|yet\s+to)\b", re.I)
_BEFORE = re.compile(r"\b(?:entered|entering|coming\s+into|came\s+into|going\s+into|heading\s+into|before\s+the\s+race|"
                     r"had)\b", re.I)


def _who(story: Story, index: int, match: re.Match[str]) -> str | None:
    return story.subject(index, match.start(), match.end())


def check_career_ordinal(story: Story, index: int, match: re.Match[str]) -> Finding | None:
    qualifier = match.group("q").strip()
    career = "career" in qualifier.lower() or bool(match.group("tail"))
    named = re.sub(r"(?i)\bcareer\b", "", qualifier).strip()
    series = story.series_in(named) if named else story.race.series
    n = ordinal(match.group("ord"))
    sentence = story.prose.sentences[index]
    if not (career or named) or series is None or n is None or _FUTURE.search(story.text(sentence)):
        return None
    if not career and re.match(r"\s+at\b", story.prose.claims[match.end():match.end() + 4]):
        return None  # "his second Xfinity win at Darlington": a count at a track
    who = _who(story, index, match)
    if who is None:
        return None
    pole = match.group("noun").lower() == "pole"
    counts = story.history.career(who, series, story.history.before(story.race))
    before = counts.poles if pole else counts.wins
    if before is None:
        return None
    winner = winner_of(story.race)
    here = series == story.race.series and (pole_winner(story.race) == who if pole else
                                            story.after and winner is not None and winner.driver == who)
    now = before + (1 if here else 0)  # this race's win (after it) or pole (once qualifying is over) counts
    this = here and story.races_meant(index, who, series) == [story.race]
    noun = "pole" if pole else "win"
    his = "her" if re.search(r"\bher\b", story.text(sentence)) else "his"
    if this:
        if n == now:
            return None
        message = f"the data makes this {his} {nth(now)}"
    else:
        if n <= now:
            return None
        message = f"the data gives {who} {now} {story.series_name(series)} {noun}{'s' if now != 1 else ''} by then"
    return story.finding(sentence, match.start(), match.end(), message, f"career-{noun}-ordinal")


def check_career_count(story: Story, index: int, match: re.Match[str]) -> Finding | None:
    qualifier = match.group("q").strip()
    named = re.sub(r"(?i)\bcareer\b", "", qualifier).strip()
    series = story.series_in(named) if named else story.race.series
    n = number(match.group("n"))
    sentence = story.prose.sentences[index]
    if not qualifier or series is None or n is None or _FUTURE.search(story.text(sentence)):
        return None
    who = _who(story, index, match)
    if who is None:
        return None
    noun = match.group("noun").lower()
    field = "poles" if noun.startswith("pole") else "wins" if noun[0] in "wv" else "top5" if "5" in noun or "five" \
        in noun else "top10"
    values = {getattr(story.history.career(who, series, m), field) for m in _moments(story, sentence)}
    if None in values or n in values:
        return None
    now = getattr(story.history.career(who, series, story.moment), field)
    return story.finding(sentence, match.start(), match.end(),
                         f"the data gives {who} {_count(now, field, story.series_name(series))} by then",
                         f"career-{field}")


def _moments(story: Story, sentence: Sentence) -> list[Moment]:
    """The moment a count is true at: the story's, and before the race too when the sentence says "entered"."""
    moments = [story.moment]
    if story.after and _BEFORE.search(story.text(sentence)):
        moments.append(story.history.before(story.race))
    return moments


def _year(match: re.Match[str], *groups: str, default: int) -> int:
    return next((int(match.group(g)) for g in groups if match.group(g)), default)


def check_season_ordinal(story: Story, index: int, match: re.Match[str]) -> Finding | None:
    sentence = story.prose.sentences[index]
    n = ordinal(match.group("ord"))
    series = story.series_in(match.group("q")) if match.group("q").strip() else story.race.series
    if n is None or series is None or _FUTURE.search(story.text(sentence)):
        return None
    who = _who(story, index, match)
    season = _year(match, "y1", "y2", "y3", default=story.race.season)
    if who is None:
        return None
    wins = story.history.season(who, series, season, story.moment).wins
    if wins is None:
        return None
    winner = winner_of(story.race)
    this = (story.after and winner is not None and winner.driver == who and season == story.race.season
            and series == story.race.series and story.races_meant(index, who, series) == [story.race])
    if (this and n == wins) or (not this and n <= wins):
        return None
    his = "her" if re.search(r"\bher\b", story.text(sentence)) else "his"
    message = f"the data makes this {his} {nth(wins)} win of {season}" if this else \
        f"the data gives {who} {wins} win{'s' if wins != 1 else ''} in {season} by then"
    return story.finding(sentence, match.start(), match.end(), message, "season-win-ordinal")


def check_season_count(story: Story, index: int, match: re.Match[str]) -> Finding | None:
    sentence = story.prose.sentences[index]
    n = number(match.group("n"))
    rounds = number(match.group("k")) if match.group("k") else None
    season = _year(match, "y", "y2", default=story.race.season)
    if n is None or _FUTURE.search(story.text(sentence)):
        return None
    noun = match.group("noun").lower()
    field = "poles" if noun.startswith("pole") else "wins" if noun[0] in "wv" else "top5" if "5" in noun or "five" \
        in noun else "top10"
    who = _who(story, index, match)
    if who is None:
        return None
    have = getattr(story.history.season(who, story.race.series, season, story.moment, rounds), field)
    if have is None or have == n:
        return None
    span = f"in the first {rounds} races of {season}" if rounds else f"in {season}"
    return story.finding(sentence, match.start(), match.end(),
                         f"the data gives {who} {_count(have, field)} {span} by then", "season-count")


def check_team_wins(story: Story, index: int, match: re.Match[str]) -> Finding | None:
    sentence = story.prose.sentences[index]
    text = story.prose.claims
    if match.group("winless"):
        n: int | None = 0
    else:
        n = number(match.group("n") or match.group("n2") or "")
    rounds = number(match.group("k")) if match.group("k") else None
    season = int(match.group("y")) if match.group("y") else None
    if season is None and rounds is None:
        before = text[sentence.start:match.start()]
        years = [(int(y.group(0)), y.end()) for y in re.finditer(r"\b(?:19|20)\d\d\b", before)]
        season = years[-1][0] if years and sentence.start + years[-1][1] > match.start() - 40 else None
        if season is None and not (match.group("span") or match.group("winless")):
            return None  # "won 15 races": a career, a season? not said
    season = season or story.race.season
    if n is None or _FUTURE.search(story.text(sentence)):
        return None
    team = story.team_before(index, match.start())
    if team is None:
        return None
    if rounds is not None:
        have = _team_wins_in(story, team, season, rounds)
    else:
        have = story.history.team_wins(team, story.race.series, season, story.moment)
    if have is None or have == n:
        return None
    span = f"in the first {rounds} races of {season}" if rounds else f"in {season}"
    return story.finding(sentence, match.start(), match.end(), f"the data gives {team} {_wins(have)} {span}",
                         "team-season-wins")


def _count(n: int, field: str, series: str = "") -> str:
    """'1 top 5', '2 Frontier Series wins'."""
    label = {"wins": "win", "poles": "pole", "top5": "top 5", "top10": "top 10"}[field]
    return f"{n} {series + ' ' if series else ''}{label}{'' if n == 1 else 's'}"


def _wins(n: int) -> str:
    return f"{n} win" if n == 1 else f"{n} wins"


def _team_wins_in(story: Story, team: str, season: int, rounds: int) -> int | None:
    last = story.history.race(story.race.series, season, rounds)
    if last is None:
        return None
    return story.history.team_wins(team, story.race.series, season, story.history.after(last))


def check_from_pole(story: Story, index: int, match: re.Match[str]) -> Finding | None:
    who = _inside_or_before(story, index, match)
    sentence = story.prose.sentences[index]
    if who is None:
        return None
    have = story.history.wins_from_pole(who, story.race.series, story.moment)
    if have is None or have == 0:
        return None
    return story.finding(sentence, match.start(), match.end(),
                         f"the data has {who} winning from the pole {have} time{'s' if have != 1 else ''}",
                         "wins-from-pole")


def _inside_or_before(story: Story, index: int, match: re.Match[str]) -> str | None:
    """The driver a history claim is about: the one named inside it, else before it."""
    sentence = story.prose.sentences[index]
    inside = {m.names for m in story.in_sentence(sentence, "driver") if match.start() <= m.start < match.end()}
    if len(inside) == 1:
        names = next(iter(inside))
        return names[0] if len(names) == 1 else None
    if inside:
        return None
    pronoun = re.compile(r"\b(?:he|his|she|her)\b", re.I).search(story.prose.claims, match.start(), match.end())
    return story.driver_before(index, pronoun.end() if pronoun else match.start()) if pronoun else \
        story.driver_before(index, match.start())


def check_best_start(story: Story, index: int, match: re.Match[str]) -> Finding | None:
    sentence = story.prose.sentences[index]
    rest = re.compile(rf"(?i:\b(?:started|starting|was|came\s+from)\s+(?:from\s+)?(?P<ord>{ORD})\b)").search(
        story.prose.claims, match.end(), sentence.end)
    who = _inside_or_before(story, index, match)
    if rest is None or who is None:
        return None
    best = story.history.best_winning_start(who, story.race.series, story.moment)
    n = ordinal(rest.group("ord"))
    if best is None or n is None:
        return None
    years = {int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", story.text(sentence))}
    if best.start == n and (not years or years & {r.season for r in best.races}):
        return None
    where = ", ".join(f"{r.track} in {r.season}" for r in best.races[:3])
    return story.finding(sentence, match.start(), rest.end(),
                         f"the data has {who}'s best start in a win at {nth(best.start)} ({where})",
                         "best-winning-start")


def check_last_pole(story: Story, index: int, match: re.Match[str]) -> Finding | None:
    sentence = story.prose.sentences[index]
    who = _inside_or_before(story, index, match)
    if who is None:
        return None
    last = story.history.last_pole(who, story.race.series, story.history.before(story.race))  # "last": before this
    tracks = story.track_of(match.group("track"))
    if last is None or not tracks:
        return None
    race: Race | None = last.race
    year = int(match.group("y")) if match.group("y") else None
    if race is not None and race.track in tracks and (year is None or year == race.season):
        return None
    message = f"the data has {who}'s last pole before this race at {race.track} in {race.season}" if race \
        else f"the data has no pole for {who} before this race"
    return story.finding(sentence, match.start(), match.end(), message, "last-pole")


def check_win_at(story: Story, index: int, match: re.Match[str]) -> Finding | None:
    sentence = story.prose.sentences[index]
    tracks = story.track_of(match.group("track"))
    if not tracks or _FUTURE.search(story.text(sentence)):
        return None
    who = story.driver_before(index, match.start() if match.group("who")[0] in "'’" else match.end("who")) \
        if match.group("who")[0] in "'’" else _inside_or_before(story, index, match)
    if who is None:
        return None
    wins = story.history.wins(who, story.race.series, story.moment)
    if wins is None:
        return None
    there = [race for race, _, _ in wins if race.track in tracks]
    n = ordinal(match.group("ord")) if match.group("ord") else 1
    if n is not None and len(there) >= n:
        return None
    shown = " or ".join(sorted(tracks)) if len(tracks) <= 2 else match.group("track")
    have = f"{len(there)} win{'s' if len(there) != 1 else ''}" if there else "no win"
    return story.finding(sentence, match.start("who") + (0 if match.group("who")[0] not in "'’" else 2), match.end(),
                         f"the data has {have} for {who} at {shown} by then", "win-at-track")


# Each form with the words (lowercase) one of which a sentence must hold for the form's pattern to be tried;
# SERIES stands for the site's series names.
SERIES = "\0series"
FORMS: tuple[tuple[re.Pattern[str], Callable[[Story, int, re.Match[str]], Finding | None], tuple[str, ...]], ...] = (
    (CAREER_WIN, check_career_ordinal, ("career", SERIES)), (CAREER_COUNT, check_career_count, ("career", SERIES)),
    (SEASON_WIN, check_season_ordinal, ("season", "this year", "win of", "victory of", "win in", "victory in")),
    (SEASON_COUNT, check_season_count, ("season", "this year", "races", " in 19", " in 20")),
    (TEAM_WINS, check_team_wins, ("victory lane", "winless", " races", " times")),
    (FROM_POLE, check_from_pole, ("pole",)), (BEST_START, check_best_start, ("best",)),
    (LAST_POLE, check_last_pole, ("pole",)),
    (WIN_AT, check_win_at, (" win at", " victory at")))
