"""The charts as a reader sees them in Chromium: on a phone and a desktop, readable and not overlapping.

A static page holds the four charts with the theme's style.css and charts.css. Set
RACESITE_SCREENSHOTS=DIR to keep a PNG of each view (phone, desktop, dark, print) to look at.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.browser import DESKTOP, PHONE, chromium, serve, skip_reason

REASON = skip_reason()
if REASON:
    pytest.skip(REASON, allow_module_level=True)

from racesite.charts import (  # noqa: E402
    PointsLine,
    RoundFinish,
    SeasonTally,
    StartBucket,
    finishing_positions,
    points_progression,
    winners_by_start,
    wins_and_top5s,
)

STATIC = Path(__file__).resolve().parents[1] / "templates" / "static"
FINISHES = [3, 1, 12, None, 7, 2, 1, 25, 38, None, 5, 4, 1, 9, 15, 2, 6, 3, 11, 1, 8, 4, None, 2, 14, 5, 3, 7, 1,
            10, 6, 2, 4]


def page() -> str:
    rounds = [RoundFinish(i, f"Track {i}", p) for i, p in enumerate(FINISHES, start=1)]
    career = [SeasonTally(2005 + i, i % 4, 3 + (i * 5) % 13) for i in range(20)]
    lines = [PointsLine(f"Driver Number {k}", tuple(float(r * (40 - 2 * k) + (r * k) % 7) for r in range(1, 34)))
             for k in range(1, 11)]
    starts = [StartBucket(p, w) for p, w in ((1, 9), (2, 6), (3, 4), (5, 2), (9, 1), (18, 1), (40, 1))]
    charts = [
        finishing_positions(rounds, chart_id="fin", title="Finishing positions", field_size=40),
        wins_and_top5s(career, chart_id="career", title="Wins and top 5s"),
        points_progression(lines, list(range(1, 34)), chart_id="pts", title="Points"),
        winners_by_start(starts, chart_id="starts", title="Winners by start", unknown=2),
    ]
    body = "\n".join(f"<h2>Chart {i}</h2>\n{chart}" for i, chart in enumerate(charts, start=1))
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Charts</title>'
            '<link rel="stylesheet" href="style.css"><link rel="stylesheet" href="charts.css"></head>'
            f'<body><main class="wrap" id="main"><h1>Charts</h1>\n{body}\n</main></body></html>')


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("charts")
    (root / "index.html").write_text(page(), encoding="utf-8")
    for name in ("style.css", "charts.css"):
        shutil.copy(STATIC / name, root / name)
    with serve(root) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


# Every shown text in the charts, as boxes on the screen, grouped by the row they sit on.
TEXT_BOXES = """() => [...document.querySelectorAll('.chart-svg text')]
  .filter(t => getComputedStyle(t).display !== 'none')
  .map(t => { const r = t.getBoundingClientRect();
              return {chart: t.closest('svg').id || t.closest('figure').className, text: t.textContent,
                      x: r.left, y: r.top, w: r.width, h: r.height, cls: t.getAttribute('class') || ''}; })"""


def shot(page, name: str) -> None:
    folder = os.environ.get("RACESITE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"charts-{name}.png"), full_page=True)


@pytest.mark.parametrize(("name", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_charts_fit_read_at_a_usable_size_and_no_labels_collide(browser, url, name, viewport) -> None:
    context = browser.new_context(viewport=viewport)
    p = context.new_page()
    p.goto(url)
    shot(p, name)
    assert p.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    boxes = p.evaluate(TEXT_BOXES)
    context.close()
    axis = [b for b in boxes if b["cls"] in ("", "wide", "narrow") and b["text"].strip()]
    heights = sorted(b["h"] for b in axis)
    assert heights[0] >= 10, f"axis text {heights[0]:.1f}px high on the {name}"
    assert heights[-1] <= 22, f"axis text {heights[-1]:.1f}px high on the {name}"
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if a["chart"] != b["chart"] or "value" in a["cls"] + b["cls"]:
                continue
            overlap_x = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
            overlap_y = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
            assert overlap_x <= 1 or overlap_y <= 1, f"{a['text']!r} overlaps {b['text']!r} on the {name}"


def test_phones_see_fewer_round_labels_than_desktops(browser, url) -> None:
    counts = []
    for viewport in (PHONE, DESKTOP):
        context = browser.new_context(viewport=viewport)
        p = context.new_page()
        p.goto(url)
        counts.append(p.evaluate("""[...document.querySelectorAll('.chart-finishes .axis text[text-anchor=middle]')]
            .filter(t => getComputedStyle(t).display !== 'none').map(t => t.textContent)"""))
        context.close()
    assert counts[0] == ["1", "5", "10", "15", "20", "25", "30"]
    assert counts[1] == [str(n) for n in range(2, 34, 2)]


def test_dark_mode_and_print_change_the_colours_through_css(browser, url) -> None:
    fills = []
    for scheme, media in (("light", "screen"), ("dark", "screen"), ("light", "print")):
        context = browser.new_context(viewport=DESKTOP, color_scheme=scheme)
        p = context.new_page()
        p.goto(url)
        p.emulate_media(media=media)
        shot(p, f"{scheme}-{media}")
        fills.append(p.evaluate("getComputedStyle(document.querySelector('.chart-starts .bar')).fill"))
        context.close()
    assert fills[0] != fills[1]
    assert fills[2] == "rgb(0, 0, 0)"
