"""The drawing kit under racesite.charts: scales, ticks, axes, markers and the accessible <svg> wrapper.

Owns how numbers become SVG coordinates and text: every number is written through `num` (at most one
decimal, no "-0"), every text through markupsafe's escape, and nothing depends on the clock, a random
source or a dict's order, so the same data gives the same bytes. Colours are never written here except
`currentColor`: charts.css gives each class its colour through CSS custom properties.

Must not know about races, drivers or pages (racesite.charts does), compute a stat, or read files.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import escape

# The chart's own coordinate system: the <svg> scales to its container through viewBox, and
# charts.css sets the text size per screen width in these units.
WIDTH = 640
TEXT = 12  # the text size written as a fallback attribute; charts.css overrides it
LABEL_GAP = 24  # the least vertical room one end label takes (a line of the phone text size in charts.css)

_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")


def check_id(chart_id: str) -> str:
    """A chart's id prefix, which must be a valid, unique-per-page HTML id (the caller makes it unique)."""
    if not _ID.match(chart_id):
        raise ValueError(f"chart id {chart_id!r} must start with a letter and hold only letters, digits, - and _")
    return chart_id


def num(value: float) -> str:
    """A coordinate or length as SVG text: one decimal at most, '12' not '12.0', never '-0'. (A chart writes
    hundreds: the shortest repr of a value rounded to one decimal is that decimal.)"""
    rounded = round(value, 1)
    whole = int(rounded)
    return str(whole) if whole == rounded else repr(rounded)


def count(value: float) -> str:
    """A value for a reader: '1,234', '12.5', '−3' (a real minus sign)."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return text.replace("-", "\u2212")


@dataclass(frozen=True)
class Frame:
    """The plot area inside the viewBox: `width` x `height` with margins on each side."""

    height: float
    left: float = 44
    right: float = 16
    top: float = 14
    bottom: float = 34
    width: float = WIDTH

    @property
    def x0(self) -> float:
        return self.left

    @property
    def x1(self) -> float:
        return self.width - self.right

    @property
    def y0(self) -> float:
        return self.top

    @property
    def y1(self) -> float:
        return self.height - self.bottom


@dataclass(frozen=True)
class Linear:
    """Maps a value in [lo, hi] onto [start, end] (either may be the larger: P1 at the top is start > end)."""

    lo: float
    hi: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        if self.hi == self.lo:
            return (self.start + self.end) / 2
        return self.start + (value - self.lo) * (self.end - self.start) / (self.hi - self.lo)


def slots(n: int, start: float, end: float) -> list[float]:
    """The centres of n equal slots across [start, end] (one per category or round)."""
    step = (end - start) / max(n, 1)
    return [start + step * (i + 0.5) for i in range(n)]


def nice_step(span: float, most: int) -> float:
    """The smallest step of 1, 2 or 5 times a power of ten that cuts `span` into at most `most` parts."""
    if span <= 0:
        return 1
    raw = span / max(most, 1)
    power = math.pow(10, math.floor(math.log10(raw)))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw - 1e-9 and float(factor * power).is_integer():
            return max(factor * power, 1.0)
    return 10 * power  # pragma: no cover - the loop always returns


def left_margin(labels: Iterable[str]) -> float:
    """Room left of the plot for the widest y label at the phone text size (about 0.6 em a character)."""
    return 12 + 12 * max((len(label) for label in labels), default=1)


def ticks(top: float, most: int = 5, bottom: float = 0) -> list[float]:
    """Tick values from 0 (or below it, down to `bottom` when that is negative) up to at least `top`."""
    low = min(bottom, 0)
    step = nice_step(top - low, most)
    first = math.floor(low / step) * step
    last = max(first + step, math.ceil(top / step) * step)
    return [first + step * i for i in range(round((last - first) / step) + 1)]


def _label_step(n: int, most: int) -> int:
    return next(step for step in (1, 2, 5, 10, 20, 50, 100, 1000) if math.ceil(n / step) <= most or step == 1000)


def label_classes(values: Sequence[int], wide: int, narrow: int) -> list[str | None]:
    """Which of these integer labels (rounds, seasons, positions) to show: at most about `wide` of them on
    wide screens and `narrow` on phones, at multiples of 1, 2, 5, 10... (and the first, when it stands
    apart from the next one shown, as round 1 does before round 5).

    Each is '' (shown everywhere), 'wide' (hidden on phones), 'narrow' (phones only) or None (no label).
    """
    shown = []
    for most in (wide, narrow):
        step = _label_step(len(values), most)
        keep = {i for i, v in enumerate(values) if v % step == 0}
        if values and 0 not in keep:
            following = min((i for i in keep), default=len(values))
            if following >= 0.6 * step:
                keep.add(0)
        shown.append(keep)
    classes: list[str | None] = []
    for i in range(len(values)):
        on_wide, on_phone = i in shown[0], i in shown[1]
        classes.append("" if on_wide and on_phone else "wide" if on_wide else "narrow" if on_phone else None)
    return classes


def text(x: float, y: float, body: str, cls: str = "", anchor: str = "middle", baseline: str = "auto") -> str:
    """A <text> element; the body is escaped."""
    attrs = [f'x="{num(x)}"', f'y="{num(y)}"']
    if cls:
        attrs.append(f'class="{cls}"')
    if anchor != "start":
        attrs.append(f'text-anchor="{anchor}"')
    if baseline != "auto":
        attrs.append(f'dominant-baseline="{baseline}"')
    return f"<text {' '.join(attrs)}>{escape(body)}</text>"


def polyline_paths(points: Sequence[tuple[float, float] | None]) -> list[str]:
    """Path data for a line broken at each None (a missed round leaves a gap, never a bridge)."""
    paths: list[str] = []
    run: list[tuple[float, float]] = []
    for point in [*points, None]:
        if point is not None:
            run.append(point)
            continue
        if len(run) > 1:
            paths.append("M" + " L".join(f"{num(x)} {num(y)}" for x, y in run))
        run = []
    return paths


def y_axis(frame: Frame, values: Sequence[float], scale: Linear, labels: Sequence[str]) -> list[str]:
    """Horizontal grid lines with their labels on the left."""
    out = ['<g class="grid" aria-hidden="true">']
    for value in values:
        y = scale(value)
        out.append(f'<line x1="{num(frame.x0)}" x2="{num(frame.x1)}" y1="{num(y)}" y2="{num(y)}"/>')
    out.append("</g>")
    out.append('<g class="axis">')
    for value, label in zip(values, labels):
        out.append(text(frame.x0 - 6, scale(value), label, anchor="end", baseline="middle"))
    out.append("</g>")
    return out


def x_labels(frame: Frame, xs: Sequence[float], values: Sequence[int], wide: int, narrow: int) -> list[str]:
    """Integer labels under the plot, thinned by `label_classes` for wide screens and phones."""
    out = ['<g class="axis">']
    for x, value, cls in zip(xs, values, label_classes(values, wide, narrow)):
        if cls is not None:
            out.append(text(x, frame.y1 + 14, str(value), cls=cls, baseline="hanging"))
    out.append("</g>")
    return out


def axis_line(frame: Frame) -> str:
    """The baseline under the plot."""
    y = num(frame.y1)
    return f'<line class="baseline" x1="{num(frame.x0)}" x2="{num(frame.x1)}" y1="{y}" y2="{y}" stroke="currentColor"/>'


MARKERS = ("circle", "square", "triangle", "diamond", "down", "plus", "cross", "star", "bar", "hexagon")


def marker(shape: str, x: float, y: float, size: float = 4.5) -> str:
    """Path data for a marker centred on (x, y): shapes tell lines apart where colour cannot."""
    s = size
    polygons: dict[str, list[tuple[float, float]]] = {
        "square": [(-s, -s), (s, -s), (s, s), (-s, s)],
        "triangle": [(0, -s * 1.2), (s * 1.1, s * 0.9), (-s * 1.1, s * 0.9)],
        "diamond": [(0, -s * 1.3), (s * 1.3, 0), (0, s * 1.3), (-s * 1.3, 0)],
        "down": [(-s * 1.1, -s * 0.9), (s * 1.1, -s * 0.9), (0, s * 1.2)],
        "plus": [(-s * 0.4, -s * 1.2), (s * 0.4, -s * 1.2), (s * 0.4, -s * 0.4), (s * 1.2, -s * 0.4),
                 (s * 1.2, s * 0.4), (s * 0.4, s * 0.4), (s * 0.4, s * 1.2), (-s * 0.4, s * 1.2),
                 (-s * 0.4, s * 0.4), (-s * 1.2, s * 0.4), (-s * 1.2, -s * 0.4), (-s * 0.4, -s * 0.4)],
        "star": [(s * 1.3 * math.sin(a * math.pi / 5) * (1 if a % 2 == 0 else 0.45),
                  -s * 1.3 * math.cos(a * math.pi / 5) * (1 if a % 2 == 0 else 0.45)) for a in range(10)],
        "bar": [(-s * 1.3, -s * 0.5), (s * 1.3, -s * 0.5), (s * 1.3, s * 0.5), (-s * 1.3, s * 0.5)],
        "hexagon": [(s * 1.15 * math.cos(a * math.pi / 3), s * 1.15 * math.sin(a * math.pi / 3)) for a in range(6)],
    }
    polygons["cross"] = [(r * (dx - dy), r * (dx + dy)) for dx, dy in polygons["plus"] for r in (math.sqrt(0.5),)]
    if shape not in polygons:  # a circle as two arcs
        return f"M{num(x - s)} {num(y)}a{num(s)} {num(s)} 0 1 0 {num(2 * s)} 0a{num(s)} {num(s)} 0 1 0 {num(-2 * s)} 0Z"
    return "M" + " L".join(f"{num(x + dx)} {num(y + dy)}" for dx, dy in polygons[shape]) + "Z"


def spread(ys: Sequence[float], gap: float, lo: float, hi: float) -> list[float]:
    """Move label positions apart to at least `gap` each, within [lo, hi], keeping their order.

    Returns the new positions in the input's order. Deterministic: ties keep the input order.
    """
    order = sorted(range(len(ys)), key=lambda i: (ys[i], i))
    placed = [ys[i] for i in order]
    for k in range(1, len(placed)):  # push down
        placed[k] = max(placed[k], placed[k - 1] + gap)
    overflow = placed[-1] - hi if placed else 0
    if overflow > 0:  # then pull the whole stack up, and push up from the bottom
        placed[-1] = hi
        for k in range(len(placed) - 2, -1, -1):
            placed[k] = min(placed[k], placed[k + 1] - gap)
    placed = [max(p, lo) for p in placed]
    out = [0.0] * len(ys)
    for k, i in enumerate(order):
        out[i] = placed[k]
    return out


def svg(chart_id: str, kind: str, height: float, title: str, desc: str, body: Iterable[str]) -> str:
    """The accessible wrapper: role="img", a <title> and a <desc> naming it, a viewBox that scales."""
    cid = check_id(chart_id)
    return "\n".join([
        f'<svg class="chart-svg {kind}" role="img" viewBox="0 0 {WIDTH} {num(height)}" '
        f'width="{WIDTH}" height="{num(height)}" preserveAspectRatio="xMidYMid meet" '
        f'aria-labelledby="{cid}-title" aria-describedby="{cid}-desc" '
        f'font-size="{TEXT}" fill="currentColor" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(desc)}</desc>',
        *body,
        "</svg>",
    ])
