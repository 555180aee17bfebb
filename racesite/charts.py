"""Charts for the stats pages, drawn at build time as inline, accessible SVG (no JavaScript).

Owns the four charts a page can show: a driver's finishing positions across a season, a driver's wins
and top 5s per season over a career, a season's points progression for the top 10, and a track's
winners by starting position. Each takes plain frozen values that stats computed (this module counts
nothing: a "top 5" here is whatever number it is given) and returns `markupsafe.Markup`: a
<figure class="chart"> holding an <svg role="img"> named by its <title> and described by a <desc>
that states every value, plus an HTML legend where a chart needs one. Lines are told apart by
number, dash and marker shape, not by colour alone; colours come from charts.css (custom properties,
with dark mode and print), falling back to currentColor without it. Same data, same bytes.

Must not read stats, models or files, know about URLs or templates, or write colours of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from . import svgplot as s


@dataclass(frozen=True)
class RoundFinish:
    """One round of a driver's season: its number, a short race label, and the finish (None: not raced)."""

    round: int
    label: str
    position: int | None


@dataclass(frozen=True)
class SeasonTally:
    """One season of a career: the season's label (its year), wins and top 5s, as stats counted them."""

    season: int
    wins: int
    top5s: int


@dataclass(frozen=True)
class PointsLine:
    """One driver's points after each round, in the order of the rounds (None: no standing yet)."""

    driver: str
    points: tuple[float | None, ...]


@dataclass(frozen=True)
class StartBucket:
    """Wins at a track from one starting position (1 is the front of the grid)."""

    start: int
    wins: int


DASHES = ("", "8 4", "2 3", "10 3 2 3", "4 4", "12 4", "2 5", "8 3 2 3 2 3", "6 2", "3 3")


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _figure(kind: str, svg: str, legend: str = "") -> Markup:
    return Markup(f'<figure class="chart chart-{kind}">\n{svg}\n{legend}</figure>\n')


def _swatch(index: int, kind: str) -> str:
    """A legend key drawn like its series (an aria-hidden SVG beside the text that names it)."""
    if kind == "line":
        dash = f' stroke-dasharray="{DASHES[index % len(DASHES)]}"' if DASHES[index % len(DASHES)] else ""
        shape = s.marker(s.MARKERS[index % len(s.MARKERS)], 34, 8, 4)
        body = (f'<path class="line" d="M2 8 H28"{dash} stroke="currentColor" fill="none"/>'
                f'<path class="mark" d="{shape}" fill="currentColor"/>')
        return (f'<svg class="key s{index + 1}" viewBox="0 0 42 16" width="42" height="16" aria-hidden="true">'
                f"{body}</svg>")
    return (f'<svg class="key" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">'
            f'<rect class="{kind}" x="1.5" y="1.5" width="13" height="13" fill="currentColor"/></svg>')


def _y_title(label: str) -> str:
    return s.text(4, 4, label, cls="axis-title", anchor="start", baseline="hanging")


def _x_title(frame: s.Frame, label: str) -> str:
    return s.text((frame.x0 + frame.x1) / 2, frame.height - 4, label, cls="axis-title")


def finishing_positions(rounds: Sequence[RoundFinish], *, chart_id: str, title: str, desc: str | None = None,
                        field_size: int | None = None) -> Markup:
    """A season's finishes as a line, 1st at the top; a round not raced is a gap in the line.

    `field_size` sets the bottom of the scale (else the worst finish); `desc` replaces the default
    text, which lists every round.
    """
    worst = max([field_size or 0, 5, *(r.position for r in rounds if r.position is not None)])
    step = 5 if worst <= 25 else 10
    bottom = -(-worst // step) * step
    levels = [1, *range(step, bottom + 1, step)]
    frame = s.Frame(height=320, top=36, bottom=60, left=s.left_margin(str(v) for v in levels))
    scale = s.Linear(1, bottom, frame.y0, frame.y1)
    xs = s.slots(len(rounds), frame.x0, frame.x1)
    points = [None if r.position is None else (x, scale(r.position)) for x, r in zip(xs, rounds)]
    slot = (frame.x1 - frame.x0) / max(len(rounds), 1)
    body = [f'<rect class="missed" x="{s.num(x - slot / 2)}" y="{s.num(frame.y0)}" width="{s.num(slot)}" '
            f'height="{s.num(frame.y1 - frame.y0)}" fill="none"/>' for x, r in zip(xs, rounds) if r.position is None]
    body += [*s.y_axis(frame, levels, scale, [str(v) for v in levels]), s.axis_line(frame)]
    body += [f'<path class="line s1" d="{d}" fill="none" stroke="currentColor"/>' for d in s.polyline_paths(points)]
    body.append('<g class="points s1">')
    for r, point in zip(rounds, points):
        if point is None:
            continue
        cls = "pt win" if r.position == 1 else "pt"
        radius = 5.5 if r.position == 1 else 4
        tip = f"Round {r.round}, {r.label}: {ordinal(r.position or 0)}"
        body.append(f'<circle class="{cls}" cx="{s.num(point[0])}" cy="{s.num(point[1])}" r="{radius}">'
                    f"<title>{escape(tip)}</title></circle>")
    body.append("</g>")
    body += s.x_labels(frame, xs, [r.round for r in rounds], 18, 8)
    body += [_y_title("Finish"), _x_title(frame, "Round")]
    if desc is None:
        parts = [f"Round {r.round}, {r.label}: "
                 + ("did not race" if r.position is None else ordinal(r.position)) for r in rounds]
        desc = "Finishing position in each round, 1st at the top. " + "; ".join(parts) + "."
    return _figure("finishes", s.svg(chart_id, "finishes", frame.height, title, desc, body))


def wins_and_top5s(seasons: Sequence[SeasonTally], *, chart_id: str, title: str, desc: str | None = None) -> Markup:
    """Wins (solid) beside top 5s (outlined) for each season of a career, with a legend.

    The axis runs through every year from the first season given to the last: a year not given
    (a season not raced) is an empty slot, and the description names only the seasons given.
    """
    given = {t.season: t for t in seasons}
    years = range(min(given), max(given) + 1) if given else range(0)
    described = list(seasons)
    seasons = [given.get(year, SeasonTally(year, 0, 0)) for year in years]
    levels = s.ticks(max([1, *(t.top5s for t in seasons), *(t.wins for t in seasons)]), 4)
    frame = s.Frame(height=300, top=36, bottom=60, left=s.left_margin(s.count(v) for v in levels))
    scale = s.Linear(0, levels[-1], frame.y1, frame.y0)
    xs = s.slots(len(seasons), frame.x0, frame.x1)
    slot = (frame.x1 - frame.x0) / max(len(seasons), 1)
    bar = min(slot * 0.38, 28)
    body = [*s.y_axis(frame, levels, scale, [s.count(v) for v in levels])]
    labelled = len(seasons) <= 12
    value_class = "value" if len(seasons) <= 6 else "value wide"
    for x, tally in zip(xs, seasons):
        if tally.season not in given:
            continue
        for kind, value, left in (("wins", tally.wins, x - bar - 1), ("top5s", tally.top5s, x + 1)):
            top = scale(value)
            name = "win" if kind == "wins" and value == 1 else ("wins" if kind == "wins" else "top 5s")
            body.append(f'<rect class="bar {kind}" x="{s.num(left)}" y="{s.num(top)}" width="{s.num(bar)}" '
                        f'height="{s.num(frame.y1 - top)}" fill="currentColor">'
                        f"<title>{escape(f'{tally.season}: {s.count(value)} {name}')}</title></rect>")
            if labelled and value:
                body.append(s.text(left + bar / 2, top - 3, s.count(value), cls=value_class))
    body.append(s.axis_line(frame))
    body += s.x_labels(frame, xs, [t.season for t in seasons], 16, 6)
    body += [_y_title("Races"), _x_title(frame, "Season")]
    if desc is None:
        desc = "Wins and top 5s in each season. " + "; ".join(
            f"{t.season}: {_wins(t.wins)}, {s.count(t.top5s)} top 5s"
            for t in described) + "."
    legend = ('<ul class="chart-legend">'
              f'<li>{_swatch(0, "wins")} Wins</li><li>{_swatch(1, "top5s")} Top 5s</li></ul>\n')
    return _figure("career", s.svg(chart_id, "career", frame.height, title, desc, body), legend)


def points_progression(lines: Sequence[PointsLine], rounds: Sequence[int], *, chart_id: str, title: str,
                       desc: str | None = None) -> Markup:
    """Points after each round for up to ten drivers, in the order given (the caller ranks them).

    Each line ends in its number (1 to 10), its own marker shape and dash, matching the numbered
    legend below the chart, so no line is known by its colour alone.
    """
    if len(lines) > len(DASHES):
        raise ValueError(f"points_progression draws at most {len(DASHES)} lines, not {len(lines)}")
    values = [p for line in lines for p in line.points if p is not None]
    levels = s.ticks(max([1.0, *values]), 5, bottom=min([0.0, *values]))
    frame = s.Frame(height=380, top=36, bottom=60, right=58, left=s.left_margin(s.count(v) for v in levels))
    scale = s.Linear(levels[0], levels[-1], frame.y1, frame.y0)
    xs = s.slots(len(rounds), frame.x0, frame.x1)
    body = [*s.y_axis(frame, levels, scale, [s.count(v) for v in levels]), s.axis_line(frame)]
    ends: list[tuple[float, float]] = []
    for k, line in enumerate(lines):
        points = [None if p is None else (x, scale(p)) for x, p in zip(xs, line.points)]
        dash = f' stroke-dasharray="{DASHES[k]}"' if DASHES[k] else ""
        body.append(f'<g class="series s{k + 1}">')
        body += [f'<path class="line" d="{d}" fill="none" stroke="currentColor"{dash}/>'
                 for d in s.polyline_paths(points)]
        last = next((p for p in reversed(points) if p is not None), None)
        if last is not None:
            body.append(f'<path class="mark" d="{s.marker(s.MARKERS[k], *last)}" fill="currentColor"/>')
            ends.append(last)
        else:
            ends.append((frame.x1, frame.y1))
        body.append("</g>")
    label_ys = s.spread([y for _, y in ends], s.LABEL_GAP, frame.y0, frame.y1)
    body.append('<g class="end-labels">')
    for k, ((x, y), label_y) in enumerate(zip(ends, label_ys)):
        lx = frame.x1 + 14
        if abs(label_y - y) > 1:
            body.append(f'<path class="leader s{k + 1}" d="M{s.num(x + 6)} {s.num(y)} L{s.num(lx - 2)} '
                        f'{s.num(label_y)}" stroke="currentColor" fill="none"/>')
        body.append(s.text(lx, label_y, str(k + 1), cls=f"end s{k + 1}", anchor="start", baseline="middle"))
    body.append("</g>")
    body += s.x_labels(frame, xs, list(rounds), 18, 8)
    body += [_y_title("Points"), _x_title(frame, "Round")]
    finals = [next((p for p in reversed(line.points) if p is not None), None) for line in lines]
    if desc is None:
        desc = (f"Points after each of {len(rounds)} rounds for {len(lines)} drivers. After the last round: "
                + "; ".join(f"{k + 1}. {line.driver}, " + ("no points" if p is None else f"{s.count(p)} points")
                            for k, (line, p) in enumerate(zip(lines, finals))) + ".")
    items = "".join(
        f'<li class="s{k + 1}">{_swatch(k, "line")} <span class="name">{k + 1}. {escape(line.driver)}</span>'
        + ("" if p is None else f' <span class="pts">{s.count(p)}</span>') + "</li>"
        for k, (line, p) in enumerate(zip(lines, finals)))
    legend = f'<ol class="chart-legend lines">{items}</ol>\n'
    return _figure("progression", s.svg(chart_id, "progression", frame.height, title, desc, body), legend)


def winners_by_start(buckets: Sequence[StartBucket], *, chart_id: str, title: str, desc: str | None = None,
                     unknown: int = 0) -> Markup:
    """Wins at a track from each starting position, one bar per position from 1 to the last one given.

    Positions not given are drawn as no wins. `unknown` counts wins whose start is not known: they are
    said in a note under the chart and in its description, not drawn.
    """
    given = {b.start: b.wins for b in buckets}
    buckets = [StartBucket(start, given.get(start, 0)) for start in range(1, max([1, *given]) + 1)]
    levels = s.ticks(max([1, *(b.wins for b in buckets)]), 4)
    frame = s.Frame(height=280, top=36, bottom=60, left=s.left_margin(s.count(v) for v in levels))
    scale = s.Linear(0, levels[-1], frame.y1, frame.y0)
    xs = s.slots(len(buckets), frame.x0, frame.x1)
    bar = min((frame.x1 - frame.x0) / len(buckets) * 0.7, 36)
    value_class = "value" if len(buckets) <= 12 else "value wide"
    body = [*s.y_axis(frame, levels, scale, [s.count(v) for v in levels])]
    for x, bucket in zip(xs, buckets):
        y = scale(bucket.wins)
        tip = f"Started {ordinal(bucket.start)}: {_wins(bucket.wins)}"
        body.append(f'<rect class="bar wins" x="{s.num(x - bar / 2)}" y="{s.num(y)}" width="{s.num(bar)}" '
                    f'height="{s.num(frame.y1 - y)}" fill="currentColor"><title>{escape(tip)}</title></rect>')
        if bucket.wins:
            body.append(s.text(x, y - 3, s.count(bucket.wins), cls=value_class))
    body.append(s.axis_line(frame))
    body += s.x_labels(frame, xs, [b.start for b in buckets], 20, 8)
    body += [_y_title("Wins"), _x_title(frame, "Starting position")]
    note = f"{_wins(unknown).capitalize()} from an unknown starting position not shown." if unknown else ""
    if desc is None:
        desc = "Wins from each starting position. " + "; ".join(
            f"started {ordinal(b.start)}: {_wins(b.wins)}" for b in buckets if b.wins) + "." + (
            f" {note}" if note else "")
    html_note = f'<p class="chart-note">{escape(note)}</p>\n' if note else ""
    return _figure("starts", s.svg(chart_id, "starts", frame.height, title, desc, body), html_note)


def _wins(n: int) -> str:
    return f"{s.count(n)} {'win' if n == 1 else 'wins'}"
