"""racesite.charts: what the SVG says to a screen reader, where its marks are, and that it is stable."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from racesite import svgplot
from racesite.charts import (
    PointsLine,
    RoundFinish,
    SeasonTally,
    StartBucket,
    finishing_positions,
    ordinal,
    points_progression,
    winners_by_start,
    wins_and_top5s,
)

SEASON = [RoundFinish(1, "Daytona", 3), RoundFinish(2, "Atlanta", None), RoundFinish(3, "Dover", 1),
          RoundFinish(4, "Iowa", 17)]
CAREER = [SeasonTally(2019, 0, 4), SeasonTally(2020, 1, 9), SeasonTally(2021, 3, 14)]
LINES = [PointsLine(f"Driver {k}", tuple(float(r * (12 - k)) for r in range(1, 6))) for k in range(1, 11)]


def charts() -> list[Markup]:
    return [
        finishing_positions(SEASON, chart_id="fin", title="Finishes"),
        wins_and_top5s(CAREER, chart_id="career", title="Career"),
        points_progression(LINES, [1, 2, 3, 4, 5], chart_id="pts", title="Points"),
        winners_by_start([StartBucket(1, 5), StartBucket(3, 2)], chart_id="starts", title="Starts"),
    ]


def attr(markup: str, tag: str, name: str) -> list[str]:
    return re.findall(rf'<{tag}\b[^>]*\b{name}="([^"]*)"', markup)


@pytest.mark.parametrize("index", range(4))
def test_every_chart_is_an_image_named_by_its_title_and_described(index: int) -> None:
    chart = str(charts()[index])
    cid = ["fin", "career", "pts", "starts"][index]
    assert isinstance(charts()[index], Markup)
    assert chart.startswith('<figure class="chart')
    assert attr(chart, "svg", "role")[0] == "img"
    assert attr(chart, "svg", "aria-labelledby")[0] == f"{cid}-title"
    assert attr(chart, "svg", "aria-describedby")[0] == f"{cid}-desc"
    assert f'<title id="{cid}-title">' in chart and f'<desc id="{cid}-desc">' in chart
    assert attr(chart, "svg", "viewBox")[0].startswith("0 0 640 ")
    assert "<script" not in chart
    assert not re.search(r"#[0-9a-fA-F]{3,6}\b|rgb\(", chart), "colours belong in charts.css"


@pytest.mark.parametrize("index", range(4))
def test_charts_are_byte_identical_for_the_same_data_and_write_short_numbers(index: int) -> None:
    assert charts()[index] == charts()[index]
    numbers = re.findall(r'="(-?[0-9.]+)"', str(charts()[index]))
    assert numbers and all(re.fullmatch(r"-?\d+(\.\d)?", n) for n in numbers), numbers


def test_text_is_escaped_in_titles_descriptions_tooltips_and_legends() -> None:
    evil = '<b>"Smoke" & Mirrors</b>'
    out = "".join([
        finishing_positions([RoundFinish(1, evil, 2)], chart_id="a", title=evil),
        points_progression([PointsLine(evil, (1.0, 2.0))], [1, 2], chart_id="b", title="x", desc=evil),
    ])
    assert "<b>" not in out
    assert out.count("&lt;b&gt;&#34;Smoke&#34; &amp; Mirrors&lt;/b&gt;") == 5


def test_a_bad_chart_id_is_refused() -> None:
    with pytest.raises(ValueError, match="must start with a letter"):
        finishing_positions(SEASON, chart_id='x" onload="', title="t")


def test_finishes_put_first_at_the_top_and_leave_a_gap_for_a_missed_round() -> None:
    chart = str(finishing_positions(SEASON, chart_id="fin", title="Finishes"))
    ys = {int(m[2]): float(m[1]) for m in re.finditer(r'cy="([0-9.]+)" r="[0-9.]+"><title>Round (\d)', chart)}
    assert ys[3] < ys[1] < ys[4]  # 1st above 3rd above 17th
    assert sorted(ys) == [1, 3, 4]  # no point for round 2
    lines = attr(chart, "path", "d")
    assert len([d for d in lines if d.startswith("M") and " L" in d]) == 1  # round 1 alone, then 3-4 joined
    assert chart.count('<rect class="missed"') == 1
    assert 'class="pt win"' in chart  # the win stands out
    desc = re.search(r"<desc[^>]*>(.*)</desc>", chart)
    assert desc is not None
    assert desc[1] == ("Finishing position in each round, 1st at the top. Round 1, Daytona: 3rd; "
                       "Round 2, Atlanta: did not race; Round 3, Dover: 1st; Round 4, Iowa: 17th.")


def test_finishes_scale_to_the_field_size() -> None:
    chart = str(finishing_positions(SEASON, chart_id="fin", title="t", field_size=40))
    assert re.findall(r'dominant-baseline="middle">(\d+)</text>', chart) == ["1", "10", "20", "30", "40"]


def test_career_bars_are_as_tall_as_their_numbers_and_say_them() -> None:
    chart = str(wins_and_top5s(CAREER, chart_id="c", title="Career"))
    heights = {(m[1], m[3]): float(m[2]) for m in
               re.finditer(r'<rect class="bar (wins|top5s)"[^>]*height="([0-9.]+)"[^>]*><title>(\d+)', chart)}
    assert heights[("top5s", "2021")] == pytest.approx(heights[("top5s", "2020")] * 14 / 9, abs=0.2)
    assert heights[("wins", "2021")] == pytest.approx(heights[("wins", "2020")] * 3, abs=0.2)
    assert heights[("wins", "2019")] == 0
    assert "2020: 1 win, 9 top 5s; 2021: 3 wins, 14 top 5s." in chart
    assert "Wins</li>" in chart and "Top 5s</li>" in chart


def test_a_season_not_raced_is_an_empty_slot_on_the_career_axis() -> None:
    chart = str(wins_and_top5s([SeasonTally(2010, 1, 2), SeasonTally(2013, 0, 3)], chart_id="c", title="t"))
    assert re.findall(r"<title>(\d+): ", chart) == ["2010", "2010", "2013", "2013"]
    assert re.findall(r'dominant-baseline="hanging">(\d{4})</text>', chart) == ["2010", "2011", "2012", "2013"]
    assert "Wins and top 5s in each season. 2010: 1 win, 2 top 5s; 2013: 0 wins, 3 top 5s." in chart


def test_progression_numbers_each_line_and_its_legend_entry() -> None:
    chart = str(points_progression(LINES, [1, 2, 3, 4, 5], chart_id="p", title="Points"))
    ends = re.findall(r'class="end s(\d+)"[^>]*>(\d+)</text>', chart)
    assert [(a, b) for a, b in ends] == [(str(k), str(k)) for k in range(1, 11)]
    assert re.findall(r'<span class="name">(\d+\. Driver \d+)</span>', chart)[:2] == ["1. Driver 1", "2. Driver 2"]
    assert len(set(attr(chart, "path", "stroke-dasharray"))) == 9  # ten styles: nine dashes and a solid line
    assert "After the last round: 1. Driver 1, 55 points; 2. Driver 2, 50 points;" in chart
    label_ys = sorted(float(y) for y in re.findall(r'<text x="[0-9.]+" y="([0-9.]+)" class="end', chart))
    assert all(b - a >= svgplot.LABEL_GAP - 0.1 for a, b in pairwise(label_ys))


def test_progression_goes_below_zero_for_a_penalty() -> None:
    chart = str(points_progression([PointsLine("A", (-25.0, -10.0, 30.0))], [1, 2, 3], chart_id="p", title="t"))
    labels = re.findall(r'dominant-baseline="middle">([^<]*)</text>', chart)
    assert labels[:5] == ["\u221240", "\u221220", "0", "20", "40"]
    ys = [float(y) for y in re.findall(r"[ML][0-9.]+ ([0-9.]+)", re.findall(r'class="line" d="([^"]*)"', chart)[0])]
    assert max(ys) <= 380 - 60 and ys[0] > ys[1] > ys[2]  # inside the plot, rising


def test_progression_refuses_more_than_ten_lines() -> None:
    with pytest.raises(ValueError, match="at most 10 lines, not 11"):
        points_progression([*LINES, LINES[0]], [1, 2, 3, 4, 5], chart_id="p", title="t")


def test_winners_by_start_draw_every_position_up_to_the_last_and_note_unknown_starts() -> None:
    chart = str(winners_by_start([StartBucket(1, 5), StartBucket(3, 2)], chart_id="s", title="t", unknown=1))
    assert re.findall(r"<title>(Started [^<]*)</title>", chart) == [
        "Started 1st: 5 wins", "Started 2nd: 0 wins", "Started 3rd: 2 wins"]
    assert '<p class="chart-note">1 win from an unknown starting position not shown.</p>' in chart
    assert "started 1st: 5 wins; started 3rd: 2 wins. 1 win from an unknown" in chart


def test_labels_are_thinned_for_phones_at_round_numbers() -> None:
    classes = svgplot.label_classes(list(range(1, 34)), wide=18, narrow=8)
    wide = [n for n, c in zip(range(1, 34), classes) if c in ("", "wide")]
    phone = [n for n, c in zip(range(1, 34), classes) if c in ("", "narrow")]
    assert wide == list(range(2, 34, 2))
    assert phone == [1, 5, 10, 15, 20, 25, 30]


def test_numbers_for_readers() -> None:
    assert [svgplot.count(v) for v in (1234, 12.5, -3, 0)] == ["1,234", "12.5", "\u22123", "0"]
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"]
    assert svgplot.ticks(1027, 5) == [0, 250, 500, 750, 1000, 1250]
    assert svgplot.num(-0.04) == "0" and svgplot.num(2.0) == "2" and svgplot.num(0.1 + 0.2) == "0.3"


@given(st.lists(st.floats(0, 300), min_size=1, max_size=10))
def test_end_labels_keep_their_order_and_room(ys: list[float]) -> None:
    placed = svgplot.spread(ys, 20, 0, 300)
    order = sorted(range(len(ys)), key=lambda i: (ys[i], i))
    assert [placed[i] for i in order] == sorted(placed)
    ordered = sorted(placed)
    assert all(b - a >= 20 - 1e-6 for a, b in pairwise(ordered))
    assert all(0 <= p <= 300 for p in placed)
