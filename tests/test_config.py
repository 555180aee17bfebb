"""config.py: site.yml's declared fields, series, points systems and the base URL."""

from __future__ import annotations

import pytest

from racesite.config import build_config
from racesite.content import parse_yaml
from racesite.errors import Problems

XFINITY = "series:\n  - {slug: xfinity, name: NASCAR Xfinity Series, short_name: Xfinity}\n"


def config(text: str, base_url: str | None = None):
    problems = Problems()
    node = parse_yaml(text, "content/site.yml", 1, problems)
    return build_config(node, "content/site.yml", problems, base_url), [p.format() for p in problems.items]


def test_a_minimal_config_gets_its_defaults():
    loaded, problems = config("title: Pit Road Report\n" + XFINITY)
    assert problems == []
    assert (loaded.title, loaded.base_url, loaded.base_path, loaded.language, loaded.latest) == (
        "Pit Road Report", "/", "/", "en", 10)
    [series] = loaded.series
    assert (series.slug, series.name, series.short_name) == ("xfinity", "NASCAR Xfinity Series", "Xfinity")


def test_short_name_defaults_to_the_name():
    loaded, _ = config("title: T\nseries:\n  - {slug: cup, name: NASCAR Cup Series}\n")
    assert loaded.series[0].short_name == "NASCAR Cup Series"


@pytest.mark.parametrize(("written", "cli", "base_url", "base_path"), [
    ("https://example.github.io/repo/", None, "https://example.github.io/repo/", "/repo/"),
    ("https://example.github.io/repo", None, "https://example.github.io/repo/", "/repo/"),
    ("https://racing.example.com", None, "https://racing.example.com/", "/"),
    ("/repo", None, "/repo/", "/repo/"),
    ("/", "https://example.github.io/repo/", "https://example.github.io/repo/", "/repo/"),
    ("/old/", "/new/", "/new/", "/new/"),
])
def test_base_url_and_the_path_links_live_under(written, cli, base_url, base_path):
    loaded, problems = config(f"title: T\nbase_url: {written}\n" + XFINITY, cli)
    assert problems == []
    assert (loaded.base_url, loaded.base_path) == (base_url, base_path)


def test_a_base_url_that_is_neither_url_nor_path():
    loaded, problems = config("title: T\nbase_url: repo/\n" + XFINITY)
    assert loaded is None
    assert problems == ["content/site.yml:2: base_url: 'repo/' is neither a URL nor a path "
                        "(use e.g. https://user.github.io/repo/ or /repo/)"]


def test_a_bad_base_url_from_the_command_line_is_not_blamed_on_site_yml():
    loaded, problems = config("title: T\n" + XFINITY, "repo/")
    assert loaded is None
    assert problems == ["--base-url: 'repo/' is neither a URL nor a path "
                        "(use e.g. https://user.github.io/repo/ or /repo/)"]


def test_unknown_keys_are_rejected_with_a_suggestion():
    _, problems = config("title: T\ndescripton: Recaps\n" + XFINITY)
    assert problems == ["content/site.yml:2: descripton: unknown field (did you mean 'description'?)"]


def test_required_fields():
    loaded, problems = config("language: en\n")
    assert loaded is None
    assert problems == [
        "content/site.yml:1: title: is required (Site title, shown in every page's header.)",
        "content/site.yml:1: series: is required (The series the site covers (see *Series*).)",
    ]


def test_config_must_be_a_mapping():
    loaded, problems = config("- title\n")
    assert loaded is None
    assert problems == ["content/site.yml:1: must be a 'key: value' mapping, got a list"]


@pytest.mark.parametrize(("series", "expected"), [
    ("series: []\n", ["content/site.yml:2: series: must list at least one series "
                      "(e.g. - {slug: xfinity, name: NASCAR Xfinity Series, short_name: Xfinity})"]),
    ("series: xfinity\n", ["content/site.yml:2: series: must list at least one series "
                           "(e.g. - {slug: xfinity, name: NASCAR Xfinity Series, short_name: Xfinity})"]),
    ("series:\n  - {slug: Xfinity Series, name: X}\n",
     ["content/site.yml:3: series[1].slug: 'Xfinity Series' is not a slug (use 'xfinity-series')"]),
    ("series:\n  - {slug: cup, name: C}\n  - {slug: cup, name: D}\n",
     ["content/site.yml:4: series[2].slug: 'cup' is listed twice"]),
    ("series:\n  - {slug: cup}\n",
     ["content/site.yml:3: series[1].name: is required (Full name, e.g. `NASCAR Xfinity Series`.)"]),
])
def test_series_problems(series, expected):
    _, problems = config("title: T\n" + series)
    assert problems == expected


def test_points_systems():
    loaded, problems = config("title: T\n" + XFINITY + "points:\n"
                              "  - {series: xfinity, from: 2016, to: 2019, positions: [40, 35, 34], pole: 1}\n"
                              "  - {series: xfinity, from: 2020, positions: [40, 35], stage: [10, 9]}\n")
    assert problems == []
    old, new = loaded.points
    assert old.covers(2019) and not old.covers(2020)
    assert new.covers(2024) and not new.covers(2019)
    assert (new.positions, new.stage, old.pole) == ((40, 35), (10, 9), 1)


def test_points_systems_that_overlap_or_name_an_unknown_series():
    _, problems = config("title: T\n" + XFINITY + "points:\n"
                         "  - {series: xfinity, from: 2016, positions: [40]}\n"
                         "  - {series: xfinity, from: 2020, to: 2021, positions: [40]}\n"
                         "  - {series: cup, from: 2020, positions: [40]}\n")
    assert problems == [
        "content/site.yml:6: points[2]: overlaps another xfinity points system from 2016",
        "content/site.yml:7: points[3].series: unknown series 'cup' (one of: xfinity)",
    ]
